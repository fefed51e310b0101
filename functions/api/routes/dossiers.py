"""Reading dossiers: the work list (filters, pages), one record, its audit trail, its
documents (short-lived download links)."""

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.dossier import VN_TZ
from hoso.ports import WorkFilter
from hoso.services import BadRequest, queries
from hoso.status import DossierStatus
from hoso_aws import bootstrap

from .common import many, visible_agencies
from .lookup import dossier_for
from .models import DossierSearchBody

router = APIGatewayRouter()

DossierId = Annotated[str, Path(description="The dossier's id (as the station gave it)")]
WHEN = "ISO 8601 date (a day in Vietnam) or date-time (without an offset: Vietnam time)"


def instant(field: str, value: str | None, *, end_of_day: bool = False) -> datetime | None:
    """A query's date or date-time as an instant; a date is the start of that day in Vietnam
    (``end_of_day``: the start of the next, for an inclusive end)."""
    if not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value) + timedelta(days=1 if end_of_day else 0)
            return datetime.combine(day, time(), VN_TZ)
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadRequest(field, f"not an ISO 8601 date or date-time: {WHEN}") from exc
    return at if at.tzinfo else at.replace(tzinfo=VN_TZ)


@router.get(
    "/dossiers",
    summary="The work list",
    description=(
        "Dossiers the officer may see, filtered, a page at a time: follow `next_cursor` "
        "(null on the last page). Dates and times: " + WHEN + ". `due_before` is exclusive; "
        "`received_to` as a date includes that whole day."
    ),
    tags=["dossiers"],
)
def list_dossiers(
    status: Annotated[
        DossierStatus | None, Query(description="Only dossiers in this status")
    ] = None,
    agency: Annotated[str | None, Query(description="Only this handling agency's (code)")] = None,
    procedure: Annotated[str | None, Query(description="Only this procedure's (code)")] = None,
    due_before: Annotated[str | None, Query(description="Appointment in force before this")] = None,
    due_after: Annotated[
        str | None, Query(description="Appointment in force at or after this")
    ] = None,
    received_from: Annotated[str | None, Query(description="Received at or after this")] = None,
    received_to: Annotated[
        str | None, Query(description="Received up to this (a date: that whole day)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Page size")] = 50,
    cursor: Annotated[str | None, Query(description="The previous page's next_cursor")] = None,
    order: Annotated[
        Literal["changed", "due"],
        Query(
            description="changed: by status, then last change; due: earliest appointment "
            "first (overdue and due soon lead), then those without one, oldest first"
        ),
    ] = "changed",
) -> dict[str, Any]:
    seen = visible_agencies(router, agency)
    filters = WorkFilter(
        status=status,
        agencies=None if seen is None else tuple(seen),
        procedure=procedure,
        due_before=instant("due_before", due_before),
        due_after=instant("due_after", due_after),
        received_from=instant("received_from", received_from),
        received_to=instant("received_to", received_to, end_of_day=True),
    )
    page, nxt = queries.work_list(
        bootstrap.services(), filters, limit=limit, cursor=cursor, order=order
    )
    return {"dossiers": [d.to_dict() for d in page], "next_cursor": nxt}


@router.post(
    "/dossiers/search",
    summary="Find dossiers",
    description=(
        "By an applicant's ID number, a dossier id or code (whole or part) or the applicant's "
        "name (part of it, with or without diacritics): the newest first, at most 50, of the "
        "officer's agencies. A POST, so that what is looked for stays out of URLs and logs."
    ),
    tags=["dossiers"],
)
def search_dossiers(body: Annotated[DossierSearchBody, Body()]) -> dict[str, Any]:
    seen = visible_agencies(router, body.agency)
    return many(queries.find(bootstrap.services(), body.text, seen))


@router.get(
    "/dossiers/<dossier_id>",
    summary="A dossier's record",
    description="The record, as `schemas/records/dossier.schema.json` describes it.",
    tags=["dossiers"],
)
def get_dossier(dossier_id: DossierId) -> dict[str, Any]:
    return dossier_for(router, dossier_id).to_dict()


@router.get(
    "/dossiers/<dossier_id>/audit",
    summary="A dossier's audit trail",
    description="Every state change: who, what, when, from and to which status, the note.",
    tags=["dossiers"],
)
def get_audit(dossier_id: DossierId) -> dict[str, Any]:
    dossier_for(router, dossier_id)
    return {
        "dossier_id": dossier_id,
        "audit": queries.audit_trail(bootstrap.services(), dossier_id),
    }


@router.get(
    "/dossiers/<dossier_id>/documents/<name>",
    summary="A link to one of a dossier's documents",
    description=(
        "A presigned download link (15 minutes) to a document of the record's `documents` "
        "(receipt, supplement-request, supplement-request-2, apology, closure...) or to the "
        "control sheet (`control-sheet`, rendered from the audit trail on request)."
    ),
    tags=["dossiers"],
)
def get_document(
    dossier_id: DossierId,
    name: Annotated[str, Path(description="A key of the record's documents, or control-sheet")],
) -> dict[str, Any]:
    found = dossier_for(router, dossier_id)
    return queries.document_link(bootstrap.services(), found, name)
