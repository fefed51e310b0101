"""After intake: officer decisions, agency processing, overdue and apology, withdrawal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hoso.services import BadRequest, InvalidAction, NotFound, deadlines, intake, officer
from tests.unit.conftest import UP, drain, published, put_manifest

pytestmark = pytest.mark.unit


def accepted(p, objects, queue, did="L1"):
    objects.put(UP, f"incoming/{did}/a.pdf", "GIẤY CHỨNG SINH".encode())
    put_manifest(objects, did, {"dossier_id": did, "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, f"incoming/{did}/manifest.json")
    drain(p, queue)


def test_agency_lifecycle_and_events(env):
    p, objects, records, queue, events, clock = env
    p.due_at = lambda received, proc: received + timedelta(days=3)
    accepted(p, objects, queue)
    assert records.record("L1")["due_at"]
    officer.start_processing(p, "L1", actor="so-tu-phap")
    with pytest.raises(InvalidAction, match="cannot deliver"):
        officer.deliver(p, "L1", actor="x")
    officer.result_ready(p, "L1", actor="so-tu-phap")
    rec = officer.deliver(p, "L1", actor="can-bo-01")
    assert rec.status == "delivered" and rec.result_at and rec.delivered_at
    assert published(p, records, events)[-3:] == [
        "ProcessingStarted",
        "ResultReady",
        "ResultDelivered",
    ]


def test_overdue_then_one_apology(env):
    p, objects, records, queue, events, clock = env
    p.due_at = lambda received, proc: received + timedelta(days=3)
    accepted(p, objects, queue)
    assert deadlines.mark_overdue(p) == []
    clock["now"] += timedelta(days=4)
    assert deadlines.mark_overdue(p) == ["L1"]
    assert deadlines.mark_overdue(p) == []  # flagged once
    new_due = clock["now"] + timedelta(days=5)
    officer.apologise(p, "L1", actor="giam-doc", reason="Chờ xác minh", new_due_at=new_due)
    with pytest.raises(InvalidAction, match="only once"):
        officer.apologise(p, "L1", actor="giam-doc", reason="lần nữa", new_due_at=new_due)
    rec = records.record("L1")
    assert rec["new_due_at"] and rec["apology_at"]
    assert published(p, records, events)[-2:] == ["DossierOverdue", "ApologyIssued"]


def test_officer_decides_review(env):
    p, objects, records, queue, events, clock = env
    p.assess = lambda proc, pages, manifest, today: {
        "status": "needs_review",
        "components": [],
        "missing_components": [],
        "applicant": {},
        "pages": [],
        "warnings": ["unsure"],
        "errors": [],
    }
    accepted(p, objects, queue, "L2")
    assert records.record("L2")["status"] == "needs_review"
    with pytest.raises(BadRequest, match="must list"):
        officer.decide(p, "L2", actor="can-bo", status="supplement_requested")
    rec = officer.decide(
        p,
        "L2",
        actor="can-bo",
        status="supplement_requested",
        missing=[{"name": "Giấy chứng sinh", "reason": "Bản chụp mờ"}],
    )
    assert rec.missing_components[0]["reason"] == "Bản chụp mờ"
    assert rec.decided_by == "can-bo"
    with pytest.raises(NotFound):
        officer.decide(p, "nope", actor="x", status="received")


def test_withdraw(env):
    p, objects, records, queue, events, clock = env
    accepted(p, objects, queue, "L3")
    rec = officer.withdraw(p, "L3", actor="can-bo", reason="Người nộp rút hồ sơ")
    assert rec.status == "withdrawn"
    assert published(p, records, events)[-1] == "DossierWithdrawn"
