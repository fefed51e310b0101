"""Other readings of a field's words: the values a number or date read again gives
(:mod:`hoso.ocr.numbers`), and a date's year split from it by a label glued on."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hoso.doctypes import FieldSpec
from hoso.names import reads_as_family_name
from hoso.text import fold, squash
from hoso.understand.fields._parse import parse_value
from hoso.understand.layout import Row, Tok


def other_readings(spec: FieldSpec, toks: list[Tok]) -> tuple[str, ...]:
    """The values the other readings of a field read again (hoso.ocr.numbers) give, most
    voted first: a number's, or a date's, as written or as eight digits of day, month and
    year whatever marks were read between them ("30.11/.1991")."""
    out: dict[str, None] = {}
    for reading in (a for t in toks for a in t.alts):
        value = parse_value(spec, reading)
        digits = re.sub(r"\D", "", reading)
        if value is None and spec.type == "date" and len(digits) == 8:
            value = parse_value(spec, f"{digits[:2]}/{digits[2:4]}/{digits[4:]}")
        if value:
            out[value] = None
    return tuple(out)


def second_name(spec: FieldSpec, toks: list[Tok], value: str) -> tuple[str, ...]:
    """The name as read with the second reader's letters for its unsure words (Word.letters:
    "Trần Tú Khanh Duyen" where Tesseract read "Trần Tú K#án⁄ Duuên"), when that is
    another name than ``value`` once the tone marks are set aside; else nothing."""
    if not any(t.letters for t in toks):
        return ()
    raw = " ".join((t.letters or t.text).strip("|[]") for t in toks).rstrip(".…_ ")
    other = parse_value(spec, raw)
    if other is None or squash(fold(other)) == squash(fold(value)):
        return ()
    # a person's name begins with a family name: not a label's words ("Ho ten", its tone
    # marks, which tell labels apart, not read)
    return (other,) if reads_as_family_name(other.split()[0]) else ()


_YEAR_CUT = re.compile(r"\d{1,2}/\d{1,2}/(\d{1,3})")
_GLUED_DIGITS = re.compile(r"(\d{1,3})[^\W\d]")


def year_glued_on(toks: list[Tok], rows: Sequence[Row]) -> str:
    """The rest of a date's year glued to the next label's word ("16/03/1 982Giới tính":
    typed with too little space before the label, read as two words split in the year):
    the digits that complete its four, else ""."""
    cut = _YEAR_CUT.fullmatch(toks[-1].text.rstrip(".,;")) if toks else None
    if cut is None:
        return ""
    for row in rows:
        at = next((i for i, t in enumerate(row.toks) if t is toks[-1]), None)
        if at is None:
            continue
        nxt = row.toks[at + 1].text if at + 1 < len(row.toks) else ""
        glued = _GLUED_DIGITS.match(nxt)
        if glued and len(cut.group(1)) + len(glued.group(1)) == 4:
            return glued.group(1)
        return ""
    return ""
