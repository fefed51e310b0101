"""The core's own collaborators (OCR reader, understanding, notices, due dates) assembled
into :class:`Services` around the ports. The composition root (``hoso_aws.bootstrap.build``)
calls :func:`services`; tests call it with in-memory ports.

Heavy parts (OCR engines, PDF rendering, understanding) are imported on first use, so a
function that never calls them (intake, sweeper) does not pay for them at cold start.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any

from hoso.agencies import AgencyDirectory, load_agencies
from hoso.dossier import Dossier
from hoso.model import PageText
from hoso.ports import EventPublisher, ObjectStore, RecordStore, WorkQueue
from hoso.services.context import OcrFn, Services, Settings, TimeLeft
from hoso.status import DossierStatus


@functools.cache
def catalog() -> Any:
    """The procedure catalog in force (``schemas/procedures/``), loaded once."""
    from hoso.catalog import load_catalog

    return load_catalog()


def ocr_reader(settings: Settings | None = None) -> OcrFn:
    """The OCR stage's reader, tuned by the deployment's settings (None: the defaults, as
    ``hoso ocr`` reads a file)."""
    settings = settings or Settings(upload_bucket="", artefact_bucket="")

    def ocr(
        data: bytes,
        name: str,
        *,
        page_range: tuple[int, int] | None = None,
        time_left: TimeLeft | None = None,
    ) -> list[PageText]:
        from hoso.ocr import OcrOptions, ocr_file

        options = OcrOptions(
            workers=settings.ocr_workers,
            page_timeout_s=settings.ocr_page_timeout_s,
            tesseract_cmd=settings.tesseract_cmd,
        )
        return ocr_file(data, name, options=options, page_range=page_range, time_left=time_left)

    return ocr


def count_pages(data: bytes, name: str) -> int:
    from hoso.ocr import count_pages as count

    return count(data, name)


def notices(dossier: Dossier, occasion: str, **extra: Any) -> dict[str, bytes]:
    """The notices an occasion calls for: a receipt or one complete supplement request when a
    dossier is decided, or an apology letter."""
    from hoso import forms

    record = dossier.to_dict()
    if occasion == "decided" and dossier.status == DossierStatus.RECEIVED:
        return {"receipt": forms.render_receipt(record)}
    if occasion == "decided" and dossier.status == DossierStatus.SUPPLEMENT_REQUESTED:
        procedure = catalog().get(dossier.procedure_code or "", on=dossier.received_day)
        from hoso.services.deadlines import supplement_period

        days = supplement_period(procedure)
        pdf = forms.render_supplement_request(record, period_days=days, **extra)
        return {"supplement-request": pdf}
    if occasion == "closure":
        return {"closure": forms.render_closure(record, reason=extra.get("reason"))}
    if occasion == "apology":
        new_due = extra.get("new_due_at")
        return {
            "apology": forms.render_apology(record, reason=extra.get("reason"), new_due_at=new_due)
        }
    return {}


def due_at_by(agencies: AgencyDirectory) -> Callable[[datetime, Any], datetime | None]:
    """:func:`due_at` with the calendars of ``agencies``."""

    def due(received_at: datetime, procedure: Any) -> datetime | None:
        pt = getattr(procedure, "processing_time", None)
        amount, unit = getattr(pt, "amount", None), getattr(pt, "unit", None)
        if amount is None or unit is None:
            return None
        cutoff = getattr(pt, "cutoff", None)  # e.g. "15:00": received later counts from tomorrow
        # the dossier's agency is the procedure's (routing is by the catalog): its office
        # hours, last working hour and Saturday reception count
        calendar = agencies.calendar(getattr(procedure, "agency_code", None))
        found: datetime = calendar.due_at(
            received_at, amount, unit, cutoff=time.fromisoformat(cutoff) if cutoff else None
        )
        return found

    return due


def due_at(received_at: datetime, procedure: Any) -> datetime | None:
    """Appointment date: the procedure's processing time counted by the working calendar of
    the agency handling it (the centre's, with the agency's own office rules)."""
    return due_at_by(load_agencies())(received_at, procedure)


def services(
    *,
    objects: ObjectStore,
    records: RecordStore,
    queue: WorkQueue,
    events: EventPublisher,
    settings: Settings,
    **overrides: Any,
) -> Services:
    """Services with the core's collaborators; ``overrides`` replace any of them (a clock, a
    catalog, an OCR reader...)."""
    cat = overrides.pop("catalog", None) or catalog()
    agencies = overrides.pop("agencies", None) or load_agencies()

    def assess(
        procedure: Any,
        pages: list[PageText],
        *,
        manifest: dict[str, Any] | None,
        today: date,
        labels: Mapping[tuple[str, int], str] | None = None,
    ) -> dict[str, Any]:
        from hoso.understand import assess as understand

        result: dict[str, Any] = understand(
            procedure, pages, catalog=cat, manifest=manifest, today=today, labels=labels
        ).to_dict()
        return result

    parts: dict[str, Any] = {
        "ocr": ocr_reader(settings),
        "count_pages": count_pages,
        "assess": assess,
        "notices": notices,
        "due_at": due_at_by(agencies),
        "calendar": agencies.calendar(None),  # the centre's; an agency's: agencies.calendar
    }
    parts.update(overrides)
    return Services(
        objects=objects,
        records=records,
        queue=queue,
        events=events,
        catalog=cat,
        settings=settings,
        agencies=agencies,
        **parts,
    )
