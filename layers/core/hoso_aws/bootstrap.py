"""The composition root: builds hoso's services with the AWS adapters from the environment
that template.yaml gives every function. Handlers call :func:`services` (cached per
container); the CLI and the local runtime call :func:`build` with their own environment."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from typing import Any

import boto3
from botocore.config import Config

from hoso.services import Services, Settings
from hoso.services.defaults import services as core_services
from hoso_aws.adapters import (
    EventBridgePublisher,
    S3ObjectStore,
    SnsSesMessenger,
    SqsWorkQueue,
)
from hoso_aws.dynamo import DynamoRecordStore
from hoso_aws.officers import DynamoOfficerDirectory

_CONFIG = Config(retries={"max_attempts": 5, "mode": "standard"})


def client(service: str, env: Mapping[str, str] | None = None) -> Any:
    """A boto3 client; ``env`` may point it elsewhere (``AWS_ENDPOINT_URL``, the region)."""
    env = os.environ if env is None else env
    # S3: SigV4 for presigned URLs too (botocore may presign with SigV2 otherwise)
    config = _CONFIG.merge(Config(signature_version="s3v4")) if service == "s3" else _CONFIG
    kwargs: dict[str, Any] = {"config": config}
    if env.get("AWS_ENDPOINT_URL"):
        kwargs["endpoint_url"] = env["AWS_ENDPOINT_URL"]
    if env.get("AWS_DEFAULT_REGION"):
        kwargs["region_name"] = env["AWS_DEFAULT_REGION"]
    if env is not os.environ and env.get("AWS_ACCESS_KEY_ID"):
        kwargs["aws_access_key_id"] = env["AWS_ACCESS_KEY_ID"]
        kwargs["aws_secret_access_key"] = env.get("AWS_SECRET_ACCESS_KEY")
    return boto3.session.Session().client(service, **kwargs)


@functools.cache
def console_config(parameter: str) -> dict[str, Any]:
    """The officers' console sign-in settings (the user pool's domain and client), a JSON
    SSM parameter the stack writes; read once per container."""
    value = client("ssm").get_parameter(Name=parameter)["Parameter"]["Value"]
    data: dict[str, Any] = json.loads(value)
    return data


def settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    found = Settings(
        upload_bucket=env["UPLOAD_BUCKET"],
        artefact_bucket=env["ARTEFACT_BUCKET"],
        agency_code=env.get("AGENCY_CODE", "000.00.00.H40"),
        stale_upload_minutes=int(env.get("STALE_UPLOAD_MINUTES", "30")),
        stalled_processing_minutes=int(env.get("STALLED_PROCESSING_MINUTES", "240")),
        ocr_pages_per_invocation=int(env.get("OCR_PAGES_PER_INVOCATION", "24")),
        ocr_workers=int(env["OCR_WORKERS"]) if env.get("OCR_WORKERS") else None,
        ocr_page_timeout_s=float(env.get("OCR_PAGE_TIMEOUT_S", "120")),
        tesseract_cmd=env.get("TESSERACT_CMD") or None,
        due_soon_working_hours=float(env.get("DUE_SOON_WORKING_HOURS", "8")),
        notice_link_ttl_s=int(env.get("NOTICE_LINK_TTL_S", str(7 * 24 * 3600))),
    )
    for field, value in _limits(env).items():
        setattr(found, field, value)
    return found


# The bounds at intake: Settings field -> environment variable (template.yaml's Globals).
LIMITS = {
    "max_manifest_kb": "MAX_MANIFEST_KB",
    "max_manifest_depth": "MAX_MANIFEST_DEPTH",
    "max_files": "MAX_FILES",
    "max_file_mb": "MAX_FILE_MB",
    "max_pages": "MAX_PAGES",
}


def _limits(env: Mapping[str, str]) -> dict[str, int]:
    """The limits the environment sets (the others keep their defaults); each a positive
    whole number, or the function does not start."""
    out = {}
    for field, var in LIMITS.items():
        if env.get(var):
            value = int(env[var])
            if value < 1:
                raise ValueError(f"{var} must be a positive whole number, not {env[var]!r}")
            out[field] = value
    return out


def build(env: Mapping[str, str] | None = None, **overrides: Any) -> Services:
    """hoso's services on AWS (or on the local stack), from ``env`` (default: the process
    environment). ``overrides`` replace any collaborator: ports (``objects``, ``records``,
    ``queue``, ``events``, ``messenger``), ``settings``, ``catalog``, ``clock``, ``ocr``...

    The messenger is made only where ``OFFICER_TOPIC_ARN`` is set (the messenger function),
    the officer directory only where ``OFFICERS_TABLE`` is (the API function)."""
    env = os.environ if env is None else env
    ports: dict[str, Any] = {}
    for name, make in (
        ("objects", lambda: S3ObjectStore(client("s3", env))),
        ("records", lambda: DynamoRecordStore(client("dynamodb", env), env["RECORDS_TABLE"])),
        ("queue", lambda: SqsWorkQueue(client("sqs", env), _queue_urls(env))),
        ("events", lambda: EventBridgePublisher(client("events", env), env["EVENT_BUS"])),
        ("settings", lambda: settings(env)),
    ):
        ports[name] = overrides.pop(name) if name in overrides else make()
    if "messenger" not in overrides and env.get("OFFICER_TOPIC_ARN"):
        overrides["messenger"] = messenger(env)
    if "officers" not in overrides and env.get("OFFICERS_TABLE"):
        overrides["officers"] = DynamoOfficerDirectory(
            client("dynamodb", env), env["OFFICERS_TABLE"]
        )
    return core_services(**ports, **overrides)


def messenger(env: Mapping[str, str]) -> SnsSesMessenger:
    return SnsSesMessenger(
        client("sns", env),
        client("ses", env),
        topic_arn=env["OFFICER_TOPIC_ARN"],
        sender=env.get("SENDER_EMAIL") or "no-reply@hoso.example.vn",
    )


def _queue_urls(env: Mapping[str, str]) -> dict[str, str]:
    names = {
        "ocr": "OCR_QUEUE_URL",
        "understand": "UNDERSTAND_QUEUE_URL",
        "notify": "NOTIFY_QUEUE_URL",
    }
    return {stage: env[var] for stage, var in names.items() if env.get(var)}


_OVERRIDES: dict[str, Any] = {}


@functools.cache
def services() -> Services:
    """The handlers' services, built once per container."""
    return build(**_OVERRIDES)


def reset(**overrides: Any) -> None:
    """Forget cached services (the local runtime calls this when it (re)starts). The local
    runtime and tests may replace collaborators of the handlers' services here, e.g. a clock
    moved forward to run the deadline monitor on a later day; Lambda never does."""
    _OVERRIDES.clear()
    _OVERRIDES.update(overrides)
    services.cache_clear()
