"""The missing-document loop on the local stack, through the real entry points: a station's
uploads, the `hoso` command, the scheduled deadline monitor (with the clock moved)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hoso.dossier import parse_time
from hoso_aws import bootstrap
from hoso_dev.samples import write_sample
from hoso_local.messages import about, captured
from hoso_local.stack import STACK_FILE, Client
from tests.e2e.conftest import hoso_env, wait_record

pytestmark = pytest.mark.e2e
HOSO = str(Path(sys.executable).parent / "hoso")
PROOF = "02_giay_chung_sinh.pdf"  # the birth certificate: taken out, sent later


def hoso(*args: str, stack: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    """The `hoso` command against the running stack (as with `hoso up`)."""
    data: Path = stack["runtime"].data_dir
    (data / STACK_FILE).write_text(json.dumps(stack["info"]))
    return subprocess.run(
        [HOSO, *args], capture_output=True, text=True, timeout=600, env=hoso_env(data)
    )


def incomplete(tmp: Path, did: str, seed: int) -> tuple[Path, Path]:
    """A birth registration without its birth certificate, and the certificate apart."""
    sample = write_sample(tmp / "dossiers", did, "KHAI_SINH", seed=seed)
    later = tmp / f"{did}-supplement"
    later.mkdir()
    shutil.move(str(sample.dir / PROOF), later / PROOF)
    manifest = json.loads((sample.dir / "manifest.json").read_text())
    manifest["files"] = [f for f in manifest["files"] if f != PROOF]
    manifest["applicant"] = {**manifest.get("applicant", {}), "email": "cong.dan@example.vn"}
    manifest["received_by"] = "can-bo-mot-cua"
    manifest.pop("received_at", None)
    (sample.dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))
    return sample.dir, later


def requested(client: Client, path: Path) -> dict[str, Any]:
    did = client.upload_dossier(path)
    rec = wait_record(client, did)
    assert rec["status"] == "supplement_requested", rec
    assert any("chứng sinh" in m["name"].lower() for m in rec["missing_components"])
    return rec


def sent(stack: dict[str, Any], did: str, want: Any, count: int = 1) -> list[dict[str, Any]]:
    """The messages about a dossier that ``want`` picks, once ``count`` of them were sent
    (MessengerFunction runs on its own); a moment more shows there is no extra one."""
    deadline = time.monotonic() + 90
    found: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        found = [m for m in about(captured(stack["info"]["endpoint_url"]), did) if want(m)]
        if len(found) >= count:
            time.sleep(3)
            return [m for m in about(captured(stack["info"]["endpoint_url"]), did) if want(m)]
        time.sleep(0.5)
    raise AssertionError(f"{did}: {count} messages expected, found {found}")


def test_a_supplement_completes_the_dossier_and_the_receipt_follows(stack, tmp_path):
    client: Client = stack["client"]
    first, later = incomplete(tmp_path, f"loop-ok-{uuid.uuid4().hex[:6]}", seed=11)
    rec = requested(client, first)
    did = rec["dossier_id"]
    assert rec["documents"]["supplement-request"].endswith("/supplement-request.pdf")
    # the applicant's e-mail: every item with its reason, the deadline, a link to the PDF
    (mail,) = sent(stack, did, lambda m: m["channel"] == "email" and "cong.dan" in m["to"])
    for item in rec["missing_components"]:
        assert item["name"] in mail["text"] and item["reason"] in mail["text"]
    link = re.search(r"https?://\S+", mail["text"])
    assert link is not None
    with urllib.request.urlopen(link.group(0), timeout=30) as r:
        assert r.read(5) == b"%PDF-"
    listed = hoso("messages", did, "--json", stack=stack)
    assert listed.returncode == 0 and '"channel": "email"' in listed.stdout
    r = hoso("supplement", did, str(later), "--json", stack=stack)
    assert r.returncode == 0, r.stderr[-2000:]
    done = json.loads(r.stdout.splitlines()[-1])
    assert done["status"] == "received", done
    assert done["dossier_code"] and done["due_at"] and done["supplements"] == 1
    assert {"supplement-request", "receipt"} <= set(done["documents"])
    assert f"supplement-1/{PROOF}" in {p["file"] for p in done["pages"]}
    assert len({p["file"] for p in done["pages"]}) >= 2  # the first papers are still there
    assert done["applicant"]["email"] == "cong.dan@example.vn"
    assert done["received_by"] == "can-bo-mot-cua"
    actions = [e["action"] for e in client.audit(did)]
    assert actions.count("supplement_received") == 1 and actions[-1] == "decided"
    # a second submission under the same id is refused, with how to send a supplement
    again = hoso("submit", str(first), "--json", stack=stack)
    assert again.returncode == 1
    assert "hoso supplement" in again.stderr and "already exists" in again.stderr


def test_a_supplement_that_is_still_incomplete_goes_to_review(stack, tmp_path):
    client: Client = stack["client"]
    first, later = incomplete(tmp_path, f"loop-rv-{uuid.uuid4().hex[:6]}", seed=12)
    rec = requested(client, first)
    did = rec["dossier_id"]
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    shutil.copy(next(first.glob("01_*.pdf")), wrong / "to-khai-lan-2.pdf")
    seen = len(client.audit(did))
    assert client.upload_supplement(did, wrong) == 1
    done = client.wait_supplement(did, seen, timeout=300)
    assert done is not None and done["status"] == "needs_review", done
    assert "one request only" in done["warnings"][-1]
    assert set(done["documents"]) == {"supplement-request"}  # no second request
    decisions = [e for e in client.audit(did) if e["to_status"] == "supplement_requested"]
    assert len(decisions) == 1


def _sweep(stack: dict[str, Any]) -> Any:
    sweeper = stack["runtime"].functions["SweeperFunction"]
    return sweeper.invoke(
        {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "detail": {},
        }
    )


def test_no_supplement_in_time_closes_it_and_a_late_one_is_refused(stack, tmp_path):
    client: Client = stack["client"]
    waiting, _ = incomplete(tmp_path / "a", f"loop-cl-{uuid.uuid4().hex[:6]}", seed=13)
    late_one, late_papers = incomplete(tmp_path / "b", f"loop-lt-{uuid.uuid4().hex[:6]}", seed=14)
    a = requested(client, waiting)
    b = requested(client, late_one)
    real = datetime.now(UTC)
    try:
        # 30 calendar days later: past any 15-working-day period
        bootstrap.reset(clock=lambda: real + timedelta(days=30) + (datetime.now(UTC) - real))
        # b: the supplement comes late, before the monitor ran: refused, and b closed
        seen = len(client.audit(b["dossier_id"]))
        client.upload_supplement(b["dossier_id"], late_papers)
        refused = client.wait_supplement(b["dossier_id"], seen, timeout=120)
        assert refused is not None and refused["status"] == "closed"
        assert "after the supplement period ended" in refused["warnings"][-1]
        actions = [e["action"] for e in client.audit(b["dossier_id"])]
        assert actions[-2:] == ["supplement_period_expired", "supplement_refused"]
        # a: the monitor closes it, once, with a closure notice
        result = _sweep(stack)
        assert a["dossier_id"] in result["supplement_expired"]
        assert b["dossier_id"] not in result["supplement_expired"]
        closed = client.record(a["dossier_id"])
        assert closed is not None and closed["status"] == "closed" and closed["closed_at"]
        assert closed["documents"]["closure"].endswith("/closure.pdf")
        assert _sweep(stack)["supplement_expired"] == []
        # a supplement for the closed dossier is refused too, with the reason
        seen = len(client.audit(a["dossier_id"]))
        client.upload_supplement(a["dossier_id"], late_papers)
        again = client.wait_supplement(a["dossier_id"], seen, timeout=120)
        assert again is not None and again["status"] == "closed"
        assert "was closed on" in again["warnings"][-1]
    finally:
        bootstrap.reset()


def test_due_soon_and_overdue_reach_the_officer_topic_once(stack, tmp_path):
    client: Client = stack["client"]
    sample = write_sample(tmp_path, f"loop-due-{uuid.uuid4().hex[:6]}", "LY_LICH_TU_PHAP", seed=3)
    did = client.upload_dossier(sample.dir)
    rec = wait_record(client, did)
    assert rec["status"] == "received" and rec["due_at"], rec
    due = parse_time(rec["due_at"])
    try:
        bootstrap.reset(clock=lambda: due - timedelta(hours=1))  # one working hour left
        assert did in _sweep(stack)["due_soon"]
        assert did not in _sweep(stack)["due_soon"]
        soon = sent(stack, did, lambda m: m.get("attributes", {}).get("event") == "DossierDueSoon")
        assert len(soon) == 1 and soon[0]["to"] == rec["agency"]
        bootstrap.reset(clock=lambda: due + timedelta(hours=1))
        assert did in _sweep(stack)["overdue"]
        assert did not in _sweep(stack)["overdue"]
        late = sent(stack, did, lambda m: m.get("attributes", {}).get("event") == "DossierOverdue")
        assert len(late) == 1
    finally:
        bootstrap.reset()
