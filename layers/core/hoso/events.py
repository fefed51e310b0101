"""Events published on the bus for every state change (the outbox's payload).

Each audit entry carries the event it causes, built here when the state change is written, so
the record, its audit trail and its events cannot diverge: the outbox relay publishes exactly
the events the audit trail holds. Events carry no raw personal data: ID numbers are masked and
names are left out. Schemas: ``schemas/events/<DetailType>.v1.schema.json``.
"""

from __future__ import annotations

from typing import Any

from hoso.resources import schema_errors
from hoso.status import Action
from hoso.status import DossierStatus as S
from hoso.text import mask_id

SOURCE = "hoso.dossiers"
SCHEMA_VERSION = "1"

# (action, to_status) -> detail-type. The action wins when listed; otherwise the new status.
BY_ACTION: dict[str, str] = {
    Action.SUPPLEMENT_RECEIVED: "SupplementReceived",
    Action.OVERDUE: "DossierOverdue",
    Action.APOLOGY_ISSUED: "ApologyIssued",
}
BY_STATUS: dict[str, str] = {
    S.UPLOADING: "DossierUploadStarted",
    S.PROCESSING: "DossierReceived",
    S.RECEIVED: "DossierAccepted",
    S.SUPPLEMENT_REQUESTED: "SupplementRequested",
    S.NEEDS_REVIEW: "ReviewRequested",
    S.FAILED: "ProcessingFailed",
    S.IN_PROGRESS: "ProcessingStarted",
    S.RESULT_READY: "ResultReady",
    S.DELIVERED: "ResultDelivered",
    S.WITHDRAWN: "DossierWithdrawn",
}
DETAIL_TYPES = sorted(set(BY_ACTION.values()) | set(BY_STATUS.values()))


def detail_type(action: str, to_status: str) -> str:
    return BY_ACTION.get(action) or BY_STATUS[to_status]


def build(record: dict[str, Any], audit: dict[str, Any]) -> dict[str, Any]:
    """The event for one audit entry: ``{"detail_type": ..., "detail": {...}}``."""
    dtype = detail_type(audit["action"], audit["to_status"])
    applicant = record.get("applicant") or {}
    detail: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "idempotency_key": audit["id"],
        "dossier_id": record["dossier_id"],
        "dossier_code": record.get("dossier_code"),
        "procedure_code": record.get("procedure_code"),
        "procedure_name": record.get("procedure_name"),
        "agency": record.get("agency"),
        "status": audit["to_status"],
        "from_status": audit.get("from_status"),
        "occurred_at": audit["at"],
        "actor": audit["actor"],
        "channel": record.get("channel"),
        "received_at": record.get("received_at"),
        "due_at": record.get("due_at"),
        "applicant_id_masked": mask_id(applicant.get("id_number")),
        "links": {
            "record": f"hoso://dossiers/{record['dossier_id']}",
            "documents": dict(record.get("documents") or {}),
        },
    }
    if dtype == "SupplementRequested":
        detail["missing_components"] = [
            {"name": m.get("name"), "reason": m.get("reason")}
            for m in record.get("missing_components") or []
        ]
    if dtype in ("ProcessingFailed", "ApologyIssued", "DossierOverdue", "DossierWithdrawn"):
        detail["reason"] = audit.get("note")
    if dtype == "ApologyIssued":
        detail["new_due_at"] = record.get("new_due_at")
    return {"detail_type": dtype, "detail": detail}


def validate(event: dict[str, Any]) -> list[str]:
    return schema_errors(f"events/{event['detail_type']}.v1.schema.json", event["detail"])
