"""People told, on the local stack: a dossier's decision reaches the applicant (e-mail, SMS)
through MessengerFunction, `hoso messages` shows what was sent, a redelivered event sends
nothing more, and a notice's presigned link downloads the PDF."""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest

from hoso.dossier import Dossier
from hoso.services.messaging import compose
from hoso_aws.adapters import EventBridgePublisher
from hoso_local.messages import about, captured
from tests.e2e.conftest import hoso_env, wait_record
from tests.pdfs import TO_KHAI_KHAI_SINH, make_pdf

pytestmark = pytest.mark.e2e
HOSO = str(Path(sys.executable).parent / "hoso")


def hoso_messages(info: dict[str, Any], dossier_id: str) -> list[dict[str, Any]]:
    data = Path(info["data_dir"])
    r = subprocess.run(
        [HOSO, "messages", dossier_id, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=hoso_env(data),
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert "messages" in r.stderr  # progress and counts on stderr, data on stdout
    return [json.loads(line) for line in r.stdout.splitlines()]


def _unlinked(text: str) -> str:
    """The text without the notice's link paragraph (signed anew for each message)."""
    return re.sub(r"\nTải văn bản \(PDF\) tại: \S+\n\(Liên kết[^)]*\)\n", "", text)


def messenger_deliveries(stack: dict[str, Any]) -> int:
    """Events the local runtime has handed to MessengerFunction so far."""
    wires = [w for w in stack["runtime"].wires if w.function == "MessengerFunction"]
    return sum(w.deliveries for w in wires)


def settle(stack: dict[str, Any], dossier_id: str, count: int, deliveries: int = 0) -> None:
    """Wait until ``count`` messages about the dossier were sent and MessengerFunction has
    had ``deliveries`` events (other tests' subscribers keep the stack from being idle)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        sent = about(captured(stack["info"]["endpoint_url"]), dossier_id)
        if len(sent) >= count and messenger_deliveries(stack) >= deliveries:
            time.sleep(1.0)  # an extra message would be sent by now
            return
        time.sleep(0.5)
    raise AssertionError(f"{dossier_id}: {count} messages expected")


@pytest.fixture
def running(stack: dict[str, Any]) -> Any:
    """`hoso messages` finds the session's stack as it finds a `hoso up` one (stack.json)."""
    path = Path(stack["info"]["data_dir"]) / "stack.json"
    path.write_text(json.dumps(stack["info"]))
    yield stack
    path.unlink(missing_ok=True)


def test_the_applicant_is_told_once_and_hoso_messages_shows_it(running: dict[str, Any]) -> None:
    info, client = running["info"], running["client"]
    did = f"MSG-{uuid.uuid4().hex[:6]}"
    s3 = boto3.client("s3", endpoint_url=info["endpoint_url"], region_name="ap-southeast-1")
    s3.put_object(
        Bucket=info["upload_bucket"],
        Key=f"incoming/{did}/to-khai.pdf",
        Body=make_pdf([TO_KHAI_KHAI_SINH]),
    )
    manifest = {
        "dossier_id": did,
        "procedure_code": "KHAI_SINH",
        "channel": "counter",
        "applicant": {"name": "Nguyễn Văn An", "email": "an@example.vn", "phone": "0912 345 678"},
        "files": ["to-khai.pdf"],
    }
    s3.put_object(
        Bucket=info["upload_bucket"],
        Key=f"incoming/{did}/manifest.json",
        Body=json.dumps(manifest, ensure_ascii=False).encode(),
    )
    rec = wait_record(client, did)
    assert rec["status"] == "supplement_requested"  # the birth certificate is missing
    event = client.audit(did)[-1]["event"]
    assert event["detail_type"] == "SupplementRequested"
    expected = compose(event["detail_type"], event["detail"], Dossier.from_dict(rec))
    assert [m.channel for m in expected] == ["email", "sms"]
    settle(running, did, 2)

    first = hoso_messages(info, did)
    assert [(m["channel"], m["to"], m["subject"]) for m in first] == [
        ("email", "an@example.vn", expected[0].subject),
        ("sms", "+84912345678", None),
    ]
    # the same words; the notice's presigned link is signed anew for each message
    got, want = [_unlinked(m["text"]) for m in first], [_unlinked(m.text) for m in expected]
    assert got == want, "\n".join(difflib.unified_diff(want[0].splitlines(), got[0].splitlines()))
    assert "http" in first[0]["text"]  # the request's PDF is linked

    bus = EventBridgePublisher(
        boto3.client("events", endpoint_url=info["endpoint_url"], region_name="ap-southeast-1"),
        info["event_bus"],
    )
    before = messenger_deliveries(running)
    bus.publish(event["detail_type"], event["detail"])  # delivered again: nothing more sent
    (notice,) = rec["documents"]  # the supplement request's PDF, named as main's events will
    bus.publish(
        event["detail_type"],
        {**event["detail"], "idempotency_key": f"{did}-with-notice", "notice": notice},
    )
    settle(running, did, 4, deliveries=before + 2)
    again = hoso_messages(info, did)
    assert [m["channel"] for m in again] == ["email", "email", "sms", "sms"]
    assert again[0] == first[0] and again[2] == first[1]
    url = next(w for w in again[1]["text"].split() if w.startswith("http"))
    with urllib.request.urlopen(url, timeout=30) as resp:
        assert resp.read().startswith(b"%PDF")
