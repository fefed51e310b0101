from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from hoso.status import DECIDED
from hoso_local.runtime import LocalRuntime
from hoso_local.stack import Client

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One embedded stack for the e2e session (in-process handlers, moto on loopback)."""
    data = tmp_path_factory.mktemp("hoso-e2e")
    rt = LocalRuntime(ROOT, data, fresh=True, retry_after=1)
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
