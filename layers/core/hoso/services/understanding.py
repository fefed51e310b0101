"""The understanding stage: classify the pages, extract and check the fields, judge
completeness (``hoso.understand``), and hand the assessment to the decision."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from hoso.dossier import error
from hoso.model import PageText
from hoso.services import handoff, keys
from hoso.services.context import Outcome, Services
from hoso.status import DossierStatus as S


def run(svc: Services, job: Mapping[str, Any]) -> Outcome:
    dossier = svc.records.get(job["dossier_id"])
    if dossier is None or dossier.status != S.PROCESSING or handoff.stale(job, dossier):
        return Outcome.SKIPPED
    art = svc.settings.artefact_bucket
    ocr = json.loads(svc.objects.get(art, job["ocr_key"]))
    pages = [PageText.from_dict(p) for p in ocr["pages"]]
    # the procedure in force, and the papers' validity, as of the day of receipt
    received_on = dossier.received_day
    procedure = svc.catalog.get(dossier.procedure_code or "", on=received_on)
    if any(not p.error and p.text.strip() for p in pages):
        result = svc.assess(procedure, pages, manifest=job.get("manifest"), today=received_on)
    else:
        result = unreadable()
    key = keys.assessment(dossier.dossier_id, int(job.get("round") or 0))
    svc.objects.put(
        art,
        key,
        json.dumps(
            {"ocr": ocr, "result": result, "manifest": job.get("manifest")}, ensure_ascii=False
        ).encode("utf-8"),
        content_type="application/json",
    )
    notify: dict[str, Any] = {"dossier_id": dossier.dossier_id, "assessment_key": key}
    if job.get("run") is not None:
        notify["run"] = job["run"]
    svc.queue.send("notify", notify)
    return Outcome.DONE


def unreadable() -> dict[str, Any]:
    """The assessment of a dossier none of whose pages could be read."""
    return {
        "status": str(S.FAILED),
        "components": [],
        "missing_components": [],
        "applicant": {},
        "pages": [],
        "warnings": [],
        "errors": [error("no_readable_page", "no page of the dossier could be read", stage="ocr")],
    }
