"""Reports: the Decision 766 service-quality indicators over a period."""

from datetime import date
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.services import queries
from hoso_aws import bootstrap

from .common import visible_agencies

router = APIGatewayRouter()


@router.get(
    "/reports/quality",
    summary="Service-quality indicators (Decision 766)",
    description="Over the dossiers received from..to (inclusive) of the officer's agencies.",
    tags=["reports"],
)
def quality_report(
    start: Annotated[date, Query(alias="from", description="First day (YYYY-MM-DD)")],
    end: Annotated[date, Query(alias="to", description="Last day (YYYY-MM-DD)")],
) -> dict[str, Any]:
    seen = visible_agencies(router, None)
    return queries.quality(bootstrap.services(), start, end, agencies=seen)


@router.get(
    "/reports/workload",
    summary="The work list's numbers",
    description=(
        "Dossiers per status, and how many open dossiers are overdue or due soon (the "
        "warning window), of the officer's agencies (or one of them)."
    ),
    tags=["reports"],
)
def workload(
    agency: Annotated[str | None, Query(description="Only this handling agency's (code)")] = None,
) -> dict[str, Any]:
    seen = visible_agencies(router, agency)
    return queries.counts(bootstrap.services(), seen)
