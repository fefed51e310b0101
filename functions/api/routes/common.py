"""What every route needs: who acts, the request body, dossiers as JSON."""

from typing import Any

from aws_lambda_powertools.event_handler.exceptions import BadRequestError
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.dossier import Dossier


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
