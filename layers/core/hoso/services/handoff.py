"""Hand-offs into reading: the OCR job that starts a dossier's processing, and starts it again.

A job is sent after the write that decides it (the record now ``processing``). The send can
fail after that write has won, or the process can end between the two; the step is retried
(SQS redelivers the upload whose handling raised; the sweeper restarts a dossier that stalled)
and the retry sends the job again, built from the record. So a run may be sent more than once:
the OCR stage reads the first job that reaches it for a run (``first_of_run``: the job's token
claims the run) and skips the others, while a redelivery of that same job goes on.

A run is one start of reading (``Dossier.runs``): acceptance, each supplement, each restart.
A job whose body would not fit a queue message (SQS: 256 KB) travels through the artefact
bucket; the message names it.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from hoso.dossier import Dossier
from hoso.services import keys
from hoso.services.context import Services

Json = dict[str, Any]
log = logging.getLogger("hoso.services.handoff")

# a message body above this goes through the artefact bucket (SQS allows 256 KiB, attributes
# and JSON escaping included)
MAX_INLINE_BYTES = 200_000


def reading_job(record: Dossier, bucket: str, manifest: Mapping[str, Any] | None) -> Json:
    """The OCR job of the record's current run: the files of its current round (the earlier
    rounds' reading is carried over), with what the stations said (``manifest``)."""
    did = record.dossier_id
    round_ = record.supplement_round
    files = [
        f for f in record.files if not f.get("error") and int(f.get("supplement") or 0) == round_
    ]
    job: Json = {
        "dossier_id": did,
        "bucket": bucket,
        "files": files,
        "manifest": dict(manifest) if manifest is not None else None,
        "run": int(record.runs or 0),
    }
    if round_:
        job["round"] = round_
        job["previous"] = keys.ocr_result(did, round_ - 1)
    return job


def station_details(svc: Services, record: Dossier) -> dict[str, Any] | None:
    """What the stations said for the dossier's reading, to send with its job again: the
    latest supplement's details as stored when it was taken in, else the dossier's own
    manifest.json (None: a single PDF, or unreadable: the record has the details)."""
    did = record.dossier_id
    if record.supplement_round:
        where = (svc.settings.artefact_bucket, keys.station_details(did, record.supplement_round))
    else:
        folder = keys.incoming_folder(svc.settings.incoming_prefix, did)
        where = (svc.settings.upload_bucket, folder + keys.MANIFEST)
    if svc.objects.head(*where) is None:
        return None
    try:
        found = json.loads(svc.objects.get(*where).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return dict(found) if isinstance(found, dict) else None


def send(svc: Services, stage: str, job: Mapping[str, Any]) -> None:
    """Send a job to ``stage``'s queue with a token of its own."""
    body: Json = {**job, "token": uuid.uuid4().hex}
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    if len(data) > MAX_INLINE_BYTES:
        key = keys.job(body["dossier_id"], body["token"])
        svc.objects.put(svc.settings.artefact_bucket, key, data, content_type="application/json")
        body = {"dossier_id": body["dossier_id"], "job_key": key, "token": body["token"]}
    svc.queue.send(stage, body)


def opened(svc: Services, job: Mapping[str, Any]) -> Mapping[str, Any]:
    """The job itself, fetched when its message only names it."""
    if not job.get("job_key"):
        return job
    return dict(json.loads(svc.objects.get(svc.settings.artefact_bucket, job["job_key"])))


def first_of_run(svc: Services, job: Mapping[str, Any], record: Dossier) -> bool:
    """Does this job read its run? A job of an earlier run than the record's does not (the
    dossier was restarted since). The first job of a run to arrive claims it with its token;
    a redelivery of that job holds the claim, a second job sent for the run does not. Page
    range jobs (``part``) belong to the job that planned them; jobs from before runs were
    counted (no ``run``) read as they always did."""
    if "part" in job or job.get("run") is None or not job.get("token"):
        return True
    if stale(job, record):
        log.info(
            "a job of an earlier run: skipped",
            extra={"dossier_id": job["dossier_id"], "run": job["run"], "runs": record.runs},
        )
        return False
    held = svc.records.claim(f"RUN#{job['dossier_id']}#{job['run']}", str(job["token"]))
    if not held:
        log.info(
            "a second job for a run already being read: skipped",
            extra={"dossier_id": job["dossier_id"], "run": job["run"]},
        )
    return held


def stale(job: Mapping[str, Any], record: Dossier) -> bool:
    """Is the job of an earlier run than the record's (the dossier was started again since)?
    Its result is not the record's to take."""
    run = job.get("run")
    return run is not None and record.runs is not None and int(run) != int(record.runs)
