"""Values written off their label's line: under it (a card's, a narrow cell's), at the start
of the next line (running text, or a column's next line), further down its column (a
card's dates)."""

from __future__ import annotations

from collections.abc import Sequence

from hoso.understand.fields._labels import NUMBERING, Hit
from hoso.understand.fields._parse import DATE_NUM
from hoso.understand.layout import Row, Tok
from hoso.understand.values import DIGIT_LOOKALIKES

CRUMB_WORDS = 2  # words of what a crumb under a label reads as, at most ...
CRUMB_CHARS = 16  # ... and letters and digits in all (a label's word, not a line of text)


def below(rows: Sequence[Row], hits: list[list[Hit]], r: int, x0: float, x1: float,
           left: bool) -> tuple[int, list[Tok]] | None:  # fmt: skip
    """Tokens of the next row under [x0, x1) (``left``: starting near x0), unless a label
    starts there."""
    row = rows[r]
    h = max(8.0, row.y1 - row.y0)
    for nr in range(r + 1, min(len(rows), r + 3)):
        nxt = rows[nr]
        if nxt.page != row.page or nxt.y0 - row.y1 > 2.5 * h:
            return None
        under = [i for i, t in enumerate(nxt.toks) if t.x0 >= x0 - 1.5 * h and t.x1 <= x1 + 1.5 * h]
        if not under:
            continue
        toks = [nxt.toks[i] for i in under]
        if left and toks[0].x0 > x0 + 4 * h:
            return None
        if toks[0].x0 > x0 + 8 * h:
            continue  # text off to the right (the other card of a copy), not under the label
        if (
            any(x0 - 1.5 * h <= nxt.toks[hit.start].x0 < x1 for hit in hits[nr])
            or any(t.text.endswith(":") for t in toks[:4])
            or numbered_label(nxt.toks[max(0, under[0] - 1) :])
        ):  # a label there (ours or any other: "Số điện thoại:"): nothing written under ours
            return None
        return nr, toks
    return None


def crumb(toks: Sequence[Tok]) -> bool:
    """A word or two, no line of text: an edge or a speck read as letters ("kì 2"), the
    rest of a bilingual label ("tdentiica," of "Identification number")."""
    return (
        len(toks) <= CRUMB_WORDS and sum(ch.isalnum() for t in toks for ch in t.text) <= CRUMB_CHARS
    )


def numbered_label(toks: list[Tok]) -> bool:
    """Another field's numbered label begins the tokens, or their first but one ("5. Số
    điện thoại liên hệ:", the number left of the label's column)."""
    return any(
        NUMBERING.match(toks[i].text) and any(t.text.endswith(":") for t in toks[i + 1 : i + 9])
        for i in range(min(2, len(toks)))
    )


def column_left(row: Row, hit: Hit, h: float) -> float:
    """Where the label's column begins: at the label when a wide gap is before it (a
    two-column form's right column, whose next line begins with the left one's text). A
    gap no wider than twice the line's usual one is justified text's (dev34 18151: a land
    certificate's "..., năm sinh: 1968,   CCCD số:" with the number on the next line)."""
    w = next((i for i in range(hit.start, hit.end) if row.toks[i].key), hit.start)  # not ";"
    if not w:
        return 0.0
    gap = row.toks[w].x0 - row.toks[w - 1].x1
    others = sorted(
        b.x0 - a.x1 for a, b in zip(row.toks, row.toks[1:], strict=False) if b is not row.toks[w]
    )
    usual = others[len(others) // 2] if others else 0.0
    return row.toks[w].x0 - h if gap > max(1.5 * h, 2 * usual) else 0.0


def run_on(rows: Sequence[Row], hits: list[list[Hit]], r: int, left: float) -> list[Tok]:
    """The words that begin the next line (of the label's column, from ``left``), up to its
    first label or punctuation."""
    if r + 1 >= len(rows) or rows[r + 1].page != rows[r].page:
        return []
    nxt = rows[r + 1]
    h = max(8.0, rows[r].y1 - rows[r].y0)
    if nxt.y0 - rows[r].y1 > 2.5 * h:
        return []
    end = min((hit.start for hit in hits[r + 1]), default=len(nxt.toks))
    out: list[Tok] = []
    for t in nxt.toks[:end]:
        if t.x0 < left:
            continue
        out.append(t)
        if t.text.endswith((",", ";")):
            break
    return out


def dates_under(rows: Sequence[Row], r: int, x0: float, h: float) -> list[list[Tok]]:
    """A date further down the label's column (a card's "Có giá trị đến:" under its photo,
    the date a few lines below, other text in between)."""
    out: list[list[Tok]] = []
    for nr in range(r + 1, min(len(rows), r + 4)):
        if rows[nr].page != rows[r].page:
            break
        for t in rows[nr].toks:
            if x0 - 2 * h <= t.x0 <= x0 + 12 * h and DATE_NUM.search(
                t.text.translate(DIGIT_LOOKALIKES)
            ):
                out.append([t])
    return out
