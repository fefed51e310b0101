"""Housekeeping: failures with a reason, dead letters, stale uploads, overdue dossiers."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from hoso.dossier import Dossier, error, iso
from hoso.errors import UploadLayoutError
from hoso.privacy import mask_text
from hoso.services import keys
from hoso.services.context import Services
from hoso.services.writes import annotate, commit
from hoso.status import Action, can
from hoso.status import DossierStatus as S

log = logging.getLogger("hoso.services.housekeeping")
METRICS_NAMESPACE = "hoso"


def count(metric: str, **dimensions: str) -> None:
    """Count one occurrence of ``metric``: a log line in CloudWatch's embedded metric format
    (the metric appears in CloudWatch without a call; locally, in functions.log)."""
    log.warning(
        "metric %s",
        metric,
        extra={
            "_aws": {
                "Timestamp": int(time.time() * 1000),
                "CloudWatchMetrics": [
                    {
                        "Namespace": METRICS_NAMESPACE,
                        "Dimensions": [sorted(dimensions)],
                        "Metrics": [{"Name": metric, "Unit": "Count"}],
                    }
                ],
            },
            metric: 1,
            **dimensions,
        },
    )


def fail(svc: Services, dossier_id: str, *, stage: str, reason: str, code: str) -> bool:
    """Mark the dossier failed with a readable reason (creating the record if needed). A
    dossier the pipeline has decided, or that the agency holds, is left as it is. Numbers that
    could be an ID number or a phone (an exception's text may quote one) are masked."""
    reason = mask_text(reason)
    now = svc.clock()
    current = svc.records.get(dossier_id)
    if not can(Action.FAILED, current.status if current else None):
        return False
    base = current or Dossier.new(dossier_id, now=now, status=S.FAILED)
    failed = base.evolve(
        now=now, status=S.FAILED, errors=[*base.errors, error(code, reason, stage=stage)]
    )
    return commit(svc, current, failed, actor=f"hoso-{stage}", action=Action.FAILED, note=reason)


def dead_letter(
    svc: Services,
    *,
    stage: str,
    dossier_id: str | None = None,
    key: str | None = None,
    attempts: int | None = None,
    run: int | None = None,
) -> bool:
    """A stage's message exhausted its retries: end the dossier as failed, with a reason.

    True when the message is to be kept in its dead-letter queue for redrive: while its
    dossier is failed. Once the dossier is started again (``hoso redrive``) or decided, the
    message has done its work; a dead letter of an earlier run (``run``) changes nothing."""
    if dossier_id is None:
        prefix = svc.settings.incoming_prefix
        try:
            dossier_id = keys.split_upload_key(prefix, key or "")[0]
        except UploadLayoutError:
            dossier_id = keys.id_from_key(key or "unknown", prefix)
    current = svc.records.get(dossier_id)
    if current is not None and current.status == S.FAILED:
        return True  # delivered again while it waits for redrive
    runs = current.runs if current is not None else None
    if run is not None and runs is not None and int(run) != int(runs):
        return False  # the dossier was started again since this job was sent
    last = (current.last_error if current else None) or {}
    reason = f"the {stage} stage failed"
    if attempts:
        reason += f" {attempts} times"
    if last.get("reason"):
        reason += f"; last error: {last['reason']}"
    fail(svc, dossier_id, stage=stage, reason=reason, code="stage_failed")
    after = svc.records.get(dossier_id)
    return after is not None and after.status == S.FAILED


def note_error(svc: Services, dossier_id: str, *, stage: str, reason: str) -> None:
    """Remember the last error of a retried stage on the record (status unchanged), masked
    as :func:`fail` masks."""
    reason = mask_text(reason)
    current = svc.records.get(dossier_id)
    if current is None or not can(Action.FAILED, current.status):
        return
    updated = current.evolve(now=svc.clock(), last_error={"stage": stage, "reason": reason})
    annotate(svc, current, updated)


def fail_stale_uploads(svc: Services) -> list[str]:
    """Fail dossiers whose files arrived but whose manifest.json never did."""
    minutes = svc.settings.stale_upload_minutes
    cutoff = iso(svc.clock() - timedelta(minutes=minutes))
    reason = f"manifest.json was not uploaded within {minutes} minutes of the dossier's files"
    return [
        d.dossier_id
        for d in svc.records.in_status(S.UPLOADING, updated_before=cutoff)
        if fail(
            svc,
            d.dossier_id,
            stage="sweeper",
            reason="; ".join([reason, *d.warnings]),  # e.g. why a stray upload was ignored
            code="manifest_missing",
        )
    ]
