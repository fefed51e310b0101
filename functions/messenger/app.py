"""Messages: a dossier event from the bus -> messaging.notify, once per event (idempotency on
``detail.idempotency_key``). A failure raises, so EventBridge retries the event."""

import os
from typing import Any

from aws_lambda_powertools.utilities.idempotency import idempotent_function
from aws_lambda_powertools.utilities.typing import LambdaContext

from hoso.services import messaging
from hoso_aws import bootstrap
from hoso_aws.lambda_support import event_idempotency, make_logger

logger = make_logger("hoso-messenger")
idempotency, persistence = event_idempotency(os.environ["IDEMPOTENCY_TABLE"])


@idempotent_function(
    data_keyword_argument="event", config=idempotency, persistence_store=persistence
)
def tell(event: dict[str, Any]) -> dict[str, int]:
    return messaging.notify(bootstrap.services(), event["detail-type"], event["detail"])


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    idempotency.register_lambda_context(context)
    sent: dict[str, int] = tell(event=event)
    dossier_id = (event.get("detail") or {}).get("dossier_id")
    logger.info(
        "told", extra={"detail_type": event.get("detail-type"), "dossier_id": dossier_id, **sent}
    )
    return sent
