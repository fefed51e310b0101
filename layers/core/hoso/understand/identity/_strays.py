"""Papers that must belong to a declared person but resemble none of them: another person's
paper where such papers are allowed, else what they disagree on."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rapidfuzz.distance import Levenshtein

from hoso import idnumber
from hoso.catalog import Consistency
from hoso.text import fold, squash
from hoso.understand.identity._compare import (
    MAX_MISREAD_DIGITS,
    differs,
    mentions_differ,
    misread_possible,
    other_person,
)
from hoso.understand.identity._mentions import ATTR_LABELS, LOW_VALUE_CONFIDENCE, Mention
from hoso.understand.identity._people import People

Add = Callable[[str | None, str, bool], None]  # (component, message, doubt) -> a finding


def stray_findings(people: People, add: Add, warnings: list[str]) -> None:
    """A paper that must belong to a declared person but resembles none of them: another
    person's paper where such papers are allowed (a warning), else its disagreements with
    the declared person it is likest."""
    mentions, persons = people.mentions, people.persons
    declared_for, strays = people.declared_for, people.strays
    allowed: dict[int, list[int]] = {}  # check -> its papers taken for other persons'
    for j, cands, chk in strays:
        mb = mentions[j]
        whose = (
            ""
            if any(c is chk for c in declared_for.values())
            else _someone_elses(people, j, cands, chk.a)
        )
        if whose is not None:
            # another of these papers is that person's (the mother's card is there; this
            # one is the father's), or this one is another person's the form names (the
            # father's card, the mother filing with her passport): an extra paper, not a
            # wrong one; when hers could be one read not at all, it is still to be checked
            warnings.append(f"{mb.dtype.short_name} của người khác (không phải người nộp)")
            if whose:
                add(chk.component, f"Không đọc được thông tin trên {whose}", True)
            continue
        if chk.others_allowed and (
            any(persons.find(k) == persons.find(j) for k in range(len(mentions)) if k != j)
            or all(other_person(mentions[i], mb) or _not_theirs(people, i, j) for i in cands)
        ):
            # another person's paper where others' papers belong (a household member named
            # in the minutes, someone who shares nothing with the owner, or a card whose
            # number is not the one the owner's papers agree on): allowed
            warnings.append(f"{mb.dtype.short_name} của người khác (không phải người nộp)")
            allowed.setdefault(id(chk), []).append(j)
            continue
        ia = min(
            cands,
            key=lambda i: sum(
                Levenshtein.distance(
                    squash(fold(mentions[i].get(k) or "")), squash(fold(mb.get(k) or ""))
                )
                for k in chk.fields
                if mentions[i].get(k) and mb.get(k)
            ),
        )
        ma = mentions[ia]
        # each of the paper's persons clearly another by number and birth year (the land
        # certificate of someone else, its owner's name read unsurely): a paper to correct
        person = people.cluster(mb.paper, mb.role)
        others = {i: clearly_another(mentions[i], person) for i in cands}
        if all(others.values()) and (other := others[ia]):
            attr, o = other
            add(
                chk.component,
                f"{ATTR_LABELS[attr]} trên {ma.where()} không khớp với {o.where()}",
                False,
            )
        _disagreements(chk, ma, mb, add)
    for _, cands, chk in strays:  # a check whose every paper was taken for another's
        if (mine := allowed.pop(id(chk), None)) == [j for j, _, c in strays if c is chk]:
            _owner_by_birth(people, mine, cands, chk, add)


def _owner_by_birth(
    people: People, strays: list[int], cands: list[int], chk: Consistency, add: Add
) -> None:
    """Every paper of a declared check taken for another person's (household members'
    cards, the form's name not read): the one whose person has the form's birth date, both
    read surely, is the form's person's after all, and is compared with the form (dev22
    15192: the owner's card beside two members', the form's number altered). Two such
    persons (twins) or none: nothing is compared."""
    mentions, persons = people.mentions, people.persons
    sure = LOW_VALUE_CONFIDENCE  # read surely
    forms = [i for i in cands if mentions[i].get("date_of_birth")]
    if len(forms) != 1 or mentions[forms[0]].confidence("date_of_birth") < sure:
        return
    ma = mentions[forms[0]]
    born = ma.get("date_of_birth")
    owners = [
        j
        for j in strays
        if any(
            persons.find(k) == persons.find(j)
            and m.get("date_of_birth") == born
            and m.confidence("date_of_birth") >= sure
            for k, m in enumerate(mentions)
        )
    ]
    if len(owners) != 1:
        return
    mb = mentions[owners[0]]
    _disagreements(chk, ma, mb, add)


def _disagreements(chk: Consistency, ma: Mention, mb: Mention, add: Add) -> None:
    """What papers ``ma`` and ``mb`` of a declared check say differently: a doubt where a
    misreading could explain it, else a component to correct."""
    for k in chk.fields:
        if mentions_differ(k, ma, mb):
            add(
                chk.component,
                f"{ATTR_LABELS[k]} trên {ma.where()} không khớp với {mb.where()}",
                misread_possible(k, ma, mb),
            )


def _someone_elses(people: People, j: int, cands: list[int], a_type: str) -> str | None:
    """Mention ``j`` is another person paper ``a`` names (not one of ``cands``, the persons
    it must belong to): their twelve digits, or their name and birth year; and each of
    those persons has a paper of their own besides paper ``a`` (the requester's passport:
    returns ""), or a paper of ``j``'s type with nothing read could be theirs (the mother's
    card photographed unreadably beside the father's). Returns what is still to be checked
    when such a paper is there (it against paper ``a``), None when ``j`` is not shown to be
    another's."""
    mentions, persons = people.mentions, people.persons
    mj = mentions[j]
    if not cands:
        return None
    others = [m for k, m in enumerate(mentions) if m.dtype.id == a_type and k not in cands]
    named = [m for m in others if _same_person(m, mj)]
    own = all(
        any(
            persons.find(k) == persons.find(i) and m.dtype.id != a_type and k != j
            for k, m in enumerate(mentions)
        )
        for i in cands
    )
    if not named and own:
        # each of those persons has a paper of their own: a person paper a names by a
        # birth year alone, the card's, may be its holder (dev36 18400: the mother filing
        # with her passport, the father's card beside it, his name unread on the form)
        named = [m for m in others if _born_alike(m, mj)]
    if not named:
        return None
    if mj.dtype.id in people.unread_types:  # theirs may be the one not read: to check
        return f"{mj.dtype.short_name} để đối chiếu với {named[0].dtype.short_name}"
    return "" if own else None


def _same_person(m: Mention, o: Mention) -> bool:
    """The same twelve digits, or (a number on one of them only) the same name, tone marks
    aside, and no other birth year (the father a form names by his name alone: his card)."""
    a, b = m.get("id_number"), o.get("id_number")
    if a and b:
        return a == b
    name, year, other = m.folded_name(), m.birth_year(), o.birth_year()
    return (
        name is not None
        and name == o.folded_name()
        and (year is None or other is None or year == other)
    )


def _born_alike(m: Mention, o: Mention) -> bool:
    """A part stating a birth year and no name nor number, the year ``o``'s."""
    year = m.birth_year()
    return (
        not (m.get("full_name") or m.get("id_number"))
        and year is not None
        and year == o.birth_year()
    )


def _not_theirs(people: People, i: int, j: int) -> bool:
    """Mention ``j`` is not person ``i``'s: ``i``'s ID number (or birth date) is read alike
    on another of their papers (the form and the owner's passport), and ``j``'s differs
    beyond a misreading (a household member's card with no name read; a member's card
    whose number was not read, born 35 years after the owner)."""
    mi, mj = people.mentions[i], people.mentions[j]
    for attr in ("id_number", "date_of_birth"):
        a, b = mi.get(attr), mj.get(attr)
        if not (a and b) or not differs(attr, a, b) or misread_possible(attr, mi, mj):
            continue
        if people.confirmed(mi.paper, attr, mi.role):
            return True
    return False


def clearly_another(a: Mention, person: Sequence[Mention]) -> tuple[str, Mention] | None:
    """Paper ``a``'s person is not ``person`` whatever the names say (the land certificate of
    someone else beside the applicant's form, its owner's name read unsurely): its twelve
    digits read surely and the birth year printed beside them the year they encode, and a
    paper of ``person`` giving a number apart from them beyond misreading, encoding another
    year, read surely or its year the birth date read beside it, or a birth year read surely
    two digits or more from theirs. Returns what differs and that paper's mention, or None."""
    number, year = a.get("id_number"), a.birth_year()
    if not (
        number
        and a.confidence("id_number") >= LOW_VALUE_CONFIDENCE
        and idnumber.parse(number).valid
        and year == idnumber.birth_year(number)
    ):
        return None
    # the person's birth years read surely, and on which paper
    sure = [
        (y, o)
        for o in person
        if (y := o.birth_year()) and o.confidence(o.year_source()) >= LOW_VALUE_CONFIDENCE
    ]
    born = {y for y, _ in sure}
    for o in person:
        fv = o.values.get("id_number")
        theirs = o.get("id_number")
        if fv is None or theirs is None or o.paper is a.paper or not idnumber.parse(theirs).valid:
            continue
        readings = [theirs, *(alt for alt in fv.alts if len(alt) == 12)]
        their_year = idnumber.birth_year(theirs)
        if their_year == year or any(
            Levenshtein.distance(r, number) <= MAX_MISREAD_DIGITS for r in readings
        ):
            continue
        if o.confidence("id_number") >= LOW_VALUE_CONFIDENCE or their_year in born:
            return "id_number", o
    for y, o in sure:
        if (
            o.paper is not a.paper
            and len(str(y)) == len(str(year))
            and sum(p != q for p, q in zip(str(y), str(year), strict=True)) >= 2
        ):
            return "birth_year", o
    return None
