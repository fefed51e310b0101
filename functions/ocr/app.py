"""OCR: reads every page of a dossier's files and stores page artefacts."""

from typing import Any

from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from hoso.services import ocr_stage
from hoso_aws import bootstrap
from hoso_aws.lambda_support import make_logger, run_stage, sqs_batch

logger = make_logger("hoso-ocr")


def record_handler(record: SQSRecord, lambda_context: LambdaContext | None = None) -> None:
    """One job, within the invocation's remaining time (powertools passes the context)."""
    ctx = lambda_context
    left = (lambda: ctx.get_remaining_time_in_millis() / 1000) if ctx is not None else None
    run_stage(
        "ocr", record, lambda job: ocr_stage.run(bootstrap.services(), job, time_left=left), logger
    )


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return sqs_batch(event, context, record_handler)
