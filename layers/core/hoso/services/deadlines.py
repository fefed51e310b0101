"""Time limits after reception: the supplement period, the due-soon warning, overdue flags.

- A supplement request gives the applicant N working days (15 by default; per procedure in
  the catalog: ``processing_time.supplement_period_working_days``) from the notice. A dossier
  not completed by then is closed with a closure notice (``DossierClosed``); a supplement that
  comes later is refused with the reason (``SupplementRefused``).
- Officers are warned ``Settings.due_soon_working_hours`` working hours before the
  appointment in force (``DossierDueSoon``, once per appointment).
- An open dossier whose appointment passed is flagged overdue (``DossierOverdue``); after an
  apology letter moved the date, it is flagged again if the moved date passes too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hoso.dossier import Dossier, iso, local_date, parse_time
from hoso.services.context import Calendar, Services
from hoso.services.decision import store_notices
from hoso.services.writes import commit
from hoso.status import OPEN, Action
from hoso.status import DossierStatus as S

DEFAULT_SUPPLEMENT_DAYS = 15


def supplement_period(procedure: Any) -> int:
    """Working days an applicant has to complete the dossier after a supplement request."""
    pt = getattr(procedure, "processing_time", None)
    days = getattr(pt, "supplement_period_working_days", None)
    return int(days) if days else DEFAULT_SUPPLEMENT_DAYS


def _calendar(svc: Services, dossier: Dossier | None = None) -> Calendar:
    """The dossier's agency's working calendar (its office hours), else the centre's."""
    if dossier is not None and dossier.agency and svc.agencies is not None:
        found: Calendar = svc.agencies.calendar(dossier.agency)
        return found
    if svc.calendar is None:
        raise RuntimeError("time limits need a working calendar (Services.calendar)")
    return svc.calendar


def supplement_deadline(svc: Services, dossier: Dossier, requested: datetime) -> datetime:
    """End of the supplement period of a request issued at ``requested``: the end of the
    Nth working day after the day of the notice."""
    procedure = svc.catalog.get(dossier.procedure_code or "", on=dossier.received_day)
    return _end_of_working_day_after(
        _calendar(svc, dossier), requested, supplement_period(procedure)
    )


def _end_of_working_day_after(cal: Calendar, moment: datetime, days: int) -> datetime:
    """The close of office on the ``days``-th working day after ``moment``'s day."""
    day = local_date(moment)
    for _ in range(days):
        day = cal.next_working_day(day)
    return cal.closing(day)


def shift_working_days(svc: Services, due: datetime, days: int) -> datetime:
    """An appointment moved ``days`` working days later (the time the dossier waited for its
    supplement, when the procedure keeps the clock instead of restarting it)."""
    if days <= 0:
        return due
    return _end_of_working_day_after(_calendar(svc), due, days)


def paused_working_days(svc: Services, dossier: Dossier) -> int:
    """Working days between the supplement request and the supplement's arrival."""
    if not (dossier.supplement_requested_at and dossier.supplement_received_at):
        return 0
    a = parse_time(dossier.supplement_requested_at)
    b = parse_time(dossier.supplement_received_at)
    return max(0, _calendar(svc).working_days_between(a, b))


def supplement_late(svc: Services, dossier: Dossier, at: datetime) -> bool:
    due = dossier.supplement_due_at
    return bool(due) and at > parse_time(due or "")


def close_expired(svc: Services, dossier: Dossier, *, note: str | None = None) -> bool:
    """Close a dossier whose supplement period ended, with a closure notice."""
    now = svc.clock()
    reason = note or (
        f"the supplement period ended on {dossier.supplement_due_at} without the supplement"
    )
    new = dossier.evolve(now=now, status=S.CLOSED, closed_at=iso(now))
    store_notices(svc, new, "closure", reason=reason)
    return commit(
        svc,
        dossier,
        new,
        actor="hoso-sweeper",
        action=Action.SUPPLEMENT_PERIOD_EXPIRED,
        note=reason,
    )


def close_expired_supplements(svc: Services) -> list[str]:
    """Close every dossier still waiting for a supplement after its period."""
    now = svc.clock()
    return [
        d.dossier_id
        for d in svc.records.in_status(S.SUPPLEMENT_REQUESTED)
        if supplement_late(svc, d, now) and close_expired(svc, d)
    ]


def due_soon_horizon(svc: Services, now: datetime) -> datetime:
    """Appointments before this are due soon (the warning window, in working hours)."""
    return _calendar(svc).add_working_hours(now, svc.settings.due_soon_working_hours)


def warn_due_soon(svc: Services) -> list[str]:
    """Warn once per appointment when it is within the warning window."""
    now = svc.clock()
    horizon = due_soon_horizon(svc, now)
    warned = []
    for d in svc.records.due_before(iso(horizon)):
        due = d.effective_due_at
        if d.status not in OPEN or not due or due <= iso(now) or d.due_soon_for == due:
            continue
        if _short_from_the_start(svc, d, due):
            continue
        new = d.evolve(now=now, due_soon_for=due)
        note = f"appointment {due} is within {svc.settings.due_soon_working_hours:g} working hours"
        if commit(svc, d, new, actor="hoso-sweeper", action=Action.DUE_SOON, note=note):
            warned.append(d.dossier_id)
    return warned


def _short_from_the_start(svc: Services, d: Dossier, due: str) -> bool:
    """A processing time shorter than the warning window (a same-day procedure) was due soon
    from the start: its officers are not warned, only flagged if it goes overdue."""
    if d.new_due_at:  # a moved date is always announced
        return False
    window = svc.settings.due_soon_working_hours
    return _calendar(svc, d).add_working_hours(d.clock_start, window) >= parse_time(due)


def mark_overdue(svc: Services) -> list[str]:
    """Flag open dossiers whose appointment passed without a result (DossierOverdue); a
    dossier whose moved (apology) date passes too is flagged again."""
    now = svc.clock()
    now_iso = iso(now)
    flagged = []
    for d in svc.records.due_before(now_iso):
        if d.status not in OPEN:
            continue
        if not d.overdue_at:
            moved = d.new_due_at is not None  # the date an apology moved it to passed
            new = d.evolve(
                now=now, overdue_at=now_iso, new_due_overdue_at=now_iso if moved else None
            )
            note = f"appointment {d.effective_due_at} passed without a result"
        elif d.new_due_at and d.new_due_at < now_iso and not d.new_due_overdue_at:
            new = d.evolve(now=now, new_due_overdue_at=now_iso)
            note = f"the moved appointment {d.new_due_at} passed without a result too"
        else:
            continue
        if commit(svc, d, new, actor="hoso-sweeper", action=Action.OVERDUE, note=note):
            flagged.append(d.dossier_id)
    return flagged
