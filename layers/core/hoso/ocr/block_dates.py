"""Dates a card's reading lost, read by the second reader in the ink no word covers.

The expiry date printed small under a card's photo ("Có giá trị đến / Date of expiry /
23/09/2040") is, on a phone photo read at 300 dpi from 130, ink Tesseract reads as nothing
or as garbage even cut out alone ("mm", "km", a line of dashes with the card's edge: dev40
19457, 19529), where PP-OCRv4's text-line recogniser (:mod:`hoso.ocr.second`) reads every
digit. The card's validity then goes to an officer.

After the last reading of a card (:mod:`hoso.ocr.unread` read its skipped blocks again, the
second reader its numbers), the blocks of text-like ink no word covers
(:func:`hoso.ocr.unread.find_blocks`; a garbled word, :func:`garbled`, covers nothing) and
the boxes of its unsure numbers that are no date ("9920" over 02/08/2023, its box taking in
the card's edge: dev36 18600) are cut into pieces of lines of ink (rows with ink between
white rows, then columns half a line apart; a card's edge and rules set aside) as wide as a
date may be, and each piece is read by the network. A piece it reads surely as a date that
can be one (day, month, a year of 1900–2099; its slashes perhaps read as colons or not at
all: eight digits), or as "Không thời hạn" (a card that does not expire), is added where it
was found, as a word of its own at a guess's confidence (:data:`GUESS`); the number it was
read in place of, and a garbled word it lies in, go. One reader: the understanding takes
such a date as the card's expiry when it falls on the holder's birthday in a year the law
has the card renewed (``expiry_unlabelled``), which a misreading hardly does, and as proof
that a card ran out only then (:mod:`hoso.understand.checks`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import numpy as np
from PIL import Image

from hoso.model import Word
from hoso.ocr import second
from hoso.ocr.image import otsu
from hoso.ocr.inkgrid import long_runs
from hoso.ocr.tess import OcrResult
from hoso.ocr.unread import find_blocks
from hoso.text import fold

GUESS = 9.0  # a date only the network read: a guess (under checks._GUESSED_EXPIRY)
_RULE_LINES = 6  # a straight run of ink this many text lines long is a rule or an edge
# (a date in bold print, blurred, is a run of ink three lines long: dev36 18600)
_MIN_ROWS = 0.4  # a line of ink is at least this many text lines high
_ROW_INK = 2  # pixels of ink a row of a line has at least
_COL_INK = 3  # and a column of it (a card's edge under a date is a row or two thick)
_DATE = re.compile(r"(\d{1,2})\D?(\d{1,2})\D?((?:19|20)\d\d)")
_EIGHT = re.compile(r"(\d\d)(\d\d)((?:19|20)\d\d)")
_NO_EXPIRY = "khong thoi han"  # a card's expiry when it has none, folded
_GARBLED_CONF = 30.0  # a word read under this confidence is no reading of its ink ...
_UNSURE_CONF = 80.0  # ... nor is one read under this in a box far too wide for it:
_WIDE = 1.5  # wider than this many heights for each of its letters and digits
_MAX_LINES = 16  # pieces of lines read per card (the network's work stays bounded)
_PIECE_GAP = 0.5  # in text lines: a wider gap between inked columns parts two pieces
_MARGIN = (0.5, 0.3)  # around an unsure number's box, in text lines (across, up and down)
_SHAPED = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")  # a date read whole: left alone
_DATE_WIDTH = (1.5, 8.0)  # a date's width, in text lines (a piece outside is no date)

Box = tuple[int, int, int, int]


def dates_in_blocks(
    image: Image.Image, result: OcrResult, notes: list[str], read: second.ReadFn | None = None
) -> OcrResult:
    """``result`` with the dates the network reads in the ink no word of it covers, and in
    the boxes of its unsure numbers that are no date (see the module notes); ``result``
    itself when there are none. ``read``: the network (tests)."""
    if read is None:
        if not second.available():
            return result
        read = second.read_crops
    clear = [w for w in result.words if not garbled(w)]  # a garbled word covers no ink
    heights = sorted(w.bbox[3] - w.bbox[1] for w in clear)
    line = max(6, round(heights[len(heights) // 2])) if heights else 30
    # blocks with a picture's remains last (a portrait's outline, beside a date at times)
    found = sorted(find_blocks(image, clear), key=lambda b: b[1])
    regions: list[tuple[Box, Word | None]] = [(box, None) for box, _ in found]
    regions += [(_around(w, line, image.size), w) for w in result.words if _no_date(w)]
    if not regions:
        return result
    gray = image.convert("L")
    ink = np.asarray(gray) < otsu(gray.histogram())
    rule = _RULE_LINES * line
    ink &= ~(long_runs(ink, rule) | long_runs(ink.T, rule).T)
    pieces = [(b, w) for region, w in regions for b in _lines(ink, region, line)][:_MAX_LINES]
    if not pieces:
        return result
    got = read([second._crop(gray, _floats(b)) for b, _ in pieces])
    new: list[Word] = []
    replaced: list[Word] = []
    for (box, was), (text, probs) in zip(pieces, got, strict=True):
        when = _a_date(text, probs)
        if when is not None and not any(n.text == when for n in new):
            new.append(Word(text=when, conf=GUESS, bbox=_floats(box)))
            replaced += [was] if was is not None else []
    if not new:
        return result
    notes.append(f"{len(new)} date(s) read by the second reader in ink the reading left")
    return _with(result, new, replaced)


def garbled(word: Word) -> bool:
    """A word that is no reading of its ink: read at almost no confidence, or unsurely and
    in a box far wider than its letters and digits take ("km" at 68 over a card's expiry
    date, 06/05/2038, under its photo: dev40 19529; the card's bottom edge and the date
    under it read as one word of dashes at 0: dev40 19457)."""
    x0, y0, x1, y1 = word.bbox
    n = sum(ch.isalnum() for ch in word.text)
    if word.conf < _GARBLED_CONF:
        return True
    return word.conf < _UNSURE_CONF and x1 - x0 > _WIDE * max(1, n) * (y1 - y0)


def _floats(box: Box) -> tuple[float, float, float, float]:
    return (float(box[0]), float(box[1]), float(box[2]), float(box[3]))


def _no_date(w: Word) -> bool:
    """An unsure number that is no date ("9920" over a card's expiry, 02/08/2023, its box
    taking in the card's edge: the second reader read nothing in it, dev36 18600)."""
    core = w.text.strip(second._EDGE)
    digits = sum(ch.isdigit() for ch in core)
    return 2 <= digits <= 8 and w.conf < second.UNSURE and _SHAPED.fullmatch(core) is None


def _around(w: Word, line: int, size: tuple[int, int]) -> Box:
    """A word's box with a margin: the piece of ink it read is cut again (:func:`_lines`)."""
    x0, y0, x1, y1 = w.bbox
    dx, dy = _MARGIN[0] * line, _MARGIN[1] * line
    return (
        max(0, round(x0 - dx)),
        max(0, round(y0 - dy)),
        min(size[0], round(x1 + dx)),
        min(size[1], round(y1 + dy)),
    )


def _lines(ink: np.ndarray, block: Box, line: int) -> list[Box]:
    """The pieces of lines of ink in ``block``: runs of rows with ink at least a few tenths
    of a text line high, cut where their inked columns part (:func:`_pieces`), each piece
    then cut to its own tallest run of rows (a card's rounded corner and its edge, under the
    date, are rows of the line's but not of the date's), and as wide as a date may be."""
    x0, y0, x1, y1 = block
    part = ink[y0:y1, x0:x1]
    out: list[Box] = []
    for r0, r1 in _runs(part.sum(axis=1) >= _ROW_INK, _MIN_ROWS * line):
        for a, b in _pieces(part[r0:r1].sum(axis=0) >= _COL_INK, line):
            rows = _runs(part[r0:r1, a:b].sum(axis=1) >= _ROW_INK, _MIN_ROWS * line)
            if not rows or not _DATE_WIDTH[0] * line <= b - a <= _DATE_WIDTH[1] * line:
                continue
            top, foot = max(rows, key=lambda r: r[1] - r[0])
            out.append((x0 + a, y0 + r0 + top, x0 + b, y0 + r0 + foot))
    return out


def _runs(marked: np.ndarray, least: float) -> list[tuple[int, int]]:
    """(start, end) of the runs of marked rows at least ``least`` long."""
    out: list[tuple[int, int]] = []
    r, n = 0, len(marked)
    while r < n:
        if not marked[r]:
            r += 1
            continue
        end = r
        while end < n and marked[end]:
            end += 1
        if end - r >= least:
            out.append((r, end))
        r = end
    return out


def _pieces(cols: np.ndarray, line: int) -> list[tuple[int, int]]:
    """Runs of inked columns, a gap of half a text line or more apart (a card's rounded
    corner beside the date under its photo: read with it, "23/09/2040" came out
    "2305/2040")."""
    xs = np.flatnonzero(cols)
    if not len(xs):
        return []
    out: list[tuple[int, int]] = []
    start = prev = int(xs[0])
    for x in xs[1:].tolist():
        if x - prev > _PIECE_GAP * line:
            out.append((start, prev + 1))
            start = x
        prev = x
    out.append((start, prev + 1))
    return out


def _a_date(text: str, probs: list[float]) -> str | None:
    """The network's reading as a date that can be one ("23:09/2040", "23092040":
    23/09/2040), or as a card's "Không thời hạn" (it does not expire: the network knows no
    tone marks, dev38 19052), when it is sure of it; None otherwise."""
    core = text.strip().strip(second._EDGE)
    if fold(core) == _NO_EXPIRY and second._certainty(text, probs) >= second.SURE_NETWORK:
        return "Không thời hạn"
    m = _DATE.fullmatch(core) or _EIGHT.fullmatch(core)
    if m is None or second._certainty(text, probs) < second.SURE_NETWORK:
        return None
    day, month, year = (int(g) for g in m.groups())
    try:
        date(year, month, day)
    except ValueError:
        return None
    return f"{day:02d}/{month:02d}/{year}"


def _with(result: OcrResult, new: list[Word], replaced: list[Word]) -> OcrResult:
    """``result`` with each new word on a line of its own, in a block of its own, after
    the lines above it; the numbers a date was read in place of, and garbled words a new
    word lies in, gone."""

    def under(w: Word) -> bool:  # a new word's middle lies in ``w``
        return any(
            w.bbox[0] <= (n.bbox[0] + n.bbox[2]) / 2 <= w.bbox[2]
            and w.bbox[1] <= (n.bbox[1] + n.bbox[3]) / 2 <= w.bbox[3]
            for n in new
        )

    gone = {id(w) for w in replaced} | {id(w) for w in result.words if garbled(w) and under(w)}
    kept = [[w for w in ln if id(w) not in gone] for ln in result.lines]
    lines = [ln for ln in kept if ln]
    blocks = [b for b, ln in zip(result.blocks, kept, strict=True) if ln]
    words = [w for w in result.words if id(w) not in gone]
    block = max(blocks, default=0) + 1
    line_no = max((w.line for w in words), default=0)
    for n in new:
        line_no += 1
        w = replace(n, line=line_no, block=block)
        at = next(
            (i for i, ln in enumerate(lines) if min(o.bbox[1] for o in ln) >= w.bbox[3]),
            len(lines),
        )
        lines.insert(at, [w])
        blocks.insert(at, block)
        words.append(w)
    return OcrResult(words=words, lines=lines, blocks=blocks)
