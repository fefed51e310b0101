"""Cross-checking each person's mentions: every disagreement between the papers, and each
ID number against the person's birth year and sex."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rapidfuzz.distance import Levenshtein

from hoso import idnumber
from hoso.understand.identity._compare import (
    mentions_differ,
    misread_possible,
    no_ones,
    other_name,
    read_near,
    year_misread,
    year_written_apart,
    years_apart,
)
from hoso.understand.identity._mentions import (
    ATTR_LABELS,
    LOW_VALUE_CONFIDENCE,
    Finding,
    Mention,
    role_label,
)
from hoso.understand.identity._people import People
from hoso.understand.identity._strays import Add, stray_findings


def _blame(x: Mention, y: Mention, main_form: str | None, fallback: str | None) -> str | None:
    """Component to correct when ``x`` and ``y`` disagree: the paper the applicant filled in."""
    for m in (x, y):
        if m.dtype.id == main_form and m.paper.component_id:
            return m.paper.component_id
    declared = [m for m in (x, y) if not m.dtype.issued and m.paper.component_id]
    if len(declared) == 1:
        return declared[0].paper.component_id
    if fallback:
        return fallback
    return x.paper.component_id or y.paper.component_id


def cross_check(people: People, today: date | None = None) -> tuple[list[Finding], list[str]]:
    """Every disagreement about a person between the papers of a dossier, and warnings for
    declared checks that could not be made (nothing readable to compare). ``today`` tells
    birth years no one filing or named as a parent can have (a misreading, not a finding)."""
    mentions, persons, main_form = people.mentions, people.persons, people.main_form
    findings: list[Finding] = []
    seen: set[str] = set()
    # a check the procedure declares that could not be made: on a scan, a person makes it
    # (the card photographed too small to read, the form's name and number unread)
    findings += [f for f in people.unchecked if f.doubt]
    warnings = [f.message for f in people.unchecked if not f.doubt]

    def add(component: str | None, message: str, doubt: bool) -> None:
        if component is None or message in seen:
            return
        seen.add(message)
        findings.append(Finding(component, message, doubt))

    stray_findings(people, add, warnings)
    for group in persons.groups():
        members = sorted(group)
        # two persons' cards joined through a reading that mixed them (a form's section
        # header lost: the bride's name above the groom's number and birth date): what
        # their papers disagree on is for an officer to sort out, not a form to correct
        to_add = _doubts_only(add) if _mixed_reading(mentions, members) else add
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                _pair_findings(people, members, i, j, to_add)
        _id_structure(members, mentions, main_form, to_add, today)
    return findings, warnings


def _doubts_only(add: Add) -> Add:
    return lambda component, message, doubt: add(component, message, True)


def _mixed_reading(mentions: Sequence[Mention], members: list[int]) -> bool:
    """A form's reading that mixed two persons: its number is one identity paper's, its
    name another's, the two papers' numbers different; or a scan giving two of its persons
    one number under two names (the mother's number and year read into the father's
    part, dev18 14164)."""
    if any(_parts_mixed(mentions[i], mentions[j]) for i in members for j in members if i < j):
        return True
    cards = [mentions[i] for i in members if mentions[i].dtype.issued]
    for m in (mentions[i] for i in members if not mentions[i].dtype.issued):
        number, name = m.get("id_number"), m.folded_name()
        if not (number and name):
            continue
        numbered = any(
            c.get("id_number") == number and c.folded_name() not in (None, name) for c in cards
        )
        named = any(
            c.folded_name() == name and c.get("id_number") not in (None, number) for c in cards
        )
        if numbered and named:
            return True
    return False


def _parts_mixed(x: Mention, y: Mention) -> bool:
    a, b = x.get("full_name"), y.get("full_name")
    return (
        x.paper is y.paper
        and x.paper.ocr
        and x.role != y.role
        and bool(x.get("id_number"))
        and x.get("id_number") == y.get("id_number")
        and bool(a and b and other_name(a, b))
    )


def _pair_findings(people: People, members: list[int], i: int, j: int, add: Add) -> None:
    """Every disagreement between two mentions of one person (``i`` < ``j``)."""
    mentions, main_form = people.mentions, people.main_form
    x, y = mentions[i], mentions[j]
    if x.paper is y.paper and x.role == y.role:
        return
    rule = people.declared_for.get((i, j))
    fallback = rule.component if rule else None
    component = _blame(x, y, main_form, fallback)
    same_id = bool(x.get("id_number")) and x.get("id_number") == y.get("id_number")
    same_paper = x.paper is y.paper
    for attr in ("full_name", "id_number", "date_of_birth", "sex"):
        if same_paper and attr != "id_number":
            continue  # one paper naming one person twice: a reading matter
        if not mentions_differ(attr, x, y):
            continue
        doubt = (
            misread_possible(attr, x, y)
            or (same_id and attr != "id_number" and (x.paper.ocr or y.paper.ocr))
            or (attr == "id_number" and _card_misfits(x, y, members, mentions))
        ) and not (attr == "date_of_birth" and same_id and year_written_apart(x, y))
        add(
            component,
            f"{ATTR_LABELS[attr]} của {_who(x)} trên {x.dtype.short_name} "
            f"không khớp với {y.where()}"
            if x.role != "main"
            else f"{ATTR_LABELS[attr]} trên {x.where()} không khớp với {y.where()}",
            doubt,
        )
    ya, yb = x.birth_year(), y.birth_year()
    if ya and yb and ya != yb and not (x.get("date_of_birth") and y.get("date_of_birth")):
        add(
            component,
            f"Năm sinh trên {x.where()} ({ya}) không khớp với {y.where()} ({yb})",
            (x.paper.ocr or y.paper.ocr) and not years_apart(x, y, mentions),
        )


_YOUNGEST_ADULT = 12  # years: a parent, a partner, an applicant is older (a child is not)


def _unbelievable_year(year: int, m: Mention, today: date | None) -> bool:
    """A birth year this person cannot have: to come, before 1900, or, for anyone but a
    child, too recent to file a paper or be a parent (the child's year read into the
    mother's field)."""
    if today is None:
        return False
    latest = today.year if m.role == "child" else today.year - _YOUNGEST_ADULT
    return year > latest or year < 1900


def _card_misfits(x: Mention, y: Mention, members: list[int], mentions: Sequence[Mention]) -> bool:
    """An ID card's number (read off a scan) that cannot be its holder's: the birth year it
    encodes differs from the person's birth year on another paper. An authority's card does
    not carry a wrong number; another card's number was read into this one (two cards on a
    page), so the numbers' disagreement proves nothing."""
    for card in (x, y):
        number = card.get("id_number")
        if not (card.dtype.issued and card.paper.ocr and number):
            continue
        id_year = idnumber.birth_year(number)
        years = {
            mentions[j].birth_year() for j in members if mentions[j].paper is not card.paper
        } - {None}
        if id_year is not None and years and id_year not in years:
            return True
    return False


def _who(m: Mention) -> str:
    return role_label(m.role) or "người nộp"


def _anothers_number(
    holder: Mention, id_year: int, members: list[int], mentions: Sequence[Mention]
) -> bool:
    """A scanned card whose number gives the birth year of another person of the dossier (a
    copy carrying two people's cards, its name read from one and its number from the
    other): the card may not be this person's at all, so the disagreement is a doubt."""
    if not (holder.paper.ocr and holder.dtype.issued):
        return False
    group = set(members)
    return any(
        k not in group
        and mentions[k].paper is not holder.paper
        and mentions[k].birth_year() == id_year
        for k in range(len(mentions))
    )


def _id_structure(
    members: list[int],
    mentions: Sequence[Mention],
    main_form: str | None,
    add: Add,
    today: date | None = None,
) -> None:
    """Each 12-digit ID of a person against that person's birth year and sex on other papers.
    On a scan, a disagreement that a misread digit of the number (a digit or two from the
    person's number elsewhere) or a birth year no one can have explains is a doubt."""
    for i in members:
        holder = mentions[i]
        number = holder.get("id_number")
        if not number:
            continue
        parsed = idnumber.parse(number)
        if parsed.century is None or parsed.year_2digits is None:
            continue
        id_year = parsed.century + parsed.year_2digits
        misread = _misread_number(holder, number, i, members, mentions)
        anothers = _anothers_number(holder, id_year, members, mentions)
        for j in members:
            if j == i:
                continue
            other = mentions[j]
            if other.paper is holder.paper and other.role == holder.role:
                continue  # one person's own fields on one paper: see checks.check_paper
            year = other.birth_year()
            sex_fv = other.values.get("sex")
            sex = idnumber.normalize_sex(sex_fv.value) if sex_fv else None
            component = _blame(holder, other, main_form, None)
            ocr = holder.paper.ocr or other.paper.ocr
            if year is not None and year != id_year:
                doubt = ocr and (
                    misread or anothers or _year_misread(holder, id_year, other, year, today)
                )
                add(
                    component,
                    f"Số định danh trên {holder.where()} (năm sinh {id_year}) không khớp với "
                    f"năm sinh {year} trên {other.where()}",
                    doubt,
                )
            if sex and parsed.sex and sex != parsed.sex:
                add(
                    component,
                    f"Số định danh trên {holder.where()} (giới tính {parsed.sex}) không khớp "
                    f"với giới tính {sex} trên {other.where()}",
                    ocr
                    and (
                        min(holder.confidence("id_number"), other.confidence("sex"))
                        < LOW_VALUE_CONFIDENCE
                        or (holder.paper.ocr and no_ones(number))
                    ),
                )


def _year_misread(
    holder: Mention, id_year: int, other: Mention, year: int, today: date | None
) -> bool:
    """The birth year ``other`` gives, at odds with the year ``holder``'s number encodes,
    may be a misreading of either: read unsurely, off a card whose own number is unread, a
    year no one can have, or one a misread digit explains (:func:`year_misread`)."""
    src = other.year_source()
    return (
        min(holder.confidence("id_number"), other.confidence(src)) < LOW_VALUE_CONFIDENCE
        or _numberless_card(other)
        or _unbelievable_year(year, other, today)
        or year_misread(holder, id_year, other, src, year)
    )


def _numberless_card(m: Mention) -> bool:
    """A scanned card or passport (a paper with a machine-readable zone) whose own number
    was not read: nothing ties the birth date read off it to the person (dev28 16679: a
    photo read poorly, 26/05/1987 read 26/06/1967)."""
    return m.dtype.mrz and m.paper.ocr and not m.get("id_number")


def _misread_number(
    holder: Mention, number: str, i: int, members: list[int], mentions: Sequence[Mention]
) -> bool:
    """The holder's number read off a scan, with the same person's number on another paper
    a digit or two away, or a number no one can have: this one misread."""
    return holder.paper.ocr and (
        no_ones(number)
        or any(
            0 < Levenshtein.distance(number, other) <= 2 or read_near(holder, other)
            for j in members
            if j != i and len(other := mentions[j].get("id_number") or "") == len(number)
        )
    )
