"""Fixtures for the services' tests: in-memory ports, fake OCR and understanding."""

from __future__ import annotations

import collections
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest

from hoso.errors import BadInput
from hoso.model import PageText
from hoso.services import Services, Settings, decision, ocr_stage, understanding
from hoso.services.relay import relay
from hoso.workdays import load_calendar
from tests.fakes import MemoryEvents, MemoryObjectStore, MemoryQueue, MemoryRecordStore

UP, ART = "up", "art"


@dataclass
class FakeProcedure:
    code: str
    name: str = "Đăng ký khai sinh"
    agency: str = "UBND xã"
    effective_from: date = date(2025, 7, 1)


class FakeCatalog:
    def get(self, code: str, on: date | None = None) -> FakeProcedure | None:
        return FakeProcedure(code) if code in ("KHAI_SINH", "LLTP") else None


def fake_ocr(
    data: bytes,
    name: str,
    *,
    page_range: tuple[int, int] | None = None,
    time_left: Callable[[], float] | None = None,
) -> list[PageText]:
    """One page per line of the file's text (instantly: ``time_left`` never runs out)."""
    if not data:
        raise BadInput(f"{name} is empty (0 bytes)")
    pages = [
        PageText(file=name, index=i + 1, text=line, method="text_layer")
        for i, line in enumerate(data.decode().splitlines())
    ]
    if page_range:
        pages = pages[page_range[0] - 1 : page_range[1]]
    return pages


def fake_count(data: bytes, name: str) -> int:
    if not data:
        raise BadInput(f"{name} is empty (0 bytes)")
    return len(data.decode().splitlines())


def fake_assess(
    procedure: Any, pages: list[PageText], *, manifest: dict | None, today: date
) -> dict:
    texts = " ".join(p.text for p in pages)
    missing = (
        []
        if "GIẤY CHỨNG SINH" in texts
        else [
            {"id": "giay_chung_sinh", "name": "Giấy chứng sinh", "reason": "Thiếu Giấy chứng sinh"}
        ]
    )
    return {
        "status": "received" if not missing else "supplement_requested",
        "components": [],
        "missing_components": missing,
        "applicant": {"full_name": "Nguyễn Văn An"},
        "pages": [],
        "warnings": [],
        "errors": [],
    }


@pytest.fixture
def env():
    objects, records, queue, events = (
        MemoryObjectStore(),
        MemoryRecordStore(),
        MemoryQueue(),
        MemoryEvents(),
    )
    clock = {"now": datetime(2026, 3, 5, 2, 0, tzinfo=UTC)}
    p = Services(
        objects=objects,
        records=records,
        queue=queue,
        events=events,
        catalog=FakeCatalog(),
        settings=Settings(UP, ART),
        ocr=fake_ocr,
        count_pages=fake_count,
        assess=fake_assess,
        clock=lambda: clock["now"],
        calendar=load_calendar(),
    )
    return p, objects, records, queue, events, clock


def published(p: Services, records: MemoryRecordStore, events: MemoryEvents) -> list[str]:
    """Relay every audit entry's event (what the table stream does) and list detail-types."""
    events.events.clear()
    for did in records.audit:
        relay(p, records.audit_trail(did))
    return [e[0] for e in events.events]


def drain(p: Services, queue: MemoryQueue) -> None:
    for stage, run in (
        ("ocr", ocr_stage.run),
        ("understand", understanding.run),
        ("notify", decision.run),
    ):
        while (job := queue.pop(stage)) is not None:
            run(p, job)


def put_manifest(objects: MemoryObjectStore, did: str, manifest: Any) -> str:
    key = f"incoming/{did}/manifest.json"
    body = manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode()
    objects.put(UP, key, body)
    return key


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[collections.Counter[str]]:
    """Counts the Tesseract runs: page readings (``ocr``), OSD (``osd``) and digits-only
    readings with character boxes (``chars``, the number re-read)."""
    from hoso.ocr import tess

    counter: collections.Counter[str] = collections.Counter()
    real_ocr, real_osd, real_chars = tess.ocr, tess.osd, tess.ocr_chars

    def ocr(*a: object, **k: object) -> tess.OcrResult:
        counter["ocr"] += 1
        return real_ocr(*a, **k)  # type: ignore[arg-type]

    def osd(*a: object, **k: object) -> tuple[int, float]:
        counter["osd"] += 1
        return real_osd(*a, **k)  # type: ignore[arg-type]

    def ocr_chars(*a: object, **k: object) -> list[tess.Char]:
        counter["chars"] += 1
        return real_chars(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(tess, "ocr", ocr)
    monkeypatch.setattr(tess, "osd", osd)
    monkeypatch.setattr(tess, "ocr_chars", ocr_chars)
    yield counter
