"""HTTP API for officers and agency systems (API Gateway REST): routes per resource in
``routes/``, request bodies and queries validated against their models (``routes/models.py``),
the OpenAPI 3 document at ``/openapi.json``. Domain errors map to HTTP here, once: 400 bad
input (``{"error": "bad_request", "field", "reason"}``), 404 unknown dossier or document, 409
an action the dossier's state does not allow."""

import json
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.exceptions import BadRequestError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from routes import actions, applicants, dossiers, reports

from hoso.services import BadRequest, InvalidAction, NotFound
from hoso_aws.lambda_support import make_logger

TITLE = "hoso officers' API"
VERSION = "1"
DESCRIPTION = (
    "Officers and agency systems read dossiers' records, audit trails, documents and reports, "
    "and act on dossiers. Requests are IAM-signed on AWS (a bearer token locally); who acts "
    "is the authenticated officer, who sees and acts on their agencies' dossiers only.\n\n"
    "Errors: 400 `{error: bad_request, field, reason}` for bad input; 401 without valid "
    "credentials; 403 a dossier of another agency; 404 an unknown dossier or document; 409 an "
    "action the dossier's status does not allow (`{error: invalid_action, reason}`)."
)

logger = make_logger("hoso-api")
app = APIGatewayRestResolver(enable_validation=True)
for router in (dossiers.router, actions.router, applicants.router, reports.router):
    app.include_router(router)


ERROR_SCHEMAS = {
    "BadRequest": {
        "type": "object",
        "required": ["error", "field", "reason"],
        "properties": {
            "error": {"const": "bad_request"},
            "field": {"type": ["string", "null"], "description": "e.g. missing[0].name"},
            "reason": {"type": "string"},
        },
    },
    "Error": {
        "type": "object",
        "required": ["error", "reason"],
        "properties": {"error": {"type": "string"}, "reason": {"type": "string"}},
    },
}


def _error(description: str, schema: str = "Error") -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def _answers(path: str, method: str) -> dict[str, dict[str, Any]]:
    """The error answers a route can give (instead of the validator's generic 422)."""
    if path == "/openapi.json":
        return {}
    out = {
        "400": _error("Bad input: the field and the reason", "BadRequest"),
        "401": {"description": "No valid credentials"},
        "403": {"description": "Another agency's dossier, or not an officer"},
    }
    if path.startswith("/dossiers/{dossier_id}"):
        out["404"] = _error("No such dossier (or document)")
    if method == "post" and path.startswith("/dossiers/"):
        out["409"] = _error("The dossier's status does not allow the action")
    return out


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3 document of the routes (also rendered as docs/api.md)."""
    doc: dict[str, Any] = json.loads(
        app.get_openapi_json_schema(title=TITLE, version=VERSION, description=DESCRIPTION)
    )
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            op["responses"].pop("422", None)
            op["responses"].update(_answers(path, method))
    schemas = doc["components"]["schemas"]
    for unused in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):
        schemas.pop(unused, None)
    schemas.update(ERROR_SCHEMAS)
    return doc


def openapi_json() -> str:
    return json.dumps(openapi_document(), ensure_ascii=False)


@app.get(
    "/openapi.json",
    summary="This API's OpenAPI 3 document",
    tags=["meta"],
)
def get_openapi() -> Response[str]:
    return Response(200, "application/json", openapi_json())


def bad_request(field: str | None, reason: str) -> Response[dict[str, Any]]:
    return Response(
        400, "application/json", {"error": "bad_request", "field": field, "reason": reason}
    )


@app.exception_handler([RequestValidationError, RequestUnsupportedContentType])
def invalid_request(
    exc: RequestValidationError | RequestUnsupportedContentType,
) -> Response[dict[str, Any]]:
    """The first problem the validation found: the field's path (without where it was: body,
    query, path) and pydantic's message (never the value, which may be personal data)."""
    first = exc.errors()[0] if exc.errors() else {}
    where, *path = first.get("loc") or ("body",)
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return bad_request(field or str(where), str(first.get("msg", "invalid request")))


@app.exception_handler(BadRequest)
def bad_input(exc: BadRequest) -> Response[dict[str, Any]]:
    return bad_request(exc.field, exc.reason)


@app.exception_handler(BadRequestError)
def bad_request_error(exc: BadRequestError) -> Response[dict[str, Any]]:
    return bad_request(None, str(exc.msg))


@app.exception_handler(NotFound)
def not_found(exc: NotFound) -> Response[dict[str, Any]]:
    return Response(404, "application/json", {"error": exc.code, "reason": exc.reason})


@app.exception_handler(InvalidAction)
def invalid_action(exc: InvalidAction) -> Response[dict[str, Any]]:
    return Response(409, "application/json", {"error": exc.code, "reason": exc.reason})


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
