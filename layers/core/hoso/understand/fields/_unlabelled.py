"""ID numbers written without their label: an authority's paper whose ID label was lost in
the scan, a form asking for one number only, twelve digits of a longer run taken when the
paper's own birth date and sex agree with them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from hoso import idnumber
from hoso.doctypes import DocumentType, FieldSpec
from hoso.understand.fields._labels import Hit
from hoso.understand.fields._parse import DATE_NUM
from hoso.understand.layout import Row
from hoso.understand.values import FieldValue


def one_number(doc_type: DocumentType) -> bool:
    """A form asking for one person's ID number only, its filer's (a building permit's or a
    criminal record's application)."""
    ids = [f for f in doc_type.fields if f.type == "id_number"]
    return len(ids) == 1 and ids[0].person == "main"


def unlabelled_id(doc_type: DocumentType, rows: Sequence[Row], out: dict[str, FieldValue]) -> None:
    """An authority's paper whose ID label was lost in the scan ("sø!/No:", "SŨ GGGT)"), or
    a form asking for one number only whose label was ("5n T6 ánh cá nhân", "số cccp:"):
    its one 12-digit number is the holder's ID number (read with less trust), or, on a
    paper giving one person's number only (a birth certificate: the mother's), that
    person's when its year is the birth year the paper gives them."""
    ids = [f for f in doc_type.fields if f.type == "id_number"]
    mains = [f for f in ids if f.person == "main"]
    spec = mains[0] if mains else (ids[0] if len(ids) == 1 else None)
    if spec is None or spec.name in out:
        return
    year = None
    if spec.person != "main":
        year = _birth_year_of(doc_type, spec.person, out)
        if year is None:
            return
    elif doc_type.issued and any(f.person not in (None, "main") for f in ids):
        # an authority's paper naming others with numbers of their own (a land certificate's
        # co-owner): the holder's is the one of the birth year it gives them, when read
        year = _birth_year_of(doc_type, "main", out)
    found: dict[str, tuple[Row, float]] = {}
    prefixed: dict[str, tuple[Row, float]] = {}
    others = {fv.value for fv in out.values()}  # a co-owner's number is not the holder's
    years = _date_years(rows)
    for row in rows:
        if "<<" in row.text:
            continue  # machine-readable zone: read by read_mrz or not at all
        for t in row.toks:
            if "<" in t.text:
                continue  # ... or a crumb of it beside the card's front (dev39 19274)
            got = _number_word(t.text, year, out, years)
            if got is not None and got[0] not in others:
                (prefixed if got[1] else found).setdefault(got[0], (row, t.conf))
    floor = 0.0
    if not found and len(prefixed) == 1:
        # half its digits confirmed by the birth date and sex: not a garbled reading, though
        # the word's confidence suffers from the prefix
        found, floor = prefixed, PREFIXED_ID_CONFIDENCE
    if len(found) == 1:
        (value, (row, conf)) = next(iter(found.items()))
        conf = max(min(conf, 80.0), floor)
        out[spec.name] = FieldValue(spec.name, value, value, 0.0, row.text, conf=conf)


PART_ID_CONFIDENCE = 60.0  # whose it is is clear, not that its label was: a misreading may be


def part_ids(
    doc_type: DocumentType,
    rows: Sequence[Row],
    parts: Sequence[str | None],
    out: dict[str, FieldValue],
) -> None:
    """A person's part of a form whose ID label was not read ("SỐ định canh cá HhiầNn:" in
    the bride's part): the one twelve-digit number written in that part, no other field's,
    is that person's, trusted less (a disagreement a misreading could explain is a doubt)."""
    others = {fv.value for fv in out.values()}
    for spec in doc_type.fields:
        if spec.type != "id_number" or spec.person in (None, "main") or spec.name in out:
            continue
        _take_one(spec, _numbers_in_part(rows, parts, spec.person, others), out)


def pair_ids(doc_type: DocumentType, rows: Sequence[Row], out: dict[str, FieldValue]) -> None:
    """A form of two parties side by side (a marriage form's table: the bride's column and
    the groom's) whose identity papers' row label was not read ("G1ẦU CÓ CUY" for "Giấy tờ
    tùy thân", each cell's "Căn cước số" read, the numbers on the line under it: dev42
    20031, dev39 19173): the one row holding two twelve-digit numbers, no other field's,
    gives the first party's on the left and the other's on the right, trusted as a part's.
    A number already read for a party stays; the row must agree with it."""
    specs = [
        next((f for f in doc_type.fields if f.type == "id_number" and f.person == p), None)
        for p in ("main", "partner")
    ]
    if None in specs or all(s is not None and s.name in out for s in specs):
        return
    own = {s.name for s in specs if s is not None}
    others = {fv.value for k, fv in out.items() if k not in own}
    pairs = []
    for row in rows:
        found = [(t, d) for t in row.toks if (d := _twelve(t.text)) is not None]
        if len(found) == 2 and all(d not in others and _could_be(d, None) for _, d in found):
            pairs.append((row, sorted(found, key=lambda f: f[0].x0)))
    if len(pairs) != 1:
        return
    row, pair = pairs[0]
    read = [out.get(s.name) if s is not None else None for s in specs]
    if any(fv is not None and fv.value != d for fv, (_, d) in zip(read, pair, strict=True)):
        return  # a party's number read otherwise: the row is not the parties' numbers
    for spec, fv, (tok, digits) in zip(specs, read, pair, strict=True):
        if spec is not None and fv is None:
            conf = min(tok.conf, PART_ID_CONFIDENCE)
            out[spec.name] = FieldValue(spec.name, digits, tok.text, 0.0, row.text, conf=conf)


def opening_id(
    doc_type: DocumentType,
    rows: Sequence[Row],
    parts: Sequence[str | None],
    hits: Sequence[Sequence[Hit]],
    out: dict[str, FieldValue],
    labelled: frozenset[str],
) -> None:
    """A form asking for several persons' numbers whose filer's number label was not read
    at all ("Giấy tờ tùy thân: Căn. .4z.sốế" over a hand-written number, dev25 15790): the
    one twelve-digit number written in its opening (before any other person's label or
    part: a form opens with who files), no other field's, is the filer's, trusted as
    little as a part's."""
    spec = next((f for f in doc_type.fields if f.type == "id_number" and f.person == "main"), None)
    if spec is None or spec.name in out or spec.name in labelled or one_number(doc_type):
        return
    opening: list[str | None] = []
    for part, row_hits in zip(parts, hits, strict=False):
        other = any(s.person not in (None, "main") for h in row_hits for s in h.target.specs)
        if part is not None or other:
            break  # another person's part or label: the opening is over
        opening.append("main")
    _take_one(spec, _numbers_in_part(rows, opening, "main", {fv.value for fv in out.values()}), out)


def _take_one(
    spec: FieldSpec, found: dict[str, tuple[Row, float]], out: dict[str, FieldValue]
) -> None:
    """The one number found, if one, as ``spec``'s value, trusted as a part's (60 at most)."""
    if len(found) == 1:
        (value, (row, conf)) = next(iter(found.items()))
        conf = min(conf, PART_ID_CONFIDENCE)
        out[spec.name] = FieldValue(spec.name, value, value, 0.0, row.text, conf=conf)


def _numbers_in_part(
    rows: Sequence[Row], parts: Sequence[str | None], person: str, others: set[str]
) -> dict[str, tuple[Row, float]]:
    """The twelve-digit words of ``person``'s part that could be theirs, not another
    field's: number -> (its row, its confidence)."""
    found: dict[str, tuple[Row, float]] = {}
    for row, part in zip(rows, parts, strict=False):
        if part != person:
            continue
        for t in row.toks:
            digits = _twelve(t.text)
            if digits is not None and digits not in others and _could_be(digits, person):
                found.setdefault(digits, (row, t.conf))
    return found


_ROLE_SEX = {"mother": "Nữ", "father": "Nam"}


def _could_be(number: str, person: str | None) -> bool:
    """A number that could be ``person``'s: its province exists, and it is a woman's for
    a mother, a man's for a father."""
    chk = idnumber.parse(number)
    return chk.province is not None and _ROLE_SEX.get(person or "", chk.sex) == chk.sex


def _birth_year_of(
    doc_type: DocumentType, person: str | None, out: dict[str, FieldValue]
) -> int | None:
    """The birth year (or date) the paper gives ``person``, when read."""
    for f in doc_type.fields:
        fv = out.get(f.name)
        if f.person == person and f.attr in ("birth_year", "date_of_birth") and fv and fv.valid:
            return int(fv.value[:4])
    return None


def _date_years(rows: Sequence[Row]) -> frozenset[int]:
    """The years of the dates written on a paper (its machine-readable zone aside)."""
    return frozenset(
        int(m.group(3)) for r in rows if "<" not in r.text for m in DATE_NUM.finditer(r.text)
    )


def _twelve(text: str) -> str | None:
    """The twelve digits of a word that is one ID number with crumbs around it at most."""
    digits = re.sub(r"[^0-9]", "", text)
    return digits if len(digits) == 12 and len(text) <= 16 else None


def _number_word(
    text: str, year: int | None, out: dict[str, FieldValue], years: frozenset[int] = frozenset()
) -> tuple[str, bool] | None:
    """A word that is an unlabelled ID number: (the number, whether it was read with more or
    fewer digits than its twelve). ``year``: the birth year a number must encode (another
    person's than the holder's), None for the holder's; ``years``: the years of the paper's
    dates, one of which a number read with more or fewer digits must encode when the
    holder's birth date was not read (see :func:`tail_id`)."""
    twelve = _twelve(text)
    if twelve is not None:
        return (twelve, False) if year is None or idnumber.birth_year(twelve) == year else None
    digits = re.sub(r"[^0-9]", "", text)
    if year is not None or not text.isdigit():
        return None
    if len(digits) in (13, 14):  # the "Số" before the number read as digits ("50042171491542")
        tail = tail_id(digits[-12:], out, years)
    elif len(digits) == 11:  # the leading 0 lost ("67198566502"): every province code has it
        tail = tail_id("0" + digits, out, years)
    else:
        return None
    return (tail, True) if tail is not None else None


PREFIXED_ID_CONFIDENCE = 60.0  # hoso.understand.identity: sure enough to tell a different number


def tail_id(
    number: str, out: dict[str, FieldValue], years: frozenset[int] = frozenset()
) -> str | None:
    """Twelve digits of a longer run, taken as the ID number only when they are one and
    agree with the birth date (or year) and sex the same paper gives (a guess otherwise);
    its birth date not read (its label misread: "Ngây sefx 02/07/1991"), with the year of
    one of the paper's dates (``years``): a card's dates are its holder's birth, issue and
    expiry, and a misread prefix does not make the number's year one of them."""
    dob, year, sex = out.get("date_of_birth"), out.get("birth_year"), out.get("sex")
    if dob is not None and dob.valid:
        born = date.fromisoformat(dob.value)
    elif year is not None and year.valid:  # a land certificate gives the year alone
        born = date(int(year.value), 1, 1)
    elif (id_year := idnumber.birth_year(number)) is not None and id_year in years:
        born = date(id_year, 1, 1)
    else:
        return None
    chk = idnumber.check(
        number,
        date_of_birth=born,
        sex=sex.value if sex is not None and sex.valid else None,
    )
    return number if chk.valid else None
