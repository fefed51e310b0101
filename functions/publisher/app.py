"""Outbox relay: new audit entries on the records table's stream -> events on the bus."""

import json

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from hoso_aws import bootstrap
from hoso_aws.lambda_support import make_logger

logger = make_logger("hoso-publisher")
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def record_handler(record: DynamoDBRecord) -> None:
    image = record.dynamodb.new_image if record.dynamodb else None
    if not image or not str(image.get("sk", "")).startswith("AUDIT#"):
        return  # not an outbox entry (the filter criteria should have dropped it)
    entry = json.loads(image["body"])
    published = bootstrap.pipeline().relay([entry])
    logger.info("relayed", extra={"audit_id": entry.get("id"), "published": published})


@logger.inject_lambda_context
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
