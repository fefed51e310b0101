"""Starting a dossier's reading again: when it stalled (the sweeper, once), or when it failed
(an operator: ``hoso reprocess``, ``POST /dossiers/{id}/reprocess``, ``hoso redrive``).

A dossier in ``processing`` changes its record only when it is decided, so a record that has
not changed for ``Settings.stalled_processing_minutes`` (longer than a stage's retries through
its queue take) has stalled: a job was lost, or a stage keeps dying without reaching its
dead-letter queue. It is started again once (a new run: ``ProcessingRestarted``); a second
stall fails it with the reason (``ProcessingFailed``). Either way nothing stays in
``processing`` for good, and the sweeper's count of stalled dossiers feeds an alarm.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from hoso.dossier import Dossier, iso
from hoso.services import handoff
from hoso.services.context import Services
from hoso.services.housekeeping import fail
from hoso.services.writes import InvalidAction, commit, commit_or_raise, current_for
from hoso.status import Action
from hoso.status import DossierStatus as S

log = logging.getLogger("hoso.services.restart")

# the stages whose failure a new run may mend (an intake failure needs a new upload)
RUN_STAGES = frozenset({"ocr", "understand", "notify", "sweeper", "failures"})


def restart_stalled(svc: Services) -> list[str]:
    """Sweep step: dossiers in ``processing`` whose record has not changed within the
    expected time are started again once, and failed the second time."""
    minutes = svc.settings.stalled_processing_minutes
    cutoff = iso(svc.clock() - timedelta(minutes=minutes))
    return [
        d.dossier_id
        for d in svc.records.in_status(S.PROCESSING, updated_before=cutoff)
        if _stalled(svc, d, minutes)
    ]


def _stalled(svc: Services, current: Dossier, minutes: int) -> bool:
    since = current.updated_at
    if int(current.restarts or 0) >= 1:
        reason = (
            f"processing made no progress for {minutes} minutes (since {since}) after it "
            "had been started again once; an operator may start it again (hoso reprocess)"
        )
        return fail(svc, current.dossier_id, stage="sweeper", reason=reason, code="stalled")
    new = current.evolve(
        now=svc.clock(),
        runs=int(current.runs or 0) + 1,
        restarts=int(current.restarts or 0) + 1,
    )
    note = f"processing made no progress for {minutes} minutes (since {since}): started again"
    if not commit(
        svc, current, new, actor="hoso-sweeper", action=Action.PROCESSING_RESTARTED, note=note
    ):
        return False
    _send(svc, new)
    log.warning("stalled dossier started again", extra={"dossier_id": current.dossier_id})
    return True


def reprocess(svc: Services, dossier_id: str, *, actor: str, note: str | None = None) -> Dossier:
    """Start a failed dossier's reading again (a new run), its earlier run's errors dropped.
    InvalidAction when the dossier did not fail, or failed before there was anything to read
    (the station uploads it again)."""
    current = current_for(svc, dossier_id, Action.REPROCESSED, "reprocess")
    readable = [f for f in current.files if not f.get("error")]
    if not current.procedure_name or not readable:
        why = "; ".join(str(e.get("reason")) for e in current.errors) or "no reason recorded"
        raise InvalidAction(
            f"dossier '{dossier_id}' failed at intake ({why}): there is nothing to read again; "
            "the station uploads the dossier again"
        )
    new = current.evolve(
        now=svc.clock(),
        status=S.PROCESSING,
        runs=int(current.runs or 0) + 1,
        restarts=0,
        last_error=None,
        errors=[e for e in current.errors if e.get("stage") not in RUN_STAGES],
    )
    text = f"started again by {actor}" + (f": {note}" if note else "")
    done = commit_or_raise(svc, current, new, actor=actor, action=Action.REPROCESSED, note=text)
    _send(svc, done)
    return done


def _send(svc: Services, record: Dossier) -> None:
    bucket = svc.settings.upload_bucket
    handoff.send(
        svc, "ocr", handoff.reading_job(record, bucket, handoff.station_details(svc, record))
    )
