"""Identity across papers: every person named on any paper checked against the same person
elsewhere in the dossier.

A *mention* is what one paper says about one person (the card's holder, the form's requester,
the birth certificate's mother, the marriage form's partner...): the fields its document type
tags with ``person`` / ``attr``. Mentions are joined into persons by

* the procedure's declared links (``consistency``: the ID card shown belongs to the requester,
  or to the partner on a marriage form; the birth certificate's mother is the form's mother),
* the same 12-digit ID number, or the same full name, on two papers.

Within a person every pair of mentions must agree on ID number, date of birth (or birth year)
and sex, and every 12-digit ID number must fit the person's birth year and sex, whichever paper
gives them. A disagreement that a misreading could explain (a scan, one or two characters
apart, digits read with low confidence) is a doubt for an officer; a clear one makes the
component invalid, with its reason, in the one supplement request. The component to correct is
the one holding the paper the applicant filled in (an authority's paper — card, certificate —
is taken as right), or the one the declared link names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from rapidfuzz.distance import Levenshtein

from hoso import idnumber
from hoso.catalog import Catalog, Consistency, DocumentType, Procedure
from hoso.text import fold, squash
from hoso.understand.values import DIGIT_LOOKALIKES, FieldValue

_MAX_MISREAD_DIGITS = 4  # digits a fairly sure reading of an ID number may get wrong
_UNSURE_DIGITS_CONFIDENCE = 60.0  # (hoso.ocr.numbers: 60 is about half the re-reads agreeing)
_UNSURE_NAME_CONFIDENCE = 60.0  # a name read below this may be garbled word by word
_READ_DATE_CONFIDENCE = 50.0  # a date read at least this surely (re-read: a fifth agree)
_GARBLED_CONFIDENCE = 30.0  # a value read less surely than this is next to unread
_SURE_CONFIDENCE = 85.0  # an authority's printed paper read at least this surely settles
LOW_VALUE_CONFIDENCE = 80.0  # OCR word confidence under which a value may be misread

ATTR_LABELS = {
    "full_name": "Họ tên",
    "id_number": "Số định danh",
    "date_of_birth": "Ngày sinh",
    "birth_year": "Năm sinh",
    "sex": "Giới tính",
}
ROLE_LABELS = {
    "mother": "người mẹ",
    "father": "người cha",
    "child": "người được khai sinh",
    "partner": "bên kết hôn còn lại",
    "witness": "người làm chứng",
    "grantor": "người ủy quyền",
    "grantee": "người được ủy quyền",
    "lessor": "bên cho thuê",
    "tenant": "bên thuê",
    "head": "chủ hộ",
    "spouse": "vợ/chồng",
}


class PaperLike(Protocol):
    """What identity checks need of a paper result (see ``assess.PaperResult``)."""

    @property
    def doc_type(self) -> str | None: ...
    @property
    def fields(self) -> dict[str, FieldValue]: ...
    @property
    def component_id(self) -> str | None: ...
    @property
    def ocr(self) -> bool: ...
    @property
    def doubts(self) -> list[str]: ...


@dataclass
class Mention:
    paper: PaperLike
    dtype: DocumentType
    role: str
    values: dict[str, FieldValue] = field(default_factory=dict)

    def get(self, attr: str) -> str | None:
        fv = self.values.get(attr)
        if fv is None:
            return None
        if attr == "id_number" and len(fv.value) != 12:
            return None  # an old 9-digit CMND is not comparable with a personal ID number
        return fv.value

    def birth_year(self) -> int | None:
        dob = self.values.get("date_of_birth")
        if dob is not None:
            return date.fromisoformat(dob.value).year
        year = self.values.get("birth_year")
        return int(year.value) if year is not None else None

    def where(self) -> str:
        role = ROLE_LABELS.get(self.role)
        return f"{role} trên {self.dtype.short_name}" if role else self.dtype.short_name

    def folded_name(self) -> str | None:
        name = self.get("full_name")
        if name is None:
            return None
        f = squash(fold(name))
        return f if len(f.split()) >= 2 else None

    def confidence(self, attr: str) -> float:
        """Lowest OCR confidence of the words the value was read from (100 for text)."""
        fv = self.values.get(attr)
        if fv is None or not self.paper.ocr:
            return 100.0
        return fv.conf


def mentions_of(paper: PaperLike, dtype: DocumentType) -> list[Mention]:
    by_role: dict[str, Mention] = {}
    for spec in dtype.fields:
        if spec.person is None or spec.attr is None or spec.name not in paper.fields:
            continue
        m = by_role.setdefault(spec.person, Mention(paper, dtype, spec.person))
        m.values.setdefault(spec.attr, paper.fields[spec.name])
    return [m for m in by_role.values() if m.values]


@dataclass
class Finding:
    component: str
    message: str
    doubt: bool  # True: a misreading could explain it (officer), False: the paper is invalid


def _other_name(a: str, b: str) -> bool:
    """Names of two people, not two readings of one name: fewer than half their words
    shared (family, middle and given names)."""
    wa, wb = set(squash(fold(a)).split()), set(squash(fold(b)).split())
    if not wa or not wb:
        return False
    return len(wa & wb) < 0.5 * min(len(wa), len(wb)) or (
        len(wa & wb) < 0.5 * max(len(wa), len(wb)) and not (wa <= wb or wb <= wa)
    )


def _other_person(x: Mention, y: Mention) -> bool:
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


def _differs(attr: str, a: str, b: str) -> bool:
    if attr == "full_name":
        return squash(fold(a)) != squash(fold(b))
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


def _misread_possible(attr: str, x: Mention, y: Mention) -> bool:
    """Could OCR (or a hand-filled value read by OCR) explain the two values differing?"""
    if attr == "full_name" and not _other_name(x.get(attr) or "", y.get(attr) or ""):
        return True  # most words alike ("Lê Thanh" / "Lê Thanh Tuyết Loan"): a reading slip
    if not (x.paper.ocr or y.paper.ocr):
        return False
    if any(m.paper.ocr and _doubts_about(m.paper.doubts, attr) for m in (x, y)):
        return True  # a scan whose own fields disagree (ID vs birth year) was probably misread
    a, b = x.get(attr) or "", y.get(attr) or ""
    if attr == "id_number" and any(m.paper.ocr and _no_ones(v) for m, v in ((x, a), (y, b))):
        return True  # a number no one can have, read off a scan: misread, not another's
    distance = Levenshtein.distance(squash(fold(a)), squash(fold(b)))
    if attr in ("full_name", "id_number", "date_of_birth") and distance <= 2:
        return True
    conf = min(x.confidence(attr), y.confidence(attr))
    if attr == "id_number" and conf >= _UNSURE_DIGITS_CONFIDENCE and distance > _MAX_MISREAD_DIGITS:
        return False  # a reading most re-reads agree on slips a digit or two, not nine
    if attr == "full_name" and conf >= _UNSURE_NAME_CONFIDENCE and not _word_alike(a, b):
        return False  # misreading slips letters, it does not write every word anew
    return conf < LOW_VALUE_CONFIDENCE


def _word_alike(a: str, b: str) -> bool:
    """At least half the words of the shorter name are words of the other, or one letter
    from one (tone marks set aside): readings that could be of one name."""
    wa, wb = squash(fold(a)).split(), squash(fold(b)).split()
    if len(wa) > len(wb):
        wa, wb = wb, wa
    alike = sum(any(Levenshtein.distance(x, y) <= 1 for y in wb) for x in wa)
    return 2 * alike >= len(wa)


def _no_ones(number: str) -> bool:
    """A twelve-digit number no one can have: a province code that does not exist, or a
    century digit for people born after 2099 ("991994729758": hand-written 0s read as 9s)."""
    parsed = idnumber.parse(number)
    return len(number) == 12 and (not parsed.valid or (idnumber.birth_year(number) or 0) >= 2100)


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
        a_papers: list[PaperLike] = []
        for m in mentions:
            if m.dtype.id == chk.a and m.paper not in a_papers:
                a_papers.append(m.paper)
        if not a_papers:
            continue
        first = a_papers[0]
        cands = [i for i, m in enumerate(mentions) if m.paper is first and m.role in chk.a_persons]
        # persons of paper a of whom nothing at all was read: paper b may be theirs
        unread = [
            r
            for r in chk.a_persons
            if r not in chk.a_optional and not any(mentions[i].role == r for i in cands)
        ]
        for j, mb in enumerate(mentions):
            if mb.dtype.id != chk.b or mb.role != chk.b_person or mb.paper is first:
                continue
            scored = []
            for i in cands:
                ma = mentions[i]
                both = [k for k in chk.fields if ma.get(k) and mb.get(k)]
                if not both:
                    continue
                same = sum(1 for k in both if not _differs(k, ma.get(k) or "", mb.get(k) or ""))
                near = sum(
                    1
                    for k in both
                    if Levenshtein.distance(
                        squash(fold(ma.get(k) or "")), squash(fold(mb.get(k) or ""))
                    )
                    <= 2
                )
                scored.append((same, near, -len(both), i))
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
            if best[0] > 0 or best[1] > 0:
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
    return links, strays


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

    def confirmed(self, paper: PaperLike, attr: str) -> bool:
        """Does another paper give the same value for this paper's holder (``attr`` read
        alike twice, independently)?"""
        cluster = self.cluster(paper)
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
    """Join the mentions of every paper that belongs to the procedure into persons."""
    mentions: list[Mention] = []
    types_present: set[str] = set()
    types_scanned: set[str] = set()
    for p in papers:
        if p.doc_type and p.component_id:
            types_present.add(p.doc_type)
            if p.ocr:
                types_scanned.add(p.doc_type)
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
            if not key[1]:
                continue
            if key in by_key:
                persons.join(by_key[key], i)
            else:
                by_key[key] = i
    unchecked = [
        Finding(
            chk.component,
            _unread_message(chk, mentions, catalog),
            doubt=bool({chk.a, chk.b} & types_scanned),
        )
        for chk in unlinked
        if not _met_anyway(chk, mentions, persons)
    ]
    thin: dict[str, str] = {}  # message -> component
    for j, i, chk in links:
        message = _thin_message(j, i, chk, mentions)
        if message is not None:
            thin.setdefault(message, chk.component)
    unchecked += [Finding(component, message, doubt=True) for message, component in thin.items()]
    return People(mentions, persons, declared_for, strays, unchecked, main_form)


def _thin_message(j: int, i: int, chk: Consistency, mentions: Sequence[Mention]) -> str | None:
    """A declared check on a scan that could compare one of its fields only (the form's
    number read, its holder's name and birth date not): the one field agreeing says it is
    the same person, not that the rest the form states agrees; a person compares the rest.
    Names the paper whose values were not read."""
    mb, ma = mentions[j], mentions[i]
    if len(chk.fields) <= _COMPARED or not (ma.paper.ocr or mb.paper.ocr):
        return None
    if sum(1 for k in chk.fields if ma.get(k) and mb.get(k)) >= _COMPARED:
        return None
    unread_a, unread_b = (
        [ATTR_LABELS[k].lower() for k in chk.fields if not m.get(k)] for m in (ma, mb)
    )
    thin, other, unread = (
        (ma, mb, unread_a) if len(unread_a) >= len(unread_b) else (mb, ma, unread_b)
    )
    return (
        f"Không đọc được {', '.join(unread)} trên {thin.where()} để đối chiếu với {other.where()}"
    )


_COMPARED = 2  # fields a declared check of three compares at least, on a scan


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
        for attr in ("id_number", "date_of_birth", "sex", "full_name"):
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
    when that number is sure or read alike on two papers. ``fv`` is the impossible reading
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
    for o in numbers:
        number = o.values["id_number"].value
        agreed = any(x.paper is not o.paper and x.get("id_number") == number for x in numbers)
        sure = _sure(o, "id_number") or agreed
        if sure and idnumber.parse(number).valid and (y := idnumber.birth_year(number)):
            years.add(str(y))
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


def settle_unread_number(people: People, paper: PaperLike, role: str, raw: str) -> str | None:
    """An ID number read with one digit lost ("06816385229": eleven digits, the boxes'
    walls or a narrow glyph swallowing one) whose digits, in order, are all the person's
    twelve-digit number on a surer paper but that one: that number. Likewise nine or ten
    digits that are a run of that number ("079190027" of 079190027493: the last boxes cut
    off by a photo's edge or not read), not an old nine-digit card's number, which shares
    no run of nine with the new one. A different number (another person's, or a slip of the
    pen) differs in digits, not by digits lost. The whole reading is tried, then each of
    its words ("3ó 36176514160": the first boxes read as a word of their own). Returns
    None otherwise (an officer reads it)."""
    sure = {
        o.values["id_number"].value
        for o in people.cluster(paper, role)
        if o.paper is not paper and _sure(o, "id_number") and o.get("id_number")
    }
    for part in dict.fromkeys([raw, *raw.split()]):
        digits = "".join(ch for ch in part.translate(DIGIT_LOOKALIKES) if ch.isdigit())
        if len(digits) == 11:
            found = [n for n in sure if any(n[:i] + n[i + 1 :] == digits for i in range(12))]
        elif len(digits) in (9, 10):  # the boxes' end cut off or unread: a run of the twelve
            found = [n for n in sure if len(n) == 12 and digits in n]
        else:
            continue
        if len(found) == 1:
            return found[0]
    return None


def _settle(
    attr: str, m: Mention, fv: FieldValue, members: Sequence[Mention], today: date
) -> str | None:
    others = {o.values[attr].value for o in members if o is not m and o.get(attr)}
    if fv.value in {
        o.values[attr].value for o in members if o.paper is not m.paper and o.get(attr)
    }:
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
    two papers read apart) takes theirs."""
    if idnumber.parse(fv.value).valid:
        return None
    others = [o for o in members if o is not m and o.get("id_number")]
    values = {o.values["id_number"].value for o in others}
    if len(values) != 1:
        return None
    ref = values.pop()
    agreed = any(_sure(o, "id_number") for o in others) or len({id(o.paper) for o in others}) >= 2
    return ref if agreed and Levenshtein.distance(fv.value, ref) == 1 else None


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
        part = len(words) >= 2 and any(
            theirs[i : i + len(words)] == words for i in range(len(theirs) - len(words) + 1)
        )
        # an issued paper's name read with the next line's words ("... Linh Cục Trưởng")
        more = m.dtype.issued and len(theirs) >= 2 and words[: len(theirs)] == theirs
        slips = (
            unsure
            and len(theirs) == len(words)
            and all(Levenshtein.distance(x, y) <= 1 for x, y in zip(words, theirs, strict=True))
        )
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
        if part or more or slips or garbled:
            theirs_fv = o.values["full_name"]
            k = squash(fold(theirs_fv.value))
            if k not in found or theirs_fv.conf > found[k].conf:
                found[k] = theirs_fv
    # the papers agree on the name once the tone marks are set aside: the surest reading
    return next(iter(found.values())).value if len(found) == 1 else None


def cross_check(people: People, today: date | None = None) -> tuple[list[Finding], list[str]]:
    """Every disagreement about a person between the papers of a dossier, and warnings for
    declared checks that could not be made (nothing readable to compare). ``today`` tells
    birth years no one filing or named as a parent can have (a misreading, not a finding)."""
    mentions, persons, main_form = people.mentions, people.persons, people.main_form
    declared_for, strays = people.declared_for, people.strays
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

    # a paper that must belong to a declared person but resembles none of them
    for j, cands, chk in strays:
        mb = mentions[j]
        if any(c is chk for c in declared_for.values()):
            # another of these papers is that person's (the mother's card is there; this
            # one is the father's): an extra paper, not a wrong one
            warnings.append(f"{mb.dtype.short_name} của người khác (không phải người nộp)")
            continue
        if chk.others_allowed and (
            any(persons.find(k) == persons.find(j) for k in range(len(mentions)) if k != j)
            or all(_other_person(mentions[i], mb) for i in cands)
        ):
            # another person's paper where others' papers belong (a household member named
            # in the minutes, or someone who shares nothing with the owner): allowed
            warnings.append(f"{mb.dtype.short_name} của người khác (không phải người nộp)")
            continue
        ma = min(
            (mentions[i] for i in cands),
            key=lambda m: sum(
                Levenshtein.distance(squash(fold(m.get(k) or "")), squash(fold(mb.get(k) or "")))
                for k in chk.fields
                if m.get(k) and mb.get(k)
            ),
        )
        for k in chk.fields:
            va, vb = ma.get(k), mb.get(k)
            if va and vb and _differs(k, va, vb):
                add(
                    chk.component,
                    f"{ATTR_LABELS[k]} trên {ma.where()} không khớp với {mb.where()}",
                    _misread_possible(k, ma, mb),
                )

    for group in persons.groups():
        members = sorted(group)
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                x, y = mentions[i], mentions[j]
                if x.paper is y.paper and x.role == y.role:
                    continue
                rule = declared_for.get((i, j))
                fallback = rule.component if rule else None
                component = _blame(x, y, main_form, fallback)
                same_id = bool(x.get("id_number")) and x.get("id_number") == y.get("id_number")
                same_paper = x.paper is y.paper
                for attr in ("full_name", "id_number", "date_of_birth", "sex"):
                    if same_paper and attr != "id_number":
                        continue  # one paper naming one person twice: a reading matter
                    a, b = x.get(attr), y.get(attr)
                    if not a or not b or not _differs(attr, a, b):
                        continue
                    doubt = (
                        _misread_possible(attr, x, y)
                        or (same_id and attr != "id_number" and (x.paper.ocr or y.paper.ocr))
                        or (attr == "id_number" and _card_misfits(x, y, members, mentions))
                    ) and not (attr == "date_of_birth" and same_id and _year_written_apart(x, y))
                    add(
                        component,
                        f"{ATTR_LABELS[attr]} của {_who(x)} trên {x.dtype.short_name} "
                        f"không khớp với {y.where()}"
                        if x.role != "main"
                        else f"{ATTR_LABELS[attr]} trên {x.where()} không khớp với {y.where()}",
                        doubt,
                    )
                ya, yb = x.birth_year(), y.birth_year()
                if (
                    ya
                    and yb
                    and ya != yb
                    and not (x.get("date_of_birth") and y.get("date_of_birth"))
                ):
                    add(
                        component,
                        f"Năm sinh trên {x.where()} ({ya}) không khớp với {y.where()} ({yb})",
                        x.paper.ocr or y.paper.ocr,
                    )
        _id_structure(members, mentions, main_form, add, today)
    return findings, warnings


def _year_written_apart(x: Mention, y: Mention) -> bool:
    """Two papers with the person's twelve digits read alike give the same day and month of
    birth but another year, and one of them gives the year those digits encode: the other
    paper's year was written so, not misread, when it was read fairly surely and no
    reading of either value gave the other's."""
    a, b = x.values["date_of_birth"], y.values["date_of_birth"]
    if a.value[4:] != b.value[4:] or a.value in b.alts or b.value in a.alts:
        return False
    id_year = idnumber.birth_year(x.get("id_number") or "")
    years = {a.value[:4]: x, b.value[:4]: y}
    if id_year is None or str(id_year) not in years:
        return False
    other = y if years[str(id_year)] is x else x
    return other.confidence("date_of_birth") >= _READ_DATE_CONFIDENCE


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
    return ROLE_LABELS.get(m.role, "người nộp")


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
    add: Callable[[str | None, str, bool], None],
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
        # the same person's number on another paper, a digit or two away, or a number no
        # one can have: this one misread
        misread = holder.paper.ocr and (
            _no_ones(number)
            or any(
                0 < Levenshtein.distance(number, mentions[j].get("id_number") or "") <= 2
                for j in members
                if j != i and len(mentions[j].get("id_number") or "") == len(number)
            )
        )
        anothers = _anothers_number(holder, id_year, members, mentions)
        for j in members:
            if j == i:
                continue
            other = mentions[j]
            if other.paper is holder.paper and other.role == holder.role:
                continue  # one person's own fields on one paper: see assess._check_paper
            year = other.birth_year()
            sex_fv = other.values.get("sex")
            sex = idnumber.normalize_sex(sex_fv.value) if sex_fv else None
            component = _blame(holder, other, main_form, None)
            ocr = holder.paper.ocr or other.paper.ocr
            if year is not None and year != id_year:
                src = "date_of_birth" if other.values.get("date_of_birth") else "birth_year"
                doubt = ocr and (
                    min(holder.confidence("id_number"), other.confidence(src))
                    < LOW_VALUE_CONFIDENCE
                    or misread
                    or _unbelievable_year(year, other, today)
                    or anothers
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
                        holder.confidence("id_number") < LOW_VALUE_CONFIDENCE
                        or (holder.paper.ocr and _no_ones(number))
                    ),
                )
