"""IntakeFunction on S3 notifications delivered through SQS (tests/events/intake-*.json)."""

from __future__ import annotations

import pytest

from tests.integration.conftest import FORM, MANIFESTS, A, Stack, event

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
