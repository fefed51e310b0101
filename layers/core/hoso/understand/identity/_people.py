"""Joining mentions into persons: the procedure's declared links, then the same ID number
or the same full name on two papers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from hoso.catalog import Catalog, Consistency, Procedure
from hoso.text import fold, squash
from hoso.understand.identity._compare import mentions_differ
from hoso.understand.identity._mentions import Finding, Mention, PaperLike, mentions_of
from hoso.understand.identity._thin import thin_findings, unread_part


class _Persons:
    """Union-find over mentions."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = list(mentions)
        self.parent = list(range(len(self.mentions)))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.mentions)):
            out.setdefault(self.find(i), []).append(i)
        return [g for g in out.values() if len(g) > 1]


def _declared_links(
    procedure: Procedure, mentions: Sequence[Mention]
) -> tuple[list[tuple[int, int, Consistency]], list[tuple[int, list[int], Consistency]]]:
    """Links the procedure declares: (b, a, rule) pairs, and b mentions matching none of the
    a persons they must belong to (b, candidates, rule)."""
    links: list[tuple[int, int, Consistency]] = []
    strays: list[tuple[int, list[int], Consistency]] = []
    blind: set[int] = set()  # checks linked by elimination only, nothing compared
    compared: set[int] = set()
    for chk in procedure.consistency:
        found = _a_persons(chk, mentions)
        if found is None:
            continue
        first, cands, unread = found
        for j, mb in enumerate(mentions):
            if mb.dtype.id != chk.b or mb.role != chk.b_person or mb.paper is first:
                continue
            scored = _likeness(chk, cands, mentions, mb)
            blank = [i for i in cands if not any(mentions[i].get(k) for k in chk.fields)]
            if not scored:
                if len(cands) == 1:
                    # nothing to compare, but the procedure says who it is (the land
                    # certificate whose owner's name was unreadable is the applicant's)
                    links.append((j, cands[0], chk))
                    blind.add(id(chk))
                continue
            compared.add(id(chk))
            best = max(scored)
            if best[0] == 0 and chk.others_allowed and _exactly_another(mb, mentions, cands):
                # a misreading apart from the person it must be, the very person another
                # paper names (a member's card, born five days after the owner, whose
                # birth date the meeting minutes give a member): that member's
                strays.append((j, [s[3] for s in scored], chk))
            elif best[0] > 0 or best[1] > _near_dates_only(chk, mentions[best[3]], mb):
                links.append((j, best[3], chk))
            elif len(blank) == 1 and not unread:
                # like none of those read, but may be the one whose part was not read
                links.append((j, blank[0], chk))
            elif not blank and not unread:
                strays.append((j, [s[3] for s in scored], chk))
    # a link by elimination alone, with nothing at all to compare: the check is still to
    # be made (kept as a link: the paper is still that person's)
    links = [
        (j, i, chk)
        for j, i, chk in links
        if id(chk) not in blind - compared or _comparable(mentions[i], mentions[j])
    ]
    return _to_the_one_left(links, strays)


def _to_the_one_left(
    links: list[tuple[int, int, Consistency]], strays: list[tuple[int, list[int], Consistency]]
) -> tuple[list[tuple[int, int, Consistency]], list[tuple[int, list[int], Consistency]]]:
    """A paper b like none of the persons it must belong to, all of whom but one have theirs,
    and no other such paper (a marriage's second card, the form's partner's number altered,
    the rest of that part unread: dev26 16005): that one's, compared, not a stranger's."""
    kept: list[tuple[int, list[int], Consistency]] = []
    for j, cands, chk in strays:
        free = [i for i in cands if not any(c is chk and h == i for _, h, c in links)]
        alone = sum(1 for _, _, c in strays if c is chk) == 1
        if chk.others_allowed or len(cands) < 2 or len(free) != 1 or not alone:
            kept.append((j, cands, chk))
        else:
            links.append((j, free[0], chk))
    return links, kept


def _a_persons(
    chk: Consistency, mentions: Sequence[Mention]
) -> tuple[PaperLike, list[int], list[str]] | None:
    """The first paper a of the check, its mentions of the persons paper b may be, and
    those persons of whom nothing at all was read (paper b may be theirs); None without
    a paper a."""
    a_papers: list[PaperLike] = []
    for m in mentions:
        if m.dtype.id == chk.a and m.paper not in a_papers:
            a_papers.append(m.paper)
    if not a_papers:
        return None
    first = a_papers[0]
    cands = [i for i, m in enumerate(mentions) if m.paper is first and m.role in chk.a_persons]
    # persons of paper a of whom nothing at all was read: paper b may be theirs
    unread = [
        r
        for r in chk.a_persons
        if r not in chk.a_optional and not any(mentions[i].role == r for i in cands)
    ]
    return first, [_as_filer(i, mentions) for i in cands], unread


def _as_filer(i: int, mentions: Sequence[Mention]) -> int:
    """A part of a form of which only the name was read, the very name of the form's filer
    (the mother who files the birth registration herself, named as the requester with her
    number and again in the parents' part by name alone: dev24 15550): the filer's part,
    where the form states her values."""
    m = mentions[i]
    name = m.folded_name()
    if name is None or m.role == "main" or any(m.get(k) for k in _STATED):
        return i
    return next(
        (
            k
            for k, o in enumerate(mentions)
            if o.paper is m.paper and o.role == "main" and o.folded_name() == name
        ),
        i,
    )


_STATED = ("id_number", "date_of_birth", "birth_year")


def _likeness(
    chk: Consistency, cands: list[int], mentions: Sequence[Mention], mb: Mention
) -> list[tuple[int, int, int, int]]:
    """How much each candidate a mention with values to compare is like ``mb``: (fields
    alike, fields a misreading apart, minus fields compared, candidate)."""
    scored = []
    for i in cands:
        ma = mentions[i]
        both = [k for k in chk.fields if ma.get(k) and mb.get(k)]
        if not both:
            continue
        same = sum(1 for k in both if not mentions_differ(k, ma, mb))
        near = sum(
            1
            for k in both
            if Levenshtein.distance(squash(fold(ma.get(k) or "")), squash(fold(mb.get(k) or "")))
            <= 2
        )
        scored.append((same, near, -len(both), i))
    return scored


def _near_dates_only(chk: Consistency, ma: Mention, mb: Mention) -> int:
    """1 when a paper b that may be another's (a member's card) is near ``ma`` by its birth
    date alone, name and number unlike (dev41 19692: 2002-04-02 by 2000-09-02)."""
    keys = ("full_name", "id_number")
    apart = all(ma.get(k) and mb.get(k) and mentions_differ(k, ma, mb) for k in keys)
    return 1 if chk.others_allowed and apart else 0


def _exactly_another(mb: Mention, mentions: Sequence[Mention], cands: list[int]) -> bool:
    """Another paper names a person (not one of ``cands``) with ``mb``'s very birth date or
    ID number."""
    return any(
        i not in cands
        and m.paper is not mb.paper
        and any(mb.get(k) and m.get(k) == mb.get(k) for k in ("date_of_birth", "id_number"))
        for i, m in enumerate(mentions)
    )


def _comparable(x: Mention, y: Mention) -> bool:
    if x.birth_year() and y.birth_year():
        return True
    return any(x.get(k) and y.get(k) for k in ("full_name", "id_number", "date_of_birth"))


@dataclass
class People:
    """The persons of a dossier: mentions joined by declared links, ID numbers and names."""

    mentions: list[Mention]
    persons: _Persons
    declared_for: dict[tuple[int, int], Consistency]
    strays: list[tuple[int, list[int], Consistency]]
    unchecked: list[Finding]  # declared checks with nothing to compare (doubt: on a scan)
    main_form: str | None
    unread_types: frozenset[str] = frozenset()  # scanned papers of these types: nothing read

    def confirmed(self, paper: PaperLike, attr: str, role: str = "main") -> bool:
        """Does another paper give the same value for this paper's holder (or its person
        ``role``): ``attr`` read alike twice, independently?"""
        cluster = self.cluster(paper, role)
        mine = {m.get(attr) for m in cluster if m.paper is paper} - {None}
        return any(o.paper is not paper and o.get(attr) in mine for o in cluster)

    def cluster(self, paper: PaperLike, role: str = "main") -> list[Mention]:
        """Every mention of the person ``role`` of ``paper`` (that mention first)."""
        start = next(
            (i for i, m in enumerate(self.mentions) if m.paper is paper and m.role == role), None
        )
        if start is None:
            return []
        root = self.persons.find(start)
        return [self.mentions[start]] + [
            m for i, m in enumerate(self.mentions) if i != start and self.persons.find(i) == root
        ]


def link(procedure: Procedure, catalog: Catalog, papers: Iterable[PaperLike]) -> People:
    """Join the mentions of every paper that belongs to the procedure into persons, and of
    every issued paper it does not ask for (the investor's ID card with a building permit):
    what an authority wrote about a person is compared wherever it is found."""
    mentions: list[Mention] = []
    types_present: set[str] = set()
    types_scanned: set[str] = set()
    unread_types: set[str] = set()
    for p in papers:
        if p.doc_type and p.component_id:
            types_present.add(p.doc_type)
            if p.ocr:
                types_scanned.add(p.doc_type)
            of_paper = mentions_of(p, catalog.document_types[p.doc_type])
            if p.ocr and not of_paper:
                unread_types.add(p.doc_type)
            mentions.extend(of_paper)
        elif p.doc_type and catalog.document_types[p.doc_type].issued:
            # not counted as present: the procedure's own checks do not look for it
            mentions.extend(mentions_of(p, catalog.document_types[p.doc_type]))
    main_form = procedure.applicant_sources[0] if procedure.applicant_sources else None
    persons = _Persons(mentions)
    declared_for: dict[tuple[int, int], Consistency] = {}
    links, strays = _declared_links(procedure, mentions)
    unlinked = [
        chk
        for chk in procedure.consistency
        if chk.a in types_present
        and chk.b in types_present
        and not any(c is chk for _, _, c in links)
        and not any(c is chk for _, _, c in strays)
    ]
    for j, i, chk in links:
        persons.join(i, j)
        declared_for[(min(i, j), max(i, j))] = chk
    by_key: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        for key in (("id", m.get("id_number") or ""), ("name", m.folded_name() or "")):
            if key[1] and key in by_key:
                persons.join(by_key[key], i)
            elif key[1]:
                by_key[key] = i
    _join_other_readings(mentions, by_key, persons)
    _join_signers(mentions, persons)
    met = [chk for chk in unlinked if _met_anyway(chk, mentions, persons)]
    _join_declared_parts(met, mentions, persons)
    unchecked = [
        Finding(
            chk.component,
            _unread_message(chk, mentions, catalog),
            doubt=bool({chk.a, chk.b} & types_scanned),
        )
        for chk in unlinked
        if not any(c is chk for c in met)
    ]
    unchecked += thin_findings(links, mentions, persons)
    unchecked += _unread_parts(procedure, mentions, links, strays)
    return People(
        mentions, persons, declared_for, strays, unchecked, main_form, frozenset(unread_types)
    )


def _unread_parts(
    procedure: Procedure,
    mentions: Sequence[Mention],
    links: Sequence[tuple[int, int, Consistency]],
    strays: Sequence[tuple[int, list[int], Consistency]],
) -> list[Finding]:
    out: list[Finding] = []
    for chk in procedure.consistency:
        found = _a_persons(chk, mentions)
        placed = {j for j, _, c in [*links, *strays] if c is chk}
        if found and (f := unread_part(chk, found[0], found[2], mentions, placed)):
            out.append(f)
    return out


def _join_other_readings(
    mentions: Sequence[Mention], by_key: dict[tuple[str, str], int], persons: _Persons
) -> None:
    """A number read two ways (a card's zone and its print disagreeing on the province
    code, a scan's number read again) is the person another paper gives either one for:
    two independent readings agreeing on twelve digits are no coincidence. Another paper's
    only: the same page's other number (the head of household's on the filer's form) is
    no independent reading, and may be the one misread."""
    for i, m in enumerate(mentions):
        fv = m.values.get("id_number")
        for alt in fv.alts if fv is not None and m.get("id_number") else ():
            other = by_key.get(("id", alt))
            elsewhere = any(o.paper is not m.paper and o.get("id_number") == alt for o in mentions)
            if other is not None and len(alt) == 12 and elsewhere:
                persons.join(other, i)


def _join_signers(mentions: Sequence[Mention], persons: _Persons) -> None:
    """A part whose name was not read, signed at the foot by a name another paper gives
    (the mother filing her child's birth registration, her name unread beside her number:
    dev34 18112, a number of another birth year, received): that person's. The signed
    name says who it is; it vouches for none of the part's values."""
    for i, m in enumerate(mentions):
        name = squash(fold(m.signed)) if m.signed and not m.get("full_name") else ""
        if len(name.split()) < 2:
            continue
        other = next(
            (
                k
                for k, o in enumerate(mentions)
                if o.paper is not m.paper and o.folded_name() == name
            ),
            None,
        )
        if other is not None:
            persons.join(other, i)


def _unread_message(chk: Consistency, mentions: Sequence[Mention], catalog: Catalog) -> str:
    """Names the paper whose person could not be read: the second one when the first's was
    (a card photographed too small), else the first (the form's values unread)."""
    a, b = catalog.document_types[chk.a].short_name, catalog.document_types[chk.b].short_name
    read_a = any(m.dtype.id == chk.a and any(m.get(k) for k in chk.fields) for m in mentions)
    read_b = any(
        m.dtype.id == chk.b and m.role == chk.b_person and any(m.get(k) for k in chk.fields)
        for m in mentions
    )
    if read_a and not read_b:
        return f"Không đọc được thông tin trên {b} để đối chiếu với {a}"
    return f"Không đọc được thông tin trên {a} để đối chiếu với {b}"


def _join_declared_parts(
    met: Sequence[Consistency], mentions: Sequence[Mention], persons: _Persons
) -> None:
    """Checks met through another part of paper a (:func:`_met_anyway`: the mother who
    files herself, named as the requester) whose declared part was read in part, with
    nothing to compare by (the mother's birth year alone): that part is still the person
    paper b names, as the procedure says, and its values are compared with the person's."""
    for chk in met:
        found = _a_persons(chk, mentions)
        if found is None:
            continue
        first, cands, _ = found
        bs = [j for j, m in enumerate(mentions) if m.dtype.id == chk.b and m.role == chk.b_person]
        a_groups = {persons.find(i) for i, m in enumerate(mentions) if m.paper is first}
        targets = {persons.find(j) for j in bs if persons.find(j) in a_groups}
        if len(cands) != 1 or len(targets) != 1:
            continue
        part = persons.find(cands[0])
        if sum(1 for k in range(len(mentions)) if persons.find(k) == part) == 1:  # no one's
            persons.join(targets.pop(), cands[0])


def _met_anyway(chk: Consistency, mentions: Sequence[Mention], persons: _Persons) -> bool:
    """The person of paper b is one of paper a's by name or number, in another part than the
    one declared (the mother who files the birth registration herself, named as the
    requester): compared all the same, unless that part of a scanned paper a was not read
    at all (its own values, a birth year, are then compared with nothing)."""
    if any(m.dtype.id == chk.a and m.paper.ocr for m in mentions) and not any(
        m.dtype.id == chk.a and m.role in chk.a_persons for m in mentions
    ):
        return False
    a_groups = {persons.find(i) for i, m in enumerate(mentions) if m.dtype.id == chk.a}
    return any(
        persons.find(j) in a_groups
        for j, m in enumerate(mentions)
        if m.dtype.id == chk.b and m.role == chk.b_person
    )
