"""The stage functions (OCR, understanding, notify) on SQS jobs, and the failures function on
dead letters (tests/events/{ocr,understand,notify}-*.json, failures-*.json)."""

from __future__ import annotations

import json
import re

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from hoso.services import restart
from tests.integration.conftest import FORM, A, B, Stack, bodies, event

pytestmark = pytest.mark.integration


def failed_ids(result: dict) -> list[str]:
    return [f["itemIdentifier"] for f in result["batchItemFailures"]]


def lose_scan(stack: Stack, dossier_id: str) -> None:
    """The uploaded file disappears: its OCR job cannot succeed."""
    stack.clients["s3"].delete_object(
        Bucket=stack.upload_bucket, Key=f"incoming/{dossier_id}/{FORM}"
    )


def test_ocr_reads_every_page_and_hands_on_to_understanding(stack: Stack) -> None:
    stack.start(A)
    evt = event("ocr-job")
    untoken = lambda jobs: [{k: v for k, v in j.items() if k != "token"} for j in jobs]  # noqa: E731
    # the job is the one intake sends (each sent job has a token of its own)
    assert untoken(stack.messages("OcrQueue")) == untoken(bodies(evt))
    assert stack.invoke("OcrFunction", evt) == {"batchItemFailures": []}
    [job] = stack.messages("UnderstandQueue")
    assert job == bodies(event("understand-jobs"))[0]
    art = stack.name("ArtefactBucket")
    ocr = json.loads(stack.clients["s3"].get_object(Bucket=art, Key=job["ocr_key"])["Body"].read())
    assert [p["text"] for p in ocr["pages"]] == ["TỜ KHAI ĐĂNG KÝ KHAI SINH", "GIẤY CHỨNG SINH"]
    assert stack.record(A)["status"] == "processing"


def test_a_failing_ocr_job_fails_the_invocation_and_is_noted_on_the_record(stack: Stack) -> None:
    stack.start(A)
    stack.messages("OcrQueue")
    lose_scan(stack, A)
    # a batch of one (BatchSize 1): when every record fails, powertools raises rather than
    # listing them, and Lambda returns the whole batch to the queue
    with pytest.raises(BatchProcessingError, match="All records failed"):
        stack.invoke("OcrFunction", event("ocr-job"))
    rec = stack.record(A)
    assert rec["status"] == "processing"  # SQS retries; the dead letter decides
    assert rec["last_error"]["stage"] == "ocr"
    assert rec["last_error"]["reason"].startswith("NoSuchKey")
    assert stack.messages("UnderstandQueue") == []


def test_understanding_reports_only_the_failing_record_of_a_batch(stack: Stack) -> None:
    for d in (A, B):
        stack.start(d)
    stack.run_stages(until="OcrQueue")
    evt = event("understand-jobs")
    sent = sorted(stack.messages("UnderstandQueue"), key=lambda j: j["dossier_id"])
    assert sent == bodies(evt)
    stack.clients["s3"].delete_object(Bucket=stack.name("ArtefactBucket"), Key=sent[1]["ocr_key"])
    result = stack.invoke("UnderstandFunction", evt)
    assert failed_ids(result) == [evt["Records"][1]["messageId"]]
    assert stack.record(B)["last_error"]["stage"] == "understand"
    assert "NoSuchKey" in stack.record(B)["last_error"]["reason"]
    assert "last_error" not in stack.record(A)
    assert stack.messages("NotifyQueue") == bodies(event("notify-job"))


def test_notify_decides_and_issues_the_receipt_once(stack: Stack) -> None:
    stack.start(A)
    stack.run_stages(until="UnderstandQueue")
    evt = event("notify-job")
    assert stack.messages("NotifyQueue") == bodies(evt)
    assert stack.invoke("NotifyFunction", evt) == {"batchItemFailures": []}
    rec = stack.record(A)
    assert rec["status"] == "received"
    assert rec["dossier_code"] == "000.00.00.H40-260305-0001"
    assert rec["due_at"]
    art = stack.name("ArtefactBucket")
    receipt = rec["documents"]["receipt"]
    assert re.fullmatch(
        rf"s3://{art}/dossiers/{A}/notices/r\d+-[0-9a-f]{{12}}/receipt\.pdf", receipt
    )
    key = receipt.removeprefix(f"s3://{art}/")
    pdf = stack.clients["s3"].get_object(Bucket=art, Key=key)
    assert pdf["ContentType"] == "application/pdf"
    # a redelivered job finds the dossier decided: nothing changes, nothing fails
    assert stack.invoke("NotifyFunction", event("notify-job")) == {"batchItemFailures": []}
    assert stack.record(A) == rec


def test_an_ocr_dead_letter_ends_the_dossier_failed_with_its_reason(stack: Stack) -> None:
    stack.start(A)
    stack.messages("OcrQueue")
    lose_scan(stack, A)
    with pytest.raises(BatchProcessingError):  # the last attempt, which noted its error
        stack.invoke("OcrFunction", event("ocr-job"))
    evt = event("failures-ocr-dead-letter")
    result = stack.invoke("FailuresFunction", evt)
    # the dead letter stays in its queue (reported back) while the dossier is failed
    assert failed_ids(result) == [evt["Records"][0]["messageId"]]
    rec = stack.record(A)
    assert rec["status"] == "failed"
    [err] = rec["errors"]
    assert err["code"] == "stage_failed" and err["stage"] == "ocr"
    assert err["reason"].startswith("the ocr stage failed 4 times; last error: NoSuchKey")
    trail = stack.svc.records.audit_trail(A)
    assert trail[-1]["action"] == "failed" and trail[-1]["note"] == err["reason"]


def test_an_intake_dead_letter_names_the_dossier_by_its_key(stack: Stack) -> None:
    evt = event("failures-intake-dead-letter")
    result = stack.invoke("FailuresFunction", evt)
    assert failed_ids(result) == [evt["Records"][0]["messageId"]]  # kept for redrive
    rec = stack.record("Q1-20260305-0009")
    assert rec is not None and rec["status"] == "failed"
    assert rec["errors"][0]["reason"] == "the intake stage failed 4 times"


def test_a_dead_letter_leaves_a_decided_dossier_as_it_is(stack: Stack) -> None:
    stack.start(A)
    stack.run_stages()
    before = stack.record(A)
    assert before["status"] == "received"
    result = stack.invoke("FailuresFunction", event("failures-ocr-dead-letter"))
    assert stack.record(A) == before
    assert result == {"batchItemFailures": []}  # nothing to redrive: let it go


def test_a_dead_letter_is_kept_until_its_dossier_is_started_again(stack: Stack) -> None:
    stack.start(A)
    stack.messages("OcrQueue")
    evt = event("failures-ocr-dead-letter")
    for _ in range(2):  # delivered again (hourly) while the dossier waits: kept, nothing new
        assert failed_ids(stack.invoke("FailuresFunction", evt)) == [evt["Records"][0]["messageId"]]
    trail = stack.svc.records.audit_trail(A)
    assert [a["action"] for a in trail] == ["accepted_for_processing", "failed"]
    restart.reprocess(stack.svc, A, actor="op-1")  # hoso redrive
    # the old run's dead letter, seen again, neither fails the new run nor stays
    assert stack.invoke("FailuresFunction", evt) == {"batchItemFailures": []}
    assert stack.record(A)["status"] == "processing"
