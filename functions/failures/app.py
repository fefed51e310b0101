"""Dead letters: a message that exhausted its retries becomes a failed record with a reason.

The message stays in its dead-letter queue (reported back, seen again after the queue's
visibility timeout) while its dossier is failed: what an operator redrives (`hoso redrive`)
and what the queue-depth alarm counts. Once the dossier runs again or is decided, the next
delivery lets it go."""

from typing import Any

from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from hoso_aws.lambda_support import dead_letter_kept, make_logger, sqs_batch

logger = make_logger("hoso-failures")


class KeptForRedrive(Exception):
    """Not a failure: the message stays in its dead-letter queue while its dossier is failed."""


def record_handler(record: SQSRecord) -> None:
    if dead_letter_kept(record, logger):
        raise KeptForRedrive(record.message_id)


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return sqs_batch(event, context, record_handler, keeps=True)
