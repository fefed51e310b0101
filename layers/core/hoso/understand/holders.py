"""One page, several people's cards: split it into one page per holder.

Couples bring their two ID cards photocopied on one A4 sheet (each card's front and back
side by side, the two cards one above the other, or four pieces in a grid). Read as one
paper, the sheet mixes the two holders: one card's number with the other's name and birth
date. The page is cut by the empty bands between the pieces (XY cut on the word boxes:
rows of pieces first, then the pieces of each row); each piece's ID number (printed, or
the last twelve digits of a chip card's machine-readable zone) says whose it is. When two
or more different numbers are found, the words of each holder's pieces become a page of
their own (a piece without a number goes with the nearest piece in its row, else the
nearest piece); otherwise the page is left whole.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from hoso import idnumber
from hoso.model import PageText, Word
from hoso.text import fold

_GAP = 2.5  # empty band, in median word heights, between two pieces
_MRZ_ID = re.compile(r"[1IT][D0O]VNM\d{10}(\d{12})")
_PREFIXED = re.compile(r"(?<!\d)\d{13,14}(?!\d)")
_DATE_YEAR = re.compile(r"\d{1,2}/\d{1,2}/((?:19|20)\d\d)")
_GROUP = re.compile(r"[(\[|]?\d{2,8}[)\]|.,]?")  # a group of a number's digits
_CERTIFIED = re.compile(r"chung thuc|cong chung|vao so")

Box = tuple[float, float, float, float]


def split_holders(page: PageText) -> list[PageText]:
    """``page`` as one page per card holder, or ``[page]`` when it shows one holder (or
    cannot tell)."""
    words = [w for w in page.words if w.text.strip()]
    if len(words) < 8:
        return [page]
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    gap = _GAP * max(1.0, heights[len(heights) // 2])
    pieces = [
        col for row in _cut(words, 1, gap) for col in _cut(row, 0, gap)
    ]  # rows of pieces, then the pieces of each row
    if len(pieces) < 2:
        return [page]
    owners = [_holder(p) for p in pieces]
    read = {o for o in owners if o is not None and not o.startswith("+")}
    for i, o in enumerate(owners):
        if o is not None and o.startswith("+"):  # a number read with a prefix: another's
            near = [r for r in read if Levenshtein.distance(r, o[1:]) <= 2]  # unless misread
            owners[i] = near[0] if near else o[1:]
    first: dict[str, str] = {}  # last nine digits (a chip zone checks those) -> first number
    for i, o in enumerate(owners):
        if o is not None:
            owners[i] = first.setdefault(o[3:], o)  # "049195565888" in the zone, "040..." printed
    holders = list(dict.fromkeys(o for o in owners if o is not None))
    if len(holders) < 2:
        return [page]
    boxes = [_box(p) for p in pieces]
    for i, owner in enumerate(owners):
        if owner is None:
            owners[i] = owners[_nearest(i, boxes, owners)]
    out = []
    for holder in holders:
        mine = [w for p, o in zip(pieces, owners, strict=True) if o == holder for w in p]
        out.append(_page_of(page, mine))
    return out


def _cut(words: list[Word], axis: int, gap: float) -> list[list[Word]]:
    """``words`` split where an empty band at least ``gap`` wide runs across them (along
    y for ``axis`` 1, along x for 0)."""
    spans = sorted(words, key=lambda w: w.bbox[axis])
    groups: list[list[Word]] = [[spans[0]]]
    end = spans[0].bbox[axis + 2]
    for w in spans[1:]:
        if w.bbox[axis] - end >= gap:
            groups.append([])
        groups[-1].append(w)
        end = max(end, w.bbox[axis + 2])
    return groups


def _holder(piece: list[Word]) -> str | None:
    """The one ID number a piece shows (printed, or in its machine-readable zone); "+"
    before it: read with a prefix, its last twelve digits taken."""
    found: set[str] = set()
    years = {int(y) for w in piece for y in _DATE_YEAR.findall(w.text)}
    certified = _certification_lines(piece)
    for w in piece:
        if (w.block, w.line) in certified:
            continue  # "Số chứng thực: 938202202658": a certified copy's entry, no one's ID
        text = w.text.upper().replace("O", "0")
        m = _MRZ_ID.search(text)
        if m:
            found.add(m.group(1))
        elif "<" not in text:
            found.update(idnumber.IN_TEXT.findall(re.sub(r"[^0-9]", " ", w.text)))
            # the "Số" before the number read as digits ("50038188109264"): its last
            # twelve, when they can be a number whose year is a date's on the piece
            found.update(
                "+" + run[-12:]
                for run in _PREFIXED.findall(w.text)
                if idnumber.parse(run[-12:]).valid and idnumber.birth_year(run[-12:]) in years
            )
    found |= _spaced_numbers(piece, years, certified)
    return found.pop() if len(found) == 1 else None


def _spaced_numbers(
    piece: list[Word], years: set[int], certified: set[tuple[int, int]]
) -> set[str]:
    """A number read in groups ("(079195 6853 53": dev40 19551, two cards stacked on a
    sheet taken for one): twelve digits of a line's consecutive digit groups, when they
    can be a number whose year is a date's on the piece."""
    lines: dict[tuple[int, int], list[str]] = {}
    for w in piece:
        if (w.block, w.line) not in certified:
            lines.setdefault((w.block, w.line), []).append(w.text)
    out: set[str] = set()
    for texts in lines.values():
        for i in range(len(texts)):
            run = ""
            for t in texts[i:]:
                if not _GROUP.fullmatch(t):
                    break
                run += re.sub(r"\D", "", t)
                if len(run) >= 12:
                    break
            ok = len(run) == 12 and idnumber.parse(run).valid
            if ok and idnumber.birth_year(run) in years:
                out.add(run)
    return out


def _certification_lines(piece: list[Word]) -> set[tuple[int, int]]:
    """The lines of a certified copy's stamp that number its entry in the register."""
    lines: dict[tuple[int, int], list[str]] = {}
    for w in piece:
        lines.setdefault((w.block, w.line), []).append(w.text)
    return {k for k, ws in lines.items() if _CERTIFIED.search(fold(" ".join(ws)))}


def _box(piece: list[Word]) -> Box:
    return (
        min(w.bbox[0] for w in piece),
        min(w.bbox[1] for w in piece),
        max(w.bbox[2] for w in piece),
        max(w.bbox[3] for w in piece),
    )


def _nearest(i: int, boxes: list[Box], owners: list[str | None]) -> int:
    """The piece with a holder nearest to piece ``i``: side by side first (a card's front
    and back), then anywhere."""
    x0, y0, x1, y1 = boxes[i]

    def distance(j: int) -> tuple[bool, float]:
        a0, b0, a1, b1 = boxes[j]
        overlap = min(y1, b1) - max(y0, b0) > 0.5 * min(y1 - y0, b1 - b0)
        dx = max(0.0, a0 - x1, x0 - a1)
        dy = max(0.0, b0 - y1, y0 - b1)
        return (not overlap, dx + dy)

    return min((j for j, o in enumerate(owners) if o is not None), key=distance)


def _page_of(page: PageText, words: list[Word]) -> PageText:
    """A page holding only ``words`` (its text rebuilt line by line, top to bottom)."""
    lines: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        lines.setdefault((w.block, w.line), []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: (min(w.bbox[1] for w in ws), ws[0].bbox[0]))
    text = "\n".join(
        " ".join(w.text for w in sorted(ws, key=lambda w: w.bbox[0])) for ws in ordered
    )
    confs = [w.conf for w in words]
    return replace(
        page,
        text=text,
        words=list(words),
        confidence=round(sum(confs) / len(confs), 2) if confs else page.confidence,
    )
