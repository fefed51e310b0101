"""The API's OpenAPI 3 document (``GET /openapi.json``, rendered as docs/api.md by ``hoso
docs api``): what powertools generates from the routes and their models, with the answers
the routes give (400 with the field instead of the validator's generic 422, 401, 403, 404,
409)."""

import json
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver

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


SUCCESS = {
    "/dossiers": "A page: {dossiers: [record...], next_cursor: string or null}",
    "/dossiers/{dossier_id}": "The record",
    "/dossiers/{dossier_id}/audit": "{dossier_id, audit: [entry...]}",
    "/dossiers/{dossier_id}/documents/{name}": "{name, url (presigned GET), expires_at}",
    "/dossiers/{dossier_id}/pages/{n}": (
        "{n, page_count, file, index, doc_type, component_id, method, confidence, rotation, "
        "error, width, height, text, lines: [{line, block, words: [{text, conf, low}]}], "
        "low_words, image and thumbnail: {url (presigned GET), expires_at} or null, note}"
    ),
    "/applicants/search": "{dossiers: [record...]}",
    "/reports/quality": "The report's indicators",
    "/openapi.json": "This document",
    "/me": "{id, name, role, agencies, counters, sees_all, may_act, visible, status_labels}",
    "/reports/workload": "{statuses, total, overdue, due_soon, at, due_soon_before}",
    "/dossiers/search": "{dossiers: [record...]}",
    "/dossiers/{dossier_id}/paper-types": "{paper_types: [{doc_type, name, component_id, "
    "component_name}...]}",
    "/dossiers/{dossier_id}/supplement-request/preview": "{media_type, pdf (base64)}",
}
# POSTs under /dossiers/ that change nothing and name no dossier: no 409
READING = {"/dossiers/search"}


def _answers(path: str, method: str) -> dict[str, dict[str, Any]]:
    """What a route answers: its success, and its errors (instead of the validator's generic
    422)."""
    ok = SUCCESS.get(path, "The record as the action left it")
    if path == "/openapi.json":
        return {"200": {"description": ok}}
    out = {
        "200": {"description": ok},
        "400": _error("Bad input: the field and the reason", "BadRequest"),
        "401": {"description": "No valid credentials"},
        "403": {"description": "Another agency's dossier, or not an officer"},
    }
    if path.startswith("/dossiers/{dossier_id}"):
        out["404"] = _error("No such dossier (or document)")
    if method == "post" and path.startswith("/dossiers/") and path not in READING:
        out["409"] = _error("The dossier's status does not allow the action")
    return out


def document(app: APIGatewayRestResolver) -> dict[str, Any]:
    """The OpenAPI 3 document of ``app``'s routes, with the answers they give."""
    doc: dict[str, Any] = json.loads(
        app.get_openapi_json_schema(title=TITLE, version=VERSION, description=DESCRIPTION)
    )
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            op["responses"].pop("422", None)
            for code, answer in _answers(path, method).items():
                op["responses"][code] = {**op["responses"].get(code, {}), **answer}
    schemas = doc["components"]["schemas"]
    for unused in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):
        schemas.pop(unused, None)
    schemas.update(ERROR_SCHEMAS)
    return doc
