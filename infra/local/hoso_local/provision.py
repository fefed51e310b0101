"""Create, on the local endpoint, the resources template.yaml declares (idempotent)."""

from __future__ import annotations

import json
import logging
from typing import Any

from botocore.exceptions import ClientError

from hoso_local.template import Resolver

log = logging.getLogger("hoso.local.provision")

# Resource types that have no local behaviour to emulate (IAM is not enforced locally,
# SAM layers are the installed package itself, queue policies only grant S3 access).
IGNORED = {
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::Role",
    "AWS::IAM::Policy",
    "AWS::SQS::QueuePolicy",
    "AWS::S3::BucketPolicy",
    "AWS::Serverless::LayerVersion",
    "AWS::Lambda::LayerVersion",
    "AWS::Serverless::Function",  # run in-process by the runtime
    "AWS::Serverless::Api",  # served by hoso_local.api from the functions' Api events
    # officers sign in with local tokens (officers.json) instead of the user pool; the
    # console's sign-in settings are then "token" (routes/console.py)
    "AWS::Cognito::UserPool",
    "AWS::Cognito::UserPoolDomain",
    "AWS::Cognito::UserPoolClient",
    "AWS::SSM::Parameter",
    # at-rest encryption, log groups and API Gateway's logging role: nothing to emulate (the
    # moto server keeps everything in the data directory, and functions log to functions.log)
    "AWS::KMS::Key",
    "AWS::KMS::Alias",
    "AWS::Logs::LogGroup",
    "AWS::ApiGateway::Account",
}
ORDER = [
    "AWS::SQS::Queue",
    "AWS::DynamoDB::Table",
    "AWS::Events::EventBus",
    "AWS::S3::Bucket",
    "AWS::SNS::Topic",
    "AWS::SES::EmailIdentity",
]


class UnsupportedResource(Exception):
    pass


def _exists_ok(exc: ClientError, *codes: str) -> bool:
    return exc.response.get("Error", {}).get("Code") in codes


def provision(resolver: Resolver, clients: dict[str, Any]) -> dict[str, str]:
    """Create every declared resource; return {logical id: physical name}."""
    resources = resolver.template["Resources"]
    unknown = sorted(
        f"{k} ({v['Type']})"
        for k, v in resources.items()
        if v["Type"] not in IGNORED and v["Type"] not in ORDER
    )
    if unknown:
        raise UnsupportedResource(
            "template.yaml declares resources the local runtime cannot create: "
            + ", ".join(unknown)
        )
    for kind in ORDER:
        # dead-letter queues before the queues whose redrive policy names them
        items = sorted(
            resources.items(), key=lambda kv: "RedrivePolicy" in (kv[1].get("Properties") or {})
        )
        for logical, res in items:
            if res["Type"] == kind:
                props = resolver.resolve(res.get("Properties") or {})
                _CREATORS[kind](resolver, clients, logical, props)
    return dict(resolver.names)


def _queue(
    resolver: Resolver, clients: dict[str, Any], logical: str, props: dict[str, Any]
) -> None:
    attrs: dict[str, str] = {}
    for key in (
        "VisibilityTimeout",
        "MessageRetentionPeriod",
        "DelaySeconds",
        "MaximumMessageSize",
        "ReceiveMessageWaitTimeSeconds",
    ):
        if key in props:
            attrs[key] = str(props[key])
    if "RedrivePolicy" in props:
        attrs["RedrivePolicy"] = json.dumps(props["RedrivePolicy"])
    if props.get("FifoQueue"):
        attrs["FifoQueue"] = "true"
    clients["sqs"].create_queue(QueueName=resolver.names[logical], Attributes=attrs)


def _table(
    resolver: Resolver, clients: dict[str, Any], logical: str, props: dict[str, Any]
) -> None:
    kwargs: dict[str, Any] = {
        "TableName": resolver.names[logical],
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
    }
    if props.get("GlobalSecondaryIndexes"):
        kwargs["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
    if props.get("StreamSpecification"):
        kwargs["StreamSpecification"] = {"StreamEnabled": True, **props["StreamSpecification"]}
    try:
        clients["dynamodb"].create_table(**kwargs)
    except ClientError as exc:
        if not _exists_ok(exc, "ResourceInUseException"):
            raise


def _bus(resolver: Resolver, clients: dict[str, Any], logical: str, props: dict[str, Any]) -> None:
    try:
        clients["events"].create_event_bus(Name=resolver.names[logical])
    except ClientError as exc:
        if not _exists_ok(exc, "ResourceAlreadyExistsException"):
            raise


def _bucket(
    resolver: Resolver, clients: dict[str, Any], logical: str, props: dict[str, Any]
) -> None:
    s3 = clients["s3"]
    name = resolver.names[logical]
    try:
        s3.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": resolver.region}
        )
    except ClientError as exc:
        if not _exists_ok(exc, "BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
    if (props.get("VersioningConfiguration") or {}).get("Status") == "Enabled":
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    notif = props.get("NotificationConfiguration") or {}
    config: dict[str, Any] = {}
    for q in notif.get("QueueConfigurations", []):
        entry: dict[str, Any] = {"QueueArn": q["Queue"], "Events": [q["Event"]]}
        rules = ((q.get("Filter") or {}).get("S3Key") or {}).get("Rules")
        if rules:
            entry["Filter"] = {"Key": {"FilterRules": rules}}
        config.setdefault("QueueConfigurations", []).append(entry)
    if notif.get("EventBridgeConfiguration"):
        config["EventBridgeConfiguration"] = {}
    if notif.get("LambdaConfigurations") or notif.get("TopicConfigurations"):
        raise UnsupportedResource(
            f"{logical}: only queue and EventBridge notifications are supported locally"
        )
    if config:
        s3.put_bucket_notification_configuration(Bucket=name, NotificationConfiguration=config)


def _topic(
    resolver: Resolver, clients: dict[str, Any], logical: str, props: dict[str, Any]
) -> None:
    # KmsMasterKeyId names the stack's data key, which is not made locally
    attrs = {k: str(props[k]) for k in ("DisplayName", "FifoTopic") if k in props}
    clients["sns"].create_topic(Name=resolver.names[logical], Attributes=attrs)  # idempotent


def _email_identity(
    resolver: Resolver, clients: dict[str, Any], logical: str, props: dict[str, Any]
) -> None:
    # SES v1: the sender address is verified at once locally (moto), by a link on AWS
    clients["ses"].verify_email_identity(EmailAddress=str(props["EmailIdentity"]))


_CREATORS = {
    "AWS::SQS::Queue": _queue,
    "AWS::DynamoDB::Table": _table,
    "AWS::Events::EventBus": _bus,
    "AWS::S3::Bucket": _bucket,
    "AWS::SNS::Topic": _topic,
    "AWS::SES::EmailIdentity": _email_identity,
}
