"""The time of the OCR: a page's limit counts all its readings (hoso.ocr.budget), extra passes
run only when they fit, and with a deadline the engine starts only the pages that fit. All on
fake clocks and fake Tesseract runs: no real waiting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image

from hoso.model import PageText, Word
from hoso.ocr import OcrOptions, engine, ocr_file, tess
from hoso.ocr.budget import OutOfTime, PageTime
from hoso.ocr.sources import PageImage
from tests.ocr_fixtures import small_scan


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def spend(self, seconds: float, timeout: float) -> None:
        """A run of ``seconds`` under ``timeout``: stopped at the timeout, as pytesseract is."""
        if seconds > timeout:
            self.now += timeout
            raise tess.TimedOut(f"tesseract OCR timed out after {timeout:g} s")
        self.now += seconds


def weak_reading() -> tess.OcrResult:
    """A reading poor enough for every second strategy (confidence 40)."""
    words = [
        Word(t, 40.0, (100.0 * i, 10.0, 100.0 * i + 80, 40.0), 1, 1)
        for i, t in enumerate(["Họ", "và", "tên", "người", "khai", "0123456789"])
    ]
    return tess.OcrResult(words=words, lines=[words], blocks=[1])


def fake_tesseract(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock, cost: Callable[[int], float]
) -> list[str]:
    """Tesseract's runs (OCR, OSD, digits) as fakes that spend ``cost(n)`` seconds of the fake
    clock on the n-th run (from 1); returns the runs made."""
    runs: list[str] = []

    def run(kind: str, timeout: float) -> None:
        runs.append(kind)
        clock.spend(cost(len(runs)), timeout)

    def ocr(path: str, *, timeout: float, **_: Any) -> tess.OcrResult:
        run("ocr", timeout)
        return weak_reading()

    def osd(path: str, *, timeout: float, **_: Any) -> tuple[int, float]:
        run("osd", timeout)
        return 0, 0.0

    def chars(path: str, *, timeout: float, **_: Any) -> list[tess.Char]:
        run("chars", timeout)
        return []

    monkeypatch.setattr(tess, "ocr", ocr)
    monkeypatch.setattr(tess, "osd", osd)
    monkeypatch.setattr(tess, "ocr_chars", chars)
    return runs


def read_page(budget: PageTime, tmp: str) -> PageText:
    img, _ = small_scan(70, n=6, noise=False)  # the grain is unseeded: one path, always
    return engine.ocr_page_image(
        PageImage(img.convert("L"), 300), "p.pdf", 1, OcrOptions(), tmp, budget=budget
    )


# ------------------------------------------------------------------ one page's time


def test_a_run_gets_what_is_left_of_the_page_and_of_the_job() -> None:
    clock = FakeClock()
    job_end = 50.0
    budget = PageTime(30, lambda: job_end - clock(), clock)
    timeouts: list[float] = []

    def run(timeout: float) -> None:
        timeouts.append(timeout)
        clock.spend(12, timeout)

    budget.run(run)
    assert budget.affords() == (True, 18.0, 12.0)  # the longest run so far is the estimate
    budget.run(run)
    assert budget.affords() == (False, 6.0, 12.0)
    with pytest.raises(tess.TimedOut, match=r"timed out after 30 s, the time limit of one page"):
        budget.run(run)  # its own limit binds: the page's reason
    assert timeouts == [30, 18, 6]
    job_end = 35.0  # now the job's deadline comes first
    budget = PageTime(30, lambda: job_end - clock(), clock)
    with pytest.raises(OutOfTime):
        budget.run(run)  # 5 s left of the job: left for the continuation
    with pytest.raises(OutOfTime):
        budget.run(run)  # nothing left: not even started
    assert timeouts[-1] == 5


def test_extra_passes_that_do_not_fit_are_skipped_and_the_reading_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """A poor first reading calls for OSD, an orientation vote, a second strategy, skipped
    text and number fields read again: 8 s each here, within a page limit of 20 s."""
    clock = FakeClock()
    runs = fake_tesseract(monkeypatch, clock, lambda n: 8)
    page = read_page(PageTime(20, None, clock), str(tmp_path))
    assert page.error is None and page.text == weak_reading().text
    assert clock() <= 20, runs
    assert len(runs) == 2, runs  # the first reading and one pass more
    skipped = [n for n in page.notes if n.startswith("time limit:")]
    assert skipped and all("skipped" in n and "a pass takes 8.0 s" in n for n in skipped)


def test_passes_that_hang_cost_the_page_its_limit_not_more(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """Before, every run had the whole limit: six hanging passes took six limits."""
    clock = FakeClock()

    def cost(n: int) -> float:  # OSD (asked first or not, by the page) and the first reading
        return 1 if runs[n - 1] == "osd" or runs[:n].count("ocr") == 1 else 1000

    runs = fake_tesseract(monkeypatch, clock, cost)
    page = read_page(PageTime(20, None, clock), str(tmp_path))
    assert page.error is None and page.text == weak_reading().text
    assert clock() == 20, runs


def test_a_first_reading_over_the_limit_gives_the_page_its_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    clock = FakeClock()
    fake_tesseract(monkeypatch, clock, lambda n: 1000)
    page = read_page(PageTime(20, None, clock), str(tmp_path))
    assert page.error == (
        "page 1: timed out after 20 s, the time limit of one page (all its readings counted)"
    )
    assert page.text == "" and clock() == 20


def test_a_first_reading_cut_by_the_job_deadline_is_left_for_later(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    clock = FakeClock()
    fake_tesseract(monkeypatch, clock, lambda n: 30)
    with pytest.raises(OutOfTime):
        read_page(PageTime(60, lambda: 10 - clock(), clock), str(tmp_path))


# ------------------------------------------------------------------ the pages of a call


def fake_pages(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock, cost: Callable[[int], float], count: int
) -> list[int]:
    """A source of ``count`` blank pages whose reading (one Tesseract run under the page's
    budget) spends ``cost(index)`` seconds of the fake clock; returns the pages started."""
    started: list[int] = []

    class Src:
        def __init__(self) -> None:
            self.count = count

        def page(self, index: int) -> PageImage:
            return PageImage(Image.new("L", (10, 10), 255), 300)

        def close(self) -> None:
            pass

    def read(page: object, filename: str, index: int, opts: object, tmp: str, **kw: Any) -> Any:
        started.append(index)
        kw["budget"].run(lambda timeout: clock.spend(cost(index), timeout))
        return PageText(filename, index, f"page {index}", "ocr")

    monkeypatch.setattr(engine, "open_source", lambda *a, **k: Src())
    monkeypatch.setattr(engine, "detect", lambda *a, **k: "pdf")
    monkeypatch.setattr(engine, "ocr_page_image", read)
    return started


def test_pages_are_started_only_while_one_fits_before_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()
    started = fake_pages(monkeypatch, clock, lambda i: 10, 6)
    opts = OcrOptions(workers=1, page_timeout_s=60)
    pages = ocr_file(b"x", "s.pdf", options=opts, time_left=lambda: 35 - clock())
    assert [p.index for p in pages] == [1, 2, 3] == started  # 5 s left: a page takes 10
    assert clock() == 30


def test_a_page_the_deadline_cuts_is_left_out_and_no_other_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()
    started = fake_pages(monkeypatch, clock, lambda i: 30 if i == 3 else 10, 6)
    opts = OcrOptions(workers=1, page_timeout_s=60)
    pages = ocr_file(b"x", "s.pdf", options=opts, time_left=lambda: 35 - clock())
    assert [p.index for p in pages] == [1, 2] and started == [1, 2, 3]
    assert clock() == 35  # page 3 was stopped at the deadline


def test_the_first_page_is_read_whatever_the_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every call makes progress: a continuation never loops without reading."""
    clock = FakeClock()
    fake_pages(monkeypatch, clock, lambda i: 10, 4)
    opts = OcrOptions(workers=2, page_timeout_s=60)
    pages = ocr_file(b"x", "s.pdf", options=opts, page_range=(2, 4), time_left=lambda: -5.0)
    assert [p.index for p in pages] == [2]


def test_without_a_deadline_every_page_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    fake_pages(monkeypatch, clock, lambda i: 50, 4)
    pages = ocr_file(b"x", "s.pdf", options=OcrOptions(workers=1, page_timeout_s=60))
    assert [p.index for p in pages] == [1, 2, 3, 4]
