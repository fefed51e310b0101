"""The local AWS endpoint's ReceiveMessage keeps SQS's retention check without computing
every attribute of the queue for every message (hoso_local.moto_tuning, change 3)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from hoso_local.server import PersistentMotoServer

pytestmark = pytest.mark.integration


@pytest.fixture
def sqs(tmp_path: Path) -> Iterator[Any]:
    """An SQS client of the local AWS endpoint (hoso up's moto server)."""
    server = PersistentMotoServer(tmp_path)
    try:
        url = server.start()
        yield boto3.client(
            "sqs",
            endpoint_url=url,
            region_name="ap-southeast-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
    finally:
        server.stop()


def _queue(sqs: Any, name: str = "q", retention: int = 60) -> str:
    url: str = sqs.create_queue(
        QueueName=name, Attributes={"MessageRetentionPeriod": str(retention)}
    )["QueueUrl"]
    for i in range(5):
        sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
    return url


def test_receiving_does_not_compute_the_queue_attributes(
    sqs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto.sqs.models import Queue

    url = _queue(sqs)
    computed = []
    real = Queue.attributes

    def counted(self: Queue) -> object:
        computed.append(self.name)
        return real.fget(self)  # type: ignore[attr-defined]

    monkeypatch.setattr(Queue, "attributes", property(counted))
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in got) == [f"m{i}" for i in range(5)]
    assert computed == []


def test_messages_past_the_retention_period_are_not_delivered(
    sqs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Received 61 s after sending on a queue keeping messages 60 s: gone; 58 s: delivered."""
    import moto.core.utils
    import moto.sqs.models

    def clock(at: float) -> None:  # moto's clock, wherever it is read
        for module in (moto.core.utils, moto.sqs.models):
            monkeypatch.setattr(module, "unix_time", lambda *a: at)

    old, kept = _queue(sqs, "old", retention=60), _queue(sqs, "kept", retention=60)
    now = time.time()
    clock(now + 61)
    assert "Messages" not in sqs.receive_message(QueueUrl=old, MaxNumberOfMessages=10)
    clock(now + 58)
    got = sqs.receive_message(QueueUrl=kept, MaxNumberOfMessages=10)["Messages"]
    assert len(got) == 5


def test_delays_and_visibility_timeouts_still_hold(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="v", Attributes={"VisibilityTimeout": "1"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=1)
    assert "Messages" not in sqs.receive_message(QueueUrl=url)  # delayed
    time.sleep(1.2)
    assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "later"
    assert "Messages" not in sqs.receive_message(QueueUrl=url)  # in flight
    time.sleep(1.2)
    again = sqs.receive_message(QueueUrl=url, AttributeNames=["ApproximateReceiveCount"])
    assert again["Messages"][0]["Attributes"]["ApproximateReceiveCount"] == "2"


def test_a_backlog_is_not_walked_with_moto_datetimes(
    sqs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing a queue's visible messages asked moto's clock (two datetimes) twice a message."""
    import moto.core.utils

    url = sqs.create_queue(QueueName="backlog")["QueueUrl"]
    for i in range(40):
        sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
    calls = []
    real = moto.core.utils.utcnow

    def counted() -> object:
        calls.append(1)
        return real()

    monkeypatch.setattr(moto.core.utils, "utcnow", counted)
    assert len(sqs.receive_message(QueueUrl=url)["Messages"]) == 1
    sqs.send_message(QueueUrl=url, MessageBody="one more")
    assert len(calls) < 10
