"""The missing-document loop on the local stack, through the real entry points: a station's
uploads, the `hoso` command, the scheduled deadline monitor (with the clock moved)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hoso_aws import bootstrap
from hoso_dev.samples import write_sample
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


def test_a_supplement_completes_the_dossier_and_the_receipt_follows(stack, tmp_path):
    client: Client = stack["client"]
    first, later = incomplete(tmp_path, f"loop-ok-{uuid.uuid4().hex[:6]}", seed=11)
    rec = requested(client, first)
    did = rec["dossier_id"]
    assert rec["documents"]["supplement-request"].endswith("/notices/supplement-request.pdf")
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
    n = client.upload_supplement(did, wrong)
    assert n == 1
    done = client.wait(did, timeout=300, after_revision=int(rec["revision"]))
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
        client.upload_supplement(b["dossier_id"], late_papers)
        refused = client.wait(b["dossier_id"], timeout=120, after_revision=int(b["revision"]) + 1)
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
        assert closed["documents"]["closure"].endswith("/notices/closure.pdf")
        assert _sweep(stack)["supplement_expired"] == []
        # a supplement for the closed dossier is refused too, with the reason
        client.upload_supplement(a["dossier_id"], late_papers)
        again = client.wait(a["dossier_id"], timeout=120, after_revision=int(closed["revision"]))
        assert again is not None and again["status"] == "closed"
        assert "was closed on" in again["warnings"][-1]
    finally:
        bootstrap.reset()
