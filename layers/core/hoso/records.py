"""Building dossier records (schemas/records/dossier.schema.json) and their audit entries."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from hoso.resources import schema_errors

SCHEMA = "records/dossier.schema.json"
SCHEMA_VERSION = "1"

NON_TERMINAL = ("uploading", "processing")
TERMINAL = ("received", "supplement_requested", "needs_review", "failed")


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_record(dossier_id: str, *, now: datetime, status: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "dossier_id": dossier_id,
        "dossier_code": None,
        "procedure_code": None,
        "procedure_name": None,
        "procedure_version": None,
        "agency": None,
        "status": status,
        "channel": None,
        "station_id": None,
        "received_by": None,
        "received_at": iso(now),
        "updated_at": iso(now),
        "due_at": None,
        "files": [],
        "pages": [],
        "components": [],
        "missing_components": [],
        "applicant": {},
        "documents": {},
        "errors": [],
        "warnings": [],
    }
    record.update(fields)
    return record


def evolve(record: dict[str, Any], *, now: datetime, **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(record)
    out.update(changes)
    out["updated_at"] = iso(now)
    return out


def audit_entry(
    *,
    now: datetime,
    actor: str,
    action: str,
    from_status: str | None,
    to_status: str,
    note: str | None = None,
) -> dict[str, Any]:
    return {
        "at": iso(now),
        "actor": actor,
        "action": action,
        "from_status": from_status,
        "to_status": to_status,
        "note": note,
    }


def error(code: str, reason: str, **where: Any) -> dict[str, Any]:
    return {"code": code, "reason": reason, **where}


def validate(record: dict[str, Any]) -> list[str]:
    return schema_errors(SCHEMA, record)
