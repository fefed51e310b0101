"""The OCR stage: read every page of a dossier's files and store one artefact per page.

A dossier with more pages than one invocation should read is cut into page ranges, each a job
on the same queue (fan-out); the last range to finish assembles the dossier's reading
(fan-in) and hands it to understanding.

A job reads until ``ocr_deadline_margin_s`` before its invocation ends (``time_left``): the
pages read by then are stored and the rest of the range is sent as a continuation job of the
same plan (``from``: its first page). A range counts as done (``mark_part_done``, a set of
range numbers: a job delivered twice counts once) only when its last page is stored, so the
dossier is assembled when every page is there; once assembled and handed on, the plan is
marked (``keys.ocr_handed_on``) and its jobs delivered later do nothing.
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
from hoso.services.context import Outcome, Services, TimeLeft
from hoso.services.housekeeping import fail
from hoso.status import DossierStatus as S

Json = dict[str, Any]
log = logging.getLogger("hoso.services.ocr")


def run(svc: Services, job: Mapping[str, Any], *, time_left: TimeLeft | None = None) -> Outcome:
    """One OCR job: a whole small dossier, the plan of a large one, one of its ranges, or a
    range's continuation. ``time_left``: seconds left in the invocation (None: no limit)."""
    dossier = svc.records.get(job["dossier_id"])
    if dossier is None or dossier.status != S.PROCESSING:
        return Outcome.SKIPPED
    job = handoff.opened(svc, job)
    if not handoff.first_of_run(svc, job, dossier):
        return Outcome.DUPLICATE
    left = _reading_time(svc, time_left)
    if "part" in job:
        return _run_part(svc, job, left)
    try:
        plan = _plan(svc, job)
    except LimitExceeded as exc:  # too many pages: the dossier fails, naming the limit
        fail(svc, job["dossier_id"], stage="ocr", reason=exc.reason, code=exc.code)
        return Outcome.REJECTED
    parts = plan["parts"]
    if len(parts) <= 1:  # small dossier: read it here
        pages: list[Json] = []
        if parts:
            pages, rest = _read_range(svc, job["bucket"], plan, parts[0], left)
            if rest is not None:  # out of time: a plan of one range, continued
                return _continue(svc, job, _save_plan(svc, plan), 0, rest)
        _assemble(svc, plan, job.get("manifest"), pages)
        return Outcome.DONE
    plan_key = _save_plan(svc, plan)
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
    # one plan per run: a dossier started again reads its files afresh (its page ranges
    # counted again, not taken as done by the earlier run's)
    scope: list[Any] = [job["dossier_id"], [(f["key"], f.get("etag")) for f in job["files"]], size]
    if job.get("run") is not None:
        scope.append(int(job["run"]))
    ident = hashlib.sha256(json.dumps(scope).encode()).hexdigest()[:16]
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


def _reading_time(svc: Services, time_left: TimeLeft | None) -> TimeLeft | None:
    """Seconds left for reading: the invocation's, less the margin to store and re-queue."""
    if time_left is None:
        return None
    margin = svc.settings.ocr_deadline_margin_s
    return lambda: time_left() - margin


def _save_plan(svc: Services, plan: Json) -> str:
    plan_key = keys.ocr_plan(plan["dossier_id"], plan["id"])
    _put_json(svc, plan_key, plan)
    return plan_key


def _continue(
    svc: Services, job: Mapping[str, Any], plan_key: str, part: int, first: int
) -> Outcome:
    """The rest of range ``part``, from page ``first``, as a job of the same plan."""
    svc.queue.send(
        "ocr",
        {
            "dossier_id": job["dossier_id"],
            "bucket": job["bucket"],
            "plan_key": plan_key,
            "part": part,
            "from": first,
            "manifest": job.get("manifest"),
        },
    )
    log.info(
        "out of time: page range continued",
        extra={"dossier_id": job["dossier_id"], "part": part, "from_page": first},
    )
    return Outcome.CONTINUED


def _read_range(
    svc: Services, bucket: str, plan: Json, part: Json, left: TimeLeft | None, start: int = 0
) -> tuple[list[Json], int | None]:
    """OCR one page range (from page ``start`` when given) and store one artefact per page;
    return the page bodies, and the first page the time left unread (None: all read)."""
    data = svc.objects.get(bucket, part["key"])
    first, last = start or part["first"], part["last"]
    page_range = (first, last) if part["first"] else None
    try:  # a file without a page count is read whole: it cannot be continued
        result = svc.ocr(
            data, part["file"], page_range=page_range, time_left=left if page_range else None
        )
    except BadInput as exc:  # the file broke after it was counted: every page says why
        first, last = page_range or (1, 1)
        result = [
            PageText(file=part["file"], index=i, text="", method="none", error=exc.reason)
            for i in range(first, last + 1)
        ]
    rest = None
    if page_range:
        got = {p.index for p in result}
        missing = [i for i in range(first, last + 1) if i not in got]
        if missing and result and left is not None:  # the deadline: the rest goes on
            rest = missing[0]
        else:  # never dropped silently: the page says it was not read
            result += [_unread(part["file"], i) for i in missing]
    return _store_pages(svc, plan, result), rest


def _unread(file: str, index: int) -> PageText:
    reason = f"page {index}: not read (the reader returned nothing for it)"
    return PageText(file=file, index=index, text="", method="none", error=reason)


def _store_pages(svc: Services, plan: Json, result: list[PageText]) -> list[Json]:
    pages = []
    for page in sorted(result, key=lambda p: p.index):
        body = page.to_dict()
        key = keys.ocr_page(plan["dossier_id"], plan["id"], page.file, page.index)
        _put_json(svc, key, body)
        body["artefact"] = keys.s3_uri(svc.settings.artefact_bucket, key)
        pages.append(body)
    return pages


def _run_part(svc: Services, job: Mapping[str, Any], left: TimeLeft | None) -> Outcome:
    art = svc.settings.artefact_bucket
    plan = json.loads(svc.objects.get(art, job["plan_key"]))
    if svc.objects.head(art, keys.ocr_handed_on(plan["dossier_id"], plan["id"])) is not None:
        return Outcome.DUPLICATE  # a job delivered again after the dossier was assembled
    n = job["part"]
    _, rest = _read_range(svc, job["bucket"], plan, plan["parts"][n], left, job.get("from") or 0)
    if rest is not None:  # not marked done: the range counts when its last page is stored
        return _continue(svc, job, job["plan_key"], n, rest)
    done = svc.records.mark_part_done(f"OCR#{plan['dossier_id']}#{plan['id']}", str(n))
    if done < len(plan["parts"]):
        return Outcome.PART_READ
    # two ranges finishing side by side both see every range done: the first to claim the
    # hand-on assembles (its redelivery still may, if it died before handing on)
    if not svc.records.claim(f"ASSEMBLE#{plan['dossier_id']}#{plan['id']}", str(n)):
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
    _put_json(svc, keys.ocr_handed_on(dossier_id, plan["id"]), {"ocr_key": ocr_key})


def _put_json(svc: Services, key: str, body: Any) -> None:
    svc.objects.put(
        svc.settings.artefact_bucket,
        key,
        json.dumps(body, ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
    )
