"""Who acts: an officer (or an agency system) and the dossiers they may see and act on.

An officer of an agency sees and acts on that agency's dossiers, and on those of the agencies
whose shared counter they staff (merged counters); the centre's staff see all. The directory
that says who a principal is (an officers table on AWS, a file locally) lives behind a port;
this module holds the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from hoso.dossier import Dossier

ROLES = ("agency", "centre", "system")
# The local runtime signs each officer in as this IAM user (as API Gateway's IAM auth would
# name them): ``LOCAL_PRINCIPAL.format(account=..., id=...)``.
LOCAL_PRINCIPAL = "arn:aws:iam::{account}:user/hoso-local/{id}"


def local_principal(officer_id: str, account: str = "123456789012") -> str:
    """The principal the local runtime gives the officer ``officer_id``."""
    return LOCAL_PRINCIPAL.format(account=account, id=officer_id)


def principal_keys(principal: str) -> list[str]:
    """The officers-table keys to look a principal up by, most specific first. An assumed
    role signs as ``arn:aws:sts::<account>:assumed-role/<role>/<session>``: first that session
    (one officer signed in through SSO), then the role itself, as
    ``arn:aws:iam::<account>:role/<role>`` (an agency system's role)."""
    keys = [principal]
    parts = principal.split(":", 5)
    if len(parts) == 6 and parts[2] == "sts" and parts[5].startswith("assumed-role/"):
        role = parts[5].split("/")[1]
        keys.append(f"arn:aws:iam::{parts[4]}:role/{role}")
    return keys


@dataclass(frozen=True)
class Officer:
    id: str  # stable username, written in the audit trail as the actor
    name: str = ""
    role: str = "agency"  # agency officer, centre staff (sees all), or an agency's system
    agencies: frozenset[str] = field(default_factory=frozenset)  # agency codes it works for
    counters: frozenset[str] = field(default_factory=frozenset)  # shared counters it staffs

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"officer '{self.id}': role '{self.role}' is not one of {ROLES}")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Officer:
        return cls(
            id=str(d["id"]),
            name=str(d.get("name") or ""),
            role=str(d.get("role") or "agency"),
            agencies=frozenset(str(a) for a in d.get("agencies") or ()),
            counters=frozenset(str(c) for c in d.get("counters") or ()),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "agencies": sorted(self.agencies),
            "counters": sorted(self.counters),
        }

    def staffing(self, receives_for: Mapping[str, Iterable[str]]) -> Officer:
        """The officer with the agencies of the counters they staff (merged counters: each
        dossier still belongs to its agency; whoever staffs the shared counter works on the
        dossiers of every agency it receives for). ``receives_for``: counter id → agency
        codes, as in force today (``hoso.agencies``)."""
        extra = {a for c in self.counters for a in receives_for.get(c, ())}
        return replace(self, agencies=self.agencies | frozenset(extra)) if extra else self

    @property
    def may_act(self) -> bool:
        """Agency systems read; officers and centre staff act."""
        return self.role != "system"

    @property
    def sees_all(self) -> bool:
        return self.role == "centre"

    def may_access(self, dossier: Dossier) -> bool:
        """May this officer see and act on the dossier?"""
        return self.sees_all or (dossier.agency is not None and dossier.agency in self.agencies)

    def visible_agencies(self, requested: str | None) -> list[str] | None:
        """The agencies a work-list query may cover (None: all). A request for an agency the
        officer does not work for covers nothing."""
        if self.sees_all:
            return [requested] if requested else None
        if requested:
            return [requested] if requested in self.agencies else []
        return sorted(self.agencies)


class OfficerDirectory(Protocol):
    """Who a signed-in principal is (port): an IAM user or role ARN, or ``cognito:<sub>``,
    mapped to an officer through data (the officers table on AWS, loaded from
    ``officers.json`` locally). None: authenticated, but no officer of hoso."""

    def for_principal(self, principal: str) -> Officer | None: ...
