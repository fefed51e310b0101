"""boto3 implementations of :mod:`hoso.ports`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError

from hoso.events import SOURCE
from hoso.ports import ConflictError, StoredObject
from hoso.records import index_keys

RECORD_SK = "RECORD"


class S3ObjectStore:
    def __init__(self, client: Any) -> None:
        self.s3 = client

    def head(self, bucket: str, key: str) -> StoredObject | None:
        try:
            r = self.s3.head_object(Bucket=bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return StoredObject(
            bucket=bucket,
            key=key,
            size=int(r.get("ContentLength", 0)),
            etag=(r.get("ETag") or "").strip('"') or None,
            content_type=r.get("ContentType"),
            metadata=dict(r.get("Metadata") or {}),
            version_id=r.get("VersionId"),
        )

    def get(self, bucket: str, key: str) -> bytes:
        body: bytes = self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        return body

    def put(
        self, bucket: str, key: str, data: bytes, *, content_type: str = "application/octet-stream"
    ) -> None:
        self.s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type)

    def list(self, bucket: str, prefix: str) -> list[StoredObject]:
        out: list[StoredObject] = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for o in page.get("Contents", []):
                out.append(
                    StoredObject(
                        bucket=bucket,
                        key=o["Key"],
                        size=int(o.get("Size", 0)),
                        etag=(o.get("ETag") or "").strip('"') or None,
                    )
                )
        return out


def _record_item(record: dict[str, Any]) -> dict[str, Any]:
    """The record item and its sparse index keys (docs/dynamodb.md)."""
    status = record["status"]
    updated = record["updated_at"]
    item: dict[str, Any] = {
        "pk": {"S": f"DOSSIER#{record['dossier_id']}"},
        "sk": {"S": RECORD_SK},
        "status": {"S": status},
        "revision": {"N": str(record.get("revision", 1))},
        "updated_at": {"S": updated},
        "received_at": {"S": record["received_at"]},
        "body": {"S": json.dumps(record, ensure_ascii=False, sort_keys=True)},
    }
    for name, (pk, sk) in index_keys(record).items():
        item[f"{name}pk"] = {"S": pk}
        item[f"{name}sk"] = {"S": sk}
    for attr in ("procedure_code", "agency", "due_at", "dossier_code"):
        if record.get(attr):
            item[attr] = {"S": str(record[attr])}
    return item


def _audit_item(dossier_id: str, audit: dict[str, Any]) -> dict[str, Any]:
    item = {
        "pk": {"S": f"DOSSIER#{dossier_id}"},
        "sk": {"S": f"AUDIT#{audit['at']}#{audit['id']}"},
        "body": {"S": json.dumps(audit, ensure_ascii=False, sort_keys=True)},
    }
    if audit.get("event"):
        item["event_type"] = {"S": audit["event"]["detail_type"]}
    return item


class DynamoRecordStore:
    """Single-table design: DOSSIER#<id> / RECORD, DOSSIER#<id> / AUDIT#<at>#<n>, counters."""

    def __init__(self, client: Any, table: str) -> None:
        self.ddb = client
        self.table = table

    def get(self, dossier_id: str) -> dict[str, Any] | None:
        r = self.ddb.get_item(
            TableName=self.table,
            Key={"pk": {"S": f"DOSSIER#{dossier_id}"}, "sk": {"S": RECORD_SK}},
            ConsistentRead=True,
        )
        item = r.get("Item")
        return json.loads(item["body"]["S"]) if item else None

    def create(self, record: dict[str, Any], audit: dict[str, Any]) -> None:
        self._transact(record, audit, condition="attribute_not_exists(pk)", values=None)

    def transition(
        self,
        dossier_id: str,
        *,
        expected_revision: int,
        record: dict[str, Any],
        audit: dict[str, Any] | None,
    ) -> None:
        if expected_revision:
            condition, values = "#rev = :rev", {":rev": {"N": str(expected_revision)}}
        else:  # written before revisions existed
            condition, values = "attribute_not_exists(#rev)", {}
        self._transact(record, audit, condition=condition, values=values)

    def _transact(
        self,
        record: dict[str, Any],
        audit: dict[str, Any] | None,
        *,
        condition: str,
        values: dict[str, Any] | None,
    ) -> None:
        put: dict[str, Any] = {
            "TableName": self.table,
            "Item": _record_item(record),
            "ConditionExpression": condition,
        }
        if "#rev" in condition:
            put["ExpressionAttributeNames"] = {"#rev": "revision"}
        if values:
            put["ExpressionAttributeValues"] = values
        items: list[dict[str, Any]] = [{"Put": put}]
        if audit is not None:
            items.append(
                {
                    "Put": {
                        "TableName": self.table,
                        "Item": _audit_item(record["dossier_id"], audit),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                }
            )
        try:
            self.ddb.transact_write_items(TransactItems=items)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code")
            if code in ("TransactionCanceledException", "ConditionalCheckFailedException"):
                raise ConflictError(str(exc)) from exc
            raise

    def audit_trail(self, dossier_id: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :a)",
            "ExpressionAttributeValues": {
                ":pk": {"S": f"DOSSIER#{dossier_id}"},
                ":a": {"S": "AUDIT#"},
            },
            "ConsistentRead": True,
        }
        while True:
            r = self.ddb.query(**kwargs)
            out += [json.loads(i["body"]["S"]) for i in r.get("Items", [])]
            if "LastEvaluatedKey" not in r:
                return out
            kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]

    def query_index(
        self, index: str, pk: str, *, lo: str | None = None, hi: str | None = None
    ) -> list[dict[str, Any]]:
        """Records whose index key is ``pk`` and sort key within [lo, hi)."""
        cond = f"{index}pk = :p"
        values: dict[str, Any] = {":p": {"S": pk}}
        if lo is not None and hi is not None:
            cond += f" AND {index}sk BETWEEN :lo AND :hi"
            values |= {":lo": {"S": lo}, ":hi": {"S": hi}}
        elif hi is not None:
            cond += f" AND {index}sk < :hi"
            values[":hi"] = {"S": hi}
        elif lo is not None:
            cond += f" AND {index}sk >= :lo"
            values[":lo"] = {"S": lo}
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": index,
            "KeyConditionExpression": cond,
            "ExpressionAttributeValues": values,
        }
        out: list[dict[str, Any]] = []
        while True:
            r = self.ddb.query(**kwargs)
            for i in r.get("Items", []):
                if "body" in i:
                    out.append(json.loads(i["body"]["S"]))
                else:  # keys-only index: fetch the record
                    rec = self.get(i["pk"]["S"].removeprefix("DOSSIER#"))
                    if rec is not None:
                        out.append(rec)
            if "LastEvaluatedKey" not in r:
                return out
            kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]

    def by_status(self, status: str, *, updated_before: str | None = None) -> list[dict[str, Any]]:
        return self.query_index("gsi1", f"STATUS#{status}", hi=updated_before)

    def mark_part_done(self, scope: str, part: str) -> int:
        r = self.ddb.update_item(
            TableName=self.table,
            Key={"pk": {"S": f"PARTS#{scope}"}, "sk": {"S": "PARTS"}},
            UpdateExpression="ADD #p :part",
            ExpressionAttributeNames={"#p": "parts"},
            ExpressionAttributeValues={":part": {"SS": [part]}},
            ReturnValues="UPDATED_NEW",
        )
        return len(r["Attributes"]["parts"]["SS"])

    def next_sequence(self, scope: str) -> int:
        r = self.ddb.update_item(
            TableName=self.table,
            Key={"pk": {"S": f"COUNTER#{scope}"}, "sk": {"S": "COUNTER"}},
            UpdateExpression="ADD #n :one",
            ExpressionAttributeNames={"#n": "n"},
            ExpressionAttributeValues={":one": {"N": "1"}},
            ReturnValues="UPDATED_NEW",
        )
        return int(r["Attributes"]["n"]["N"])


class SqsWorkQueue:
    def __init__(self, client: Any, urls: Mapping[str, str]) -> None:
        self.sqs = client
        self.urls = dict(urls)

    def send(self, queue: str, body: Mapping[str, Any]) -> None:
        try:
            url = self.urls[queue]
        except KeyError:
            raise KeyError(f"no queue URL configured for stage '{queue}'") from None
        self.sqs.send_message(QueueUrl=url, MessageBody=json.dumps(body, ensure_ascii=False))


class EventBridgePublisher:
    def __init__(self, client: Any, bus: str, source: str = SOURCE) -> None:
        self.events = client
        self.bus = bus
        self.source = source

    def publish(self, detail_type: str, detail: Mapping[str, Any]) -> None:
        r = self.events.put_events(
            Entries=[
                {
                    "Source": self.source,
                    "DetailType": detail_type,
                    "Detail": json.dumps(detail, ensure_ascii=False),
                    "EventBusName": self.bus,
                }
            ]
        )
        if r.get("FailedEntryCount"):
            raise RuntimeError(f"EventBridge rejected {detail_type}: {r['Entries']}")
