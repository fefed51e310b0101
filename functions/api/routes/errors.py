"""Domain and validation errors as HTTP answers, once for every route: 400 bad input
(``{"error": "bad_request", "field", "reason"}``), 404 unknown dossier or document, 409 an
action the dossier's state does not allow (``{"error": "invalid_action", "reason"}``)."""

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.exceptions import BadRequestError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)

from hoso.services import BadRequest, InvalidAction, NotFound


def bad_request(field: str | None, reason: str) -> Response[dict[str, Any]]:
    return Response(
        400, "application/json", {"error": "bad_request", "field": field, "reason": reason}
    )


def invalid_request(
    exc: RequestValidationError | RequestUnsupportedContentType,
) -> Response[dict[str, Any]]:
    """The first problem the validation found: the field's path (without where it was: body,
    query, path) and pydantic's message (never the value, which may be personal data)."""
    first = exc.errors()[0] if exc.errors() else {}
    where, *path = first.get("loc") or ("body",)
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return bad_request(field or str(where), str(first.get("msg", "invalid request")))


def bad_input(exc: BadRequest) -> Response[dict[str, Any]]:
    return bad_request(exc.field, exc.reason)


def bad_request_error(exc: BadRequestError) -> Response[dict[str, Any]]:
    return bad_request(None, str(exc.msg))


def not_found(exc: NotFound) -> Response[dict[str, Any]]:
    return Response(404, "application/json", {"error": exc.code, "reason": exc.reason})


def invalid_action(exc: InvalidAction) -> Response[dict[str, Any]]:
    return Response(409, "application/json", {"error": exc.code, "reason": exc.reason})


def register(app: APIGatewayRestResolver) -> None:
    """Answer these errors, raised by any route, the same way."""
    app.exception_handler([RequestValidationError, RequestUnsupportedContentType])(invalid_request)
    app.exception_handler(BadRequest)(bad_input)
    app.exception_handler(BadRequestError)(bad_request_error)
    app.exception_handler(NotFound)(not_found)
    app.exception_handler(InvalidAction)(invalid_action)
