"""Pipeline stages against in-memory ports, with fake OCR/understanding (no AWS, no Tesseract)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hoso.records import validate
from hoso.services import housekeeping, intake, ocr_stage, sweeper
from hoso.services.context import Outcome
from tests.unit.conftest import UP, drain, fake_assess, published, put_manifest

pytestmark = pytest.mark.unit


def test_multi_file_dossier_becomes_one_record(env):
    p, objects, records, queue, events, _ = env
    objects.put(UP, "incoming/d1/a.pdf", "TỜ KHAI\nGIẤY CHỨNG SINH".encode())
    objects.put(UP, "incoming/d1/b.jpg", b"CCCD")
    assert intake.on_upload(p, UP, "incoming/d1/a.pdf") == "part"
    assert intake.on_upload(p, UP, "incoming/d1/b.jpg") == "part"
    assert records.record("d1")["status"] == "uploading"
    key = put_manifest(objects, "d1", {"dossier_id": "d1", "procedure_code": "KHAI_SINH"})
    assert intake.on_upload(p, UP, key) == "started"
    assert intake.on_upload(p, UP, key) == "duplicate"  # redelivered notification
    drain(p, queue)
    rec = records.record("d1")
    assert rec["status"] == "received"
    assert [f["name"] for f in rec["files"]] == ["a.pdf", "b.jpg"]
    assert len(rec["pages"]) == 3 and validate(rec) == []
    assert published(p, records, events) == [
        "DossierUploadStarted",
        "DossierReceived",
        "DossierAccepted",
    ]
    trail = [(a["from_status"], a["to_status"]) for a in records.audit_trail("d1")]
    assert trail == [(None, "uploading"), ("uploading", "processing"), ("processing", "received")]


def test_redelivered_stage_messages_record_once(env):
    p, objects, records, queue, events, _ = env
    objects.put(UP, "incoming/d2/a.pdf", b"TO KHAI")
    put_manifest(objects, "d2", {"dossier_id": "d2", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/d2/manifest.json")
    job = queue.messages["ocr"][0]
    drain(p, queue)
    assert ocr_stage.run(p, job) == "skipped"
    assert records.record("d2")["status"] == "supplement_requested"
    assert published(p, records, events) == ["DossierReceived", "SupplementRequested"]
    assert records.record("d2")["missing_components"][0]["reason"] == "Thiếu Giấy chứng sinh"


@pytest.mark.parametrize(
    ("manifest", "reason_part"),
    [
        (b"{not json", "not valid JSON"),
        ({"dossier_id": "d3"}, "procedure_code"),
        ({"dossier_id": "other", "procedure_code": "KHAI_SINH"}, "names dossier 'other'"),
        ({"dossier_id": "d3", "procedure_code": "NOPE"}, "unknown procedure code 'NOPE'"),
        (
            {"dossier_id": "d3", "procedure_code": "KHAI_SINH", "files": ["x.pdf"]},
            "not uploaded: x.pdf",
        ),
    ],
)
def test_bad_manifests_end_as_failed_records(env, manifest, reason_part):
    p, objects, records, queue, events, _ = env
    objects.put(UP, "incoming/d3/a.pdf", b"TO KHAI")
    key = put_manifest(objects, "d3", manifest)
    assert intake.on_upload(p, UP, key) == Outcome.REJECTED
    rec = records.record("d3")
    assert rec["status"] == "failed"
    assert any(reason_part in e["reason"] for e in rec["errors"]), rec["errors"]
    assert validate(rec) == []
    assert published(p, records, events)[-1] == "ProcessingFailed"
    assert not queue.messages["ocr"]


def test_single_pdf_with_procedure_metadata(env):
    p, objects, records, queue, *_ = env
    objects.put(
        UP,
        "incoming/d4/ho-so.pdf",
        "TỜ KHAI\nGIẤY CHỨNG SINH".encode(),
        metadata={"procedure-code": "KHAI_SINH"},
    )
    assert intake.on_upload(p, UP, "incoming/d4/ho-so.pdf") == "started"
    drain(p, queue)
    assert records.record("d4")["status"] == "received"


def test_unreadable_file_is_recorded_not_lost(env):
    p, objects, records, queue, *_ = env
    objects.put(UP, "incoming/d5/empty.pdf", b"")
    objects.put(UP, "incoming/d5/a.pdf", "GIẤY CHỨNG SINH".encode())
    put_manifest(objects, "d5", {"dossier_id": "d5", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/d5/manifest.json")
    drain(p, queue)
    rec = records.record("d5")
    assert rec["status"] == "received"
    assert any("empty" in e["reason"] and e["file"] == "empty.pdf" for e in rec["errors"])


def test_all_files_unreadable_fails(env):
    p, objects, records, queue, *_ = env
    objects.put(UP, "incoming/d6/empty.pdf", b"")
    put_manifest(objects, "d6", {"dossier_id": "d6", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/d6/manifest.json")
    drain(p, queue)
    rec = records.record("d6")
    assert rec["status"] == "failed"
    assert any(e["code"] == "no_readable_page" for e in rec["errors"])


def test_upload_outside_contract_is_a_warning_then_fails_with_reason(env):
    """Not started: the reason is a warning (the object is ignored); with nothing else coming
    the sweeper fails the dossier, saying why (tests/unit/test_intake_bounds.py: started)."""
    p, objects, records, _, _, clock = env
    objects.put(UP, "incoming/loose.pdf", b"x")
    assert intake.on_upload(p, UP, "incoming/loose.pdf") == Outcome.REJECTED
    rec = records.record("loose")
    assert rec["status"] == "uploading" and "without a procedure code" in rec["warnings"][0]
    objects.put(UP, "incoming/a/b/c.pdf", b"x")
    assert intake.on_upload(p, UP, "incoming/a/b/c.pdf") == Outcome.REJECTED
    assert "no other sub-folders" in records.record("a")["warnings"][0]
    clock["now"] += timedelta(minutes=31)
    assert sorted(sweeper.sweep(p)["stale_uploads"]) == ["a", "loose"]
    reason = records.record("loose")["errors"][0]["reason"]
    assert "manifest.json was not uploaded" in reason and "without a procedure code" in reason


def test_sweeper_fails_dossiers_without_manifest(env):
    p, objects, records, _, _, clock = env
    objects.put(UP, "incoming/d7/a.pdf", b"x")
    intake.on_upload(p, UP, "incoming/d7/a.pdf")
    assert sweeper.sweep(p)["stale_uploads"] == []
    clock["now"] += timedelta(minutes=31)
    assert sweeper.sweep(p)["stale_uploads"] == ["d7"]
    assert records.record("d7")["errors"][0]["code"] == "manifest_missing"


def test_dead_letter_reason_carries_last_error(env):
    p, objects, records, *_ = env
    objects.put(UP, "incoming/d8/a.pdf", b"x")
    put_manifest(objects, "d8", {"dossier_id": "d8", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/d8/manifest.json")
    housekeeping.note_error(p, "d8", stage="ocr", reason="RuntimeError: tesseract exploded")
    assert housekeeping.dead_letter(p, stage="ocr", dossier_id="d8", attempts=3)
    rec = records.record("d8")
    assert rec["status"] == "failed"
    assert (
        "failed 3 times; last error: RuntimeError: tesseract exploded"
        in rec["errors"][-1]["reason"]
    )


def test_supplement_restarts_processing(env):
    p, objects, records, queue, events, clock = env
    objects.put(UP, "incoming/d9/a.pdf", b"TO KHAI")
    put_manifest(objects, "d9", {"dossier_id": "d9", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/d9/manifest.json")
    drain(p, queue)
    first = records.record("d9")
    assert first["status"] == "supplement_requested" and first["supplement_requested_at"]
    clock["now"] += timedelta(days=2)
    objects.put(UP, "incoming/d9/supplement-1/b.pdf", "GIẤY CHỨNG SINH".encode())
    objects.put(
        UP,
        "incoming/d9/supplement-1/manifest.json",
        b'{"dossier_id": "d9", "procedure_code": "KHAI_SINH"}',
    )
    assert intake.on_upload(p, UP, "incoming/d9/supplement-1/manifest.json") == "started"
    drain(p, queue)
    rec = records.record("d9")
    assert rec["status"] == "received" and rec["supplements"] == 1
    assert rec["received_at"] == first["received_at"]
    assert rec["counting_from"] > first["received_at"]
    assert published(p, records, events) == [
        "DossierReceived",
        "SupplementRequested",
        "SupplementReceived",
        "DossierAccepted",
    ]


def test_large_dossier_fans_out_in_page_ranges_and_fans_in_once(env):
    p, objects, records, queue, events, _ = env
    p.settings.ocr_pages_per_invocation = 4
    text = "\n".join(["TỜ KHAI"] + [f"trang {i}" for i in range(2, 10)] + ["GIẤY CHỨNG SINH"])
    objects.put(UP, "incoming/big/a.pdf", text.encode())
    objects.put(UP, "incoming/big/b.pdf", b"CCCD\nmat sau")
    put_manifest(objects, "big", {"dossier_id": "big", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/big/manifest.json")
    assert ocr_stage.run(p, queue.pop("ocr")) == Outcome.FANNED_OUT
    parts = list(queue.messages["ocr"])
    queue.messages["ocr"].clear()
    assert len(parts) == 4
    assert [ocr_stage.run(p, j) for j in parts[:3]] == [Outcome.PART_READ] * 3
    # a redelivered part does not complete the set
    assert ocr_stage.run(p, parts[0]) == Outcome.PART_READ
    assert not queue.messages["understand"]
    assert ocr_stage.run(p, parts[3]) == "done"
    assert len(queue.messages["understand"]) == 1
    drain(p, queue)
    rec = records.record("big")
    assert rec["status"] == "received"
    assert [(x["file"], x["index"]) for x in rec["pages"]] == [
        *[("a.pdf", i) for i in range(1, 11)],
        ("b.pdf", 1),
        ("b.pdf", 2),
    ]
    assert [f["pages"] for f in rec["files"]] == [10, 2]


def test_papers_are_judged_on_the_vietnamese_day_of_receipt(env):
    """01:30 in Hà Nội on 1 March is still 28 February in UTC (the servers' clock)."""
    p, objects, records, queue, *_ = env
    seen: list[date] = []

    def assess(procedure, pages, *, manifest, today):
        seen.append(today)
        return fake_assess(procedure, pages, manifest=manifest, today=today)

    p.assess = assess
    objects.put(UP, "incoming/d9/a.pdf", "GIẤY CHỨNG SINH".encode())
    put_manifest(
        objects,
        "d9",
        {
            "dossier_id": "d9",
            "procedure_code": "KHAI_SINH",
            "received_at": "2026-03-01T01:30:00+07:00",
        },
    )
    intake.on_upload(p, UP, "incoming/d9/manifest.json")
    drain(p, queue)
    assert records.record("d9")["status"] == "received"
    assert seen == [date(2026, 3, 1)]
