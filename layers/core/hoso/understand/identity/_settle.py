"""Settling unsure readings of a scan by the surer papers about the same person."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from rapidfuzz.distance import Levenshtein

from hoso import idnumber
from hoso.text import fold, squash
from hoso.understand.identity._compare import (
    fits_agreed_birth,
    one_digit_more,
    province_or_century,
)
from hoso.understand.identity._mentions import ATTR_LABELS, LOW_VALUE_CONFIDENCE, Mention, PaperLike
from hoso.understand.identity._people import People
from hoso.understand.values import DIGIT_LOOKALIKES, FieldValue, overlapped

_GARBLED_CONFIDENCE = 30.0  # a value read less surely than this is next to unread
_SURE_CONFIDENCE = 85.0  # an authority's printed paper read at least this surely settles


def _sure(m: Mention, attr: str) -> bool:
    """A value to settle other readings by: typed text, a checked machine-readable zone, or
    an authority's printed paper read confidently."""
    fv = m.values.get(attr)
    if fv is None or m.get(attr) is None:
        return False
    if not m.paper.ocr or fv.source == "mrz":
        return True
    return m.dtype.issued and fv.conf >= _SURE_CONFIDENCE and not fv.alts


def _impossible_birth(fv: FieldValue, ref: str, today: date) -> bool:
    """A birth date no one can have (a year to come, before 1900: a hand-written 1 read as
    4) one character away from ``ref``, or differing from it in the century alone."""
    year = int(fv.value[:4])
    if not (year > today.year or year < 1900):
        return False
    # one character off, or only the century ("19" written by hand read as "44")
    return Levenshtein.distance(fv.value, ref) <= 1 or fv.value[2:] == ref[2:]


def reconcile(people: People, today: date) -> list[str]:
    """Settle unsure readings of a scan by the other papers about the same person:

    * a value whose other readings (a number read again, :mod:`hoso.ocr.numbers`) include
      exactly one value another paper gives for that person takes it: two independent
      readings agreeing on twelve digits are no coincidence;
    * a birth date no one can have, one character away from the date (or the year) that the
      surer papers (typed text, a checked machine-readable zone, an authority's printed paper
      read confidently) agree on, takes theirs;
    * a sex read off a scanned form (which prints "Nam/Nữ" and marks one) that the surer
      papers contradict takes theirs.

    Settled values have source "agreement". A disagreement that the readings do not explain
    is left to :func:`cross_check`. Returns a note per value settled (the papers'
    ``fields`` are updated: link again)."""
    notes: list[str] = []
    for group in people.persons.groups():
        members = [people.mentions[i] for i in group]
        for attr in ("id_number", "date_of_birth", "birth_year", "sex", "full_name"):
            # the surest readings first: a less sure one is then weighed against readings
            # already settled ("Gia Vụ" read at 84 settled to the card's "Gia Vy" before the
            # same name read at 0 is compared with both)
            for m in sorted(members, key=lambda m: -m.confidence(attr) if m.get(attr) else 0):
                fv = m.values.get(attr)
                if fv is None or not m.paper.ocr or fv.source != "label":
                    continue
                target = _settle(attr, m, fv, members, today)
                if target is None:
                    continue
                settled = replace(fv, value=target, source="agreement", alts=())
                m.values[attr] = settled
                m.paper.fields[fv.name] = settled
                notes.append(f"{ATTR_LABELS[attr]} trên {m.where()}: đọc theo giấy tờ khác")
    return notes


def settle_impossible(
    people: People, paper: PaperLike, role: str, attr: str, fv: FieldValue
) -> str | None:
    """A birth year or date read on a scan that no one can have ("7997", "1292",
    "32/13/1990": a hand-written 1 read as 7, a 9 as 2), one character away from the one
    year (or date) the person's other evidence agrees on, takes it: another paper's birth
    year or date read surely (:func:`_sure`), or the year an ID number of the person encodes
    when that number is sure or read alike on two papers, or, nothing being sure, the one
    year the person's numbers encode however surely read. ``fv`` is the impossible reading
    (a year's four digits, a date as written); returns the settled value (a year, or an ISO
    date), or None: the reading stays a doubt for an officer."""
    cluster = people.cluster(paper, role)
    if not cluster:
        return None
    if attr == "date_of_birth":
        dates = {o.values[attr].value for o in cluster if o.paper is not paper and _sure(o, attr)}
        if len(dates) != 1:
            return None
        ref = dates.pop()
        written = date.fromisoformat(ref).strftime("%d/%m/%Y")
        return ref if Levenshtein.distance(fv.value, written) <= 1 else None
    years: set[str] = set()
    for o in cluster:
        if o.paper is paper:
            continue
        if _sure(o, "date_of_birth"):
            years.add(o.values["date_of_birth"].value[:4])
        if _sure(o, "birth_year"):
            years.add(o.values["birth_year"].value)
    numbers = [o for o in cluster if o.get("id_number")]
    encoded: set[str] = set()  # the years the person's valid numbers encode, sure or not
    for o in numbers:
        number = o.values["id_number"].value
        agreed = any(x.paper is not o.paper and x.get("id_number") == number for x in numbers)
        sure = _sure(o, "id_number") or agreed
        if idnumber.parse(number).valid and (y := idnumber.birth_year(number)):
            encoded.add(str(y))
            if sure:
                years.add(str(y))
    if not years:
        # nothing sure: the year the person's own number encodes still settles a year
        # that is impossible, one character off (two readings, of separately written
        # digits, agreeing)
        years = encoded
    if len(years) != 1:
        return None  # nothing sure, or the sure evidence disagrees: an officer reads it
    ref = years.pop()
    one_off = Levenshtein.distance(fv.value, ref) <= 1 or fv.value[2:] == ref[2:]
    return ref if one_off else None


def settle_contradicted_birth(people: People, paper: PaperLike, role: str) -> str | None:
    """A scanned issued paper's birth date whose year its own ID number contradicts
    ("1968-03-10" on a card numbered 025 1 88 ...: a printed 8 read as 6; an authority
    prints both from one record, a form's writer may err), where that number is read
    alike on another paper of the person and another paper gives the same day and month in
    the year the number encodes: that date (two papers agree on it, the reading is a slip).
    Returns the ISO date, or None: the contradiction stays for an officer."""
    cluster = people.cluster(paper, role)
    if not cluster or not cluster[0].dtype.issued:
        return None  # a form's year that differs may be written so: a supplement item
    m = cluster[0]
    if m.get("date_of_birth") is None:
        return _contradicted_year(cluster, paper)
    dob, number = m.get("date_of_birth"), m.get("id_number")
    if dob is None or number is None or not idnumber.parse(number).valid:
        return None
    year = idnumber.birth_year(number)
    if year is None or int(dob[:4]) == year:
        return None
    if not any(o.paper is not paper and o.get("id_number") == number for o in cluster):
        return None
    dates = {
        o.values["date_of_birth"].value
        for o in cluster
        if o.paper is not paper and o.get("date_of_birth")
    }
    found = [d for d in dates if d[:4] == str(year) and d[4:] == dob[4:]]
    return found[0] if len(found) == 1 and len(dates) == 1 else None


def _contradicted_year(cluster: Sequence[Mention], paper: PaperLike) -> str | None:
    """An issued paper's birth year alone (a land certificate's "Năm sinh 1961") one digit
    from the year its own ID number encodes, that number read alike on another paper of the
    person ("056 1 81 ..." on the form too: a printed 8 read as 6), no paper giving another
    year: the number's year."""
    m = cluster[0]
    born, number = m.get("birth_year"), m.get("id_number")
    if born is None or number is None or not idnumber.parse(number).valid:
        return None
    year = str(idnumber.birth_year(number))
    if Levenshtein.distance(born, year) != 1:
        return None
    if not any(o.paper is not paper and o.get("id_number") == number for o in cluster):
        return None
    others = {str(y) for o in cluster if o.paper is not paper and (y := o.birth_year())}
    return year if others <= {year} else None


def settle_unread_number(people: People, paper: PaperLike, role: str, raw: str) -> str | None:
    """An ID number not read as one whose digits, in order, are the person's twelve-digit
    number on a surer paper: all twelve with crumbs among them ("0200ó 69705806 ó": a mark
    read as a letter), or all but one ("06816385229": the boxes' walls or a narrow glyph
    swallowing a digit): that number. Likewise nine or ten
    digits that are a run of that number ("079190027" of 079190027493: the last boxes cut
    off by a photo's edge or not read), not an old nine-digit card's number, which shares
    no run of nine with the new one. A different number (another person's, or a slip of the
    pen) differs in digits, not by digits lost. The whole reading is tried, then each of
    its words ("3ó 36176514160": the first boxes read as a word of their own). Returns
    None otherwise (an officer reads it).

    When nothing else on the paper was read (no name, no birth date: the person is no one
    yet), the sure numbers of the dossier's other papers are those compared: twelve digits
    agreeing but the one lost are no coincidence. Likewise two pieces read with the digit
    at the break twice ("052066 6159825")."""
    cluster = people.cluster(paper, role)
    mentions = cluster if len(cluster) > 1 else people.mentions
    sure = {
        o.values["id_number"].value
        for o in mentions
        if o.paper is not paper and _sure(o, "id_number") and o.get("id_number")
    }
    for part in dict.fromkeys([raw, *raw.split()]):
        digits = "".join(ch for ch in part.translate(DIGIT_LOOKALIKES) if ch.isdigit())
        if len(digits) == 12:  # all twelve, with crumbs among them ("0200ó 69705806 ó")
            found = [n for n in sure if n == digits]
        elif len(digits) == 11:
            found = [n for n in sure if one_digit_more(n, digits)]
        elif len(digits) in (9, 10):  # the boxes' end cut off or unread: a run of the twelve
            found = [n for n in sure if len(n) == 12 and digits in n]
        elif len(digits) == 13 and part is raw:  # a digit read twice at a break
            found = [n for n in sure if n in overlapped(raw.translate(DIGIT_LOOKALIKES))]
        else:
            continue
        if len(found) == 1:
            return found[0]
    return None


def _settle(
    attr: str, m: Mention, fv: FieldValue, members: Sequence[Mention], today: date
) -> str | None:
    if attr == "birth_year":  # a parent's year alone: any birth date or year elsewhere
        others = {str(y) for o in members if o.paper is not m.paper and (y := o.birth_year())}
        elsewhere = others
    else:
        others = {o.values[attr].value for o in members if o is not m and o.get(attr)}
        elsewhere = {
            o.values[attr].value for o in members if o.paper is not m.paper and o.get(attr)
        }
    if fv.value in elsewhere:
        return None  # agrees already with another paper (the same paper naming the person
        # twice, the requester who is the mother, is one reading, not an agreement)
    in_alts = [v for v in others if v in fv.alts]
    if len(in_alts) == 1:
        return in_alts[0]
    if attr == "full_name":
        return _settle_name(m, fv, members)
    if attr == "sex":  # forms print "Nam/Nữ" and a mark on one: a scan cannot tell which
        sure_sex = {o.values[attr].value for o in members if o is not m and _sure(o, attr)}
        return sure_sex.pop() if len(sure_sex) == 1 else None
    if attr == "id_number":
        return _settle_id(fv, members, m)
    if attr != "date_of_birth":
        return None
    sure = {o.values[attr].value for o in members if o is not m and _sure(o, attr)}
    if not sure:  # a land certificate gives the year of birth only, an ID number its year
        years = {
            o.values["birth_year"].value for o in members if o is not m and _sure(o, "birth_year")
        }
        years |= {
            str(y)
            for o in members
            if _sure(o, "id_number") and (y := idnumber.birth_year(o.values["id_number"].value))
        }
        sure = {y + fv.value[4:] for y in years}  # the year settled, the day as read
    if len(sure) != 1:
        return None  # none, or the sure papers disagree: cross_check tells
    ref = sure.pop()
    return ref if _impossible_birth(fv, ref, today) else None


def _settle_id(fv: FieldValue, members: Sequence[Mention], m: Mention) -> str | None:
    """A number no one can have (a province code that does not exist: "938..." for
    "038...") one digit away from the number the other papers agree on (a surer paper, or
    two papers read apart, or one whose number encodes a birth year read beside it),
    or differing from it in the province code alone ("798..." for
    "093...": the nine digits after it, sex, century, year and serial, read alike) or in two
    digits of the province code and the century ("9749..." for "0740..."), takes theirs;
    so does twelve digits taken from a run of thirteen that is that number with one digit
    too many ("0790904475383": a stroke read as a 5)."""
    run = "".join(ch for ch in fv.raw if ch.isdigit())
    invalid = not idnumber.parse(fv.value).valid
    if not invalid and len(run) != 13:
        return None
    others = [o for o in members if o is not m and o.get("id_number")]
    values = {o.values["id_number"].value for o in others}
    ref = values.pop() if len(values) == 1 else ""
    agreed = ref != "" and (
        any(_sure(o, "id_number") for o in others)
        or len({id(o.paper) for o in others}) >= 2
        or fits_agreed_birth(ref, members)
        or (invalid and _fits_a_birth(ref, m, others))
    )
    near = (len(run) == 13 and one_digit_more(run, ref)) or (
        invalid
        and (
            Levenshtein.distance(fv.value, ref) == 1
            or (len(fv.value) == len(ref) == 12 and province_or_century(fv.value, ref))
        )
    )
    return ref if agreed and near else None


def _fits_a_birth(ref: str, m: Mention, others: Sequence[Mention]) -> bool:
    """The other papers' number encodes the birth year a paper gives the person: the paper
    with the impossible number (the minutes' member "936300..." born in 2000, the card's
    "036300...") or one giving that number (a land certificate's "970165...", the form's
    "070165..." beside its birth date in 1965): two readings agreeing on all but the digit
    that makes one impossible, and a year read apart agreeing with them."""
    if not idnumber.parse(ref).valid:
        return False
    year = idnumber.birth_year(ref)
    givers = [m, *(o for o in others if o.get("id_number") == ref)]
    return any(o.birth_year() == year for o in givers)


def _settle_name(m: Mention, fv: FieldValue, members: Sequence[Mention]) -> str | None:
    """A scanned paper's name read in part ("Bích Minh Hạnh": a word lost at the edge of a
    cell or a line), with more words (an issued paper's name followed by the words of the
    next line, "Nguyên Quỳnh Linh Cục Trưởng") or, unsurely, by hand ("Nguuễn Trụng
    Dũng"), on a paper whose ID number or birth date is exactly the surer paper's: the surer
    paper's name, when the words read are a run of its words, begin with all its words (an
    issued paper), or (an unsure reading) every word differs by at most one letter once the
    tone marks are set aside."""
    words = squash(fold(fv.value)).split()
    unsure = fv.conf < LOW_VALUE_CONFIDENCE
    found: dict[str, FieldValue] = {}  # folded name -> its surest reading
    for o in members:
        if o is m or not o.get("full_name"):
            continue
        # the same twelve digits read on both papers: the person is the same whatever the
        # names' readings, and the fuller reading is taken even from a paper not surer
        same_number = bool(m.get("id_number")) and m.get("id_number") == o.get("id_number")
        if not (_sure(o, "full_name") or same_number):
            continue
        if not any(m.get(k) and m.get(k) == o.get(k) for k in ("id_number", "date_of_birth")):
            continue
        theirs = squash(fold(o.values["full_name"].value)).split()
        slips = unsure and _slipped(words, theirs)
        # one letter apart in all ("Gia Vụ" / "Gia Vy") on papers with the same twelve
        # digits: the less sure reading takes the surer one's
        if same_number and not slips and o.values["full_name"].conf > fv.conf:
            slips = Levenshtein.distance(" ".join(words), " ".join(theirs)) == 1
        # a name read as next to nothing ("Š S", confidence 0) beside the same twelve digits:
        # the name is unread, and the person is the other paper's
        garbled = (
            same_number
            and fv.conf < _GARBLED_CONFIDENCE
            and o.values["full_name"].conf >= LOW_VALUE_CONFIDENCE
        )
        if slips or garbled or _read_in_part(words, theirs, issued=m.dtype.issued, unsure=unsure):
            theirs_fv = o.values["full_name"]
            k = squash(fold(theirs_fv.value))
            if k not in found or theirs_fv.conf > found[k].conf:
                found[k] = theirs_fv
    # the papers agree on the name once the tone marks are set aside: the surest reading
    return next(iter(found.values())).value if len(found) == 1 else None


def _slipped(words: list[str], theirs: list[str]) -> bool:
    """Every word one letter at most from theirs (tone marks set aside)."""
    return len(theirs) == len(words) and all(
        Levenshtein.distance(x, y) <= 1 for x, y in zip(words, theirs, strict=True)
    )


def _read_in_part(words: list[str], theirs: list[str], *, issued: bool, unsure: bool) -> bool:
    """The words read (folded) are a reading of the name ``theirs`` with words lost or
    added: a run of its words ("Bích Minh Hạnh"); on an issued paper, all its words and the
    next line's ("... Linh Cục Trưởng"); a middle word lost ("Nguyễn Vũ" for "Nguyễn Văn
    Vũ"); unsurely by hand, cut short with words slipped ("Lê Kih" for "Lê Kim Hoa", "Fhan
    Thị" for "Phan Thị Trâm")."""
    n = len(words)
    part = n >= 2 and any(theirs[i : i + n] == words for i in range(len(theirs) - n + 1))
    more = issued and len(theirs) >= 2 and words[: len(theirs)] == theirs
    dropped = (
        n >= 2
        and len(theirs) == n + 1
        and any(theirs[:k] + theirs[k + 1 :] == words for k in range(1, len(theirs) - 1))
    )
    cut = unsure and 2 <= n < len(theirs) and _slipped(words, theirs[:n])
    return part or more or dropped or cut


def unchecked_birth_day(people: People, paper: PaperLike, role: str, written: str) -> bool:
    """A birth date read with an impossible day or month ("22⁄21/1970"), its year the one
    every ID number of the person encodes (and any other paper's year of birth), and no
    other paper giving the person's birth date: nothing in the dossier could contradict the
    day and month, so the reading decides nothing (a note for the officer, not a doubt that
    stops the decision)."""
    cluster = people.cluster(paper, role)
    found = re.search(r"(\d{4})\s*$", written)
    if not cluster or found is None:
        return False
    year = found.group(1)
    others = [o for o in cluster if o.paper is not paper]
    if any(o.get("date_of_birth") or o.get("birth_year") not in (None, year) for o in others):
        return False
    numbers = {n for o in cluster if (n := o.get("id_number")) and idnumber.parse(n).valid}
    return {idnumber.birth_year(n) for n in numbers} == {int(year)}
