"""Generic person labels ("Số định danh cá nhân", "Năm sinh"): the attribute a label names
whichever field of the paper it was found for, so that in another person's part it is
that person's."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from hoso.understand.fields._labels import PERSON_LABELS, Hit, cell_left
from hoso.understand.layout import Row, key

_CUT_WORDS = 4  # words a generic label wrapped in its cell keeps on its first line
_GENERIC = {key(lab): attr for attr, labs in PERSON_LABELS.items() for lab in labs}


def generic_attr(rows: Sequence[Row], hit: Hit) -> str | None:
    """The attribute a label names when its words are the generic ones ("Số định danh cá
    nhân", not "... của mẹ"), whichever field of the paper it was found for."""
    words = " ".join(t.key for t in rows[hit.row].toks[hit.start : hit.end] if t.key)
    best = max(_GENERIC, key=lambda g: fuzz.ratio(g, words))
    if fuzz.ratio(best, words) >= 90:
        return _GENERIC[best]
    # a narrow table cell wraps the label ("Số định danh cá" over "nhân"): its first words,
    # or fewer of them with the rest read under them ("Số định danh" over "cá nhân" in the
    # mother's part: dev20 14566, her number taken for the requester's)
    cut = [g for g in _GENERIC if g.startswith(words + " ")]
    if len(cut) != 1:
        return None
    if len(words.split()) >= _CUT_WORDS or _tail_under(rows, hit, cut[0][len(words) + 1 :]):
        return _GENERIC[cut[0]]
    return None


def _tail_under(rows: Sequence[Row], hit: Hit, tail: str) -> bool:
    """The rest of a wrapped label first thing under its head, in the head's cell."""
    r = hit.row
    if r + 1 >= len(rows) or rows[r + 1].page != rows[r].page:
        return False
    row = rows[r]
    lo = cell_left(row, hit.start, max(8.0, row.y1 - row.y0))
    under = [t.key for t in rows[r + 1].toks if lo <= t.x0 <= row.toks[hit.end - 1].x1 and t.key]
    n = len(tail.split())
    return len(under) >= n and fuzz.ratio(tail, " ".join(under[:n])) >= 80
