"""The OCR stage within its invocation's time (ocr_stage.run ``time_left``): a range that
cannot be read before the deadline stores the pages read and is continued, and the dossier is
assembled once, with every page. The reader is the real one (hoso.ocr.ocr_file, as the
deployment builds it) over a fake source whose pages each take a while on a fake clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image

from hoso.model import PageText
from hoso.ocr import engine
from hoso.ocr.sources import PageImage
from hoso.services import Services, intake, ocr_stage
from hoso.services.context import Outcome
from hoso.services.defaults import ocr_reader
from tests.unit.conftest import UP, drain, put_manifest
from tests.unit.test_ocr_budget import FakeClock

INVOCATION_S = 100.0  # each invocation's time; reading stops 30 s (the margin) before
PAGE_S = 25.0  # the time of one page: two pages fit in an invocation, a third does not


def slow_reader(
    monkeypatch: pytest.MonkeyPatch, p: Services, clock: FakeClock, texts: dict[int, str]
) -> list[int]:
    """The services' reader made as on Lambda (one worker), reading pages that take PAGE_S
    each on ``clock``; returns the pages read, in order (re-reads included)."""
    read: list[int] = []

    class Src:
        count = len(texts)

        def page(self, index: int) -> PageImage:
            return PageImage(Image.new("L", (10, 10), 255), 300)

        def close(self) -> None:
            pass

    def page(image: object, filename: str, index: int, opts: Any, tmp: str, **kw: Any) -> Any:
        kw["budget"].run(lambda timeout: clock.spend(PAGE_S, timeout))
        read.append(index)
        return PageText(filename, index, texts[index], "ocr")

    monkeypatch.setattr(engine, "open_source", lambda *a, **k: Src())
    monkeypatch.setattr(engine, "detect", lambda *a, **k: "pdf")
    monkeypatch.setattr(engine, "ocr_page_image", page)
    p.settings.ocr_workers = 1
    p.settings.ocr_page_timeout_s = 60
    p.ocr = ocr_reader(p.settings)
    p.count_pages = lambda data, name: len(texts)
    return read


def invocation(clock: FakeClock) -> Callable[[], float]:
    """A fresh invocation's remaining time, as Lambda's context tells it."""
    end = clock() + INVOCATION_S
    return lambda: end - clock()


def run_ocr_jobs(p: Services, queue: Any, clock: FakeClock) -> list[Outcome]:
    """Every OCR job on the queue, each in its own invocation, until none is left."""
    outcomes = []
    while (job := queue.pop("ocr")) is not None:
        outcomes.append(ocr_stage.run(p, job, time_left=invocation(clock)))
    return outcomes


def start(p: Services, objects: Any, did: str) -> None:
    objects.put(UP, f"incoming/{did}/scan.pdf", b"%PDF scan")
    put_manifest(objects, did, {"dossier_id": did, "procedure_code": "KHAI_SINH"})
    assert intake.on_upload(p, UP, f"incoming/{did}/manifest.json") == "started"


def texts_of(n: int) -> dict[int, str]:
    return {i: "GIẤY CHỨNG SINH" if i == n else f"trang {i}" for i in range(1, n + 1)}


def test_a_small_dossier_out_of_time_is_continued_and_assembled_once(env, monkeypatch):
    p, objects, records, queue, _, _ = env
    clock = FakeClock()
    read = slow_reader(monkeypatch, p, clock, texts_of(5))
    start(p, objects, "d1")
    outcomes = run_ocr_jobs(p, queue, clock)
    assert outcomes == [Outcome.CONTINUED, Outcome.CONTINUED, Outcome.DONE]
    assert read == [1, 2, 3, 4, 5]  # two pages an invocation: nothing read twice, none lost
    [job] = queue.messages["understand"]
    ocr = json.loads(objects.get(p.settings.artefact_bucket, job["ocr_key"]))
    assert [(x["index"], x["text"]) for x in ocr["pages"]] == list(texts_of(5).items())
    drain(p, queue)
    assert records.record("d1")["status"] == "received"


def test_ranges_are_continued_and_redelivered_jobs_count_once(env, monkeypatch):
    """Ten pages in ranges of 4: each range needs continuations. A continuation delivered
    twice, and a range's first job delivered again after its continuation was sent (two
    chains reading the same range), count that range once; the dossier is assembled once,
    when the last page is stored."""
    p, objects, records, queue, _, _ = env
    p.settings.ocr_pages_per_invocation = 4
    clock = FakeClock()
    slow_reader(monkeypatch, p, clock, texts_of(10))
    start(p, objects, "big")
    assert ocr_stage.run(p, queue.pop("ocr"), time_left=invocation(clock)) == Outcome.FANNED_OUT
    first = queue.pop("ocr")
    assert first is not None and first["part"] == 0
    assert ocr_stage.run(p, first, time_left=invocation(clock)) == Outcome.CONTINUED
    again = queue.messages["ocr"][-1]
    assert (again["part"], again["from"]) == (0, 3)
    queue.send("ocr", again)  # the continuation delivered twice
    queue.send("ocr", first)  # the range's first job delivered again
    assert run_ocr_jobs(p, queue, clock) == [
        Outcome.CONTINUED,  # range 1 (pages 5-8): 5 and 6 read, 7-8 continued
        Outcome.PART_READ,  # range 2 (pages 9-10): done, 1 range of 3
        Outcome.PART_READ,  # range 0's continuation (pages 3-4): done, 2 of 3
        Outcome.PART_READ,  # ... delivered again: still 2 of 3
        Outcome.CONTINUED,  # range 0's first job again: pages 1-2, and a continuation
        Outcome.DONE,  # range 1's continuation: its last page stored, 3 of 3: assembled
        Outcome.DUPLICATE,  # the second chain's continuation, after the hand-over
    ]
    scope = next(s for s in records.parts if s.startswith("OCR#big#"))
    assert records.parts[scope] == {"0", "1", "2"}
    [job] = queue.messages["understand"]
    ocr = json.loads(objects.get(p.settings.artefact_bucket, job["ocr_key"]))
    assert [(x["index"], x["text"]) for x in ocr["pages"]] == list(texts_of(10).items())
    assert not any(x["error"] for x in ocr["pages"])
    drain(p, queue)
    assert records.record("big")["status"] == "received"


def test_without_the_invocations_time_a_range_is_read_whole(env, monkeypatch):
    p, objects, _, queue, _, _ = env
    clock = FakeClock()
    read = slow_reader(monkeypatch, p, clock, texts_of(5))
    start(p, objects, "d2")
    assert ocr_stage.run(p, queue.pop("ocr")) == Outcome.DONE
    assert read == [1, 2, 3, 4, 5] and clock() == 5 * PAGE_S


def test_pages_a_reader_leaves_out_without_a_deadline_say_so(env):
    """Never dropped silently: a page the reader did not return has a reason."""
    p, objects, _, queue, _, _ = env

    def forgetful(data: bytes, name: str, **kw: Any) -> list[PageText]:
        return [PageText(name, 1, "GIẤY CHỨNG SINH", "ocr")]

    p.ocr = forgetful
    p.count_pages = lambda data, name: 2
    start(p, objects, "d3")
    assert ocr_stage.run(p, queue.pop("ocr")) == Outcome.DONE
    [job] = queue.messages["understand"]
    ocr = json.loads(objects.get(p.settings.artefact_bucket, job["ocr_key"]))
    assert [x["error"] for x in ocr["pages"]] == [
        None,
        "page 2: not read (the reader returned nothing for it)",
    ]
