"""Whose values a paper's rows give: the person of a section (opened by its heading:
"BÊN NỮ:", "Thông tin người mẹ"), or each person of a per-person table ("Thông tin | Người
được khai sinh | Mẹ | Cha"), whose rows go on as long as they read as its cells; and lists'
column headers, under which are other people's values, or, on a paper that numbers its
persons (the household members' minutes), each listed person's, row by row."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from hoso.doctypes import FieldSpec
from hoso.understand.fields._headings import heading_role, role_headers
from hoso.understand.fields._labels import (
    ANY_ROLE,
    NUMBERING,
    Compiled,
    Hit,
)
from hoso.understand.layout import Row, Tok

TABLE_ROWS = 14  # a per-person table has at most this many rows


@dataclass
class Part:
    """Whose values the rows being read give: the person of the section they are in, or
    each person of the per-person table whose rows they are (a column each)."""

    section: str | None = None
    columns: list[tuple[str, float]] = field(default_factory=list)  # (role, header's centre)
    table_rows: int = 0  # rows read since the table's header
    unheaded: str | None = None  # the one person column whose header was not read
    order: tuple[str, ...] = ()  # persons in order, their columns' roles by place (unheaded)
    sections_seen: int = 0  # headings naming whichever person comes next (ANY_ROLE)
    # a person's labels read before any such heading: the first person's part, its
    # heading lost (dev34 17973: "BÊN NỮ:" unread, the groom's part taken for the bride's)
    unheaded_first: bool = False
    named: bool = False  # the section's person's name label read (forms of persons in order)
    ended: list[tuple[str, float]] = field(default_factory=list)  # a table ended early


def opens_part(
    row: Row, row_hits: list[Hit], comp: Compiled, part: Part, below: Row | None = None
) -> bool:
    """A row that holds no values but says whose the next ones are: a per-person table's
    header (its columns), a list's column headers, or a person's section heading.
    ``below``: the next row, where a header cell's last word may have wrapped."""
    h = max(8.0, row.y1 - row.y0)
    colon = _colon(row, comp)
    heads = [] if colon else role_headers(row, comp)
    if len(heads) == 1 and below is not None and not colon:
        heads = role_headers(_wrapped_header(row, below, h), comp) or heads
    spread = all(b[1] - a[1] > 6 * h for a, b in itertools.pairwise(heads))
    if len(heads) >= 2 and spread and not any(hh.target.specs for hh in row_hits):
        part.columns, part.table_rows, part.ended = heads, 0, []
        missing = _column_roles(comp) - {role for role, _ in heads}
        part.unheaded = missing.pop() if len(missing) == 1 and not comp.ordered else None
        return True
    if (
        len(heads) == 1
        and _one_of_two(row, heads, comp)
        and not any(h.target.specs for h in row_hits)
    ):
        # "Thông tin | Bên nữ | (Bên nam unread)": the other column placed from the rows
        part.columns, part.table_rows, part.ended = heads, 0, []
        part.unheaded, part.order = comp.ordered[1], comp.ordered
        return True
    if _list_header(row, row_hits):
        return True
    opened = heading_role(row, comp, row_hits)
    if opened == ANY_ROLE:
        seen = part.sections_seen or int(part.unheaded_first)
        opened = comp.ordered[min(seen, len(comp.ordered) - 1)]
        part.sections_seen = seen + 1
    if opened is not None:
        part.section, part.columns, part.named, part.ended = opened, [], False, []
        return True
    if part.section is not None and _other_heading(row):
        part.section = None  # "III. NỘI DUNG ỦY QUYỀN", "LỜI CHỨNG CỦA ...": nobody's part
    elif comp.ordered and part.section is None and not part.columns:
        part.unheaded_first |= any(hh.target.specs for hh in row_hits)
    _named_again(row_hits, comp, part)
    return False


def _one_of_two(row: Row, heads: list[tuple[str, float]], comp: Compiled) -> bool:
    """The header of a table of two persons in order, one header read: the corner cell
    ("Thông tin") before it, a column's width off (dev45 20661: "Bên nam" unread, the
    groom's cells nobody's), not a section's heading ("Thông tin bên nữ:")."""
    h = max(8.0, row.y1 - row.y0)
    corner = [t for t in row.toks if t.key in ("thong", "tin")]
    return (
        len(comp.ordered) == 2
        and row.key_index()[0].startswith("thong tin ")
        and ":" not in row.text
        and len(corner) == 2
        and heads[0][1] - corner[-1].x1 > 4 * h
    )


def _colon(row: Row, comp: Compiled) -> bool:
    """A label's colon on the row, its value after it (no header row). On a row of person
    headers' words alone it is a stray mark or the corner cell's ("Thông tin : Bên nữ Bên
    nam": dev32 17643; "Thông tin Bên nữ : Bên nam": dev34 18063)."""
    return ":" in row.text and not all(w in comp.role_words for w in row.key_index()[0].split())


def _named_again(row_hits: list[Hit], comp: Compiled, part: Part) -> None:
    """The persons' name label again in one person's part of a form of persons in order:
    the next person's part, its heading unread (dev30 17097: "BEN NƯỮ" for "BÊN NỮ", the
    bride's part read as the groom's again, the bride compared with nothing)."""
    names = [
        {sp.person or "main" for sp in hit.target.specs}
        for hit in row_hits
        if _attr_of(hit) == "full_name"
    ]
    if part.columns or set(comp.ordered) not in names:
        return
    if part.named and part.section in comp.ordered[:-1]:
        part.section = comp.ordered[comp.ordered.index(part.section) + 1]
        part.sections_seen += 1
    part.named = True


def _other_heading(row: Row) -> bool:
    """A heading in capitals that opens no person's part: numbered ("IV. THỜI HẠN ỦY
    QUYỀN: ...") or a long one ("LỜI CHỨNG CỦA NGƯỜI THỰC HIỆN CHỨNG THỰC"); a name in
    capitals under its label is neither."""
    words = [t.text.strip(".,:;()") for t in row.toks]
    lettered = [w for w in words if any(c.isalpha() for c in w)]
    if row.toks and NUMBERING.match(row.toks[0].text):
        return len(lettered) >= 2 and all(w.isupper() for w in lettered[:2])
    return (
        len(lettered) >= 6
        and all(w.isupper() for w in lettered[:6])
        and not any(c.isdigit() for c in row.text)
    )


def table_goes_on(row: Row, row_hits: list[Hit], part: Part) -> None:
    """A per-person table ends after many rows, or at a row that is neither a label's nor
    its cells'. It goes on at a label's row whose values stand in its columns, within as
    many rows of its header: the row that ended it was one of its own, its label misread
    and its cells' words too close for cells ("NƠI CỤ CEU(2) Số 66 đường Bà Triệu, Số 50
    đường ...": dev42 19881, the parties' numbers further down read as nobody's)."""
    h = max(8.0, row.y1 - row.y0)
    if part.ended and not part.columns:
        part.table_rows += 1
        if part.table_rows > TABLE_ROWS:
            part.ended = []
        elif row_hits and _table_row(row, part.ended, h):
            part.columns, part.ended = part.ended, []
        return
    if part.columns:
        part.table_rows += 1
        if part.table_rows > TABLE_ROWS:
            part.columns = []
        elif not (
            row_hits or _table_row(row, part.columns, h) or _cells_only(row, part.columns, h)
        ):
            part.columns, part.ended = [], part.columns


def _list_header(row: Row, row_hits: list[Hit]) -> bool:
    """A list's column headers ("TT | Họ, chữ đệm và tên | Ngày, tháng, năm sinh | Giới tính
    | Số định danh cá nhân | ..." over the household members changing too): three labels
    or more, none closed by a colon, two of them with no value between them and the next
    (no digit, at most one other header's word). What is written under them is the listed
    people's, not the form's person's."""
    if len(row_hits) < 3:
        return False
    for hit in row_hits:
        colon = hit.end < len(row.toks) and row.toks[hit.end].text.startswith(":")
        if row.toks[hit.end - 1].text.endswith(":") or colon:
            return False

    def bare(toks: list[Tok]) -> bool:
        words = [t for t in toks if t.key]
        return len(words) <= 1 and not any(ch.isdigit() for t in toks for ch in t.text)

    pairs = itertools.pairwise(row_hits)
    return sum(1 for a, b in pairs if bare(row.toks[a.end : b.start])) >= 2


def _table_row(row: Row, columns: list[tuple[str, float]], h: float) -> bool:
    """Does the row read as cells of the per-person table (values under two or more of its
    columns, apart from each other) rather than as running text?"""
    centres = [x for _, x in columns]
    bounds = [(a + b) / 2 for a, b in itertools.pairwise(centres)]
    left = _first_column_edge(columns, h)
    # by a word's centre, as cells are placed ("Kinh" written at its cell's left edge)
    cols = {sum(1 for b in bounds if t.xc >= b) for t in row.toks if t.x0 >= left}
    gaps = any(b.x0 - a.x1 > 3 * h for a, b in itertools.pairwise(row.toks))
    return len(cols) >= 2 and gaps


def _cells_only(row: Row, columns: list[tuple[str, float]], h: float) -> bool:
    """A row with nothing in the label column (a cell's text wrapped onto its next line) or
    only in it (a label wrapped: "sinh" under "Ngày, tháng, năm"): still the table."""
    first = columns[0][1]
    return bool(row.toks) and (
        row.toks[0].x0 >= _first_column_edge(columns, h)
        or all(t.x1 < first - 2 * h for t in row.toks)
    )


def _first_column_edge(columns: list[tuple[str, float]], h: float) -> float:
    """Where the first person's cells may begin: a few lines' height left of its header's
    centre, or half a column's width in a wide table whose cells are left-aligned under
    centred headers ("Bên nữ" over "Kinh" written at the cell's left)."""
    first = columns[0][1]
    half = (columns[1][1] - first) / 2 if len(columns) > 1 else 0.0
    return min(first - 8 * h, first - half)


def _wrapped_header(row: Row, below: Row, h: float) -> Row:
    """The header row with the words of the row under it (a few, close below) put at the
    end of the header cell each lies under ("Người được khai" / "sinh")."""
    if not below.toks or len(below.toks) > 3 or below.y0 - row.y1 > 1.5 * h:
        return row
    cells = _cells(row.toks, h)
    for t in below.toks:
        under = [c for c in cells if c[0].x0 - h <= t.xc <= c[-1].x1 + h]
        if len(under) != 1:
            return row
        under[0].append(t)
    return Row([t for c in cells for t in c], row.page)


def _cells(toks: list[Tok], h: float) -> list[list[Tok]]:
    """A row's words in cells: a gap over three line heights starts the next cell."""
    cells: list[list[Tok]] = []
    for t in toks:
        if cells and t.x0 - cells[-1][-1].x1 <= 3 * h:
            cells[-1].append(t)
        else:
            cells.append([t])
    return cells


def _column_roles(comp: Compiled) -> set[str]:
    """The persons a per-person table of the paper has a column for: every role with
    values of its own, but the applicant's (a section of its own, above the table)."""
    return {role for role, _ in comp.fields_of if role != "main"}


def place_unheaded(rows: Sequence[Row], hits: list[list[Hit]], part: Part, h: float) -> None:
    """A per-person table whose header lost one person's word ("Mẹ", a short word alone in
    its cell): in the first of its ``rows`` with a cell under every header and one more,
    all far apart (short values: "Nữ | Nữ | Nam"), the extra cell's column is that
    person's. No such row: its cells go to the nearest header, as before."""
    if part.unheaded is None:
        return
    # persons in order: the unread header may be the first column's, left of the one read
    left = 0.0 if part.order else _first_column_edge(part.columns, h)
    for row, row_hits in zip(rows, hits, strict=True):
        start = max((hit.end for hit in row_hits), default=0)
        cells = _cells([t for t in row.toks[start:] if t.key and not t.leader and t.x0 >= left], h)
        if len(cells) != len(part.columns) + 1:
            continue
        centres = [(c[0].x0 + c[-1].x1) / 2 for c in cells]
        nearest = [
            min(range(len(cells)), key=lambda i: abs(centres[i] - x)) for _, x in part.columns
        ]
        if len(set(nearest)) != len(part.columns):
            continue
        extra = next(i for i in range(len(cells)) if i not in nearest)
        # where its header would be: as far from its cell as the others' are from theirs
        # (headers centred over cells written from the left)
        shift = sum(x - centres[i] for (_, x), i in zip(part.columns, nearest, strict=True))
        at = centres[extra] + shift / len(nearest)
        part.columns = sorted([*part.columns, (part.unheaded, at)], key=lambda c: c[1])
        if part.order:  # persons in order: the first column is the first person's
            part.columns = [
                (role, x) for role, (_, x) in zip(part.order, part.columns, strict=True)
            ]
        break
    if part.order and len(part.columns) < 2:
        part.columns = []  # the other column not found: no table
    part.unheaded, part.order = None, ()


def split_columns(
    rows: Sequence[Row],
    hits: list[list[Hit]],
    r: int,
    after: list[Tok],
    columns: list[tuple[str, float]],
    h: float,
) -> list[tuple[str, list[Tok]]]:
    """A table row's value tokens per person column (cells may wrap onto the next row)."""
    cells: dict[str, list[Tok]] = {role: [] for role, _ in columns}
    # beyond half a column's width outside the outer headers: a column hoso has no header
    # for (the child's, its header wrapped), not a person's cell
    first, second, last = columns[0][1], columns[1][1], columns[-1][1]
    lo, hi = first - (second - first) / 2, last + (last - columns[-2][1]) / 2

    def place(toks: list[Tok]) -> None:
        # a cell's words lie under its header: nearest header centre (cells may be
        # left-aligned, headers centred)
        for t in toks:
            if t.leader or not t.key or not lo <= t.xc <= hi:
                continue
            role = min(columns, key=lambda c: abs(c[1] - t.xc))[0]
            cells[role].append(t)

    place(after)
    nr = r + 1
    if nr < len(rows) and not hits[nr] and rows[nr].page == rows[r].page:
        # wrapped cells (beside the rest of a label wrapped in its own column: "thân(3)")
        left = _first_column_edge(columns, h)
        place([t for t in rows[nr].toks if t.x0 >= left])
    return [(role, toks) for role, toks in cells.items() if toks]


LIST_ROWS = 8  # a list of the persons a paper numbers has at most this many rows
_ROW_NUMBER = re.compile(r"^[\dlI|]{1,2}[.)]?$")  # "1", "2.", a 1 read as l, I or |


def listed_persons(
    rows: Sequence[Row], hits: list[list[Hit]], comp: Compiled
) -> list[tuple[int, FieldSpec, list[Tok]]]:
    """The persons a paper numbers, listed one row each under column headers ("STT | Họ và
    tên | Ngày sinh | Số định danh cá nhân | Quan hệ" over the household's members): (row,
    field, cell) for the cells of each row numbered 1, 2, ... under the headers naming an
    attribute, the n-th row's for the n-th person. Lists on papers whose persons are not
    numbered (the members changing on a residence form) are other people's: not read."""
    if not comp.numbered:
        return []
    out: list[tuple[int, FieldSpec, list[Tok]]] = []
    for r, row in enumerate(rows):
        if not _list_header(row, hits[r]):
            continue
        h = max(8.0, row.y1 - row.y0)
        columns = [
            (a, (row.toks[hit.start].x0 + row.toks[hit.end - 1].x1) / 2)
            for hit in hits[r]
            if (a := _attr_of(hit))
        ]
        n = 0
        for b in range(r + 1, min(len(rows), r + 1 + LIST_ROWS)):
            below = rows[b]
            if below.page != row.page or hits[b] or not below.toks:
                break
            if not _ROW_NUMBER.match(below.toks[0].text):
                if n == 0 and _header_wrapped(below):
                    continue  # "Số định danh cá" over "nhân": the header's, not a row
                break
            n += 1
            for attr, cell in _list_cells(below.toks[1:], columns, h):
                spec = next(
                    (s for s in _specs_of(hits[r], attr) if s.occurrence == n),
                    None,
                )
                if spec is not None:
                    out.append((b, spec, cell))
    return out


def _header_wrapped(row: Row) -> bool:
    """A list header's last words wrapped onto a line of their own: a word or two, no
    digit."""
    return len(row.toks) <= 2 and not any(c.isdigit() for c in row.text)


def _attr_of(hit: Hit) -> str | None:
    attrs = {s.attr for s in hit.target.specs} if hit.target.specs else {hit.target.attr}
    return attrs.pop() if len(attrs) == 1 else None


def _specs_of(row_hits: list[Hit], attr: str) -> list[FieldSpec]:
    return [s for hit in row_hits for s in hit.target.specs if s.attr == attr]


def _list_cells(
    toks: list[Tok], columns: list[tuple[str, float]], h: float
) -> list[tuple[str, list[Tok]]]:
    """A list row's words by column: each word under the header whose centre is nearest
    (cells written from the left under centred headers), and of a column's words the run
    nearest its header (a column hoso has no header for, "Quan hệ", left out)."""
    by_column: dict[str, list[Tok]] = {}
    for t in toks:
        if t.key and not t.leader:
            by_column.setdefault(min(columns, key=lambda c: abs(c[1] - t.xc))[0], []).append(t)
    centre = dict(columns)
    out: list[tuple[str, list[Tok]]] = []
    for attr, words in by_column.items():
        runs = _cells(words, h)
        out.append((attr, min(runs, key=lambda c: abs((c[0].x0 + c[-1].x1) / 2 - centre[attr]))))
    return out
