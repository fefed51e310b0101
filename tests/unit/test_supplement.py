"""The missing-document loop: one request, the supplement, its period, the warnings.

Dates are real 2026 dates of the Nghệ An calendar (Tết 16–20/2, 30/4–1/5, the swapped
Saturday 22/8 for 31/8, Quốc khánh 1–2/9); times are UTC (Vietnam is UTC+7).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from hoso.events import latest_document, next_document_name
from hoso.services import (
    BadRequest,
    InvalidAction,
    deadlines,
    defaults,
    intake,
    officer,
    review,
    sweeper,
)
from hoso.services.keys import split_upload_key, supplement_number
from hoso.status import DossierStatus as S
from tests.unit.conftest import ART, UP, FakeProcedure, drain, published, put_manifest

pytestmark = pytest.mark.unit


@pytest.fixture
def env(env):
    """The services' fixture, with the real notices (PDF) and calendar."""
    env[0].notices = defaults.notices
    return env


CHUNG_SINH = "GIẤY CHỨNG SINH".encode()


def utc(y, m, d, h=3, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=UTC)


def local(value: str) -> str:
    """An ISO UTC timestamp as local (Vietnam) date and time, minutes."""
    return (datetime.fromisoformat(value.replace("Z", "+00:00")) + timedelta(hours=7)).strftime(
        "%Y-%m-%d %H:%M"
    )


def incomplete(p, objects, queue, did="S1", applicant=None):
    """A dossier without its birth certificate: hoso requests it."""
    objects.put(UP, f"incoming/{did}/a.pdf", b"TO KHAI")
    manifest = {"dossier_id": did, "procedure_code": "KHAI_SINH", "received_by": "can-bo-1"}
    if applicant:
        manifest["applicant"] = applicant
    put_manifest(objects, did, manifest)
    intake.on_upload(p, UP, f"incoming/{did}/manifest.json")
    drain(p, queue)


def supplement(p, objects, did, n, files, manifest=None):
    for name, body in files.items():
        objects.put(UP, f"incoming/{did}/supplement-{n}/{name}", body)
    key = f"incoming/{did}/supplement-{n}/manifest.json"
    body = {"dossier_id": did, "procedure_code": "KHAI_SINH", **(manifest or {})}
    objects.put(UP, key, json.dumps(body).encode())
    return intake.on_upload(p, UP, key)


def test_supplement_keys_follow_the_station_contract():
    assert split_upload_key("incoming/", "incoming/D1/supplement-2/b.pdf") == (
        "D1",
        "supplement-2/b.pdf",
    )
    assert supplement_number("supplement-2/b.pdf") == 2
    assert supplement_number("b.pdf") is None
    with pytest.raises(Exception, match="supplement-<n>"):
        split_upload_key("incoming/", "incoming/D1/other/b.pdf")


def test_request_deadline_counts_working_days_over_tet(env):
    p, objects, records, queue, _, clock = env
    clock["now"] = utc(2026, 2, 12)  # Thursday 12/2/2026, 10:00 in Vietnam
    incomplete(p, objects, queue)
    rec = records.record("S1")
    assert rec["status"] == "supplement_requested" and rec["supplement_requests"] == 1
    # 15 working days from the notice: 13/2, then Tết (16-20/2) is skipped, 23/2 ... 12/3
    assert local(rec["supplement_due_at"]) == "2026-03-12 17:00"
    assert re.search(
        r"/notices/r\d+-[0-9a-f]{12}/supplement-request\.pdf$",
        rec["documents"]["supplement-request"],
    )


def test_supplement_completes_the_dossier_keeping_pages_and_details(env):
    p, objects, records, queue, events, clock = env
    clock["now"] = utc(2026, 4, 27)
    incomplete(p, objects, queue, applicant={"phone": "0912345678", "email": "a@example.vn"})
    clock["now"] = utc(2026, 4, 29, 2)  # Wednesday before 30/4-1/5
    assert supplement(p, objects, "S1", 1, {"b.pdf": CHUNG_SINH}) == "started"
    mid = records.record("S1")
    assert mid["status"] == "processing"
    assert mid["applicant"]["phone"] == "0912345678" and mid["received_by"] == "can-bo-1"
    drain(p, queue)
    rec = records.record("S1")
    assert rec["status"] == "received" and rec["supplements"] == 1
    assert [f["name"] for f in rec["files"]] == ["a.pdf", "supplement-1/b.pdf"]
    assert [pg["file"] for pg in rec["pages"]] == ["a.pdf", "supplement-1/b.pdf"]
    assert rec["applicant"]["email"] == "a@example.vn"
    assert rec["counting_from"] == "2026-04-29T02:00:00.000Z"  # restarted
    assert set(rec["documents"]) == {"supplement-request", "receipt"}
    assert published(p, records, events) == [
        "DossierReceived",
        "SupplementRequested",
        "SupplementReceived",
        "DossierAccepted",
    ]
    # the supplement's reading carries the first one's pages over
    both = json.loads(objects.get(ART, "dossiers/S1/supplement-1/ocr.json"))
    assert [pg["file"] for pg in both["pages"]] == ["a.pdf", "supplement-1/b.pdf"]
    # redelivered: nothing happens twice
    key = "incoming/S1/supplement-1/manifest.json"
    assert intake.on_upload(p, UP, key) == "duplicate"


def test_a_manifest_marked_supplement_in_the_dossier_folder(env):
    p, objects, records, queue, _, clock = env
    incomplete(p, objects, queue)
    objects.put(UP, "incoming/S1/b.pdf", CHUNG_SINH)
    body = {"dossier_id": "S1", "procedure_code": "KHAI_SINH", "supplement": True}
    put_manifest(objects, "S1", {**body, "files": ["b.pdf"]})
    assert intake.on_upload(p, UP, "incoming/S1/manifest.json") == "started"
    drain(p, queue)
    rec = records.record("S1")
    assert rec["status"] == "received"
    assert [f["name"] for f in rec["files"]] == ["a.pdf", "b.pdf"]
    # the same name as a paper already given is refused, with the reason
    p2 = "S2"
    incomplete(p, objects, queue, did=p2)
    put_manifest(objects, p2, {**body, "dossier_id": p2, "files": ["a.pdf"]})
    assert intake.on_upload(p, UP, f"incoming/{p2}/manifest.json") == "rejected"
    rec2 = records.record(p2)
    assert rec2["status"] == "supplement_requested"
    assert "already holds" in rec2["warnings"][-1]


def test_an_incomplete_supplement_goes_to_review_never_a_second_request(env):
    p, objects, records, queue, events, clock = env
    incomplete(p, objects, queue)
    clock["now"] += timedelta(days=1)
    supplement(p, objects, "S1", 1, {"c.pdf": b"ANH CHAN DUNG"})
    drain(p, queue)
    rec = records.record("S1")
    assert rec["status"] == "needs_review"
    assert rec["supplement_requests"] == 1
    assert [m["name"] for m in rec["missing_components"]] == ["Giấy chứng sinh"]
    assert "one request only" in rec["warnings"][-1]
    assert set(rec["documents"]) == {"supplement-request"}
    # a further request needs a written reason
    missing = [{"name": "Giấy chứng sinh", "reason": "Thiếu bản chính"}]
    with pytest.raises(BadRequest, match="written reason") as exc:
        officer.decide(p, "S1", actor="can-bo-2", status="supplement_requested", missing=missing)
    assert exc.value.field == "note"
    officer.decide(
        p,
        "S1",
        actor="can-bo-2",
        status="supplement_requested",
        missing=missing,
        note="Bản nộp bổ sung là ảnh chân dung, không phải Giấy chứng sinh",
    )
    rec = records.record("S1")
    assert rec["supplement_requests"] == 2
    assert set(rec["documents"]) == {"supplement-request", "supplement-request-2"}
    first, second = (rec["documents"][n] for n in ("supplement-request", "supplement-request-2"))
    assert first != second and second.endswith("/supplement-request-2.pdf")
    assert objects.get(ART, first.removeprefix(f"s3://{ART}/"))  # kept
    assert objects.get(ART, second.removeprefix(f"s3://{ART}/"))
    trail = records.audit_trail("S1")
    assert trail[-1]["note"].startswith("Bản nộp bổ sung")
    assert trail[-1]["event"]["detail"]["request_number"] == 2
    assert trail[-1]["event"]["detail"]["notice"] == "supplement-request-2"
    assert published(p, records, events)[-2:] == ["ReviewRequested", "SupplementRequested"]


def test_no_supplement_in_time_closes_the_dossier_once(env):
    p, objects, records, queue, events, clock = env
    clock["now"] = utc(2026, 2, 12)
    incomplete(p, objects, queue)
    clock["now"] = utc(2026, 3, 12, 9, 59)  # 16:59 on the last day: still open
    assert sweeper.sweep(p)["supplement_expired"] == []
    clock["now"] = utc(2026, 3, 12, 10, 1)
    assert sweeper.sweep(p)["supplement_expired"] == ["S1"]
    assert sweeper.sweep(p)["supplement_expired"] == []
    rec = records.record("S1")
    assert rec["status"] == "closed" and rec["closed_at"]
    closure = rec["documents"]["closure"]
    assert re.search(r"/notices/r\d+-[0-9a-f]{12}/closure\.pdf$", closure)
    assert objects.get(ART, closure.removeprefix(f"s3://{ART}/")).startswith(b"%PDF")
    detail = records.audit_trail("S1")[-1]["event"]["detail"]
    assert detail["notice"] == "closure" and "supplement period ended" in detail["reason"]
    assert published(p, records, events)[-1] == "DossierClosed"


def test_a_late_supplement_is_refused_and_the_dossier_closed(env):
    p, objects, records, queue, events, clock = env
    clock["now"] = utc(2026, 2, 12)
    incomplete(p, objects, queue)
    clock["now"] = utc(2026, 3, 13, 2)  # the day after the period, before the sweeper ran
    assert supplement(p, objects, "S1", 1, {"b.pdf": CHUNG_SINH}) == "rejected"
    rec = records.record("S1")
    assert rec["status"] == "closed"
    assert "after the supplement period ended" in rec["warnings"][-1]
    assert published(p, records, events)[-2:] == ["DossierClosed", "SupplementRefused"]
    assert not queue.messages["ocr"]


def test_supplements_nobody_asked_for_are_refused_with_the_reason(env):
    p, objects, records, queue, events, clock = env
    objects.put(UP, "incoming/R1/a.pdf", CHUNG_SINH)
    put_manifest(objects, "R1", {"dossier_id": "R1", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/R1/manifest.json")
    drain(p, queue)
    assert records.record("R1")["status"] == "received"
    assert supplement(p, objects, "R1", 1, {"b.pdf": CHUNG_SINH}) == "rejected"
    rec = records.record("R1")
    assert rec["status"] == "received" and "only while a supplement request" in rec["warnings"][-1]
    # a supplement for a dossier hoso never received
    assert supplement(p, objects, "NOPE", 1, {"b.pdf": CHUNG_SINH}) == "rejected"
    assert records.record("NOPE")["errors"][-1]["code"] == "unknown_dossier"
    # a new manifest under a taken id: refused, with how to send a supplement
    objects.put(UP, "incoming/R1/z.pdf", CHUNG_SINH)
    put_manifest(
        objects, "R1", {"dossier_id": "R1", "procedure_code": "KHAI_SINH", "files": ["z.pdf"]}
    )
    assert intake.on_upload(p, UP, "incoming/R1/manifest.json") == "rejected"
    assert "supplement-<n>" in records.record("R1")["warnings"][-1]
    # the station repeating the first manifest is a duplicate, not a refusal
    put_manifest(objects, "R1", {"dossier_id": "R1", "procedure_code": "KHAI_SINH"})
    assert intake.on_upload(p, UP, "incoming/R1/manifest.json") == "duplicate"


@dataclass
class KeptClock:
    amount: int = 3
    unit: str = "working_days"
    cutoff: str | None = None
    restart_on_supplement: bool = False
    supplement_period_working_days: int = 5


@dataclass
class KeepingProcedure(FakeProcedure):
    processing_time: KeptClock = field(default_factory=KeptClock)


def test_a_procedure_that_keeps_the_clock_counts_without_the_wait(env):
    p, objects, records, queue, _, clock = env
    p.catalog = type("C", (), {"get": lambda self, code, on=None: KeepingProcedure(code)})()

    def due_at(start, procedure):
        return p.calendar.add_working_days(start, procedure.processing_time.amount)

    p.due_at = due_at
    clock["now"] = utc(2026, 8, 19)  # Wednesday 19/8/2026
    incomplete(p, objects, queue)
    rec = records.record("S1")
    # 5 working days: 20, 21, Saturday 22/8 (swapped: a working day), 24, 25
    assert local(rec["supplement_due_at"]) == "2026-08-25 17:00"
    clock["now"] = utc(2026, 8, 24)  # Monday: 3 working days after the request (20, 21, 22)
    supplement(p, objects, "S1", 1, {"b.pdf": CHUNG_SINH})
    drain(p, queue)
    rec = records.record("S1")
    assert rec["counting_from"] == rec["received_at"]  # kept, not restarted
    # 3 working days from 19/8 = 24/8 (20, 21, 22), plus the 3 working days waited: 27/8
    assert local(rec["due_at"]) == "2026-08-27 17:00"


def test_a_counter_supplement_keeps_the_clock_too(env):
    """The same supplement handed in on paper at the counter: the same due date."""
    p, objects, records, queue, events, clock = env
    p.catalog = type("C", (), {"get": lambda self, code, on=None: KeepingProcedure(code)})()
    p.due_at = lambda start, procedure: p.calendar.add_working_days(start, 3)
    clock["now"] = utc(2026, 8, 19)
    incomplete(p, objects, queue)
    clock["now"] = utc(2026, 8, 24)
    rec = review.counter_supplement(
        p, "S1", actor="can-bo-2", complete=True, note="Bản chính Giấy chứng sinh"
    ).to_dict()
    assert rec["status"] == "received" and rec["dossier_code"]
    assert rec["counting_from"] == rec["received_at"] and rec["supplements"] == 1
    assert local(rec["due_at"]) == "2026-08-27 17:00"
    assert set(rec["documents"]) == {"supplement-request", "receipt"}
    last = records.audit_trail("S1")[-1]
    assert (last["action"], last["actor"]) == ("counter_supplement_received", "can-bo-2")
    assert "(processing time kept)" in last["note"]
    assert published(p, records, events)[-1] == "DossierAccepted"


def test_an_incomplete_counter_supplement_is_reviewed_and_a_late_one_refused(env):
    p, objects, records, queue, _, clock = env
    incomplete(p, objects, queue)
    with pytest.raises(BadRequest) as exc:
        review.counter_supplement(p, "S1", actor="x", complete=True, note=" ")
    assert exc.value.field == "note"
    still = [{"name": "Giấy chứng sinh", "reason": "Bản sao không chứng thực"}]
    rec = review.counter_supplement(
        p, "S1", actor="can-bo-2", complete=False, note="Bản sao", missing=still
    )
    assert rec.status == "needs_review" and rec.missing_components == still
    assert not rec.dossier_code and rec.supplement_received_at
    incomplete(p, objects, queue, did="S2")
    clock["now"] += timedelta(days=60)  # after the supplement period
    with pytest.raises(InvalidAction, match="supplement period"):
        review.counter_supplement(p, "S2", actor="can-bo-2", complete=True, note="Muộn")


def test_due_soon_once_then_overdue_and_again_after_the_moved_date(env):
    p, objects, records, queue, events, clock = env
    p.settings.due_soon_working_hours = 8

    def due_at(start, procedure):
        return p.calendar.add_working_days(start, 1)

    p.due_at = due_at
    clock["now"] = utc(2026, 4, 28, 2)  # Tuesday 28/4/2026, 09:00
    objects.put(UP, "incoming/O1/a.pdf", CHUNG_SINH)
    put_manifest(objects, "O1", {"dossier_id": "O1", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/O1/manifest.json")
    drain(p, queue)
    rec = records.record("O1")
    assert local(rec["due_at"]) == "2026-04-29 17:00"  # Wednesday, before 30/4-1/5
    assert deadlines.warn_due_soon(p) == []  # 09:00 Tuesday: 15.5 working hours left
    clock["now"] = utc(2026, 4, 29, 2)  # Wednesday 09:00: within 8 working hours
    assert deadlines.warn_due_soon(p) == ["O1"]
    assert deadlines.warn_due_soon(p) == []  # once
    clock["now"] = utc(2026, 4, 29, 11)  # 18:00: the date passed
    assert deadlines.mark_overdue(p) == ["O1"]
    assert deadlines.mark_overdue(p) == []
    officer.apologise(
        p, "O1", actor="lanh-dao", reason="Chờ xác minh", new_due_at=utc(2026, 5, 4, 10)
    )
    clock["now"] = utc(2026, 5, 4, 3)  # Monday 4/5 10:00 (30/4, 1/5 and the weekend off)
    assert deadlines.warn_due_soon(p) == ["O1"]  # the moved date gets its warning
    clock["now"] = utc(2026, 5, 4, 11)
    assert deadlines.mark_overdue(p) == ["O1"]  # flagged again: the moved date passed too
    assert deadlines.mark_overdue(p) == []
    overdue = [
        e["event"]["detail"]["missed_due_at"]
        for e in records.audit_trail("O1")
        if e["action"] == "overdue"
    ]
    assert [local(d) for d in overdue] == ["2026-04-29 17:00", "2026-05-04 17:00"]
    assert published(p, records, events)[-5:] == [
        "DossierDueSoon",
        "DossierOverdue",
        "ApologyIssued",
        "DossierDueSoon",
        "DossierOverdue",
    ]


def test_notice_names_are_versioned_never_reused():
    docs: dict[str, str] = {}
    assert next_document_name(docs, "supplement-request") == "supplement-request"
    docs["supplement-request"] = "s3://a/1"
    assert next_document_name(docs, "supplement-request") == "supplement-request-2"
    docs["supplement-request-2"] = "s3://a/2"
    assert latest_document(docs, "supplement-request") == "supplement-request-2"
    assert next_document_name(docs, "supplement-request") == "supplement-request-3"
    assert latest_document(docs, "receipt") is None


def test_status_closed_is_a_dead_end():
    from hoso.status import Action, can

    assert not can(Action.SUPPLEMENT_RECEIVED, S.CLOSED)
    assert can(Action.SUPPLEMENT_REFUSED, S.CLOSED)
    assert not can(Action.WITHDRAWN, S.CLOSED)


def test_a_same_day_procedure_is_not_warned_only_flagged(env):
    p, objects, records, queue, _, clock = env
    p.due_at = lambda start, procedure: p.calendar.add_working_days(start, 0)
    clock["now"] = utc(2026, 9, 3, 2)  # Thursday 3/9/2026 09:00, after Quốc khánh 1-2/9
    objects.put(UP, "incoming/D0/a.pdf", CHUNG_SINH)
    put_manifest(objects, "D0", {"dossier_id": "D0", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/D0/manifest.json")
    drain(p, queue)
    assert local(records.record("D0")["due_at"]) == "2026-09-03 17:00"
    assert deadlines.warn_due_soon(p) == []  # due soon from the start: no warning
    clock["now"] = utc(2026, 9, 3, 10, 30)
    assert deadlines.mark_overdue(p) == ["D0"]


def test_a_supplements_files_without_its_manifest_are_visible_on_the_record(env):
    p, objects, records, queue, _, clock = env
    incomplete(p, objects, queue)
    objects.put(UP, "incoming/S1/supplement-1/b.pdf", CHUNG_SINH)
    assert intake.on_upload(p, UP, "incoming/S1/supplement-1/b.pdf") == "part"
    assert intake.on_upload(p, UP, "incoming/S1/supplement-1/b.pdf") == "part"
    rec = records.record("S1")
    assert rec["status"] == "supplement_requested"
    assert (
        rec["warnings"].count("files of supplement-1 arrived; waiting for its manifest.json") == 1
    )
    supplement(p, objects, "S1", 1, {"b.pdf": CHUNG_SINH})
    drain(p, queue)
    rec = records.record("S1")
    assert rec["status"] == "received" and not any("waiting for" in w for w in rec["warnings"])


def test_a_broken_second_manifest_does_not_undo_the_first(env):
    p, objects, records, queue, _, clock = env
    incomplete(p, objects, queue)
    put_manifest(objects, "S1", b"{not json")
    assert intake.on_upload(p, UP, "incoming/S1/manifest.json") == "rejected"
    rec = records.record("S1")
    assert rec["status"] == "supplement_requested"
    assert rec["warnings"][-1].startswith("upload refused: manifest.json is not valid JSON")
