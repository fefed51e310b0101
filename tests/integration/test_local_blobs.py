"""The local AWS snapshot keeps large S3 bodies as files written once (hoso_local.blobs);
requests that only read leave nothing to save; moto's EventBridge input paths are parsed once
and DynamoDB Streams keeps only its newest shard iterators (hoso_local.moto_tuning 5, 6)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from hoso_local import blobs, moto_tuning
from hoso_local.server import SNAPSHOT, PersistentMotoServer, SnapshotError

pytestmark = pytest.mark.integration
BUCKET = "blob-bucket"
KW = {
    "region_name": "ap-southeast-1",
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
}


@pytest.fixture
def serve() -> Iterator[Callable[[Path], tuple[PersistentMotoServer, str]]]:
    started: list[PersistentMotoServer] = []

    def start(data_dir: Path) -> tuple[PersistentMotoServer, str]:
        server = PersistentMotoServer(data_dir)
        started.append(server)
        return server, server.start()

    yield start
    for server in started:
        server.stop()


def _s3(url: str) -> Any:
    s3 = boto3.client("s3", endpoint_url=url, **KW)
    if BUCKET not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
        )
    return s3


def _files(state: Path) -> dict[str, os.stat_result]:
    folder = state / blobs.DIR
    return {p.name: p.stat() for p in folder.iterdir()} if folder.is_dir() else {}


def _body(s3: Any, key: str) -> bytes:
    data: bytes = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    return data


def test_large_bodies_are_files_beside_a_small_snapshot(tmp_path: Path, serve: Any) -> None:
    state = tmp_path / "state"
    server, url = serve(state)
    s3 = _s3(url)
    big, small = os.urandom(3 * blobs.BLOB_MIN), b"{}"
    s3.put_object(Bucket=BUCKET, Key="scan.jpg", Body=big)
    s3.put_object(Bucket=BUCKET, Key="manifest.json", Body=small)
    assert server.snapshot()
    assert list(_files(state)) == [hashlib.sha256(big).hexdigest()]
    assert (state / SNAPSHOT).stat().st_size < len(big)  # the body is not in the pickle
    assert oct(os.stat(state / blobs.DIR).st_mode & 0o777) == "0o700"
    server.stop()
    _, url = serve(state)
    s3 = _s3(url)
    assert _body(s3, "scan.jpg") == big and _body(s3, "manifest.json") == small


def test_a_body_is_written_once_and_a_new_one_beside_it(tmp_path: Path, serve: Any) -> None:
    state = tmp_path / "state"
    server, url = serve(state)
    s3 = _s3(url)
    first, second = os.urandom(blobs.BLOB_MIN), os.urandom(blobs.BLOB_MIN)  # the same size
    s3.put_object(Bucket=BUCKET, Key="page.png", Body=first)
    assert server.snapshot()
    before = _files(state)
    s3.put_object(Bucket=BUCKET, Key="other.json", Body=b"1")
    assert server.snapshot()
    after = _files(state)
    assert after.keys() == before.keys()
    [(name, st)] = after.items()
    assert (st.st_ino, st.st_mtime_ns) == (before[name].st_ino, before[name].st_mtime_ns)
    s3.put_object(Bucket=BUCKET, Key="page.png", Body=second)  # replaced, same size
    assert server.snapshot()
    assert hashlib.sha256(second).hexdigest() in _files(state)
    server.stop()
    _, url = serve(state)
    assert _body(_s3(url), "page.png") == second


def test_a_file_no_kept_snapshot_names_is_deleted(tmp_path: Path, serve: Any) -> None:
    state = tmp_path / "state"
    server, url = serve(state)
    s3 = _s3(url)
    body = os.urandom(blobs.BLOB_MIN)
    name = hashlib.sha256(body).hexdigest()
    s3.put_object(Bucket=BUCKET, Key="gone.pdf", Body=body)
    assert server.snapshot()  # save 1 names it
    s3.delete_object(Bucket=BUCKET, Key="gone.pdf")
    for n in range(2):  # saves 2 and 3 do not; save 1 is still kept (.2)
        s3.put_object(Bucket=BUCKET, Key=f"n{n}", Body=b"x")
        assert server.snapshot()
        assert name in _files(state)
    s3.put_object(Bucket=BUCKET, Key="n2", Body=b"x")
    assert server.snapshot()  # save 1 rotated out: nothing names the file any more
    assert name not in _files(state)


def test_nothing_is_deleted_before_this_process_wrote_every_kept_snapshot(
    tmp_path: Path, serve: Any
) -> None:
    state = tmp_path / "state"
    server, url = serve(state)
    s3 = _s3(url)
    body = os.urandom(blobs.BLOB_MIN)
    s3.put_object(Bucket=BUCKET, Key="old.pdf", Body=body)
    assert server.snapshot()
    s3.delete_object(Bucket=BUCKET, Key="old.pdf")
    assert server.snapshot()
    server.stop()
    server, url = serve(state)  # .1 names the body; this process has not seen it
    s3 = _s3(url)
    for n in range(2):
        s3.put_object(Bucket=BUCKET, Key=f"n{n}", Body=b"x")
        assert server.snapshot()
        assert hashlib.sha256(body).hexdigest() in _files(state)


def test_a_damaged_body_makes_its_snapshots_unusable(tmp_path: Path, serve: Any) -> None:
    state = tmp_path / "state"
    server, url = serve(state)
    s3 = _s3(url)
    s3.put_object(Bucket=BUCKET, Key="scan.jpg", Body=os.urandom(blobs.BLOB_MIN))
    assert server.snapshot()
    server.stop()
    [path] = (state / blobs.DIR).iterdir()
    path.write_bytes(b"0" + path.read_bytes()[1:])
    with pytest.raises(SnapshotError, match=f"{blobs.DIR}/{path.name}: damaged"):
        serve(state)


def test_requests_that_only_read_leave_nothing_to_save(tmp_path: Path, serve: Any) -> None:
    server, url = serve(tmp_path / "state")
    sqs = boto3.client("sqs", endpoint_url=url, **KW)
    q = sqs.create_queue(QueueName="q")["QueueUrl"]
    assert server.snapshot()
    assert sqs.receive_message(QueueUrl=q).get("Messages") is None
    sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["All"])
    sqs.get_queue_url(QueueName="q")
    assert not server.snapshot()
    sqs.send_message(QueueUrl=q, MessageBody="m")
    assert server.snapshot()
    assert sqs.receive_message(QueueUrl=q)["Messages"]  # a receive is counted: saved
    assert server.snapshot()


def test_stream_polls_keep_only_the_newest_iterators(tmp_path: Path, serve: Any) -> None:
    from moto.backends import get_backend

    _, url = serve(tmp_path / "state")
    ddb = boto3.client("dynamodb", endpoint_url=url, **KW)
    streams = boto3.client("dynamodbstreams", endpoint_url=url, **KW)
    arn = ddb.create_table(
        TableName="t",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )["TableDescription"]["LatestStreamArn"]
    ddb.put_item(TableName="t", Item={"pk": {"S": "a"}})
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    backend = get_backend("dynamodbstreams")["123456789012"]["ap-southeast-1"]
    for _ in range(moto_tuning.KEEP_ITERATORS // 2 + 10):  # two iterators a poll
        it = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        records = streams.get_records(ShardIterator=it)["Records"]
        assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in records] == ["a"]
    assert len(backend.shard_iterators) == moto_tuning.KEEP_ITERATORS


def test_event_input_paths_are_parsed_once(tmp_path: Path, serve: Any) -> None:
    import jsonpath_ng.ext

    _, url = serve(tmp_path / "state")
    events = boto3.client("events", endpoint_url=url, **KW)
    sqs = boto3.client("sqs", endpoint_url=url, **KW)
    q = sqs.create_queue(QueueName="sub")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["QueueArn"])["Attributes"]
    events.put_rule(Name="all", EventPattern=json.dumps({"source": ["hoso.test"]}))
    events.put_targets(Rule="all", Targets=[{"Id": "q", "Arn": arn["QueueArn"]}])
    parse: Any = jsonpath_ng.ext.parse
    hits = parse.cache_info().hits
    for n in range(3):
        entry = {"Source": "hoso.test", "DetailType": "T", "Detail": json.dumps({"n": n})}
        assert not events.put_events(Entries=[entry])["FailedEntryCount"]
    got = sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10)["Messages"]
    assert sorted(json.loads(m["Body"])["detail"]["n"] for m in got) == [0, 1, 2]
    assert parse.cache_info().hits > hits
