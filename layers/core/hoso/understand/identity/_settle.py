"""Settling unsure readings of a scan by the surer papers about the same person."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from rapidfuzz.distance import Levenshtein

from hoso import idnumber
from hoso.understand.identity._compare import (
    fits_agreed_birth,
    one_digit_more,
    province_or_century,
)
from hoso.understand.identity._mentions import (
    ATTR_LABELS,
    CLEAR_READING,
    LOW_VALUE_CONFIDENCE,
    Mention,
    PaperLike,
    surely_read,
)
from hoso.understand.identity._people import People
from hoso.understand.identity._settle_name import settle_name
from hoso.understand.identity._slips import BLOT_SLIP, HAND_SLIPS, confused, digits_slipped
from hoso.understand.values import FieldValue


def _surer_in_alts(attr: str, m: Mention, fv: FieldValue, members: Sequence[Mention]) -> str | None:
    """... unless that agreement is only of scans misread alike (a hand-written "21" read
    "02" on the form and on the minutes, dev24 15576) and the one surely read paper gives
    what this value's re-read also read: that, two independent readings agreeing."""
    if attr not in ("id_number", "date_of_birth"):
        return None
    sure = {
        o.values[attr].value
        for o in members
        if o.paper is not m.paper and surely_read(o, attr) and o.get(attr)
    }
    if len(sure) != 1 or fv.value in sure:
        return None
    (theirs,) = sure
    return theirs if theirs in fv.alts else None


def _impossible_birth(fv: FieldValue, ref: str, today: date) -> bool:
    """A birth date no one can have (a year to come, before 1900: a hand-written 1 read as
    4) one character away from ``ref``, or differing from it in the century alone, or in
    two digits of the year alone."""
    year = int(fv.value[:4])
    if not (year > today.year or year < 1900):
        return False
    # one character off, or only the century ("19" written by hand read as "44"), or two
    # of the year's digits with the day and month alike ("2928-06-22" for "1978-06-22"), or
    # more, each a slip ("2999-10-31" for "2000-10-31": 0s read as 9s, dev29 16911)
    return (
        Levenshtein.distance(fv.value, ref) <= 1
        or fv.value[2:] == ref[2:]
        or (
            fv.value[4:] == ref[4:]
            and (
                Levenshtein.distance(fv.value[:4], ref[:4]) <= 2
                or confused(fv.value[:4], ref[:4], (*HAND_SLIPS, BLOT_SLIP))
            )
        )
    )


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
    year or date read surely (:func:`surely_read`), or the year an ID number of the person
    encodes when that number is sure or read alike on two papers, or, nothing being sure,
    the one year the person's numbers encode however surely read. ``fv`` is the impossible reading
    (a year's four digits, a date as written); returns the settled value (a year, or an ISO
    date), or None: the reading stays a doubt for an officer."""
    cluster = people.cluster(paper, role)
    if not cluster:
        return None
    if attr == "date_of_birth":
        dates = {
            o.values[attr].value for o in cluster if o.paper is not paper and surely_read(o, attr)
        }
        if len(dates) != 1:
            return None
        ref = dates.pop()
        written = date.fromisoformat(ref).strftime("%d/%m/%Y")
        return ref if Levenshtein.distance(fv.value, written) <= 1 else None
    years: set[str] = set()
    for o in cluster:
        if o.paper is paper:
            continue
        if surely_read(o, "date_of_birth"):
            years.add(o.values["date_of_birth"].value[:4])
        if surely_read(o, "birth_year"):
            years.add(o.values["birth_year"].value)
    numbers = [o for o in cluster if o.get("id_number")]
    encoded: set[str] = set()  # the years the person's valid numbers encode, sure or not
    for o in numbers:
        number = o.values["id_number"].value
        agreed = any(x.paper is not o.paper and x.get("id_number") == number for x in numbers)
        sure = surely_read(o, "id_number") or agreed
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
    return ref if one_off or confused(fv.value, ref, HAND_SLIPS) else None


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
        # agrees already with another paper (the same paper naming the person twice, the
        # requester who is the mother, is one reading, not an agreement) ...
        return _surer_in_alts(attr, m, fv, members)
    in_alts = [v for v in elsewhere if v in fv.alts]  # another paper's: independent
    # ... unless both readers read this one alike: then the other paper's is the misread
    # one (dev33 17698: a form's 014194282120, confirmed, taken for the birth
    # certificate's 074194282120 read at 54, one of the form's other readings)
    if len(in_alts) == 1 and not fv.confirmed:
        return in_alts[0]
    if attr == "date_of_birth" and (year := _other_reading_of_the_year(fv, m, members)):
        return year
    if attr == "full_name":
        return settle_name(m, fv, members)
    if attr == "sex":  # forms print "Nam/Nữ" and a mark on one: a scan cannot tell which
        sure_sex = {o.values[attr].value for o in members if o is not m and surely_read(o, attr)}
        return sure_sex.pop() if len(sure_sex) == 1 else _sex_of_the_number(m, fv, members)
    if attr == "id_number":
        return _settle_id(fv, members, m, today)
    if attr != "date_of_birth":
        return None
    sure = {o.values[attr].value for o in members if o is not m and surely_read(o, attr)}
    if not sure:  # a land certificate gives the year of birth only, an ID number its year
        years = {
            o.values["birth_year"].value
            for o in members
            if o is not m and surely_read(o, "birth_year")
        }
        years |= {
            str(y)
            for o in members
            if surely_read(o, "id_number")
            and (y := idnumber.birth_year(o.values["id_number"].value))
        }
        sure = {y + fv.value[4:] for y in years}  # the year settled, the day as read
    if len(sure) != 1:
        return None  # none, or the sure papers disagree: cross_check tells
    ref = sure.pop()
    return ref if _impossible_birth(fv, ref, today) or _odd_one_out(fv, ref, m, members) else None


def _sex_of_the_number(m: Mention, fv: FieldValue, members: Sequence[Mention]) -> str | None:
    """Nothing surer read of the sex, but the person's twelve digits read alike on two
    papers, which encode the other sex than the one a scanned form's mark was read unsurely
    as: the number's (two readings agreeing on twelve digits outweigh one unsure mark)."""
    if fv.conf >= LOW_VALUE_CONFIDENCE or m.dtype.issued:
        return None
    papers: dict[str, set[int]] = {}  # each number read, on which papers
    for o in members:
        if n := o.get("id_number"):
            papers.setdefault(n, set()).add(id(o.paper))
    sexes = {idnumber.parse(n).sex for n, on in papers.items() if len(on) >= 2}
    if len(sexes) != 1:
        return None
    sex = sexes.pop()
    return sex if sex and sex != fv.value else None


def _odd_one_out(fv: FieldValue, ref: str, m: Mention, members: Sequence[Mention]) -> bool:
    """An authority's paper whose birth date, read less surely than clean print, is one
    digit from the date two other papers give alike, one of them read surely (a marital
    status certificate's "06/07/1974" beside the card's and the form's "16/07/1974"): a
    digit misread on it. A form's date is what its writer wrote, and may be the error."""
    papers = {
        id(o.paper) for o in members if o.paper is not m.paper and o.get("date_of_birth") == ref
    }
    return (
        m.dtype.issued
        and fv.conf < CLEAR_READING
        and Levenshtein.distance(fv.value, ref) == 1
        and len(papers) >= 2
    )


def _settle_id(fv: FieldValue, members: Sequence[Mention], m: Mention, today: date) -> str | None:
    """A number no one can have (a province code that does not exist: "938..." for
    "038...") one digit away from the number the other papers agree on (a surer paper, or
    two papers read apart, or one whose number encodes a birth year read beside it),
    or differing from it in the province code alone ("798..." for
    "093...": the nine digits after it, sex, century, year and serial, read alike) or in two
    digits of the province code and the century ("9749..." for "0740..."), or only in
    digits a slip apart (1s read as 7s, 0s as 9s: :func:`digits_slipped`), takes theirs;
    so does twelve digits taken from a run of thirteen that is that number with one digit
    too many ("0790904475383": a stroke read as a 5). A number of someone born in a year
    to come is no one's either ("045992574947", born 2392, in a form's table, beside the
    requester's 045092574947 read surely on its first lines: dev43 20104)."""
    run = "".join(ch for ch in fv.raw if ch.isdigit())
    born = idnumber.birth_year(fv.value)
    invalid = not idnumber.parse(fv.value).valid or (born is not None and born > today.year)
    others = [o for o in members if o is not m and o.get("id_number")]
    if not invalid and len(run) != 13:
        return _odd_number_out(fv, m, others)
    values = {o.values["id_number"].value for o in others}
    ref = values.pop() if len(values) == 1 else ""
    agreed = ref != "" and (
        any(surely_read(o, "id_number") for o in others)
        or len({id(o.paper) for o in others}) >= 2
        or fits_agreed_birth(ref, members)
        or (invalid and _fits_a_birth(ref, m, others))
    )
    near = (len(run) == 13 and one_digit_more(run, ref)) or (
        invalid
        and (
            Levenshtein.distance(fv.value, ref) == 1
            or (len(fv.value) == len(ref) == 12 and province_or_century(fv.value, ref))
            or digits_slipped(fv.value, ref)
        )
    )
    return ref if agreed and near else None


def _odd_number_out(fv: FieldValue, m: Mention, others: Sequence[Mention]) -> str | None:
    """An authority's paper whose number, read less surely than clean print, encodes a
    year other than the birth date beside it, one digit from the number two other papers
    give alike, which encodes that year (a card's "067098751619" beside "02/04/1995", the
    form's and the residence confirmation's "067095751619"): a digit misread on it. So is
    a digit of its serial read unsurely, when one of them read it surely."""
    values = {o.values["id_number"].value for o in others}
    born = m.birth_year()
    if len(values) != 1 or not m.dtype.issued or fv.conf >= CLEAR_READING or born is None:
        return None
    ref = values.pop()
    papers = {id(o.paper) for o in others if o.paper is not m.paper}
    if len(papers) < 2 or Levenshtein.distance(fv.value, ref) != 1:
        return None
    if idnumber.birth_year(ref) != born:
        return None
    if idnumber.birth_year(fv.value) != born:
        return ref
    # the same year: a serial digit misread, read unsurely, the number the others agree on
    # read surely on one of them (a card's zone: dev39 19336, a birth certificate's "...890"
    # for the form's and the card's "...840")
    sure = any(surely_read(o, "id_number") for o in others if o.paper is not m.paper)
    return ref if sure and fv.conf < LOW_VALUE_CONFIDENCE and not fv.confirmed else None


def _other_reading_of_the_year(fv: FieldValue, m: Mention, members: Sequence[Mention]) -> str:
    """A birth date read again (:mod:`hoso.ocr.numbers`) whose one other reading has the
    year that every other paper of the person gives, surely, as a year alone (a land
    certificate's "Năm sinh 1995", its number read alike on the form and encoding 1995,
    the form's date read 1998 and again 1995): that reading; "" otherwise."""
    years = {
        str(y)
        for o in members
        if o.paper is not m.paper and surely_read(o, "birth_year") and (y := o.birth_year())
    }
    if len(years) != 1 or any(o.get("date_of_birth") for o in members if o is not m):
        return ""
    agreeing = [alt for alt in fv.alts if alt[:4] in years and fv.value[:4] not in years]
    return agreeing[0] if len(agreeing) == 1 else ""


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
