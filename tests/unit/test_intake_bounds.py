"""Intake within bounds (issue 14): no input value in a reason, limits as settings, exact id
checks, and a stray upload that never fails another station's dossier."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from hoso.codes import parse_dossier_code
from hoso.errors import UploadLayoutError
from hoso.privacy import mask_text
from hoso.records import validate
from hoso.resources import ecma_regex, schema_errors
from hoso.services import intake, keys, queries
from hoso.services.context import Outcome
from hoso.services.messaging import email_address
from hoso_aws.bootstrap import settings as settings_from
from tests.unit.conftest import UP, drain, published, put_manifest
from tests.unit.test_console_queries import pdf_text

pytestmark = pytest.mark.unit

APPLICANT = {
    "name": "Lê Thị Hồng Nhung",
    "id_number": "0401950123459",  # one digit too many
    "phone": "0987 654 321x",
    "email": "nhung@example.vn",
}
NEEDLES = ["Lê Thị Hồng Nhung", "0401950123459", "040195012345", "0987 654 321", "nhung@"]


def _failed(env: Any, did: str, manifest: Any) -> dict[str, Any]:
    p, objects, records, queue, *_ = env
    objects.put(UP, f"incoming/{did}/a.pdf", b"TO KHAI")
    key = put_manifest(objects, did, manifest)
    assert intake.on_upload(p, UP, key) == Outcome.REJECTED
    rec = records.record(did)
    assert rec["status"] == "failed" and validate(rec) == []
    assert not queue.messages["ocr"]
    return rec


# ------------------------------------------------------------ 2. no value in a reason
def test_a_refused_manifest_names_fields_never_values(env):
    p, objects, records, queue, events, _ = env
    manifest = {
        "dossier_id": "PD1",
        "procedure_code": "KHAI_SINH",
        "applicant": {**APPLICANT, "040195012345": "x"},
        "received_by": 42,
    }
    rec = _failed(env, "PD1", manifest)
    reason = rec["errors"][0]["reason"]
    assert "applicant.id_number: must be 12 digits" in reason
    assert "applicant.phone: must be" in reason and "received_by: must be of type string" in reason
    assert "unexpected property <not shown>" in reason
    published(p, records, events)
    [failed] = [d for t, d in events.events if t == "ProcessingFailed"]
    from hoso.services.queries import control_sheet

    texts = {
        "reason": json.dumps(rec, ensure_ascii=False),
        "audit": json.dumps(records.audit_trail("PD1"), ensure_ascii=False),
        "event": json.dumps(failed, ensure_ascii=False),
        "control sheet": pdf_text(control_sheet(p, "PD1") or b""),
    }
    assert {k: [n for n in NEEDLES if n in v] for k, v in texts.items()} == {k: [] for k in texts}


def test_an_unknown_procedure_code_is_quoted_only_when_it_is_a_code(env):
    rec = _failed(env, "PD2", {"dossier_id": "PD2", "procedure_code": "Lê Thị Hồng Nhung"})
    assert "unknown procedure code (not shown: not a code)" in rec["errors"][0]["reason"]


def test_a_stage_error_quoting_an_id_number_is_masked_on_the_record(env):
    from hoso.services import housekeeping

    p, objects, records, *_ = env
    objects.put(UP, "incoming/PD3/a.pdf", b"TO KHAI")
    put_manifest(objects, "PD3", {"dossier_id": "PD3", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/PD3/manifest.json")
    housekeeping.note_error(p, "PD3", stage="ocr", reason="ValueError: bad 040 195 012 345")
    assert records.record("PD3")["last_error"]["reason"] == "ValueError: bad ***345"
    housekeeping.dead_letter(p, stage="ocr", dossier_id="PD3")
    assert "040" not in json.dumps(records.record("PD3")["errors"])


# ------------------------------------------------------------ 3. bounds at intake
class CountingGets:
    """The object store, counting what was downloaded."""

    def __init__(self, objects: Any) -> None:
        self._objects, self.got = objects, []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._objects, name)

    def get(self, bucket: str, key: str) -> bytes:
        self.got.append(key)
        return bytes(self._objects.get(bucket, key))


def test_a_manifest_over_the_size_limit_fails_without_being_read(env):
    p, objects, records, *_ = env
    p.settings.max_manifest_kb = 1
    p.objects = spy = CountingGets(objects)
    manifest = {"dossier_id": "B1", "procedure_code": "KHAI_SINH", "notes": "x" * 1500}
    rec = _failed(env, "B1", manifest)
    assert rec["errors"][0]["code"] == "limit_exceeded"
    assert "over the limit of 1 KB (MaxManifestKilobytes)" in rec["errors"][0]["reason"]
    assert spy.got == []


@pytest.mark.parametrize(
    ("body", "part"),
    [
        (b'{"dossier_id": "B2", "procedure_code": "KHAI_SINH", "x": ' + b"[" * 100_000, "nested"),
        (
            b'{"dossier_id": "B2", "procedure_code": "KHAI_SINH", "x": ' + b"9" * 5000 + b"}",
            "5,000",
        ),
        (b'{"dossier_id": "B2", "procedure_code": "KHAI_SINH", "x": NaN}', "NaN"),
        (b'{"dossier_id": "B2", "procedure_code": "KHAI_SINH", "x": "[[[[[[[[[[[[[[[[[[[["}', "x"),
    ],
)
def test_deep_nesting_and_huge_numbers_fail_the_dossier_with_a_reason(env, body, part):
    rec = _failed(env, "B2", body)
    reason = rec["errors"][0]["reason"]
    assert part in reason, reason
    if part == "nested":
        assert "(MaxManifestDepth)" in reason and rec["errors"][0]["code"] == "limit_exceeded"


def test_too_many_files_fail_whether_listed_or_not(env):
    p, objects, records, *_ = env
    p.settings.max_files = 2
    files = ["a.pdf", "b.pdf", "c.pdf"]
    rec = _failed(env, "B3", {"dossier_id": "B3", "procedure_code": "KHAI_SINH", "files": files})
    assert "3 files, over the limit of 2 (MaxFilesPerDossier)" in rec["errors"][0]["reason"]
    for name in ("b.pdf", "c.pdf"):
        objects.put(UP, f"incoming/B4/{name}", b"TO KHAI")
    rec = _failed(env, "B4", {"dossier_id": "B4", "procedure_code": "KHAI_SINH"})
    assert "over the limit of 2 (MaxFilesPerDossier)" in rec["errors"][0]["reason"]


def test_a_file_over_the_size_limit_fails_by_its_listed_size_unread(env):
    p, objects, records, queue, *_ = env
    p.settings.max_file_mb = 1
    p.objects = spy = CountingGets(objects)
    objects.put(UP, "incoming/B5/big.pdf", b"x" * (1024 * 1024 + 1))
    rec = _failed(env, "B5", {"dossier_id": "B5", "procedure_code": "KHAI_SINH"})
    reason = rec["errors"][0]["reason"]
    assert "over the limit of 1 MB per file (MaxFileMegabytes): 'big.pdf' (1.0 MB)" in reason
    assert spy.got == ["incoming/B5/manifest.json"]


def test_a_supplement_over_the_limits_is_refused(env):
    p, objects, records, queue, *_ = env
    objects.put(UP, "incoming/B6/a.pdf", b"TO KHAI")
    put_manifest(objects, "B6", {"dossier_id": "B6", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/B6/manifest.json")
    drain(p, queue)
    assert records.record("B6")["status"] == "supplement_requested"
    p.settings.max_file_mb = 1
    objects.put(UP, "incoming/B6/supplement-1/gcs.pdf", b"x" * (1024 * 1024 + 1))
    objects.put(UP, "incoming/B6/supplement-1/manifest.json", b'{"dossier_id": "B6", '
                b'"procedure_code": "KHAI_SINH"}')  # fmt: skip
    assert intake.on_upload(p, UP, "incoming/B6/supplement-1/manifest.json") == "rejected"
    rec = records.record("B6")
    assert rec["status"] == "supplement_requested"
    assert "(MaxFileMegabytes)" in rec["warnings"][-1]


def test_too_many_pages_fail_in_the_ocr_plan(env):
    p, objects, records, queue, *_ = env
    p.settings.max_pages = 2
    objects.put(UP, "incoming/B7/a.pdf", b"1\n2")
    objects.put(UP, "incoming/B7/b.pdf", b"3\n4")
    put_manifest(objects, "B7", {"dossier_id": "B7", "procedure_code": "KHAI_SINH"})
    assert intake.on_upload(p, UP, "incoming/B7/manifest.json") == "started"
    drain(p, queue)
    rec = records.record("B7")
    assert rec["status"] == "failed"
    assert rec["errors"][-1]["reason"] == (
        "the dossier has 4 pages or more, over the limit of 2 (MaxPagesPerDossier)"
    )
    assert not queue.messages["understand"]


def test_the_limits_come_from_the_environment():
    env = {"UPLOAD_BUCKET": "u", "ARTEFACT_BUCKET": "a"}
    default = settings_from(env)
    assert (default.max_manifest_kb, default.max_files, default.max_file_mb) == (256, 500, 200)
    assert (default.max_pages, default.max_manifest_depth) == (1000, 16)
    given = {"MAX_MANIFEST_KB": "64", "MAX_FILES": "50", "MAX_FILE_MB": "20", "MAX_PAGES": "300"}
    s = settings_from({**env, **given, "MAX_MANIFEST_DEPTH": "8"})
    assert (s.max_manifest_kb, s.max_files, s.max_file_mb, s.max_pages) == (64, 50, 20, 300)
    assert s.max_manifest_depth == 8
    with pytest.raises(ValueError, match="MAX_FILES must be a positive whole number"):
        settings_from({**env, "MAX_FILES": "0"})


# ------------------------------------------------------------ 4. exact id checks
@pytest.mark.parametrize("text", ["HS-1\n", "HS-1\n\n", "HS 1", ""])
def test_an_id_with_a_trailing_newline_is_no_dossier_id(text):
    assert keys.DOSSIER_ID.match(text) is None
    with pytest.raises(UploadLayoutError):
        keys.split_upload_key("incoming/", f"incoming/{text}/manifest.json")
    problems = schema_errors(
        "station/manifest.schema.json", {"dossier_id": text, "procedure_code": "KHAI_SINH"}
    )
    assert [p for p in problems if p.startswith("dossier_id:")], problems


def test_codes_numbers_addresses_and_folders_are_checked_whole():
    assert keys.supplement_number("supplement-1\n/a.pdf") is None
    with pytest.raises(ValueError):
        parse_dossier_code("000.00.19.H47-260105-0001\nX")
    assert keys.DOSSIER_ID.match("HS-1") and parse_dossier_code("000.00.19.H47-260105-0001")
    assert email_address("an@example.vn\n") == "an@example.vn"  # stripped, then whole
    assert email_address("an@example.vn\nBcc: x@y.vn") is None
    assert queries._ID_NUMBER.match("040195012345\n") is None
    assert ecma_regex("^a$").search("a\n") is None and ecma_regex("^[$]$").search("$")
    assert ecma_regex(r"^a\$$").search("a$") and not ecma_regex(r"^a\$$").search("a$\n")


# ------------------------------------------------------------ 5. stray uploads
def _in_flight(env: Any, did: str, *, decided: bool = False) -> dict[str, Any]:
    p, objects, records, queue, *_ = env
    objects.put(UP, f"incoming/{did}/a.pdf", "GIẤY CHỨNG SINH".encode())
    put_manifest(objects, did, {"dossier_id": did, "procedure_code": "KHAI_SINH"})
    assert intake.on_upload(p, UP, f"incoming/{did}/manifest.json") == "started"
    if decided:
        drain(p, queue)
    return dict(records.record(did))


@pytest.mark.parametrize("decided", [False, True])
@pytest.mark.parametrize(
    "key",
    [
        "incoming/S1/x/y.pdf",  # a sub-folder that is no supplement-<n>
        "incoming/S1\n/y.pdf",  # an invalid id, cleaned to S1
        "incoming/S1.pdf",  # a loose file without a procedure code
    ],
)
def test_a_stray_upload_never_touches_a_dossier_under_way(env, caplog, key, decided):
    p, objects, records, queue, *_ = env
    before = _in_flight(env, "S1", decided=decided)
    trail = records.audit_trail("S1")
    objects.put(UP, key, b"x")
    caplog.set_level(logging.INFO)
    assert intake.on_upload(p, UP, key) == Outcome.IGNORED
    assert records.record("S1") == before and records.audit_trail("S1") == trail
    [line] = [r for r in caplog.records if "outside the station contract" in r.getMessage()]
    assert (line.dossier_id, line.status, line.code) == (
        "S1",
        before["status"],
        "bad_upload_layout",
    )
    [metric] = [r for r in caplog.records if getattr(r, "StrayUploads", None) == 1]
    assert metric._aws["CloudWatchMetrics"][0]["Metrics"] == [
        {"Name": "StrayUploads", "Unit": "Count"}
    ]
    assert "y.pdf" not in caplog.text


def test_a_stray_upload_is_a_warning_on_a_dossier_still_uploading(env):
    p, objects, records, queue, *_ = env
    objects.put(UP, "incoming/S2/a.pdf", "GIẤY CHỨNG SINH".encode())
    assert intake.on_upload(p, UP, "incoming/S2/a.pdf") == "part"
    objects.put(UP, "incoming/S2/scans/b.pdf", b"x")
    assert intake.on_upload(p, UP, "incoming/S2/scans/b.pdf") == Outcome.REJECTED
    assert intake.on_upload(p, UP, "incoming/S2/scans/b.pdf") == Outcome.REJECTED  # once
    [warning] = records.record("S2")["warnings"]
    assert "no other sub-folders" in warning
    put_manifest(objects, "S2", {"dossier_id": "S2", "procedure_code": "KHAI_SINH"})
    assert intake.on_upload(p, UP, "incoming/S2/manifest.json") == "started"
    rec = records.record("S2")
    assert rec["status"] == "processing" and warning in rec["warnings"]
    assert [f["name"] for f in rec["files"]] == ["a.pdf"]  # the stray file is not taken
    drain(p, queue)
    assert records.record("S2")["status"] == "received"


def test_masking_reasons_leaves_hosos_own_reasons_readable():
    reason = (
        "supplement refused: it arrived on 2026-03-05T02:00:00.000Z, after the supplement "
        "period ended on 2026-03-04T10:00:00.000Z; 'to-khai.pdf' is 1.2 MB"
    )
    assert mask_text(reason) == reason


def test_a_file_name_carrying_an_id_number_is_masked_in_reasons(env):
    p, objects, records, queue, *_ = env
    files = ["to-khai.pdf", "cccd 040195012345.pdf"]
    rec = _failed(env, "PD4", {"dossier_id": "PD4", "procedure_code": "KHAI_SINH", "files": files})
    assert rec["errors"][0]["reason"].endswith("not uploaded: to-khai.pdf, cccd ***345.pdf")
    assert "040195012345" not in json.dumps(records.audit_trail("PD4"))
    objects.put(UP, "incoming/PD5/a.pdf", b"TO KHAI")
    put_manifest(objects, "PD5", {"dossier_id": "PD5", "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, "incoming/PD5/manifest.json")
    drain(p, queue)
    objects.put(UP, "incoming/PD5/supplement-1/manifest.json", json.dumps(
        {"dossier_id": "PD5", "procedure_code": "KHAI_SINH", "files": ["0987654321.pdf"]}
    ).encode())  # fmt: skip
    assert intake.on_upload(p, UP, "incoming/PD5/supplement-1/manifest.json") == "rejected"
    assert records.record("PD5")["warnings"][-1].endswith(
        "lists '***321.pdf', which was not uploaded"
    )
