"""The officer console in a browser: headless Chromium from Debian's `chromium` package,
driven by Playwright (`executable_path`: nothing downloads a browser), against `hoso up` run
as a station's centre runs it, with generated dossiers."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.e2e.conftest import hoso_env

HOSO = str(Path(sys.executable).parent / "hoso")
CHROMIUM = os.environ.get("HOSO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# as the machine's probe starts it: no first-run work, no calls home on a closed network
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Up:
    """`hoso up` in a folder of its own: its first line (the stack's names), its officers."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.log = data_dir.parent / f"{data_dir.name}-up.log"
        self.proc = subprocess.Popen(
            [HOSO, "up", "--fresh"],
            stdout=subprocess.PIPE,
            stderr=open(self.log, "a"),  # noqa: SIM115 - the process keeps it
            text=True,
            env=hoso_env(data_dir),
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, f"hoso up printed nothing: {self.log.read_text()[-2000:]}"
        self.info: dict[str, Any] = json.loads(line)
        self.api = str(self.info["api_url"])

    def token(self, officer_id: str) -> str:
        officers = json.loads((self.data_dir / "officers.json").read_text())["officers"]
        return str(next(o["token"] for o in officers if o["id"] == officer_id))

    def sign_in_link(self, officer_id: str) -> str:
        return f"{self.api}/console/#token={self.token(officer_id)}"

    def s3(self) -> Any:
        return boto3.client(
            "s3", endpoint_url=self.info["endpoint_url"], region_name="ap-southeast-1"
        )

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium package"
    )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield pg
    finally:
        context.close()
    assert errors == [], f"the console raised in the browser: {errors}"
