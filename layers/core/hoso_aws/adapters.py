"""boto3 implementations of :mod:`hoso.ports` for S3, SQS and EventBridge (the records table:
:mod:`hoso_aws.dynamo`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError

from hoso.events import SOURCE
from hoso.ports import StoredObject


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
