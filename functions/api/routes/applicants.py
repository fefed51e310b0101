"""A returning applicant's dossiers."""

from typing import Any

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.services import queries
from hoso_aws import bootstrap

from .common import many, visible

router = APIGatewayRouter()


@router.get("/applicants/<id_number>/dossiers")
def applicant_dossiers(id_number: str) -> dict[str, Any]:
    return many(visible(router, queries.of_applicant(bootstrap.services(), id_number)))
