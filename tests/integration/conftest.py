"""Integration fixtures: the resources template.yaml declares, created on moto in-process
(``mock_aws``) the way the local runtime provisions them; the Lambda handlers loaded from
``functions/`` the way the local runtime (and Lambda) loads them; hoso's services built by the
composition root with the AWS adapters, a fixed clock and fake OCR/understanding; and the
canonical events of ``tests/events/``.

The dossiers the canonical events name (``A``, ``B``) and the objects a station uploads for
them are defined here; ``test_canonical_events.py`` checks that the events agree with them.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from hoso.officers import Officer
from hoso.services import Services, decision, intake, ocr_stage, understanding
from hoso_aws import bootstrap
from hoso_aws.officers import DynamoOfficerDirectory
from hoso_local.provision import provision
from hoso_local.runtime import LocalContext, _handler_location
from hoso_local.template import ACCOUNT_ID, REGION, Resolver, load_template
from tests.unit.conftest import fake_assess, fake_count, fake_ocr

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "tests" / "events"

# Physical names as CloudFormation gives them to a stack named "hoso": the canonical events
# carry these (bucket in S3 notifications, queue ARNs the failures handler reads a stage from).
DEPLOYED = {
    "UploadBucket": "hoso-uploadbucket-1n3xq7v2k9fzt",
    "ArtefactBucket": "hoso-artefactbucket-0w8m4r6c2jydp",
    "RecordsTable": "hoso-RecordsTable-1QK7ZP3M5B2XE",
    "IdempotencyTable": "hoso-IdempotencyTable-8F2HJ6TQW4LN",
    "IntakeQueue": "hoso-IntakeQueue-Vx3nR8pL2qKd",
    "IntakeDLQ": "hoso-IntakeDLQ-7bTz1mQe9WcY",
    "OcrQueue": "hoso-OcrQueue-Jd4s8KqP0xRa",
    "OcrDLQ": "hoso-OcrDLQ-2fHk6NwZ3uLm",
    "UnderstandQueue": "hoso-UnderstandQueue-Qm5c1VtY8eBn",
    "UnderstandDLQ": "hoso-UnderstandDLQ-Bw6x0JrT4kHs",
    "NotifyQueue": "hoso-NotifyQueue-Hs9w3GfK6pTz",
    "NotifyDLQ": "hoso-NotifyDLQ-Ye1v5CzM8qWd",
}
STREAM_ARN = (
    f"arn:aws:dynamodb:{REGION}:{ACCOUNT_ID}:table/{DEPLOYED['RecordsTable']}"
    "/stream/2026-03-01T00:00:00.000"
)
SQS_ENDPOINT = f"https://sqs.{REGION}.amazonaws.com"  # moto's in-process queue URLs
NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam, a Thursday

# ---------------------------------------------------------------- the dossiers of the events
A, B = "Q1-20260305-0007", "Q1-20260305-0008"
FORM = "Tờ khai đăng ký khai sinh.pdf"  # spaces and Vietnamese: '+' and %-escapes in events
FORM_BYTES = "TỜ KHAI ĐĂNG KÝ KHAI SINH\nGIẤY CHỨNG SINH".encode()  # two pages (fake OCR)
MANIFESTS = {
    A: {
        "schema_version": "1",
        "dossier_id": A,
        "procedure_code": "KHAI_SINH",
        "applicant": {
            "name": "Nguyễn Thị Lan",
            "id_number": "040190001234",
            "phone": "0912 345 678",
        },
        "received_by": "can.bo.mot",
        "station_id": "Q1",
        "channel": "counter",
        "received_at": "2026-03-05T08:55:00+07:00",
        "files": [FORM],
    },
    B: {
        "schema_version": "1",
        "dossier_id": B,
        "procedure_code": "KHAI_SINH",
        "applicant": {"name": "Trần Văn Bình", "id_number": "040088005678"},
        "received_by": "can.bo.mot",
        "station_id": "Q1",
        "channel": "counter",
        "received_at": "2026-03-05T09:05:00+07:00",
        "files": [FORM],
    },
}


# ---------------------------------------------------------------- who signs the API events
# The canonical API events are signed by this IAM user (requestContext.identity.userArn); the
# officers table says who it is: an officer of the commune People's Committee, A's agency.
CONSOLE = f"arn:aws:iam::{ACCOUNT_ID}:user/hoso-console"
OFFICERS = {
    CONSOLE: Officer("can.bo.mot", "Cán bộ một", "agency", frozenset({"H40.UBNDXA"})),
    f"arn:aws:iam::{ACCOUNT_ID}:user/hoso-police": Officer(
        "can.bo.cong.an", "Cán bộ công an", "agency", frozenset({"H40.CAT", "H40.CAXA"})
    ),
    f"arn:aws:iam::{ACCOUNT_ID}:role/hoso-centre": Officer("trung-tam", "Trung tâm", "centre"),
    f"arn:aws:iam::{ACCOUNT_ID}:role/ubnd-xa-system": Officer(
        "he-thong-ubnd-xa", "Hệ thống UBND xã", "system", frozenset({"H40.UBNDXA"})
    ),
}


def manifest_bytes(dossier_id: str) -> bytes:
    """manifest.json as the station writes it."""
    return json.dumps(MANIFESTS[dossier_id], ensure_ascii=False, indent=2).encode()


def event(name: str) -> dict[str, Any]:
    """A canonical event of tests/events/ (a fresh copy: tests may change it)."""
    data: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text("utf-8"))
    return data


def bodies(evt: dict[str, Any]) -> list[dict[str, Any]]:
    """The JSON bodies of an SQS event's records."""
    return [json.loads(r["body"]) for r in evt["Records"]]


@functools.cache
def template() -> dict[str, Any]:
    return load_template(ROOT / "template.yaml")


def resolver(only: tuple[str, ...] | None = None) -> Resolver:
    """template.yaml's resources (or ``only`` these) under their deployed names."""
    tpl = template()
    if only is not None:
        # the data key every store is encrypted with comes along (the local stack skips it)
        keep = [*only, *(k for k in ("DataKey",) if k in tpl["Resources"] and k not in only)]
        tpl = {**tpl, "Resources": {k: tpl["Resources"][k] for k in keep}}
    r = Resolver(tpl, stack="hoso", endpoint=SQS_ENDPOINT)
    r.names.update({k: v for k, v in DEPLOYED.items() if k in r.names})
    if "RecordsTable" in r.names:
        r.runtime_attrs[("RecordsTable", "StreamArn")] = STREAM_ARN
    return r


@functools.cache
def catalog() -> Any:
    from hoso.catalog import load_catalog

    return load_catalog()


class Clock:
    """A fixed time that moves on a millisecond each time it is read (so the audit entries of
    one invocation are ordered in time, as they are on Lambda)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


@functools.cache
def handler(logical: str) -> Callable[..., Any]:
    """A function's handler, loaded from its file the way the local runtime does (once: a
    warm container; the module-level clients it makes are moto's whenever a mock runs)."""
    props = resolver().functions()[logical]
    module, attr, code_dir = _handler_location(logical, props)
    path = ROOT / code_dir / (module.replace(".", "/") + ".py")
    if str(path.parent) not in sys.path:  # Lambda puts the code's folder on the path
        sys.path.append(str(path.parent))
    spec = importlib.util.spec_from_file_location(f"hoso_fn_test_{logical}", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    fn: Callable[..., Any] = getattr(mod, attr)
    return fn


@dataclass
class Stack:
    """The stack on moto: its clients, the services the handlers get, and helpers."""

    resolver: Resolver
    clients: dict[str, Any]
    env: dict[str, str]
    svc: Services
    clock: Clock
    subscriber_url: str

    def name(self, logical: str) -> str:
        return self.resolver.names[logical]

    @property
    def upload_bucket(self) -> str:
        return self.name("UploadBucket")

    # -------------------------------------------------------------- handlers
    def invoke(self, logical: str, evt: dict[str, Any]) -> Any:
        """Invoke a function on an event, with a Lambda context as its template sets it."""
        props = self.resolver.functions()[logical]
        context = LocalContext(f"hoso-{logical}", int(props["MemorySize"]), int(props["Timeout"]))
        return handler(logical)(evt, context)

    # -------------------------------------------------------------- reading the stack
    def record(self, dossier_id: str) -> dict[str, Any] | None:
        found = self.svc.records.get(dossier_id)
        return found.to_dict() if found else None

    def messages(self, logical: str) -> list[dict[str, Any]]:
        """Take every message off a queue; their bodies."""
        return [json.loads(m["Body"]) for m in self._receive(self.resolver.ref(logical))]

    def published(self) -> list[dict[str, Any]]:
        """Events that reached the bus (through a subscriber's catch-all rule)."""
        return [json.loads(m["Body"]) for m in self._receive(self.subscriber_url)]

    def _receive(self, url: str) -> list[dict[str, Any]]:
        sqs, out = self.clients["sqs"], []
        while msgs := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
            out += msgs
            for m in msgs:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        return out

    # -------------------------------------------------------------- arranging
    def upload(self, dossier_id: str, *, manifest: bool = True) -> None:
        """What the station uploads for a dossier of the canonical events."""
        s3 = self.clients["s3"]
        s3.put_object(
            Bucket=self.upload_bucket, Key=f"incoming/{dossier_id}/{FORM}", Body=FORM_BYTES
        )
        if manifest:
            s3.put_object(
                Bucket=self.upload_bucket,
                Key=f"incoming/{dossier_id}/manifest.json",
                Body=manifest_bytes(dossier_id),
            )

    def start(self, dossier_id: str) -> None:
        """Upload a dossier and let intake start it (its OCR job waits on the queue)."""
        self.upload(dossier_id)
        key = f"incoming/{dossier_id}/manifest.json"
        assert intake.on_upload(self.svc, self.upload_bucket, key) == "started"

    def run_stages(self, until: str = "NotifyQueue") -> None:
        """Run the stages' jobs waiting on the queues (services called directly), in order,
        up to and including the ``until`` queue."""
        stages = [
            ("OcrQueue", ocr_stage.run),
            ("UnderstandQueue", understanding.run),
            ("NotifyQueue", decision.run),
        ]
        for logical, run in stages:
            for job in self.messages(logical):
                run(self.svc, job)
            if logical == until:
                return


@pytest.fixture(scope="session")
def clients() -> dict[str, Any]:
    """boto3 clients for the services hoso uses, made once (loading their models is slow).
    moto patches every client made after it is imported, while a mock is active."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("AWS_ENDPOINT_URL", raising=False)  # a local stack's (e2e): not ours
        session = boto3.session.Session(region_name=REGION)
        return {
            name: session.client(name)
            for name in ("s3", "sqs", "dynamodb", "events", "sns", "ses", "ssm")
        }


@pytest.fixture
def aws(clients: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """A fresh moto (in-process), reached through ``clients`` (and any client made meanwhile:
    AWS_ENDPOINT_URL, which the local runtime sets, would send those to its server)."""
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        yield clients


@pytest.fixture
def stack(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Stack:
    """template.yaml's stack on moto, its functions' environment set, and the services the
    handlers get from ``bootstrap.services()``."""
    res = resolver()
    provision(res, aws)
    env: dict[str, str] = {}
    for props in res.functions().values():
        env.update(props["ResolvedEnvironment"])
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    # as on Lambda: not the local runtime (an e2e session's stack in this process sets it)
    monkeypatch.delenv("HOSO_LOCAL", raising=False)
    sqs, events = aws["sqs"], aws["events"]
    url = sqs.create_queue(QueueName="agency-subscriber")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    bus = env["EVENT_BUS"]
    events.put_rule(
        Name="all-dossier-events",
        EventBusName=bus,
        EventPattern=json.dumps({"source": ["hoso.dossiers"]}),
    )
    events.put_targets(
        Rule="all-dossier-events", EventBusName=bus, Targets=[{"Id": "q", "Arn": arn}]
    )
    clock = Clock(NOW)
    monkeypatch.setattr(bootstrap, "client", lambda service, env=None: aws[service])
    svc = bootstrap.build(
        env,
        catalog=catalog(),
        ocr=fake_ocr,
        count_pages=fake_count,
        assess=fake_assess,
        clock=clock,
    )
    monkeypatch.setattr(bootstrap, "services", lambda: svc)
    directory = DynamoOfficerDirectory(aws["dynamodb"], env["OFFICERS_TABLE"])
    for principal, officer in OFFICERS.items():
        directory.put(principal, officer)
    return Stack(res, aws, env, svc, clock, url)
