"""What every route needs: who acts (and what they may see), the request body, dossiers as
JSON.

Contract for the routes: ``officer(router)`` is who acts (401 when nobody can be told);
``check_access(router, dossier)`` refuses (403) a dossier outside the officer's agencies;
``visible_agencies(router, requested)`` limits a work list (None: all agencies)."""

from typing import Any

from aws_lambda_powertools.event_handler.exceptions import BadRequestError, ForbiddenError
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.dossier import Dossier
from hoso.officers import Officer


def actor(router: APIGatewayRouter, body: dict[str, Any]) -> str:
    ctx = router.current_event.request_context
    claims = (ctx.authorizer.claims or {}) if ctx.authorizer else {}
    identity = claims.get("cognito:username") or claims.get("sub")
    who = identity or body.get("actor") or router.current_event.headers.get("x-hoso-actor")
    if not who:
        raise BadRequestError("say who acts: an authenticated user, 'actor' or X-Hoso-Actor")
    return str(who)


def body(router: APIGatewayRouter) -> dict[str, Any]:
    data = router.current_event.json_body if router.current_event.body else {}
    if not isinstance(data, dict):
        raise BadRequestError("the body must be a JSON object")
    return data


def many(dossiers: list[Dossier]) -> dict[str, Any]:
    return {"dossiers": [d.to_dict() for d in dossiers]}


def officer(router: APIGatewayRouter) -> Officer:
    """Who acts. (Today: the self-declared actor, seeing all; issue 12 makes it the
    authenticated principal mapped to an officer and agency.)"""
    who = actor(router, body(router) if router.current_event.body else {})
    return Officer(id=who, role="centre")


def check_access(router: APIGatewayRouter, dossier: Dossier) -> None:
    """403 when the acting officer may not see or act on ``dossier``."""
    if not officer(router).may_access(dossier):
        raise ForbiddenError(f"dossier '{dossier.dossier_id}' belongs to another agency")


def visible_agencies(router: APIGatewayRouter, requested: str | None) -> list[str] | None:
    return officer(router).visible_agencies(requested)
