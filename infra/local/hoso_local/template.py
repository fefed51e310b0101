"""Reading template.yaml (CloudFormation/SAM short-form tags) and resolving intrinsics locally."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ACCOUNT_ID = "123456789012"
REGION = "ap-southeast-1"


class _Loader(yaml.SafeLoader):
    pass


def _tag(name: str) -> Any:
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if name == "Fn::GetAtt":
                value = str(value).split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        return {name: value}

    return construct


for _short, _long in {
    "Ref": "Ref",
    "GetAtt": "Fn::GetAtt",
    "Sub": "Fn::Sub",
    "Join": "Fn::Join",
    "If": "Fn::If",
    "Select": "Fn::Select",
    "Split": "Fn::Split",
    "Equals": "Fn::Equals",
    "Not": "Fn::Not",
    "And": "Fn::And",
    "Or": "Fn::Or",
    "FindInMap": "Fn::FindInMap",
    "ImportValue": "Fn::ImportValue",
    "GetAZs": "Fn::GetAZs",
    "Condition": "Condition",
}.items():
    _Loader.add_constructor(f"!{_short}", _tag(_long))


def load_template(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_Loader)
    if not isinstance(data, dict) or "Resources" not in data:
        raise ValueError(f"{path} is not a CloudFormation template")
    return data


def _kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()


@dataclass
class Resolver:
    """Gives each resource a local physical name and resolves Ref / GetAtt / Sub."""

    template: dict[str, Any]
    stack: str = "hoso"
    region: str = REGION
    account: str = ACCOUNT_ID
    endpoint: str = "http://127.0.0.1"
    parameters: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.runtime_attrs: dict[tuple[str, str], str] = {}
        for name, spec in (self.template.get("Parameters") or {}).items():
            self.parameters.setdefault(name, str(spec.get("Default", "")))
        self.names: dict[str, str] = {}
        for logical, res in self.template["Resources"].items():
            props = res.get("Properties") or {}
            explicit = (
                props.get("Name")
                or props.get("BucketName")
                or props.get("QueueName")
                or props.get("TableName")
                or props.get("TopicName")
                or props.get("EmailIdentity")
            )
            self.names[logical] = (
                str(self.resolve(explicit)) if explicit else f"{self.stack}-{_kebab(logical)}"
            )

    def resource(self, logical: str) -> dict[str, Any]:
        return dict(self.template["Resources"][logical])

    def type_of(self, logical: str) -> str:
        return str(self.template["Resources"][logical]["Type"])

    def arn(self, logical: str) -> str:
        kind = self.type_of(logical)
        name = self.names[logical]
        if kind == "AWS::SQS::Queue":
            return f"arn:aws:sqs:{self.region}:{self.account}:{name}"
        if kind == "AWS::S3::Bucket":
            return f"arn:aws:s3:::{name}"
        if kind == "AWS::DynamoDB::Table":
            return f"arn:aws:dynamodb:{self.region}:{self.account}:table/{name}"
        if kind == "AWS::Events::EventBus":
            return f"arn:aws:events:{self.region}:{self.account}:event-bus/{name}"
        if kind == "AWS::IAM::ManagedPolicy":
            return f"arn:aws:iam::{self.account}:policy/{name}"
        if kind == "AWS::SNS::Topic":
            return f"arn:aws:sns:{self.region}:{self.account}:{name}"
        return f"arn:aws:local:{self.region}:{self.account}:{name}"

    def ref(self, name: str) -> str:
        pseudo = {
            "AWS::StackName": self.stack,
            "AWS::Region": self.region,
            "AWS::AccountId": self.account,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        kind = self.type_of(name)
        if kind == "AWS::SQS::Queue":
            return f"{self.endpoint}/{self.account}/{self.names[name]}"
        if kind in ("AWS::IAM::ManagedPolicy", "AWS::SNS::Topic"):
            return self.arn(name)
        return self.names[name]

    def get_att(self, logical: str, attr: str) -> str:
        if attr == "Arn":
            return self.arn(logical)
        if attr in ("QueueName", "Name", "TopicName"):
            return self.names[logical]
        if attr in ("QueueUrl", "TopicArn"):
            return self.ref(logical)
        if (logical, attr) in self.runtime_attrs:
            return self.runtime_attrs[(logical, attr)]
        raise KeyError(f"unsupported attribute {logical}.{attr}")

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((k, v),) = value.items()
            if k == "Ref":
                return self.ref(v)
            if k == "Fn::GetAtt":
                parts = v if isinstance(v, list) else str(v).split(".", 1)
                return self.get_att(parts[0], parts[1])
            if k == "Fn::Sub":
                text, extra = (v, {}) if isinstance(v, str) else (v[0], self.resolve(v[1]))
                return re.sub(r"\$\{([^}]+)\}", lambda m: self._sub_var(m.group(1), extra), text)
            if k == "Fn::Join":
                return str(v[0]).join(str(self.resolve(x)) for x in v[1])
        return {k: self.resolve(v) for k, v in value.items()}

    def _sub_var(self, var: str, extra: dict[str, Any]) -> str:
        if var.startswith("!"):  # ${!Literal}: the text ${Literal}, e.g. an IAM policy variable
            return "${" + var[1:] + "}"
        if var in extra:
            return str(extra[var])
        if "." in var:
            logical, attr = var.split(".", 1)
            return self.get_att(logical, attr)
        return self.ref(var)

    # -------------------------------------------------------------- SAM views
    def functions(self) -> dict[str, dict[str, Any]]:
        globals_fn = (self.template.get("Globals") or {}).get("Function") or {}
        out = {}
        for logical, res in self.template["Resources"].items():
            if res["Type"] != "AWS::Serverless::Function":
                continue
            props = dict(res.get("Properties") or {})
            env = dict((globals_fn.get("Environment") or {}).get("Variables") or {})
            env.update((props.get("Environment") or {}).get("Variables") or {})
            props["ResolvedEnvironment"] = {k: str(self.resolve(v)) for k, v in env.items()}
            props["Metadata"] = dict(res.get("Metadata") or {})
            props.setdefault("Timeout", globals_fn.get("Timeout", 3))
            props.setdefault("MemorySize", globals_fn.get("MemorySize", 128))
            out[logical] = props
        return out
