"""PublisherFunction on the records table's stream (tests/events/publisher-audit-inserts.json)
and SweeperFunction on its schedule (tests/events/sweeper-schedule.json)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest

from hoso.dossier import parse_time
from hoso.services import intake, ocr_stage
from tests.integration.conftest import FORM, A, B, Stack, event

pytestmark = pytest.mark.integration


def entries(evt: dict[str, Any]) -> list[dict[str, Any]]:
    """The audit entries the stream records carry."""
    return [json.loads(r["dynamodb"]["NewImage"]["body"]["S"]) for r in evt["Records"]]


class FailingBus:
    """An event bus that is down for the ``fail_at``-th publication."""

    def __init__(self, fail_at: int) -> None:
        self.fail_at = fail_at
        self.published: list[str] = []

    def publish(self, detail_type: str, detail: Mapping[str, Any]) -> None:
        if len(self.published) == self.fail_at:
            raise RuntimeError("EventBridge is unavailable")
        self.published.append(str(detail["idempotency_key"]))


def test_publisher_relays_each_audit_entry_to_the_bus(stack: Stack) -> None:
    evt = event("publisher-audit-inserts")
    assert stack.invoke("PublisherFunction", evt) == {"batchItemFailures": []}
    got = sorted(stack.published(), key=lambda e: e["detail"]["occurred_at"])
    assert [(e["source"], e["detail-type"], e["detail"]) for e in got] == [
        ("hoso.dossiers", a["event"]["detail_type"], a["event"]["detail"]) for a in entries(evt)
    ]
    assert [e["detail-type"] for e in got] == ["DossierUploadStarted", "DossierReceived"]


@pytest.mark.parametrize("fail_at", [0, 1])
def test_publisher_stops_at_the_first_failure_and_reports_it(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    bus = FailingBus(fail_at)
    monkeypatch.setattr(stack.svc, "events", bus)
    evt = event("publisher-audit-inserts")
    result = stack.invoke("PublisherFunction", evt)
    sequence = evt["Records"][fail_at]["dynamodb"]["SequenceNumber"]
    assert result == {"batchItemFailures": [{"itemIdentifier": sequence}]}
    # published in order up to the failure, none after it
    assert bus.published == [a["id"] for a in entries(evt)][:fail_at]


def test_publisher_skips_what_is_not_an_audit_entry(stack: Stack) -> None:
    evt = event("publisher-audit-inserts")
    for r in evt["Records"]:
        r["eventName"] = "MODIFY"
        r["dynamodb"]["NewImage"]["sk"] = r["dynamodb"]["Keys"]["sk"] = {"S": "RECORD"}
    assert stack.invoke("PublisherFunction", evt) == {"batchItemFailures": []}
    assert stack.published() == []


NOTHING = {
    "stale_uploads": [],
    "stalled": [],
    "supplement_expired": [],
    "due_soon": [],
    "overdue": [],
}


def test_sweeper_fails_stale_uploads_and_flags_overdue_dossiers(stack: Stack) -> None:
    # B: its file arrived, its manifest.json never did
    stack.upload(B, manifest=False)
    assert intake.on_upload(stack.svc, stack.upload_bucket, f"incoming/{B}/{FORM}") == "part"
    # A: received with an appointment, and no result yet
    stack.start(A)
    stack.run_stages()
    due = stack.record(A)["due_at"]
    stack.clock.now = max(parse_time(due), stack.clock.now) + timedelta(minutes=31)
    evt = event("sweeper-schedule")
    assert stack.invoke("SweeperFunction", evt) == {
        "stale_uploads": [B],
        "stalled": [],
        "supplement_expired": [],
        "due_soon": [],
        "overdue": [A],
    }
    stale = stack.record(B)
    assert stale["status"] == "failed"
    assert stale["errors"][0]["code"] == "manifest_missing"
    overdue = stack.record(A)
    assert overdue["status"] == "received" and overdue["overdue_at"]
    # the next run finds nothing new
    assert stack.invoke("SweeperFunction", evt) == NOTHING


def test_sweeper_leaves_fresh_uploads_and_dossiers_on_time(stack: Stack) -> None:
    stack.upload(B, manifest=False)
    intake.on_upload(stack.svc, stack.upload_bucket, f"incoming/{B}/{FORM}")
    stack.start(A)
    stack.run_stages()
    stack.clock.now += timedelta(minutes=5)
    result = stack.invoke("SweeperFunction", event("sweeper-schedule"))
    assert result == NOTHING
    assert stack.record(B)["status"] == "uploading"


def test_sweeper_starts_a_stalled_dossier_again_and_counts_it(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    stack.start(A)
    assert len(stack.messages("OcrQueue")) == 1  # taken off the queue: the job is lost
    stack.clock.now += timedelta(minutes=stack.svc.settings.stalled_processing_minutes + 1)
    capsys.readouterr()
    assert stack.invoke("SweeperFunction", event("sweeper-schedule")) == {**NOTHING, "stalled": [A]}
    emf = [json.loads(line) for line in capsys.readouterr().out.splitlines() if "_aws" in line]
    (metric,) = [m for m in emf if "StuckDossiers" in m]
    assert metric["StuckDossiers"] == [1.0] or metric["StuckDossiers"] == 1.0
    assert metric["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "hoso"
    # the operations stack's alarm watches exactly this dimension (infra/operations.yaml)
    assert metric["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["service"]]
    assert metric["service"] == "sweeper"
    rec = stack.record(A)
    assert rec is not None and rec["status"] == "processing" and rec["restarts"] == 1
    (job,) = stack.messages("OcrQueue")
    assert job["run"] == 2
    stack.clock.now += timedelta(minutes=5)
    ocr_stage.run(stack.svc, job)
    stack.run_stages()
    rec = stack.record(A)
    assert rec is not None and rec["status"] == "received"
