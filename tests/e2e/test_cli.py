"""The `hoso` command as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hoso.records import validate
from tests.e2e.conftest import hoso_env
from tests.pdfs import GIAY_CHUNG_SINH, TO_KHAI_KHAI_SINH, make_pdf

pytestmark = pytest.mark.e2e
HOSO = str(Path(sys.executable).parent / "hoso")


def run(*args: str, data: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HOSO, *args], capture_output=True, text=True, timeout=timeout, env=hoso_env(data)
    )


def test_procedures_json_lists_the_catalog(tmp_path):
    r = run("procedures", "--json", data=tmp_path)
    assert r.returncode == 0, r.stderr
    procs = [json.loads(line) for line in r.stdout.splitlines()]
    codes = {p["code"] for p in procs}
    assert {"KHAI_SINH", "LY_LICH_TU_PHAP"} <= codes
    assert all(p["components"] for p in procs)


def test_submit_without_a_running_stack_starts_one(tmp_path):
    dossier = tmp_path / "HS-CLI-1"
    dossier.mkdir()
    (dossier / "1-to-khai.pdf").write_bytes(make_pdf([TO_KHAI_KHAI_SINH]))
    (dossier / "2-giay-chung-sinh.pdf").write_bytes(make_pdf([GIAY_CHUNG_SINH]))
    single = tmp_path / "HS-CLI-2.pdf"
    single.write_bytes(make_pdf([TO_KHAI_KHAI_SINH]))
    r = run(
        "submit",
        str(dossier),
        str(single),
        "--procedure",
        "KHAI_SINH",
        "--json",
        data=tmp_path / "state",
    )
    assert r.returncode == 0, r.stderr[-3000:]
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["dossier_id"] for x in records] == ["HS-CLI-1", "HS-CLI-2"]
    for rec in records:
        assert validate(rec) == []
        assert rec["status"] in ("received", "supplement_requested", "needs_review")
    assert len(records[0]["pages"]) == 2


def test_ocr_prints_page_text(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(make_pdf([TO_KHAI_KHAI_SINH]))
    r = run("ocr", str(pdf), "--json", data=tmp_path)
    assert r.returncode == 0, r.stderr
    page = json.loads(r.stdout.splitlines()[0])
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in page["text"]
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    r = run("ocr", str(bad), data=tmp_path)
    assert r.returncode == 1 and "cannot read bad.pdf" in r.stderr


@pytest.mark.slow
def test_demo_outcomes_match_expectations(tmp_path):
    r = run("demo", data=tmp_path, timeout=900)
    assert r.returncode == 0, (r.stdout[-4000:], r.stderr[-4000:])
    assert "dossier outcomes" in r.stdout
    assert "after the supplement" in r.stdout  # the second act: a supplement completes one
