"""`make load`, small: 50 dossiers from 8 parallel stations through a fresh `hoso up` (its OCR
containers as processes, as the template says), every manifest put twice and every tenth
dossier's files twice. Checks the counts, not the speed (docs/benchmarks.md has the speed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def test_fifty_dossiers_from_eight_stations_nothing_lost_or_done_twice(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    # born-digital papers only (text layers): the counts are the point, and CI's budget
    run = subprocess.run(
        [sys.executable, str(ROOT / "tests/bench/load.py"), "--n", "50", "--stations", "8",
         "--scanned-share", "0", "--independent-share", "0", "--redeliver", "0.1",
         "--timeout", "480", "--work", str(tmp_path), "--json", str(out)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert out.exists(), run.stderr[-3000:]
    got = json.loads(out.read_text())
    assert run.returncode == 0, (got, run.stderr[-3000:])
    assert got["records_final"] == 50 and got["lost"] == 0
    assert got["decided_twice"] == 0
    assert got["decision_events_missing"] == 0 and got["decision_events_duplicated"] == 0
    assert got["dossier_numbers"] == got["dossier_numbers_distinct"] > 0
    assert sum(got["statuses"].values()) == 50
    # every stage ran, and none failed an invocation
    assert {"IntakeFunction", "OcrFunction", "UnderstandFunction", "NotifyFunction"} <= set(
        got["functions"]
    )
    assert all(f["errors"] == 0 for f in got["functions"].values()), got["functions"]
    # the local AWS counted its requests (the cost model's inputs): every upload, twice for
    # each manifest, and the decisions' transactions
    req = got["requests"]
    assert req["s3:PUT"] >= 50 * 2 + got["pages"] // 10
    assert req["dynamodb:TransactWriteItems"] >= 50
    assert req["sqs:SendMessage"] >= 50 * 3  # a job to each stage at least
