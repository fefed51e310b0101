"""Reports: the Decision 766 service-quality indicators over a period."""

from datetime import date
from typing import Any

from aws_lambda_powertools.event_handler.exceptions import BadRequestError
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.services import queries
from hoso_aws import bootstrap

from .common import visible_agencies

router = APIGatewayRouter()


@router.get("/reports/quality")
def quality_report() -> dict[str, Any]:
    q = router.current_event.query_string_parameters or {}
    try:
        start, end = date.fromisoformat(q["from"]), date.fromisoformat(q["to"])
    except (KeyError, ValueError) as exc:
        raise BadRequestError("from and to (YYYY-MM-DD) are required") from exc
    agencies = visible_agencies(router, None)
    return queries.quality(bootstrap.services(), start, end, agencies=agencies)
