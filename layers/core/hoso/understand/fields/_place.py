"""Values found by their place when their labels were not read: a card's holder (the line
in capitals under the ID number, the date in the year the number gives) and a form's date
between the fields before and after it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hoso import idnumber
from hoso.doctypes import DocumentType
from hoso.understand.fields._parse import NAME_WORD, parse_date, parse_name
from hoso.understand.layout import Row
from hoso.understand.values import FieldValue

# the printed lines of an identity card that are in capitals and no one's name
_CARD_HEADINGS = (
    *("cong hoa", "viet nam", "can cuoc", "cong dan", "doc lap", "hanh phuc", "ho chieu"),
    *("identity", "citizen", "socialist", "republic", "passport", "bo cong an", "canh sat"),
)
_UNLABELLED_CONFIDENCE = 70.0  # a value found by its place, not its label: under "sure"
_NAME_ROWS = 3  # rows under the ID number a card's holder's name is looked for in


def holder_by_place(
    doc_type: DocumentType, rows: Sequence[Row], out: dict[str, FieldValue]
) -> None:
    """An identity card whose labels were not read ("to và sên ; F,# sưng" for "Họ và tên /
    Full name"), its ID number read: the holder's name is the line in capitals a little
    under the number, the birth date the one date on the card in the year the number
    gives. Both read with less trust; nothing is taken when more than one line could be."""
    ident = out.get("id_number")
    if ident is None or not ident.valid or not ident.value:
        return
    specs = {f.name: f for f in doc_type.fields if f.person in (None, "main")}
    at = next(
        (
            i
            for i, r in enumerate(rows)
            if "<" not in r.text and ident.value in re.sub(r"\D", "", r.text)
        ),
        None,
    )
    name_spec = specs.get("full_name")
    if name_spec is not None and name_spec.name not in out and at is not None:
        for row in rows[at + 1 : at + 1 + _NAME_ROWS]:
            if (name := _capitals_name(row)) is not None:
                out[name_spec.name] = _by_place(name_spec.name, name, row, _UNLABELLED_CONFIDENCE)
                break
    dob_spec, year = specs.get("date_of_birth"), idnumber.birth_year(ident.value)
    if dob_spec is None or dob_spec.name in out or year is None:
        return
    taken = {fv.value for fv in out.values()}
    found: dict[str, Row] = {}
    for row in rows:
        d = parse_date(row.text) if "<" not in row.text else None
        if d is not None and d.year == year and d.isoformat() not in taken:
            found.setdefault(d.isoformat(), row)
    if len(found) == 1:
        ((value, row),) = found.items()
        out[dob_spec.name] = _by_place(dob_spec.name, value, row, _UNLABELLED_CONFIDENCE)


def _by_place(name: str, value: str, row: Row, most: float) -> FieldValue:
    """A value found by its place, not its label: read no surer than ``most``."""
    conf = min(min(t.conf for t in row.toks), most)
    return FieldValue(name, value, row.text, 0.0, row.text, conf=conf)


_BETWEEN_ROWS = 2  # rows a form's field may take between its neighbours' rows, at most


def date_between_neighbours(
    doc_type: DocumentType, rows: Sequence[Row], out: dict[str, FieldValue]
) -> None:
    """A form's date whose label was not read ("NGSY; chang, mọm cii1m: 18/06/1988" for
    "Ngày, tháng, năm sinh: ..."), the fields before and after it in the form's order read
    on rows a line or two apart: the one date on the rows between them is its value (read
    with less trust). A date the form states and hoso did not read would otherwise be
    compared with nothing: a form whose birth date differs from the card's was accepted."""
    specs = [f for f in doc_type.fields if f.person in (None, "main")]
    row_of = {name: i for name, fv in out.items() for i, r in enumerate(rows) if r.text == fv.line}
    taken = {fv.value for fv in out.values()}
    for k, spec in enumerate(specs):
        if spec.type != "date" or spec.name in out:
            continue
        before = [row_of[s.name] for s in specs[:k] if s.name in row_of]
        after = [row_of[s.name] for s in specs[k + 1 :] if s.name in row_of]
        if not before or not after or not 1 < after[0] - before[-1] <= _BETWEEN_ROWS + 1:
            continue
        dates = {
            (d.isoformat(), i)
            for i in range(before[-1] + 1, after[0])
            if (d := parse_date(rows[i].text)) is not None and d.isoformat() not in taken
        }
        if len({d for d, _ in dates}) == 1:
            value, i = min(dates)  # the same date written twice: the first row's
            out[spec.name] = _by_place(spec.name, value, rows[i], _BETWEEN_CONFIDENCE)


_BETWEEN_CONFIDENCE = 60.0  # a value by its place on a form: may be misread, not another's


def _capitals_name(row: Row) -> str | None:
    """The name a row in capitals is, when it is only that: two to six words of letters,
    each a Vietnamese syllable, none of the card's headings."""
    words = [t.text.strip(".,;:|") for t in row.toks]
    words = [w for w in words if w]
    if not 2 <= len(words) <= 6 or not all(NAME_WORD.match(w) and w.isupper() for w in words):
        return None
    folded = " ".join(t.key for t in row.toks)
    if any(h in folded for h in _CARD_HEADINGS):
        return None
    name = parse_name(row.text)  # a syllable each, no office's first word
    return name if name is not None and len(name.split()) == len(words) else None
