"""The OCR stage: read every page of a dossier's files and store one artefact per page.

A dossier with more pages than one invocation should read is cut into page ranges, each a job
on the same queue (fan-out); the last range to finish assembles the dossier's reading
(fan-in) and hands it to understanding.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any

from hoso.dossier import error
from hoso.errors import BadInput, LimitExceeded
from hoso.model import PageText
from hoso.services import bounds, handoff, keys
from hoso.services.context import Outcome, Services
from hoso.services.housekeeping import fail
from hoso.status import DossierStatus as S

Json = dict[str, Any]
log = logging.getLogger("hoso.services.ocr")


def run(svc: Services, job: Mapping[str, Any]) -> Outcome:
    """One OCR job: a whole small dossier, the plan of a large one, or one of its ranges."""
    dossier = svc.records.get(job["dossier_id"])
    if dossier is None or dossier.status != S.PROCESSING:
        return Outcome.SKIPPED
    job = handoff.opened(svc, job)
    if not handoff.first_of_run(svc, job, dossier):
        return Outcome.DUPLICATE
    if "part" in job:
        return _run_part(svc, job)
    try:
        plan = _plan(svc, job)
    except LimitExceeded as exc:  # too many pages: the dossier fails, naming the limit
        fail(svc, job["dossier_id"], stage="ocr", reason=exc.reason, code=exc.code)
        return Outcome.REJECTED
    parts = plan["parts"]
    if len(parts) <= 1:  # small dossier: read it here
        pages = [p for part in parts for p in _read_range(svc, job["bucket"], plan, part)]
        _assemble(svc, plan, job.get("manifest"), pages)
        return Outcome.DONE
    plan_key = keys.ocr_plan(plan["dossier_id"], plan["id"])
    _put_json(svc, plan_key, plan)
    for n in range(len(parts)):
        svc.queue.send(
            "ocr",
            {
                "dossier_id": plan["dossier_id"],
                "bucket": job["bucket"],
                "plan_key": plan_key,
                "part": n,
                "manifest": job.get("manifest"),
            },
        )
    log.info("read in page ranges", extra={"dossier_id": plan["dossier_id"], "parts": len(parts)})
    return Outcome.FANNED_OUT


def _plan(svc: Services, job: Mapping[str, Any]) -> Json:
    """Count pages per file and cut them into page ranges of at most N pages."""
    files: list[Json] = []
    errors: list[Json] = []
    parts: list[Json] = []
    size = max(1, svc.settings.ocr_pages_per_invocation)
    for f in job["files"]:
        try:
            data = svc.objects.get(job["bucket"], f["key"])
            count = svc.count_pages(data, f["name"]) if svc.count_pages else None
        except BadInput as exc:
            errors.append(error(exc.code, exc.reason, file=f["name"], stage="ocr"))
            files.append({**f, "pages": 0, "error": exc.reason})
            continue
        files.append({**f, "pages": count})
        parts += _ranges(f, count, size)
        bounds.page_count(svc.settings, sum(p.get("pages") or 0 for p in files))
    ident = hashlib.sha256(
        json.dumps(
            [job["dossier_id"], [(f["key"], f.get("etag")) for f in job["files"]], size]
        ).encode()
    ).hexdigest()[:16]
    return {
        "id": ident,
        "dossier_id": job["dossier_id"],
        "files": files,
        "errors": errors,
        "parts": parts,
        # a supplement round: only its new files are read; the earlier reading is carried over
        "round": int(job.get("round") or 0),
        "previous": job.get("previous"),
        "run": job.get("run"),
    }


def _ranges(f: Mapping[str, Any], count: int | None, size: int) -> list[Json]:
    if count is None:  # no page counter: the whole file is one range
        return [{"file": f["name"], "key": f["key"], "first": None, "last": None}]
    return [
        {"file": f["name"], "key": f["key"], "first": first, "last": min(count, first + size - 1)}
        for first in range(1, count + 1, size)
    ]


def _read_range(svc: Services, bucket: str, plan: Json, part: Json) -> list[Json]:
    """OCR one page range and store one artefact per page; return the page bodies."""
    data = svc.objects.get(bucket, part["key"])
    page_range = (part["first"], part["last"]) if part["first"] else None
    try:
        result = svc.ocr(data, part["file"], page_range=page_range)
    except BadInput as exc:  # the file broke after it was counted: every page says why
        first, last = page_range or (1, 1)
        result = [
            PageText(file=part["file"], index=i, text="", method="none", error=exc.reason)
            for i in range(first, last + 1)
        ]
    pages = []
    for page in result:
        body = page.to_dict()
        key = keys.ocr_page(plan["dossier_id"], plan["id"], page.file, page.index)
        _put_json(svc, key, body)
        body["artefact"] = keys.s3_uri(svc.settings.artefact_bucket, key)
        pages.append(body)
    return pages


def _run_part(svc: Services, job: Mapping[str, Any]) -> Outcome:
    plan = json.loads(svc.objects.get(svc.settings.artefact_bucket, job["plan_key"]))
    _read_range(svc, job["bucket"], plan, plan["parts"][job["part"]])
    done = svc.records.mark_part_done(f"OCR#{plan['dossier_id']}#{plan['id']}", str(job["part"]))
    if done < len(plan["parts"]):
        return Outcome.PART_READ
    pages = []
    for f in plan["files"]:
        for index in range(1, (f.get("pages") or 0) + 1):
            key = keys.ocr_page(plan["dossier_id"], plan["id"], f["name"], index)
            body = json.loads(svc.objects.get(svc.settings.artefact_bucket, key))
            body["artefact"] = keys.s3_uri(svc.settings.artefact_bucket, key)
            pages.append(body)
    _assemble(svc, plan, job.get("manifest"), pages)
    return Outcome.DONE


def _assemble(svc: Services, plan: Json, manifest: Any, pages: list[Json]) -> None:
    errors = list(plan["errors"])
    counts: dict[str, int] = {}
    for p in pages:
        counts[p["file"]] = counts.get(p["file"], 0) + 1
        if p.get("error"):
            errors.append(
                error("page_unreadable", p["error"], file=p["file"], page=p["index"], stage="ocr")
            )
    files = [
        {**f, "pages": counts.get(f["name"], 0)} if not f.get("error") else f for f in plan["files"]
    ]
    if plan.get("previous"):  # a supplement: the pages given earlier are never dropped
        earlier = json.loads(svc.objects.get(svc.settings.artefact_bucket, plan["previous"]))
        pages = earlier["pages"] + pages
        errors = earlier["errors"] + errors
        files = earlier["files"] + files
    dossier_id = plan["dossier_id"]
    round_ = int(plan.get("round") or 0)
    ocr_key = keys.ocr_result(dossier_id, round_)
    _put_json(svc, ocr_key, {"pages": pages, "errors": errors, "files": files})
    job: Json = {"dossier_id": dossier_id, "ocr_key": ocr_key, "manifest": manifest}
    if round_:
        job["round"] = round_
    if plan.get("run") is not None:
        job["run"] = plan["run"]
    svc.queue.send("understand", job)


def _put_json(svc: Services, key: str, body: Any) -> None:
    svc.objects.put(
        svc.settings.artefact_bucket,
        key,
        json.dumps(body, ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
    )
