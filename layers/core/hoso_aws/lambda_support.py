"""Shared bits of the thin Lambda handlers: logging with personal data masked, S3 event parsing,
and the SQS batch loop around a core call."""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from hoso.privacy import mask_data, mask_text
from hoso.services import housekeeping
from hoso_aws import bootstrap

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
    )

# What the formatter leaves as it is: powertools' own keys (a timestamp is no birth date).
_KEEP = (
    "level",
    "location",
    "timestamp",
    "service",
    "sampling_rate",
    "xray_trace_id",
    "cold_start",
    "function_name",
    "function_memory_size",
    "function_arn",
    "function_request_id",
    "_aws",  # an embedded metric's definition
)


def mask(text: str) -> str:
    """Free text with ID numbers, phones, e-mails and birth dates masked (:mod:`hoso.privacy`)."""
    return mask_text(text)


class MaskingFormatter(LambdaPowertoolsFormatter):
    """powertools' JSON formatter, masking the whole log line before it is written: personal
    fields wherever they are nested, and the patterns in the message, the extra fields, the
    exception's traceback and its ``stack_trace`` value (:mod:`hoso.privacy`)."""

    def serialize(self, log: Any) -> str:
        return super().serialize(mask_data(log, keep=_KEEP))


class MaskRecord(logging.Filter):
    """Masks a record in place (message, arguments, extra fields, traceback), for the handlers
    that see it after ours: Lambda's own root handler, or a test's."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            if record.args:
                with contextlib.suppress(TypeError, ValueError):  # kept as it was
                    record.msg, record.args = record.getMessage(), None
            record.msg = mask_text(record.msg)
        else:  # powertools logs a dict as a structured message
            record.msg = mask_data(record.msg)
        if record.args:
            record.args = tuple(mask_data(a) for a in record.args)
        for k, v in list(record.__dict__.items()):
            if k not in _RECORD_ATTRS and k not in _KEEP:
                record.__dict__[k] = mask_data({k: v})[k]
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


_RECORD_ATTRS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
# The core's loggers (hoso.services.*): their records go through the function's handler.
CORE_LOGGER = "hoso.services"
_core_handler: list[logging.Handler] = []


def make_logger(service: str) -> Logger:
    """Structured JSON logger with personal data masked (:class:`MaskingFormatter`). Locally
    (``HOSO_LOG_FILE``) logs go to a file, keeping the CLI's stdout clean; on Lambda to stdout
    as usual. The core's logs (``hoso.services.*``) are written by the same handler, masked
    the same way (in-process, the last function's logger writes them)."""
    log_file = os.environ.get("HOSO_LOG_FILE")
    stream = open(log_file, "a", encoding="utf-8", buffering=1) if log_file else None  # noqa: SIM115
    logger = Logger(service=service, stream=stream, logger_formatter=MaskingFormatter())
    handler = logger.registered_handler
    if stream is not None and isinstance(handler, logging.StreamHandler):
        # powertools configures a service's logger once per process: a second handler
        # module of the same service (the local runtime after tests loaded it) writes here
        handler.setStream(stream)
    _route_core_logs(handler, logger.log_level)
    return logger


def _route_core_logs(handler: logging.Handler, level: int) -> None:
    core = logging.getLogger(CORE_LOGGER)
    for old in _core_handler:
        core.removeHandler(old)
    _core_handler[:] = [handler]
    if not any(isinstance(f, MaskRecord) for f in handler.filters):
        handler.addFilter(MaskRecord())
    core.addHandler(handler)
    core.setLevel(level)


def uploads_in(body: str) -> list[dict[str, Any]]:
    """The S3 objects an S3->SQS notification body names (none for s3:TestEvent).

    Keys arrive URL-encoded ('+' for spaces) and moto omits fields real S3 sends, so the
    lenient data class is used rather than a strict parser model.
    """
    data = json.loads(body)
    if data.get("Event") == "s3:TestEvent" or "Records" not in data:
        return []
    out = []
    for r in S3Event(data).records:
        obj = r.s3.get_object
        out.append(
            {
                "bucket": r.s3.bucket.name,
                "key": unquote_plus(obj.key),
                "etag": obj.etag or None,
                "version": obj.version_id,
                "size": obj.get("size"),
            }
        )
    return out


def upload_idempotency(table: str) -> tuple[IdempotencyConfig, DynamoDBPersistenceLayer]:
    """Idempotency of the uploads :func:`uploads_in` returns, remembered a week in ``table``.

    Keyed on bucket + key + ETag + version: never on an event id (moto repeats them).
    """
    # imported here: the other handlers never load the idempotency utility
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
    )

    config = IdempotencyConfig(
        event_key_jmespath="[bucket, key, etag, version]",
        expires_after_seconds=7 * 24 * 3600,
    )
    return config, DynamoDBPersistenceLayer(table_name=table)


def event_idempotency(table: str) -> tuple[IdempotencyConfig, DynamoDBPersistenceLayer]:
    """Idempotency of hoso's own bus events, keyed on ``detail.idempotency_key`` (one per
    state change: a redelivered event carries the same), remembered a week in ``table``."""
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
    )

    config = IdempotencyConfig(
        event_key_jmespath="detail.idempotency_key",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=7 * 24 * 3600,
    )
    return config, DynamoDBPersistenceLayer(table_name=table)


STAGES = ("intake", "ocr", "understand", "notify")


def queue_stage(arn: str) -> str:
    """The stage a queue serves (its dead-letter queue too), from the queue's name."""
    queue = arn.rsplit(":", 1)[-1].lower()
    return next((s for s in STAGES if s in queue), "unknown")


def sqs_batch(
    event: dict[str, Any],
    context: Any,
    handle: Callable[[SQSRecord], None],
    *,
    keeps: bool = False,
) -> PartialItemFailureResponse:
    """Run ``handle`` on each record; report only the failed ones back to SQS. ``keeps``: a
    handler that reports records to keep them on their queue (dead letters awaiting redrive)
    answers normally even when it keeps every record of the batch."""
    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=not keeps)
    return process_partial_response(
        event=event, record_handler=handle, processor=processor, context=context
    )


def dead_letter_kept(record: SQSRecord, logger: Logger) -> bool:
    """Fail the dossier a stage's dead letter names (``housekeeping.dead_letter``); True
    when the message is to be kept in its queue for redrive (its dossier is failed)."""
    stage = queue_stage(record.event_source_arn)
    attempts = int(record.attributes.approximate_receive_count or 0)
    svc = bootstrap.services()
    if stage == "intake":
        uploads = uploads_in(record.body)
        if uploads:
            kept = [
                housekeeping.dead_letter(svc, stage=stage, key=u["key"], attempts=attempts)
                for u in uploads
            ]
            return any(kept)
    try:
        job = json.loads(record.body)
    except json.JSONDecodeError:
        logger.error("unreadable dead letter", extra={"stage": stage})
        return False
    if not (isinstance(job, dict) and job.get("dossier_id")):
        logger.error("dead letter names no dossier", extra={"stage": stage})
        return False
    return housekeeping.dead_letter(
        svc, stage=stage, dossier_id=job["dossier_id"], attempts=attempts, run=job.get("run")
    )


def run_stage(
    stage: str, record: SQSRecord, call: Callable[[dict[str, Any]], str], logger: Logger
) -> None:
    """Call a stage with the job in the message; remember the error on the record, re-raise."""
    job = json.loads(record.body)
    dossier_id = job.get("dossier_id")
    try:
        outcome = call(job)
    except Exception as exc:
        logger.exception("stage failed", extra={"stage": stage, "dossier_id": dossier_id})
        if dossier_id:
            try:
                housekeeping.note_error(
                    bootstrap.services(),
                    dossier_id,
                    stage=stage,
                    reason=f"{type(exc).__name__}: {exc}",
                )
            except Exception:  # the original error matters more
                logger.exception("could not note the error on the record")
        raise
    logger.info("stage done", extra={"stage": stage, "dossier_id": dossier_id, "outcome": outcome})
