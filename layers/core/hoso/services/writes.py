"""Writing a state change: the new record, its audit entry and the event it causes, atomically.

Every write is checked against the state machine (``hoso.status``) and is conditional on the
record's revision (optimistic concurrency), so of two deliveries of the same message only one
changes the record; the other sees a conflict and does nothing.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from hoso.dossier import Dossier, iso
from hoso.errors import HosoError
from hoso.events import build as build_event
from hoso.events import validate as validate_event
from hoso.ports import ConflictError
from hoso.services.context import Services
from hoso.status import Action, can, check, sources_text

log = logging.getLogger("hoso.services")


class NotFound(HosoError):
    code = "not_found"


class InvalidAction(HosoError):
    """The action is not allowed in the dossier's state (or the record changed meanwhile)."""

    code = "invalid_action"


class BadRequest(HosoError):
    """The input of an action is not acceptable, whatever the dossier's state: ``field``
    names what is wrong (the API answers 400)."""

    code = "bad_request"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field


def audit_entry(
    svc: Services,
    current: Dossier | None,
    new: Dossier,
    action: Action,
    actor: str,
    note: str | None,
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex,
        "at": iso(svc.clock()),
        "actor": actor,
        "action": str(action),
        "from_status": str(current.status) if current else None,
        "to_status": str(new.status),
        "note": note,
    }


def commit(
    svc: Services,
    current: Dossier | None,
    new: Dossier,
    *,
    actor: str,
    action: Action,
    note: str | None = None,
) -> bool:
    """Write ``new`` over ``current`` (None: create). False when another writer won the race."""
    if not check(action, current.status if current else None, new.status):
        raise ValueError(
            f"{action} may not take dossier {new.dossier_id} from "
            f"{current.status if current else 'nothing'} to {new.status}"
        )
    new.revision = int((current.revision if current else 0) or 0) + 1
    audit = audit_entry(svc, current, new, action, actor, note)
    problems = new.problems()
    if problems:
        raise ValueError(f"record for {new.dossier_id} breaks its schema: {problems}")
    audit["event"] = build_event(new.to_dict(), audit)
    problems = validate_event(audit["event"])
    if problems:
        raise ValueError(f"event for {new.dossier_id} breaks its schema: {problems}")
    try:
        if current is None:
            svc.records.create(new, audit)
        else:
            svc.records.transition(
                new.dossier_id,
                expected_revision=int(current.revision or 0),
                dossier=new,
                audit=audit,
            )
    except ConflictError:
        log.info(
            "lost a race on the record; another writer got there first",
            extra={"dossier_id": new.dossier_id},
        )
        return False
    return True


def annotate(svc: Services, current: Dossier, new: Dossier) -> bool:
    """Change a record without a state change (no audit entry, no event), e.g. last_error."""
    new.revision = int(current.revision or 0) + 1
    try:
        svc.records.transition(
            new.dossier_id, expected_revision=int(current.revision or 0), dossier=new, audit=None
        )
    except ConflictError:
        return False
    return True


def current_for(svc: Services, dossier_id: str, action: Action, doing: str) -> Dossier:
    """The dossier an officer acts on, if the action is allowed in its state."""
    current = svc.records.get(dossier_id)
    if current is None:
        raise NotFound(f"no dossier '{dossier_id}'")
    if not can(action, current.status):
        raise InvalidAction(
            f"cannot {doing} dossier '{dossier_id}' in status '{current.status}' "
            f"(allowed from: {sources_text(action)})"
        )
    return current


def commit_or_raise(
    svc: Services,
    current: Dossier,
    new: Dossier,
    *,
    actor: str,
    action: Action,
    note: str | None = None,
) -> Dossier:
    if not commit(svc, current, new, actor=actor, action=action, note=note):
        raise InvalidAction(f"dossier '{current.dossier_id}' changed meanwhile; retry")
    return new
