"""The dossier record as a typed object: what the services take and return.

The wire contract stays ``schemas/records/dossier.schema.json``: :meth:`Dossier.to_dict` gives
exactly that JSON object and :meth:`Dossier.from_dict` reads it back (fields the schema does not
name, written by a newer version, are kept in ``extra`` and written back unchanged).
Sub-objects (files, pages, components, applicant...) stay JSON objects: their shapes are the
schema's, and the core reads them by name.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from hoso.resources import schema_errors
from hoso.status import DossierStatus

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SCHEMA = "records/dossier.schema.json"
SCHEMA_VERSION = "1"

Json = dict[str, Any]

# Written only once they have a value (the schema's optional properties).
_OPTIONAL = (
    "revision",
    "result_at",
    "delivered_at",
    "supplement_requested_at",
    "apology_at",
    "new_due_at",
    "overdue_at",
    "withdrawn_at",
    "last_error",
    "supplements",
    "counting_from",
    "decided_by",
    "supplement_due_at",
    "supplement_requests",
    "supplement_received_at",
    "closed_at",
    "new_due_overdue_at",
    "due_soon_for",
    "runs",
    "restarts",
    "agency_name",
    "counter",
)


def iso(dt: datetime) -> str:
    """A timestamp as the records write it: UTC, milliseconds, ``Z``."""
    return dt.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def local_date(dt: datetime) -> date:
    """The day in Vietnam (servers and Lambda run on UTC, 7 hours behind)."""
    return dt.astimezone(VN_TZ).date()


def vn_today() -> date:
    return datetime.now(VN_TZ).date()


def error(code: str, reason: str, **where: Any) -> Json:
    """An entry of the record's ``errors``: a code, a readable reason and where it happened."""
    return {"code": code, "reason": reason, **where}


@dataclass
class Dossier:
    dossier_id: str
    status: DossierStatus
    received_at: str
    updated_at: str
    schema_version: str = SCHEMA_VERSION
    dossier_code: str | None = None
    procedure_code: str | None = None
    procedure_name: str | None = None
    procedure_version: str | None = None
    agency: str | None = None  # the handling agency's code (schemas/agencies/)
    agency_name: str | None = None
    counter: str | None = None  # the reception counter that received it
    channel: str | None = None
    station_id: str | None = None
    received_by: str | None = None
    due_at: str | None = None
    files: list[Json] = field(default_factory=list)
    pages: list[Json] = field(default_factory=list)
    components: list[Json] = field(default_factory=list)
    missing_components: list[Json] = field(default_factory=list)
    applicant: Json = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)
    errors: list[Json] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    revision: int | None = None
    result_at: str | None = None
    delivered_at: str | None = None
    supplement_requested_at: str | None = None
    apology_at: str | None = None
    new_due_at: str | None = None
    overdue_at: str | None = None
    withdrawn_at: str | None = None
    last_error: Json | None = None
    supplements: int | None = None
    counting_from: str | None = None
    decided_by: str | None = None
    supplement_due_at: str | None = None
    supplement_requests: int | None = None
    supplement_received_at: str | None = None
    closed_at: str | None = None
    new_due_overdue_at: str | None = None
    due_soon_for: str | None = None
    runs: int | None = None
    restarts: int | None = None
    extra: Json = field(default_factory=dict)
    # optional fields read as an explicit null: written back as null
    nulls: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    # ------------------------------------------------------------------ construction
    @classmethod
    def new(
        cls, dossier_id: str, *, now: datetime, status: DossierStatus, **values: Any
    ) -> Dossier:
        stamp = iso(now)
        return cls(dossier_id=dossier_id, status=status, received_at=stamp, updated_at=stamp).but(
            **values
        )

    def but(self, **changes: Any) -> Dossier:
        """A deep copy with ``changes`` (the record's own fields only)."""
        return replace(copy.deepcopy(self), **changes)

    def evolve(self, *, now: datetime, **changes: Any) -> Dossier:
        """A deep copy with ``changes``, updated now."""
        return self.but(**changes, updated_at=iso(now))

    # ------------------------------------------------------------------ wire format
    @classmethod
    def from_dict(cls, data: Json) -> Dossier:
        names = {f.name for f in fields(cls)} - {"extra", "nulls"}
        known = {k: copy.deepcopy(v) for k, v in data.items() if k in names}
        known["status"] = DossierStatus(known["status"])
        extra = {k: copy.deepcopy(v) for k, v in data.items() if k not in names}
        nulls = frozenset(k for k in _OPTIONAL if k in data and data[k] is None)
        return cls(**known, extra=extra, nulls=nulls)

    def to_dict(self) -> Json:
        out: Json = {}
        for f in fields(self):
            if f.name in ("extra", "nulls"):
                continue
            value = getattr(self, f.name)
            if f.name in _OPTIONAL and value is None and f.name not in self.nulls:
                continue
            out[f.name] = str(value) if f.name == "status" else copy.deepcopy(value)
        out.update(copy.deepcopy(self.extra))
        return out

    def problems(self) -> list[str]:
        """Where the record breaks its JSON Schema (empty when it does not)."""
        return schema_errors(SCHEMA, self.to_dict())

    # ------------------------------------------------------------------ reading
    @property
    def applicant_id(self) -> str | None:
        value = (self.applicant or {}).get("id_number")
        return str(value) if value else None

    @property
    def effective_due_at(self) -> str | None:
        """The appointment in force: the one an apology moved it to, else the first."""
        return self.new_due_at or self.due_at

    @property
    def received_day(self) -> date:
        return local_date(parse_time(self.received_at))

    @property
    def supplement_round(self) -> int:
        """How many supplements the dossier has taken in (0: none)."""
        return int(self.supplements or 0)

    @property
    def clock_start(self) -> datetime:
        """Where the processing time counts from (a supplement may restart it)."""
        return parse_time(self.counting_from or self.received_at)
