"""The OCR stage: file -> one PageText per page.

Pages run in parallel on a ThreadPoolExecutor of ``workers`` threads, each driving one
single-threaded tesseract subprocess (process-level parallelism without multiprocessing,
which needs /dev/shm and so breaks on AWS Lambda). Pages are streamed: a page is rendered
only when a worker is free, so at most ``workers`` page images are alive at once.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from PIL import Image

from hoso.errors import BadInput
from hoso.model import PageText
from hoso.ocr import tess
from hoso.ocr.image import (
    analyse,
    deskew,
    flatten_background,
    orientation_guess,
    rotate_clockwise,
    small_gray,
)
from hoso.ocr.options import OcrOptions
from hoso.ocr.quality import text_quality
from hoso.ocr.sniff import detect
from hoso.ocr.sources import PageImage, Source, open_source

_BLANK_INK = 0.0005  # share of ink pixels below which a page is blank


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
) -> list[PageText]:
    """Text of every page (or of ``page_range``, 1-based inclusive) of one uploaded file.

    Raises BadInput for file-level problems; a page that fails (tesseract crash, timeout,
    unrenderable content) gets ``error`` set while the other pages go on.
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
        return _run_pages(source, filename, indices, opts)
    finally:
        source.close()


def _run_pages(
    source: Source, filename: str, indices: list[int], opts: OcrOptions
) -> list[PageText]:
    if not indices:
        return []
    workers = min(opts.n_workers(), len(indices))
    tess.ensure_env(opts.tesseract_cmd)  # before any thread starts: putenv is not thread-safe
    results: dict[int, PageText] = {}
    todo: Iterator[int] = iter(indices)
    with (
        tempfile.TemporaryDirectory(prefix="hoso-ocr-") as tmp,
        ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hoso-ocr") as pool,
    ):
        pending: dict[Future[PageText], int] = {}

        def submit_next() -> None:
            idx = next(todo, None)
            if idx is not None:
                pending[pool.submit(_one_page, source, filename, idx, opts, tmp)] = idx

        for _ in range(workers):
            submit_next()
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    idx = pending.pop(fut)
                    results[idx] = fut.result()  # BadInput propagates (file-level)
                    submit_next()
        except BaseException:
            for fut in pending:
                fut.cancel()
            raise
    return [results[i] for i in indices]


def _one_page(source: Source, filename: str, index: int, opts: OcrOptions, tmp: str) -> PageText:
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
    page = ocr_page_image(got, filename, index, opts, tmp)
    page.seconds = round(time.perf_counter() - t0, 3)
    return page


@dataclass
class _Attempt:
    result: tess.OcrResult
    image: Image.Image
    rotation: int
    label: str
    quality: float = field(init=False)

    def __post_init__(self) -> None:
        q = text_quality(self.result.text)
        self.quality = q.score if q.words else 1.0

    @property
    def score(self) -> float:
        """Mean word confidence discounted by the share of invalid syllables."""
        conf = self.result.confidence
        return 0.0 if conf is None else conf * self.quality


def ocr_page_image(
    page: PageImage, filename: str, index: int, opts: OcrOptions, tmp: str
) -> PageText:
    """Orientation, deskew, Tesseract, and a second strategy for poor pages.

    Orientation: a text-line profile test (a few ms, see :mod:`hoso.ocr.image`) settles
    clear cases; Tesseract OSD (about 0.7 s) decides unclear ones and re-checks any page
    whose OCR comes out poor. A rotation is applied only when OSD's confidence reaches
    ``osd_min_confidence`` (or the profile test is unambiguous).
    """
    notes = list(page.notes)
    dpi = page.dpi
    orig = page.image
    osd_done = False

    def run(image: Image.Image, psm: int, run_dpi: int) -> tess.OcrResult:
        path = tess.write_image(image, tmp)
        try:
            return tess.ocr(
                path,
                lang=opts.lang,
                psm=psm,
                dpi=run_dpi,
                timeout=opts.page_timeout_s,
                cmd=opts.tesseract_cmd,
            )
        finally:
            tess.remove_quietly(path)

    def ask_osd() -> int | None:
        """Clockwise rotation OSD is confident about, else None."""
        nonlocal osd_done
        osd_done = True
        half = orig.reduce(2) if dpi >= 250 else orig  # OSD is as good at half size
        path = tess.write_image(half, tmp)
        try:
            rot, conf = tess.osd(
                path,
                dpi=dpi // 2 if dpi >= 250 else dpi,
                timeout=opts.page_timeout_s,
                cmd=opts.tesseract_cmd,
            )
        finally:
            tess.remove_quietly(path)
        if conf >= opts.osd_min_confidence:
            if rot:
                notes.append(f"orientation: rotated {rot}° (OSD confidence {conf:.1f})")
            return rot
        notes.append(f"orientation unsure (OSD says {rot}° with confidence {conf:.1f}); kept")
        return None

    def prepare(rotation: int, angle: float | None = None) -> Image.Image:
        """Rotate by quarter turns, then deskew (``angle`` if already known)."""
        image = rotate_clockwise(orig, rotation)
        if angle is None:
            layout = analyse(small_gray(image, dpi), opts.deskew_max_angle)
            angle = layout.angle if layout.ink >= _BLANK_INK else 0.0
        if abs(angle) >= opts.deskew_min_angle:
            notes.append(f"deskewed {angle:+.2f}°")
            image = deskew(image, angle)
        return image

    try:
        small = small_gray(orig, dpi)
        layout = analyse(small, opts.deskew_max_angle)
        rotation = 0
        if layout.ink < _BLANK_INK:
            notes.append("blank page")
        else:
            guess, sure = orientation_guess(small, layout, opts.deskew_max_angle)
            if sure and guess:
                notes.append(f"orientation: rotated {guess}° (text-line profile)")
                rotation = guess
            elif not sure:
                rotation = ask_osd() or 0
        # a half turn keeps the skew angle; a quarter turn needs a fresh estimate
        known = layout.angle if layout.ink >= _BLANK_INK else 0.0
        work = prepare(rotation, known if rotation in (0, 180) else None)
        best = _Attempt(run(work, 3, dpi), work, rotation, "psm 3")
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
    blank = layout.ink < _BLANK_INK

    def weak(attempt: _Attempt) -> bool:
        """Worth a second strategy: low confidence, or no word at all on a page with ink
        (poor photocopies and phone photos often give psm 3 nothing to segment)."""
        if not attempt.result.words:
            return not blank
        return attempt.score < opts.low_conf_retry_below

    try:  # second strategies: a failure here keeps the first result
        if weak(best) and not osd_done:
            rot = ask_osd()
            if rot is not None and rot != rotation:
                turned = prepare(rot)
                best = _pick(best, _Attempt(run(turned, 3, dpi), turned, rot, f"{rot}°"), notes)
        if weak(best):
            base = best.image
            if dpi < 0.9 * opts.target_dpi:
                scale = opts.target_dpi / dpi
                up = base.resize(
                    (round(base.width * scale), round(base.height * scale)),
                    Image.Resampling.BICUBIC,
                )
                other = _Attempt(run(up, 3, opts.target_dpi), up, best.rotation, "upscaled")
            else:
                other = _Attempt(run(base, 6, dpi), base, best.rotation, "psm 6")
            best = _pick(best, other, notes)
        if weak(best) and not best.result.words:
            # still nothing: shadows or grey toner defeat Tesseract's thresholding
            flat = flatten_background(best.image)
            best = _pick(best, _Attempt(run(flat, 3, dpi), flat, best.rotation, "flattened"), notes)
            if weak(best) and best.rotation != 0:  # perhaps the orientation guess was wrong
                flat = flatten_background(prepare(0))
                best = _pick(best, _Attempt(run(flat, 3, dpi), flat, 0, "flattened 0°"), notes)
    except tess.TesseractFailed as exc:
        notes.append(f"second strategy failed ({exc}); first result kept")
    res = best.result
    conf = res.confidence
    if not res.words:
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
        dpi=dpi if best.label != "upscaled" else opts.target_dpi,
        words=res.words,
        notes=notes,
    )


def _pick(first: _Attempt, second: _Attempt, notes: list[str]) -> _Attempt:
    keep = second if second.score > first.score else first
    notes.append(
        f"low confidence ({first.score:.1f}): retried {second.label} ({second.score:.1f}); "
        f"kept {keep.label}"
    )
    return keep
