from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from hoso.status import DECIDED
from hoso_local.runtime import LocalRuntime
from hoso_local.stack import Client
from tests.pdfs import GIAY_CHUNG_SINH, TO_KHAI_KHAI_SINH, make_pdf

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One embedded stack for the e2e tests (in-process handlers, moto on loopback); stopped
    when they are done: moto's state is global to the process, so a later test's own server
    would otherwise wipe it under the stack's running pollers."""
    data = tmp_path_factory.mktemp("hoso-e2e")
    # The deadline monitor (SweeperFunction) runs when a test invokes it: tests move the
    # handlers' clock, and a scheduled run in between would race their own (rate(5 minutes)
    # fires during a long session).
    # in-process functions: tests patch a function's code while the stack runs
    # (test_local_processes.py runs the OCR containers as processes, as `hoso up` does)
    rt = LocalRuntime(
        ROOT, data, fresh=True, retry_after=1, schedule_every=24 * 3600, processes=False
    )
    info = rt.start()
    try:
        yield {"runtime": rt, "info": info, "client": Client(info)}
    finally:
        rt.stop()


@pytest.fixture
def s3(stack: dict[str, Any]) -> Any:
    return boto3.client(
        "s3", endpoint_url=stack["info"]["endpoint_url"], region_name="ap-southeast-1"
    )


def wait_record(client: Client, dossier_id: str, timeout: float = 300) -> dict[str, Any]:
    rec = client.wait(dossier_id, timeout=timeout)
    if rec is None or rec["status"] not in DECIDED:
        raise AssertionError(f"{dossier_id} did not reach a final status: {rec}")
    return rec


def hoso_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["HOSO_DATA_DIR"] = str(data_dir)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


@pytest.fixture(scope="module")
def two_agencies(stack) -> dict[str, Any]:
    """A commune dossier (KHAI_SINH, H40.UBNDXA) received, and a commune police one
    (THUONG_TRU, H40.CAXA)."""
    info, run = stack["info"], uuid.uuid4().hex[:6]
    mine, theirs = f"OF-{run}-xa", f"OF-{run}-ca"
    upload_pdf(info, mine, "KHAI_SINH")
    upload_pdf(info, theirs, "THUONG_TRU")
    records = {did: wait_record(stack["client"], did) for did in (mine, theirs)}
    assert records[mine]["status"] == "received", records[mine]
    assert (records[mine]["agency"], records[theirs]["agency"]) == ("H40.UBNDXA", "H40.CAXA")
    return {"mine": mine, "theirs": theirs, "records": records}


def upload_pdf(info: dict[str, Any], did: str, procedure: str) -> None:
    """A dossier as one PDF (a birth registration's form and certificate) with its
    procedure code in the object's metadata, as a station uploads it."""
    s3 = boto3.client("s3", endpoint_url=info["endpoint_url"], region_name="ap-southeast-1")
    s3.put_object(
        Bucket=info["upload_bucket"],
        Key=f"incoming/{did}/ho-so.pdf",
        Body=make_pdf([TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH]),
        Metadata={"procedure-code": procedure},
    )
