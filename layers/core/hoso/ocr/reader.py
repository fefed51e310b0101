"""The reading of one image: a page, or a paper cut out of a photo (:class:`_Reader`)."""

from __future__ import annotations

from dataclasses import replace

from PIL import Image

from hoso.ocr import tess
from hoso.ocr.attempt import _Attempt, _pick
from hoso.ocr.block_dates import dates_in_blocks
from hoso.ocr.budget import PageTime
from hoso.ocr.image import (
    Layout,
    analyse,
    deskew,
    flatten_background,
    rotate_clockwise,
    small_gray,
    uneven_background,
)
from hoso.ocr.leaders import remove_leaders
from hoso.ocr.numbers import reread_numbers
from hoso.ocr.options import OcrOptions
from hoso.ocr.orient import orient, turn_sideways
from hoso.ocr.second import second_reading
from hoso.ocr.unread import read_skipped, reads_a_title

_BLANK_INK = 0.0005  # share of ink pixels below which a page is blank
_NOTHING_READ = 10.0  # a reading's vote under which nothing was read (see _Reader.flatten)
_SMALL_PAPER_IN = 7.0  # a paper (or photo) at most this long, in inches: a card, not a page


class _Reader:
    """Orientation, deskew, Tesseract and second strategies for one image: a page, or a
    paper cut out of a photo (``paper``).

    Orientation: see :mod:`hoso.ocr.orient` (the text-line profile, OSD, and readings put
    to the vote). Dotted guide lines are painted over before any reading
    (:mod:`hoso.ocr.leaders`). Every Tesseract run counts toward the page's time
    (``budget``, :mod:`hoso.ocr.budget`); a pass after the first reading runs only when it fits.
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
        budget: PageTime | None = None,
    ) -> None:
        self.orig, self.small, self.dpi = image, small, dpi
        self.opts, self.tmp, self.notes, self.paper = opts, tmp, notes, paper
        self.budget = budget or PageTime(opts.page_timeout_s)
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
            return self.budget.run(
                lambda timeout: tess.ocr(
                    path,
                    lang=self.opts.lang,
                    psm=psm,
                    dpi=run_dpi,
                    timeout=timeout,
                    cmd=self.opts.tesseract_cmd,
                )
            )
        finally:
            tess.remove_quietly(path)

    def read_chars(self, image: Image.Image) -> list[tess.Char]:
        """A digits-only reading with character boxes (number fields read again)."""
        langs = tess.languages(self.opts.tesseract_cmd)
        lang = self.opts.number_lang if self.opts.number_lang in langs else self.opts.lang
        path = tess.write_image(image, self.tmp)
        try:
            return self.budget.run(
                lambda timeout: tess.ocr_chars(
                    path,
                    lang=lang,
                    psm=6,
                    dpi=300,
                    timeout=timeout,
                    cmd=self.opts.tesseract_cmd,
                    whitelist="0123456789",
                )
            )
        finally:
            tess.remove_quietly(path)

    def affords(self, what: str) -> bool:
        """Whether one more pass (``what``) fits in the page's time; if not, the page says
        it was skipped (the reading so far is kept)."""
        fits, left, need = self.budget.affords()
        if not fits:
            self.notes.append(
                f"time limit: {what} skipped ({left:.1f} s left, a pass takes {need:.1f} s)"
            )
        return fits

    def numbers(self, attempt: _Attempt) -> _Attempt:
        """The final reading with its number fields read again on their own (a failure
        there keeps the reading as it was)."""
        if not self.opts.reread_numbers or not attempt.result.words:
            return attempt
        if not self.affords("number fields read again"):
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
        if not self.affords("second reading of unsure numbers"):
            return attempt
        try:
            res = second_reading(attempt.image, attempt.result, self.notes)
        except Exception as exc:  # the network's runtime, not the page: keep Tesseract's
            self.notes.append(f"second reading failed ({type(exc).__name__}); first kept")
            return attempt
        return attempt if res is attempt.result else replace(attempt, result=res)

    def dates(self, attempt: _Attempt) -> _Attempt:
        """On a card, the final reading with the dates the second reader reads in the ink
        no word covers (:mod:`hoso.ocr.block_dates`)."""
        if not self.card or self.blank or not self.opts.second_reading:
            return attempt
        try:
            res = dates_in_blocks(attempt.image, attempt.result, self.notes)
        except Exception as exc:  # the network's runtime, not the page: keep the reading
            self.notes.append(f"dates in unread ink not read ({type(exc).__name__})")
            return attempt
        return attempt if res is attempt.result else replace(attempt, result=res)

    def skipped(self, attempt: _Attempt) -> _Attempt:
        """The final reading with the blocks of text it skipped read again
        (:mod:`hoso.ocr.unread`): every block on a small paper (a card) or on a page whose
        title was not read (a title taken for a picture); on other pages the lines of the
        body it skipped (a form's lines dropped by the layout analysis)."""
        dpi = attempt.dpi or self.dpi
        page = max(attempt.image.size) > _SMALL_PAPER_IN * dpi
        if self.blank:
            return attempt
        if not self.affords("reading the skipped text again"):
            return attempt
        try:
            res = read_skipped(
                attempt.image,
                attempt.result,
                lambda im: self.run(im, 6, dpi),
                self.notes,
                coarse=page,
                body=page and reads_a_title(attempt.result),
            )
        except tess.TesseractFailed as exc:
            self.notes.append(f"skipped text not read again ({exc})")
            return attempt
        return attempt if res is attempt.result else replace(attempt, result=res)

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
        if not self.affords("reading again on a flattened background"):
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

    def weak(self, attempt: _Attempt) -> bool:
        """Worth a second strategy: low confidence, or no word at all on a page with ink
        (poor photocopies and phone photos often give psm 3 nothing to segment)."""
        if not attempt.result.words:
            return not self.blank
        return attempt.score < self.opts.low_conf_retry_below

    def look(self) -> Layout:
        """The image's layout (deskew angle, ink, text direction hints), before any reading:
        a blank image is marked so; on one with ink an uneven background is flattened and
        dotted guide lines are painted over (not on a card)."""
        opts = self.opts
        layout = analyse(self.small, opts.deskew_max_angle)
        self._angles[0] = layout.angle if layout.ink >= _BLANK_INK else 0.0
        if layout.ink < _BLANK_INK:
            self.blank = True
            self.notes.append("blank page")
            return layout
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
        return layout

    # -- the whole reading
    def best(self) -> _Attempt:
        """Orientation, then second strategies for poor readings (a failure in those keeps
        the first result). Raises tess.TesseractFailed when the first reading fails."""
        best = orient(self)
        if best.sideways:
            best = turn_sideways(self, best)
        opts, notes = self.opts, self.notes
        try:
            if self.weak(best) and self.affords("a second strategy for a poor reading"):
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
            if (
                self.weak(best)
                and not best.result.words
                and not self.flat
                and self.affords("reading on a flattened background")
            ):
                # still nothing: shadows or grey toner defeat Tesseract's thresholding
                flat = flatten_background(best.image)
                res = self.run(flat, 3, self.dpi)
                best = _pick(best, _Attempt(res, flat, best.rotation, "flattened", self.dpi), notes)
                if (  # perhaps the orientation was wrong
                    self.weak(best)
                    and best.rotation != 0
                    and self.affords("a flattened reading at 0°")
                ):
                    flat = flatten_background(self.prepare(0))
                    res = self.run(flat, 3, self.dpi)
                    best = _pick(best, _Attempt(res, flat, 0, "flattened 0°", self.dpi), notes)
        except tess.TesseractFailed as exc:
            notes.append(f"second strategy failed ({exc}); first result kept")
        return self.dates(self.second(self.numbers(self.skipped(best))))
