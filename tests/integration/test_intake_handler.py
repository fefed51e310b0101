"""IntakeFunction on S3 notifications delivered through SQS (tests/events/intake-*.json)."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote_plus

import pytest

from tests.integration.conftest import FORM, MANIFESTS, A, Stack, event, handler

pytestmark = pytest.mark.integration


def test_s3_test_event_is_ignored(stack: Stack) -> None:
    result = stack.invoke("IntakeFunction", event("intake-s3-test-event"))
    assert result == {"batchItemFailures": []}
    assert stack.clients["dynamodb"].scan(TableName=stack.name("RecordsTable"))["Count"] == 0
    assert stack.messages("OcrQueue") == []


def test_a_part_then_its_manifest_start_the_dossier(stack: Stack) -> None:
    stack.upload(A)
    result = stack.invoke("IntakeFunction", event("intake-object-created"))
    assert result == {"batchItemFailures": []}
    rec = stack.record(A)
    assert rec is not None
    assert rec["status"] == "processing"
    assert rec["procedure_code"] == "KHAI_SINH"
    # routed by the catalog: the agency's code (the work-list key), its name from the data
    assert (rec["agency"], rec["agency_name"]) == ("H40.UBNDXA", "Ủy ban nhân dân cấp xã")
    assert rec["received_at"] == "2026-03-05T01:55:00.000Z"
    # the '+'/%-encoded key was decoded: the part was found under its real name
    assert [f["name"] for f in rec["files"]] == [FORM]
    trail = stack.svc.records.audit_trail(A)
    assert [(a["action"], a["note"]) for a in trail] == [
        ("first_file_uploaded", FORM),
        ("accepted_for_processing", None),
    ]
    [job] = stack.messages("OcrQueue")
    assert job["dossier_id"] == A and job["manifest"] == MANIFESTS[A]
    assert [f["key"] for f in job["files"]] == [f"incoming/{A}/{FORM}"]


def test_a_repeated_notification_is_handled_once(stack: Stack) -> None:
    stack.upload(A)
    evt = event("intake-object-created")
    assert stack.invoke("IntakeFunction", evt) == {"batchItemFailures": []}
    trail = stack.svc.records.audit_trail(A)
    assert stack.invoke("IntakeFunction", event("intake-object-created")) == {
        "batchItemFailures": []
    }
    assert stack.svc.records.audit_trail(A) == trail
    assert len(stack.messages("OcrQueue")) == 1
    # the idempotency table remembers each object version it handled
    table = stack.env["IDEMPOTENCY_TABLE"]
    assert stack.clients["dynamodb"].scan(TableName=table)["Count"] == 2


def test_a_vanished_object_is_not_a_failure(stack: Stack) -> None:
    # notified, but deleted before intake ran: nothing to record, nothing to retry
    [part, _] = event("intake-object-created")["Records"]
    result = stack.invoke("IntakeFunction", {"Records": [part]})
    assert result == {"batchItemFailures": []}
    assert stack.record(A) is None


def _notification(stack: Stack, key: str, body: bytes) -> dict[str, Any]:
    """The canonical notification, for an object put now under ``key``."""
    put = stack.clients["s3"].put_object(Bucket=stack.upload_bucket, Key=key, Body=body)
    [record, _] = event("intake-object-created")["Records"]
    s3_event = json.loads(record["body"])
    obj = s3_event["Records"][0]["s3"]["object"]
    obj.update(key=quote_plus(key, safe="/"), size=len(body), eTag=put["ETag"].strip('"'))
    obj["versionId"] = put.get("VersionId")
    return {"Records": [{**record, "body": json.dumps(s3_event)}]}


@contextmanager
def function_log(logical: str) -> Iterator[io.StringIO]:
    """What a function's own logger writes (its formatter, masking included)."""
    handler(logical)  # loaded
    out = io.StringIO()
    log_handler = sys.modules[f"hoso_fn_test_{logical}"].logger.registered_handler
    old = log_handler.setStream(out)
    try:
        yield out
    finally:
        log_handler.setStream(old)


def test_a_stray_upload_leaves_a_dossier_in_flight_alone(stack: Stack) -> None:
    """issue 14: incoming/<id>/x/y.pdf, while <id> is processing: not failed, not touched;
    logged without the file's name, and counted."""
    stack.start(A)
    before = stack.record(A)
    stray = f"incoming/{A}/scans/Lê Thị Hồng Nhung 040195012345.pdf"
    with function_log("IntakeFunction") as out:
        result = stack.invoke("IntakeFunction", _notification(stack, stray, b"%PDF-1.4"))
    assert result == {"batchItemFailures": []}
    assert stack.record(A) == before
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    [ignored] = [x for x in lines if "outside the station contract" in x["message"]]
    assert (ignored["dossier_id"], ignored["status"]) == (A, "processing")
    [metric] = [x for x in lines if x.get("StrayUploads") == 1]
    assert metric["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "hoso"
    [handled] = [x for x in lines if x["message"] == "upload handled"]
    assert (handled["key"], handled["outcome"]) == (f"incoming/{A}/scans/***.pdf", "ignored")
    assert "Nhung" not in out.getvalue() and "040195012345" not in out.getvalue()


def test_a_stray_upload_before_its_dossier_is_a_warning_naming_no_file(stack: Stack) -> None:
    stray = f"incoming/{A}/scans/Lê Thị Hồng Nhung.pdf"
    result = stack.invoke("IntakeFunction", _notification(stack, stray, b"%PDF-1.4"))
    assert result == {"batchItemFailures": []}
    rec = stack.record(A)
    assert rec is not None and rec["status"] == "uploading"
    assert rec["warnings"] == [
        f"'incoming/{A}/scans/***.pdf': files must sit directly under incoming/<dossier-id>/, "
        "or a supplement's under incoming/<dossier-id>/supplement-<n>/ (no other sub-folders)"
    ]


@pytest.mark.parametrize(
    ("tail", "reason"),
    [
        (b"[" * 200_000, "nested 200,"),
        (b"1" + b"0" * 5000 + b"}", "5,001 digits"),
    ],
)
def test_a_hostile_manifest_fails_its_dossier_with_a_reason(
    stack: Stack, tail: bytes, reason: str
) -> None:
    body = b'{"dossier_id": "' + A.encode() + b'", "procedure_code": "KHAI_SINH", "x": ' + tail
    result = stack.invoke(
        "IntakeFunction", _notification(stack, f"incoming/{A}/manifest.json", body)
    )
    assert result == {"batchItemFailures": []}
    rec = stack.record(A)
    assert rec is not None and rec["status"] == "failed"
    assert reason in rec["errors"][0]["reason"] and rec["errors"][0]["code"] == "limit_exceeded"
