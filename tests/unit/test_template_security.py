"""template.yaml's security and operations properties (issue 14), checked on the template itself
so that a resource added later keeps them: encryption with the stack's key, TLS-only buckets,
retention, written least-privilege roles, bounded concurrency, and alarms for every queue and
function in infra/operations.yaml."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest

from hoso_local.template import load_template

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load_template(ROOT / "template.yaml")
OPERATIONS = load_template(ROOT / "infra" / "operations.yaml")
RESOURCES: dict[str, dict[str, Any]] = TEMPLATE["Resources"]
KEY = "DataKey"


def of_type(kind: str, template: dict[str, Any] = TEMPLATE) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def props(logical: str) -> dict[str, Any]:
    return dict(RESOURCES[logical].get("Properties") or {})


FUNCTIONS = of_type("AWS::Serverless::Function")
QUEUES = of_type("AWS::SQS::Queue")
BUCKETS = of_type("AWS::S3::Bucket")
ROLES = {k: v for k, v in of_type("AWS::IAM::Role").items() if k.endswith("FunctionRole")}


def refs(value: Any) -> set[str]:
    """Logical ids a value points at (Ref, GetAtt, ${X} / ${X.Attr} in Sub)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "Ref":
                found.add(str(v))
            elif k == "Fn::GetAtt":
                found.add(v[0] if isinstance(v, list) else str(v).split(".")[0])
            elif k == "Fn::Sub":
                text = v if isinstance(v, str) else v[0]
                found |= {m.split(".")[0] for m in re.findall(r"\$\{([^!}][^}]*)\}", text)}
            else:
                found |= refs(v)
    elif isinstance(value, list):
        for v in value:
            found |= refs(v)
    return found


def statements(role: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for policy in props(role).get("Policies") or []:
        out += policy["PolicyDocument"]["Statement"]
    for arn in props(role).get("ManagedPolicyArns") or []:
        if isinstance(arn, dict) and "Ref" in arn:
            out += props(arn["Ref"])["PolicyDocument"]["Statement"]
    return out


def actions(statement: dict[str, Any]) -> list[str]:
    a = statement["Action"]
    return [a] if isinstance(a, str) else list(a)


def grants(role: str, action: str) -> list[Any]:
    """The resources a role is allowed ``action`` on."""
    return [s["Resource"] for s in statements(role) if action in actions(s)]


# ------------------------------------------------------------------ encryption at rest


def test_the_data_key_rotates_and_lets_the_services_that_write_for_the_stack_in():
    key = props(KEY)
    assert key["EnableKeyRotation"] is True
    assert RESOURCES[KEY]["DeletionPolicy"] == "Retain"
    principals: set[str] = set()
    for s in key["KeyPolicy"]["Statement"]:
        service = (s.get("Principal") or {}).get("Service")
        if service:
            principals |= {str(x) for x in (service if isinstance(service, list) else [service])}
            assert set(actions(s)) <= {
                "kms:GenerateDataKey*",
                "kms:Decrypt",
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:Describe*",
            }, s  # use of the key, never its administration
    assert {"s3.amazonaws.com", "events.amazonaws.com", "cloudwatch.amazonaws.com"} <= principals


@pytest.mark.parametrize("queue", sorted(QUEUES))
def test_every_queue_is_encrypted_with_the_data_key(queue: str):
    assert QUEUES[queue]["Properties"]["KmsMasterKeyId"] == {"Ref": KEY}


@pytest.mark.parametrize("table", ["RecordsTable", "IdempotencyTable", "OfficersTable"])
def test_the_tables_are_encrypted_with_the_data_key(table: str):
    assert props(table)["SSESpecification"] == {
        "SSEEnabled": True,
        "SSEType": "KMS",
        "KMSMasterKeyId": {"Ref": KEY},
    }


def test_the_topics_and_function_environments_use_the_data_key():
    assert refs(props("OfficerTopic")["KmsMasterKeyId"]) == {KEY}
    assert refs(TEMPLATE["Globals"]["Function"]["KmsKeyArn"]) == {KEY}
    ops_topic = OPERATIONS["Resources"]["OperationsTopic"]["Properties"]
    assert ops_topic["KmsMasterKeyId"] == {"Ref": "DataKeyArn"}


def test_the_records_table_cannot_be_deleted_by_accident():
    assert props("RecordsTable")["DeletionProtectionEnabled"] is True
    assert props("RecordsTable")["PointInTimeRecoverySpecification"] == {
        "PointInTimeRecoveryEnabled": True
    }
    assert RESOURCES["RecordsTable"]["DeletionPolicy"] == "Retain"


# ------------------------------------------------------------------ buckets


@pytest.mark.parametrize("bucket", sorted(BUCKETS))
def test_every_bucket_is_private_tls_only_and_expires_what_it_holds(bucket: str):
    p = BUCKETS[bucket]["Properties"]
    assert set(p["PublicAccessBlockConfiguration"].values()) == {True}
    assert p["VersioningConfiguration"] == {"Status": "Enabled"}
    (policy,) = [
        v["Properties"]["PolicyDocument"]
        for v in of_type("AWS::S3::BucketPolicy").values()
        if v["Properties"]["Bucket"] == {"Ref": bucket}
    ]
    tls = [
        s
        for s in policy["Statement"]
        if s["Effect"] == "Deny"
        and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        and s["Action"] == "s3:*"
        and s["Principal"] == "*"
    ]
    assert tls and refs(tls[0]["Resource"]) == {bucket}
    rules = p["LifecycleConfiguration"]["Rules"]
    for rule in rules:  # retention periods are parameters
        assert rule["Status"] == "Enabled"
        assert set(refs(rule["ExpirationInDays"])) <= set(TEMPLATE["Parameters"])
        noncurrent = rule["NoncurrentVersionExpiration"]["NoncurrentDays"]
        assert refs(noncurrent) <= set(TEMPLATE["Parameters"])


@pytest.mark.parametrize("bucket", ["UploadBucket", "ArtefactBucket"])
def test_the_data_buckets_use_the_data_key_and_log_their_access(bucket: str):
    p = props(bucket)
    (rule,) = p["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert refs(rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"]) == {KEY}
    assert p["LoggingConfiguration"]["DestinationBucketName"] == {"Ref": "AccessLogBucket"}


# ------------------------------------------------------------------ functions


@pytest.mark.parametrize("fn", sorted(FUNCTIONS))
def test_every_function_has_its_own_written_role_and_log_group(fn: str):
    p = FUNCTIONS[fn]["Properties"]
    name = fn.removesuffix("Function")
    # SAM ignores Policies when Role is set: a grant added there would silently do nothing
    assert "Policies" not in p
    assert p["Role"] == {"Fn::GetAtt": [f"{fn}Role", "Arn"]}
    group = p["LoggingConfig"]["LogGroup"]
    assert group == {"Ref": f"{name}LogGroup"}
    log_group = props(f"{name}LogGroup")
    assert log_group["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert refs(log_group["KmsKeyId"]) == {KEY}
    assert [refs(r) for r in grants(f"{fn}Role", "logs:PutLogEvents")] == [{f"{name}LogGroup"}]
    assert {"Ref": "DataKeyUsePolicy"} in props(f"{fn}Role")["ManagedPolicyArns"]


ALLOWED_STARS = {
    ("FunctionTracingPolicy", "xray:PutTraceSegments"),  # X-Ray: no resource-level permissions
    ("FunctionTracingPolicy", "xray:PutTelemetryRecords"),
    ("FunctionTracingPolicy", "xray:GetSamplingRules"),
    ("FunctionTracingPolicy", "xray:GetSamplingTargets"),
    ("MessengerFunctionRole", "sns:Publish"),  # SMS to a phone number: no resource to name
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_role_grants_star_where_the_resource_is_known(role: str):
    for policy in props(role).get("Policies") or []:
        for s in policy["PolicyDocument"]["Statement"]:
            if s["Resource"] == "*" or "*" in (
                s["Resource"] if isinstance(s["Resource"], list) else []
            ):
                assert {(role, a) for a in actions(s)} <= ALLOWED_STARS, s
    for arn in props(role)["ManagedPolicyArns"]:
        assert isinstance(arn, dict), arn  # no AWS managed policy (their resources are "*")
        for s in props(arn["Ref"])["PolicyDocument"]["Statement"]:
            if s["Resource"] == "*":
                assert {(arn["Ref"], a) for a in actions(s)} <= ALLOWED_STARS, s


def test_only_the_publisher_puts_events_on_the_bus():
    putting = {role for role in ROLES if grants(role, "events:PutEvents")}
    assert putting == {"PublisherFunctionRole"}
    assert [refs(r) for r in grants("PublisherFunctionRole", "events:PutEvents")] == [{"EventBus"}]


def test_only_the_relay_calls_put_events():
    """The grant above follows the code: only the outbox relay publishes (hoso.services.relay)."""
    core = ROOT / "layers" / "core" / "hoso"
    publishing = sorted(
        str(p.relative_to(core))
        for p in core.rglob("*.py")
        if re.search(r"\.events\.publish\(", p.read_text(encoding="utf-8"))
    )
    assert publishing == ["services/relay.py"]


@pytest.mark.parametrize("fn", sorted(FUNCTIONS))
def test_every_event_source_is_readable_by_its_role_and_bounded(fn: str):
    role = f"{fn}Role"
    for name, ev in (FUNCTIONS[fn]["Properties"].get("Events") or {}).items():
        p = ev["Properties"]
        if ev["Type"] == "SQS":
            queue = refs(p["Queue"])
            assert any(queue <= refs(r) for r in grants(role, "sqs:ReceiveMessage")), name
            limit = p["ScalingConfig"]["MaximumConcurrency"]
            assert refs(limit) <= set(TEMPLATE["Parameters"]), name
        if ev["Type"] == "DynamoDB":
            assert refs(p["Stream"]) <= set().union(
                *(refs(r) for r in grants(role, "dynamodb:GetRecords"))
            )
            failed = refs(p["DestinationConfig"]["OnFailure"]["Destination"])
            assert failed <= set(QUEUES)
            assert any(failed <= refs(r) for r in grants(role, "sqs:SendMessage"))


def test_functions_not_bounded_by_an_event_source_reserve_their_concurrency():
    for fn, spec in FUNCTIONS.items():
        kinds = {ev["Type"] for ev in (spec["Properties"].get("Events") or {}).values()}
        if not kinds & {"SQS", "DynamoDB"}:
            assert "ReservedConcurrentExecutions" in spec["Properties"], fn


def test_every_queue_a_function_sends_to_is_granted():
    """The queues each function's code sends to (env *_QUEUE_URL used by the stage) are in
    its role: OCR fans page ranges out on its own queue, then hands over to understanding."""
    sends = {
        "IntakeFunctionRole": {"OcrQueue"},
        "OcrFunctionRole": {"OcrQueue", "UnderstandQueue"},
        "UnderstandFunctionRole": {"NotifyQueue"},
        "SweeperFunctionRole": {"OcrQueue"},  # a stalled dossier started again
        "ApiFunctionRole": {"OcrQueue"},  # a failed one started again by an operator
        "MessengerFunctionRole": {"MessengerDLQ"},
        "PublisherFunctionRole": {"PublisherFailureQueue"},
    }
    for role in ROLES:
        granted = set().union(*(refs(r) for r in grants(role, "sqs:SendMessage")))
        assert granted == sends.get(role, set()), role


# ------------------------------------------------------------------ checkov skips


def _skips(template: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for logical, res in template["Resources"].items():
        for skip in ((res.get("Metadata") or {}).get("checkov") or {}).get("skip") or []:
            out.append((logical, skip))
    return out


def test_every_checkov_skip_says_why():
    skips = _skips(TEMPLATE) + _skips(OPERATIONS)
    assert skips  # the template does skip checks that do not apply
    for logical, skip in skips:
        assert re.fullmatch(r"CKV2?_AWS_\d+", skip["id"]), (logical, skip)
        reason = str(skip.get("comment") or "")
        assert len(reason.split()) >= 8, (logical, skip)  # a written reason, not a tag


# ------------------------------------------------------------------ operations stack


def test_the_operations_stack_takes_only_what_the_hoso_stack_outputs():
    params = OPERATIONS["Parameters"]
    required = {k for k, v in params.items() if "Default" not in v}
    assert required <= set(TEMPLATE["Outputs"]), required - set(TEMPLATE["Outputs"])


def test_every_queue_and_function_is_alarmed():
    alarms = of_type("AWS::CloudWatch::Alarm", OPERATIONS).values()
    watched: dict[str, set[str]] = {}
    for alarm in alarms:
        p = alarm["Properties"]
        assert p["AlarmActions"] == [{"Ref": "OperationsTopic"}]
        for d in p.get("Dimensions") or []:
            if isinstance(d["Value"], dict):  # a resource of the hoso stack (its output)
                watched.setdefault(p["MetricName"], set()).add(d["Value"]["Ref"])
    queue_output = {refs(TEMPLATE["Outputs"][k]["Value"]).pop(): k for k in TEMPLATE["Outputs"]}
    for queue, spec in QUEUES.items():
        out = queue_output[queue]
        if "RedrivePolicy" in spec["Properties"]:  # a stage queue
            assert out in watched["ApproximateAgeOfOldestMessage"], queue
        else:  # a dead-letter / on-failure queue
            assert out in watched["ApproximateNumberOfMessagesVisible"], queue
    for fn in FUNCTIONS:
        assert f"{fn}Name" in watched["Errors"] and f"{fn}Name" in watched["Throttles"], fn
    assert watched["IteratorAge"] == {"PublisherFunctionName"}
    stuck = [a["Properties"] for a in alarms if a["Properties"]["MetricName"] == "StuckDossiers"]
    assert stuck and stuck[0]["Threshold"] == 1
    # the dimension the sweeper's metric carries (test_outbox_and_sweeper_handlers checks it)
    assert stuck[0]["Dimensions"] == [{"Name": "service", "Value": "sweeper"}]
    assert stuck[0]["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"


def test_the_dashboard_is_json_once_substituted():
    body = OPERATIONS["Resources"]["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    widgets = json.loads(re.sub(r"\$\{[^}]+\}", "x", body))["widgets"]
    assert len(widgets) >= 6


def test_deploy_passes_the_outputs_to_the_operations_stack():
    spec = importlib.util.spec_from_file_location("ops", ROOT / "infra" / "operations_params.py")
    assert spec and spec.loader
    operations_params = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(operations_params)
    outputs = [{"OutputKey": k, "OutputValue": f"v-{k}"} for k in TEMPLATE["Outputs"]]
    words = operations_params.overrides(outputs, {"OPERATIONS_EMAIL": "ops@example.vn"})
    assert "OperationsEmail=ops@example.vn" in words
    assert "DataKeyArn=v-DataKeyArn" in words and not any(w.startswith("ApiUrl=") for w in words)
    with pytest.raises(SystemExit, match="DataKeyArn"):
        operations_params.overrides([o for o in outputs if o["OutputKey"] != "DataKeyArn"], {})


def test_only_the_stacks_buckets_deliver_access_logs():
    policy = props("AccessLogBucketPolicy")["PolicyDocument"]
    (delivery,) = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    assert delivery["Principal"] == {"Service": "logging.s3.amazonaws.com"}
    assert refs(delivery["Condition"]["ArnLike"]["aws:SourceArn"]) == {
        "UploadBucket",
        "ArtefactBucket",
    }
    logged = {b for b in BUCKETS if "LoggingConfiguration" in BUCKETS[b]["Properties"]}
    assert logged == {"UploadBucket", "ArtefactBucket"}
