"""Every field of a paper: each label's candidate values parsed for the field (or the
person) it names, the machine-readable zone's values, and an ID number found without its
label."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from hoso import idnumber
from hoso.doctypes import DocumentType, FieldSpec
from hoso.model import PageText
from hoso.understand.fields._generic import generic_attr
from hoso.understand.fields._labels import (
    Compiled,
    Hit,
    Target,
    compile_labels,
    item_of,
    label_hits,
)
from hoso.understand.fields._locate import read_values
from hoso.understand.fields._parse import (
    CUT_DATE,
    DATE_NUM,
    NAME_WORD,
    one_read_as_seven,
    parse_value,
)
from hoso.understand.fields._place import date_between_neighbours, holder_by_place
from hoso.understand.fields._readings import (
    GUESS,
    born_as_numbered,
    numbered_as_born,
    other_readings,
    second_name,
    year_glued_on,
)
from hoso.understand.fields._signed import signed_names
from hoso.understand.fields._tables import listed_persons
from hoso.understand.fields._unlabelled import (
    PREFIXED_ID_CONFIDENCE,
    one_number,
    opening_id,
    pair_ids,
    part_ids,
    tail_id,
    unlabelled_id,
)
from hoso.understand.layout import Row, Tok, key, rows_of
from hoso.understand.mrz import expiry_by_second_line, over_print, read_mrz
from hoso.understand.values import DIGIT_LOOKALIKES, FieldValue, overlapped


def _value_keys(spec: FieldSpec, value: str) -> tuple[str, ...]:
    """The value as its words may write it, punctuation aside: a date (ISO) as day, month
    and year ("03/02/1983", "3/2/1983")."""
    if spec.type == "date":
        d = date.fromisoformat(value)
        return (f"{d.day:02d}{d.month:02d}{d.year}", f"{d.day}{d.month}{d.year}")
    return (key(value).replace(" ", ""),)


def _tok_keys(spec: FieldSpec, t: Tok) -> tuple[str, ...]:
    """A word as it may be part of a value: its key, and for a number its key with the
    letters read for digits as those digits ("066Q84283242.." for 066084283242, whose other
    readings are then the value's)."""
    plain = t.key.replace(" ", "")
    if spec.type in ("name", "address", "text"):
        return (plain,)
    return (plain, key(t.text.translate(DIGIT_LOOKALIKES)).replace(" ", ""))


def _fv(spec: FieldSpec, toks: list[Tok], hit: Hit, rows: Sequence[Row]) -> FieldValue | None:
    raw = " ".join(t.text.strip("|[]") for t in toks)  # table rules read as | or [ stick
    if spec.type in ("name", "address", "text"):
        raw = raw.rstrip(".…_ ")
    line = rows[hit.row].text
    conf = min((t.conf for t in toks), default=100.0)
    value = parse_value(spec, raw)
    if value is None and spec.type == "date" and (rest := year_glued_on(toks, rows)):
        raw, value = raw + rest, parse_value(spec, raw + rest)
    if value is not None:
        # how surely the value was read: the words it was taken from, not the crumbs after
        vkeys = _value_keys(spec, value)
        used = [t for t in toks if t.key and any(k in v for k in _tok_keys(spec, t) for v in vkeys)]
        if spec.type == "id_number":
            used = _run_of(used, toks)  # not a crumb after it ("... VỀT 2": a "2")
        conf = min((t.conf for t in used), default=conf)
        # no word holds the value as read ("7945" taken for 1945): the words' other readings
        # are the field's ("1995", the second reader's: dev39 19138)
        found = (parse_value(spec, a) for t in used or toks for a in t.alts)
        alts = tuple(dict.fromkeys(v for v in found if v is not None and v != value))
        if spec.type == "year" and one_read_as_seven(raw) == value:
            conf = min(conf, _SLIP_CONFIDENCE)  # a 7 taken for a 1: agrees or is doubted, no more
        agreed = bool(used) and all(t.unanimous for t in used)
        if spec.type == "name":
            alts = second_name(spec, toks, value)
        confirmed = bool(used) and all(t.confirmed for t in used)
        return FieldValue(spec.name, value, raw, hit.score, line, conf=conf, alts=alts,
                          unanimous=agreed, confirmed=confirmed)  # fmt: skip
    if spec.type == "name" and (second := second_name(spec, toks, "")):
        # no name in Tesseract's reading ("Trần T#ị H⁄a"), one in the second reader's: that,
        # as unsure as a guess, to be compared (its tone marks are the other papers')
        return FieldValue(spec.name, second[0], raw, hit.score, line, conf=min(conf, GUESS),
                          alts=second)  # fmt: skip
    if spec.type == "id_number" and (ruled := _ruled_id(raw)) is not None:
        # a table rule before the number read as a 1 ("|040171299254"): read with less trust
        return FieldValue(spec.name, ruled, raw, hit.score, line, conf=min(conf, 60.0))
    return _misread(spec, toks, raw, hit, line, conf)


def _misread(
    spec: FieldSpec, toks: list[Tok], raw: str, hit: Hit, line: str, conf: float
) -> FieldValue | None:
    """A date or year written that no one can have, or cut short: its one other reading
    that can be, else the value unread (a person reads it); None when nothing was."""
    digits = raw.translate(DIGIT_LOOKALIKES)
    alts = other_readings(spec, toks)  # a date read again: its other readings kept beside it
    shown = DATE_NUM.search(digits) if spec.type == "date" else None
    if shown is not None and len(alts) == 1:
        # a date no one writes ("22/06/1388") whose one other reading is one ("22.06/1988":
        # dev22 15255): that, as unsure as a guess (it may agree with another paper, never
        # decide a disagreement on its own)
        return FieldValue(spec.name, alts[0], raw, hit.score, line, conf=min(conf, GUESS))
    if shown is not None:
        return FieldValue(
            spec.name, shown.group(0), raw, hit.score, line, valid=False, conf=conf, alts=alts
        )
    year = re.match(r"\s*(\d{4})(?!\d)", digits) if spec.type == "year" else None
    if year is not None and len(alts) == 1:
        # a year no one is born in ("4468", a hand-written 1 and 9 read as 4s) whose one
        # other reading is one (the second reader's "1988": dev28 16708): that, as a guess
        return FieldValue(spec.name, alts[0], raw, hit.score, line, conf=min(conf, GUESS))
    if year is not None:  # four digits written, no year anyone is born in ("1292")
        return FieldValue(spec.name, year.group(1), raw, hit.score, line, valid=False, conf=conf)
    if spec.attr == "date_of_birth" and spec.person == "main" and CUT_DATE.match(digits):
        # a birth date written whose year did not read whole ("25/03/41"): unread, for a
        # person to read, not a paper that states no birth date
        return FieldValue(spec.name, "", raw, hit.score, line, valid=False, conf=conf, alts=alts)
    return None


def extract(doc_type: DocumentType, pages: Sequence[PageText]) -> dict[str, FieldValue]:
    """Every field of ``doc_type`` found on the paper's pages."""
    return extract_fields(doc_type, pages)[0]


def extract_fields(
    doc_type: DocumentType, pages: Sequence[PageText]
) -> tuple[dict[str, FieldValue], frozenset[str]]:
    """Every field of ``doc_type`` found on the paper's pages, and the fields whose label
    is printed there (read or not): what the paper asks for."""
    if not doc_type.fields:
        return {}, frozenset()
    comp = compile_labels(doc_type)
    rows = rows_of(pages)
    hits = label_hits(rows, comp)
    labelled = frozenset(s.name for row_hits in hits for h in row_hits for s in h.target.specs)
    out: dict[str, FieldValue] = {}
    unread_ids: dict[str, FieldValue] = {}
    seen_labels: dict[tuple[str, ...], int] = {}
    parts: list[str | None] = []
    for hit, role, candidates in read_values(rows, hits, comp, parts):
        for spec in _specs_for(hit, role, candidates, rows, comp, seen_labels):
            _read_field(spec, hit, candidates, rows, out, unread_ids)
    _listed(rows, hits, comp, out)
    for name, fv in read_mrz(doc_type, rows, out.get("full_name")).items():
        if name in {s.name for s in doc_type.fields}:
            out[name] = over_print(fv, out.get(name), rows)
    born = out.get("date_of_birth")
    expiry = (
        expiry_by_second_line(doc_type, rows, born.value)
        if "expiry" not in out and born is not None and born.valid
        else None
    )
    if expiry is not None:
        out["expiry"] = expiry
    if doc_type.issued or one_number(doc_type):
        unlabelled_id(doc_type, rows, out)
    if doc_type.roles:
        part_ids(doc_type, rows, parts, out)
        opening_id(doc_type, rows, parts, hits, out, labelled)
        pair_ids(doc_type, rows, out)
    if doc_type.holder_by_place:
        holder_by_place(doc_type, rows, out)
    if not doc_type.issued:
        date_between_neighbours(doc_type, rows, out)
    _another_date_as_issue(out)
    _parents_born_before_the_child(doc_type, out)
    born_as_numbered(out)
    numbered_as_born(doc_type, out)
    signed_names(doc_type, rows, out)
    for name, fv in unread_ids.items():
        if name not in out:
            out[name] = _run_together(fv, out) or fv
    return out, labelled


def _run_of(used: list[Tok], toks: list[Tok]) -> list[Tok]:
    """The first unbroken run of ``used`` among ``toks``: the words a number was read from."""
    if not used:
        return used
    mine = {id(t) for t in used}
    start = next(i for i, t in enumerate(toks) if id(t) in mine)
    run: list[Tok] = []
    for t in toks[start:]:
        if id(t) not in mine:
            if t.key:
                break
            continue
        run.append(t)
    return run


def _listed(
    rows: Sequence[Row], hits: list[list[Hit]], comp: Compiled, out: dict[str, FieldValue]
) -> None:
    """The numbered persons' values a list gives, row by row: over a label's (the list is
    where each member is written; "cử ông/bà ..." later in the text names the one chosen,
    whoever it is), unless the list's cell does not read as a value."""
    for r, spec, cell in listed_persons(rows, hits, comp):
        fv = _fv(spec, cell, Hit(r, 0, 0, 100.0, Target((spec,)), 0), rows)
        if fv is not None and (fv.valid or spec.name not in out):
            out[spec.name] = fv


def _specs_for(
    hit: Hit,
    role: str | None,
    candidates: list[list[Tok]],
    rows: Sequence[Row],
    comp: Compiled,
    seen_labels: dict[tuple[str, ...], int],
) -> list[FieldSpec]:
    """The fields a label's values are read for: the field of the person whose part (or
    column) it is in, or of the paper's fields it names the one its turn says."""
    if hit.target.attr:
        spec = comp.fields_of.get((role or "", hit.target.attr))
        year = comp.fields_of.get((role or "", "birth_year"))
        if hit.target.attr == "date_of_birth" and year is not None:
            # "Ngày sinh / Năm sinh": a full date, or only the year for the parents
            return [s for s in (spec, year) if s is not None]
        return [spec] if spec is not None else []
    if (
        role not in (None, "main")
        and (generic := generic_attr(rows, hit))
        and (spec := comp.fields_of.get((role or "", generic)))
    ):
        return [spec]  # "Số định danh cá nhân" in the mother's part is hers
    group = list(hit.target.specs)
    if role not in (None, "main") and all(s.person not in (None, "main", role) for s in group):
        return []  # in the grantee's part, no number is the grantor's
    if role not in (None, "main") and not any(r == role for r, _ in comp.fields_of):
        return []  # a part of persons the paper asks nothing of (the household members)
    if len(group) > 1 and role is not None:
        return [s for s in group if s.person == role] or group[:1]
    if len(group) > 1:
        n = seen_labels.get(group[0].labels, 0)
        item = item_of(rows, hit.row) if comp.numbered else None
        if item is not None and n < item <= max(s.occurrence for s in group):
            n = item - 1  # "2. Ông/bà: ...": the second person's, the first one's unread
        specs = [s for s in group if s.occurrence == n + 1]
        if any(_fv(s, toks, hit, rows) is not None for s in specs for toks in candidates) or any(
            s.type == "id_number" and _unreadable_number(s, candidates, hit, rows) for s in specs
        ):
            # the next person's label; one with no value at all (a heading: "Người
            # sử dụng đất, chủ sở hữu ...") does not take a person's turn, one with
            # a number written but unread does (the next "CCCD số" is the co-owner's)
            seen_labels[group[0].labels] = n + 1
        return specs
    return group


def _read_field(
    spec: FieldSpec,
    hit: Hit,
    candidates: list[list[Tok]],
    rows: Sequence[Row],
    out: dict[str, FieldValue],
    unread_ids: dict[str, FieldValue],
) -> None:
    """The first candidate that reads as a valid value of the field (else the last one read
    at all), unless the field has a valid value already; the holder's ID number written but
    not read as one goes to ``unread_ids``."""
    if spec.name in out and out[spec.name].valid:
        return
    for toks in candidates:
        fv = _fv(spec, toks, hit, rows)
        if fv is not None and (spec.name not in out or fv.valid):
            out[spec.name] = fv
        if fv is not None and fv.valid:
            break
    if spec.name not in out and spec.type == "id_number" and spec.person in _PARTIES:
        unread = _unreadable_number(spec, candidates, hit, rows)
        if unread is not None:
            unread_ids[spec.name] = unread


# the persons whose numbers a paper is filed by: its holder, and a marriage's other party
# (dev34 17973: the groom's number written, unread, never compared with his card)
_PARTIES = ("main", "partner")


def _another_date_as_issue(out: dict[str, FieldValue]) -> None:
    """An identity paper's issue date that is its expiry or its holder's birth date is
    that date read under the issue date's label (two cards copied on one page, a label
    read on the wrong line): the issue date is unread, not a date in the future."""
    issued = out.get("issued_on")
    if issued is not None and any(
        k in out and out[k].value == issued.value for k in ("expiry", "date_of_birth")
    ):
        del out["issued_on"]


_SLIP_CONFIDENCE = 60.0  # a year whose 7 was taken for a 1: may be misread (identity)
_EXACT_LABEL = 95.0  # a label read this closely is the field's: its value is for a person to read


def _parents_born_before_the_child(doc_type: DocumentType, out: dict[str, FieldValue]) -> None:
    """A parent's birth year that is the child's or later is no birth year read but another
    date taken under a label its words resemble (the form's signing date "Trường Vinh,
    ngày 29 tháng 6 năm 2026" taken for "Sinh ngày ..."): not read, rather than a year
    the parent's papers contradict. Under its own label read closely ("Năm sinh: 2026"),
    the field is there and misread: a person reads it."""
    child = out.get("child_dob")
    if child is None or not child.valid:
        return
    for spec in doc_type.fields:
        fv = out.get(spec.name)
        if (
            fv is not None
            and fv.valid
            and fv.label_score < _EXACT_LABEL
            and spec.person in ("mother", "father")
            and spec.attr in ("birth_year", "date_of_birth")
            and fv.value[:4].isdigit()
            and int(fv.value[:4]) >= int(child.value[:4])
        ):
            del out[spec.name]


def _run_together(fv: FieldValue, out: dict[str, FieldValue]) -> FieldValue | None:
    """An unread number whose digits run on into the next words' ("079075379139000005":
    the number, then "Căn cước s" read as digits): its first or last twelve digits, when
    they are an ID number agreeing with the holder's birth date and sex on the paper."""
    digits = re.sub(r"\D", "", fv.raw)
    if len(digits) <= 12:
        return None
    for cand in (*overlapped(fv.raw), digits[:12], digits[-12:]):
        if tail_id(cand, out) is not None:
            return FieldValue(fv.name, cand, fv.raw, fv.label_score, fv.line,
                              conf=PREFIXED_ID_CONFIDENCE)  # fmt: skip
    return None


def _unreadable_number(
    spec: FieldSpec, candidates: list[list[Tok]], hit: Hit, rows: Sequence[Row]
) -> FieldValue | None:
    """The holder's ID number was written (digits there) but does not read as one: marked
    (``valid`` False, ``value`` empty) so that it is checked by a person, not skipped."""
    for toks in candidates:
        raw = " ".join(t.text for t in toks)
        # digits, or digits in boxes read as a run of marks ("I„JủDHHMMHHHH.1BBN1ä")
        boxed = any(len(t.text) >= 10 and not NAME_WORD.match(t.text) for t in toks[:2])
        if sum(ch.isdigit() for ch in raw) >= 6 or boxed:
            conf = min((t.conf for t in toks), default=0.0)
            alts = other_readings(spec, toks)
            return FieldValue(
                spec.name, "", raw, hit.score, rows[hit.row].text, False, conf, alts=alts
            )
    rest = rows[hit.row].toks[hit.end :]  # a comb's marks break the value into crumbs
    raw = " ".join(t.text for t in rest)
    if _filled_cells(raw) >= 6:
        conf = min((t.conf for t in rest), default=0.0)
        return FieldValue(spec.name, "", raw, hit.score, rows[hit.row].text, False, conf)
    return None


_CELL_WALLS = re.compile(r"[\[\]|{}]")


def _filled_cells(raw: str) -> int:
    """Cells of a comb of boxes that hold a mark: digits written one per box and read as
    marks between the walls ("[0| 2} ø|ø]>| s2] s] ð]"). An empty comb has none."""
    if len(_CELL_WALLS.findall(raw)) < 6:
        return 0
    return sum(1 for cell in _CELL_WALLS.split(raw) if cell.strip(" .,:;_-'\"`"))


def _ruled_id(raw: str) -> str | None:
    """Thirteen digits whose first is a rule read as "1" and whose last twelve are an ID
    number (a province code that exists)."""
    m = re.fullmatch(r"[|1lI](\d{12})", re.sub(r"[\s.]", "", raw).rstrip(",;"))
    if m is None or not idnumber.parse(m.group(1)).valid:
        return None
    return m.group(1)
