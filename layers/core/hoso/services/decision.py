"""The decision: the final record from the assessment, with what the decision brings (a
dossier code and a due date for a received dossier, the date of a supplement request) and its
notice (receipt or supplement request); the event follows from the audit entry."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hoso.codes import dossier_code
from hoso.dossier import VN_TZ, Dossier, iso, local_date
from hoso.services import keys
from hoso.services.context import Outcome, Services
from hoso.services.writes import commit
from hoso.status import Action, DossierStatus

S = DossierStatus


def run(svc: Services, job: Mapping[str, Any]) -> Outcome | DossierStatus:
    """Decide; the outcome is the status decided (SKIPPED when there was nothing to do)."""
    dossier = svc.records.get(job["dossier_id"])
    if dossier is None or dossier.status != S.PROCESSING:
        return Outcome.SKIPPED
    now = svc.clock()
    data = json.loads(svc.objects.get(svc.settings.artefact_bucket, job["assessment_key"]))
    final = decided(dossier, data["ocr"], data["result"], now)
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
        errors=dossier.errors + ocr.get("errors", []) + result.get("errors", []),
        warnings=dossier.warnings + result.get("warnings", []),
    )


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


def finalise(svc: Services, final: Dossier, now: datetime) -> None:
    """What a decision brings: dossier code and appointment date for a received dossier,
    the date of a supplement request, and the notice (receipt or supplement request)."""
    if final.status == S.SUPPLEMENT_REQUESTED:
        final.supplement_requested_at = iso(now)
    if final.status == S.RECEIVED:
        counted_from = final.clock_start
        if not final.dossier_code:
            agency = svc.settings.agency_code
            seq = svc.records.next_sequence(f"{agency}#{counted_from.astimezone(VN_TZ):%y%m%d}")
            final.dossier_code = dossier_code(agency, counted_from, seq)
        if svc.due_at is not None:
            procedure = svc.catalog.get(final.procedure_code or "", on=local_date(counted_from))
            due = svc.due_at(counted_from, procedure)
            final.due_at = iso(due) if due else None
    store_notices(svc, final, "decided")


def store_notices(svc: Services, dossier: Dossier, occasion: str, **extra: Any) -> None:
    """Render the occasion's notices, keep them in the artefact bucket, link them."""
    if svc.notices is None:
        return
    art = svc.settings.artefact_bucket
    for name, pdf in svc.notices(dossier, occasion, **extra).items():
        key = keys.notice(dossier.dossier_id, name)
        svc.objects.put(art, key, pdf, content_type="application/pdf")
        dossier.documents[name] = keys.s3_uri(art, key)
