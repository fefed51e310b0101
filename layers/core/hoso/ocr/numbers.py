"""Number and date fields read again on their own (hand-filled forms).

Tesseract reads handwritten names well but misreads handwritten digits: narrow glyphs that
touch are merged ("038197165026" -> "03844345026"), and a number written one digit per
cell of a printed comb of boxes comes out as border garbage (``|0 |s |s |1 Ja |s``).
After the final reading of a page (or of a paper cut out of a photo):

1. *Candidates* (:func:`find_candidates`), found generically in the reading, not by label:
   runs of tokens on one line made of digits, digit look-alikes (O, l, S, Z, ...) and box
   border marks (|, [, J, Í, ...), with at least 6 digit-like characters (3 real digits,
   or a comb's 6 border marks), that are not a clean confident number (every token at
   least 85 and nothing but digits). A run with two slashes among its digits is a *date*
   candidate, unless it is a possible date read confidently (a hand-written 24/01/1977
   comes back as "21/94⁄41††"). Month/year pairs (07/2008), amounts (500.000) and vertical
   text are left alone; a wide gap ends a run.
2. *Glyphs* (:func:`glyphs`), in a band of the image around the run: binarised; long
   horizontal rules removed; a *comb* is two rules with at least 7 regularly spaced walls
   between them (walls removed, one glyph per filled cell, the whole comb even when the
   run covered part of it); otherwise the components over the run, with the dots of a
   dotted guide line dropped (or cut off the glyphs), table walls removed, the ink of
   neighbouring lines ignored, pieces of a glyph merged and touching glyphs split at
   their thinnest column; glyphs going on past the run's right end at a glyph's spacing
   are the rest of the number (the first reading split it into words).
3. *Variants*: the glyphs of 5 segmentations (Otsu's threshold, lighter, darker, dots cut
   at two thresholds) laid out again 28 px high, bottoms aligned, well spaced, in 3
   renderings (as written, each glyph to full height, thickened): 9-15 lines, stacked with
   every other candidate's of the page into one image, read in *one* digits-only Tesseract
   run with character boxes (``eng``: it reads handwritten digits far better than
   ``vie``).
4. *Shapes* (:func:`shape_reading`): each segmentation's glyphs also go to a small digit
   classifier (:mod:`hoso.ocr.digits`), which reads shapes Tesseract reads wrong every
   time (a crossed 7 as 4); it votes per glyph with up to 3.5 votes (3.5 x its
   probability; none below 0.5), against Tesseract's 3 readings per segmentation.
5. *Vote* (:func:`vote`): each character goes to the glyph under it; glyph by glyph, the
   commonest reading wins (the first reading votes too, 1-3 times by its confidence, when
   it has as many digits as there are glyphs). A date's two slashes are the glyphs the
   classifier calls "/" (or where the first reading has them); its digits are voted on the
   same way, and the result must be a possible dd/mm/yyyy date, else the first reading
   stays (:func:`_decide_date`). The number replaces the run's tokens (and
   every token over a comb) as one word; its confidence is 40 + 55 x the share of
   readings that gave exactly that number (all agree: 95; split: below 80), the other
   readings go to ``Word.alts``, and the page's notes say what was re-read.
"""

from __future__ import annotations

import bisect
import itertools
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from hoso.model import Word
from hoso.ocr import digits
from hoso.ocr.image import otsu
from hoso.ocr.tess import Char, OcrResult

# characters Tesseract reads instead of handwritten digits, and what they stand for
_LOOK = {
    "O": "0", "o": "0", "D": "0", "Q": "0", "U": "0", "u": "0", "Ø": "0", "ø": "0",
    "ð": "0", "Ð": "0", "đ": "0", "Ô": "0", "ô": "0", "Ơ": "0", "ơ": "0", "°": "0",
    "I": "1", "l": "1", "i": "1", "!": "1", "L": "1", "t": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "$": "5", "B": "8", "G": "6", "b": "6",
    "g": "9", "q": "9", "T": "7", "?": "7", "A": "4", "h": "4", "y": "4", "a": "2",
}  # fmt: skip
# box-border look-alikes (read where a comb's cell walls are)
_BORDER = set("|[]{}()JÍÌíìÏïĩĨ‡¦/\\⁄")
_EDGE = ".,:;…-–—_'\"`~*+=<>«»“”‘’"  # neutral: dots of guide lines, punctuation
_DATE_OR_AMOUNT = re.compile(r"\d{1,4}([/.,-])\d{1,3}(\1\d{1,4})+")
_AMOUNT = re.compile(r"\d{1,3}([.,]\d{3})+")
_DATE_SHAPE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")  # a date, its digits perhaps wrong
_DATE = re.compile(r"(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])/(19|20)\d\d")  # and a possible one

MIN_DIGITS = 6  # digit-like characters for a run to be a number candidate
_COMB_WORD = 8  # a word of capitals at least this long ...
_COMB_WORD_CONF = 30.0  # ... read under this confidence may be a comb's cells
CLEAN_CONF = 85.0  # a run with every token at least this confident and clean is left alone


@dataclass
class _Token:
    word: Word
    core: str
    digits: int
    looks: int
    borders: int
    others: int

    @property
    def digitish(self) -> bool:
        n = len(self.core)
        if not n:
            return False
        if self.digits == 0:  # "|s", "Ja", "o|", "h": a comb cell's garbage, not a word
            return (n <= 3 and self.others == 0 and (self.borders > 0 or n == 1)) or self.capitals
        # "%8á32": a handwritten number's piece read with stray letters still belongs
        return self.others <= max(1, n // 3) or (self.digits >= 2 and self.others < self.digits)

    @property
    def capitals(self) -> bool:
        """A whole comb read as one long unsure word of capitals ("DIEEIILHDLEEILE": its
        walls as I, L, E and H): re-read only if a comb is found there."""
        return (
            len(self.core) >= _COMB_WORD
            and self.word.conf < _COMB_WORD_CONF
            and self.core.isalpha()
            and self.core.isupper()
        )


def _token(word: Word) -> _Token:
    core = "".join(ch for ch in word.text if ch not in _EDGE)  # dotted lines, punctuation
    d = sum(ch.isdigit() for ch in core)
    k = sum(ch in _LOOK for ch in core)
    b = sum(ch in _BORDER for ch in core)
    return _Token(word, core, d, k, b, len(core) - d - k - b)


@dataclass
class Candidate:
    """A run of digit-like tokens on one line (indices into that line)."""

    line: int  # index into OcrResult.lines
    first: int
    last: int  # inclusive
    box: tuple[float, float, float, float]
    digits: int  # real digits read
    looks: int
    borders: int
    why: str
    kind: str = "number"  # or "date": dd/mm/yyyy, its slashes kept; "comb": only in one


def find_candidates(result: OcrResult) -> list[Candidate]:
    """Runs of tokens on one line with many digits or digit look-alikes that are not a
    clean, confident number (typed numbers, dates and amounts read confidently are left
    alone)."""
    out: list[Candidate] = []
    for li, line in enumerate(result.lines):
        if not line or _mrz(line):
            continue  # a machine-readable zone: its check digits are read downstream
        heights = sorted(w.bbox[3] - w.bbox[1] for w in line)
        line_h = heights[len(heights) // 2]
        toks = [_token(w) for w in line]
        i = 0
        while i < len(toks):
            if not _usable(toks[i], line_h):
                i += 1
                continue
            j = i
            while (
                j + 1 < len(toks)
                and _usable(toks[j + 1], line_h)
                and toks[j + 1].word.bbox[0] - toks[j].word.bbox[2] <= 2 * line_h
            ):  # a wide gap: another field
                j += 1
            cand = _judge(li, toks, i, j)
            if cand is not None:
                out.append(cand)
            i = j + 1
    return out


_MAX_STACK = 30000  # pixels: Tesseract refuses images over 32767 pixels high
_MAX_CANDIDATES = 40  # number fields re-read on a page: at most 5 on 304 dev pages
_MRZ = re.compile(r"<<|[1IT][D0O]VNM|P<VNM|VNM\d{6}")


def _mrz(line: list[Word]) -> bool:
    """A line of a chip card's or passport's machine-readable zone ("IDVNM...<<4")."""
    return bool(_MRZ.search("".join(w.text for w in line).upper()))


def _usable(t: _Token, line_h: float) -> bool:
    """A token that may belong to a number run (not the flat row of a dotted guide line
    read as digits)."""
    h = t.word.bbox[3] - t.word.bbox[1]
    return t.digitish and h >= 0.45 * line_h


def _judge(li: int, toks: list[_Token], i: int, j: int) -> Candidate | None:
    run = toks[i : j + 1]
    digits = sum(t.digits for t in run)
    looks = sum(t.looks for t in run)
    borders = sum(t.borders for t in run)
    mapped = "".join(_LOOK.get(ch, ch) for ch in "".join(t.word.text.strip(_EDGE) for t in run))
    if _date_like(mapped) and not (
        all(t.word.conf >= CLEAN_CONF for t in run) and _DATE.fullmatch(mapped)
    ):  # a date read unsurely (a hand-written 1 read as 4): its digits read again
        words = [t.word for t in run]
        box = (words[0].bbox[0], min(w.bbox[1] for w in words), words[-1].bbox[2],
               max(w.bbox[3] for w in words))  # fmt: skip
        why = f"a date read as {mapped!r}, lowest conf {min(w.conf for w in words):.0f}"
        return Candidate(li, i, j, box, digits, looks, borders, why, kind="date")
    if i == j and toks[i].capitals:
        w = toks[i].word
        why = f"a word of capitals read at conf {w.conf:.0f}: a comb's cells?"
        return Candidate(li, i, j, w.bbox, 0, 0, 0, why, kind="comb")
    if (digits < 3 and borders < 6) or digits + looks < MIN_DIGITS:
        return None  # too few digits (a comb's garbage may have almost none)
    text = "".join(t.core for t in run)
    slashes = sum(text.count(ch) for ch in "/⁄")
    if slashes and (digits + looks <= 8 or (slashes >= 2 and sum(map(text.count, "|[]")) < 3)):
        return None  # a date (07/2008, 12/01/1944): separators matter, not a digits-only read
    if _AMOUNT.fullmatch(mapped):
        return None  # an amount (500.000.000)
    clean = (
        all(t.word.conf >= CLEAN_CONF for t in run)
        and looks == 0
        and borders == 0
        and all(t.others == 0 for t in run)
    )
    if clean:
        return None
    raw = "".join(t.word.text.strip(_EDGE) for t in run)
    if _DATE_OR_AMOUNT.fullmatch(raw) and all(t.word.conf >= 60 for t in run):
        return None  # a date or an amount: separators matter, not for a digits-only read
    words = [t.word for t in run]
    long = [w for w in words if len(w.text) > 3]
    if long and all(w.bbox[3] - w.bbox[1] > 2 * (w.bbox[2] - w.bbox[0]) for w in long):
        return None  # a line of vertical text (a turned table): not read again
    box = (
        _part(words[0], first=True),
        min(w.bbox[1] for w in words),
        _part(words[-1], first=False),
        max(w.bbox[3] for w in words),
    )
    low = min(t.word.conf for t in run)
    why = f"{digits} digits, {looks} look-alikes, {borders} border marks, lowest conf {low:.0f}"
    return Candidate(li, i, j, box, digits, looks, borders, why)


def _date_like(mapped: str) -> bool:
    """Two or three slashes among at least four digits, ten characters or so: a date
    ("21/94⁄41††" for 24/01/1977 written by hand), however its digits were read."""
    seps = sum(mapped.count(ch) for ch in "/⁄")
    return (
        2 <= seps <= 3
        and sum(ch.isdigit() for ch in mapped) >= 4
        and 8 <= len(mapped) <= 14
        and bool(re.match(r"\S{1,3}[/⁄]", mapped))
    )


def _stretch(text: str) -> tuple[int, int]:
    """The stretch of number-like characters (digits, look-alikes, border marks, and dots
    between them) holding the most real digits: (start, end) indices into ``text``."""
    best, best_digits = (0, len(text)), -1
    for sub in re.finditer(r"[dlb][dlbn]*[dlb]|[dlb]", "".join(_kind(ch) for ch in text)):
        digits = sub.group(0).count("d")
        if digits > best_digits:
            best, best_digits = (sub.start(), sub.end()), digits
    return best


def _at(word: Word, k: int) -> float:
    """The x where character ``k`` of a token starts, estimated (dots are narrow)."""
    weights = [0.4 if ch in _EDGE else 1.0 for ch in word.text]
    total = sum(weights) or 1.0
    x0, _, x1, _ = word.bbox
    return x0 + (x1 - x0) * sum(weights[:k]) / total


def _part(word: Word, *, first: bool) -> float:
    """Where the number starts (``first``) or ends in a token, estimated from character
    positions: a label glued to the number ("nhân:.Ð/15I02091") is left out, the dots of
    a guide line are kept (they are removed from the image anyway)."""
    a, b = _stretch(word.text)
    char = (word.bbox[2] - word.bbox[0]) / max(1, len(word.text))
    if first:
        return max(word.bbox[0], _at(word, a) - 0.5 * char)
    if all(ch in _EDGE for ch in word.text[b:]):
        return word.bbox[2]  # only dots after the number
    return min(word.bbox[2], _at(word, b) + 0.5 * char)


def _glued(word: Word, *, first: bool) -> Word | None:
    """The words glued to the number in its first (``first``) or last token ("nhân:" of
    "nhân:|0|3|8"), to be kept when the number is replaced; None if only dots or marks."""
    a, b = _stretch(word.text)
    part = word.text[:a] if first else word.text[b:]
    if not any(_kind(ch) == "o" for ch in part):
        return None
    x0, y0, x1, y1 = word.bbox
    cut = _at(word, a if first else b)
    box = (x0, y0, max(x0 + 1, cut), y1) if first else (min(x1 - 1, cut), y0, x1, y1)
    return Word(part.strip(), word.conf, box, word.line, word.block)


def _kind(ch: str) -> str:
    """d digit, l look-alike, b border mark, n neutral (dots, punctuation), o other."""
    if ch.isdigit():
        return "d"
    if ch in _LOOK:
        return "l"
    if ch in _BORDER:
        return "b"
    if ch in _EDGE:
        return "n"
    return "o"


# ----------------------------------------------------------------------------- binary crops


_INK = re.compile(rb"[^\x00]+")


class Bitmap:
    """A small binary image as rows of bytes (ink = 255), with run-based operations."""

    def __init__(self, img: Image.Image) -> None:
        self.w, self.h = img.size
        data = img.tobytes()
        self.rows = [bytearray(data[y * self.w : (y + 1) * self.w]) for y in range(self.h)]

    def image(self) -> Image.Image:
        return Image.frombytes("L", (self.w, self.h), b"".join(bytes(r) for r in self.rows))

    def runs(self, y: int, x0: int = 0, x1: int | None = None) -> list[tuple[int, int]]:
        """Ink runs (start, end) of row ``y``, between ``x0`` and ``x1``."""
        end = self.w if x1 is None else x1
        return [(m.start(), m.end()) for m in _INK.finditer(self.rows[y], x0, end)]

    def clear(self, y: int, x0: int, x1: int) -> None:
        self.rows[y][x0:x1] = bytes(x1 - x0)


def binarize(gray: Image.Image, threshold: int) -> Image.Image:
    return gray.point(lambda v: 255 if v < threshold else 0)


def remove_rules(bm: Bitmap, min_len: int) -> list[tuple[int, int, int]]:
    """Clear horizontal ink runs of at least ``min_len`` pixels; returns them (y, x0, x1)."""
    found = []
    for y in range(bm.h):
        for x0, x1 in bm.runs(y):
            if x1 - x0 >= min_len:
                found.append((y, x0, x1))
                bm.clear(y, x0, x1)
    return found


def group_rules(found: list[tuple[int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Runs on neighbouring rows overlapping in x -> lines (y0, y1, x0, x1)."""
    lines: list[list[int]] = []
    for y, x0, x1 in sorted(found):
        for ln in lines:
            if y - ln[1] <= 2 and x0 < ln[3] and x1 > ln[2]:
                ln[1] = y
                ln[2], ln[3] = min(ln[2], x0), max(ln[3], x1)
                break
        else:
            lines.append([y, y, x0, x1])
    return [(a, b, c, d) for a, b, c, d in lines]


@dataclass
class Comp:
    x0: int
    y0: int
    x1: int  # exclusive
    y1: int  # exclusive
    area: int
    runs: list[tuple[int, int, int]]  # y, x0, x1

    @property
    def w(self) -> int:
        return self.x1 - self.x0

    @property
    def h(self) -> int:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def merge(self, other: Comp) -> Comp:
        return Comp(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
            self.area + other.area,
            self.runs + other.runs,
        )


def components(bm: Bitmap, x0: int = 0, x1: int | None = None) -> list[Comp]:
    """8-connected components (between ``x0`` and ``x1``), by union of overlapping runs on
    neighbouring rows."""
    parent: list[int] = []
    all_runs: list[tuple[int, int, int]] = []

    def find(r: int) -> int:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    prev: list[tuple[int, int, int]] = []  # (start, end, run id) on the row above
    for y in range(bm.h):
        cur: list[tuple[int, int, int]] = []
        k = 0
        for a, b in bm.runs(y, x0, x1):
            rid = len(all_runs)
            all_runs.append((y, a, b))
            parent.append(rid)
            while k < len(prev) and prev[k][1] < a:  # ends left of this run (8-connected)
                k += 1
            m = k
            while m < len(prev) and prev[m][0] <= b:
                ra, rb = find(rid), find(prev[m][2])
                if ra != rb:
                    parent[ra] = rb
                m += 1
            cur.append((a, b, rid))
        prev = cur
    groups: dict[int, Comp] = {}
    for rid, (y, a, b) in enumerate(all_runs):
        root = find(rid)
        c = groups.get(root)
        if c is None:
            groups[root] = Comp(a, y, b, y + 1, b - a, [(y, a, b)])
        else:
            c.x0, c.x1 = min(c.x0, a), max(c.x1, b)
            c.y1 = max(c.y1, y + 1)
            c.area += b - a
            c.runs.append((y, a, b))
    return sorted(groups.values(), key=lambda c: c.x0)


def render(comp: Comp) -> Image.Image:
    """The component's ink (255) on black, cropped to its box."""
    img = Image.new("L", (comp.w, comp.h), 0)
    draw = ImageDraw.Draw(img)
    for y, x0, x1 in comp.runs:
        draw.line((x0 - comp.x0, y - comp.y0, x1 - 1 - comp.x0, y - comp.y0), fill=255)
    return img


# ---------------------------------------------------------------------------- combs


@dataclass
class Comb:
    cells: list[tuple[int, int]]  # x0, x1 of each cell, inside the walls
    top: int
    bottom: int


def find_comb(bm: Bitmap, rules: list[tuple[int, int, int, int]]) -> Comb | None:
    """A row of at least 6 similar box cells: two long horizontal rules (already removed
    from ``bm``) with vertical walls between them at a regular spacing. The walls are
    removed from ``bm``."""
    best: Comb | None = None
    for i, top in enumerate(rules):
        for bot in rules[i + 1 :]:
            d = bot[0] - top[1]
            x0, x1 = max(top[2], bot[2]), min(top[3], bot[3])
            if d < 8 or x1 - x0 < 5 * d:
                continue
            comb = _walls(bm, top[1] + 1, bot[0], x0, x1, d)
            if comb is not None and (best is None or len(comb.cells) > len(best.cells)):
                best = comb
    return best


def _walls(bm: Bitmap, y0: int, y1: int, x0: int, x1: int, d: int) -> Comb | None:
    """Columns inked over most of the height between the rules; cells between them."""
    need = 0.75 * (y1 - y0)
    cols: list[int] = []
    for x in range(max(0, x0 - 2), min(bm.w, x1 + 2)):
        n = 0
        best = 0
        for y in range(y0, y1):
            if bm.rows[y][x]:
                n += 1
                best = max(best, n)
            else:
                n = 0
        if best >= need:
            cols.append(x)
    walls: list[list[int]] = []
    for x in cols:
        if walls and x - walls[-1][1] <= 2:
            walls[-1][1] = x
        else:
            walls.append([x, x])
    if len(walls) < 7:
        return None
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(walls)]
    med = sorted(gaps)[len(gaps) // 2]
    if med < 0.5 * d or med > 2.0 * d:
        return None
    cells = []
    for a, b in itertools.pairwise(walls):
        if 0.7 * med <= b[0] - a[1] <= 1.3 * med:
            cells.append((a[1] + 1, b[0]))
    if len(cells) < 6:
        return None
    for w0, w1 in walls:  # remove the walls
        lo, hi = max(0, w0 - 1), min(bm.w, w1 + 2)
        for y in range(max(0, y0 - 3), min(bm.h, y1 + 3)):
            bm.rows[y][lo:hi] = bytes(hi - lo)
    return Comb(cells, y0, y1)


# ---------------------------------------------------------------------------- glyphs


@dataclass
class Glyphs:
    images: list[Image.Image]  # ink 255 on 0, each cropped to its box
    xs: list[tuple[int, int]]  # x-range of each in the band
    comb: Comb | None
    height: float  # median glyph height


def glyphs(
    gray: Image.Image,
    threshold: int,
    span: tuple[float, float],
    line_h: float,
    cut: bool = False,
    rows: tuple[float, float] | None = None,
) -> Glyphs:
    """The glyphs of a number field in ``gray`` (a band of the page around it), binarised
    at ``threshold``: rules removed, a comb's walls too (one glyph per filled cell), else
    the components whose centre lies in the ``span`` of x (and ``rows`` of y), guide line
    dots dropped (``cut`` off the glyphs too), table walls removed, touching glyphs split."""
    bm = Bitmap(binarize(gray, threshold))
    rules = group_rules(remove_rules(bm, max(20, round(3 * line_h))))
    for y0, y1, x0, x1 in rules:  # the rule's fuzzy edges too
        for y in range(max(0, y0 - 2), min(bm.h, y1 + 3)):
            bm.clear(y, max(0, x0 - 2), min(bm.w, x1 + 2))
    comb = find_comb(bm, rules)
    a, b = span
    if comb is not None and (comb.cells[-1][1] < a or comb.cells[0][0] > b):
        comb = None  # a comb elsewhere on the line
    speck = max(4, round(0.003 * line_h * line_h))
    if comb is not None:  # components only where the glyphs can be
        wx0, wx1 = comb.cells[0][0] - 5, comb.cells[-1][1] + 5
    else:  # room on the right for the rest of a number read as two words
        wx0, wx1 = round(a - 2 * line_h), round(b + 8 * line_h)
    wx0, wx1 = max(0, wx0), min(bm.w, wx1)
    if comb is None:
        _remove_walls(bm, wx0, wx1, round(1.5 * line_h))
    comps = [c for c in components(bm, wx0, wx1) if c.area >= speck]
    if comb is None and _cut_dots(bm, comps, line_h, cut):
        comps = [c for c in components(bm, wx0, wx1) if c.area >= speck]
    if comb is None and rows is not None:  # not the neighbouring lines' ink
        lo, hi = rows[0] - 0.25 * line_h, rows[1] + 0.25 * line_h
        comps = [c for c in comps if lo <= c.cy <= hi]
    if comb is not None:
        groups = []
        for x0, x1 in comb.cells:
            inside = [
                c
                for c in comps
                if x0 <= c.cx < x1
                and comb.top - 4 <= c.cy <= comb.bottom + 4
                and not _wall_left(c, x0, x1, comb)
            ]
            if inside:
                g = inside[0]
                for c in inside[1:]:
                    g = g.merge(c)
                groups.append(g)
    else:
        comps = [c for c in comps if a <= c.cx <= _reach(comps, a, b, line_h)]
        groups = _merge_x(comps)
        big = [g for g in groups if g.h >= 0.3 * line_h]
        groups = big
        groups = _split_wide(groups, bm)
    heights = sorted(g.h for g in groups) or [1]
    return Glyphs(
        [render(g) for g in groups],
        [(g.x0, g.x1) for g in groups],
        comb,
        float(heights[len(heights) // 2]),
    )


def _wall_left(c: Comp, x0: int, x1: int, comb: Comb) -> bool:
    """What is left of a cell's wall or rule where the comb slants a little (a sliver
    along a side of the cell), read as a 1 beside the digit if kept."""
    cw, ch = x1 - x0, comb.bottom - comb.top
    along_side = c.w <= max(3, 0.12 * cw) and (c.x0 - x0 < 0.2 * cw or x1 - c.x1 < 0.2 * cw)
    along_rule = c.h <= max(3, 0.12 * ch) and (
        c.y0 - comb.top < 0.2 * ch or comb.bottom - c.y1 < 0.2 * ch
    )
    return along_side or along_rule


def _reach(comps: list[Comp], a: float, b: float, line_h: float) -> float:
    """Where the number ends: ``b``, or further right when glyphs go on past the run
    (the first reading split the number and left its tail out of the run, "0701424 463
    47"): each next glyph-sized component at most 0.8 x line height from the last."""
    inside = [c for c in comps if a <= c.cx <= b]
    if not inside:
        return b
    right = max(c.x1 for c in inside)
    for c in sorted((c for c in comps if c.cx > b and c.h >= 0.5 * line_h), key=lambda c: c.x0):
        if c.x0 - right > 0.8 * line_h:
            break
        right = max(right, c.x1)
    return max(b, right - 0.5)


def _remove_walls(bm: Bitmap, x0: int, x1: int, min_len: int) -> None:
    """Clear vertical ink runs of at least ``min_len`` pixels between ``x0`` and ``x1``
    (a table cell's walls: digits are never that tall)."""
    if x1 <= x0 or bm.h < min_len:
        return
    cols = bm.image().crop((x0, 0, x1, bm.h)).transpose(Image.Transpose.TRANSPOSE)
    data = cols.tobytes()
    long = re.compile(rb"[^\x00]{%d,}" % min_len)
    for i in range(x1 - x0):
        for m in long.finditer(data, i * bm.h, (i + 1) * bm.h):
            x = x0 + i
            for y in range(m.start() - i * bm.h, m.end() - i * bm.h):
                bm.rows[y][x] = 0


def _cut_dots(bm: Bitmap, comps: list[Comp], line_h: float, cut: bool) -> bool:
    """Remove the dots of a dotted guide line from ``bm``: at least 4 small, evenly spaced
    blobs on one row. With ``cut``, dots touching the handwriting are cut off it too: every
    place the row's spacing puts a dot is cleared. True if a guide line was found."""
    small = [c for c in comps if c.h <= 0.3 * line_h and c.w <= 0.35 * line_h]
    if len(small) < 4:
        return False
    ys = sorted(c.cy for c in small)
    best_y, best_n = ys[0], 0  # the densest row of small blobs
    tol = max(2.0, 0.1 * line_h)
    for y in ys:
        n = sum(1 for v in ys if abs(v - y) <= tol)
        if n > best_n:
            best_y, best_n = y, n
    if best_n < 4:
        return False
    dots = sorted((c for c in small if abs(c.cy - best_y) <= tol), key=lambda c: c.cx)
    steps = sorted(b.cx - a.cx for a, b in itertools.pairwise(dots))
    pitch = steps[len(steps) // 2]
    widths = sorted(c.w for c in dots)
    heights = sorted(c.h for c in dots)
    dw, dh = widths[len(widths) // 2], heights[len(heights) // 2]
    y0 = max(0, round(best_y - dh / 2 - 1.5))
    y1 = min(bm.h, round(best_y + dh / 2 + 2.5))
    for c in dots:  # the dots themselves
        for y, a, b in c.runs:
            bm.clear(y, a, b)
    if pitch < 1.5 * dw or not cut:
        return True
    half = 0.6 * dw + 1
    phase = dots[0].cx % pitch
    x = phase
    while x < bm.w:  # where the row puts a dot, under the handwriting too
        a, b = max(0, round(x - half)), min(bm.w, round(x + half) + 1)
        for y in range(y0, y1):
            bm.clear(y, a, b)
        x += pitch
    return True


def _merge_x(comps: list[Comp]) -> list[Comp]:
    """Pieces of one glyph (overlapping in x by half the narrower one) merged."""
    out: list[Comp] = []
    for c in sorted(comps, key=lambda c: c.x0):
        if out:
            p = out[-1]
            ov = min(p.x1, c.x1) - max(p.x0, c.x0)
            if ov >= 0.5 * min(p.w, c.w):
                out[-1] = p.merge(c)
                continue
        out.append(c)
    return out


def _split_wide(groups: list[Comp], bm: Bitmap) -> list[Comp]:
    """Split glyphs much wider than usual (touching digits) at their thinnest columns."""
    if len(groups) < 3:
        return groups
    widths = sorted(g.w for g in groups)
    med = widths[len(widths) // 2]
    heights = sorted(g.h for g in groups)
    ref = max(med, 0.45 * heights[len(heights) // 2])
    out: list[Comp] = []
    for g in groups:
        n = round(g.w / ref)
        if g.w < 1.5 * ref or n < 2:
            out.append(g)
            continue
        prof = [0] * g.w
        for _y, x0, x1 in g.runs:
            for x in range(x0, x1):
                prof[x - g.x0] += 1
        cuts = []
        for k in range(1, n):
            ideal = round(k * g.w / n)
            lo, hi = max(1, ideal - round(0.3 * ref)), min(g.w - 1, ideal + round(0.3 * ref))
            cut = min(range(lo, hi + 1), key=lambda x: (prof[x], abs(x - ideal)))
            cuts.append(g.x0 + cut)
        edges = [g.x0, *cuts, g.x1]
        for a, b in itertools.pairwise(edges):
            runs = [(y, max(x0, a), min(x1, b)) for y, x0, x1 in g.runs if x0 < b and x1 > a]
            if not runs:
                continue
            ys = [r[0] for r in runs]
            out.append(
                Comp(
                    min(r[1] for r in runs),
                    min(ys),
                    max(r[2] for r in runs),
                    max(ys) + 1,
                    sum(r[2] - r[1] for r in runs),
                    runs,
                )
            )
    return out


def assemble(
    g: Glyphs, target: int = 28, per_glyph: bool = False, gap: float = 0.4, bold: int = 0
) -> tuple[Image.Image, list[tuple[int, int]]]:
    """The glyphs side by side, black on white, scaled to ``target`` pixels high (each glyph
    on its own with ``per_glyph``), bottoms aligned, ``gap`` x target apart, strokes
    thickened by ``bold`` pixels. Returns the image and each glyph's x-range in it."""
    scale = target / max(1.0, g.height)
    pieces = []
    for img in g.images:
        s = min(target / max(1, img.height), 2.0 * scale) if per_glyph else scale
        w, h = max(1, round(img.width * s)), max(1, round(img.height * s))
        pieces.append(img.resize((w, h), Image.Resampling.BILINEAR))
    pad = target
    step = round(gap * target)
    width = sum(p.width for p in pieces) + step * max(0, len(pieces) - 1) + 2 * pad
    height = max([p.height for p in pieces] + [target]) + 2 * pad
    canvas = Image.new("L", (width, height), 0)
    x = pad
    base = pad + target
    spans = []
    for p in pieces:
        y = base - p.height if p.height <= target * 1.3 else pad
        canvas.paste(p, (x, max(0, y)))
        spans.append((x, x + p.width))
        x += p.width + step
    if bold:
        canvas = canvas.filter(ImageFilter.MaxFilter(2 * bold + 1))
    return canvas.point(lambda v: 255 - v), spans


# ---------------------------------------------------------------------------- re-read

CharsFn = Callable[[Image.Image], list[Char]]  # a digits-only Tesseract run with char boxes


@dataclass
class Variant:
    label: str
    image: Image.Image
    spans: list[tuple[int, int]]  # x-range of each glyph in the image
    ref: list[int | None]  # the reference glyph each glyph stands for
    n_ref: int  # glyphs of the reference segmentation


@dataclass
class Reading:
    label: str
    per_glyph: list[str | None]  # digits read over each reference glyph (None: no opinion)
    conf: float
    weight: float = 1.0  # votes it casts
    weights: list[float] | None = None  # votes per glyph, when they differ (shape readings)

    @property
    def complete(self) -> bool:
        return all(g is not None for g in self.per_glyph)

    @property
    def text(self) -> str:
        return "".join(g or "" for g in self.per_glyph)


# (label, threshold offset from Otsu's, dots cut off the glyphs): the first is the reference
SEGMENTATIONS = (
    ("otsu", 0, False),
    ("light", -25, False),
    ("dark", 20, False),
    ("otsu-cut", 0, True),
    ("light-cut", -25, True),
)
# (label, glyph height, each glyph to that height, thickened by, gap)
RENDERS = (
    ("", 28, False, 0, 0.4),
    ("norm", 28, True, 0, 0.4),
    ("bold", 28, False, 1, 0.4),
)


def variants(
    band: Image.Image,
    span: tuple[float, float],
    line_h: float,
    rows: tuple[float, float] | None = None,
    shapes: list[Reading] | None = None,
) -> tuple[list[Variant], Glyphs | None]:
    """Every binarisation x rendering of the field; the Otsu glyphs are the reference,
    unless another threshold finds more cells of a comb (a wall too faint or too broken
    at Otsu's merges two cells). With ``shapes``, each segmentation's glyphs are also put
    to the digit classifier (:func:`shape_reading`), one reading per segmentation
    appended to it."""
    base = otsu(band.histogram())
    out: list[Variant] = []
    segs = [
        (tlabel, glyphs(band, max(1, min(254, base + delta)), span, line_h, cut, rows))
        for tlabel, delta, cut in SEGMENTATIONS
        if not cut
    ]
    ref = max((g for _, g in segs), key=lambda g: len(g.comb.cells) if g.comb else 0)
    if ref.comb is None:
        ref = segs[0][1]
        segs += [  # guide line dots cut off: not in a comb
            (tlabel, glyphs(band, max(1, min(254, base + delta)), span, line_h, cut, rows))
            for tlabel, delta, cut in SEGMENTATIONS
            if cut
        ]
    else:  # only the thresholds that see the same cells: the others' glyphs straddle them
        n = len(ref.comb.cells)
        segs = [(t, g) for t, g in segs if g.comb is not None and len(g.comb.cells) == n]
    if not ref.images:
        return [], ref
    for tlabel, g in segs:
        if not g.images:
            continue
        mapping = _map(g.xs, ref.xs)
        if shapes is not None:
            shapes.append(shape_reading(tlabel, g, mapping, len(ref.images)))
        for rlabel, target, norm, bold, gap in RENDERS:
            img, spans = assemble(g, target=target, per_glyph=norm, bold=bold, gap=gap)
            label = f"{tlabel}{'+' + rlabel if rlabel else ''}"
            out.append(Variant(label, img, spans, mapping, len(ref.images)))
    return out, ref


SHAPE_WEIGHT = 3.5  # votes of a certain shape reading per glyph (Tesseract: 3 per segmentation)
SHAPE_MIN_P = 0.5  # below this the classifier gives no opinion on a glyph


def shape_reading(label: str, g: Glyphs, mapping: list[int | None], n_ref: int) -> Reading:
    """The digit classifier's reading of one segmentation's glyphs (:mod:`hoso.ocr.digits`):
    per reference glyph the digit it sees, weighing ``SHAPE_WEIGHT`` x its probability (no
    opinion when it is unsure or sees no single digit there)."""
    per: list[str | None] = [None] * n_ref
    weights = [0.0] * n_ref
    probs = []
    for (digit, p), r in zip(digits.classify(g.images), mapping, strict=True):
        probs.append(p)
        if r is None or digit is None or p < SHAPE_MIN_P:
            continue
        per[r] = (per[r] or "") + digit
        weights[r] = max(weights[r], SHAPE_WEIGHT * p)
    conf = 100 * sum(probs) / len(probs) if probs else 0.0
    return Reading(f"shape:{label}", per, conf, weights=weights)


def _map(xs: list[tuple[int, int]], ref: list[tuple[int, int]]) -> list[int | None]:
    """Each glyph's reference glyph: the one it overlaps by half the narrower width."""
    out: list[int | None] = []
    for a, b in xs:
        hits = [
            i for i, (c, d) in enumerate(ref) if min(b, d) - max(a, c) >= 0.5 * min(b - a, d - c)
        ]
        out.append(hits[0] if len(hits) == 1 else None)
    return out


def stack(images: list[Image.Image], gap: int = 30) -> tuple[Image.Image, list[tuple[int, int]]]:
    width = max(i.width for i in images)
    height = sum(i.height for i in images) + gap * (len(images) - 1)
    canvas = Image.new("L", (width, height), 255)
    bands = []
    y = 0
    for img in images:
        canvas.paste(img, (0, y))
        bands.append((y, y + img.height))
        y += img.height + gap
    return canvas, bands


def read_stack(variants: list[Variant], read: CharsFn) -> list[Reading]:
    """All variants stacked in one image, read in one Tesseract run; each character goes
    to the glyph under its centre, each glyph to its reference glyph. One reading per
    variant, in order."""
    per: list[list[Char]] = []
    start = 0
    while start < len(variants):  # in runs under Tesseract's image height limit
        end, height = start + 1, variants[start].image.height
        while end < len(variants) and height + 30 + variants[end].image.height < _MAX_STACK:
            height += 30 + variants[end].image.height
            end += 1
        img, bands = stack([v.image for v in variants[start:end]])
        part: list[list[Char]] = [[] for _ in bands]
        tops = [a for a, _ in bands]
        for ch in read(img):
            cy = (ch.bbox[1] + ch.bbox[3]) / 2
            k = bisect.bisect_right(tops, cy) - 1
            if 0 <= k < len(bands) and cy < bands[k][1]:
                part[k].append(ch)
        per += part
        start = end
    out = []
    for v, cs in zip(variants, per, strict=True):
        got = [""] * len(v.spans)
        for ch in sorted(cs, key=lambda c: c.bbox[0]):
            if ch.text.isdigit() and v.spans:
                cx = (ch.bbox[0] + ch.bbox[2]) / 2
                k = min(range(len(v.spans)), key=lambda i: _dist(cx, v.spans[i]))
                got[k] += ch.text
        refd: list[str | None] = [None] * v.n_ref
        for k, r in enumerate(v.ref):
            if r is not None:
                refd[r] = (refd[r] or "") + got[k]
        conf = sum(c.conf for c in cs) / len(cs) if cs else 0.0
        out.append(Reading(v.label, refd, conf))
    return out


def _dist(x: float, span: tuple[int, int]) -> float:
    a, b = span
    return 0.0 if a <= x <= b else min(abs(x - a), abs(x - b))


@dataclass
class Vote:
    text: str
    agree: int  # complete readings giving exactly ``text``
    total: int  # complete readings
    alts: list[str]
    winners: list[str] = field(default_factory=list)  # each reference glyph's reading


def vote(readings: list[Reading], n_ref: int) -> Vote:
    """Glyph by glyph: each reference glyph's commonest reading (several digits for glyphs
    that are really two touching digits, nothing for a stray mark); ties go to the
    earlier reading (the reference segmentation first)."""
    winners: list[str] = []
    runners: list[tuple[float, int, str]] = []
    for i in range(n_ref):
        opinions = [
            (r.per_glyph[i], r.weights[i] if r.weights else r.weight)
            for r in readings
            if r.per_glyph[i] is not None
        ]
        c: dict[str, float] = {}
        for o, w in opinions:
            if o is not None:
                c[o] = c.get(o, 0.0) + w
        if not c:
            winners.append("")
            continue
        order = [o for o, _ in opinions]
        ranked = sorted(c.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
        winners.append(ranked[0][0])
        if len(ranked) > 1:
            runners.append((ranked[1][1] / sum(c.values()), i, ranked[1][0]))
    text = "".join(winners)
    full = [r.text for r in readings if r.complete]
    texts = Counter(full)
    alts = [t for t, _ in texts.most_common() if t != text and t]
    for _share, i, alt in sorted(runners, reverse=True):  # one glyph read otherwise
        other = "".join(alt if k == i else w for k, w in enumerate(winners))
        if other not in alts and other != text and other:
            alts.append(other)
    return Vote(text, texts.get(text, 0), len(full), alts[:4], winners)


# ---------------------------------------------------------------------------- the page


@dataclass
class Reread:
    """The outcome of re-reading one candidate."""

    text: str
    conf: float
    alts: list[str]
    x0: float  # region replaced, in the page image
    x1: float
    comb: int  # cells of a comb (0: written free)
    note: str
    whole: bool = False  # the field reaches past the run: every token over it is replaced


@dataclass
class _Job:
    cand: Candidate
    variants: list[Variant]
    ref: Glyphs
    offset: int  # x of the band in the page image
    raw: str  # the first reading's digits (look-alikes mapped)
    raw_conf: float  # its lowest word confidence
    seconds: float
    readings: list[Reading] = field(default_factory=list)
    shapes: list[Reading] = field(default_factory=list)  # the digit classifier's
    span_end: float = 0.0  # right end of the run in the band (glyphs past it: reached)
    first: str = ""  # the first reading, look-alikes mapped, slashes kept (dates)

    @property
    def x_range(self) -> tuple[float, float]:
        if self.ref.comb is not None:
            a, b = self.ref.comb.cells[0][0], self.ref.comb.cells[-1][1]
        else:
            a, b = self.ref.xs[0][0], self.ref.xs[-1][1]
        return float(a + self.offset), float(b + self.offset)


def reread_numbers(
    image: Image.Image, result: OcrResult, read: CharsFn, notes: list[str]
) -> OcrResult:
    """``result`` with every number candidate read again on its own (see the module notes):
    its tokens (and, for a comb or a number reaching past the run, every token over it)
    replaced by one word holding
    the voted number, with a confidence from the agreement and the other readings in
    ``alts``. A candidate whose re-read gives nothing usable keeps its first reading.
    All the candidates of a page are read in one Tesseract run. ``image`` is the image
    ``result`` was read from."""
    cands = find_candidates(result)
    if not cands:
        return result
    if len(cands) > _MAX_CANDIDATES:  # a form has a handful: this is a garbled reading
        notes.append(f"number re-read skipped: {len(cands)} candidates (a garbled reading)")
        return result
    gray = image if image.mode == "L" else image.convert("L")
    jobs: list[_Job] = []
    for cand in cands:
        cx = (cand.box[0] + cand.box[2]) / 2
        if any(
            j.cand.line == cand.line and j.x_range[0] - 1 <= cx <= j.x_range[1] + 1 for j in jobs
        ):
            continue  # part of a field already prepared (a comb read as two runs)
        job = _prepare(gray, result, cand)
        if job is not None:  # else nothing there to read (a dotted line read as digits)
            jobs.append(job)
    if not jobs:
        return result
    t0 = time.perf_counter()
    readings = read_stack([v for j in jobs for v in j.variants], read)
    seconds = (time.perf_counter() - t0) / len(jobs)
    k = 0
    done: dict[int, list[tuple[Candidate, Reread]]] = {}
    for job in jobs:
        job.readings = readings[k : k + len(job.variants)]
        k += len(job.variants)
        line = result.lines[job.cand.line]
        was = " ".join(w.text for w in line[job.cand.first : job.cand.last + 1])
        got = _decide(job)
        took = f"({job.seconds + seconds:.2f} s)"
        if isinstance(got, str):
            notes.append(f"number re-read: {got}; kept {was[:40]!r} {took}")
            continue
        notes.append(f"{got.note}, was {was[:40]!r} {took}")
        done.setdefault(job.cand.line, []).append((job.cand, got))
    if not done:
        return result
    return _replace(result, done)


def _prepare(gray: Image.Image, result: OcrResult, cand: Candidate) -> _Job | None:
    """The candidate's glyphs and variants, cut from a band of the page around it."""
    t0 = time.perf_counter()
    line = result.lines[cand.line]
    heights = sorted(w.bbox[3] - w.bbox[1] for w in line)
    line_h = float(heights[len(heights) // 2])
    x0 = max(0, round(cand.box[0] - 15 * line_h))  # room for the whole of a comb
    x1 = min(gray.width, round(cand.box[2] + 15 * line_h))
    y0 = max(0, round(cand.box[1] - 0.6 * line_h))
    y1 = min(gray.height, round(cand.box[3] + 0.6 * line_h))
    band = _level(gray.crop((x0, y0, x1, y1)), (cand.box[0] - x0, cand.box[2] - x0))
    span = (cand.box[0] - 0.3 * line_h - x0, cand.box[2] + 0.3 * line_h - x0)
    shapes: list[Reading] | None = [] if digits.available() else None
    vs, ref = variants(band, span, line_h, (cand.box[1] - y0, cand.box[3] - y0), shapes)
    if ref is None or not vs:
        return None
    words = line[cand.first : cand.last + 1]
    raw = "".join(_LOOK.get(ch, ch) for w in words for ch in w.text)
    raw = "".join(ch for ch in raw if ch.isdigit())
    raw_conf = min(w.conf for w in words)
    job = _Job(cand, vs, ref, x0, raw, raw_conf, time.perf_counter() - t0)
    job.shapes = shapes or []
    job.span_end = span[1]
    mapped = "".join(_LOOK.get(ch, ch) for w in words for ch in w.text.strip(_EDGE))
    job.first = "".join(ch for ch in mapped if ch.isdigit() or ch in "/⁄").replace("⁄", "/")
    return job


def _level(band: Image.Image, xs: tuple[float, float]) -> Image.Image:
    """The band turned level when its rules and text run at a slant (a page photographed
    at an angle is straight overall, not everywhere: a comb's rules slanting 1-2° break
    into runs too short to be rules). The angle is the one, in steps of a quarter degree up
    to 3°, under which the ink's rows are sharpest; the band turns about the field's
    middle, so the field stays where the reading has it."""
    small = band.reduce(2) if band.height >= 40 else band
    ink = small.point(lambda v: 255 if v < otsu(small.histogram()) else 0)
    cx = (xs[0] + xs[1]) / 2 / (band.width / small.width)

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, center=(cx, ink.height / 2))
        rows = np.asarray(turned, dtype=np.float32).sum(axis=1)
        return float((rows * rows).sum())

    angles = [a / 4 for a in range(-_LEVEL_STEPS, _LEVEL_STEPS + 1)]
    scores = {a: sharpness(a) for a in angles}
    best = max(angles, key=lambda a: (scores[a], -abs(a)))
    if abs(best) < _LEVEL_MIN or scores[best] < _LEVEL_GAIN * scores[0.0]:
        return band
    return band.rotate(
        best,
        resample=Image.Resampling.BICUBIC,
        center=((xs[0] + xs[1]) / 2, band.height / 2),
        fillcolor=255,
    )


_LEVEL_STEPS = 12  # quarter degrees each way
_LEVEL_MIN = 0.5  # degrees: less is level enough
_LEVEL_GAIN = 1.1  # the rows' sharpness must gain this much


def _no_slash(r: Reading) -> Reading:
    """A shape reading with its "/" opinions dropped (a number has no slashes)."""
    if "/" not in r.per_glyph:
        return r
    per = [None if g == "/" else g for g in r.per_glyph]
    return Reading(r.label, per, r.conf, r.weight, r.weights)


def _decide(job: _Job) -> Reread | str:
    """The vote on one candidate's readings (the first reading votes too when it has as
    many digits as there are glyphs); a string says why nothing usable came out."""
    if job.cand.kind == "date":
        return _decide_date(job)
    if job.cand.kind == "comb" and job.ref.comb is None:
        return "no comb under the word of capitals"
    readings = list(job.readings) + [_no_slash(r) for r in job.shapes]
    n_ref = len(job.ref.images)
    if len(job.raw) == n_ref:  # worth 1 to 3 readings, by its confidence
        readings.append(Reading("first", list(job.raw), job.raw_conf, 1 + job.raw_conf / 50))
    v = vote(readings, n_ref)
    if len(v.text) < MIN_DIGITS:
        return f"{len(v.text)} digits read"
    share = v.agree / max(1, v.total)
    conf = round(40 + 55 * share, 1)
    comb = len(job.ref.comb.cells) if job.ref.comb is not None else 0
    x0, x1 = job.x_range
    where = f"a comb of {comb} cells" if comb else "written free"
    note = f"number re-read ({where}): {len(v.text)} digits, {v.agree}/{v.total} readings agree"
    whole = bool(comb) or job.ref.xs[-1][1] > job.span_end + 2
    return Reread(v.text, conf, v.alts, x0, x1, comb, note, whole)


def _decide_date(job: _Job) -> Reread | str:
    """A date's glyphs: the two slashes are the glyphs most shape readings call "/" (or,
    failing that, where the first reading has them when it has a character per glyph);
    the digits between are voted on like a number's. The result must be a possible date
    (dd/mm/yyyy, 19xx or 20xx), else the first reading stays."""
    n_ref = len(job.ref.images)
    first = job.first if len(job.first) == n_ref else ""
    votes = [sum(1 for r in job.shapes if r.per_glyph[i] == "/") for i in range(n_ref)]
    seps = [i for i in range(n_ref) if 2 * votes[i] > len(job.shapes)]
    if len(seps) != 2 and first.count("/") == 2:
        seps = [i for i, ch in enumerate(first) if ch == "/"]
    if len(seps) != 2:
        return "a date whose slashes were not found"
    digit_glyphs = [i for i in range(n_ref) if i not in seps]

    def blank(r: Reading) -> Reading:  # no opinion on the slashes' glyphs
        per = [None if i in seps or g == "/" else g for i, g in enumerate(r.per_glyph)]
        return Reading(r.label, per, r.conf, r.weight, r.weights)

    readings = [blank(r) for r in (*job.readings, *job.shapes)]
    if first:
        readings.append(blank(Reading("first", list(first), job.raw_conf, 1 + job.raw_conf / 50)))
    v = vote(readings, n_ref)
    text = "".join("/" if i in seps else v.winners[i] for i in range(n_ref))
    if not _DATE.fullmatch(text):
        return f"a date read as {text!r}"
    full = [r for r in readings if all(r.per_glyph[i] is not None for i in digit_glyphs)]
    agree = sum(1 for r in full if all(r.per_glyph[i] == v.winners[i] for i in digit_glyphs))
    conf = round(40 + 55 * agree / max(1, len(full)), 1)
    alts = []
    for r in full:
        alt = "".join("/" if i in seps else (r.per_glyph[i] or "") for i in range(n_ref))
        if alt != text and alt not in alts and _DATE_SHAPE.fullmatch(alt):
            alts.append(alt)
    x0, x1 = job.x_range
    note = f"date re-read: {agree}/{len(full)} readings agree"
    whole = job.ref.xs[-1][1] > job.span_end + 2
    return Reread(text, conf, alts[:4], x0, x1, 0, note, whole)


def _replace(result: OcrResult, done: dict[int, list[tuple[Candidate, Reread]]]) -> OcrResult:
    """The reading with each re-read field's tokens replaced by one word."""
    out = OcrResult()
    for li, (line, block) in enumerate(zip(result.lines, result.blocks, strict=True)):
        reads = done.get(li, [])
        new_line: list[Word] = []
        placed: set[int] = set()
        for k, w in enumerate(line):
            hit = next((n for n, (c, rr) in enumerate(reads) if _covers(c, rr, k, w)), None)
            if hit is None:
                new_line.append(w)
                continue
            if hit in placed:
                continue
            placed.add(hit)
            cand, rr = reads[hit]
            members = [x for j, x in enumerate(line) if _covers(cand, rr, j, x)]
            glued = cand.kind != "comb"  # a word of capitals over a comb is all comb
            before = _glued(members[0], first=True) if glued else None
            after = _glued(members[-1], first=False) if glued else None
            if before is not None:
                new_line.append(before)
            new_line.append(
                Word(
                    text=rr.text,
                    conf=rr.conf,
                    bbox=(
                        rr.x0,
                        min(x.bbox[1] for x in members),
                        rr.x1,
                        max(x.bbox[3] for x in members),
                    ),
                    line=w.line,
                    block=w.block,
                    alts=rr.alts,
                )
            )
            if after is not None:
                new_line.append(after)
        out.lines.append(new_line)
        out.blocks.append(block)
        out.words.extend(new_line)
    return out


def _covers(cand: Candidate, rr: Reread, k: int, w: Word) -> bool:
    """Token ``k`` of the line is part of the re-read field: one of the candidate's
    tokens, or any token over the comb (or the number reaching past the run)."""
    if cand.first <= k <= cand.last:
        return True
    return rr.whole and rr.x0 <= (w.bbox[0] + w.bbox[2]) / 2 <= rr.x1
