"""What a client needs to show and act: who is signed in (and the agencies they see), the
paper types a dossier's pages may be said to be."""

from datetime import date
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.agencies import load_agencies
from hoso.dossier import vn_today
from hoso.services import queries
from hoso.status import LABELS
from hoso_aws import bootstrap

from .common import officer
from .lookup import dossier_for

router = APIGatewayRouter()


@router.get(
    "/me",
    summary="Who is signed in",
    description=(
        "The officer (id, name, role), the agencies whose dossiers they see, and how each "
        "status is named."
    ),
    tags=["reference"],
)
def me() -> dict[str, Any]:
    who = officer(router)
    today: date = vn_today()
    directory = bootstrap.services().agencies or load_agencies()
    agencies = [
        {"code": a.code, "name": a.name}
        for a in directory.agencies(today)
        if who.sees_all or a.code in who.agencies
    ]
    return {
        **who.to_dict(),
        "sees_all": who.sees_all,
        "may_act": who.may_act,
        "visible": agencies,
        "status_labels": {str(s): label for s, label in LABELS.items()},
    }


@router.get(
    "/dossiers/<dossier_id>/paper-types",
    summary="The paper types a dossier's pages may be",
    description="Each document type the dossier's procedure asks for, with its component.",
    tags=["reference"],
)
def paper_types(
    dossier_id: Annotated[str, Path(description="The dossier's id")],
) -> dict[str, Any]:
    found = dossier_for(router, dossier_id)
    return {"paper_types": queries.paper_types(bootstrap.services(), found)}
