"""Writing a state change: the new record, its audit entry and the event it causes, atomically.

Every write is conditional on the record's revision (optimistic concurrency), so of two
deliveries of the same message only one changes the record; the other sees a conflict.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from hoso import records as rec
from hoso.events import build as build_event
from hoso.events import validate as validate_event
from hoso.ports import ConflictError, RecordStore

log = logging.getLogger("hoso.store")


def write(
    records: RecordStore,
    current: dict[str, Any] | None,
    new: dict[str, Any],
    *,
    now: datetime,
    actor: str,
    action: str,
    note: str | None = None,
) -> bool:
    """Write ``new`` over ``current`` (None: create). False when another writer won the race."""
    new["revision"] = int((current or {}).get("revision", 0)) + 1
    audit = rec.audit_entry(
        now=now,
        actor=actor,
        action=action,
        from_status=current["status"] if current else None,
        to_status=new["status"],
        note=note,
    )
    problems = rec.validate(new)
    if problems:
        raise ValueError(f"record for {new['dossier_id']} breaks its schema: {problems}")
    audit["event"] = build_event(new, audit)
    problems = validate_event(audit["event"])
    if problems:
        raise ValueError(f"event for {new['dossier_id']} breaks its schema: {problems}")
    try:
        if current is None:
            records.create(new, audit)
        else:
            records.transition(
                new["dossier_id"],
                expected_revision=int(current.get("revision", 0)),
                record=new,
                audit=audit,
            )
    except ConflictError:
        log.info(
            "lost a race on the record; another writer got there first",
            extra={"dossier_id": new["dossier_id"]},
        )
        return False
    return True


def annotate(records: RecordStore, current: dict[str, Any], new: dict[str, Any]) -> bool:
    """Change a record without a state change (no audit entry, no event), e.g. last_error."""
    new["revision"] = int(current.get("revision", 0)) + 1
    try:
        records.transition(
            new["dossier_id"],
            expected_revision=int(current.get("revision", 0)),
            record=new,
            audit=None,
        )
    except ConflictError:
        return False
    return True
