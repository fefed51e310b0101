"""Agency subscriptions: every state change arrives once on a subscriber's queue, valid against
its schema and matching the audit trail, even when publishing crashes half-way."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import boto3
import pytest

from hoso.events import validate
from hoso_aws.adapters import EventBridgePublisher
from hoso_local.officers import token_for
from tests.e2e.conftest import wait_record
from tests.pdfs import GIAY_CHUNG_SINH, TO_KHAI_KHAI_SINH, make_pdf

pytestmark = pytest.mark.e2e


def _subscribe(info: dict[str, Any], name: str, pattern: dict[str, Any]) -> tuple[Any, str]:
    """What an agency integrator does: a queue, a rule on the bus, the queue as target."""
    kw = {"endpoint_url": info["endpoint_url"], "region_name": "ap-southeast-1"}
    sqs, events = boto3.client("sqs", **kw), boto3.client("events", **kw)
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    events.put_rule(Name=name, EventBusName=info["event_bus"], EventPattern=json.dumps(pattern))
    events.put_targets(Rule=name, EventBusName=info["event_bus"], Targets=[{"Id": "q", "Arn": arn}])
    return sqs, url


def _drain(sqs: Any, url: str, quiet_for: float = 3.0) -> list[dict[str, Any]]:
    got: list[dict[str, Any]] = []
    last = time.monotonic()
    while time.monotonic() - last < quiet_for:
        msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for m in msgs.get("Messages", []):
            got.append(json.loads(m["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            last = time.monotonic()
    return got


def _upload(stack: dict[str, Any], did: str, pages: list[str], procedure: str) -> None:
    s3 = boto3.client(
        "s3", endpoint_url=stack["info"]["endpoint_url"], region_name="ap-southeast-1"
    )
    s3.put_object(
        Bucket=stack["info"]["upload_bucket"],
        Key=f"incoming/{did}/ho-so.pdf",
        Body=make_pdf(pages),
        Metadata={"procedure-code": procedure},
    )


def _post(info: dict[str, Any], path: str) -> dict[str, Any]:
    """An action of the commune officer (KHAI_SINH's agency), with their bearer token."""
    token = token_for(Path(info["data_dir"]), "can-bo-h40.ubndxa")
    req = urllib.request.Request(
        info["api_url"] + path,
        data=b"{}",
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        body: dict[str, Any] = json.loads(resp.read())
        return body


def _check_against_audit(
    stack: dict[str, Any], ids: list[str], events: list[dict[str, Any]]
) -> None:
    keys = Counter(e["detail"]["idempotency_key"] for e in events)
    assert all(n == 1 for n in keys.values()), [k for k, n in keys.items() if n > 1]
    for e in events:
        assert e["source"] == "hoso.dossiers"
        problems = validate({"detail_type": e["detail-type"], "detail": e["detail"]})
        assert problems == [], (e["detail-type"], problems)
        assert "id_number" not in json.dumps(e["detail"])
    for did in ids:
        trail = stack["client"].audit(did)
        expected = [(a["id"], a["event"]["detail_type"]) for a in trail]
        got = [
            (e["detail"]["idempotency_key"], e["detail-type"])
            for e in events
            if e["detail"]["dossier_id"] == did
        ]
        assert sorted(got) == sorted(expected), did


def test_subscriber_gets_each_state_change_once(stack):
    run = uuid.uuid4().hex[:6]
    sqs, url = _subscribe(
        stack["info"],
        f"agency-ks-{run}",
        {"source": ["hoso.dossiers"], "detail": {"procedure_code": ["KHAI_SINH"]}},
    )
    ids = [f"EV-{run}-{i}" for i in range(4)]
    _upload(stack, ids[0], [TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH], "KHAI_SINH")
    _upload(stack, ids[1], [TO_KHAI_KHAI_SINH], "KHAI_SINH")  # birth certificate missing
    _upload(stack, ids[2], [GIAY_CHUNG_SINH], "KHAI_SINH")
    _upload(stack, ids[3], [TO_KHAI_KHAI_SINH], "KHONG_CO")  # unknown procedure: failed
    records = {did: wait_record(stack["client"], did) for did in ids}
    accepted = [did for did in ids[:3] if records[did]["status"] == "received"]
    assert accepted, records
    for action in ("processing", "result", "delivery"):  # the agency side, through the API
        _post(stack["info"], f"/dossiers/{accepted[0]}/{action}")
    events = _drain(sqs, url)
    ours = [e for e in events if e["detail"]["dossier_id"] in ids[:3]]
    assert all(e["detail"]["procedure_code"] == "KHAI_SINH" for e in events)
    assert not [e for e in events if e["detail"]["dossier_id"] == ids[3]]  # filtered out
    _check_against_audit(stack, ids[:3], ours)
    assert {e["detail-type"] for e in ours} >= {
        "DossierReceived",
        "DossierAccepted",
        "SupplementRequested",
        "ProcessingStarted",
        "ResultReady",
        "ResultDelivered",
    }


def test_crash_between_write_and_publish_loses_and_invents_nothing(stack, monkeypatch):
    run = uuid.uuid4().hex[:6]
    sqs, url = _subscribe(stack["info"], f"agency-all-{run}", {"source": ["hoso.dossiers"]})
    real = EventBridgePublisher.publish
    crashes = {"left": 3}

    def crashing(self, detail_type, detail):
        if crashes["left"] > 0:
            crashes["left"] -= 1
            raise RuntimeError("injected crash after the record was written, before publishing")
        return real(self, detail_type, detail)

    monkeypatch.setattr(EventBridgePublisher, "publish", crashing)
    ids = [f"CR-{run}-{i}" for i in range(3)]
    for did in ids:
        _upload(stack, did, [TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH], "KHAI_SINH")
    for did in ids:
        wait_record(stack["client"], did)
    events = [e for e in _drain(sqs, url, quiet_for=8.0) if e["detail"]["dossier_id"] in ids]
    assert crashes["left"] == 0, "the crash was injected"
    _check_against_audit(stack, ids, events)
