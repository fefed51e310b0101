"""HTTP API for officers and agency systems: read records and audit trails, export the control
sheet, act on dossiers (decision, processing, result, delivery, apology, withdrawal), quality
report. Every action goes through the core; errors map to 400 / 404 / 409."""

from datetime import date, datetime

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.exceptions import BadRequestError, NotFoundError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from hoso.lifecycle import InvalidAction, NotFound
from hoso_aws import bootstrap
from hoso_aws.lambda_support import make_logger

logger = make_logger("hoso-api")
app = APIGatewayRestResolver()


def _actor(body: dict) -> str:
    ctx = app.current_event.request_context
    claims = (ctx.authorizer.claims or {}) if ctx.authorizer else {}
    identity = claims.get("cognito:username") or claims.get("sub")
    actor = identity or body.get("actor") or app.current_event.headers.get("x-hoso-actor")
    if not actor:
        raise BadRequestError("say who acts: an authenticated user, 'actor' or X-Hoso-Actor")
    return str(actor)


def _body() -> dict:
    body = app.current_event.json_body if app.current_event.body else {}
    if not isinstance(body, dict):
        raise BadRequestError("the body must be a JSON object")
    return body


def _act(fn, dossier_id: str, **kwargs) -> dict:
    try:
        return fn(dossier_id, **kwargs)
    except NotFound as exc:
        raise NotFoundError(exc.reason) from exc
    except InvalidAction as exc:
        return Response(
            status_code=409,
            content_type="application/json",
            body={"error": exc.code, "reason": exc.reason},
        )


@app.get("/dossiers/<dossier_id>")
def get_dossier(dossier_id: str) -> dict:
    record = bootstrap.pipeline().records.get(dossier_id)
    if record is None:
        raise NotFoundError(f"no dossier '{dossier_id}'")
    return record


@app.get("/dossiers/<dossier_id>/audit")
def get_audit(dossier_id: str) -> dict:
    return {"dossier_id": dossier_id, "audit": bootstrap.pipeline().records.audit_trail(dossier_id)}


@app.get("/dossiers/<dossier_id>/control-sheet")
def get_control_sheet(dossier_id: str) -> Response:
    pdf = bootstrap.pipeline().control_sheet(dossier_id)
    if pdf is None:
        raise NotFoundError(f"no dossier '{dossier_id}'")
    return Response(
        status_code=200,
        content_type="application/pdf",
        body=pdf,
        headers={"Content-Disposition": f'attachment; filename="phieu-kiem-soat-{dossier_id}.pdf"'},
    )


@app.get("/dossiers")
def list_dossiers() -> dict:
    q = app.current_event.query_string_parameters or {}
    pipeline = bootstrap.pipeline()
    if q.get("agency") and q.get("status"):
        items = pipeline.records.query_index("gsi2", f"AGENCY#{q['agency']}#{q['status']}")
    elif q.get("status"):
        items = pipeline.records.query_index("gsi1", f"STATUS#{q['status']}")
    else:
        raise BadRequestError("filter by status, or by agency and status")
    return {"dossiers": items}


@app.get("/applicants/<id_number>/dossiers")
def applicant_dossiers(id_number: str) -> dict:
    return {"dossiers": bootstrap.pipeline().by_applicant(id_number)}


@app.post("/dossiers/<dossier_id>/decision")
def decide(dossier_id: str) -> dict:
    body = _body()
    p = bootstrap.pipeline()
    return _act(
        p.decide,
        dossier_id,
        actor=_actor(body),
        status=body.get("status", ""),
        missing=body.get("missing"),
        note=body.get("note"),
    )


@app.post("/dossiers/<dossier_id>/processing")
def start_processing(dossier_id: str) -> dict:
    p = bootstrap.pipeline()
    return _act(p.start_processing, dossier_id, actor=_actor(_body()))


@app.post("/dossiers/<dossier_id>/result")
def result_ready(dossier_id: str) -> dict:
    p = bootstrap.pipeline()
    return _act(p.result_ready, dossier_id, actor=_actor(_body()))


@app.post("/dossiers/<dossier_id>/delivery")
def deliver(dossier_id: str) -> dict:
    p = bootstrap.pipeline()
    return _act(p.deliver, dossier_id, actor=_actor(_body()))


@app.post("/dossiers/<dossier_id>/withdrawal")
def withdraw(dossier_id: str) -> dict:
    body = _body()
    p = bootstrap.pipeline()
    return _act(p.withdraw, dossier_id, actor=_actor(body), reason=body.get("reason") or "")


@app.post("/dossiers/<dossier_id>/apology")
def apologise(dossier_id: str) -> dict:
    body = _body()
    try:
        new_due = datetime.fromisoformat(str(body["new_due_at"]).replace("Z", "+00:00"))
    except (KeyError, ValueError) as exc:
        raise BadRequestError("new_due_at (ISO 8601 date-time with offset) is required") from exc
    if new_due.tzinfo is None:
        raise BadRequestError("new_due_at needs a time-zone offset")
    p = bootstrap.pipeline()
    return _act(
        p.apologise,
        dossier_id,
        actor=_actor(body),
        reason=body.get("reason") or "",
        new_due_at=new_due,
    )


@app.get("/reports/quality")
def quality_report() -> dict:
    q = app.current_event.query_string_parameters or {}
    try:
        start, end = date.fromisoformat(q["from"]), date.fromisoformat(q["to"])
    except (KeyError, ValueError) as exc:
        raise BadRequestError("from and to (YYYY-MM-DD) are required") from exc
    return bootstrap.pipeline().quality(start, end)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)
