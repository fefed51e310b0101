"""The dossier a route reads or acts on: 404 when there is none, 403 (``check_access``) when
it is outside the acting officer's agencies."""

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.dossier import Dossier
from hoso.services import NotFound, queries
from hoso_aws import bootstrap

from .common import check_access


def dossier_for(router: APIGatewayRouter, dossier_id: str) -> Dossier:
    found = queries.dossier(bootstrap.services(), dossier_id)
    if found is None:
        raise NotFound(f"no dossier '{dossier_id}'")
    check_access(router, found)
    return found
