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
    Action.SUPPLEMENT_REFUSED: "SupplementRefused",
    Action.DUE_SOON: "DossierDueSoon",
    Action.PROCESSING_RESTARTED: "ProcessingRestarted",
    Action.REPROCESSED: "ProcessingRestarted",
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
    S.CLOSED: "DossierClosed",
}
# The notice each event's change issues (the newest document of that kind).
NOTICES: dict[str, str] = {
    "SupplementRequested": "supplement-request",
    "DossierAccepted": "receipt",
    "ApologyIssued": "apology",
    "DossierClosed": "closure",
}
WITH_REASON = (
    "ProcessingFailed",
    "ProcessingRestarted",
    "ApologyIssued",
    "DossierOverdue",
    "DossierWithdrawn",
    "DossierClosed",
    "SupplementRefused",
)
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
        detail["request_number"] = int(record.get("supplement_requests") or 1)
    if dtype in ("SupplementRequested", "DossierClosed"):
        detail["supplement_due_at"] = record.get("supplement_due_at")
    if dtype in WITH_REASON:
        detail["reason"] = audit.get("note")
    if dtype == "ApologyIssued":
        detail["new_due_at"] = record.get("new_due_at")
    if dtype == "DossierOverdue":
        detail["missed_due_at"] = (
            record.get("new_due_at") if record.get("new_due_overdue_at") else record.get("due_at")
        )
    if dtype == "DossierDueSoon":
        detail["due_at"] = record.get("due_soon_for") or detail["due_at"]
    if dtype in NOTICES:
        detail["notice"] = latest_document(record.get("documents") or {}, NOTICES[dtype])
    return {"detail_type": dtype, "detail": detail}


def latest_document(documents: dict[str, Any], kind: str) -> str | None:
    """The newest document of a kind: notices are never overwritten, a later one of the same
    kind is named ``<kind>-2``, ``<kind>-3``..."""
    numbered = [(1, kind)] if kind in documents else []
    prefix = kind + "-"
    for name in documents:
        tail = name[len(prefix) :] if name.startswith(prefix) else ""
        if tail.isdigit():
            numbered.append((int(tail), name))
    return max(numbered)[1] if numbered else None


def next_document_name(documents: dict[str, Any], kind: str) -> str:
    """The name of a new document of a kind, next to those already issued."""
    latest = latest_document(documents, kind)
    if latest is None:
        return kind
    number = 1 if latest == kind else int(latest[len(kind) + 1 :])
    return f"{kind}-{number + 1}"


def validate(event: dict[str, Any]) -> list[str]:
    return schema_errors(f"events/{event['detail_type']}.v1.schema.json", event["detail"])
