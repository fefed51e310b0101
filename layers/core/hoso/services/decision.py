"""The decision: the final record from the assessment, with what the decision brings (a
dossier code and a due date for a received dossier, the date of a supplement request) and its
notice (receipt or supplement request); the event follows from the audit entry."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hoso.codes import dossier_code
from hoso.dossier import VN_TZ, Dossier, iso, local_date
from hoso.events import next_document_name
from hoso.services import handoff, keys
from hoso.services.context import Outcome, Services
from hoso.services.writes import commit
from hoso.status import Action, DossierStatus

S = DossierStatus


def run(svc: Services, job: Mapping[str, Any]) -> Outcome | DossierStatus:
    """Decide; the outcome is the status decided (SKIPPED when there was nothing to do)."""
    dossier = svc.records.get(job["dossier_id"])
    if dossier is None or dossier.status != S.PROCESSING or handoff.stale(job, dossier):
        return Outcome.SKIPPED
    now = svc.clock()
    data = json.loads(svc.objects.get(svc.settings.artefact_bucket, job["assessment_key"]))
    final = one_request(dossier, decided(dossier, data["ocr"], data["result"], now))
    finalise(svc, final, now)
    if not commit(svc, dossier, final, actor="hoso-notify", action=Action.DECIDED):
        return Outcome.SKIPPED
    return final.status


def decided(
    dossier: Dossier, ocr: Mapping[str, Any], result: Mapping[str, Any], now: datetime
) -> Dossier:
    """The record as the assessment leaves it: status, pages, components, applicant."""
    labels = {(p["file"], p["index"]): p for p in result.get("pages", [])}
    pages = [_page_entry(p, labels.get((p["file"], p["index"]), {})) for p in ocr["pages"]]
    applicant = dict(dossier.applicant or {})
    applicant |= {k: v for k, v in (result.get("applicant") or {}).items() if v is not None}
    files_by_name = {f["name"]: f for f in ocr.get("files", [])}
    return dossier.evolve(
        now=now,
        status=S(result["status"]),
        pages=pages,
        files=[files_by_name.get(f["name"], f) for f in dossier.files],
        components=result.get("components", []),
        missing_components=result.get("missing_components", []),
        applicant=applicant,
        errors=_unique(dossier.errors + ocr.get("errors", []) + result.get("errors", [])),
        warnings=_unique(dossier.warnings + result.get("warnings", [])),
    )


def _unique(items: list[Any]) -> list[Any]:
    """Items once each, in order (a supplement round re-reads the earlier pages' findings)."""
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def one_request(before: Dossier, final: Dossier) -> Dossier:
    """The law allows one complete supplement request: after a supplement that still leaves
    something missing, an officer decides (accept, or a further request with a written
    reason), never hoso by itself."""
    if final.status != S.SUPPLEMENT_REQUESTED or not before.supplement_requests:
        return final
    still = "; ".join(str(m.get("name")) for m in final.missing_components) or "?"
    warning = (
        f"the supplement still leaves items missing or invalid ({still}); hoso issues one "
        "request only: an officer accepts the dossier or issues a further request with a "
        "written reason"
    )
    return final.but(status=S.NEEDS_REVIEW, warnings=[*final.warnings, warning])


def _page_entry(p: Mapping[str, Any], label: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "file": p["file"],
        "index": p["index"],
        "method": p["method"],
        "confidence": p.get("confidence"),
        "rotation": p.get("rotation", 0),
        "doc_type": label.get("doc_type"),
        "component_id": label.get("component_id"),
        "error": p.get("error"),
        "artefact": p.get("artefact"),
    }


def finalise(svc: Services, final: Dossier, now: datetime, **extra: Any) -> None:
    """What a decision brings: dossier code and appointment date for a received dossier,
    the date of a supplement request, and the notice (receipt or supplement request)."""
    if final.status == S.SUPPLEMENT_REQUESTED:
        date_supplement_request(svc, final, now)
    if final.status == S.RECEIVED:
        counted_from = final.clock_start
        if not final.dossier_code:
            agency = svc.settings.agency_code
            day = f"{agency}#{counted_from.astimezone(VN_TZ):%y%m%d}"
            # reserved once per dossier: a retried or raced decision gets the same number
            seq = svc.records.reserve_sequence(final.dossier_id, day)
            final.dossier_code = dossier_code(agency, counted_from, seq)
        if svc.due_at is not None:
            procedure = svc.catalog.get(final.procedure_code or "", on=local_date(counted_from))
            due = svc.due_at(counted_from, procedure)
            final.due_at = iso(_kept_clock(svc, final, due)) if due else None
    store_notices(svc, final, "decided", **extra)


def date_supplement_request(svc: Services, final: Dossier, now: datetime) -> None:
    """A supplement request's date, its number and the end of its period."""
    from hoso.services.deadlines import supplement_deadline

    final.supplement_requested_at = iso(now)
    final.supplement_requests = int(final.supplement_requests or 0) + 1
    final.supplement_due_at = iso(supplement_deadline(svc, final, now))


def _kept_clock(svc: Services, final: Dossier, due: datetime) -> datetime:
    """A procedure that keeps the clock across a supplement (``restart_on_supplement`` false)
    counts from the first reception, without the working days spent waiting for it."""
    if not final.supplement_received_at or final.counting_from != final.received_at:
        return due
    from hoso.services.deadlines import paused_working_days, shift_working_days

    return shift_working_days(svc, due, paused_working_days(svc, final))


def store_notices(svc: Services, dossier: Dossier, occasion: str, **extra: Any) -> None:
    """Render the occasion's notices, keep them in the artefact bucket, link them. Notices
    are never overwritten: a second one of a kind is ``<kind>-2`` (``hoso.events``).

    They are stored before the record is written (the record links them), each under a key of
    its own write (``keys.notice``'s ``version``: the record's next revision and a random
    part): a writer that then loses the race to the record leaves an unlinked file behind,
    never one in place of the notice the record links."""
    if svc.notices is None:
        return
    art = svc.settings.artefact_bucket
    version = f"r{int(dossier.revision or 0) + 1}-{uuid.uuid4().hex[:12]}"
    for kind, pdf in svc.notices(dossier, occasion, **extra).items():
        name = next_document_name(dossier.documents, kind)
        key = keys.notice(dossier.dossier_id, name, version=version)
        svc.objects.put(art, key, pdf, content_type="application/pdf")
        dossier.documents[name] = keys.s3_uri(art, key)
