"""Dead letters: a message that exhausted its retries becomes a failed record with a reason.

The message stays in its dead-letter queue (reported back, seen again after the queue's
visibility timeout) while its dossier is failed: what an operator redrives (`hoso redrive`)
and what the queue-depth alarm counts. Once the dossier runs again or is decided, the next
delivery lets it go."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from hoso.services import housekeeping
from hoso_aws import bootstrap
from hoso_aws.lambda_support import make_logger, queue_stage, sqs_batch, uploads_in

logger = make_logger("hoso-failures")


class KeptForRedrive(Exception):
    """Not a failure: the message stays in its dead-letter queue while its dossier is failed."""


def record_handler(record: SQSRecord) -> None:
    stage = queue_stage(record.event_source_arn)
    attempts = int(record.attributes.approximate_receive_count or 0)
    svc = bootstrap.services()
    uploads = uploads_in(record.body) if stage == "intake" else []
    kept = False
    if uploads:
        for upload in uploads:
            kept |= housekeeping.dead_letter(svc, stage=stage, key=upload["key"], attempts=attempts)
    else:
        try:
            job = json.loads(record.body)
        except json.JSONDecodeError:
            logger.error("unreadable dead letter", extra={"stage": stage})
            return
        if not (isinstance(job, dict) and job.get("dossier_id")):
            logger.error("dead letter names no dossier", extra={"stage": stage})
            return
        kept = housekeeping.dead_letter(
            svc, stage=stage, dossier_id=job["dossier_id"], attempts=attempts, run=job.get("run")
        )
    if kept:
        raise KeptForRedrive(stage)


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return sqs_batch(event, context, record_handler, keeps=True)
