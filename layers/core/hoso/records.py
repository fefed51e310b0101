"""Building dossier records (schemas/records/dossier.schema.json) and their audit entries."""

from __future__ import annotations

import copy
import hashlib
import uuid
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from hoso.resources import schema_errors

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
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
        "id": uuid.uuid4().hex,
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


OPEN_FOR_DUE = ("received", "in_progress")


def index_keys(record: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Secondary-index keys of a record (sparse: only those that apply). Keys hold no raw
    personal data: the applicant's ID number is hashed."""
    keys = {
        "gsi1": (f"STATUS#{record['status']}", record["updated_at"]),
        "gsi5": (f"RECEIVED#{local_day(record['received_at'])}", record["received_at"]),
    }
    if record.get("agency"):
        keys["gsi2"] = (f"AGENCY#{record['agency']}#{record['status']}", record["updated_at"])
    due = record.get("new_due_at") or record.get("due_at")
    if due and record["status"] in OPEN_FOR_DUE:
        keys["gsi3"] = (f"DUE#{due[:7]}", due)
    id_number = (record.get("applicant") or {}).get("id_number")
    if id_number:
        keys["gsi4"] = (f"APPLICANT#{applicant_key(id_number)}", record["received_at"])
    return keys


def applicant_key(id_number: str) -> str:
    return hashlib.sha256(f"hoso-applicant:{id_number}".encode()).hexdigest()[:32]


def vn_today() -> date:
    """Today in Vietnam (servers and Lambda run on UTC, 7 hours behind)."""
    return datetime.now(VN_TZ).date()


def local_day(iso_ts: str) -> str:
    dt = datetime.fromisoformat(iso_ts.replace("Z", "+00:00"))
    return dt.astimezone(VN_TZ).date().isoformat()
