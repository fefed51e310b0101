"""A paper's words as visual rows, whatever produced them (OCR, a PDF text layer, plain text).

Forms put labels and values side by side, in two columns, in table cells or under each other
(ID cards). Reading them needs geometry: each page's words are gathered into *rows* (words
whose vertical extents overlap, across Tesseract's blocks and columns), left to right, so that
"label: value" pairs, the column a value sits in and the row under a label can be found.
Pages that come without word boxes (plain text) get one row per line with positions by
character offset, which keeps the same logic working on a single column.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from hoso.model import PageText
from hoso.text import fold, nfc

_NON_KEY = re.compile(r"[^0-9a-z]+")
_LEADER = re.compile(r"^[.…·_\-]{3,}$|^[.…]{2,}[^\w]*$")


_WALLS = {"|", "[", "]"}
_FOOTNOTE = re.compile(r"(?<=[a-z])(\d{1,2})\)$")


def key(text: str) -> str:
    """Folded, punctuation-free form used for matching labels; a footnote's number glued
    to a label's last word ("tùythân3)" for "tùy thân(3)") is a word of its own."""
    return " ".join(_NON_KEY.sub(" ", _FOOTNOTE.sub(r" \1", fold(text))).split())


@dataclass
class Tok:
    text: str  # NFC
    key: str  # folded, no punctuation ("" for pure punctuation such as leader dots)
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float = 100.0
    page: int = 0
    alts: tuple[str, ...] = ()  # other readings of a number read again (hoso.ocr.numbers)
    unanimous: bool = False  # a number read again, every reading alike (Word.unanimous)
    letters: str = ""  # an unsure word as the second reader read it (Word.letters)
    confirmed: bool = False  # a number the second reader read alike, surely (Word.confirmed)

    @property
    def leader(self) -> bool:
        """Dotted guide line or a run of filler dots/underscores."""
        return bool(_LEADER.match(self.text)) or (not self.key and len(self.text) >= 3)

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Row:
    toks: list[Tok] = field(default_factory=list)
    page: int = 0

    @property
    def y0(self) -> float:
        return min(t.y0 for t in self.toks)

    @property
    def y1(self) -> float:
        return max(t.y1 for t in self.toks)

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.toks)

    def key_index(self) -> tuple[str, list[int]]:
        """The row's key string and, for each of its characters, the index of its token."""
        parts: list[str] = []
        owner: list[int] = []
        for i, t in enumerate(self.toks):
            if not t.key:
                continue
            if parts:
                parts.append(" ")
                owner.append(i)
            parts.append(t.key)
            owner.extend([i] * len(t.key))
        return "".join(parts), owner


def _sideways(lines: list[list[Tok]]) -> list[list[Tok]]:
    """Tesseract reads text lines that run up or down the image as such and reports their
    boxes in the image's coordinates; turn them so that lines run left to right, top to
    bottom (whichever of the two quarter turns puts the reader's lines in order)."""
    spans = [ln for ln in lines if len(ln) >= 2]
    tall = sum(
        1
        for ln in spans
        if max(t.y1 for t in ln) - min(t.y0 for t in ln)
        > 2 * (max(t.x1 for t in ln) - min(t.x0 for t in ln))
    )
    if not spans or tall < 0.6 * len(spans):
        return lines
    width = max(t.x1 for ln in lines for t in ln)
    height = max(t.y1 for ln in lines for t in ln)

    def turn(t: Tok, clockwise: bool) -> Tok:
        if clockwise:  # the line ran downwards: its top was on the right
            x0, y0, x1, y1 = t.y0, width - t.x1, t.y1, width - t.x0
        else:
            x0, y0, x1, y1 = height - t.y1, t.x0, height - t.y0, t.x1
        return replace(t, x0=x0, y0=y0, x1=x1, y1=y1)

    best: list[list[Tok]] = lines
    best_order = -1
    for clockwise in (True, False):
        turned = [[turn(t, clockwise) for t in ln] for ln in lines]
        ys = [sum(t.y0 for t in ln) / len(ln) for ln in turned if ln]
        order = sum(1 for a, b in itertools.pairwise(ys) if b > a)
        if order > best_order:
            best, best_order = turned, order
    return best


_GLUED = re.compile(r"(?<=[^\W\d_]):(?=\S)")


def _glued(text: str) -> list[tuple[str, float, float]]:
    """A word read with the number after a label's colon ("nhân:|0", "sinh:12/03/1990"):
    the label's word and the number, each with its share of the box. A colon between
    digits ("10:05") is no label's."""
    m = _GLUED.search(text)
    if m is None or not any(ch.isdigit() for ch in text[m.end() :]):
        return [(text, 0.0, 1.0)]  # "sø:No:": a label's words, both
    cut = m.end() / len(text)
    return [(text[: m.end()], 0.0, cut), (text[m.end() :], cut, 1.0)]


def _page_toks(page: PageText, index: int) -> list[list[Tok]]:
    """Lines of tokens as the reader grouped them."""
    if page.words:
        by_line: dict[tuple[int, int], list[Tok]] = {}
        for w in page.words:
            text = nfc(w.text)
            if not text.strip() or text.strip() in _WALLS:
                continue  # nothing, or a table's wall read as a mark
            x0, y0, x1, y1 = w.bbox
            line = by_line.setdefault((w.block, w.line), [])
            for part, a, b in _glued(text):  # "nhân:|0": a label's colon and the value
                px0, px1 = x0 + (x1 - x0) * a, x0 + (x1 - x0) * b
                alts = tuple(w.alts) if part == text else ()
                agreed = w.unanimous and part == text
                letters = nfc(w.letters) if part == text else ""
                sure = w.confirmed and part == text
                tok = Tok(
                    part, key(part), px0, y0, px1, y1, w.conf, index, alts, agreed, letters, sure
                )
                line.append(tok)
        return _sideways(list(by_line.values()))
    out: list[list[Tok]] = []
    for n, raw in enumerate(nfc(page.text).splitlines()):
        toks: list[Tok] = []
        pos = 0
        for m in re.finditer(r"\S+", raw):
            pos = m.start()
            text = m.group(0)
            toks.append(Tok(text, key(text), pos * 10.0, n * 30.0, (pos + len(text)) * 10.0,
                            n * 30.0 + 20.0, 100.0, index))  # fmt: skip
        if toks:
            out.append(toks)
    return out


def _tall_cut(lines: Sequence[Sequence[Tok]]) -> float:
    """A token this tall is no line's word: noise down a scan's edge read as one token
    (dev27 16366: 470 px high, a line 45), which would make its row swallow every line
    beside it."""
    heights = sorted(t.y1 - t.y0 for ln in lines for t in ln)
    return _TALL * heights[len(heights) // 2] if heights else math.inf


_TALL = 4.0  # times the page's median token height


def _span(toks: Sequence[Tok], cut: float) -> tuple[float, float]:
    """The top and bottom of a line or row, tokens taller than ``cut`` aside."""
    kept = [t for t in toks if t.y1 - t.y0 <= cut] or list(toks)
    return min(t.y0 for t in kept), max(t.y1 for t in kept)


def _stacked(line: Sequence[Tok]) -> bool:
    """Two of the line's tokens one above the other (across each other's width, apart in
    height): no line of text but a strip of noise read as one (dev22 15158: marks down a
    form's margin, joined to the row of one of its labels)."""
    toks = sorted(line, key=lambda t: t.x0)
    for i, a in enumerate(toks):
        for b in toks[i + 1 :]:
            if b.x0 >= a.x1:
                break
            if min(a.y1, b.y1) <= max(a.y0, b.y0):
                return True
    return False


def rows_of(pages: Sequence[PageText]) -> list[Row]:
    """Visual rows of every page, top to bottom, pages in order."""
    rows: list[Row] = []
    for index, page in enumerate(pages):
        lines = _page_toks(page, index)
        lines.sort(key=lambda ts: min(t.y0 for t in ts))
        cut = _tall_cut(lines)
        # lines of nothing but such tokens, or of tokens one above another, come last: no
        # line's neighbour
        noise: list[list[Tok]] = []
        text: list[list[Tok]] = []
        for ln in lines:
            tall = all(t.y1 - t.y0 > cut for t in ln)
            (noise if tall or _stacked(ln) else text).append(ln)
        page_rows: list[Row] = []
        for toks in text:
            y0, y1 = _span(toks, cut)
            x0, x1 = min(t.x0 for t in toks), max(t.x1 for t in toks)
            h = max(1.0, y1 - y0)
            target = None
            for row in reversed(page_rows[-4:]):
                ry0, ry1 = _span(row.toks, cut)
                overlap = min(y1, ry1) - max(y0, ry0)
                # side by side only (another column or card), never two stacked lines
                beside = all(t.x1 <= x0 or t.x0 >= x1 for t in row.toks)
                if beside and overlap >= 0.5 * min(h, max(1.0, ry1 - ry0)):
                    target = row
                    break
            if target is None:
                page_rows.append(Row(list(toks), index))
            else:
                target.toks.extend(toks)
        page_rows += [Row(list(toks), index) for toks in noise]
        for row in page_rows:
            row.toks.sort(key=lambda t: t.x0)
        rows.extend(page_rows)
    return rows
