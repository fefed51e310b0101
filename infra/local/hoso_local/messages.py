"""What the local stack sent: moto keeps every officers' notification (SNS topic), SMS and
e-mail (SES); the local server lists them at ``/hoso-local/messages`` (``hoso_local.server``:
the SNS and SES parts of moto's state only, shaped as in moto's ``/moto-api/data.json``)."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

from hoso_local.server import MESSAGES_PATH

_SUBJECT_ID = re.compile(r"^\[hoso ([^\]\s]+)\]")


def captured(endpoint: str) -> list[dict[str, Any]]:
    """Every message sent on the local endpoint: officers' first, then e-mails, then SMS, each
    in the order sent. Keys: channel, to, subject, text, dossier_id (None when the message
    does not say), attributes (officers' only), id."""
    with urllib.request.urlopen(endpoint.rstrip("/") + MESSAGES_PATH, timeout=60) as r:
        data = json.loads(r.read())
    sns, ses = data.get("sns") or {}, data.get("ses") or {}
    out: list[dict[str, Any]] = []
    for topic in sns.get("Topic") or []:
        for message_id, text, subject, attrs, _group in topic.get("sent_notifications") or []:
            values = {k: v.get("Value") for k, v in (attrs or {}).items()}
            out.append(
                {
                    "channel": "officers",
                    "to": values.get("agency") or topic.get("name"),
                    "topic": topic.get("arn"),
                    "subject": subject,
                    "text": text,
                    "attributes": values,
                    "dossier_id": values.get("dossier_id"),
                    "id": message_id,
                }
            )
    for m in ses.get("Message") or []:
        subject = m.get("subject")
        found = _SUBJECT_ID.match(subject or "")
        out.append(
            {
                "channel": "email",
                "to": ", ".join(a for v in (m.get("destinations") or {}).values() for a in v),
                "subject": subject,
                "text": m.get("body"),
                "dossier_id": found.group(1) if found else None,
                "id": m.get("id"),
            }
        )
    for sms in sns.get("SMS") or []:
        out.append(
            {
                "channel": "sms",
                "to": sms.get("phone_number"),
                "subject": None,
                "text": sms.get("message"),
                "dossier_id": None,
                "id": sms.get("message_id"),
            }
        )
    return out


def about(
    messages: list[dict[str, Any]], dossier_id: str, code: str | None = None
) -> list[dict[str, Any]]:
    """The messages about one dossier: those naming it, and SMS quoting its id or its code."""
    refs = [
        re.compile(rf"(?<![\w.-]){re.escape(r)}(?![\w-]|\.\w)") for r in (dossier_id, code) if r
    ]
    return [
        m
        for m in messages
        if m["dossier_id"] == dossier_id
        or (m["dossier_id"] is None and any(r.search(m.get("text") or "") for r in refs))
    ]


def line(message: dict[str, Any]) -> str:
    """channel, recipient, subject (or the first line of the text), tab-separated."""
    first = message.get("subject") or (message.get("text") or "").split("\n", 1)[0]
    return "\t".join((message["channel"], str(message.get("to") or "-"), first))
