"""Reading dossiers: one record, its audit trail, its control sheet, lists by status."""

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.exceptions import BadRequestError
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.services import NotFound, queries
from hoso.status import DossierStatus
from hoso_aws import bootstrap

from .common import check_access, many, visible_agencies

router = APIGatewayRouter()


@router.get("/dossiers/<dossier_id>")
def get_dossier(dossier_id: str) -> dict[str, Any]:
    found = queries.dossier(bootstrap.services(), dossier_id)
    if found is None:
        raise NotFound(f"no dossier '{dossier_id}'")
    check_access(router, found)
    return found.to_dict()


@router.get("/dossiers/<dossier_id>/audit")
def get_audit(dossier_id: str) -> dict[str, Any]:
    found = queries.dossier(bootstrap.services(), dossier_id)
    if found is None:
        raise NotFound(f"no dossier '{dossier_id}'")
    check_access(router, found)
    return {
        "dossier_id": dossier_id,
        "audit": queries.audit_trail(bootstrap.services(), dossier_id),
    }


@router.get("/dossiers/<dossier_id>/control-sheet")
def get_control_sheet(dossier_id: str) -> Response[bytes]:
    found = queries.dossier(bootstrap.services(), dossier_id)
    if found is None:
        raise NotFound(f"no dossier '{dossier_id}'")
    check_access(router, found)
    pdf = queries.control_sheet(bootstrap.services(), dossier_id)
    if pdf is None:
        raise NotFound(f"no dossier '{dossier_id}'")
    return Response(
        status_code=200,
        content_type="application/pdf",
        body=pdf,
        headers={"Content-Disposition": f'attachment; filename="phieu-kiem-soat-{dossier_id}.pdf"'},
    )


@router.get("/dossiers")
def list_dossiers() -> dict[str, Any]:
    q = router.current_event.query_string_parameters or {}
    if not q.get("status"):
        raise BadRequestError("filter by status, or by agency and status")
    try:
        status = DossierStatus(q["status"])
    except ValueError as exc:
        known = ", ".join(s.value for s in DossierStatus)
        raise BadRequestError(f"unknown status '{q['status']}' (one of {known})") from exc
    agencies = visible_agencies(router, q.get("agency"))
    svc = bootstrap.services()
    if agencies is None:
        return many(queries.in_status(svc, status))
    return many([d for a in agencies for d in queries.in_status(svc, status, agency=a)])
