"""Stopping `hoso up` while dossiers are in flight and starting it again loses nothing."""

from __future__ import annotations

import json
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import boto3
import pytest

from hoso_local.stack import Client
from tests.e2e.conftest import hoso_env, wait_record
from tests.pdfs import GIAY_CHUNG_SINH, TO_KHAI_KHAI_SINH, make_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
HOSO = str(Path(sys.executable).parent / "hoso")


def _up(data_dir: Path, log: Path, *extra: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    proc = subprocess.Popen(
        [HOSO, "up", *extra],
        stdout=subprocess.PIPE,
        stderr=open(log, "a"),  # noqa: SIM115
        text=True,
        env=hoso_env(data_dir),
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line, f"hoso up printed nothing; see {log}: {log.read_text()[-2000:]}"
    return proc, json.loads(line)


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        assert proc.wait(timeout=180) == 0
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGUSR1)  # every thread's stack into the log, then stop it
        time.sleep(2)
        proc.kill()
        raise


def test_first_line_is_json_with_names(tmp_path):
    proc, info = _up(tmp_path / "d", tmp_path / "up.log", "--fresh")
    try:
        for key in ("endpoint_url", "upload_bucket", "table", "event_bus"):
            assert info[key], key
        assert info["endpoint_url"].startswith("http://127.0.0.1:")
    finally:
        _stop(proc)


def test_restart_with_dossiers_in_flight_records_each_once(tmp_path):
    data, log = tmp_path / "data", tmp_path / "up.log"
    proc, info = _up(data, log, "--fresh")
    s3 = boto3.client(
        "s3",
        endpoint_url=info["endpoint_url"],
        region_name="ap-southeast-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    pdf = make_pdf([TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH])
    ids = [f"HS-R{i:02d}" for i in range(12)]
    for did in ids:
        s3.put_object(
            Bucket=info["upload_bucket"],
            Key=f"incoming/{did}/ho-so.pdf",
            Body=pdf,
            Metadata={"procedure-code": "KHAI_SINH"},
        )
    time.sleep(0.5)  # some dossiers are mid-pipeline now
    _stop(proc)

    client_before = None
    proc, info2 = _up(data, log)
    try:
        client = Client(info2)
        assert info2["upload_bucket"] == info["upload_bucket"]
        records = {did: wait_record(client, did, timeout=240) for did in ids}
        for did, rec in records.items():
            assert rec["status"] != "failed", (did, rec["errors"])
            items = client.ddb.query(
                TableName=info2["table"],
                KeyConditionExpression="pk = :p",
                ExpressionAttributeValues={":p": {"S": f"DOSSIER#{did}"}},
            )["Items"]
            assert [i["sk"]["S"] for i in items].count("RECORD") == 1
            trail = client.audit(did)
            assert sum(1 for a in trail if a["to_status"] == rec["status"]) == 1, trail
            assert sum(1 for a in trail if a["to_status"] == "processing") == 1, trail
        del client_before
    finally:
        _stop(proc)
    # and a third start still has everything, with nothing left to do
    proc, info3 = _up(data, log)
    try:
        client = Client(info3)
        assert all(client.record(did)["status"] == records[did]["status"] for did in ids)
    finally:
        _stop(proc)


def test_a_corrupt_snapshot_falls_back_then_stops_with_what_to_do(tmp_path: Path) -> None:
    """A damaged snapshot: `hoso up` restores the previous one and says so; when none can be
    used it exits 2 with a message naming the files, and changes nothing (issue 14)."""
    data, log = tmp_path / "data", tmp_path / "up.log"
    state = data / "state"
    proc, info = _up(data, log, "--fresh")
    try:
        s3 = boto3.client(
            "s3",
            endpoint_url=info["endpoint_url"],
            region_name="ap-southeast-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        s3.put_object(
            Bucket=info["upload_bucket"],
            Key="incoming/HS-SNAP/ho-so.pdf",
            Body=make_pdf([TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH]),
            Metadata={"procedure-code": "KHAI_SINH"},
        )
        decided = wait_record(Client(info), "HS-SNAP", timeout=240)
    finally:
        _stop(proc)
    proc, _ = _up(data, log)  # saved again at this stop: the previous snapshot holds it too
    _stop(proc)
    snapshot = state / "moto-state.pickle"
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in state.iterdir()} == {0o600}
    snapshot.write_bytes(snapshot.read_bytes()[:1000])  # truncated

    log.write_text("")
    proc, info = _up(data, log)
    try:
        restored = Client(info).record("HS-SNAP")
        assert restored is not None and restored["status"] == decided["status"]
    finally:
        _stop(proc)
    said = log.read_text()
    assert f"{snapshot} cannot be used (truncated" in said, said
    assert "restored from the older moto-state.pickle.1" in said
    assert "Traceback" not in said

    for path in state.glob("moto-state.pickle*"):
        path.write_bytes(b"\x80\x05garbage")
    before = sorted(p.name for p in state.iterdir())
    done = subprocess.run(
        [HOSO, "up"], capture_output=True, text=True, env=hoso_env(data), timeout=120
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "cannot restore the local AWS state" in done.stderr
    assert str(snapshot) in done.stderr.replace("\n", "") and "--fresh" in done.stderr
    assert done.stderr.startswith("hoso: cannot restore") and "Traceback" not in done.stderr
    assert sorted(p.name for p in state.iterdir()) == before
