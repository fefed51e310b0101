"""`hoso report` over a generated month of dossiers stored in the local stack."""

from __future__ import annotations

import csv
import json
from collections import Counter

import boto3
import pytest

from hoso.dossier import Dossier
from hoso.records import local_day
from hoso_aws.dynamo import DynamoRecordStore
from hoso_dev.samples.month import generate_month
from tests.e2e.test_cli import run
from tests.e2e.test_restart import _stop, _up

pytestmark = pytest.mark.e2e


def test_report_figures_match_the_raw_records(tmp_path):
    data = tmp_path / "data"
    proc, info = _up(data, tmp_path / "up.log", "--fresh")
    try:
        records = generate_month(2026, 10, n=120, seed=3)
        ddb = boto3.client(
            "dynamodb", endpoint_url=info["endpoint_url"], region_name="ap-southeast-1"
        )
        store = DynamoRecordStore(ddb, info["table"])
        for r in records:
            r["revision"] = 1
            store.create(
                Dossier.from_dict(r),
                {
                    "id": r["dossier_id"],
                    "at": r["received_at"],
                    "actor": "seed",
                    "action": "seed",
                    "from_status": None,
                    "to_status": r["status"],
                    "note": None,
                },
            )
        out = tmp_path / "report"
        r = run(
            "report",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--out",
            str(out),
            "--json",
            data=data,
        )
        assert r.returncode == 0, r.stderr[-3000:]
        metrics = json.loads(r.stdout)
    finally:
        _stop(proc)
    in_month = [x for x in records if local_day(x["received_at"]).startswith("2026-10")]
    # independent recomputation of the simplest figures from the raw records
    assert metrics["overall"]["received"] == len(in_month)
    by_agency = Counter(x["agency"] for x in in_month)
    assert {k: v["received"] for k, v in metrics["by_agency"].items()} == dict(by_agency)
    processed = [x for x in in_month if x.get("result_at")]
    assert metrics["overall"]["processed"] == len(processed)
    supplements = [x for x in in_month if x.get("supplement_requested_at")]
    assert metrics["overall"]["supplement_requested"] == len(supplements)
    rows = list(csv.DictReader((out / "metrics.csv").open(encoding="utf-8")))
    assert rows and (out / "report.html").read_text(encoding="utf-8").count("<svg") >= 3
