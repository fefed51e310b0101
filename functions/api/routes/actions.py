"""Officers' actions on a dossier: decision after review, classification correction,
supplement request, supplement at the counter, processing, result, delivery, withdrawal,
apology. Each answers the record as the action left it."""

import base64
from datetime import datetime
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.services import BadRequest, officer, restart, review
from hoso_aws import bootstrap

from .common import officer as acting
from .lookup import dossier_for
from .models import (
    ApologyBody,
    ClassificationBody,
    CounterSupplementBody,
    DecisionBody,
    EmptyBody,
    ReprocessBody,
    SupplementRequestBody,
    WithdrawalBody,
)

router = APIGatewayRouter()

DossierId = Annotated[str, Path(description="The dossier's id")]
STATE = "409 when the dossier's status does not allow it."


def who(dossier_id: str) -> str:
    """The acting officer's id, once the dossier is known (404) and theirs (403)."""
    dossier_for(router, dossier_id)
    return acting(router).id


@router.post(
    "/dossiers/<dossier_id>/decision",
    summary="Decide a dossier in review",
    description="Accept it, or request a supplement listing every missing item. " + STATE,
    tags=["actions"],
)
def decide(dossier_id: DossierId, body: Annotated[DecisionBody, Body()]) -> dict[str, Any]:
    return officer.decide(
        bootstrap.services(),
        dossier_id,
        actor=who(dossier_id),
        status=body.status,
        missing=[m.model_dump(exclude_none=True) for m in body.missing],
        note=body.note,
    ).to_dict()


@router.post(
    "/dossiers/<dossier_id>/classification",
    summary="Correct pages' paper types",
    description=(
        "The officer says what paper some pages are; hoso judges the dossier again from its "
        "stored reading (from needs_review to the new decision). " + STATE
    ),
    tags=["actions"],
)
def classify(dossier_id: DossierId, body: Annotated[ClassificationBody, Body()]) -> dict[str, Any]:
    return review.correct_classification(
        bootstrap.services(),
        dossier_id,
        actor=who(dossier_id),
        pages=[p.model_dump() for p in body.pages],
    ).to_dict()


@router.post(
    "/dossiers/<dossier_id>/supplement-request",
    summary="Send the supplement request from review",
    description="With the items as confirmed or edited. " + STATE,
    tags=["actions"],
)
def request_supplement(
    dossier_id: DossierId, body: Annotated[SupplementRequestBody, Body()]
) -> dict[str, Any]:
    return review.request_supplement(
        bootstrap.services(),
        dossier_id,
        actor=who(dossier_id),
        missing=[m.model_dump(exclude_none=True) for m in body.missing],
        note=body.note,
    ).to_dict()


@router.post(
    "/dossiers/<dossier_id>/supplement-request/preview",
    summary="Preview the supplement request",
    description=(
        "The PDF the request would be with these items, base64 in `pdf` (nothing is stored "
        "or sent). " + STATE
    ),
    tags=["actions"],
)
def preview_supplement_request(
    dossier_id: DossierId, body: Annotated[SupplementRequestBody, Body()]
) -> dict[str, Any]:
    dossier_for(router, dossier_id)
    pdf = review.preview_supplement_request(
        bootstrap.services(),
        dossier_id,
        missing=[m.model_dump(exclude_none=True) for m in body.missing],
        note=body.note,
    )
    return {"media_type": "application/pdf", "pdf": base64.b64encode(pdf).decode()}


@router.post(
    "/dossiers/<dossier_id>/counter-supplement",
    summary="Record a supplement handed in at the counter",
    description=(
        "For a dossier awaiting a supplement: complete, it is received (receipt, processing "
        "time per the procedure); not complete, an officer reviews it. " + STATE
    ),
    tags=["actions"],
)
def counter_supplement(
    dossier_id: DossierId, body: Annotated[CounterSupplementBody, Body()]
) -> dict[str, Any]:
    missing = body.missing or []
    return review.counter_supplement(
        bootstrap.services(),
        dossier_id,
        actor=who(dossier_id),
        complete=body.complete,
        note=body.note,
        missing=[m.model_dump(exclude_none=True) for m in missing],
    ).to_dict()


@router.post(
    "/dossiers/<dossier_id>/processing",
    summary="The agency starts processing",
    description=STATE,
    tags=["actions"],
)
def start_processing(
    dossier_id: DossierId, body: Annotated[EmptyBody | None, Body()] = None
) -> dict[str, Any]:
    actor = who(dossier_id)
    return officer.start_processing(bootstrap.services(), dossier_id, actor=actor).to_dict()


@router.post(
    "/dossiers/<dossier_id>/result",
    summary="The result is ready",
    description=STATE,
    tags=["actions"],
)
def result_ready(
    dossier_id: DossierId, body: Annotated[EmptyBody | None, Body()] = None
) -> dict[str, Any]:
    actor = who(dossier_id)
    return officer.result_ready(bootstrap.services(), dossier_id, actor=actor).to_dict()


@router.post(
    "/dossiers/<dossier_id>/delivery",
    summary="The result is delivered",
    description=STATE,
    tags=["actions"],
)
def deliver(
    dossier_id: DossierId, body: Annotated[EmptyBody | None, Body()] = None
) -> dict[str, Any]:
    actor = who(dossier_id)
    return officer.deliver(bootstrap.services(), dossier_id, actor=actor).to_dict()


@router.post(
    "/dossiers/<dossier_id>/withdrawal",
    summary="The applicant withdraws the dossier",
    description=STATE,
    tags=["actions"],
)
def withdraw(dossier_id: DossierId, body: Annotated[WithdrawalBody, Body()]) -> dict[str, Any]:
    return officer.withdraw(
        bootstrap.services(), dossier_id, actor=who(dossier_id), reason=body.reason
    ).to_dict()


@router.post(
    "/dossiers/<dossier_id>/reprocess",
    summary="Start a failed dossier's reading again",
    description=(
        "A dossier that failed in a stage (its reading, understanding or decision; or it "
        "stalled twice) is read again from its files: a new run. " + STATE
    ),
    tags=["actions"],
)
def reprocess(dossier_id: DossierId, body: Annotated[ReprocessBody, Body()]) -> dict[str, Any]:
    return restart.reprocess(
        bootstrap.services(), dossier_id, actor=who(dossier_id), note=body.note
    ).to_dict()


@router.post(
    "/dossiers/<dossier_id>/apology",
    summary="Issue an apology letter with a new appointment",
    description="Once per dossier; the new date after the appointment. " + STATE,
    tags=["actions"],
)
def apologise(dossier_id: DossierId, body: Annotated[ApologyBody, Body()]) -> dict[str, Any]:
    try:
        new_due = datetime.fromisoformat(body.new_due_at.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadRequest("new_due_at", "not an ISO 8601 date-time") from exc
    if new_due.tzinfo is None:
        raise BadRequest("new_due_at", "the date-time needs a time-zone offset")
    return officer.apologise(
        bootstrap.services(),
        dossier_id,
        actor=who(dossier_id),
        reason=body.reason,
        new_due_at=new_due,
    ).to_dict()
