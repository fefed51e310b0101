"""Checks within one paper: dates in the future, an ID number against the birth date and
sex beside it, expiry (read, or by the law in force when the card was issued), and the
birth year or expiry a card's other dates settle."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hoso import idnumber
from hoso.catalog import Catalog
from hoso.doctypes import DocumentType
from hoso.text import fold
from hoso.understand.identity import CLEAR_READING, People, role_label
from hoso.understand.renewal import on_renewal_birthday, renewal_ages
from hoso.understand.results import PaperResult
from hoso.understand.values import FieldValue


def _fmt_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def check_paper(
    pr: PaperResult, catalog: Catalog, today: date, people: People | None = None
) -> list[str]:
    """Checks within one paper: ID structure, ID vs birth date and sex, dates, expiry.
    Returns notes for the officer that decide nothing."""
    dt = catalog.document_types[pr.paper.doc_type or ""]
    where = dt.short_name
    specs = {s.name: s for s in dt.fields}
    ocr = pr.paper.ocr
    notes: list[str] = []
    for name, fv in pr.fields.items():
        spec = specs[name]
        if spec.type == "date" and name != "expiry" and date.fromisoformat(fv.value) > today:
            msg = f"Ngày tháng trên {where} không hợp lệ ({_fmt_date(fv.value)} là ngày trong tương lai)"
            if ocr and name == "issued_on" and ("expiry" in pr.fields or _back_alone(pr)):
                # a card's issue date serves its validity alone, which its expiry says
                notes.append(msg)
                continue
            (pr.doubts if ocr else pr.problems).append(msg)
    if ocr and (note := expiry_unlabelled(pr, dt, _holder_born(pr, people))):
        # the holder's birth date settled by other papers since the paper was read, or
        # given by the papers carrying the card's number when the card's was not read
        notes.append(note)
    exp = pr.fields.get("expiry")
    issued = pr.fields.get("issued_on")
    if exp is not None and date.fromisoformat(exp.value) < today:
        msg = f"{dt.short_name} đã hết hạn sử dụng (có giá trị đến {_fmt_date(exp.value)})"
        # an expiry before the card's own issue date is misread, and so may be one read
        # hardly at all (dev41 19698: "03/01/2021" read at 2, the card issued in 2022 on its
        # back): an officer reads it
        misread = ocr and (
            (issued is not None and issued.value > exp.value)
            or (exp.conf < _GUESSED_EXPIRY and not _by_law(exp.value, pr, dt, people))
        )
        (pr.doubts if misread else pr.problems).append(msg)
    elif exp is None and dt.validity:
        born_agreed = people is not None and people.confirmed(pr, "date_of_birth")
        _expiry_by_law(
            pr, dt, today, born_agreed=born_agreed, born_elsewhere=_holder_born(pr, people)
        )
    ident = pr.fields.get("id_number")
    if ident is not None and len(ident.value) == 12:
        _own_number(pr, ident, where, ocr)
    _others_numbers(pr, dt, ocr)
    return notes


def _by_law(when: str, pr: PaperResult, dt: DocumentType, people: People | None) -> bool:
    """An expiry on its holder's birthday in the year of an age the law has the card
    renewed at: what a misreading hardly gives, so a guess at it the law bears out (a date
    only the second reader read, dev34 17988) is no guess."""
    dob = pr.fields.get("date_of_birth")
    born = dob.value if dob is not None else _holder_born(pr, people)
    return born is not None and on_renewal_birthday(when, born, dt)


def _back_alone(pr: PaperResult) -> bool:
    """A card's side that gives its issue date and no birth date (its back, read as a paper
    of its own beside its front, dev37 18723): no validity by law is read off it, its
    front's expiry says it."""
    return "date_of_birth" not in pr.fields and "id_number" not in pr.fields


_SEX_DIGIT = 3  # the ID number's digit giving sex and century
_GUESSED_EXPIRY = 10.0  # an expiry read with less confidence (a guess) is no proof it ran out
_VOTED = 85.0  # a number re-read with this many of its readings agreeing (hoso.ocr.numbers)
_VOTED_YEAR = 90.0  # ... and a birth date beside it read as surely: its year is no slip


def _own_number(pr: PaperResult, ident: FieldValue, where: str, ocr: bool) -> None:
    """The paper's ID number against the birth date and the sex beside it. One misread
    digit is more likely than a forged number on a scan: an officer decides, unless the
    values were read as surely as typed print on a clean scan. For the sex, the number's
    one digit that gives it counts: read alike by every reading of a number re-read with
    most readings agreeing, it is as sure as print (a comb's typed digits)."""
    dob, sex = pr.fields.get("date_of_birth"), pr.fields.get("sex")
    if dob is not None:
        chk = idnumber.check(ident.value, date_of_birth=date.fromisoformat(dob.value))
        sure = (
            not ocr
            or min(ident.conf, dob.conf) >= CLEAR_READING
            or _voted_year(ident, dob)
            or _far_year(ident, dob)
            or _far_in_every_reading(ident, dob)
        )
        (pr.problems if sure else pr.doubts).extend(f"{p} (trên {where})" for p in chk.problems)
    if sex is not None:
        chk = idnumber.check(ident.value, sex=sex.value)
        voted = (
            ident.conf >= _VOTED
            and sex.conf >= CLEAR_READING
            and _alike_in_every_reading(ident, slice(_SEX_DIGIT, _SEX_DIGIT + 1))
        )
        printed = ident.conf >= CLEAR_READING and (dob is None or dob.conf >= CLEAR_READING)
        sure = not ocr or printed or voted
        (pr.problems if sure else pr.doubts).extend(f"{p} (trên {where})" for p in chk.problems)


def _voted_year(ident: FieldValue, dob: FieldValue) -> bool:
    """A number's birth year as sure as print: the digits giving it (century and year) read
    alike by every reading of a number re-read (a number that can exist) with nine readings
    in ten agreeing, beside a birth date read as surely, no digit of it guessed, none of
    whose readings has the number's year."""
    return (
        min(ident.conf, dob.conf) >= _VOTED_YEAR
        # re-read: its readings not all alike, or every one of them alike (dev25 15908's
        # 096105592077, 20 of 20, beside its birth year 1998)
        and (bool(ident.alts) or ident.unanimous)
        and _year_alike(ident)
        and _date_as_read(dob, ident)
    )


def _year_alike(ident: FieldValue) -> bool:
    """A number that can exist whose century and year every other reading gives alike."""
    return idnumber.parse(ident.value).valid and _alike_in_every_reading(
        ident, slice(_SEX_DIGIT, _SEX_DIGIT + 3)
    )


def _date_as_read(dob: FieldValue, ident: FieldValue) -> bool:
    """No digit of the date a guess ("198Z"), none of its other readings the year the
    number gives."""
    year = str(idnumber.birth_year(ident.value))
    return not dob.patched and not any(alt[:4] == year for alt in dob.alts)


def _far_year(ident: FieldValue, dob: FieldValue) -> bool:
    """A number's birth year read as surely as print, or as hand-filled digits are (its
    re-reads mostly agreeing, century and year alike in every one of them), beside a birth
    date (or year) read fairly surely whose year is two digits or more from it ("1912" in
    the number, "1998" beside it: dev25 15986; "1902" and "2002": dev24 15614): no slip of
    a digit on either side, the number cannot be the person's."""
    year, born = str(idnumber.birth_year(ident.value)), dob.value[:4]
    voted = ident.conf >= _VOTED and (len(ident.alts) >= _FAR_YEAR_READINGS or ident.unanimous)
    printed = ident.conf >= CLEAR_READING and not ident.alts
    return (
        (voted or printed)
        and _year_alike(ident)
        and dob.conf >= _FAIR_DATE
        and _date_as_read(dob, ident)
        and _apart(year, born)
    )


def _apart(year: str, born: str) -> bool:
    """Two years two digits or more apart: no slip of one digit makes one of the other."""
    return len(year) == len(born) and sum(a != b for a, b in zip(year, born, strict=True)) >= 2


def _far_in_every_reading(ident: FieldValue, dob: FieldValue) -> bool:
    """A hand-written number read unsurely every reading of which (three or more, each
    one a number that can exist) gives a birth year two digits or more from a birth date
    both readers read alike (dev33 17774: 079178731321 read at 54, its other readings
    1948's and 1978's, beside 01/09/1964 confirmed): whichever it is, it is not the
    person's; no slip of a digit makes 1964 of 1978 or of 1948."""
    readings = [ident.value, *(a for a in ident.alts if len(a) == len(ident.value))]
    born = dob.value[:4]
    years = [str(y) for r in readings if idnumber.parse(r).valid and (y := idnumber.birth_year(r))]
    return (
        len(years) == len(readings) > _FAR_YEAR_READINGS
        and dob.confirmed
        and _date_as_read(dob, ident)
        and all(_apart(y, born) for y in years)
    )


_FAIR_DATE = 60.0  # a hand-filled date about half of whose re-reads agree
_FAR_YEAR_READINGS = 2  # other readings of the number, every one giving its year


def _alike_in_every_reading(ident: FieldValue, digits: slice) -> bool:
    """The number's ``digits`` (the sex digit; century and year) read alike by every other
    reading of it (:mod:`hoso.ocr.numbers`)."""
    return all(a[digits] == ident.value[digits] for a in ident.alts if len(a) == 12)


def _others_numbers(pr: PaperResult, dt: DocumentType, ocr: bool) -> None:
    """The other persons a paper names (the partner on a marriage form, the parents on a
    birth registration), each one's ID number against the birth date (or year) and sex
    the paper gives them beside it: a number that cannot be theirs is asked for, or, read
    off a scan less surely than typed print, an officer's doubt."""
    by_person: dict[str, dict[str, FieldValue]] = {}
    for spec in dt.fields:
        fv = pr.fields.get(spec.name)
        if fv is not None and spec.person not in (None, "main") and spec.attr:
            by_person.setdefault(spec.person, {})[spec.attr] = fv
    for person, values in by_person.items():
        ident, dob, year = (values.get(k) for k in ("id_number", "date_of_birth", "birth_year"))
        born = dob or year
        if ident is None or len(ident.value) != 12 or born is None:
            continue
        when = date.fromisoformat(dob.value) if dob else date(int(born.value), 1, 1)
        chk = idnumber.check(ident.value, date_of_birth=when)
        if chk.valid:
            continue
        who = f"{role_label(person) or person} trên {dt.short_name}"
        msgs = [f"{p} (của {who})" for p in chk.problems]
        sure = not ocr or min(ident.conf, born.conf) >= CLEAR_READING or _far_year(ident, born)
        (pr.problems if sure else pr.doubts).extend(msgs)


def old_number(where: str) -> str:
    return f"Số chứng minh nhân dân 9 số trên {where} không còn giá trị; cần số định danh cá nhân 12 số"


def validity_unread(pr: PaperResult, catalog: Catalog) -> bool:
    """A scanned card whose expiry could not be judged: no expiry date read, nor the birth
    and issue dates the law's renewal ages need."""
    dt = catalog.document_types.get(pr.paper.doc_type or "")
    if dt is None or not dt.validity or not pr.paper.ocr or "expiry" in pr.fields:
        return False
    if _never_expires(pr):
        return False
    return "date_of_birth" not in pr.fields or "issued_on" not in pr.fields


def may_have_expired(pr: PaperResult, dt: DocumentType, today: date) -> bool:
    """Could a card of this kind, its issue date unknown, have run out by ``today``? Its
    holder's birth date (read on it, else the year its ID number gives, taken at its first
    day) against every law in force since such cards were first issued: issued the day a
    law came in (or its holder was born, if later), the earliest it could expire."""
    born = pr.fields.get("date_of_birth")
    ident = pr.fields.get("id_number")
    if born is not None:
        b = date.fromisoformat(born.value)
    elif ident is not None and (year := idnumber.birth_year(ident.value)) is not None:
        b = date(year, 1, 1)
    else:
        return True  # nothing says who holds it: it may have
    for rule in dt.validity:
        first = max(rule.effective_from, b)
        if first > today:
            continue
        due = rule.expiry(b, first)
        if due is not None and due[0] < today:
            return True
    return False


def _never_expires(pr: PaperResult) -> bool:
    """The card says it does not expire ("Có giá trị đến: Không thời hạn")."""
    return any("khong thoi han" in fold(pc.page.text) for pc in pr.paper.pages)


_DATE_WRITTEN = re.compile(r"(?<!\d)(\d{2})[/1Il|]?(\d{2})[/1Il|]?(\d{4})(?!\d)")


def _holder_born(pr: PaperResult, people: People | None) -> str | None:
    """A card's holder's birth date when the card's own was not read: the one the other
    papers carrying the card's twelve digits give, in the year those digits encode."""
    ident = pr.fields.get("id_number")
    if people is None or ident is None or "date_of_birth" in pr.fields:
        return None
    year = idnumber.birth_year(ident.value)
    dates = {
        dob
        for m in people.cluster(pr)
        if m.paper is not pr and m.get("id_number") == ident.value
        and (dob := m.get("date_of_birth"))
    }  # fmt: skip
    return dates.pop() if len(dates) == 1 and year == int(next(iter(dates))[:4]) else None


def expiry_unlabelled(
    pr: PaperResult, dt: DocumentType, born_elsewhere: str | None = None
) -> str | None:
    """A card's expiry read without its label ("06/02/2025" printed under the photo, its
    small "Có giá trị đến" lost): a date on the card that falls on the holder's birthday
    in the year of a renewal age is the expiry the law gives such a card; one such date,
    and it is taken (a note says so). So is it over an expiry read on no birthday (the
    issue date printed beside it on the same line, "16/06/2025 14/02/2038", read for it).
    ``born_elsewhere``: the holder's birth date from other papers, the card's own unread."""
    dob = pr.fields.get("date_of_birth")
    birth = dob.value if dob is not None else born_elsewhere
    if not dt.validity or birth is None:
        return None
    born = date.fromisoformat(birth)
    if (read := pr.fields.get("expiry")) is not None and read.value[4:] == birth[4:]:
        return None  # on the birthday: the expiry as read
    ages = renewal_ages(dt)
    found: dict[str, FieldValue] = {}
    for pc in pr.paper.pages:
        for w in pc.page.words:
            for m in _DATE_WRITTEN.finditer(w.text):
                day, month, year = (int(g) for g in m.groups())
                if (month, day) != (born.month, born.day) or year - born.year not in ages:
                    continue
                try:
                    iso = date(year, month, day).isoformat()
                except ValueError:  # 29 February in a year without one
                    continue
                found[iso] = FieldValue("expiry", iso, m.group(0), 0.0, w.text, conf=w.conf)
    if len(found) != 1:
        return None
    pr.fields["expiry"] = next(iter(found.values()))
    return f"Thời hạn của {dt.short_name}: ngày ghi trên thẻ đúng sinh nhật ở tuổi phải đổi thẻ"


_SURE_DATE = 60.0  # an OCR'd date at least this confident is taken as read


def _expiry_by_law(
    pr: PaperResult,
    dt: DocumentType,
    today: date,
    *,
    born_agreed: bool = False,
    born_elsewhere: str | None = None,
) -> None:
    """A card whose expiry date was not read (a worn line, a crop that cut it, an old card
    without one): by the law in force on its issue date, it had to be renewed at an age its
    holder's birth date says has passed. On a scan, an unsure birth date, or an issue date
    near an age boundary, makes it a doubt for the officer. The reason names the issue date
    and the age, not the birth date. The card's birth date not read, the one the papers
    carrying its number give in the year the number encodes serves, agreed (dev25 15948)."""
    born, issued = pr.fields.get("date_of_birth"), pr.fields.get("issued_on")
    if born is None and born_elsewhere is not None:
        born, born_agreed = FieldValue("date_of_birth", born_elsewhere, "", 0.0, ""), True
    if born is None or issued is None:
        return
    if _never_expires(pr):
        return
    b, i = date.fromisoformat(born.value), date.fromisoformat(issued.value)
    if not b < i <= today:
        return  # a misread date: nothing can be said
    rule = dt.validity_on(i)
    due = rule.expiry(b, i) if rule is not None else None
    if due is None or due[0] >= today:
        return
    msg = (
        f"{dt.short_name} đã hết hạn sử dụng (cấp ngày {_fmt_date(issued.value)}, "
        f"phải đổi khi đủ {due[1]} tuổi)"
    )
    # a scan: the birth date read confidently, and the issue date read as surely as typed
    # print on a clean scan, or the verdict the same for an issue date a year either way (a
    # misread year rarely crosses an age boundary; a year before such cards were issued is
    # no reading it could be)
    sure = not pr.paper.ocr or (
        (born.conf >= _SURE_DATE or born_agreed)
        and (
            issued.conf >= CLEAR_READING
            or all(
                (e := r.expiry(b, d)) is not None and e[0] < today
                for d in (i - timedelta(days=365), i + timedelta(days=365))
                if b < d <= today and (r := dt.validity_on(d)) is not None
            )
        )
    )
    (pr.problems if sure else pr.doubts).append(msg)
