"""Where a label's value is written: beside it on its row (up to the next label, a wide gap
or the next field's number), wrapped onto the next line, or off its line (:mod:`._nearby`:
under it, at the start of the next line); and whose it is (a section's person, a table's
column)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from hoso.understand.fields._generic import generic_attr
from hoso.understand.fields._headings import heading_role
from hoso.understand.fields._labels import (
    ANY_ROLE,
    NUMBERING,
    Compiled,
    Hit,
    Target,
)
from hoso.understand.fields._nearby import below, column_left, crumb, dates_under, run_on
from hoso.understand.fields._parse import NAME_WORD
from hoso.understand.fields._tables import (
    TABLE_ROWS,
    Part,
    opens_part,
    place_unheaded,
    split_columns,
    table_goes_on,
)
from hoso.understand.layout import Row, Tok, key


def _value_toks(toks: list[Tok], typed: bool) -> list[Tok] | None:
    """The value part of the tokens after a label, or None when the label goes on (the
    printed label is longer than ours: "Số định danh cá nhân của chủ hộ:")."""
    i = 0
    n = len(toks)
    while i < n and not toks[i].key and not toks[i].leader:
        i += 1  # ":" "-" separators
    if i < n and toks[i].text.startswith("("):
        # "(ghi họ tên bằng chữ in hoa)": a note to the label; it may wrap, the value not
        j = i
        while j < n and ")" not in toks[j].text and not _starts_value(toks[j], j > i):
            j += 1
        i = j + 1 if j < n and ")" in toks[j].text else j
    if i < n and toks[i].text.startswith("/"):
        j = i
        while j < n and j - i < 6 and not toks[j].text.endswith(":"):
            j += 1
        if j < n and toks[j].text.endswith(":"):
            i = j + 1
    if typed:
        j = i
        while j < n and j - i < 5 and toks[j].key and toks[j].text[:1].islower():
            if toks[j].text.endswith(":") or (j + 1 < n and toks[j + 1].text == ":"):
                return None
            j += 1
    while i < n and not toks[i].key and not toks[i].leader:
        i += 1
    out: list[Tok] = []
    for t in toks[i:]:
        if t.leader:
            break
        out.append(t)
    return out


def _label_end(last: Tok, after: list[Tok], value: list[Tok]) -> float:
    """Where the label ends: its last word, or the note after it that closes with ")" or
    ":" ("Tôi là (ghi họ tên bằng chữ in hoa): TRẦN ANH TÚ")."""
    end = last.x1
    for t in after:
        if t is value[0]:
            break
        if t.text.endswith((")", ":", "):")):
            end = max(end, t.x1)
    return end


def _other_label(toks: list[Tok]) -> int | None:
    """Where another field of a two-column form starts among a value's tokens: its number
    ("8.") before a label ending in ":" ("8. Mối quan hệ với chủ hộ:"), after some value."""
    for i in range(1, len(toks)):
        if NUMBERING.match(toks[i].text) and any(t.text.endswith(":") for t in toks[i + 1 : i + 9]):
            return i
    return None


def _drop_numbering(toks: list[Tok]) -> list[Tok]:
    """The next field's number ("2.", "(3)") ends a value on two-column forms."""
    while toks and NUMBERING.match(toks[-1].text):
        toks = toks[:-1]
    return toks


def cut_at_gap(toks: list[Tok], h: float, gap: float = 5.0) -> list[Tok]:
    """Tokens up to the first horizontal gap wider than ``gap`` line heights (another
    column, a card beside this one)."""
    out: list[Tok] = []
    for t in toks:
        if out and t.x0 - out[-1].x1 > gap * h:
            break
        out.append(t)
    return out


def _name_words(toks: list[Tok]) -> bool:
    """The rest of a wrapped name: a few capitalised words, not the next label."""
    # written on a dotted line, the words come glued by its dots ("Minh..Hưng.")
    words = [w for t in toks for w in re.split(r"[.…_]+", t.text.strip(".,;…_")) if w]
    return (
        0 < len(words) <= 3
        and all(w[:1].isupper() and NAME_WORD.match(w) and not w.endswith(":") for w in words)
        and not any(t.text.endswith(":") for t in toks)
    )


def _starts_value(t: Tok, inside: bool) -> bool:
    """A word in capitals or a number: where a value starts after an unclosed note."""
    core = t.text.strip("(),.:;")
    return inside and len(core) >= 2 and (core.isupper() or core[:1].isdigit())


def _strip_leaders(toks: list[Tok]) -> list[Tok]:
    out: list[Tok] = []
    for t in toks:
        if t.leader:
            break
        text = t.text.rstrip(".…_")
        if text != t.text:
            if text:
                out.append(replace(t, text=text, key=key(text)))
            break
        out.append(t)
    return out


def _label_start(row: Row, start: int, h: float) -> float:
    """Where a label begins on its row. A card's bilingual label matched by its English half
    alone ("Nhà; tháng, năm sinh / Date of birth": the Vietnamese half misread) begins with
    the Vietnamese half, and the value is printed under that."""
    toks = row.toks
    k = start
    if toks[k].text != "/":
        if k > 0 and NUMBERING.match(toks[k - 1].text) and toks[k].x0 - toks[k - 1].x1 < 1.5 * h:
            return toks[k - 1].x0  # "2. Ngày, tháng, năm sinh:": the value goes under the "2."
        if k == 0 or toks[k - 1].text != "/":
            return toks[start].x0
        k -= 1
    while k > 0 and toks[k].x0 - toks[k - 1].x1 < 1.5 * h:
        k -= 1
    return toks[k].x0


@dataclass(frozen=True)
class _Span:
    """A label on its row: where its value may lie (``x0`` to ``x1``), the tokens after it
    up to the next label (or another field, column or card), and the row's height."""

    hit: Hit
    x0: float
    x1: float
    after: list[Tok]
    h: float


def read_values(
    rows: Sequence[Row],
    hits: list[list[Hit]],
    comp: Compiled,
    parts: list[str | None] | None = None,
) -> list[tuple[Hit, str | None, list[list[Tok]]]]:
    """(label hit, role it belongs to or None, candidate values) for every label found. The
    candidates are tried in order: the value beside the label (with what wrapped under it),
    then what is written under the label (cards; a far value beside it may be another card's).
    ``parts``, when given, gets the person whose part each row is in."""
    right_edge = max((t.x1 for row in rows for t in row.toks), default=0.0)
    out: list[tuple[Hit, str | None, list[list[Tok]]]] = []
    part = Part()
    rows_parts: list[str | None] = []
    for r, row in enumerate(rows):
        rows_parts.append(part.section)
        below = rows[r + 1] if r + 1 < len(rows) and rows[r + 1].page == row.page else None
        if opens_part(row, hits[r], comp, part, below):
            # a column whose header was not read: placed from the table's first rows
            h = max(8.0, row.y1 - row.y0)
            end = r + 1 + TABLE_ROWS
            place_unheaded(rows[r + 1 : end], hits[r + 1 : end], part, h)
            continue
        table_goes_on(row, hits[r], part)
        for n in range(len(hits[r])):
            out.extend(_label_values(rows, hits, r, n, comp, part, right_edge))
    lost = _lost_person(out, comp)

    def whose(role: str | None) -> str | None:
        if isinstance(role, _Lost):
            return lost or str(role) or None
        return role

    if parts is not None:
        parts.extend(whose(s) for s in rows_parts)
    return [(hit, whose(role), c) for hit, role, c in out]


class _Lost(str):
    """The part of a person whose name label lost its last word ("Họ, chữ đệm và tên
    người" over the mother's name, "mẹ" unread): whose it is is known at the paper's end.
    The string is the part the rows were in before (kept if it stays unknown)."""


def _lost_person(out: list[tuple[Hit, str | None, list[list[Tok]]]], comp: Compiled) -> str | None:
    """The one person of the paper no section, label or column names, when some part's
    person label lost its person: that part is theirs (None: not one, so each such part
    stays the part it was in)."""
    if not any(isinstance(role, _Lost) for _, role, _ in out):
        return None
    named = {role for _, role, _ in out if role is not None and not isinstance(role, _Lost)}
    left = {role for _, role in comp.roles} - named
    return left.pop() if len(left) == 1 else None


def _label_values(
    rows: Sequence[Row],
    hits: list[list[Hit]],
    r: int,
    n: int,
    comp: Compiled,
    part: Part,
    right_edge: float,
) -> list[tuple[Hit, str | None, list[list[Tok]]]]:
    """The candidate values of the ``n``th label of row ``r`` and whose they are (on a row
    of a per-person table, each column's cell is a person's value)."""
    hit = hits[r][n]
    persons = {sp.person for sp in hit.target.specs}
    if (
        len(persons) == 1
        and None not in persons
        and "main" not in persons
        and not part.columns
        and generic_attr(rows, hit) is None
    ):
        # "Họ, chữ đệm, tên người mẹ: ..." opens the mother's part of the form; "Số định
        # danh cá nhân" names nobody
        part.section = persons.pop()
    elif not part.columns and _person_word_lost(rows[r], hit):
        part.section = _Lost(part.section or "")
        hit.end += 1  # "người" is the label's, not the name's (the row's hit itself)
    span = _span(rows[r], hits[r], n, right_edge)
    if part.columns and _attr(hit) and span.x0 < part.columns[0][1] - 2 * span.h:
        # a row of a per-person table: each column's cell is that person's value
        generic = Hit(hit.row, hit.start, hit.end, hit.score, Target(attr=_attr(hit)),
                      hit.size)  # fmt: skip
        cells = split_columns(rows, hits, r, span.after, part.columns, span.h)
        return [(generic, role, [toks]) for role, toks in cells]
    candidates = _candidates(rows, hits, r, span, comp, right_edge)
    role = _wrapped_role(rows, hits, r, hit, comp) or part.section
    return [(hit, role, candidates)] if candidates else []


def _person_word_lost(row: Row, hit: Hit) -> bool:
    """A person's name label cut after "người" ("Họ, chữ đệm và tên người" before the
    mother's name: her "mẹ" unread), read as the generic name label."""
    if hit.target.specs or hit.target.attr != "full_name" or hit.end >= len(row.toks):
        return False
    return row.toks[hit.end].key == "nguoi"


def _wrapped_role(
    rows: Sequence[Row], hits: list[list[Hit]], r: int, hit: Hit, comp: Compiled
) -> str | None:
    """The person a label names on the line under it, wrapped in a narrow cell ("Họ, chữ
    đệm và tên" over "người cha", in the mother's part): that person's label."""
    if r + 1 >= len(rows) or hits[r + 1]:
        return None
    row, under = rows[r], rows[r + 1]
    if under.page != row.page or len(under.toks) > 3:
        return None
    h = row.y1 - row.y0
    x0, x1 = row.toks[hit.start].x0, row.toks[hit.end - 1].x1
    if not (x0 - h <= under.toks[0].x0 <= x1 and under.y0 - row.y1 <= h):
        return None
    role = heading_role(under, comp, [])
    return None if role == ANY_ROLE else role  # "BÊN NAM:": the next part's heading


def _span(row: Row, row_hits: list[Hit], n: int, right_edge: float) -> _Span:
    """Where the value of the ``n``th label of the row may lie: up to the next label, a
    wide gap (another column or card) or another field's number."""
    hit = row_hits[n]
    h = max(8.0, row.y1 - row.y0)
    nxt = row_hits[n + 1] if n + 1 < len(row_hits) else None
    x0 = row.toks[hit.start].x0
    x1 = row.toks[nxt.start].x0 if nxt else right_edge + 1
    after = row.toks[hit.end : nxt.start if nxt else len(row.toks)]
    prev = row.toks[hit.end - 1].x1
    for t in after:  # a wide gap: what follows is another column or card
        if t.x0 - prev > 5 * h:
            x1 = min(x1, t.x0)
            break
        prev = t.x1
    if (other := _other_label(after)) is not None:
        x1 = min(x1, after[other].x0)
        after = after[:other]
    return _Span(hit, x0, x1, after, h)


def _candidates(
    rows: Sequence[Row],
    hits: list[list[Hit]],
    r: int,
    span: _Span,
    comp: Compiled,
    right_edge: float,
) -> list[list[Tok]]:
    """The label's candidate values, in the order they are tried (none when the label goes
    on past ours)."""
    row, hit, h = rows[r], span.hit, span.h
    value = _value_toks(span.after, _typed(hit))
    if value is None:
        return []
    value = _drop_numbering(cut_at_gap(value, h))
    candidates: list[list[Tok]] = []
    # a value far from its label may be another card's or column's text: then what
    # is written under the label comes first
    far = bool(value) and value[0].x0 - _label_end(row.toks[hit.end - 1], span.after, value) > 5 * h
    if value and not far:
        value = _beside(rows, hits, r, span, value, right_edge)
        candidates.append(value)
    got = below(rows, hits, r, _label_start(row, hit.start, h), span.x1, left=False)
    if got is not None:
        candidates.append(cut_at_gap(_strip_leaders(got[1]), h))
        # a crumb under the label (a photo's edge read as "kì 2"): the line after; with
        # ink beside the label and a line of text under it, the line after is another
        # field's (dev28 16546: a street's name for a name written beside, unreadably)
        after_that = (not value or crumb(got[1])) and below(
            rows, hits, got[0], span.x0, span.x1, left=False
        )
        if after_that:
            candidates.append(cut_at_gap(_strip_leaders(after_that[1]), h))
    if value and far:
        candidates.append(value)
    prose = hit.start >= 3 and not comp.card  # the label ends a sentence's (or column's) line
    wraps = _kind(hit) in ("id_number", "name", "date", "year")
    if not value and prose and wraps and (nxt := run_on(rows, hits, r, column_left(row, hit, h))):
        # running text: the label ends its line, the value begins the next ("..., số
        # CCCD" / "0103069505, dân tộc Kinh")
        candidates.insert(0, nxt)
    if _kind(hit) == "date" and comp.issued:
        candidates.extend(dates_under(rows, r, span.x0, h))
    return candidates


def _beside(
    rows: Sequence[Row],
    hits: list[list[Hit]],
    r: int,
    span: _Span,
    value: list[Tok],
    right_edge: float,
) -> list[Tok]:
    """The value beside the label, with the rest of it that wrapped under it (of a name,
    only a few capitalised words)."""
    kind = _kind(span.hit)
    if kind in ("name", "address", "text") and _wrapped(
        span.after, value, span.x1, right_edge, span.h
    ):
        x0 = _label_start(rows[r], span.hit.start, span.h)  # under the field's number too
        got = below(rows, hits, r, x0, span.x1, left=True)
        more = cut_at_gap(_strip_leaders(got[1]), span.h) if got else []
        if kind != "name" or _name_words(more):
            return value + more
    return value


def _attr(hit: Hit) -> str | None:
    """The identity attribute a label names (generic or through its fields)."""
    if hit.target.attr:
        return hit.target.attr
    attrs = {sp.attr for sp in hit.target.specs}
    return attrs.pop() if len(attrs) == 1 else None


def _kind(hit: Hit) -> str:
    if hit.target.attr:
        return {"full_name": "name", "date_of_birth": "date", "birth_year": "year",
                "id_number": "id_number", "sex": "sex"}[hit.target.attr]  # fmt: skip
    return hit.target.specs[0].type


def _typed(hit: Hit) -> bool:
    return _kind(hit) in ("name", "id_number", "date", "year", "sex")


def _wrapped(after: list[Tok], value: list[Tok], x1: float, right_edge: float, h: float) -> bool:
    """Did the value run up to its column's edge and go on below (no dots after it)?"""
    if not value or any(t.leader for t in after):
        return False
    return value[-1].x1 >= min(x1, right_edge) - 6 * h
