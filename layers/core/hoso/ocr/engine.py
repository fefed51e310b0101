"""The OCR stage: file -> one PageText per page.

Pages run in parallel on a ThreadPoolExecutor of ``workers`` threads, each driving one
single-threaded tesseract subprocess (process-level parallelism without multiprocessing,
which needs /dev/shm and so breaks on AWS Lambda). Pages are streamed: a page is rendered
only when a worker is free, so at most ``workers`` page images are alive at once.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace

from PIL import Image

from hoso.errors import BadInput
from hoso.model import PageText, Word
from hoso.ocr import tess
from hoso.ocr.cards import Paper, find_papers, rectify
from hoso.ocr.image import (
    analyse,
    deskew,
    flatten_background,
    profile_orientation,
    rotate_clockwise,
    small_gray,
    uneven_background,
)
from hoso.ocr.leaders import remove_leaders
from hoso.ocr.numbers import reread_numbers
from hoso.ocr.options import OcrOptions
from hoso.ocr.quality import text_quality
from hoso.ocr.second import second_reading
from hoso.ocr.sniff import detect
from hoso.ocr.sources import PageImage, Source, open_source
from hoso.ocr.unread import read_skipped, reads_a_title

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
    dpi: int = 0
    quality: float = field(init=False)
    tokens: int = field(init=False)

    def __post_init__(self) -> None:
        q = text_quality(self.result.text)
        self.quality = q.score if q.words else 1.0
        self.tokens = q.words

    @property
    def score(self) -> float:
        """Mean word confidence discounted by the share of invalid syllables."""
        conf = self.result.confidence
        return 0.0 if conf is None else conf * self.quality

    @property
    def sideways(self) -> bool:
        """Most words of three letters or more are taller than wide (in the image that was
        read): Tesseract read text lines running up or down the image."""
        tall = wide = 0
        for w in self.result.words:
            if w.conf >= 50 and sum(ch.isalnum() for ch in w.text) >= 3:
                x0, y0, x1, y1 = w.bbox
                tall += y1 - y0 > x1 - x0
                wide += y1 - y0 <= x1 - x0
        return tall >= 3 and tall > 2 * wide

    @property
    def vote(self) -> float:
        """Score of a reading in an orientation election: :attr:`score`, discounted when
        fewer than 5 word tokens were read (a few confident specks prove nothing)."""
        return self.score * min(1.0, self.tokens / 5)


_QUARTERS = (0, 90, 180, 270)
_NOTHING_READ = 10.0  # a reading's vote under which nothing was read (see _Reader.flatten)
_ELECTION_PIXELS = 3_000_000  # larger images are read at half size for an election
_SMALL_PAPER_IN = 7.0  # a paper (or photo) at most this long, in inches: a card, not a page
_PAGE_LINES = 10  # a paper with this many text lines or more, each short, is a page
_PAGE_LINE = 0.018  # ... each under this share of the paper's long side
_ID1_MM = 85.6  # long side of an ID-1 card (citizen identity cards, driving licences)


class _Reader:
    """Orientation, deskew, Tesseract and second strategies for one image: a page, or a
    paper cut out of a photo (``paper``).

    Orientation (see :func:`_Reader.orient`): the text-line profile settles A4-like text
    pages it is sure about (a few ms); other images ask Tesseract OSD (not on cut-out
    cards, where it was confidently wrong on every back side tried) and, when OSD is
    unsure or disagrees with the profile, or the first reading is poor, the orientation is
    decided by reading: the candidates are read and the best-scoring reading wins. Psm 3
    reads text lines running up or down the image too, so a reading cannot tell a quarter
    turn from the right one: when its words stand on end the two orientations across are
    put to the vote (:meth:`_Reader.turn_sideways`). Dotted guide lines are painted over
    before any reading (:mod:`hoso.ocr.leaders`).
    """

    def __init__(
        self,
        image: Image.Image,
        small: Image.Image,
        dpi: int,
        opts: OcrOptions,
        tmp: str,
        notes: list[str],
        *,
        paper: bool = False,
    ) -> None:
        self.orig, self.small, self.dpi = image, small, dpi
        self.opts, self.tmp, self.notes, self.paper = opts, tmp, notes, paper
        # a card cut out of a photo: its patterned background is not uneven light, and it
        # has no dotted guide lines; a page cut out of a photo has both like any page
        self.card = paper and max(image.size) <= _SMALL_PAPER_IN * dpi
        self.osd_done = False
        self.blank = False
        self.flat = False  # background divided out before reading (see :meth:`flatten`)
        self._angles: dict[int, float] = {}

    # -- tesseract
    def run(self, image: Image.Image, psm: int, run_dpi: int) -> tess.OcrResult:
        path = tess.write_image(image, self.tmp)
        try:
            return tess.ocr(
                path,
                lang=self.opts.lang,
                psm=psm,
                dpi=run_dpi,
                timeout=self.opts.page_timeout_s,
                cmd=self.opts.tesseract_cmd,
            )
        finally:
            tess.remove_quietly(path)

    def read_chars(self, image: Image.Image) -> list[tess.Char]:
        """A digits-only reading with character boxes (number fields read again)."""
        langs = tess.languages(self.opts.tesseract_cmd)
        lang = self.opts.number_lang if self.opts.number_lang in langs else self.opts.lang
        path = tess.write_image(image, self.tmp)
        try:
            return tess.ocr_chars(
                path,
                lang=lang,
                psm=6,
                dpi=300,
                timeout=self.opts.page_timeout_s,
                cmd=self.opts.tesseract_cmd,
                whitelist="0123456789",
            )
        finally:
            tess.remove_quietly(path)

    def numbers(self, attempt: _Attempt) -> _Attempt:
        """The final reading with its number fields read again on their own (a failure
        there keeps the reading as it was)."""
        if not self.opts.reread_numbers or not attempt.result.words:
            return attempt
        try:
            res = reread_numbers(attempt.image, attempt.result, self.read_chars, self.notes)
        except tess.TesseractFailed as exc:
            self.notes.append(f"number re-read failed ({exc}); first reading kept")
            return attempt
        if res is attempt.result:
            return attempt
        return replace(attempt, result=res)

    def second(self, attempt: _Attempt) -> _Attempt:
        """The final reading with its unsure words with digits read by a second reader
        (:mod:`hoso.ocr.second`); a failure there keeps the reading as it was."""
        if not self.opts.second_reading or not attempt.result.words:
            return attempt
        try:
            res = second_reading(attempt.image, attempt.result, self.notes)
        except Exception as exc:  # the network's runtime, not the page: keep Tesseract's
            self.notes.append(f"second reading failed ({type(exc).__name__}); first kept")
            return attempt
        return attempt if res is attempt.result else replace(attempt, result=res)

    def skipped(self, attempt: _Attempt) -> _Attempt:
        """The final reading with the blocks of text it skipped read again
        (:mod:`hoso.ocr.unread`): always on a small paper (a card), on a page only when no
        title was read (a title taken for a picture); other pages are left as read."""
        dpi = attempt.dpi or self.dpi
        page = max(attempt.image.size) > _SMALL_PAPER_IN * dpi
        if self.blank or (page and reads_a_title(attempt.result)):
            return attempt
        try:
            res = read_skipped(
                attempt.image,
                attempt.result,
                lambda im: self.run(im, 6, dpi),
                self.notes,
                coarse=page,
            )
        except tess.TesseractFailed as exc:
            self.notes.append(f"skipped text not read again ({exc})")
            return attempt
        return attempt if res is attempt.result else replace(attempt, result=res)

    def ask_osd(self) -> int | None:
        """Clockwise rotation OSD is confident about, else None."""
        self.osd_done = True
        dpi = self.dpi
        half = self.orig.reduce(2) if dpi >= 250 else self.orig  # OSD is as good at half size
        path = tess.write_image(half, self.tmp)
        try:
            rot, conf = tess.osd(
                path,
                dpi=dpi // 2 if dpi >= 250 else dpi,
                timeout=self.opts.page_timeout_s,
                cmd=self.opts.tesseract_cmd,
            )
        finally:
            tess.remove_quietly(path)
        if conf >= self.opts.osd_min_confidence:
            self.notes.append(f"orientation: OSD says {rot}° (OSD confidence {conf:.1f})")
            return rot
        self.notes.append(f"orientation unsure (OSD says {rot}° with confidence {conf:.1f})")
        return None

    # -- geometry
    def angle(self, rotation: int) -> float:
        """Deskew angle after a quarter-turn rotation (a half turn keeps the angle)."""
        axis = rotation % 180
        if axis not in self._angles:
            image = rotate_clockwise(self.orig, axis)
            layout = analyse(small_gray(image, self.dpi), self.opts.deskew_max_angle)
            self._angles[axis] = layout.angle if layout.ink >= _BLANK_INK else 0.0
        return self._angles[axis]

    def prepare(self, rotation: int, note: bool = True) -> Image.Image:
        """Rotate by quarter turns, then deskew."""
        image = rotate_clockwise(self.orig, rotation)
        angle = self.angle(rotation)
        if abs(angle) >= self.opts.deskew_min_angle:
            if note and not any(n.startswith("deskewed") for n in self.notes):
                self.notes.append(f"deskewed {angle:+.2f}°")
            image = deskew(image, angle)
        return image

    def flatten(self, attempts: list[_Attempt]) -> bool:
        """Nothing readable in any attempt on a page with ink (no word, or only garbage:
        score under 10): shadows, uneven light or grey toner defeat Tesseract's global
        threshold (whole photocopies came out so in both orientations). From then on the
        background is divided out before every reading; True when that is new, so the
        readings are worth doing again."""
        if self.flat or self.blank or any(a.vote >= _NOTHING_READ for a in attempts):
            return False
        self.flat = True
        self.orig = flatten_background(self.orig)
        self.notes.append("nothing read: background flattened (shadows, grey toner)")
        return True

    def read(self, rotation: int, label: str, psm: int = 3) -> _Attempt:
        work = self.prepare(rotation)
        attempt = _Attempt(self.run(work, psm, self.dpi), work, rotation, label, self.dpi)
        if self.flatten([attempt]):
            return self.read(rotation, label, psm)
        return attempt

    # -- orientation
    def orient(self) -> _Attempt:
        """The first reading, in the orientation decided as described in the class notes."""
        opts = self.opts
        layout = analyse(self.small, opts.deskew_max_angle)
        self._angles[0] = layout.angle if layout.ink >= _BLANK_INK else 0.0
        if layout.ink < _BLANK_INK:
            self.blank = True
            self.notes.append("blank page")
            return self.read(0, "psm 3")
        if not self.card and uneven_background(self.small):
            # Tesseract's one threshold turns the darker patches to ink: it then reads some
            # lines, confidently, and loses the others
            self.flat = True
            self.orig = flatten_background(self.orig)
            self.notes.append("uneven background: flattened before reading")
        if not self.card:  # dotted guide lines: Tesseract reads them, and loses words
            self.orig, note = remove_leaders(
                self.orig, self.dpi, self.small, vertical=layout.vertical
            )
            self.notes.extend([note] if note else [])
        small_dpi = self.dpi / max(1, round(self.dpi / 100))
        verdict = profile_orientation(self.small, layout, opts.deskew_max_angle, small_dpi)
        if verdict.trusted and not self.paper:
            if verdict.rotation:
                self.notes.append(f"orientation: rotated {verdict.rotation}° (text-line profile)")
            first = self.read(verdict.rotation, "psm 3")
            if not self.weak(first):
                return first
            # a poor reading: re-check with OSD, then by reading
            rot = self.ask_osd()
            if rot is not None and rot != first.rotation:
                first = _pick(first, self.read(rot, f"{rot}°"), self.notes)
            if self.weak(first):  # still poor: the profile may be wrong, the others vote too
                votes = [first.rotation, 0, (verdict.rotation + 180) % 360]
                votes += [(first.rotation + 180) % 360, *([] if rot is None else [rot])]
                first = self.elect(list(dict.fromkeys(votes)), first)
            return first
        if self.paper:
            self.notes.append("orientation: a paper cut out of a photo, decided by reading")
        else:
            why = verdict.why or "no clear up/down evidence"
            self.notes.append(f"orientation: text-line profile not trusted ({why})")
        if verdict.axis == "horizontal":
            candidates = [0, 180]
        elif verdict.axis == "vertical":
            candidates = [90, 270]
        else:
            candidates = list(_QUARTERS)
        if verdict.rotation in candidates:  # the profile's guess first: it wins ties
            candidates.remove(verdict.rotation)
            candidates.insert(0, verdict.rotation)
        if verdict.sure and len(candidates) == 2 and verdict.rotation in candidates:
            # the profile's guess, confirmed by its reading (upside-down text never reads
            # well: 10-16 against 75-90 on the test cards) or else put to the vote
            first = self.read(verdict.rotation, "psm 3")
            if not self.weak(first):
                self.notes.append(
                    f"orientation: {verdict.rotation}° (text-line profile, confirmed by "
                    f"reading: score {first.score:.0f})"
                )
                return first
            return self.elect(candidates, first)
        if not self.paper:
            rot = self.ask_osd()
            if rot is not None and rot not in candidates:  # OSD is sure, the text direction
                candidates.insert(0, rot)  # guessed from the profiles less so: all vote
            agrees = not verdict.sure or verdict.rotation == rot
            if rot is not None and rot in candidates and agrees:
                first = self.read(rot, "psm 3")
                if not self.weak(first):
                    self.notes.append(
                        f"orientation: {rot}° (OSD, confirmed by reading: score {first.score:.0f})"
                    )
                    return first
                return self.elect([rot, *(c for c in candidates if c != rot)], first)
            if rot is not None and rot in candidates:
                candidates.remove(rot)
                candidates.insert(0, rot)
        return self.elect(candidates)

    def elect(self, candidates: list[int], known: _Attempt | None = None) -> _Attempt:
        """Decide the orientation by reading: read the image in each candidate orientation
        and keep the best :attr:`_Attempt.vote` (earlier candidates win ties).

        Two candidates (the text direction is known): plain psm 3 readings, and the winner
        is the final reading. Four candidates: psm 11 (sparse text) readings, because
        psm 3 finds vertical text lines by itself and reads a quarter-turned card as well
        as an upright one; the winner is then read with psm 3. Images over 3 megapixels
        are read at half size for the vote, then the winner at full size (unless a full
        size reading ``known`` is already there: the other candidate is then read at full
        size too).
        """
        t0 = time.perf_counter()
        psm = 3 if len(candidates) <= 2 else 11
        big = (
            self.orig.width * self.orig.height > _ELECTION_PIXELS
            and self.dpi >= 250
            and (known is None or psm == 11)
        )
        attempts: list[_Attempt] = []
        for rot in candidates:
            if known is not None and known.rotation == rot and psm == 3 and not big:
                attempts.append(known)
                continue
            work = self.prepare(rot, note=False)
            run_dpi = self.dpi
            if big:
                work, run_dpi = work.reduce(2), self.dpi // 2
            attempts.append(_Attempt(self.run(work, psm, run_dpi), work, rot, f"{rot}°", run_dpi))
        if self.flatten(attempts):
            return self.elect(candidates)
        best = max(attempts, key=lambda a: a.vote)  # max keeps the first of equals
        votes = ", ".join(f"{a.rotation}° {a.vote:.0f}" for a in attempts)
        how = f"psm {psm}{' at half size' if big else ''}"
        self.notes.append(
            f"orientation: {best.rotation}° decided by reading ({how}: {votes}; "
            f"{time.perf_counter() - t0:.2f} s)"
        )
        if psm == 3 and not big:
            final = best
        elif known is not None and known.rotation == best.rotation:
            final = known
        else:
            final = self.read(best.rotation, "psm 3")
        final.label = "psm 3"
        return final

    def turn_sideways(self, attempt: _Attempt) -> _Attempt:
        """A reading whose words stand on end: Tesseract found the text lines running up
        or down the image and read them anyway, so reading could not tell this orientation
        from the right one a quarter turn away. The two orientations across are put to the
        vote; the sideways reading stays when they read no better."""
        across = [(attempt.rotation + 90) % 360, (attempt.rotation + 270) % 360]
        self.notes.append(
            f"orientation: words read at {attempt.rotation}° stand on end: "
            f"{across[0]}° and {across[1]}° put to the vote"
        )
        other = self.elect(across)
        if other.sideways or other.vote < 0.8 * attempt.vote:
            self.notes.append(f"orientation: kept {attempt.rotation}°")
            return attempt
        return other

    def weak(self, attempt: _Attempt) -> bool:
        """Worth a second strategy: low confidence, or no word at all on a page with ink
        (poor photocopies and phone photos often give psm 3 nothing to segment)."""
        if not attempt.result.words:
            return not self.blank
        return attempt.score < self.opts.low_conf_retry_below

    # -- the whole reading
    def best(self) -> _Attempt:
        """Orientation, then second strategies for poor readings (a failure in those keeps
        the first result). Raises tess.TesseractFailed when the first reading fails."""
        best = self.orient()
        if best.sideways:
            best = self.turn_sideways(best)
        opts, notes = self.opts, self.notes
        try:
            if self.weak(best):
                base, dpi = best.image, self.dpi
                if dpi < 0.9 * opts.target_dpi:
                    scale = opts.target_dpi / dpi
                    up = base.resize(
                        (round(base.width * scale), round(base.height * scale)),
                        Image.Resampling.BICUBIC,
                    )
                    res = self.run(up, 3, opts.target_dpi)
                    other = _Attempt(res, up, best.rotation, "upscaled", opts.target_dpi)
                else:
                    other = _Attempt(self.run(base, 6, dpi), base, best.rotation, "psm 6", dpi)
                best = _pick(best, other, notes)
            if self.weak(best) and not best.result.words and not self.flat:
                # still nothing: shadows or grey toner defeat Tesseract's thresholding
                flat = flatten_background(best.image)
                res = self.run(flat, 3, self.dpi)
                best = _pick(best, _Attempt(res, flat, best.rotation, "flattened", self.dpi), notes)
                if self.weak(best) and best.rotation != 0:  # perhaps the orientation was wrong
                    flat = flatten_background(self.prepare(0))
                    res = self.run(flat, 3, self.dpi)
                    best = _pick(best, _Attempt(res, flat, 0, "flattened 0°", self.dpi), notes)
        except tess.TesseractFailed as exc:
            notes.append(f"second strategy failed ({exc}); first result kept")
        return self.second(self.numbers(self.skipped(best)))


def ocr_page_image(
    page: PageImage, filename: str, index: int, opts: OcrOptions, tmp: str
) -> PageText:
    """Papers on a background, orientation, deskew, Tesseract, second strategies.

    A photo of papers on a background (ID cards on a table) has each paper cut out
    (:mod:`hoso.ocr.cards`) and read on its own; the texts are joined top to bottom, left
    to right, and the word boxes stacked as if the papers lay one under the other. Every
    other image is read whole. See :class:`_Reader` for the orientation.
    """
    notes = list(page.notes)
    dpi, orig = page.dpi, page.image
    small = small_gray(orig, dpi)
    papers = find_papers(small, orig.width / small.width)
    try:
        if papers:
            return _read_papers(page, papers, filename, index, opts, tmp, notes)
        best = _Reader(orig, small, dpi, opts, tmp, notes).best()
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
) -> PageText:
    """Read each paper found on a background; one PageText for the page."""
    dpi = page.dpi
    reads: list[tuple[Paper, _Attempt, list[str]]] = []
    for paper in papers:
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
        reader = _Reader(crop, small_gray(crop, crop_dpi), crop_dpi, opts, tmp, own, paper=True)
        reads.append((paper, reader.best(), own))
    rotations = [a.rotation for _, a, _ in reads]
    rotation = max(set(rotations), key=rotations.count)  # the photo's orientation
    reads.sort(key=_reading_order(page.image.size, rotation, [p for p, _, _ in reads]))
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


def _pick(first: _Attempt, second: _Attempt, notes: list[str]) -> _Attempt:
    keep = second if second.score > first.score else first
    notes.append(
        f"low confidence ({first.score:.1f}): retried {second.label} ({second.score:.1f}); "
        f"kept {keep.label}"
    )
    return keep
