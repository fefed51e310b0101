"""Who is told what about each event (issue 11): officers through the agency's topic,
applicants by e-mail and SMS; no ID number anywhere, no name to officers; the notice linked by
a presigned URL; Vietnamese phone numbers in E.164; SMS in at most two GSM-7 parts."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from hoso.dossier import Dossier
from hoso.services import messaging
from hoso.services.message_texts import SMS_MAX, Link
from hoso.status import DossierStatus
from hoso_local.template import load_template
from tests.fakes import MemoryMessenger

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]

DID, CODE, AGENCY = "KS-001", "000.00.19.H47-260305-0001", "UBND phường Vinh Phú"
ID_NUMBER, NAME = "040190001234", "Nguyễn Thị Lan"
EMAIL, PHONE = "lan@example.vn", "0912 345 678"
MISSING = [
    {"name": "Giấy chứng sinh", "reason": "Thiếu bản chính Giấy chứng sinh"},
    {"name": "Tờ khai đăng ký khai sinh", "reason": "Tờ khai chưa có chữ ký"},
]
OFFICERS_ONLY = {"ReviewRequested", "SupplementReceived", "DossierDueSoon", "DossierOverdue"}
APPLICANT_ONLY = {"SupplementRequested", "DossierAccepted", "ApologyIssued"}
BOTH = {"DossierClosed", "SupplementRefused"}
NOBODY = {"DossierReceived", "DossierUploadStarted", "ProcessingStarted", "ResultReady"}


def dossier(**applicant: Any) -> Dossier:
    contact = applicant or {"email": EMAIL, "phone": PHONE}
    return Dossier.new(
        DID,
        now=datetime(2026, 3, 5, 2, 0, tzinfo=UTC),
        status=DossierStatus.RECEIVED,
        dossier_code=CODE,
        procedure_code="KHAI_SINH",
        procedure_name="Đăng ký khai sinh",
        agency=AGENCY,
        due_at="2026-03-12T09:00:00.000Z",
        applicant={"full_name": NAME, "id_number": ID_NUMBER, **contact},
        documents={"receipt": f"s3://art/dossiers/{DID}/notices/receipt.pdf"},
    )


def detail(**extra: Any) -> dict[str, Any]:
    """An event's detail as hoso/events.py builds it (the new fields added by hand)."""
    return {
        "schema_version": "1",
        "idempotency_key": "a1b2c3d4e5f6",
        "dossier_id": DID,
        "dossier_code": CODE,
        "procedure_code": "KHAI_SINH",
        "procedure_name": "Đăng ký khai sinh",
        "agency": AGENCY,
        "status": "received",
        "received_at": "2026-03-05T02:00:00.000Z",
        "due_at": "2026-03-12T09:00:00.000Z",
        "applicant_id_masked": "*********234",
        "links": {
            "record": f"hoso://dossiers/{DID}",
            "documents": {"receipt": f"s3://art/dossiers/{DID}/notices/receipt.pdf"},
        },
        "missing_components": MISSING,
        "supplement_due_at": "2026-03-26T10:00:00.000Z",
        "new_due_at": "2026-03-19T09:00:00.000Z",
        "missed_due_at": "2026-03-12T09:00:00.000Z",
        "reason": "Cần xác minh thêm với cơ quan khác",
        **extra,
    }


def channels(detail_type: str, d: Dossier | None = None) -> list[str]:
    return [m.channel for m in messaging.compose(detail_type, detail(), d or dossier())]


@pytest.mark.parametrize("detail_type", sorted(OFFICERS_ONLY | APPLICANT_ONLY | BOTH | NOBODY))
def test_each_event_tells_whom_it_concerns(detail_type: str) -> None:
    expected = (["officers"] if detail_type in OFFICERS_ONLY | BOTH else []) + (
        ["email", "sms"] if detail_type in APPLICANT_ONLY | BOTH else []
    )
    assert channels(detail_type) == expected
    assert sorted(OFFICERS_ONLY | APPLICANT_ONLY | BOTH) == messaging.DETAIL_TYPES


def test_applicants_are_told_only_through_what_they_gave() -> None:
    assert channels("DossierAccepted", dossier(email=EMAIL)) == ["email"]
    assert channels("DossierAccepted", dossier(phone=PHONE)) == ["sms"]
    assert channels("DossierAccepted", dossier(phone="not a number", email="nobody")) == []
    assert channels("DossierClosed", dossier(email=None, phone=None)) == ["officers"]
    assert messaging.compose("DossierAccepted", detail(), None) == []  # no record: no contact


@pytest.mark.parametrize("detail_type", messaging.DETAIL_TYPES)
def test_no_id_number_anywhere_and_no_name_to_officers(detail_type: str) -> None:
    for m in messaging.compose(detail_type, detail(), dossier(), link=Link("https://l", "x")):
        everything = f"{m.to} {m.subject} {m.text} {m.attributes}"
        assert ID_NUMBER not in everything and "*********234" not in everything
        assert unicodedata.is_normalized("NFC", m.text), m.channel
        if m.channel == "officers":
            assert NAME not in everything and EMAIL not in everything
            assert "0912" not in everything and "+84" not in everything
            assert m.attributes == {"agency": AGENCY, "event": detail_type, "dossier_id": DID}
            assert m.subject and m.subject.isascii() and len(m.subject) < 100
            assert "\n" not in m.subject and m.subject.startswith(f"[hoso {DID}] ")
        if m.channel == "email":
            assert m.subject and m.subject.startswith(f"[hoso {DID}] ") and m.to == EMAIL
            assert m.text.startswith(f"Kính gửi Ông/Bà {NAME},")
            assert "Bộ phận Tiếp nhận và Trả kết quả (Một cửa)" in m.text


def test_an_officer_message_without_an_agency_still_has_the_attribute() -> None:
    (m,) = messaging.compose("ReviewRequested", detail(agency=None), dossier())
    assert m.attributes["agency"] == messaging.NO_AGENCY == m.to


def test_the_two_overdue_messages_of_one_dossier_differ() -> None:
    moved = dossier().but(apology_at="2026-03-10T02:00:00.000Z", new_due_at=detail()["new_due_at"])
    (first,) = messaging.compose("DossierOverdue", detail(), moved)
    (second,) = messaging.compose("DossierOverdue", detail(missed_due_at=moved.new_due_at), moved)
    assert first.subject != second.subject
    assert "12/03/2026" in (first.subject or "") and "19/03/2026" in (second.subject or "")
    assert "Cần gửi thư xin lỗi" in first.text
    assert "ngày hẹn lại" in second.text and "Cần gửi thư xin lỗi" not in second.text


def test_a_supplement_request_lists_every_item_with_its_reason_and_the_deadline() -> None:
    email, sms = messaging.compose("SupplementRequested", detail(), dossier())
    for i, item in enumerate(MISSING, 1):
        assert f"{i}. {item['name']}: {item['reason']}" in email.text
    assert "Hạn bổ sung: 17:00 ngày 26/03/2026" in email.text
    assert "Giay chung sinh; To khai dang ky khai sinh" in sms.text
    assert "26/03/2026" in sms.text and CODE in sms.text
    (no_deadline, _) = messaging.compose(
        "SupplementRequested", detail(supplement_due_at=None), dossier()
    )
    assert "Hạn bổ sung" not in no_deadline.text


def test_receipt_apology_and_refusal_say_the_dates_and_the_reason() -> None:
    receipt, receipt_sms = messaging.compose("DossierAccepted", detail(), dossier())
    assert f"Mã hồ sơ: {CODE}" in receipt.text
    assert "Ngày hẹn trả kết quả: 16:00 ngày 12/03/2026" in receipt.text
    assert "16:00 ngay 12/03/2026" in receipt_sms.text
    apology, _ = messaging.compose("ApologyIssued", detail(), dossier())
    assert "Ngày hẹn trả kết quả mới: 16:00 ngày 19/03/2026" in apology.text
    assert "Lý do: Cần xác minh thêm với cơ quan khác" in apology.text
    _, refusal, refusal_sms = messaging.compose("SupplementRefused", detail(), dossier())
    assert "Lý do: Cần xác minh thêm với cơ quan khác" in refusal.text
    assert "Ly do: Can xac minh them voi co quan khac" in refusal_sms.text


GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


@pytest.mark.parametrize("detail_type", sorted(APPLICANT_ONLY | BOTH))
def test_sms_fit_two_gsm7_parts_even_with_long_lists(detail_type: str) -> None:
    long = detail(
        missing_components=[{"name": f"Giấy tờ số {i} – bản sao có chứng thực"} for i in range(30)],
        reason="Thiếu chữ ký “người yêu cầu” và [dấu] " * 20,
        agency="Ủy ban nhân dân phường Vinh Phú, tỉnh Nghệ An (Bộ phận Một cửa)",
    )
    (sms,) = [m for m in messaging.compose(detail_type, long, dossier()) if m.channel == "sms"]
    assert len(sms.text) <= SMS_MAX == 2 * 153
    assert set(sms.text) <= GSM7_BASIC, set(sms.text) - GSM7_BASIC
    assert CODE in sms.text and sms.to == "+84912345678"


@pytest.mark.parametrize(
    ("given", "e164"),
    [
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("(091) 234-5678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("0084912345678", "+84912345678"),
        ("0238 3844 555", "+842383844555"),  # a landline (11 digits)
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0912 345", None),
        ("+84 0912 345 678", None),
        ("hotline", None),
        ("", None),
        (None, None),
    ],
)
def test_phone_numbers_become_e164(given: str | None, e164: str | None) -> None:
    assert messaging.e164(given) == e164


def test_notify_links_the_named_notice_with_a_presigned_url(env) -> None:
    p, objects, records, *_ = env
    p.messenger = MemoryMessenger()
    records.records[DID] = dossier()
    objects.put("art", f"dossiers/{DID}/notices/receipt.pdf", b"%PDF-1.7")
    assert messaging.notify(p, "DossierAccepted", detail(notice="receipt")) == {
        "email": 1,
        "sms": 1,
    }
    email = p.messenger.sent[0]
    url = f"https://art.s3.local/dossiers/{DID}/notices/receipt.pdf?X-Amz-Expires=604800"
    assert email[0] == "email" and url in email[3]
    assert "có hiệu lực đến 09:00 ngày 12/03/2026" in email[3]  # now (5 March) + 7 days
    assert "http" not in p.messenger.sent[1][3]  # the SMS carries no link
    p.messenger.sent.clear()
    p.settings.notice_link_ttl_s = 3600
    messaging.notify(p, "DossierAccepted", detail())  # no notice named: no link
    assert "http" not in p.messenger.sent[0][3] and "Tải văn bản" not in p.messenger.sent[0][3]
    messaging.notify(p, "DossierAccepted", detail(notice="receipt"))
    assert "X-Amz-Expires=3600" in p.messenger.sent[2][3]


class Unreachable(Exception):
    def __init__(self) -> None:
        super().__init__(f"Address blacklisted: {EMAIL}")
        self.response = {"Error": {"Code": "MessageRejected"}}


def test_a_failed_message_fails_the_event_without_saying_whom(env) -> None:
    p, _, records, *_ = env
    sent = MemoryMessenger()

    class FailingEmail(MemoryMessenger):
        def email(self, to: str, subject: str, text: str) -> None:
            raise Unreachable()

    p.messenger = FailingEmail()
    p.messenger.sent = sent.sent
    records.records[DID] = dossier()
    with pytest.raises(messaging.DeliveryError) as failed:
        messaging.notify(p, "DossierClosed", detail())
    assert "email (MessageRejected)" in str(failed.value) and EMAIL not in str(failed.value)
    assert [s[0] for s in sent.sent] == ["officers", "sms"]  # the others still went out


def test_notify_needs_a_messenger_and_ignores_other_events(env) -> None:
    p, *_ = env
    with pytest.raises(RuntimeError, match="no messenger"):
        messaging.notify(p, "DossierAccepted", detail())
    p.messenger = MemoryMessenger()
    assert messaging.notify(p, "ResultReady", detail()) == {}
    assert p.messenger.sent == []


def test_the_messenger_subscribes_to_exactly_the_events_it_tells() -> None:
    template = load_template(ROOT / "template.yaml")
    fn = template["Resources"]["MessengerFunction"]["Properties"]
    rule = fn["Events"]["DossierEvents"]["Properties"]
    assert rule["Pattern"] == {"source": ["hoso.dossiers"], "detail-type": messaging.DETAIL_TYPES}
    assert rule["RetryPolicy"] and rule["DeadLetterConfig"]
    assert set(fn["Environment"]["Variables"]) == {
        "OFFICER_TOPIC_ARN",
        "SENDER_EMAIL",
        "NOTICE_LINK_TTL_S",
    }
    topic = template["Resources"]["OfficerTopic"]["Properties"]
    assert topic["KmsMasterKeyId"] == {"Ref": "DataKey"}  # the stack's customer managed key
    assert template["Parameters"]["NoticeLinkTtlSeconds"]["MaxValue"] == 7 * 24 * 3600
