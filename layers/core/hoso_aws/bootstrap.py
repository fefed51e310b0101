"""The composition root: builds the pipeline with AWS adapters from the environment that
template.yaml gives every function. Handlers call :func:`pipeline` (cached per container)."""

from __future__ import annotations

import functools
import os

import boto3
from botocore.config import Config

from hoso.app import build_pipeline
from hoso.pipeline import Pipeline, Settings
from hoso_aws.adapters import (
    DynamoRecordStore,
    EventBridgePublisher,
    S3ObjectStore,
    SqsWorkQueue,
)

_CONFIG = Config(retries={"max_attempts": 5, "mode": "standard"})


def client(service: str):  # type: ignore[no-untyped-def]
    return boto3.session.Session().client(service, config=_CONFIG)


def settings() -> Settings:
    env = os.environ
    return Settings(
        upload_bucket=env["UPLOAD_BUCKET"],
        artefact_bucket=env["ARTEFACT_BUCKET"],
        agency_code=env.get("AGENCY_CODE", "000.00.00.H40"),
        stale_upload_minutes=int(env.get("STALE_UPLOAD_MINUTES", "30")),
        ocr_pages_per_invocation=int(env.get("OCR_PAGES_PER_INVOCATION", "24")),
        ocr_workers=int(env["OCR_WORKERS"]) if env.get("OCR_WORKERS") else None,
        ocr_page_timeout_s=float(env.get("OCR_PAGE_TIMEOUT_S", "120")),
        tesseract_cmd=env.get("TESSERACT_CMD") or None,
    )


@functools.cache
def pipeline() -> Pipeline:
    env = os.environ
    return build_pipeline(
        objects=S3ObjectStore(client("s3")),
        records=DynamoRecordStore(client("dynamodb"), env["RECORDS_TABLE"]),
        queue=SqsWorkQueue(
            client("sqs"),
            {
                "ocr": env["OCR_QUEUE_URL"],
                "understand": env["UNDERSTAND_QUEUE_URL"],
                "notify": env["NOTIFY_QUEUE_URL"],
            },
        ),
        events=EventBridgePublisher(client("events"), env["EVENT_BUS"]),
        settings=settings(),
    )


def reset() -> None:
    """Forget cached clients (the local runtime calls this when it (re)starts)."""
    pipeline.cache_clear()
