"""A returning applicant's dossiers."""

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from hoso.services import queries
from hoso_aws import bootstrap

from .common import many

router = Router()


@router.get("/applicants/<id_number>/dossiers")
def applicant_dossiers(id_number: str) -> dict[str, Any]:
    return many(queries.of_applicant(bootstrap.services(), id_number))
