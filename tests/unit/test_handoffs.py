"""Nothing stuck, nothing twice: the hand-off into reading is sent after the write that
decides it and again when that step is retried; the OCR stage reads one job per run; a
stalled dossier is started again once, then failed; a failed one can be started again; a
decision's dossier number and notices are its own (issue 14)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from hoso.records import validate
from hoso.services import InvalidAction, decision, handoff, housekeeping, intake, ocr_stage, sweeper
from hoso.services import restart as restarting
from hoso.services.context import Outcome
from hoso.status import Action
from tests.unit.conftest import ART, UP, drain, published, put_manifest

pytestmark = pytest.mark.unit


class FlakyQueue:
    """A queue whose next ``failures`` sends raise (SQS unreachable, throttled...)."""

    def __init__(self, inner: Any, failures: int) -> None:
        self.inner, self.failures = inner, failures

    def send(self, queue: str, body: Any) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("could not reach the queue")
        self.inner.send(queue, body)


def _upload(objects: Any, did: str, **manifest: Any) -> str:
    objects.put(UP, f"incoming/{did}/a.pdf", "TỜ KHAI\nGIẤY CHỨNG SINH".encode())
    return put_manifest(
        objects, did, {"dossier_id": did, "procedure_code": "KHAI_SINH", **manifest}
    )


def test_a_send_that_fails_after_the_write_is_sent_again_by_the_retry(env):
    p, objects, records, queue, events, _ = env
    key = _upload(objects, "h1")
    p.queue = FlakyQueue(queue, failures=1)
    with pytest.raises(ConnectionError):
        intake.on_upload(p, UP, key)  # the record is written, the job is not sent
    assert records.record("h1")["status"] == "processing"
    assert not queue.messages["ocr"]
    assert intake.on_upload(p, UP, key) == Outcome.DUPLICATE  # SQS redelivers the upload
    assert len(queue.messages["ocr"]) == 1
    drain(p, queue)
    rec = records.record("h1")
    assert rec["status"] == "received" and rec["runs"] == 1 and validate(rec) == []
    assert published(p, records, events) == ["DossierReceived", "DossierAccepted"]


def test_a_run_is_read_once_however_often_its_job_is_sent(env):
    p, objects, records, queue, _, _ = env
    key = _upload(objects, "h2")
    intake.on_upload(p, UP, key)
    intake.on_upload(p, UP, key)  # the station repeats itself: the job goes again
    first, second = queue.messages["ocr"]
    assert first["run"] == second["run"] == 1 and first["token"] != second["token"]
    queue.messages["ocr"].clear()
    assert ocr_stage.run(p, first) == Outcome.DONE
    assert ocr_stage.run(p, second) == Outcome.DUPLICATE  # the run is read already
    assert ocr_stage.run(p, first) == Outcome.DONE  # a redelivery of the reading job goes on
    assert len(queue.messages["understand"]) == 2


def test_a_job_of_an_earlier_run_is_not_read(env):
    p, objects, records, queue, _, clock = env
    key = _upload(objects, "h3")
    intake.on_upload(p, UP, key)
    old = queue.messages["ocr"].pop()
    clock["now"] += timedelta(minutes=p.settings.stalled_processing_minutes + 1)
    assert sweeper.sweep(p)["stalled"] == ["h3"]
    assert records.record("h3")["runs"] == 2
    assert ocr_stage.run(p, old) == Outcome.DUPLICATE
    new = queue.messages["ocr"].pop()
    assert new["run"] == 2 and ocr_stage.run(p, new) == Outcome.DONE


def test_a_stalled_dossier_is_started_again_once_then_failed(env):
    p, objects, records, queue, events, clock = env
    intake.on_upload(p, UP, _upload(objects, "h4"))
    queue.messages["ocr"].clear()  # the job is lost
    minutes = p.settings.stalled_processing_minutes
    clock["now"] += timedelta(minutes=minutes - 1)
    assert sweeper.sweep(p)["stalled"] == []  # not yet
    clock["now"] += timedelta(minutes=2)
    assert sweeper.sweep(p)["stalled"] == ["h4"]
    rec = records.record("h4")
    assert rec["status"] == "processing" and rec["restarts"] == 1 and validate(rec) == []
    assert len(queue.messages["ocr"]) == 1
    assert sweeper.sweep(p)["stalled"] == []  # the restart is a change: the clock resets
    queue.messages["ocr"].clear()  # lost again
    clock["now"] += timedelta(minutes=minutes + 1)
    assert sweeper.sweep(p)["stalled"] == ["h4"]
    rec = records.record("h4")
    assert rec["status"] == "failed" and validate(rec) == []
    assert "no progress" in rec["errors"][-1]["reason"] and rec["errors"][-1]["code"] == "stalled"
    assert not queue.messages["ocr"]
    assert published(p, records, events) == [
        "DossierReceived",
        "ProcessingRestarted",
        "ProcessingFailed",
    ]
    trail = records.audit_trail("h4")
    assert trail[1]["action"] == Action.PROCESSING_RESTARTED and "no progress" in trail[1]["note"]


def test_a_failed_dossier_is_read_again_when_an_operator_says_so(env):
    p, objects, records, queue, events, _ = env
    intake.on_upload(p, UP, _upload(objects, "h5"))
    queue.messages["ocr"].clear()
    housekeeping.dead_letter(p, stage="ocr", dossier_id="h5", attempts=3)
    assert records.record("h5")["status"] == "failed"
    rec = restarting.reprocess(p, "h5", actor="op-1", note="OCR fixed").to_dict()
    assert rec["status"] == "processing" and rec["runs"] == 2
    assert not [e for e in rec["errors"] if e.get("stage") == "ocr"]  # the old run's failure
    drain(p, queue)
    rec = records.record("h5")
    assert rec["status"] == "received" and validate(rec) == []
    trail = records.audit_trail("h5")
    assert (trail[-2]["action"], trail[-2]["actor"]) == (Action.REPROCESSED, "op-1")
    assert "OCR fixed" in trail[-2]["note"]
    assert published(p, records, events)[-2:] == ["ProcessingRestarted", "DossierAccepted"]
    with pytest.raises(InvalidAction, match="cannot reprocess"):
        restarting.reprocess(p, "h5", actor="op-1")


def test_a_dossier_that_failed_at_intake_cannot_be_read_again(env):
    p, objects, records, _, _, _ = env
    objects.put(UP, "incoming/h6/a.pdf", b"TO KHAI")
    intake.on_upload(
        p, UP, put_manifest(objects, "h6", {"dossier_id": "h6", "procedure_code": "NOPE"})
    )
    with pytest.raises(InvalidAction, match="failed at intake"):
        restarting.reprocess(p, "h6", actor="op-1")


def test_a_job_too_large_for_a_message_travels_through_the_bucket(env):
    p, objects, records, queue, _, _ = env
    intake.on_upload(p, UP, _upload(objects, "h7"))
    (small,) = queue.messages["ocr"]
    assert "files" in small  # an ordinary job is the message itself
    queue.messages["ocr"].clear()
    big = {**small, "manifest": {**small["manifest"], "note": "x" * handoff.MAX_INLINE_BYTES}}
    del big["token"]
    handoff.send(p, "ocr", big)
    (message,) = queue.messages["ocr"]
    assert set(message) == {"dossier_id", "job_key", "token"}
    assert objects.get(ART, message["job_key"])
    assert handoff.opened(p, message)["files"][0]["name"] == "a.pdf"
    drain(p, queue)
    assert records.record("h7")["status"] == "received"


def test_a_retried_decision_keeps_its_dossier_number(env):
    p, objects, records, queue, _, _ = env
    p.notices = lambda dossier, occasion, **extra: {"receipt": b"%PDF-1.7"}
    intake.on_upload(p, UP, _upload(objects, "h8"))
    drain_until_notify(p, queue)
    (job,) = queue.messages["notify"]
    real = records.transition
    calls = {"n": 0}

    def lose_once(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:  # the decision's write fails once (e.g. the process dies)
            raise ConnectionError("lost")
        real(*args, **kwargs)

    records.transition = lose_once  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        decision.run(p, job)
    records.transition = real  # type: ignore[method-assign]
    assert decision.run(p, job) == "received"
    rec = records.record("h8")
    assert rec["dossier_code"].endswith("-0001")  # the retry did not take a second number
    assert records.reserve_sequence("another", "000.00.00.H40#260305") == 2
    # each attempt stored its receipt under its own key; the record links the winner's
    linked = rec["documents"]["receipt"].removeprefix(f"s3://{ART}/")
    receipts = [k for k in objects.objects if k[1].endswith("/receipt.pdf")]
    assert len(receipts) == 2 and (ART, linked) in receipts


def drain_until_notify(p: Any, queue: Any) -> None:
    from hoso.services import understanding

    while (job := queue.pop("ocr")) is not None:
        ocr_stage.run(p, job)
    while (job := queue.pop("understand")) is not None:
        understanding.run(p, job)


def test_the_stages_of_an_earlier_run_do_not_decide(env):
    p, objects, records, queue, _, clock = env
    intake.on_upload(p, UP, _upload(objects, "h9"))
    drain_until_notify(p, queue)  # the first run's reading is done; its decision waits
    (old,) = queue.messages["notify"]
    assert old["run"] == 1
    queue.messages["notify"].clear()
    clock["now"] += timedelta(minutes=p.settings.stalled_processing_minutes + 1)
    assert sweeper.sweep(p)["stalled"] == ["h9"]  # started again meanwhile
    assert decision.run(p, old) == Outcome.SKIPPED
    assert records.record("h9")["status"] == "processing"
    drain(p, queue)
    rec = records.record("h9")
    assert rec["status"] == "received" and rec["runs"] == 2


def test_a_restarted_run_reads_afresh_even_when_the_earlier_one_had_handed_on(env):
    p, objects, records, queue, _, clock = env
    p.settings.ocr_pages_per_invocation = 1  # two page ranges: the fanned-out path
    intake.on_upload(p, UP, _upload(objects, "h10"))
    while (job := queue.pop("ocr")) is not None:
        ocr_stage.run(p, job)
    assert len(queue.messages["understand"]) == 1
    queue.messages["understand"].clear()  # the hand-off to understanding is lost
    clock["now"] += timedelta(minutes=p.settings.stalled_processing_minutes + 1)
    assert sweeper.sweep(p)["stalled"] == ["h10"]
    drain(p, queue)
    rec = records.record("h10")
    assert rec["status"] == "received" and rec["runs"] == 2 and len(rec["pages"]) == 2


def test_two_ranges_finishing_side_by_side_hand_on_once(env):
    p, objects, records, queue, _, _ = env
    p.settings.ocr_pages_per_invocation = 1
    intake.on_upload(p, UP, _upload(objects, "h11"))
    ocr_stage.run(p, queue.pop("ocr"))  # the plan: two range jobs
    first, second = queue.messages["ocr"]
    queue.messages["ocr"].clear()
    assert ocr_stage.run(p, second) == Outcome.PART_READ
    assert ocr_stage.run(p, first) == Outcome.DONE  # every range done: it hands on
    # the other range had seen every range done at the same moment (before the hand-on
    # marker was written): it must not hand on a second time
    marker = [k for k in objects.objects if k[1].endswith("handed-on.json")]
    for k in marker:
        del objects.objects[k]
    assert ocr_stage.run(p, second) == Outcome.PART_READ
    assert ocr_stage.run(p, first) == Outcome.DONE  # the claimant's own redelivery may
    assert len(queue.messages["understand"]) == 2  # (the claimant twice: same reading)
