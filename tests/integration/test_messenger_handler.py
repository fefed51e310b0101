"""MessengerFunction on an EventBridge event: officers of the event's agency get it through the
topic's filter policy, the applicant by e-mail and SMS, each once however often the event is
delivered; a failed message fails the invocation, and the retry sends what was missing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from moto.ses.models import ses_backends
from moto.sns.models import sns_backends

from hoso.dossier import Dossier
from hoso.status import DossierStatus
from hoso_local.template import ACCOUNT_ID, REGION
from tests.integration.conftest import NOW, Stack

pytestmark = pytest.mark.integration
DID, AGENCY = "MS-20260305-0001", "UBND phường Vinh Phú"


def officers_queue(stack: Stack, agency: str) -> str:
    """An agency's officers: a queue subscribed to the topic with a filter on ``agency``."""
    sqs, sns = stack.clients["sqs"], stack.clients["sns"]
    url = sqs.create_queue(QueueName=f"officers-{abs(hash(agency))}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    sns.subscribe(
        TopicArn=stack.env["OFFICER_TOPIC_ARN"],
        Protocol="sqs",
        Endpoint=arn,
        Attributes={
            "FilterPolicy": json.dumps({"agency": [agency]}),
            "RawMessageDelivery": "false",
        },
    )
    return str(url)


def received(stack: Stack, url: str) -> list[dict[str, Any]]:
    return [json.loads(m["Body"]) for m in stack._receive(url)]


def eventbridge(detail_type: str, key: str) -> dict[str, Any]:
    """The event as EventBridge hands it to the function."""
    return {
        "version": "0",
        "id": f"evt-{key}",
        "detail-type": detail_type,
        "source": "hoso.dossiers",
        "account": ACCOUNT_ID,
        "time": "2026-03-05T02:00:00Z",
        "region": REGION,
        "resources": [],
        "detail": {
            "schema_version": "1",
            "idempotency_key": key,
            "dossier_id": DID,
            "dossier_code": "000.00.00.H40-260305-0001",
            "procedure_code": "KHAI_SINH",
            "procedure_name": "Đăng ký khai sinh",
            "agency": AGENCY,
            "status": "received",
            "due_at": "2026-03-12T09:00:00.000Z",
            "reason": "Hồ sơ bổ sung vẫn thiếu chữ ký",
            "links": {"record": f"hoso://dossiers/{DID}", "documents": {}},
        },
    }


def sent_mail() -> list[Any]:
    return list(ses_backends[ACCOUNT_ID][REGION].sent_messages)


def sent_sms() -> list[tuple[str, str]]:
    return list(sns_backends[ACCOUNT_ID][REGION].sms_messages.values())


@pytest.fixture
def dossier(stack: Stack) -> Dossier:
    d = Dossier.new(
        DID,
        now=NOW,
        status=DossierStatus.SUPPLEMENT_REQUESTED,
        agency=AGENCY,
        applicant={"full_name": "Trần Văn Bình", "email": "binh@example.vn", "phone": "0987654321"},
    )
    stack.svc.records.create(d, {"id": "a-0", "at": d.received_at, "actor": "t", "action": "x"})
    return d


def test_each_message_is_sent_once_to_whom_it_concerns(stack: Stack, dossier: Dossier) -> None:
    ours, theirs = officers_queue(stack, AGENCY), officers_queue(stack, "UBND xã Khác")
    evt = eventbridge("SupplementRefused", "k-refused-0001")
    assert stack.invoke("MessengerFunction", evt) == {"officers": 1, "email": 1, "sms": 1}
    assert stack.invoke("MessengerFunction", json.loads(json.dumps(evt))) == {
        "officers": 1,
        "email": 1,
        "sms": 1,
    }  # a redelivery: the stored result, nothing sent again
    (note,) = received(stack, ours)
    assert received(stack, theirs) == []
    assert note["MessageAttributes"]["agency"]["Value"] == AGENCY
    assert note["MessageAttributes"]["event"]["Value"] == "SupplementRefused"
    assert note["Subject"].startswith(f"[hoso {DID}] ") and "Trần" not in note["Message"]
    (mail,) = sent_mail()
    assert mail.destinations == {"ToAddresses": ["binh@example.vn"]}
    assert mail.source == stack.env["SENDER_EMAIL"] and mail.subject.startswith(f"[hoso {DID}]")
    assert "Lý do: Hồ sơ bổ sung vẫn thiếu chữ ký" in mail.body
    assert [phone for phone, _ in sent_sms()] == ["+84987654321"]


def test_a_failed_message_fails_the_invocation_and_the_retry_completes(
    stack: Stack, dossier: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stack.svc.messenger is not None
    real_sms = stack.svc.messenger.sms
    calls = {"n": 0}

    def sms_down_once(phone: str, text: str) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("SNS throttled")
        real_sms(phone, text)

    monkeypatch.setattr(stack.svc.messenger, "sms", sms_down_once)
    evt = eventbridge("DossierAccepted", "k-accepted-0001")
    with pytest.raises(Exception, match="sms \\(RuntimeError\\)"):
        stack.invoke("MessengerFunction", evt)
    assert sent_sms() == []
    assert stack.invoke("MessengerFunction", evt) == {"email": 1, "sms": 1}
    assert len(sent_sms()) == 1  # (the e-mail, sent by the failed attempt, is sent again:
    # idempotency is per event, not per message; docs/messages.md)
    assert stack.invoke("MessengerFunction", evt) == {"email": 1, "sms": 1}
    assert len(sent_sms()) == 1
