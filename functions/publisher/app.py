"""Outbox relay: new audit entries on the records table's stream -> events on the bus.

Stream semantics: Lambda resumes from the lowest failed sequence number, so the batch stops at
the first failure (reporting it); later records are not published ahead of it, which keeps
events in order and publishes none twice."""

from typing import Any

from aws_lambda_powertools.utilities.data_classes import DynamoDBStreamEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from hoso.services.relay import relay
from hoso_aws import bootstrap
from hoso_aws.dynamo import outbox_entry
from hoso_aws.lambda_support import make_logger

logger = make_logger("hoso-publisher")


@logger.inject_lambda_context
@event_source(data_class=DynamoDBStreamEvent)
def lambda_handler(event: DynamoDBStreamEvent, context: LambdaContext) -> dict[str, Any]:
    svc = bootstrap.services()
    for record in event.records:
        stream = record.dynamodb
        entry = outbox_entry(stream.new_image) if stream else None
        if stream is None or entry is None:
            continue  # not an outbox entry (the filter criteria should have dropped it)
        try:
            relay(svc, [entry])
        except Exception:
            logger.exception(
                "publish failed; the stream will redeliver from here",
                extra={"audit_id": entry.get("id")},
            )
            return {"batchItemFailures": [{"itemIdentifier": stream.sequence_number}]}
        detail_type = entry.get("event", {}).get("detail_type")
        logger.info("relayed", extra={"audit_id": entry.get("id"), "detail_type": detail_type})
    return {"batchItemFailures": []}
