"""boto3 implementations of :mod:`hoso.ports` for S3, SQS, EventBridge, SNS and SES (the
records table: :mod:`hoso_aws.dynamo`)."""

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

    def presign(self, bucket: str, key: str, expires_s: int) -> str:
        """SigV4 presigned GET (at most 7 days; a URL signed with temporary credentials, as a
        Lambda role's are, stops working when they expire)."""
        url: str = self.s3.generate_presigned_url(
            "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires_s
        )
        return url


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


class SnsSesMessenger:
    """Officers through one SNS topic (subscriptions filter on the ``agency`` attribute),
    applicants by SES e-mail (v1 ``send_email``) and SNS SMS (transactional)."""

    def __init__(self, sns: Any, ses: Any, *, topic_arn: str, sender: str) -> None:
        self.sns = sns
        self.ses = ses
        self.topic_arn = topic_arn
        self.sender = sender

    def to_officers(
        self, agency: str, subject: str | None, text: str, attributes: Mapping[str, str]
    ) -> None:
        values = {**attributes, "agency": agency}
        kwargs: dict[str, Any] = {
            "TopicArn": self.topic_arn,
            "Message": text,
            "MessageAttributes": {
                k: {"DataType": "String", "StringValue": v} for k, v in values.items() if v
            },
        }
        if subject:
            kwargs["Subject"] = subject
        self.sns.publish(**kwargs)

    def email(self, to: str, subject: str, text: str) -> None:
        self.ses.send_email(
            Source=self.sender,
            Destination={"ToAddresses": [to]},
            Message={
                "Subject": {"Data": subject, "Charset": "UTF-8"},
                "Body": {"Text": {"Data": text, "Charset": "UTF-8"}},
            },
        )

    def sms(self, phone: str, text: str) -> None:
        self.sns.publish(
            PhoneNumber=phone,
            Message=text,
            MessageAttributes={
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}
            },
        )
