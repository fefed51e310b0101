"""HTTP API for officers and agency systems (API Gateway REST): routes per resource in
``routes/``; domain errors map to HTTP here, once (404 unknown dossier, 409 an action the
dossier's state does not allow, 400 bad input)."""

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from routes import actions, applicants, common, dossiers, reports

from hoso.services import InvalidAction, NotFound
from hoso_aws.lambda_support import make_logger

logger = make_logger("hoso-api")
app = APIGatewayRestResolver()
for router in (dossiers.router, actions.router, applicants.router, reports.router, common.gate):
    app.include_router(router)
app.use(middlewares=[common.signed_in])  # who acts, before any route (routes/common.py)


@app.exception_handler(NotFound)
def not_found(exc: NotFound) -> Response[dict[str, Any]]:
    return Response(404, "application/json", {"error": exc.code, "reason": exc.reason})


@app.exception_handler(InvalidAction)
def invalid_action(exc: InvalidAction) -> Response[dict[str, Any]]:
    return Response(409, "application/json", {"error": exc.code, "reason": exc.reason})


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
