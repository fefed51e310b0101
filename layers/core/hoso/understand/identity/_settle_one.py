"""Readings the checks settle one paper at a time: a birth date its own ID number
contradicts, an ID number not read as one whose digits are the person's number on a surer
paper."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from hoso import idnumber
from hoso.understand.identity._compare import one_digit_more
from hoso.understand.identity._mentions import Mention, PaperLike, surely_read
from hoso.understand.identity._people import People
from hoso.understand.values import DIGIT_LOOKALIKES, overlapped


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


def settle_unread_number(
    people: People, paper: PaperLike, role: str, raw: str, alts: Sequence[str] = ()
) -> str | None:
    """An ID number not read as one whose digits, in order, are the person's twelve-digit
    number on a surer paper: all twelve with crumbs among them ("0200ó 69705806 ó": a mark
    read as a letter), or all but one ("06816385229": the boxes' walls or a narrow glyph
    swallowing a digit): that number. Likewise nine or ten
    digits that are a run of that number ("079190027" of 079190027493: the last boxes cut
    off by a photo's edge or not read), not an old nine-digit card's number, which shares
    no run of nine with the new one. A different number (another person's, or a slip of the
    pen) differs in digits, not by digits lost. The whole reading is tried, then each of
    its words ("3ó 36176514160": the first boxes read as a word of their own; a word of
    thirteen digits, "1040195175518": a box's wall read as a digit), then the other
    readings the number's re-read gave (``alts``, twelve digits each: exactly one of them
    the surer paper's number). Returns None otherwise (an officer reads it).

    When nothing else on the paper was read (no name, no birth date: the person is no one
    yet), the sure numbers of the dossier's other papers are those compared: twelve digits
    agreeing but the one lost are no coincidence. Likewise two pieces read with the digit
    at the break twice ("052066 6159825")."""
    cluster = people.cluster(paper, role)
    mentions = cluster if len(cluster) > 1 else people.mentions
    sure = {
        o.values["id_number"].value
        for o in mentions
        if o.paper is not paper and surely_read(o, "id_number") and o.get("id_number")
    }
    # twelve digits read alike on two papers, however surely, are no coincidence: the
    # person's numbers read on their other papers (when the paper names someone yet)
    read = sure | {
        n for o in cluster if o.paper is not paper and len(n := o.get("id_number") or "") == 12
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
            # (the one place the pieces join that gives a number read on another paper,
            # however surely: "07517 70342077" and a passport's 075170342077, dev20 14566)
            joined = overlapped(raw.translate(DIGIT_LOOKALIKES))
            found = [n for n in _all_read(people, paper) if n in joined]
        elif len(digits) == 13:  # one word: a wall or a stroke read as a digit
            found = [n for n in read if one_digit_more(digits, n)]
        else:
            continue
        if len(found) == 1:
            return found[0]
    found = [n for n in read if n in alts]
    if len(found) == 1:
        return found[0]
    if read:
        return None
    # no paper gives the person a number: the one re-reading someone can have, encoding their
    # one birth year ("040093§90936" read again "040093890936" of the father born 1993 who
    # files, dev31 17206); with nothing to compare, it decides only that it was written
    return idnumber.only_one_born(alts, {y for o in cluster if (y := o.birth_year())})


def settle_by_other_readings(
    people: People, paper: PaperLike, role: str, attr: str, alts: Sequence[str]
) -> str | None:
    """A value written but unread or impossible as first read ("30/41/41" for
    30/11/1991), whose re-read gave among its other readings exactly one value the
    person's other papers give ("30.11/.1991"): two readings of what was written, apart,
    agreeing on a whole date are no coincidence. Returns that value, or None (an officer
    reads it)."""
    if not alts:
        return None
    theirs = {
        o.values[attr].value
        for o in people.cluster(paper, role)
        if o.paper is not paper and o.get(attr)
    }
    found = [v for v in theirs if v in alts]
    return found[0] if len(found) == 1 else None


def _all_read(people: People, paper: PaperLike) -> set[str]:
    """Every twelve-digit number read on the dossier's other papers (``read`` and the sure
    numbers among them)."""
    return {
        n
        for o in people.mentions
        if o.paper is not paper and len(n := o.get("id_number") or "") == 12
    }
