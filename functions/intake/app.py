"""Intake: S3 upload notifications (via SQS) -> intake.on_upload, once per object version."""

import os
from typing import Any

from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import idempotent_function
from aws_lambda_powertools.utilities.typing import LambdaContext

from hoso.services import intake
from hoso_aws import bootstrap
from hoso_aws.lambda_support import make_logger, sqs_batch, upload_idempotency, uploads_in

logger = make_logger("hoso-intake")
idempotency, persistence = upload_idempotency(os.environ["IDEMPOTENCY_TABLE"])


@idempotent_function(
    data_keyword_argument="upload", config=idempotency, persistence_store=persistence
)
def handle_upload(upload: dict[str, Any]) -> str:
    return intake.on_upload(
        bootstrap.services(), upload["bucket"], upload["key"], etag=upload["etag"]
    )


def record_handler(record: SQSRecord) -> None:
    for upload in uploads_in(record.body):
        outcome = handle_upload(upload=upload)
        logger.info("upload handled", extra={"key": upload["key"], "outcome": outcome})


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    idempotency.register_lambda_context(context)
    return sqs_batch(event, context, record_handler)
