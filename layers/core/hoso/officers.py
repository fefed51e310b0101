"""Who acts: an officer (or an agency system) and the dossiers they may see and act on.

An officer of an agency sees and acts on that agency's dossiers, and on those of the agencies
whose shared counter they staff (merged counters); the centre's staff see all. The directory
that says who a principal is (an officers table on AWS, a file locally) lives behind a port;
this module holds the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hoso.dossier import Dossier

ROLES = ("agency", "centre", "system")


@dataclass(frozen=True)
class Officer:
    id: str  # stable username, written in the audit trail as the actor
    name: str = ""
    role: str = "agency"  # agency officer, centre staff (sees all), or an agency's system
    agencies: frozenset[str] = field(default_factory=frozenset)  # agency codes it works for

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
