"""The officers' verbs of `hoso` on the local stack, run as an officer runs them: the work
list, one dossier, decisions and the agency's steps, refusals, `--json`, a closed pipe."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest

from hoso.records import validate
from hoso_local.stack import STACK_FILE
from tests.e2e.conftest import hoso_env, upload_pdf, wait_record
from tests.pdfs import GIAY_CHUNG_SINH, TO_KHAI_KHAI_SINH, make_pdf

pytestmark = pytest.mark.e2e
HOSO = str(Path(sys.executable).parent / "hoso")
OFFICER = "can-bo-h40.ubndxa"  # the commune's officer: KHAI_SINH is the commune's procedure
# a paper hoso cannot place next to a missing birth certificate: an officer must look
UNPLACED = (
    "BỆNH VIỆN ĐA KHOA\nGIẤY XÁC NHẬN\n"
    "Sản phụ đã sinh con ngày 01/02/2026 tại bệnh viện, bé trai nặng 3,2 kg."
)


def hoso(*args: str, stack: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    """The `hoso` command against the session's stack (as with `hoso up`)."""
    data: Path = stack["runtime"].data_dir
    (data / STACK_FILE).write_text(json.dumps(stack["info"]))
    return subprocess.run(
        [HOSO, *args], capture_output=True, text=True, timeout=600, env=hoso_env(data)
    )


def lines(r: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    """stdout as JSON lines (it holds nothing else)."""
    return [json.loads(line) for line in r.stdout.splitlines()]


def one(r: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert r.returncode == 0, r.stderr[-2000:]
    found = lines(r)
    assert len(found) == 1, r.stdout
    return found[0]


def submitted(stack: dict[str, Any], pages: list[str], prefix: str = "OF") -> dict[str, Any]:
    did = f"{prefix}-{uuid.uuid4().hex[:8]}"
    s3 = boto3.client(
        "s3", endpoint_url=stack["info"]["endpoint_url"], region_name="ap-southeast-1"
    )
    s3.put_object(
        Bucket=stack["info"]["upload_bucket"],
        Key=f"incoming/{did}/ho-so.pdf",
        Body=make_pdf(pages),
        Metadata={"procedure-code": "KHAI_SINH"},
    )
    return wait_record(stack["client"], did)


def complete(stack: dict[str, Any]) -> dict[str, Any]:
    rec = submitted(stack, [TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH])
    assert rec["status"] == "received", rec
    return rec


def in_review(stack: dict[str, Any]) -> dict[str, Any]:
    rec = submitted(stack, [TO_KHAI_KHAI_SINH, UNPLACED])
    assert rec["status"] == "needs_review", rec
    return rec


def test_the_work_list_and_one_dossier(stack):
    did = in_review(stack)["dossier_id"]
    r = hoso("dossiers", "--status", "needs_review", "--as", OFFICER, "--json", stack=stack)
    assert r.returncode == 0, r.stderr[-2000:]
    listed = lines(r)  # every line of stdout is a record
    assert did in {x["dossier_id"] for x in listed}
    assert all(x["status"] == "needs_review" and validate(x) == [] for x in listed)
    assert f"{len(listed)} dossier" in r.stderr
    table = hoso("dossiers", "--status", "needs_review", stack=stack)
    assert table.returncode == 0 and did in table.stdout and "needs_review" in table.stdout

    shown = one(hoso("show", did, "--json", stack=stack))
    assert shown["dossier_id"] == did and shown["status"] == "needs_review"
    assert [a["action"] for a in shown["audit"]] == ["accepted_for_processing", "decided"]
    r = hoso("show", did, stack=stack)
    assert r.returncode == 0, r.stderr[-2000:]
    for part in ("components and their evidence", "Tờ khai đăng ký khai sinh", "audit trail"):
        assert part in r.stdout
    assert "hoso-notify" in r.stdout and "processing → needs_review" in r.stdout


def test_an_officer_decides_and_the_agency_carries_the_dossier_to_delivery(stack):
    did = in_review(stack)["dossier_id"]
    rec = one(hoso("decide", did, "received", "--as", OFFICER, "--json", stack=stack))
    assert rec["status"] == "received" and rec["dossier_code"] and rec["due_at"]
    assert rec["decided_by"] == OFFICER
    for verb, status in (
        ("processing", "in_progress"),
        ("result", "result_ready"),
        ("deliver", "delivered"),
    ):
        r = hoso(verb, did, "--as", OFFICER, stack=stack)  # the table: the new state
        assert r.returncode == 0, r.stderr[-2000:]
        assert did in r.stdout and status in r.stdout, r.stdout
    trail = stack["client"].audit(did)
    by_officer = [(a["action"], a["to_status"]) for a in trail if a["actor"] == OFFICER]
    assert by_officer == [
        ("officer_decision", "received"),
        ("processing_started", "in_progress"),
        ("result_ready", "result_ready"),
        ("delivered", "delivered"),
    ]


def test_a_decision_to_ask_for_a_supplement_lists_the_items(stack):
    did = in_review(stack)["dossier_id"]
    rec = one(
        hoso(
            "decide",
            did,
            "supplement_requested",
            "--missing",
            "Giấy chứng sinh: bản chính, không phải giấy xác nhận của bệnh viện",
            "--json",
            stack=stack,
        )
    )
    assert rec["status"] == "supplement_requested"
    assert rec["missing_components"] == [
        {
            "name": "Giấy chứng sinh",
            "reason": "bản chính, không phải giấy xác nhận của bệnh viện",
        }
    ]
    assert "supplement-request" in rec["documents"]


def test_apology_then_withdrawal(stack):
    rec = complete(stack)
    did = rec["dossier_id"]
    one(hoso("processing", did, "--json", stack=stack))
    later = "2030-01-15T16:30"  # Vietnam time, after any appointment of this run
    moved = one(
        hoso(
            "apology", did, "--reason", "Chờ xác minh", "--new-due-at", later, "--json", stack=stack
        )
    )
    assert moved["new_due_at"] == "2030-01-15T09:30:00.000Z" and moved["apology_at"]
    assert "apology" in moved["documents"]
    gone = one(hoso("withdraw", did, "--reason", "Công dân rút hồ sơ", "--json", stack=stack))
    assert gone["status"] == "withdrawn" and gone["withdrawn_at"]
    notes = {a["action"]: a["note"] for a in stack["client"].audit(did)}
    assert notes["apology_issued"] == "Chờ xác minh" and notes["withdrawn"] == "Công dân rút hồ sơ"
    ours = {"processing_started", "apology_issued", "withdrawn"}
    actors = {a["actor"] for a in stack["client"].audit(did) if a["action"] in ours}
    assert actors == {"trung-tam"}  # the default officer: the centre's


def test_refusals_exit_1_with_the_reason_on_stderr(stack):
    did = in_review(stack)["dossier_id"]
    r = hoso("processing", did, "--json", stack=stack)
    assert r.returncode == 1 and r.stdout == ""
    assert "refused (409" in r.stderr and "needs_review" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    r = hoso("deliver", f"KHONG-CO-{uuid.uuid4().hex[:6]}", stack=stack)
    assert r.returncode == 1 and r.stdout == ""
    assert "not found (404" in r.stderr and "KHONG-CO" in r.stderr
    r = hoso("show", did, "--as", "khong-ai", stack=stack)  # no such officer locally
    assert r.returncode == 2 and "no local officer 'khong-ai'" in r.stderr and r.stdout == ""
    r = hoso("decide", did, "supplement_requested", "--missing", "no reason", stack=stack)
    assert r.returncode == 2 and '"name: reason"' in r.stderr  # argparse: a usage error
    r = hoso("apology", did, "--reason", "x", "--new-due-at", "2030-01-15", stack=stack)
    assert r.returncode == 2 and "give the time too" in r.stderr
    assert stack["client"].record(did)["status"] == "needs_review"  # nothing changed


def test_a_closed_pipe_ends_the_listing_quietly(stack):
    for _ in range(24):  # more JSON than a pipe holds (64 KiB), so writing must meet the close
        complete(stack)
    data: Path = stack["runtime"].data_dir
    (data / STACK_FILE).write_text(json.dumps(stack["info"]))
    proc = subprocess.Popen(
        [HOSO, "dossiers", "--status", "received", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=hoso_env(data),
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = json.loads(proc.stdout.readline())  # `| head -1`
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert first["status"] == "received"
    stderr = proc.stderr.read().decode()
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr


def test_record_and_the_work_list_without_hoso_up(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [HOSO, *args], capture_output=True, text=True, timeout=600, env=hoso_env(tmp_path)
        )

    paper = tmp_path / "HS-EMB-1.pdf"
    paper.write_bytes(make_pdf([TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH]))
    r = run("submit", str(paper), "--procedure", "KHAI_SINH", "--json")
    assert r.returncode == 0, r.stderr[-2000:]
    assert not (tmp_path / STACK_FILE).exists()  # no `hoso up`: each command embeds a stack
    r = run("record", "HS-EMB-1", "--audit")
    assert r.returncode == 0, r.stderr[-2000:]
    rec = json.loads(r.stdout)
    assert rec["status"] == "received" and rec["audit"]
    r = run("dossiers", "--status", "received", "--json")
    assert r.returncode == 0, r.stderr[-2000:]
    assert [x["dossier_id"] for x in lines(r)] == ["HS-EMB-1"]
    assert "embedded stack" in r.stderr
    r = run("record", "HS-KHONG-CO")
    assert r.returncode == 1 and "no record for HS-KHONG-CO" in r.stderr


def test_an_agency_filter_lists_only_that_agency(stack):
    did = complete(stack)["dossier_id"]
    r = hoso("dossiers", "--status", "received", "--agency", "H40.UBNDXA", "--json", stack=stack)
    assert r.returncode == 0, r.stderr[-2000:]
    listed = lines(r)
    assert did in {x["dossier_id"] for x in listed}
    assert {x["agency"] for x in listed} == {"H40.UBNDXA"}
    r = hoso("dossiers", "--status", "received", "--agency", "H40.CAT", "--json", stack=stack)
    assert r.returncode == 0 and did not in r.stdout


def test_every_page_once_with_all(stack):
    for _ in range(3):
        complete(stack)
    whole = hoso(
        "dossiers", "--status", "received", "--limit", "200", "--all", "--json", stack=stack
    )
    paged = hoso("dossiers", "--status", "received", "--limit", "2", "--all", "--json", stack=stack)
    assert whole.returncode == 0 and paged.returncode == 0, (whole.stderr, paged.stderr)
    ids = [x["dossier_id"] for x in lines(paged)]
    assert len(ids) == len(set(ids)) >= 3
    assert set(ids) == {x["dossier_id"] for x in lines(whole)}


# ---- review: the supplement request, the counter supplement, corrections, documents
def test_a_supplement_request_sent_from_review(stack):
    did = in_review(stack)["dossier_id"]
    rec = one(
        hoso(
            "request",
            did,
            "--missing",
            "Giấy chứng sinh: bản chính",
            "--as",
            OFFICER,
            "--json",
            stack=stack,
        )
    )
    assert rec["status"] == "supplement_requested"
    assert [m["name"] for m in rec["missing_components"]] == ["Giấy chứng sinh"]
    assert "supplement-request" in rec["documents"]
    assert stack["client"].audit(did)[-1]["actor"] == OFFICER


def test_a_supplement_handed_in_at_the_counter(stack):
    asked = [submitted(stack, [TO_KHAI_KHAI_SINH]) for _ in range(2)]
    assert all(rec["status"] == "supplement_requested" for rec in asked), asked
    done = one(
        hoso(
            "counter-supplement",
            asked[0]["dossier_id"],
            "--complete",
            "--note",
            "Bản chính giấy chứng sinh nộp tại quầy",
            "--json",
            stack=stack,
        )
    )
    assert done["status"] == "received" and done["dossier_code"] and done["due_at"]
    short = one(
        hoso(
            "counter-supplement",
            asked[1]["dossier_id"],
            "--incomplete",
            "--note",
            "Chỉ nộp bản sao",
            "--json",
            stack=stack,
        )
    )
    assert short["status"] == "needs_review"


def test_an_officer_corrects_a_page_type(stack):
    rec = in_review(stack)
    did = rec["dossier_id"]
    page = rec["pages"][1]
    label = f"{page['file']}:{page['index']}=giay_chung_sinh"
    after = one(hoso("classify", did, label, "--as", OFFICER, "--json", stack=stack))
    assert after["status"] != "needs_review", after
    fixed = [p for p in after["pages"] if (p["file"], p["index"]) == (page["file"], page["index"])]
    assert fixed and fixed[0]["doc_type"] == "giay_chung_sinh"
    assert stack["client"].audit(did)[-1]["actor"] == OFFICER


def test_show_saves_the_notices_and_the_control_sheet(stack, tmp_path):
    did = complete(stack)["dossier_id"]
    r = hoso("show", did, "--save-pdfs", str(tmp_path / "pdfs"), "--json", stack=stack)
    assert r.returncode == 0, r.stderr[-2000:]
    assert one(r)["dossier_id"] == did
    saved = sorted(p.name for p in (tmp_path / "pdfs").iterdir())
    assert saved == [f"{did}-control-sheet.pdf", f"{did}-receipt.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in (tmp_path / "pdfs").iterdir())


def test_an_officer_works_on_their_agencys_dossiers_and_not_anothers(stack, two_agencies):
    """Through the CLI, as the commune's officer: A's dossiers listed and acted on (each action
    in the audit under that officer), the commune police's neither listed nor readable."""
    mine, theirs = two_agencies["mine"], two_agencies["theirs"]
    listed = hoso(
        "dossiers", "--status", "received", "--all", "--json", "--as", OFFICER, stack=stack
    )
    assert listed.returncode == 0, listed.stderr
    ids = {x["dossier_id"] for x in lines(listed)}
    assert mine in ids and theirs not in ids
    assert {x["agency"] for x in lines(listed)} == {"H40.UBNDXA"}
    refused = hoso("show", theirs, "--as", OFFICER, stack=stack)
    assert refused.returncode == 1 and "403" in refused.stderr and refused.stdout == ""
    refused = hoso("processing", theirs, "--as", OFFICER, stack=stack)
    assert refused.returncode == 1 and "403" in refused.stderr
    for verb, after in (("processing", "in_progress"), ("result", "result_ready")):
        assert one(hoso(verb, mine, "--as", OFFICER, "--json", stack=stack))["status"] == after
    trail = stack["client"].audit(mine)
    assert [(e["action"], e["actor"]) for e in trail][-2:] == [
        ("processing_started", OFFICER),
        ("result_ready", OFFICER),
    ]
    assert [e for e in stack["client"].audit(theirs) if e["actor"] == OFFICER] == []


def test_a_shared_counters_officer_works_for_the_agencies_it_receives_for(stack):
    """Merged counters: `can-bo-quay-cong-an` staffs the counter receiving for the provincial
    police (H40.CAT), so a judicial-record dossier is theirs; the shared departments' counter
    officer does not see it."""
    did = f"OF-{uuid.uuid4().hex[:6]}-lltp"
    upload_pdf(stack["info"], did, "LY_LICH_TU_PHAP")
    assert wait_record(stack["client"], did)["agency"] == "H40.CAT"
    seen = hoso("show", did, "--json", "--as", "can-bo-quay-cong-an", stack=stack)
    assert seen.returncode == 0 and lines(seen)[0]["dossier_id"] == did, seen.stderr
    refused = hoso("show", did, "--as", "can-bo-quay-chung", stack=stack)
    assert refused.returncode == 1 and "403" in refused.stderr
