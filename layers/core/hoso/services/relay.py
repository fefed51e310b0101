"""The outbox relay: publish the events that audit entries carry (fed by the table's stream).

Each entry was written atomically with its state change, so nothing is published that did not
happen and nothing that happened is left out; a redelivered entry republishes the same event
with the same idempotency key.
"""

from __future__ import annotations

from typing import Any

from hoso.services.context import Services


def relay(svc: Services, entries: list[dict[str, Any]]) -> int:
    n = 0
    for entry in entries:
        event = entry.get("event")
        if not event:
            continue
        svc.events.publish(event["detail_type"], event["detail"])
        n += 1
    return n
