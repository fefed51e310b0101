"""The machine-readable zone of chip ID cards (TD1: ``IDVNM...``) and passports (TD3:
``P<VNM...``): the holder's 12-digit ID number, birth date, sex and expiry, kept only when
the zone's own checks hold (the card's document number repeats the ID number's last nine
digits; ICAO 9303 check digits), so a confirmed reading beats the printed digits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from hoso import idnumber
from hoso.doctypes import DocumentType, FieldSpec
from hoso.text import fold, squash
from hoso.understand.layout import Row
from hoso.understand.values import FieldValue

_MRZ_WEIGHTS = (7, 3, 1)
_MRZ_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1",
                             "Z": "2", "S": "5", "B": "8", "G": "6"})  # fmt: skip


def _mrz_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - 55
    return 0


def mrz_check(data: str) -> int:
    """ICAO 9303 check digit."""
    return sum(_mrz_value(c) * _MRZ_WEIGHTS[i % 3] for i, c in enumerate(data)) % 10


def _mrz_date(yymmdd: str, *, past: bool, century: int | None) -> date | None:
    try:
        yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    except ValueError:
        return None
    base = century if century is not None else (1900 if past and yy > 30 else 2000)
    try:
        return date(base + yy, mm, dd)
    except ValueError:
        return None


def read_mrz(
    doc_type: DocumentType, rows: Sequence[Row], printed_name: FieldValue | None = None
) -> dict[str, FieldValue]:
    """ID number, birth date, sex and expiry from a chip card's or a passport's MRZ, kept only
    when its internal checks hold, and (a card's) when its name line is not another person's
    than the name printed on the card (``printed_name``)."""
    if not doc_type.mrz:
        return {}
    texts = ["".join(t.text for t in row.toks).replace(" ", "") for row in rows]
    out: dict[str, FieldValue] = {}
    specs = {s.name: s for s in doc_type.fields}
    for i, line in enumerate(texts):
        up = line.upper().replace("«", "<")
        card = re.search(
            r"[1IT][D0O]VNM([0-9OIlDSBZQG]{9})([0-9OIlDSBZQG])([0-9OIlDSBZQG]{12})", up
        )
        if card:
            doc = card.group(1).translate(_MRZ_DIGITS)
            chk = card.group(2).translate(_MRZ_DIGITS)
            ident = card.group(3).translate(_MRZ_DIGITS)
            if (
                doc.isdigit() and ident.isdigit() and chk.isdigit()
                and ident[3:] == doc and mrz_check(doc) == int(chk)
                # the check digit covers the last nine digits only: the province code must
                # be one ("640..." is "040..." misread)
                and idnumber.parse(ident).valid
                and not _names_another(texts[i + 1 : i + 4], printed_name)
            ):  # fmt: skip
                _put(out, specs, "id_number", ident, line)
                # the next line, or the one after when the card's other side, beside it on
                # the sheet, puts a line of its own between (dev35 18160)
                ages = {a for rule in doc_type.validity for a in rule.renew_at_ages}
                for nxt in texts[i + 1 : i + 3]:
                    if _mrz_line2(out, specs, nxt.upper(), ident, ages):
                        break
        pas = re.search(r"([A-Z0-9<]{9})([0-9])VNM([0-9]{6})([0-9])([MF<])([0-9]{6})([0-9])"
                        r"([0-9OIlDSBZ]{12})<<([0-9])([0-9])?", up)  # fmt: skip
        if pas:
            ident = pas.group(8).translate(_MRZ_DIGITS)
            if (
                ident.isdigit()
                and mrz_check(ident + "<<") == int(pas.group(9))
                # one check digit over twelve: one misreading in ten passes it; the
                # number must be one, and the line's composite check hold when read
                and idnumber.parse(ident).valid
                and (pas.group(10) is None or _composite_holds(pas, ident))
            ):
                _put(out, specs, "id_number", ident, line)
                _mrz_dates(out, specs, pas.group(3), pas.group(4), pas.group(5),
                           pas.group(6), pas.group(7), ident)  # fmt: skip
    return out


_NAME_LINE = re.compile(r"[A-Z]+(?:<[A-Z]+)*<<[A-Z]+(?:<[A-Z]+)*<*$")


def _names_another(lines: Sequence[str], printed: FieldValue | None) -> bool:
    """The zone's name line ("BUI<<XUAN<TUYET<<<<") and the name printed on the card share
    no word: the zone is another card's on the same page (dev38 19083: two cards stacked
    on one sheet taken for one, the bride's zone giving her birth date to the groom's
    printed name)."""
    if not printed:
        return False
    mine = set(squash(fold(printed.value)).upper().split())
    for ln in lines:
        m = _NAME_LINE.search(ln.upper().replace("«", "<"))
        if m is not None:
            return not (set(re.split("<+", m.group(0).strip("<"))) & mine)
    return False


def over_print(zone: FieldValue, printed: FieldValue | None, rows: Sequence[Row]) -> FieldValue:
    """The zone's reading of a field over the card's printed one. A chip card's zone checks
    an ID number's last nine digits only: a number printed on the card (under its label,
    or alone: "s/No: 040178351732") that agrees on those and gives another valid province
    code ("049178351732" in the zone) leaves the zone's first three digits unconfirmed.
    The zone's reading then stays, the print's is its other reading, and neither is sure:
    the holder's other papers settle it."""
    if zone.name != "id_number":
        return zone
    prints = {printed.value} if printed is not None else set()
    prints |= {
        m.group(0) for r in rows if "<" not in r.text for m in idnumber.IN_TEXT.finditer(r.text)
    }
    others = sorted(
        v for v in prints
        if v != zone.value and v[3:] == zone.value[3:] and idnumber.parse(v).valid
    )  # fmt: skip
    if len(others) != 1 or zone.value in prints:
        return zone
    return replace(zone, source="label", alts=(others[0],))


def _composite(pas: re.Match[str], ident: str, doc: str | None = None) -> int:
    """A passport's composite check digit: over the document number (``doc``: as mended),
    the birth date, the expiry and the personal number, each with its own check digit
    (ICAO 9303, TD3)."""
    g = pas.group
    return mrz_check((doc or g(1)) + g(2) + g(3) + g(4) + g(6) + g(7) + ident + "<<" + g(9))


def _composite_holds(pas: re.Match[str], ident: str) -> bool:
    """The line's composite check holds, as read or once the passport's own number, its
    check digit failing, is mended by one digit that both checks then accept (a 0 read as
    9: "K9560554" for K0560554, dev28 16703). The number is not what hoso reads; the
    birth date, the expiry and the personal number then stand on their own checks."""
    want = int(pas.group(10))
    if _composite(pas, ident) == want:
        return True
    doc, chk = pas.group(1), int(pas.group(2))
    if mrz_check(doc) == chk:
        return False  # the passport's number read right: something else was misread
    mended = (
        doc[:i] + d + doc[i + 1 :] for i, ch in enumerate(doc) if ch.isdigit() for d in "0123456789"
    )
    return any(mrz_check(m) == chk and _composite(pas, ident, m) == want for m in mended)


def _put(out: dict[str, FieldValue], specs: dict[str, FieldSpec], name: str, value: str,
         line: str) -> None:  # fmt: skip
    if name in specs:
        out[name] = FieldValue(name, value, value, 100.0, line, source="mrz")


# the nationality after the second line's dates, a letter read twice or otherwise ("VNWM"):
# the dates before it carry their own check digits
_VNM = "V[A-Z]{1,2}M"


def _mrz_line2(out: dict[str, FieldValue], specs: dict[str, FieldSpec], line: str,
               ident: str, ages: set[int]) -> bool:  # fmt: skip
    """The zone's second line's dates and sex, when ``line`` is it."""
    # searched, not matched: a mark off the card's edge may start the line ("Ï8603234F...")
    # a card of no expiry (its holder past sixty) leaves the expiry blank: "<<<<<<0"
    m = re.search(rf"([0-9]{{6}})([0-9])([MF<])([0-9]{{6}}|<{{6}})([0-9<]){_VNM}", line)
    if m:
        _mrz_dates(out, specs, m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), ident)
        return True
    return _stray_in_line2(out, specs, line, ident, ages)


# a character read into the second line after the sex or after the expiry's check digit
# ("9803101F23803109VNM": a "2" between "F" and the expiry 380310, dev44 20417)
_STRAYS = (
    re.compile(rf"([0-9]{{6}})([0-9])([MF]).([0-9]{{6}})([0-9]){_VNM}"),
    re.compile(rf"([0-9]{{6}})([0-9])([MF])([0-9]{{6}})([0-9]).{_VNM}"),
)


def _stray_in_line2(
    out: dict[str, FieldValue], specs: dict[str, FieldSpec], line: str, ident: str, ages: set[int]
) -> bool:
    """The second line with one character too many, read when the birth date's and the
    expiry's check digits both hold and the expiry is the holder's birthday in a year the
    law has the card renewed (``ages``): two checks and the renewal day, which a reading
    shifted by a character hardly passes ("8006215F40606217VNM", a "6" read inside the
    expiry 400621, gives "060621" with its check digit: no renewal year for one born in
    1980, dev41 19821)."""
    for rx in _STRAYS:
        m = rx.search(line)
        if m is not None and _stray_read(out, specs, m, ident, ages):
            return True
    return False


def _stray_read(
    out: dict[str, FieldValue], specs: dict[str, FieldSpec], m: re.Match[str], ident: str,
    ages: set[int],
) -> bool:  # fmt: skip
    """The dates of one way of reading a second line with a character too many, if they
    pass (see :func:`_stray_in_line2`)."""
    dob, dob_chk, sex, exp, exp_chk = m.groups()
    if mrz_check(dob) != int(dob_chk) or mrz_check(exp) != int(exp_chk):
        return False
    born = _mrz_date(dob, past=True, century=idnumber.parse(ident).century)
    until = _mrz_date(exp, past=False, century=None)
    if born is None or until is None or (until.month, until.day) != (born.month, born.day):
        return False
    if until.year - born.year not in ages:
        return False
    _mrz_dates(out, specs, dob, dob_chk, sex, exp, exp_chk, ident)
    return True


def _mrz_dates(out: dict[str, FieldValue], specs: dict[str, FieldSpec], dob: str, dob_chk: str,
               sex: str, exp: str, exp_chk: str, ident: str) -> None:  # fmt: skip
    century = idnumber.parse(ident).century
    if mrz_check(dob) == int(dob_chk):
        d = _mrz_date(dob, past=True, century=century)
        if d is not None:
            _put(out, specs, "date_of_birth", d.isoformat(), dob)
    if exp.isdigit() and exp_chk.isdigit() and mrz_check(exp) == int(exp_chk):
        e = _mrz_date(exp, past=False, century=None)
        if e is not None:
            _put(out, specs, "expiry", e.isoformat(), exp)
    if sex in "MF" and "sex" in specs:
        _put(out, specs, "sex", "Nam" if sex == "M" else "Nữ", sex)


def expiry_by_second_line(
    doc_type: DocumentType, rows: Sequence[Row], born: str
) -> FieldValue | None:
    """A card's expiry from its zone's second line alone, when the first was not read
    ("8599299F2599297VNM": 0s read as 9s): the birth date and the expiry, each with its
    check digit, taken as read or with the one digit its check digit allows, when the
    birth date is the one printed on the card (``born``, ISO) and the expiry falls on that
    day and month (a card expires on a birthday). None unless exactly one expiry fits."""
    if not doc_type.mrz or "expiry" not in {s.name for s in doc_type.fields}:
        return None
    want = born[2:4] + born[5:7] + born[8:10]
    for row in rows:
        line = "".join(t.text for t in row.toks).replace(" ", "").upper()
        m = re.search(rf"([0-9]{{6}})([0-9])[MF<]([0-9]{{6}})([0-9]){_VNM}", line)
        if m is None or want not in _fixed(m.group(1), int(m.group(2))):
            continue
        found = [e for e in _fixed(m.group(3), int(m.group(4))) if e[2:] == want[2:]]
        day = _mrz_date(found[0], past=False, century=None) if len(found) == 1 else None
        if day is not None:
            return FieldValue("expiry", day.isoformat(), m.group(0), 0.0, line, conf=90.0)
    return None


def _fixed(yymmdd: str, check: int) -> list[str]:
    """``yymmdd`` as read, or with one digit changed, that its check digit allows and that
    is a date."""
    cands = [yymmdd] + [
        yymmdd[:k] + d + yymmdd[k + 1 :] for k in range(6) for d in "0123456789" if d != yymmdd[k]
    ]
    return [c for c in cands if mrz_check(c) == check and _mrz_date(c, past=False, century=2000)]
