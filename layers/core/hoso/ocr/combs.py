"""Combs of printed boxes seen in the page image itself (:mod:`hoso.ocr.numbers`, step 1b).

A number written one digit per box of a printed comb is often not in the first reading at
all: Tesseract drops the comb's line (nothing between "4. Số định danh cá nhân:" and the
next field) or returns letters for it ("IIKHHUMHHEHuLBm_„."), which no rule on the reading's
tokens takes for a number. The comb itself is plain to see: two long parallel rules with at
least seven walls between them, spaced about as far apart as the rules are. :func:`find_combs`
looks for them on the whole page (array operations on the binarised page, a few
milliseconds), and :func:`comb_candidates` makes a *comb* candidate of each one that no
candidate of the reading covers: the words over it, or, where the reading has none there,
a placeholder word on a line of its own (dropped by :func:`drop_placeholders` when nothing
is read there). Whether it really is a comb is judged again, cell by cell, when its glyphs
are cut (:func:`hoso.ocr.number_bitmap.find_comb`).
"""

from __future__ import annotations

import itertools

import numpy as np

from hoso.model import Word
from hoso.ocr.number_bitmap import group_rules
from hoso.ocr.number_candidates import Candidate
from hoso.ocr.tess import OcrResult

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels

_MIN_WALLS = 7  # as the comb of a number re-read (number_bitmap.find_comb)
_GAP = (8, 90)  # pixels between a comb's rules: cells of 1-10 mm at 100-300 dpi
_WALL_INK = 0.9  # a wall's column is inked over this share of the height between the rules
_POOL_ABOVE = 2000  # px wide (over 240 dpi for A4): found at half the resolution
_READ_DIGITS = 6  # a comb already read: this many digits over it, every word confident
_SURE = 85.0


def find_combs(ink: np.ndarray) -> list[Box]:
    """The combs in a binarised page (``ink`` True where inked): pairs of long horizontal
    rules 8-90 px apart, overlapping over at least five times that, with at least seven
    regularly spaced walls between them. Rules may slant a little (a photographed page):
    the rows are read with 2 px of tolerance up and down. Pages over 2,000 px wide are
    searched at half their resolution."""
    if ink.shape[1] > _POOL_ABOVE:  # 2 x 2 pixels as one (inked if any is): 4 x faster
        h2, w2 = ink.shape[0] // 2 * 2, ink.shape[1] // 2 * 2
        rows = ink[:h2:2, :w2] | ink[1:h2:2, :w2]
        small = rows[:, ::2] | rows[:, 1::2]
        return [(2 * a, 2 * b, 2 * c, 2 * d) for a, b, c, d in find_combs(small)]
    h, w = ink.shape
    if h < 20 or w < 100:
        return []
    loose = ink.copy()
    for k in (1, 2):
        loose[k:] |= ink[:-k]
        loose[:-k] |= ink[k:]
    length = max(60, w // 30)
    full = inked_for(loose, length)
    found: list[tuple[int, int, int]] = []
    for y in np.flatnonzero(full.any(axis=1)):
        starts = np.flatnonzero(full[y])
        breaks = np.flatnonzero(np.diff(starts) > 1)
        for a, b in zip(np.r_[0, breaks + 1], np.r_[breaks, len(starts) - 1], strict=True):
            found.append((int(y), int(starts[a]), int(starts[b]) + length))
    rules = group_rules(found)
    combs: list[tuple[int, Box]] = []
    for top, bot in itertools.combinations(sorted(rules), 2):
        comb = _comb(ink, top, bot)
        if comb is not None:
            combs.append(comb)
    return _best(combs)


def inked_for(ink: np.ndarray, length: int) -> np.ndarray:
    """``full[y, x]``: ``ink[y, x : x + length]`` all inked (``length`` >= 1), for every x
    where that span fits (``w - length + 1`` columns). Runs of 2, 4, 8... pixels are
    ANDed from the halves (a few boolean passes over the page, 4 x faster than summing
    it row by row)."""
    full, span = ink, 1
    while span * 2 <= length:
        full = full[:, :-span] & full[:, span:]  # [x, x + 2 span) all inked
        span *= 2
    if span < length:  # the last step overlaps: [x, x + span) and [x + rest, ...)
        rest = length - span
        full = full[:, :-rest] & full[:, rest:]
    return full


def _comb(
    ink: np.ndarray, top: tuple[int, int, int, int], bot: tuple[int, int, int, int]
) -> tuple[int, Box] | None:
    """The comb between two rules (y0, y1, x0, x1), with its number of walls."""
    y0, y1 = top[1] + 1, bot[0]
    d = y1 - y0
    x0, x1 = max(top[2], bot[2]), min(top[3], bot[3])
    if not _GAP[0] <= d <= _GAP[1] or x1 - x0 < 5 * d:
        return None
    cols = np.flatnonzero(ink[y0 + 1 : y1 - 1, x0:x1].mean(axis=0) >= _WALL_INK)
    if len(cols) < _MIN_WALLS:
        return None
    starts = np.r_[0, np.flatnonzero(np.diff(cols) > 2) + 1]
    walls = [(int(cols[s]), int(cols[e - 1])) for s, e in itertools.pairwise([*starts, len(cols)])]
    if len(walls) < _MIN_WALLS:
        return None
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(walls)]
    med = sorted(gaps)[len(gaps) // 2]
    if not 0.5 * d <= med <= 2.0 * d:
        return None
    regular = [k for k, g in enumerate(gaps) if abs(g - med) <= 0.3 * med]
    if len(regular) < _MIN_WALLS - 1:
        return None
    first, last = walls[regular[0]][0], walls[regular[-1] + 1][1]
    return len(regular) + 1, (x0 + first, top[0], x0 + last + 1, bot[1] + 1)


def _best(combs: list[tuple[int, Box]]) -> list[Box]:
    """One comb where several pairs of rules found the same cells (a table's rules above
    and below): the one with the most walls, then the tightest."""
    out: list[Box] = []
    for _, box in sorted(combs, key=lambda c: (-c[0], c[1][3] - c[1][1])):
        if not any(_overlap(box, o) for o in out):
            out.append(box)
    return sorted(out, key=lambda b: (b[1], b[0]))


def _overlap(a: Box | tuple[float, ...], b: Box | tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def comb_candidates(
    ink: np.ndarray, result: OcrResult, taken: list[Candidate]
) -> tuple[OcrResult, list[Candidate]]:
    """``result`` (with a placeholder line for each comb the reading has no words over)
    and a *comb* candidate for every comb of the page that ``taken`` does not cover and
    whose words are not a confident number already."""
    extra: list[Candidate] = []
    lines = list(result.lines)
    blocks = list(result.blocks)
    for box in find_combs(ink):
        if any(_overlap(box, c.box) for c in taken):
            continue
        over = [
            (li, k)
            for li, line in enumerate(lines)
            for k, w in enumerate(line)
            if box[0] <= (w.bbox[0] + w.bbox[2]) / 2 <= box[2]
            and box[1] <= (w.bbox[1] + w.bbox[3]) / 2 <= box[3]
        ]
        words = [lines[li][k] for li, k in over]
        digits = sum(ch.isdigit() for w in words for ch in w.text)
        if digits >= _READ_DIGITS and all(w.conf >= _SURE for w in words):
            continue  # typed digits in boxes, read already
        why = "a comb of boxes in the image"
        fbox = (float(box[0]), float(box[1]), float(box[2]), float(box[3]))
        li = max((m for m, _ in over), key=lambda n: sum(m == n for m, _ in over), default=-1)
        if li >= 0:
            ks = [k for m, k in over if m == li]
            extra.append(Candidate(li, min(ks), max(ks), fbox, digits, 0, 0, why, kind="comb"))
            continue
        line_no = 1 + max((w.line for w in result.words), default=0)
        block = 1 + max(blocks, default=0)
        lines.append([Word(text="", conf=0.0, bbox=fbox, line=line_no, block=block)])
        blocks.append(block)
        extra.append(Candidate(len(lines) - 1, 0, 0, fbox, 0, 0, 0, why, kind="comb"))
    if len(lines) == len(result.lines):
        return result, extra
    return OcrResult(words=[w for ln in lines for w in ln], lines=lines, blocks=blocks), extra


def drop_placeholders(result: OcrResult) -> OcrResult:
    """``result`` without the placeholder lines of combs where nothing was read."""
    keep = [k for k, line in enumerate(result.lines) if not all(w.text == "" for w in line)]
    if len(keep) == len(result.lines):
        return result
    lines = [result.lines[k] for k in keep]
    blocks = [result.blocks[k] for k in keep]
    return OcrResult(words=[w for ln in lines for w in ln], lines=lines, blocks=blocks)
