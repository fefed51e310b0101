"""The local AWS endpoint keeps DynamoDB's atomicity: a transaction that fails never undoes a
write made meanwhile by another client.

moto runs a ``TransactWriteItems`` by copying the whole table, applying the items and, when a
condition fails, putting the copy back; two requests served side by side (the local stack's
functions, a station's retries) could so lose a committed decision. Seen as a dossier that
stayed ``processing`` after notify had written its decision (issue 14).
"""

from __future__ import annotations

import threading
from pathlib import Path

import boto3
import pytest

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
