"""The OCR stage: file -> one PageText per page.

Pages run in parallel on a ThreadPoolExecutor of ``workers`` threads, each driving one
single-threaded tesseract subprocess (process-level parallelism without multiprocessing,
which needs /dev/shm and so breaks on AWS Lambda). Pages are streamed: a page is rendered
only when a worker is free, so at most ``workers`` page images are alive at once.

Time: every page has ``page_timeout_s`` for all its readings (:mod:`hoso.ocr.budget`). With
a deadline (``time_left``), a page is started only while a page as long as the longest so far
still fits, and a page the deadline cuts before its first reading is left out of the result
(the caller reads it later); the first page is always read, so every call makes progress.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from functools import cache

import numpy  # noqa: F401  (loaded before its BLAS pool is limited: see _one_blas_thread)
from PIL import Image
from threadpoolctl import threadpool_limits

from hoso.errors import BadInput
from hoso.model import PageText, Word
from hoso.ocr import tess
from hoso.ocr.attempt import _Attempt
from hoso.ocr.budget import OutOfTime, PageTime, TimeLeft
from hoso.ocr.cards import Paper, find_papers, rectify
from hoso.ocr.image import analyse, small_gray
from hoso.ocr.options import OcrOptions
from hoso.ocr.reader import _Reader
from hoso.ocr.sniff import detect
from hoso.ocr.sources import PageImage, Source, open_source

_PAGE_LINES = 10  # a paper with this many text lines or more, each short, is a page
_PAGE_LINE = 0.018  # ... each under this share of the paper's long side
_ID1_MM = 85.6  # long side of an ID-1 card (citizen identity cards, driving licences)
_MIN_PAGE_S = 2.0  # with a deadline: a page is assumed to take at least this long


def count_pages(data: bytes, filename: str) -> int:
    """Number of pages (PDF pages, TIFF frames; 1 for JPEG/PNG). Raises BadInput."""
    source = open_source(detect(data, filename), data, filename, OcrOptions())
    try:
        return source.count
    finally:
        source.close()


def ocr_file(
    data: bytes,
    filename: str,
    *,
    options: OcrOptions | None = None,
    page_range: tuple[int, int] | None = None,
    time_left: TimeLeft | None = None,
) -> list[PageText]:
    """Text of every page (or of ``page_range``, 1-based inclusive) of one uploaded file.

    Raises BadInput for file-level problems; a page that fails (tesseract crash, its time
    limit, unrenderable content) gets ``error`` set while the other pages go on.
    ``time_left``: seconds before the caller must stop; the pages it leaves no time for are
    missing from the result, in order (the first page is always there).
    """
    opts = options or OcrOptions()
    source = open_source(detect(data, filename), data, filename, opts)
    try:
        first, last = 1, source.count
        if page_range is not None:
            first, last = page_range
            if first < 1 or last < first:
                raise ValueError(f"invalid page_range {page_range!r} (1-based, inclusive)")
            last = min(last, source.count)
        indices = list(range(first, last + 1))
        return _run_pages(source, filename, indices, opts, time_left)
    finally:
        source.close()


def _run_pages(
    source: Source,
    filename: str,
    indices: list[int],
    opts: OcrOptions,
    time_left: TimeLeft | None = None,
) -> list[PageText]:
    if not indices:
        return []
    workers = min(opts.n_workers(), len(indices))
    tess.ensure_env(opts.tesseract_cmd)  # before any thread starts: putenv is not thread-safe
    _one_blas_thread()
    results: dict[int, PageText] = {}
    todo: Iterator[int] = iter(indices)
    started: dict[int, float] = {}  # time_left() when each page started
    longest = 0.0  # the longest page so far (seconds of time_left)
    stopped = False  # the deadline is near: no page is started any more
    with (
        tempfile.TemporaryDirectory(prefix="hoso-ocr-") as tmp,
        ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hoso-ocr") as pool,
    ):
        pending: dict[Future[PageText], int] = {}

        def submit_next() -> None:
            nonlocal stopped
            idx = None if stopped else next(todo, None)
            if idx is None:
                return
            deadline = None  # the first page is read whatever the time: progress
            if time_left is not None:
                left = started[idx] = time_left()
                if idx != indices[0]:
                    need = max(longest, _MIN_PAGE_S) if results else opts.page_timeout_s
                    if left < min(need, opts.page_timeout_s):
                        stopped = True
                        return
                    deadline = time_left
            fut = pool.submit(_one_page, source, filename, idx, opts, tmp, deadline)
            pending[fut] = idx

        for _ in range(workers):
            submit_next()
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    idx = pending.pop(fut)
                    try:
                        results[idx] = fut.result()  # BadInput propagates (file-level)
                    except OutOfTime:  # left for the caller to read later
                        stopped = True
                    if time_left is not None:
                        longest = max(longest, started[idx] - time_left())
                    submit_next()
        except BaseException:
            for fut in pending:
                fut.cancel()
            raise
    return [results[i] for i in indices if i in results]


@cache
def _one_blas_thread() -> None:
    """numpy's BLAS (OpenBLAS) on one thread, for the life of the process. Pages already
    run one per core; a BLAS pool on top (the digit classifier's matrix products in
    :mod:`hoso.ocr.digits`) waits for cores Tesseract is reading on, and its threads spin
    while they wait: with both cores busy, 12 glyphs took 14 ms instead of 1.8 ms, and
    hoso's own CPU on 16 hand-filled pages fell from 5.9 s to 3.7 s with one thread."""
    threadpool_limits(limits=1, user_api="blas")


def _one_page(
    source: Source,
    filename: str,
    index: int,
    opts: OcrOptions,
    tmp: str,
    time_left: TimeLeft | None = None,
) -> PageText:
    t0 = time.perf_counter()
    try:
        got = source.page(index)
    except BadInput:
        raise
    except Exception as exc:  # a broken page object, a render failure
        return PageText(
            file=filename,
            index=index,
            text="",
            method="none",
            error=f"page {index} could not be read: {type(exc).__name__}: {exc}"[:500],
            seconds=round(time.perf_counter() - t0, 3),
        )
    if isinstance(got, PageText):
        got.seconds = round(time.perf_counter() - t0, 3)
        return got
    budget = PageTime(opts.page_timeout_s, time_left)
    page = ocr_page_image(got, filename, index, opts, tmp, budget=budget)
    page.seconds = round(time.perf_counter() - t0, 3)
    return page


def ocr_page_image(
    page: PageImage,
    filename: str,
    index: int,
    opts: OcrOptions,
    tmp: str,
    *,
    budget: PageTime | None = None,
) -> PageText:
    """Papers on a background, orientation, deskew, Tesseract, second strategies.

    A photo of papers on a background (ID cards on a table) has each paper cut out
    (:mod:`hoso.ocr.cards`) and read on its own; the texts are joined top to bottom, left
    to right, and the word boxes stacked as if the papers lay one under the other. Every
    other image is read whole. See :mod:`hoso.ocr.orient` for the orientation.

    ``budget``: what the page may spend (default: ``opts.page_timeout_s``, no deadline).
    Raises OutOfTime when the deadline comes before a first reading.
    """
    notes = list(page.notes)
    dpi, orig = page.dpi, page.image
    budget = budget or PageTime(opts.page_timeout_s)
    small = small_gray(orig, dpi)
    papers = find_papers(small, orig.width / small.width)
    try:
        if papers:
            return _read_papers(page, papers, filename, index, opts, tmp, notes, budget)
        best = _Reader(orig, small, dpi, opts, tmp, notes, budget=budget).best()
    except OutOfTime:
        raise
    except tess.TesseractFailed as exc:
        return PageText(
            file=filename,
            index=index,
            text="",
            method="ocr",
            width=float(orig.width),
            height=float(orig.height),
            dpi=dpi,
            error=f"page {index}: {exc}"[:500],
            notes=notes,
        )
    res = best.result
    conf = res.confidence
    if not res.words and "blank page" not in notes:
        notes.append("no text found")
    return PageText(
        file=filename,
        index=index,
        text=res.text,
        method="ocr",
        confidence=round(conf, 2) if conf is not None else None,
        rotation=best.rotation,
        width=float(best.image.width),
        height=float(best.image.height),
        dpi=best.dpi or dpi,
        words=res.words,
        notes=notes,
    )


def _read_papers(
    page: PageImage,
    papers: list[Paper],
    filename: str,
    index: int,
    opts: OcrOptions,
    tmp: str,
    notes: list[str],
    budget: PageTime,
) -> PageText:
    """Read each paper found on a background; one PageText for the page (the papers the
    page's time leaves no room for are left unread, and the page says so)."""
    reads: list[tuple[Paper, _Attempt, list[str]]] = []
    for k, paper in enumerate(papers, 1):
        if reads:
            fits, left, need = budget.affords()
            if not fits:
                notes.append(
                    f"time limit: papers {k} to {len(papers)} of {len(papers)} not read "
                    f"({left:.1f} s left, a pass takes {need:.1f} s)"
                )
                break
        try:
            reads.append(_read_paper(page, paper, opts, tmp, budget))
        except tess.TesseractFailed as exc:
            if not reads:  # the page has no reading: it fails (or waits, OutOfTime)
                raise
            notes.append(f"paper {k} of {len(papers)} not read ({exc}); the others kept")
            break
    rotations = [a.rotation for _, a, _ in reads]
    rotation = max(set(rotations), key=rotations.count)  # the photo's orientation
    reads.sort(key=_reading_order(page.image.size, rotation, [p for p, _, _ in reads]))
    return _joined(reads, rotation, filename, index, notes)


def _read_paper(
    page: PageImage, paper: Paper, opts: OcrOptions, tmp: str, budget: PageTime
) -> tuple[Paper, _Attempt, list[str]]:
    """One paper cut out of the photo and read on its own, with its own notes."""
    dpi = page.dpi
    crop = rectify(page.image, paper)
    width, height = paper.size
    own = [
        f"found on a background: {width:.0f} x {height:.0f} px "
        f"({width / dpi * 25.4:.0f} x {height / dpi * 25.4:.0f} mm), tilted "
        f"{paper.tilt:+.1f}°, cut out and straightened"
    ]
    crop_dpi = dpi
    long_side = max(width, height)
    if 1.5 <= long_side / max(1.0, min(width, height)) <= 1.68 and _card_text(crop, dpi):
        # an ID-1 card (85.6 x 54 mm): its size is known even when the photo's
        # resolution is not (a phone photo assumed to be A4 is blown up 3-4 times)
        card_dpi = long_side / (_ID1_MM / 25.4)
        if not 0.8 <= card_dpi / opts.target_dpi <= 1.25:
            scale = opts.target_dpi / card_dpi
            crop = crop.resize(
                (round(crop.width * scale), round(crop.height * scale)),
                Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC,
            )
            crop_dpi = opts.target_dpi
            own.append(
                f"card-sized (ID-1 proportions): read at {crop_dpi} dpi for 85.6 mm "
                f"(was {card_dpi:.0f})"
            )
    reader = _Reader(
        crop, small_gray(crop, crop_dpi), crop_dpi, opts, tmp, own, paper=True, budget=budget
    )
    return paper, reader.best(), own


def _joined(
    reads: list[tuple[Paper, _Attempt, list[str]]],
    rotation: int,
    filename: str,
    index: int,
    notes: list[str],
) -> PageText:
    """The papers' readings as one page: texts joined, word boxes stacked as if the papers
    lay one under the other, in reading order."""
    words: list[Word] = []
    texts: list[str] = []
    top, width, line_base = 0.0, 0.0, 0
    for k, (_paper, attempt, own) in enumerate(reads, 1):
        prefix = "paper" if len(reads) == 1 else f"paper {k} of {len(reads)}"
        notes.extend(f"{prefix}: {n}" for n in own)
        res = attempt.result
        lines = max((w.line for w in res.words), default=0)
        for w in res.words:
            x0, y0, x1, y1 = w.bbox
            words.append(replace(w, bbox=(x0, y0 + top, x1, y1 + top), line=w.line + line_base))
        texts.append(res.text)
        line_base += lines
        top += attempt.image.height
        width = max(width, float(attempt.image.width))
    confs = [w.conf for w in words]
    if not words:
        notes.append("no text found")
    return PageText(
        file=filename,
        index=index,
        text="\n\n".join(t for t in texts if t),
        method="ocr",
        confidence=round(sum(confs) / len(confs), 2) if confs else None,
        rotation=rotation,
        width=width,
        height=top,
        dpi=max(a.dpi for _, a, _ in reads),
        words=words,
        notes=notes,
    )


def _card_text(crop: Image.Image, dpi: int) -> bool:
    """Text set like a card's, not a page's: a paper of ID-1 proportions may also be a
    page photographed at a slant (its cut-out comes out longer than A4). A card holds a
    few lines of text, each about 2% of its long side or more; a page holds many, each
    under 1.8% (measured over 120 card photos and the pages among them)."""
    small = small_gray(crop, dpi)
    layout = analyse(small)
    if layout.vertical:  # lines running up or down: count them across
        small = small.transpose(Image.Transpose.ROTATE_90)
        layout = analyse(small)
    page_like = layout.lines >= _PAGE_LINES and layout.line_height < _PAGE_LINE * max(small.size)
    return not page_like


def _reading_order(
    size: tuple[int, int], rotation: int, papers: list[Paper]
) -> Callable[[tuple[Paper, _Attempt, list[str]]], tuple[int, float]]:
    """Sort key putting papers top to bottom, then left to right, as seen once the photo
    is turned upright (papers whose centres are within half a paper's height share a row)."""
    w, h = size

    def upright(p: Paper) -> tuple[float, float]:
        x, y = p.centre
        return {0: (x, y), 90: (h - y, x), 180: (w - x, h - y), 270: (y, w - x)}[rotation]

    heights = [min(p.size) for p in papers]
    band = 0.5 * min(heights) if heights else 1.0
    ys = sorted(upright(p)[1] for p in papers)
    rows: list[float] = []
    for y in ys:
        if not rows or y - rows[-1] > band:
            rows.append(y)

    def key(item: tuple[Paper, _Attempt, list[str]]) -> tuple[int, float]:
        x, y = upright(item[0])
        row = max(i for i, r in enumerate(rows) if r <= y + 1e-6)
        return row, x

    return key
