"""Comparing two mentions' values: two people or one, and could a misreading explain a
difference?"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from hoso import idnumber
from hoso.names import is_family_name, reads_as_family_name
from hoso.text import fold, squash
from hoso.understand.identity._mentions import CLEAR_READING, LOW_VALUE_CONFIDENCE, Mention
from hoso.understand.identity._names import other_families, slipped_in_part, word_alike
from hoso.understand.identity._slips import CONFUSED, confused
from hoso.understand.values import FieldValue

MAX_MISREAD_DIGITS = 4  # digits a fairly sure reading of an ID number may get wrong
_SURE_APART = 80.0  # both numbers read this surely and far apart: two numbers
_UNSURE_DIGITS_CONFIDENCE = 60.0  # (hoso.ocr.numbers: 60 is about half the re-reads agreeing)
UNSURE_NAME_CONFIDENCE = 60.0  # a name read below this may be garbled word by word


def other_name(a: str, b: str) -> bool:
    """Names of two people, not two readings of one name: fewer than half their words
    shared (family, middle and given names)."""
    wa, wb = set(squash(fold(a)).split()), set(squash(fold(b)).split())
    if not wa or not wb:
        return False
    return len(wa & wb) < 0.5 * min(len(wa), len(wb)) or (
        len(wa & wb) < 0.5 * max(len(wa), len(wb)) and not (wa <= wb or wb <= wa)
    )


def other_person(x: Mention, y: Mention) -> bool:
    """Clearly two people: a name and a number or birth date read on both, and none of
    them alike (when too little was read, it cannot be told: compare them)."""
    compared = 0
    for attr in ("full_name", "id_number", "date_of_birth"):
        a, b = x.get(attr), y.get(attr)
        if not (a and b):
            continue
        if Levenshtein.distance(squash(fold(a)), squash(fold(b))) <= 2:
            return False
        compared += 1
    return compared >= 2 and bool(x.get("full_name") and y.get("full_name"))


def family_name_misread(a: str, b: str) -> bool:
    """One name read twice, its family name misread once: the same words after the first,
    and a first word that is no family name a letter away from the other's, which is one
    ("Đễ Quỳnh Thắm" / "Đỗ Quỳnh Thắm"), or two letters from a family name of five letters
    or more ("Nguuấn Gia Mai" / "Nguyễn Gia Mai"); the other's a family name but for its
    tone when neither is one as read ("Nguuễn Thành Trung" / "Nguyên Thành Trung")."""
    wa, wb = squash(a).split(), squash(b).split()
    if len(wa) != len(wb) or len(wa) < 2 or [fold(w) for w in wa[1:]] != [fold(w) for w in wb[1:]]:
        return False
    fa, fb = is_family_name(wa[0]), is_family_name(wb[0])
    if not (fa or fb):  # both misread, one only in its tone ("Nguyên" / "Nguuễn")
        fa, fb = reads_as_family_name(wa[0]), reads_as_family_name(wb[0])
    if fa == fb:
        return False
    family = fold(wa[0] if fa else wb[0])
    # a long family name misread in two letters ("Nguuấn" for "Nguyễn": y read as u)
    return Levenshtein.distance(fold(wa[0]), fold(wb[0])) <= (2 if len(family) >= 5 else 1)


def mentions_differ(attr: str, x: Mention, y: Mention) -> bool:
    """Two mentions' values of ``attr`` differ, both read (see :func:`differs`); a name
    read off a scan without its last word is not another name."""
    a, b = x.get(attr), y.get(attr)
    if not (a and b) or not differs(attr, a, b):
        return False
    if attr == "full_name" and (read_as(x, b) or read_as(y, a)):
        return False  # read so by the second reader: one name, misread once
    if attr == "full_name" and any(m.values[attr].guessed for m in (x, y)):
        return False  # only the second reader's reading, another: it says nothing
    shorter = x if len(a.split()) < len(b.split()) else y
    return not (attr == "full_name" and _cut_short(a, b, shorter.paper.ocr))


def read_as(m: Mention, name: str) -> bool:
    """``m``'s name as the second reader read it (hoso.ocr.second: unsure hand-written words
    read again, without tone marks) is ``name`` once the tone marks are set aside."""
    fv = m.values.get("full_name")
    target = squash(fold(name))
    return fv is not None and any(squash(fold(alt)) == target for alt in fv.alts)


def _cut_short(a: str, b: str, shorter_read: bool) -> bool:
    """One name read whole and, off a scan, once without its last word, which the reading
    could not make a syllable of ("Huỳnh Thế" / "Huỳnh Thế Khôi"; "Nguuên Thu" / "Nguyễn Thu
    Nhi", its family name misread as well), or without its first one or two (the family
    name, and a middle name with it): what was read agrees."""
    wa, wb = squash(a).split(), squash(b).split()
    if len(wa) > len(wb):
        wa, wb = wb, wa
    if not (shorter_read and len(wa) >= 2 and len(wb) - len(wa) in (1, 2)):
        return False
    short, head = " ".join(wa), " ".join(wb[: len(wa)])
    # ... or without its family name (and a middle name after it), lost at the start of a
    # line or a cell ("Quỳnh Hương" / "Nguyễn Quỳnh Hương", "Khánh Nhân" / "Lê Bá Khánh Nhân")
    headless = reads_as_family_name(wb[0]) and fold(short) == fold(
        " ".join(wb[len(wb) - len(wa) :])
    )
    if len(wb) - len(wa) == 2:
        return headless
    return fold(short) == fold(head) or family_name_misread(short, head) or headless


def differs(attr: str, a: str, b: str) -> bool:
    if attr == "full_name":
        return squash(fold(a)) != squash(fold(b)) and not family_name_misread(a, b)
    if attr == "id_number" and len(a) != len(b):
        return False  # a 9-digit identity card number and a 12-digit one: not comparable
    return a != b


_DOUBT_WORDS = {  # words (folded) of the doubts that concern each attribute
    "full_name": ("ho ten", "ho va ten", "ho, chu dem"),
    "id_number": ("dinh danh", "chung minh", "can cuoc", "cccd", "cmnd"),
    "date_of_birth": ("sinh", "ngay thang"),
    "birth_year": ("sinh", "ngay thang"),
    "sex": ("gioi tinh",),
}


def _doubts_about(doubts: Sequence[str], attr: str) -> bool:
    """Some of a paper's own doubts concern ``attr`` (an unreadable date says nothing
    about how well its ID number was read)."""
    words = _DOUBT_WORDS.get(attr, ())
    return any(w in fold(d).lower() for d in doubts for w in words)


def misread_possible(attr: str, x: Mention, y: Mention) -> bool:
    """Could OCR (or a hand-filled value read by OCR) explain the two values differing?"""
    if attr == "full_name" and other_families(x.get(attr) or "", y.get(attr) or ""):
        return False  # however unsure, no misreading makes a Lê of a Nguyễn
    if attr == "full_name" and not other_name(x.get(attr) or "", y.get(attr) or ""):
        return True  # most words alike ("Lê Thanh" / "Lê Thanh Tuyết Loan"): a reading slip
    if attr == "full_name" and slipped_in_part(x.get(attr) or "", y.get(attr) or ""):
        return True
    if not (x.paper.ocr or y.paper.ocr):
        return False
    if attr == "id_number" and _two_numbers(x, y):
        return False  # whatever else a paper's own values say: not one number misread
    if any(m.paper.ocr and _doubts_about(m.paper.doubts, attr) for m in (x, y)):
        return True  # a scan whose own fields disagree (ID vs birth year) was probably misread
    a, b = x.get(attr) or "", y.get(attr) or ""
    if attr == "id_number" and any(m.paper.ocr and no_ones(v) for m, v in ((x, a), (y, b))):
        return True  # a number no one can have, read off a scan: misread, not another's
    distance = Levenshtein.distance(squash(fold(a)), squash(fold(b)))
    if attr in ("full_name", "id_number", "date_of_birth") and distance <= 2:
        return True
    if attr == "id_number" and (read_near(x, b) or read_near(y, a)):
        return True
    conf = min(x.confidence(attr), y.confidence(attr))
    if attr == "id_number" and conf >= _UNSURE_DIGITS_CONFIDENCE and distance > MAX_MISREAD_DIGITS:
        return False  # a reading most re-reads agree on slips a digit or two, not nine
    if attr == "full_name" and conf >= UNSURE_NAME_CONFIDENCE and not word_alike(a, b):
        return False  # misreading slips letters, it does not write every word anew
    return conf < LOW_VALUE_CONFIDENCE


def read_near(m: Mention, number: str) -> bool:
    """Another reading of ``m``'s number (its re-read's, off a scan) a digit or two from
    ``number`` (dev24 15757: "033053508258" at 90, its other reading "079053508258", beside
    the certificate's 079057508258): the number may be that one misread."""
    fv = m.values.get("id_number")
    return (
        fv is not None
        and m.paper.ocr
        and any(
            len(alt) == len(number) and Levenshtein.distance(alt, number) <= 2 for alt in fv.alts
        )
    )


def _two_numbers(x: Mention, y: Mention) -> bool:
    """Two twelve-digit numbers, each read surely (a hand-filled one with its re-reads
    agreeing, a card's as well as its label lets), apart in more digits than a fairly sure
    reading gets wrong: two numbers, not one read twice (a form's number far from the
    card's, its own birth year at odds with it as well: dev11 12425)."""
    a, b = x.get("id_number") or "", y.get("id_number") or ""
    if not (len(a) == len(b) == 12 and Levenshtein.distance(a, b) > MAX_MISREAD_DIGITS):
        return False
    impossible = {id(m): m.paper.ocr and no_ones(v) for m, v in ((x, a), (y, b))}
    sure = min(x.confidence("id_number"), y.confidence("id_number")) >= _SURE_APART
    if sure and not any(impossible.values()):
        return True
    # a hand-filled number read fairly surely (or read three ways, however unsurely: dev21
    # 14913; two of them numbers someone can have, when it is not: dev26 16028, its century
    # digit misread) beside a card's sure one, none of its re-reads a misreading of the
    # card's (all as far from it): another number was written
    for m, o in ((x, y), (y, x)):
        fv = m.values["id_number"]
        readings = [fv.value, *(alt for alt in fv.alts if len(alt) == 12)]
        three = len(readings) >= 3 and sum(not no_ones(r) for r in readings) >= 2
        fair = m.confidence("id_number") >= _UNSURE_DIGITS_CONFIDENCE and not impossible[id(m)]
        if (
            not impossible[id(o)]
            and o.confidence("id_number") >= _SURE_APART
            and (three or fair)
            and all(
                Levenshtein.distance(r, o.values["id_number"].value) > MAX_MISREAD_DIGITS
                for r in readings
            )
        ):
            return True
    return False


def no_ones(number: str) -> bool:
    """A twelve-digit number no one can have: a province code that does not exist, or a
    century digit for people born after 2099 ("991994729758": hand-written 0s read as 9s)."""
    parsed = idnumber.parse(number)
    return len(number) == 12 and (not parsed.valid or (idnumber.birth_year(number) or 0) >= 2100)


def read_otherwise(holder: Mention, id_year: int, other: Mention, src: str, year: int) -> bool:
    """The reading that disagrees had another reading that agrees: the year's re-read also
    gave the number's year (a hand-written "1991" read "1997", "1991" its other reading),
    or the number's the year (a 7 and a 1 are the likeliest pair of digits to confuse)."""
    if not (holder.paper.ocr or other.paper.ocr):
        return False
    year_fv, number_fv = other.values.get(src), holder.values.get("id_number")
    years = {a[:4] for a in year_fv.alts} if year_fv is not None else set()
    numbers = number_fv.alts if number_fv is not None else ()
    return str(id_year) in years or any(idnumber.birth_year(n) == year for n in numbers)


def vouched(holder: Mention, id_year: int, other: Mention, src: str) -> bool:
    """The holder's paper gives the birth year its number encodes (two values written
    apart agreeing), the other year is an authority's (a card's, a certificate's: printed
    from its records, not at odds with the person) read off a scan less surely than typed
    print on a clean scan: a misreading of that year is likelier than a paper at odds with
    itself. A form's year at odds with a card is what the form must correct."""
    return (
        holder.birth_year() == id_year
        and other.dtype.issued
        and other.paper.ocr
        and other.confidence(src) < CLEAR_READING
    )


def province_or_century(value: str, ref: str) -> bool:
    """``value`` differs from ``ref`` in its first four digits alone (province code and
    century): the year and serial, eight digits, read alike."""
    return value[4:] == ref[4:]


def one_digit_more(longer: str, shorter: str) -> bool:
    """``longer`` is ``shorter`` with one digit more somewhere (a digit lost or read twice)."""
    return len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))
    )


def fits_agreed_birth(number: str, members: Sequence[Mention]) -> bool:
    """A number that could be real and whose century and year are the birth date two papers
    read alike: a misreading would hardly keep both (a card's number read at 80 beside the
    form's "974978..." and the birth date 28/03/1978 on both)."""
    if not idnumber.parse(number).valid:
        return False
    papers_by_date: dict[str, set[int]] = {}
    for o in members:
        if dob := o.get("date_of_birth"):
            papers_by_date.setdefault(dob, set()).add(id(o.paper))
    agreed = [dob for dob, papers in papers_by_date.items() if len(papers) >= 2]
    return len(agreed) == 1 and idnumber.birth_year(number) == int(agreed[0][:4])


_READ_DATE_CONFIDENCE = 50.0  # a date read at least this surely (re-read: a fifth agree)
_WRITTEN_YEAR_CONFIDENCE = 75.0  # a year alone read this surely: written so (no re-reads)


def confusable_year(year: str, other_year: str, other: Mention) -> bool:
    """A year read off a scanned form (written by hand, not printed by an authority) one
    digit off the year the person's number or card gives, the two digits a pair that
    handwriting and OCR confuse: a misreading may explain it ("2001" read "2007")."""
    one = sum(a != b for a, b in zip(year, other_year, strict=True)) == 1
    return (
        other.paper.ocr
        and not other.dtype.issued
        and one
        and confused(year, other_year, CONFUSED)
        and not other.year_confirmed()
    )


def year_misread(holder: Mention, id_year: int, other: Mention, src: str, year: int) -> bool:
    """A birth year at odds with the holder's number that a misreading may explain: on the
    authority's side (:func:`vouched`), by another reading (:func:`read_otherwise`), or by
    a digit written by hand (:func:`confusable_year`)."""
    return (
        vouched(holder, id_year, other, src)
        or read_otherwise(holder, id_year, other, src, year)
        or confusable_year(str(year), str(id_year), other)
    )


def _apart_from_number(x: Mention, y: Mention) -> tuple[int, Mention] | None:
    """The year the twelve digits on ``x`` encode and, of two papers giving two birth years,
    the one whose year is not it, when the other's is."""
    id_year = idnumber.birth_year(x.get("id_number") or "")
    ya, yb = x.birth_year(), y.birth_year()
    if id_year is None or ya == yb or id_year not in (ya, yb):
        return None
    return id_year, (y if ya == id_year else x)


def years_apart(x: Mention, y: Mention, mentions: list[Mention]) -> bool:
    """Two papers' birth years for one person whose twelve digits both read alike, one the
    year the digits encode: the other was written so, not misread, when it was read surely
    (a guess such as a 7 taken for a 1 is not), its digits apart by no pair handwriting or
    OCR confuses (not one of them: :func:`confused` asks for all) unless both readers read
    it alike (``confirmed``: "1989" beside 1984 was written so), no other reading of it
    the number's year, and no one else in the dossier born in it, by a year read or by
    their number's (a year put in, or read into, another person's part of a paper)."""
    apart = _apart_from_number(x, y)
    if apart is None or x.get("id_number") != y.get("id_number"):
        return False
    id_year, other = apart
    fv = other.values.get("birth_year") or other.values["date_of_birth"]
    year = str(other.birth_year())
    return (
        fv.conf >= _WRITTEN_YEAR_CONFIDENCE
        and not fv.patched
        and not any(str(id_year) in a for a in fv.alts)
        and (
            fv.confirmed
            or not any(
                a != b and frozenset((a, b)) in CONFUSED
                for a, b in zip(year, str(id_year), strict=True)
            )
        )
        and not any(int(year) in _born(m) for m in mentions if m is not other)
    )


def _born(m: Mention) -> set[int | None]:
    """The birth years a mention gives: read, and encoded in its twelve digits (a land
    certificate's co-owner whose number alone was read, dev23 15439)."""
    return {m.birth_year(), idnumber.birth_year(m.get("id_number") or "")}


def year_written_apart(x: Mention, y: Mention) -> bool:
    """Two papers with the person's twelve digits read alike give the same day and month of
    birth but another year, and one of them gives the year those digits encode: the other
    paper's year was written so, not misread, when it was read fairly surely, no digit
    read as a letter ("19Z8"), in a century people are born in ("4331" for a hand-written
    "1971" is misread whatever its confidence), and no reading of either value gave the
    other's or wavered on a digit where they differ."""
    a, b = x.values["date_of_birth"], y.values["date_of_birth"]
    if a.value[4:] != b.value[4:] or a.value in b.alts or b.value in a.alts:
        return False
    apart = _apart_from_number(x, y)
    if apart is None:
        return False
    other = apart[1]
    read = other.values["date_of_birth"]
    ref = (y if other is x else x).values["date_of_birth"].value
    return (
        (other.confidence("date_of_birth") >= _READ_DATE_CONFIDENCE or _year_read_twice(read))
        and not read.patched
        and read.value[:2] in ("19", "20")
        and not _wavered(read.value, read.alts, ref)
    )


def _year_read_twice(read: FieldValue) -> bool:
    """A date taken from the second reader's reading (Tesseract's lost a digit of the month:
    ".23/0/2002." for 23/04/2002, dev43 20294) whose year Tesseract read alike: two
    readers agreeing on the year, however unsure the date as a whole."""
    groups = [int(g) for g in re.findall(r"\d+", read.raw)]
    day, month, year = int(read.value[8:10]), int(read.value[5:7]), int(read.value[:4])
    return groups[-3:] != [day, month, year] and year in groups


def _wavered(value: str, alts: Sequence[str], ref: str) -> bool:
    """The re-read's other readings of ``value`` (those of a year people are born in, not
    "4944") disagree with it on a digit where it differs from ``ref`` ("1944" read again
    "1934" beside the card's 1974): that digit was not read surely, whatever the vote's
    confidence."""
    apart = [i for i, (a, b) in enumerate(zip(value, ref, strict=False)) if a != b]
    return any(
        len(alt) == len(value)
        and alt[:2] in ("19", "20")
        and any(alt[i] != value[i] for i in apart)
        for alt in alts
    )
