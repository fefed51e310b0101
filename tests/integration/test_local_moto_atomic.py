"""The local AWS endpoint keeps DynamoDB's atomicity: a transaction that fails never undoes a
write made meanwhile by another client.

moto runs a ``TransactWriteItems`` by copying the whole table, applying the items and, when a
condition fails, putting the copy back; two requests served side by side (the local stack's
functions, a station's retries) could so lose a committed decision. Seen as a dossier that
stayed ``processing`` after notify had written its decision (issue 14).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pytest

from hoso_aws.dynamo import DynamoRecordStore
from hoso_local.server import PersistentMotoServer

pytestmark = pytest.mark.integration


def _client(url: str):  # type: ignore[no-untyped-def]
    return boto3.client(
        "dynamodb",
        endpoint_url=url,
        region_name="ap-southeast-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    """The local AWS endpoint (hoso up's moto server), on its own state directory."""
    server = PersistentMotoServer(tmp_path)
    try:
        yield server.start()
    finally:
        server.stop()


def _table(ddb, name: str, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """A table keyed on string attributes ``keys`` (hash, then range)."""
    ddb.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": k, "AttributeType": "S"} for k in keys],
        KeySchema=[
            {"AttributeName": k, "KeyType": t}
            for k, t in zip(keys, ("HASH", "RANGE"), strict=False)
        ],
    )


def test_a_failed_transaction_never_undoes_a_concurrent_write(url: str) -> None:
    ddb = _client(url)
    _table(ddb, "t", "pk")
    # a table of some size: copying it takes long enough for writes to land meanwhile
    for i in range(400):
        ddb.put_item(TableName="t", Item={"pk": {"S": f"filler-{i}"}, "v": {"S": "x" * 200}})
    ddb.put_item(TableName="t", Item={"pk": {"S": "taken"}})
    stop = threading.Event()

    def conflicting() -> None:
        client = _client(url)
        while not stop.is_set():
            with pytest.raises(client.exceptions.TransactionCanceledException):
                client.transact_write_items(
                    TransactItems=[
                        {
                            "Put": {
                                "TableName": "t",
                                "Item": {"pk": {"S": "taken"}},
                                "ConditionExpression": "attribute_not_exists(pk)",
                            }
                        }
                    ]
                )

    losers = [threading.Thread(target=conflicting) for _ in range(2)]
    for t in losers:
        t.start()
    written = [f"decision-{i}" for i in range(60)]
    try:
        for key in written:
            ddb.transact_write_items(
                TransactItems=[
                    {
                        "Put": {
                            "TableName": "t",
                            "Item": {"pk": {"S": key}},
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    }
                ]
            )
    finally:
        stop.set()
        for t in losers:
            t.join()
    lost = [k for k in written if "Item" not in ddb.get_item(TableName="t", Key={"pk": {"S": k}})]
    assert lost == []


def test_dossier_numbers_reserved_side_by_side_are_distinct(url: str) -> None:
    """Decisions running side by side (the local stack's notify workers) each reserve one
    dossier number: none twice, no gap, the same number on a retry."""
    _table(_client(url), "records", "pk", "sk")
    scope = "000.00.00.H40#260307"
    owners = [f"d{i}" for i in range(12)] * 2  # every owner asks twice
    with ThreadPoolExecutor(max_workers=6) as pool:
        got = list(
            pool.map(
                lambda o: (
                    o,
                    DynamoRecordStore(_client(url), "records").reserve_sequence(o, scope),
                ),
                owners,
            )
        )
    held = dict(got)
    assert all(held[o] == n for o, n in got)
    assert sorted(held.values()) == list(range(1, 13))


def _put(key: str, condition: str | None = None, **extra: object) -> dict[str, object]:
    op: dict[str, object] = {"TableName": "t", "Item": {"pk": {"S": key}}, **extra}
    if condition:
        op["ConditionExpression"] = condition
    return {"Put": op}


def test_a_transaction_writes_all_its_items_or_none(url: str) -> None:
    """The local server checks every condition before it writes (hoso_local.moto_tuning):
    a failed transaction leaves nothing written and says which item failed, with the
    item when asked; one that passes writes every item."""
    ddb = _client(url)
    _table(ddb, "t", "pk")
    ddb.put_item(TableName="t", Item={"pk": {"S": "taken"}, "v": {"S": "old"}})
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as failed:
        ddb.transact_write_items(
            TransactItems=[
                _put("new-1", "attribute_not_exists(pk)"),
                _put(
                    "taken",
                    "attribute_not_exists(pk)",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                ),
            ]
        )
    reasons = failed.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed"]
    assert reasons[1]["Item"] == {"pk": {"S": "taken"}, "v": {"S": "old"}}
    assert "Item" not in ddb.get_item(TableName="t", Key={"pk": {"S": "new-1"}})
    ddb.transact_write_items(
        TransactItems=[
            _put("new-1", "attribute_not_exists(pk)"),
            {
                "Update": {
                    "TableName": "t",
                    "Key": {"pk": {"S": "taken"}},
                    "UpdateExpression": "SET v = :v",
                    "ExpressionAttributeValues": {":v": {"S": "new"}},
                }
            },
        ]
    )
    assert "Item" in ddb.get_item(TableName="t", Key={"pk": {"S": "new-1"}})
    got = ddb.get_item(TableName="t", Key={"pk": {"S": "taken"}})["Item"]
    assert got["v"] == {"S": "new"}


def test_a_write_failing_mid_transaction_puts_back_what_was_written(url: str) -> None:
    ddb = _client(url)
    _table(ddb, "t", "pk")
    ddb.put_item(TableName="t", Item={"pk": {"S": "kept"}, "v": {"S": "before"}})
    with pytest.raises(ddb.exceptions.ClientError):
        ddb.transact_write_items(
            TransactItems=[
                _put("written-then-undone"),
                {
                    "Update": {
                        "TableName": "t",
                        "Key": {"pk": {"S": "kept"}},
                        "UpdateExpression": "SET v = :missing",  # no such value: invalid
                    }
                },
            ]
        )
    assert "Item" not in ddb.get_item(TableName="t", Key={"pk": {"S": "written-then-undone"}})
    kept = ddb.get_item(TableName="t", Key={"pk": {"S": "kept"}})["Item"]
    assert kept["v"] == {"S": "before"}


def test_a_transaction_does_not_copy_the_table(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """moto copied every table a transaction touched (its cost grew with the table)."""
    import copy

    from moto.dynamodb.models.table import Table

    real = copy.deepcopy

    def no_tables(obj: object, *a: object) -> object:
        assert not isinstance(obj, Table), "a whole table was copied"
        return real(obj, *a)

    monkeypatch.setattr(copy, "deepcopy", no_tables)
    ddb = _client(url)
    _table(ddb, "t", "pk")
    ddb.transact_write_items(TransactItems=[_put("a", "attribute_not_exists(pk)")])
    with pytest.raises(ddb.exceptions.TransactionCanceledException):
        ddb.transact_write_items(TransactItems=[_put("a", "attribute_not_exists(pk)")])
