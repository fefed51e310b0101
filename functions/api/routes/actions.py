"""Officers' actions on a dossier: decision after review, processing, result, delivery,
withdrawal, apology. Each answers the record as the action left it."""

from datetime import datetime
from typing import Any

from aws_lambda_powertools.event_handler.exceptions import BadRequestError
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.services import officer, queries
from hoso_aws import bootstrap

from .common import body, check_access
from .common import officer as who_acts

router = APIGatewayRouter()


def acting_on(dossier_id: str) -> str:
    """Who acts on the dossier: 401/403 unless the signed-in officer may."""
    found = queries.dossier(bootstrap.services(), dossier_id)
    if found is not None:
        check_access(router, found)
    return who_acts(router).id


@router.post("/dossiers/<dossier_id>/decision")
def decide(dossier_id: str) -> dict[str, Any]:
    b = body(router)
    return officer.decide(
        bootstrap.services(),
        dossier_id,
        actor=acting_on(dossier_id),
        status=b.get("status", ""),
        missing=b.get("missing"),
        note=b.get("note"),
    ).to_dict()


@router.post("/dossiers/<dossier_id>/processing")
def start_processing(dossier_id: str) -> dict[str, Any]:
    who = acting_on(dossier_id)
    return officer.start_processing(bootstrap.services(), dossier_id, actor=who).to_dict()


@router.post("/dossiers/<dossier_id>/result")
def result_ready(dossier_id: str) -> dict[str, Any]:
    who = acting_on(dossier_id)
    return officer.result_ready(bootstrap.services(), dossier_id, actor=who).to_dict()


@router.post("/dossiers/<dossier_id>/delivery")
def deliver(dossier_id: str) -> dict[str, Any]:
    who = acting_on(dossier_id)
    return officer.deliver(bootstrap.services(), dossier_id, actor=who).to_dict()


@router.post("/dossiers/<dossier_id>/withdrawal")
def withdraw(dossier_id: str) -> dict[str, Any]:
    b = body(router)
    return officer.withdraw(
        bootstrap.services(), dossier_id, actor=acting_on(dossier_id), reason=b.get("reason") or ""
    ).to_dict()


@router.post("/dossiers/<dossier_id>/apology")
def apologise(dossier_id: str) -> dict[str, Any]:
    b = body(router)
    try:
        new_due = datetime.fromisoformat(str(b["new_due_at"]).replace("Z", "+00:00"))
    except (KeyError, ValueError) as exc:
        raise BadRequestError("new_due_at (ISO 8601 date-time with offset) is required") from exc
    if new_due.tzinfo is None:
        raise BadRequestError("new_due_at needs a time-zone offset")
    return officer.apologise(
        bootstrap.services(),
        dossier_id,
        actor=acting_on(dossier_id),
        reason=b.get("reason") or "",
        new_due_at=new_due,
    ).to_dict()
