"""What every route needs: who acts (and what they may see), the request body, dossiers as
JSON.

Contract for the routes: ``officer(router)`` is who acts (401 when nobody can be told);
``check_access(router, dossier)`` refuses (403) a dossier outside the officer's agencies;
``visible_agencies(router, requested)`` limits a work list (None: all agencies).

Who acts is the signed-in principal, never what the request says: API Gateway's IAM auth puts
the caller's ARN in ``requestContext.identity.userArn`` (a Cognito user pool authorizer, its
claims), and the officers table maps it to an officer. No principal: 401; a principal that is
no officer: 403. ``X-Hoso-Actor`` is honoured only by the local runtime (``HOSO_LOCAL=1``) and
only for centre staff: it names the officer to act as (tools and tests)."""

import logging
import os
import re
from collections.abc import Callable
from typing import Any, NoReturn

from aws_lambda_powertools.event_handler.exceptions import (
    BadRequestError,
    ForbiddenError,
    UnauthorizedError,
)
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.agencies import load_agencies
from hoso.dossier import Dossier, vn_today
from hoso.officers import Officer, OfficerDirectory, local_principal, principal_keys
from hoso_aws import bootstrap

# under the handler's logger (hoso-api, app.py): the same JSON lines, in the same place
log = logging.getLogger("hoso-api.access")
# POST routes that only read (an ID number belongs in a body, not a URL), by path: on the
# console's API every route is one proxy resource
READING_POSTS = re.compile(
    r"^/(applicants/search|dossiers/search|dossiers/[^/]+/supplement-request/preview)/?\Z"
)
# The console's static files: no data in them, served to whoever asks (the console signs in
# and calls the API like any client)
PUBLIC = re.compile(r"^/console(/.*)?\Z")


def body(router: APIGatewayRouter) -> dict[str, Any]:
    data = router.current_event.json_body if router.current_event.body else {}
    if not isinstance(data, dict):
        raise BadRequestError("the body must be a JSON object")
    return data


def many(dossiers: list[Dossier]) -> dict[str, Any]:
    return {"dossiers": [d.to_dict() for d in dossiers]}


def principal(router: APIGatewayRouter) -> str | None:
    """Who signed the request, as API Gateway tells it (None: nobody)."""
    ctx = router.current_event.request_context
    claims = (ctx.authorizer.claims or {}) if ctx.authorizer else {}
    if claims.get("sub"):
        return f"cognito:{claims['sub']}"
    arn = ctx.identity.user_arn
    return str(arn) if arn else None


def officer(router: APIGatewayRouter) -> Officer:
    """Who acts: the signed-in principal's officer (once per request). 401 without a
    principal, 403 for a principal that is no officer, or an agency system asking to act."""
    context = _context(router)
    found = context.get("hoso_officer")
    if not isinstance(found, Officer):
        found = _identify(router)
        context["hoso_officer"] = found
    if not found.may_act and _acts(router):
        _refuse(router, found.id, None, "an agency system reads only")
    return found


def check_access(router: APIGatewayRouter, dossier: Dossier) -> None:
    """403 (and a log line) when the acting officer may not see or act on ``dossier``."""
    who = officer(router)
    if not who.may_access(dossier):
        _refuse(router, who.id, dossier.dossier_id, "another agency's dossier")


def visible_agencies(router: APIGatewayRouter, requested: str | None) -> list[str] | None:
    return officer(router).visible_agencies(requested)


def visible(router: APIGatewayRouter, dossiers: list[Dossier]) -> list[Dossier]:
    """The dossiers the acting officer may see (applicant lookups)."""
    who = officer(router)
    return [d for d in dossiers if who.may_access(d)]


def _identify(router: APIGatewayRouter) -> Officer:
    directory = _directory()
    who = principal(router)
    if who is None:
        raise UnauthorizedError("sign the request (IAM) or send a bearer token (local)")
    found = next(filter(None, map(directory.for_principal, principal_keys(who))), None)
    if found is None:
        log.warning("no officer for the signed-in principal on %s", _route(router))
        raise ForbiddenError("the signed-in principal is not an officer of hoso")
    stand_in = router.current_event.headers.get("x-hoso-actor")
    if stand_in and os.environ.get("HOSO_LOCAL") == "1" and found.sees_all:
        account = str(router.current_event.request_context.account_id or "123456789012")
        other = directory.for_principal(local_principal(stand_in, account))
        if other is None:
            _refuse(router, found.id, None, "X-Hoso-Actor names no officer")
        found = other
    return found.staffing(_counters_today()) if found.counters else found


def _counters_today() -> dict[str, tuple[str, ...]]:
    """Each shared counter in force today → the agencies it receives for."""
    agencies = bootstrap.services().agencies or load_agencies()
    return {c.id: c.receives_for for c in agencies.counters(vn_today())}


def _directory() -> OfficerDirectory:
    directory = bootstrap.services().officers
    if directory is None:
        raise RuntimeError("no officer directory: OFFICERS_TABLE is not set")
    return directory


def _refuse(
    router: APIGatewayRouter, officer_id: str, dossier_id: str | None, why: str
) -> NoReturn:
    """403, logged with the officer, the dossier and the route (never personal data)."""
    log.warning(
        "refused: officer %s, dossier %s, route %s: %s",
        officer_id,
        dossier_id or "-",
        _route(router),
        why,
    )
    raise ForbiddenError(why)


def _acts(router: APIGatewayRouter) -> bool:
    event = router.current_event
    return event.http_method not in ("GET", "HEAD", "OPTIONS") and not READING_POSTS.match(
        event.path
    )


def _route(router: APIGatewayRouter) -> str:
    event = router.current_event
    return f"{event.http_method} {event.resource}"


def _context(router: APIGatewayRouter) -> dict[str, Any]:
    """The request's context (the resolver's, cleared after each request)."""
    context: dict[str, Any] = router.context
    return context


# Included by app.py: the request as every route sees it, for the middleware below.
gate = APIGatewayRouter()


def signed_in(app: Any, next_middleware: Callable[[Any], Any]) -> Any:
    """Middleware for every route: who acts is known (401 without a principal, 403 for one
    that is no officer or a system asking to act) before the route runs, so an unknown
    dossier's 404 is never what an unauthenticated caller learns. The console's static files
    are the exception: they hold no data."""
    if not PUBLIC.match(gate.current_event.path):
        officer(gate)
    return next_middleware(app)
