"""The canonical events of tests/events/ are what AWS would deliver to the functions of
template.yaml: from the event source each function declares (queue, batch size, stream, API
route), about the objects and records the handler tests arrange."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import unquote_plus

import pytest

from hoso.events import validate
from hoso_aws.dynamo import _audit_item
from tests.integration.conftest import (
    EVENTS,
    FORM,
    FORM_BYTES,
    A,
    bodies,
    event,
    manifest_bytes,
    resolver,
    template,
)

pytestmark = pytest.mark.integration

# event file -> (function, its event source in template.yaml)
SOURCES = {
    "intake-s3-test-event": ("IntakeFunction", "Uploads"),
    "intake-object-created": ("IntakeFunction", "Uploads"),
    "ocr-job": ("OcrFunction", "Jobs"),
    "understand-jobs": ("UnderstandFunction", "Jobs"),
    "notify-job": ("NotifyFunction", "Jobs"),
    "failures-ocr-dead-letter": ("FailuresFunction", "OcrDeadLetters"),
    "failures-intake-dead-letter": ("FailuresFunction", "IntakeDeadLetters"),
    "publisher-audit-inserts": ("PublisherFunction", "Outbox"),
    "sweeper-schedule": ("SweeperFunction", "EveryFiveMinutes"),
    "api-get-dossier": ("ApiFunction", "GetDossier"),
    "api-list-dossiers": ("ApiFunction", "ListDossiers"),
    "api-post-decision": ("ApiFunction", "Decide"),
    "api-post-applicant-search": ("ApiFunction", "SearchApplicant"),
    "api-get-document": ("ApiFunction", "GetDocument"),
    "api-post-counter-supplement": ("ApiFunction", "CounterSupplement"),
}
SQS_RECORD_KEYS = {
    "messageId",
    "receiptHandle",
    "body",
    "attributes",
    "messageAttributes",
    "md5OfBody",
    "eventSource",
    "eventSourceARN",
    "awsRegion",
}


def source(name: str) -> tuple[str, dict[str, Any]]:
    fn, ev = SOURCES[name]
    spec = resolver().functions()[fn]["Events"][ev]
    return spec["Type"], resolver().resolve(spec.get("Properties") or {})


def test_every_event_file_has_a_source() -> None:
    assert sorted(p.stem for p in EVENTS.glob("*.json")) == sorted(SOURCES)


@pytest.mark.parametrize("name", [n for n in SOURCES if source(n)[0] == "SQS"])
def test_sqs_events_come_from_the_functions_queue(name: str) -> None:
    _, props = source(name)
    records = event(name)["Records"]
    assert 1 <= len(records) <= int(props["BatchSize"])
    for r in records:
        assert set(r) == SQS_RECORD_KEYS
        assert r["eventSource"] == "aws:sqs" and r["eventSourceARN"] == props["Queue"]
        assert r["md5OfBody"] == hashlib.md5(r["body"].encode()).hexdigest()
        assert int(r["attributes"]["ApproximateReceiveCount"]) >= 1
    assert len({r["messageId"] for r in records}) == len(records)


def test_s3_notifications_name_the_uploaded_objects() -> None:
    [test_event] = bodies(event("intake-s3-test-event"))
    assert test_event["Event"] == "s3:TestEvent"
    uploads = {f"incoming/{A}/{FORM}": FORM_BYTES, f"incoming/{A}/manifest.json": manifest_bytes(A)}
    notified = [b["Records"][0] for b in bodies(event("intake-object-created"))]
    assert [unquote_plus(n["s3"]["object"]["key"]) for n in notified] == list(uploads)
    for n, data in zip(notified, uploads.values(), strict=True):
        assert n["eventName"].startswith("ObjectCreated:")
        assert n["s3"]["bucket"]["name"] == resolver().names["UploadBucket"]
        assert n["s3"]["object"]["size"] == len(data)
        assert n["s3"]["object"]["eTag"] == hashlib.md5(data).hexdigest()
    # keys arrive URL-encoded: '+' for a space, %-escapes for Vietnamese letters
    assert "T%E1%BB%9D+khai+%C4%91%C4%83ng+k%C3%BD" in notified[0]["s3"]["object"]["key"]


def test_stream_records_are_audit_items_as_the_table_writes_them() -> None:
    _, props = source("publisher-audit-inserts")
    pattern = json.loads(props["FilterCriteria"]["Filters"][0]["Pattern"])
    records = event("publisher-audit-inserts")["Records"]
    assert 1 <= len(records) <= int(props["BatchSize"])
    for r in records:
        assert r["eventName"] in pattern["eventName"] and r["eventSource"] == "aws:dynamodb"
        assert r["eventSourceARN"] == props["Stream"]
        ddb = r["dynamodb"]
        assert ddb["StreamViewType"] == "NEW_AND_OLD_IMAGES"  # as RecordsTable's stream
        assert "OldImage" not in ddb  # an INSERT has none
        entry = json.loads(ddb["NewImage"]["body"]["S"])
        assert ddb["NewImage"] == _audit_item(A, entry)
        assert ddb["Keys"] == {k: ddb["NewImage"][k] for k in ("pk", "sk")}
        assert validate(entry["event"]) == []
    sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert sequence == sorted(sequence)


def test_the_schedule_event() -> None:
    kind, _ = source("sweeper-schedule")
    evt = event("sweeper-schedule")
    assert kind == "Schedule"
    assert (evt["source"], evt["detail-type"], evt["detail"]) == (
        "aws.events",
        "Scheduled Event",
        {},
    )


@pytest.mark.parametrize("name", [n for n in SOURCES if n.startswith("api-")])
def test_api_events_match_their_route(name: str) -> None:
    kind, props = source(name)
    evt = event(name)
    assert kind == "Api"
    assert (evt["httpMethod"], evt["resource"]) == (props["Method"], props["Path"])
    assert evt["requestContext"]["resourcePath"] == props["Path"]
    stage = template()["Resources"]["Api"]["Properties"]["StageName"]
    assert evt["requestContext"]["stage"] == stage
    assert evt["requestContext"]["path"] == f"/{stage}{evt['path']}"
    path = props["Path"]
    for k, v in (evt["pathParameters"] or {}).items():
        path = path.replace(f"{{{k}}}", v)
    assert evt["path"] == path
    if evt["body"] is not None:
        assert json.loads(evt["body"])
        assert evt["headers"]["Content-Type"] == "application/json"
