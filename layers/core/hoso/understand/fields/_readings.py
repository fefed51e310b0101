"""Other readings of a field's words: the values a number or date read again gives
(:mod:`hoso.ocr.numbers`), a date's year split from it by a label glued on, and a person's
birth date and number read beside each other, one taken in another reading when the other
says which."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from hoso import idnumber
from hoso.doctypes import DocumentType, FieldSpec
from hoso.names import reads_as_family_name
from hoso.text import fold, squash
from hoso.understand.fields._parse import parse_value
from hoso.understand.layout import Row, Tok
from hoso.understand.values import FieldValue

GUESS = 40.0  # a value taken from another reading of an impossible one: the re-read's
# floor (no reading agreeing), never a date "written so" (identity: 50 and over)


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


def born_as_numbered(out: dict[str, FieldValue]) -> None:
    """A birth date read unsurely beside the paper's number, one of whose re-reads gives the
    year the number encodes, the day and month alike: that reading ("24/11/1997", read
    again "24/11/1977", beside 001077...: one hand-written digit read two ways)."""
    ident, born = out.get("id_number"), out.get("date_of_birth")
    year = idnumber.birth_year(ident.value) if ident is not None else None
    if born is None or year is None or not born.valid or born.value[:4] == str(year):
        return
    agreeing = [a for a in born.alts if a[:4] == str(year) and a[4:] == born.value[4:]]
    if agreeing:
        alts = (born.value, *(a for a in born.alts if a != agreeing[0]))
        out["date_of_birth"] = replace(born, value=agreeing[0], alts=alts)


def numbered_as_born(doc_type: DocumentType, out: dict[str, FieldValue]) -> None:
    """A person's number read as one no one can have ("021772229487": no province 021)
    whose re-reads give exactly one that someone can have, and that one encodes the birth
    year read beside it on the paper ("062177229487" beside 15/06/1977, dev29 16857): that
    reading, as a guess (it may agree with another paper, never decide a disagreement)."""
    for spec in doc_type.fields:
        fv = out.get(spec.name)
        if spec.attr != "id_number" or fv is None or idnumber.parse(fv.value).valid:
            continue
        years = {
            int(v.value[:4])
            for s in doc_type.fields
            if s.person == spec.person and s.attr in ("date_of_birth", "birth_year")
            and (v := out.get(s.name)) is not None and v.valid
        }  # fmt: skip
        if (able := idnumber.only_one_born(fv.alts, years)) is not None:
            alts = (fv.value, *(a for a in fv.alts if a != able))
            out[spec.name] = replace(fv, value=able, alts=alts, conf=min(fv.conf, GUESS))
