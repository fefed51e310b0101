"""A returning applicant's dossiers, looked up by ID number in the body (never in a URL)."""

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.services import queries
from hoso_aws import bootstrap

from .common import visible
from .models import ApplicantSearchBody

router = APIGatewayRouter()


@router.post(
    "/applicants/search",
    summary="A returning applicant's dossiers",
    description="The dossiers of the applicant with this ID number that the officer may see.",
    tags=["applicants"],
)
def search_applicant(body: Annotated[ApplicantSearchBody, Body()]) -> dict[str, Any]:
    found = queries.of_applicant(bootstrap.services(), body.id_number)
    return {"dossiers": [d.to_dict() for d in visible(router, found)]}
