"""The local AWS endpoint keeps DynamoDB's atomicity: a transaction that fails never undoes a
write made meanwhile by another client.

moto runs a ``TransactWriteItems`` by copying the whole table, applying the items and, when a
condition fails, putting the copy back; two requests served side by side (the local stack's
functions, a station's retries) could so lose a committed decision. Seen as a dossier that
stayed ``processing`` after notify had written its decision (issue 14).
"""

from __future__ import annotations

import threading
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


def test_a_failed_transaction_never_undoes_a_concurrent_write(tmp_path: Path) -> None:
    server = PersistentMotoServer(tmp_path)
    url = server.start()
    try:
        ddb = _client(url)
        ddb.create_table(
            TableName="t",
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        )
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
        lost = [
            k for k in written if "Item" not in ddb.get_item(TableName="t", Key={"pk": {"S": k}})
        ]
        assert lost == []
    finally:
        server.stop()


def test_dossier_numbers_reserved_side_by_side_are_distinct(tmp_path: Path) -> None:
    """Decisions running side by side (the local stack's notify workers) each reserve one
    dossier number: none twice, no gap, the same number on a retry."""
    server = PersistentMotoServer(tmp_path)
    url = server.start()
    try:
        ddb = _client(url)
        ddb.create_table(
            TableName="records",
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
        )
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
    finally:
        server.stop()
