"""HTTP API for officers and agency systems (API Gateway REST): routes per resource in
``routes/``, bodies and queries validated against their models (``routes/models.py``), errors
answered once (``routes/errors.py``: 400 with the field, 404, 409 only for a transition), the
OpenAPI 3 document at ``/openapi.json`` (``routes/openapi.py``)."""

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from routes import common, errors, openapi
from routes.table import ROUTERS

from hoso_aws.lambda_support import make_logger

logger = make_logger("hoso-api")
app = APIGatewayRestResolver(enable_validation=True)
for router in ROUTERS:
    app.include_router(router)
errors.register(app)
app.use(middlewares=[common.signed_in])  # who acts, before any route (routes/common.py)


def openapi_document() -> dict[str, Any]:
    return openapi.document(app)


@app.get("/openapi.json", summary="This API's OpenAPI 3 document", tags=["meta"])
def get_openapi() -> Response[dict[str, Any]]:
    return Response(200, "application/json", openapi_document())


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
