"""Assembles the pipeline from the core's parts, given the ports. Used by every composition
root (``hoso_aws.bootstrap`` on AWS and locally; in-memory adapters in tests)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hoso.model import PageText
from hoso.pipeline import Pipeline, Settings
from hoso.ports import EventPublisher, ObjectStore, RecordStore, WorkQueue


def build_pipeline(
    *,
    objects: ObjectStore,
    records: RecordStore,
    queue: WorkQueue,
    events: EventPublisher,
    settings: Settings,
) -> Pipeline:
    from hoso.catalog import load_catalog
    from hoso.forms import render_receipt, render_supplement_request
    from hoso.ocr import ocr_file
    from hoso.understand import assess
    from hoso.workdays import load_calendar

    catalog = load_catalog()
    calendar = load_calendar()

    def run_assess(procedure: Any, pages: list[PageText], *, manifest: dict[str, Any] | None
                   ) -> dict[str, Any]:
        result: dict[str, Any] = assess(procedure, pages, catalog=catalog,
                                        manifest=manifest).to_dict()
        return result

    def notices(record: dict[str, Any]) -> dict[str, bytes]:
        if record["status"] == "received":
            return {"receipt": render_receipt(record)}
        if record["status"] == "supplement_requested":
            return {"supplement-request": render_supplement_request(record)}
        return {}

    def due_at(received_at: datetime, procedure: Any) -> datetime | None:
        pt = getattr(procedure, "processing_time", None)
        if pt is None:
            return None
        amount = getattr(pt, "amount", None)
        unit = getattr(pt, "unit", None)
        if amount is None or unit is None:
            return None
        due: datetime = calendar.due_at(received_at, amount, unit)
        return due

    return Pipeline(
        objects=objects,
        records=records,
        queue=queue,
        events=events,
        catalog=catalog,
        settings=settings,
        ocr=lambda data, name: ocr_file(data, name),
        assess=run_assess,
        notices=notices,
        due_at=due_at,
    )
