"""Telling people: one more subscriber of the event bus, so the decision path is untouched.

For one event (detail-type + detail) and the dossier's record, :func:`compose` decides who is
told what: the agency's officers (one topic; every message carries the attributes ``agency``,
``event`` and ``dossier_id``, and an agency's officers subscribe with a filter policy on
``agency``), and the applicant by e-mail and/or SMS when the record has an address or a phone
number. :func:`notify` sends them through the :class:`~hoso.ports.Messenger` port, the notice
PDF the event names (``detail.notice``) linked by a presigned URL. Words: ``message_texts``.

Nothing personal is logged or raised: a failure names the channel and the error code only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from hoso.dossier import Dossier, iso
from hoso.ports import Messenger
from hoso.services import message_texts as texts
from hoso.services.context import Services
from hoso.text import nfc

log = logging.getLogger("hoso.services.messaging")

OFFICER_EVENTS = frozenset(texts.OFFICER_TITLES)
APPLICANT_EVENTS = frozenset(texts.APPLICANT_TITLES)
DETAIL_TYPES = sorted(OFFICER_EVENTS | APPLICANT_EVENTS)  # what the messenger subscribes to
NO_AGENCY = "unassigned"  # the ``agency`` attribute of a dossier no agency handles yet

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+\Z")
_S3_URI = re.compile(r"^s3://([^/]+)/(.+)\Z")


class DeliveryError(Exception):
    """Some messages of an event could not be sent (the event is retried)."""


@dataclass(frozen=True)
class Message:
    channel: str  # "officers", "email" or "sms"
    to: str  # the agency, an e-mail address, an E.164 phone number
    subject: str | None
    text: str
    attributes: Mapping[str, str] = field(default_factory=dict)


def e164(phone: str | None) -> str | None:
    """A phone number as E.164; Vietnamese national numbers (``0912 345 678``, ``84912...``,
    ``0084...``) get ``+84``. None when it cannot be a number to text."""
    if not phone:
        return None
    digits = re.sub(r"[\s().-]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"0[1-9]\d{8,9}", digits):
        digits = "+84" + digits[1:]
    elif re.fullmatch(r"84[1-9]\d{8,9}", digits):
        digits = "+" + digits
    if digits.startswith("+84"):
        return digits if re.fullmatch(r"\+84[1-9]\d{8,9}", digits) else None
    return digits if re.fullmatch(r"\+[1-9]\d{7,14}", digits) else None


def email_address(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if _EMAIL.match(value) else None


def compose(
    detail_type: str,
    detail: Mapping[str, Any],
    dossier: Dossier | None,
    *,
    link: texts.Link | None = None,
) -> list[Message]:
    """Who is told what about one event (nothing for an event nobody is told about)."""
    out: list[Message] = []
    dossier_id = str(detail["dossier_id"])
    agency = str(detail.get("agency") or NO_AGENCY)  # the code: officers filter on it
    if dossier is not None and dossier.agency_name:  # people read the agency's name
        detail = {**detail, "agency": dossier.agency_name}
    if detail_type in OFFICER_EVENTS:
        title = texts.officer_title(detail_type, detail, dossier)
        attributes = {"agency": agency, "event": detail_type, "dossier_id": dossier_id}
        text = texts.officer_text(detail_type, detail, dossier)
        subject = texts.subject_line(dossier_id, title)
        out.append(Message("officers", agency, subject, text, attributes))
    if detail_type in APPLICANT_EVENTS and dossier is not None:
        applicant = dossier.applicant or {}
        address = email_address(applicant.get("email"))
        if address:
            subject = nfc(f"[hoso {dossier_id}] {texts.APPLICANT_TITLES[detail_type]}")
            text = texts.email_text(detail_type, detail, dossier, link)
            out.append(Message("email", address, subject, text))
        phone = e164(applicant.get("phone"))
        if phone:
            out.append(Message("sms", phone, None, texts.sms_text(detail_type, detail)))
        if applicant.get("phone") and not phone:
            log.warning("applicant's phone number is not usable", extra={"dossier_id": dossier_id})
    return out


def notice_link(svc: Services, detail: Mapping[str, Any]) -> texts.Link | None:
    """A presigned link to the notice the event names (``detail.notice``), if any."""
    name = detail.get("notice")
    documents = (detail.get("links") or {}).get("documents") or {}
    found = _S3_URI.match(str(documents.get(name) or "")) if name else None
    if not found:
        return None
    ttl = svc.settings.notice_link_ttl_s
    url = svc.objects.presign(found.group(1), found.group(2), ttl)
    until = texts.when(iso(svc.clock() + timedelta(seconds=ttl)))
    return texts.Link(url, until or "")


def notify(svc: Services, detail_type: str, detail: Mapping[str, Any]) -> dict[str, int]:
    """Send the messages one event calls for; how many went out per channel (no addresses:
    the result is stored by the idempotency layer). Every message is tried; if any failed,
    :class:`DeliveryError` says which channels, and the event is to be retried."""
    if svc.messenger is None:
        raise RuntimeError("no messenger configured (OFFICER_TOPIC_ARN, SENDER_EMAIL)")
    if detail_type not in OFFICER_EVENTS | APPLICANT_EVENTS:
        return {}
    dossier = svc.records.get(str(detail["dossier_id"]))
    link = notice_link(svc, detail) if detail_type in APPLICANT_EVENTS else None
    sent: dict[str, int] = {}
    failed: list[str] = []
    for message in compose(detail_type, detail, dossier, link=link):
        try:
            send(svc.messenger, message)
        except Exception as exc:
            failed.append(f"{message.channel} ({_code(exc)})")
            continue
        sent[message.channel] = sent.get(message.channel, 0) + 1
    if failed:
        raise DeliveryError(
            f"{detail_type} for {detail['dossier_id']}: could not send to "
            + ", ".join(failed)
            + f"; sent {sent or 'nothing'}"
        )
    return sent


def send(messenger: Messenger, message: Message) -> None:
    if message.channel == "officers":
        messenger.to_officers(message.to, message.subject, message.text, message.attributes)
    elif message.channel == "email":
        messenger.email(message.to, message.subject or "", message.text)
    else:
        messenger.sms(message.to, message.text)


def _code(exc: Exception) -> str:
    """An error's code (an AWS error code when the adapter's exception carries one), never
    its message, which may quote an address or a number."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = (response.get("Error") or {}).get("Code")
        if code:
            return str(code)
    return type(exc).__name__
