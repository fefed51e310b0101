"""What officers do to a dossier after intake: decide one hoso sent for review; record the
agency's processing, result and delivery; issue an apology letter; withdraw it.

Each action is a state change written with its audit entry and event; an action that the
dossier's state does not allow raises :class:`InvalidAction` with the reason, input that is not
acceptable whatever the state :class:`BadRequest` naming the field.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hoso.dossier import Dossier, iso, parse_time
from hoso.services.context import Services
from hoso.services.decision import finalise, store_notices
from hoso.services.writes import BadRequest, InvalidAction, commit_or_raise, current_for
from hoso.status import OFFICER_DECISIONS, Action, DossierStatus

S = DossierStatus


def decide(
    svc: Services,
    dossier_id: str,
    *,
    actor: str,
    status: str,
    missing: list[dict[str, str]] | None = None,
    note: str | None = None,
) -> Dossier:
    """An officer decides a dossier hoso sent for review: accept, or request a supplement
    listing every missing or invalid item with its reason."""
    if status not in {str(s) for s in OFFICER_DECISIONS}:
        raise BadRequest("status", "decision must be 'received' or 'supplement_requested'")
    target = S(status)
    if target == S.SUPPLEMENT_REQUESTED and not missing:
        raise BadRequest("missing", "a supplement request must list the missing or invalid items")
    current = current_for(svc, dossier_id, Action.OFFICER_DECISION, "decide")
    further = target == S.SUPPLEMENT_REQUESTED and bool(current.supplement_requests)
    if further and not (note or "").strip():
        raise BadRequest(
            "note",
            f"a supplement request was already issued for '{dossier_id}': the law allows one "
            "complete request, so a further one needs a written reason (note)",
        )
    now = svc.clock()
    items = requested_items(missing) if target == S.SUPPLEMENT_REQUESTED else []
    new = current.evolve(now=now, status=target, decided_by=actor, missing_components=items)
    finalise(svc, new, now, **({"further_reason": note} if further else {}))
    return commit_or_raise(
        svc, current, new, actor=actor, action=Action.OFFICER_DECISION, note=note
    )


def requested_items(missing: list[dict[str, str]] | None) -> list[dict[str, str]]:
    """A supplement request's items as the notice lists them: each with its reason."""
    return [
        {
            "name": m["name"],
            "reason": m.get("reason") or f"Thiếu {m['name']}",
            **({"id": m["id"]} if m.get("id") else {}),
        }
        for m in (missing or [])
    ]


def start_processing(svc: Services, dossier_id: str, *, actor: str) -> Dossier:
    current = current_for(svc, dossier_id, Action.PROCESSING_STARTED, "start processing")
    new = current.evolve(now=svc.clock(), status=S.IN_PROGRESS)
    return commit_or_raise(svc, current, new, actor=actor, action=Action.PROCESSING_STARTED)


def result_ready(svc: Services, dossier_id: str, *, actor: str) -> Dossier:
    current = current_for(svc, dossier_id, Action.RESULT_READY, "record a result for")
    now = svc.clock()
    new = current.evolve(now=now, status=S.RESULT_READY, result_at=iso(now))
    return commit_or_raise(svc, current, new, actor=actor, action=Action.RESULT_READY)


def deliver(svc: Services, dossier_id: str, *, actor: str) -> Dossier:
    current = current_for(svc, dossier_id, Action.DELIVERED, "deliver")
    now = svc.clock()
    new = current.evolve(now=now, status=S.DELIVERED, delivered_at=iso(now))
    return commit_or_raise(svc, current, new, actor=actor, action=Action.DELIVERED)


def withdraw(svc: Services, dossier_id: str, *, actor: str, reason: str) -> Dossier:
    current = current_for(svc, dossier_id, Action.WITHDRAWN, "withdraw")
    now = svc.clock()
    new = current.evolve(now=now, status=S.WITHDRAWN, withdrawn_at=iso(now))
    return commit_or_raise(svc, current, new, actor=actor, action=Action.WITHDRAWN, note=reason)


def apologise(
    svc: Services, dossier_id: str, *, actor: str, reason: str, new_due_at: datetime
) -> Dossier:
    """Apology letter with the reason and a new appointment; the date moves at most once."""
    current = current_for(svc, dossier_id, Action.APOLOGY_ISSUED, "issue an apology for")
    if current.apology_at:
        raise InvalidAction(
            f"an apology was already issued for '{dossier_id}' on {current.apology_at}: "
            "the appointment may be moved only once"
        )
    if not reason.strip():
        raise BadRequest("reason", "an apology letter must state the reason for the delay")
    due = current.due_at
    new_due = iso(new_due_at)
    if due and new_due <= due:
        raise BadRequest(
            "new_due_at", f"the new date {new_due} must be after the appointment {due}"
        )
    now = svc.clock()
    new = current.evolve(now=now, apology_at=iso(now), new_due_at=new_due)
    if due and now > parse_time(due) - timedelta(days=1):
        new.warnings = [*new.warnings, "apology issued less than one day before the appointment"]
    store_notices(svc, new, "apology", reason=reason, new_due_at=new_due)
    return commit_or_raise(
        svc, current, new, actor=actor, action=Action.APOLOGY_ISSUED, note=reason
    )
