"""Who files: the applicant's name, ID number, birth date, sex and address, the surest
reading of each among the papers about that person, completed from the manifest."""

from __future__ import annotations

from typing import Any

from hoso.catalog import Catalog, Procedure
from hoso.text import fold, nfc, squash
from hoso.understand.counterpart import whom_the_papers_name
from hoso.understand.fields import near_value
from hoso.understand.identity import (
    LOW_VALUE_CONFIDENCE,
    UNSURE_NAME_CONFIDENCE,
    Mention,
    People,
    mentions_differ,
    mentions_of,
    no_word_shared,
)
from hoso.understand.namesake import namesake_number
from hoso.understand.results import PaperResult
from hoso.understand.values import FieldValue

APPLICANT_KEYS = ("full_name", "id_number", "date_of_birth", "sex", "address")


def _surest(fv: FieldValue, issued: bool, ocr: bool) -> tuple[bool, bool, bool, bool, bool, float]:
    full = len(fv.value) != 9  # an ID number's twelve digits, not nine left by a misreading
    # a value read as it may be misread (a card's number at 60) does not outrank one two
    # readers read alike or one read surely, wherever it is (dev33 17865)
    sure = not ocr or fv.source == "mrz" or fv.confirmed or fv.conf >= LOW_VALUE_CONFIDENCE
    return (full, sure, issued, fv.source == "mrz", not ocr, fv.conf)


def _diacritics(s: str) -> int:
    return sum(1 for ch in s if ord(ch) > 127)


def _reading_quality(value: str, ocr: bool) -> tuple[int, int, int]:
    from hoso.spelling import token_valid

    valid = sum(1 for w in value.split() if token_valid(w) is not False)
    return valid, _diacritics(value), 0 if ocr else 1


def applicant_of(
    procedure: Procedure,
    paper_results: list[PaperResult],
    catalog: Catalog,
    manifest: dict[str, Any] | None,
    warnings: list[str],
    people: People,
) -> dict[str, str | None]:
    """Who files: the main person of the first paper of the procedure's applicant sources,
    with every value any paper gives for that same person (the ID card, the birth
    certificate naming the mother who files, the land certificate's owner), the surest
    reading first: an authority's paper over a form, a checked MRZ over printed digits."""
    out: dict[str, str | None] = dict.fromkeys(APPLICANT_KEYS)
    order = {dt: i for i, dt in enumerate(procedure.applicant_sources)}
    ranked = sorted(
        (pr for pr in paper_results if pr.paper.doc_type in order),
        key=lambda pr: (order[pr.paper.doc_type or ""], pr.paper.ocr),
    )
    cluster = (
        _applicant_cluster(ranked, people, manifest, catalog)
        or _typed_elsewhere(paper_results, catalog, manifest)
        or _only_person_elsewhere(paper_results, catalog)
    )
    if _typed_name(manifest) is None:
        persons = [c for pr in ranked if (c := _speaks_for(pr, people, catalog))]
        cluster = whom_the_papers_name(cluster, persons, paper_results, catalog)
    cluster = cluster + _card_brought_along(cluster, ranked, catalog) + _own_card(cluster, people)
    cluster = _card_of_the_birth_date(cluster, people)
    brought = _brought(paper_results, catalog)
    first = ranked[0] if ranked else None
    typed = _typed_name(manifest)
    cluster = cluster + namesake_number(cluster, people, brought, catalog, typed, first)
    own = {id(m.paper) for m in cluster}
    for key in APPLICANT_KEYS:
        if key == "address":
            address = _address(ranked, own, catalog)
            if address is not None:
                out[key] = address
            continue
        value = _best_reading(key, cluster, manifest)
        if value is not None:
            out[key] = value
    _from_manifest(out, manifest, warnings)
    return out


def _applicant_cluster(
    ranked: list[PaperResult], people: People, manifest: dict[str, Any] | None, catalog: Catalog
) -> list[Mention]:
    """The mentions of the person who files: the person the first applicant source read
    speaks for (a form's requester, a card's holder, an authorisation letter's grantor), or
    the person of the name the station typed, on whichever paper names them."""

    def principal(pr: PaperResult) -> list[Mention]:
        return _speaks_for(pr, people, catalog)

    cluster = next((c for pr in ranked if (c := principal(pr))), [])
    typed = _typed_name(manifest)
    if typed is None or (cluster and near_value(cluster[0].get("full_name") or "", typed)):
        return cluster
    # the station typed who files: the person of that name (the form may be missing,
    # leaving the two partners' cards, or only the birth certificate naming the mother)
    named = [c for pr in ranked if (c := principal(pr)) and _named(c[0], typed)]
    named += [
        people.cluster(m.paper, m.role) for m in people.mentions if not cluster and _named(m, typed)
    ]
    # the person's paper that gives a number first; a name alone (the minutes naming the
    # household head) does not outweigh the first paper's person whose name was not read
    named.sort(key=lambda c: not _numbered(c))
    if named and (_numbered(named[0]) or not cluster or cluster[0].get("full_name")):
        return named[0]
    names = [
        n
        for m in cluster
        if (n := m.get("full_name")) and m.confidence("full_name") >= UNSURE_NAME_CONFIDENCE
    ]
    if names and cluster[0].dtype.issued and all(no_word_shared(n, typed) for n in names):
        # no form (a form names who files, whatever the station typed): the first paper's
        # person, their name read fairly surely, is clearly someone else (the other
        # partner's marriage status certificate and card):
        # who files is the one person of the applicant sources with a number and no name
        # read (their card), else nobody (a card's name read as "Ạ VY Vó" is no other name)
        nameless = [
            c
            for pr in ranked
            if (c := principal(pr))
            and _numbered(c)
            and not any(m.get("full_name") for m in c)
            and not any(m in cluster for m in c)
        ]
        numbers = {m.get("id_number") for c in nameless for m in c if m.get("id_number")}
        return nameless[0] if len(numbers) == 1 else []
    return cluster


def _speaks_for(pr: PaperResult, people: People, catalog: Catalog) -> list[Mention]:
    """The mentions of the person an applicant source speaks for."""
    c = people.cluster(pr, catalog.document_types[pr.paper.doc_type or ""].principal)
    if not c and pr.component_id is None:
        # a paper the procedure does not ask for (the ID card brought along to a building
        # permit's application) still says who it is: when the form is missing
        c = _principal(pr, catalog)
    # a person of whom neither name nor number was read is nobody yet: the next paper's
    return c if any(m.get("full_name") or m.get("id_number") for m in c) else []


def _numbered(cluster: list[Mention]) -> bool:
    return any(m.get("id_number") for m in cluster)


def _card_brought_along(
    cluster: list[Mention], ranked: list[PaperResult], catalog: Catalog
) -> list[Mention]:
    """The ID card that gives the number of who files when their papers give none (a
    building permit's application names its owner and asks no number, the minutes name
    the household head with the number unread): the card of the holder of the same name,
    not born on another day, brought along or of the procedure's; else, among the
    procedure's own cards, the one whose holder's name was not read when every other
    card is someone else's. A name read without its last word ("Nguyễn Quang" in the
    minutes, the card's "Nguyễn Quang Quân": dev24 15702) is that name when one card's
    holder has it (a son's "Nguyễn Quang Huy" would have it too)."""
    named = next((m for m in cluster if m.get("full_name")), None)
    if named is None or any(m.get("id_number") for m in cluster):
        return []
    name = named.get("full_name") or ""
    born = {v for m in cluster if (v := m.get("date_of_birth"))}
    unnamed: list[Mention] = []
    cut: list[Mention] = []
    for pr in ranked:
        if not catalog.document_types[pr.paper.doc_type or ""].issued:
            continue
        for m in _principal(pr, catalog):
            held, dob = m.get("full_name"), m.get("date_of_birth")
            if not m.get("id_number") or (born and dob is not None and dob not in born):
                continue
            if held is not None and near_value(held, name):
                return [m]
            if held is not None and not mentions_differ("full_name", m, named):
                cut.append(m)
            if held is None and pr.component_id is not None:
                unnamed.append(m)
    return cut if len(cut) == 1 else unnamed if len(unnamed) == 1 and not cut else []


def _own_card(cluster: list[Mention], people: People) -> list[Mention]:
    """The identity card (or passport) of who files when only a form gives their number and
    the one card of the dossier, which the procedure says is theirs, gives another: the
    identity checks found it like no person of the form (a number differing in several
    digits: another number written on the form, not a digit misread), and nothing says it
    is someone else's (its holder's name or birth date, another person named on the papers:
    the father on a birth registration). The card, an authority's paper, says whose number
    it is; the form is where it is wrong (the checks report the difference either way)."""
    numbers = {v for m in cluster if (v := m.get("id_number"))}
    cards = [m for m in people.mentions if m.dtype.mrz and m.role == m.dtype.principal]
    if len(numbers) != 1 or len(cards) != 1 or any(m.dtype.issued for m in cluster):
        return []
    (written,), (card,) = numbers, cards
    number, held, dob = (card.get(k) for k in ("id_number", "full_name", "date_of_birth"))
    names = {v for m in cluster if (v := m.get("full_name"))}
    born = {v for m in cluster if (v := m.get("date_of_birth"))}
    own = {id(m) for m in cluster}
    stray = any(
        not chk.others_allowed
        and len(cands) == 1
        and {id(people.mentions[j]), id(people.mentions[cands[0]])} == {id(card), id(cluster[0])}
        for j, cands, chk in people.strays
    )
    if (
        not stray
        or number is None
        or _digits_apart(number, written) < _ANOTHER_NUMBER
        or (held is not None and any(not near_value(held, n) for n in names))
        or (dob is not None and any(b != dob for b in born))
        or (
            held is not None
            and any(_named(m, held) for m in people.mentions if m is not card and id(m) not in own)
        )
    ):
        return []
    return [card]


_ANOTHER_NUMBER = 3  # digits apart: two numbers, not one read wrong


def _card_of_the_birth_date(cluster: list[Mention], people: People) -> list[Mention]:
    """Who files gave a birth date on their form and a number no card has (another number
    written on the form, or the land certificate of someone else joined to them by the
    procedure's link): the one ID card whose holder was born on that very day, by the card
    or another paper of its holder's (the meeting minutes), is theirs, unless its holder's
    name is clearly another (dev22 15192, dev23 15433). The card joins them; what the
    cluster said of a person born in another year is dropped (the other owner's
    certificate): the card, an authority's paper, gives the number."""
    born = {v for m in cluster if not m.dtype.issued and (v := m.get("date_of_birth"))}
    if len(born) != 1:
        return cluster
    (dob,) = born
    kept = [m for m in cluster if m.birth_year() in (None, int(dob[:4]))]
    numbers = {v for m in cluster if (v := m.get("id_number"))}
    names = [v for m in kept if (v := m.get("full_name"))]
    found: dict[str, list[Mention]] = {}
    for card in people.mentions:
        number = card.get("id_number")
        if not (card.dtype.mrz and card.role == card.dtype.principal and number) or any(
            m is card for m in cluster
        ):
            continue
        holder = people.cluster(card.paper, card.role)
        held = [v for m in holder if (v := m.get("full_name"))]
        if dob in {m.get("date_of_birth") for m in holder} and not any(
            no_word_shared(a, b) for a in held for b in names
        ):
            found[number] = holder
    if len(found) != 1 or set(found) <= numbers:
        return cluster
    return kept + next(iter(found.values()))


def _digits_apart(a: str, b: str) -> int:
    if len(a) != len(b):
        return len(max(a, b, key=len))
    return sum(x != y for x, y in zip(a, b, strict=True))


def _principal(pr: PaperResult, catalog: Catalog) -> list[Mention]:
    """The mentions of the person a paper outside the procedure's links speaks for."""
    dtype = catalog.document_types[pr.paper.doc_type or ""]
    return [m for m in mentions_of(pr, dtype) if m.role == dtype.principal]


def _typed_elsewhere(
    paper_results: list[PaperResult], catalog: Catalog, manifest: dict[str, Any] | None
) -> list[Mention]:
    """No paper of the procedure names who files: the person of the name the station typed
    on a paper the procedure does not take (a health certificate, a residence
    confirmation brought along)."""
    typed = _typed_name(manifest)
    if typed is None:
        return []
    return [m for m in _brought(paper_results, catalog) if _named(m, typed)][:1]


def _only_person_elsewhere(paper_results: list[PaperResult], catalog: Catalog) -> list[Mention]:
    """No paper of the procedure says who files and the station typed no name: the one
    person the papers the procedure does not take speak for (a residence confirmation or
    a birth extract brought instead of the form), when every such paper is theirs."""
    found = [
        m for m in _brought(paper_results, catalog) if m.get("full_name") or m.get("id_number")
    ]
    if not found or any(_someone_else(m, found[0]) for m in found[1:]):
        return []
    return found


def _brought(paper_results: list[PaperResult], catalog: Catalog) -> list[Mention]:
    """The persons the papers the procedure does not take speak for, paper by paper."""
    return [
        m
        for pr in paper_results
        if pr.component_id is None and pr.paper.doc_type is not None
        for m in _principal(pr, catalog)
    ]


def _someone_else(m: Mention, first: Mention) -> bool:
    a, b = m.get("id_number"), first.get("id_number")
    if a and b:
        return a != b
    x, y = m.get("full_name"), first.get("full_name")
    return not (x and y and near_value(x, y))


def _typed_name(manifest: dict[str, Any] | None) -> str | None:
    """The applicant's name the station typed into the manifest, if any."""
    typed = ((manifest or {}).get("applicant") or {}).get("name")
    return typed.strip() if isinstance(typed, str) and typed.strip() else None


def _named(m: Mention, typed: str) -> bool:
    name = m.get("full_name")
    return name is not None and near_value(name, typed)


def _address(ranked: list[PaperResult], own: set[int], catalog: Catalog) -> str | None:
    """The address the first of the applicant's papers gives, in its best reading among
    the papers giving the same address."""
    found = [
        (v, pr) for pr in ranked if id(pr) in own and (v := pr.applicant_value("address", catalog))
    ]
    if not found:
        return None
    chosen = found[0][0]
    same = [(v, pr) for v, pr in found if squash(fold(v)) == squash(fold(chosen))]
    chosen = max(same, key=lambda x: _reading_quality(x[0], x[1].paper.ocr))[0]
    return nfc(chosen)


def _best_reading(key: str, cluster: list[Mention], manifest: dict[str, Any] | None) -> str | None:
    """The applicant's ``key`` (name, ID number, birth date, sex): the surest reading."""
    readings = [(fv, m) for m in cluster if (fv := m.values.get(key)) and fv.valid]
    if key == "id_number":
        readings = [(fv, m) for fv, m in readings if len(fv.value) in (9, 12)]
    if not readings:
        return None
    chosen = readings[0][0].value
    if key in ("id_number", "date_of_birth"):
        chosen = max(readings, key=lambda x: _surest(x[0], x[1].dtype.issued, x[1].paper.ocr))[
            0
        ].value
    elif key == "full_name":
        # the same name read elsewhere (a cleaner scan, the ID card, the name the station
        # typed into the manifest) may be the better reading: valid Vietnamese syllables,
        # diacritics intact, not from OCR
        options = [(fv.value, m.paper.ocr) for fv, m in readings if near_value(fv.value, chosen)]
        typed = _typed_name(manifest)
        if typed is not None and near_value(typed, chosen):
            options.append((nfc(typed), False))
        chosen = max(options, key=lambda x: _reading_quality(x[0], x[1]))[0]
    return nfc(chosen)


def _from_manifest(
    out: dict[str, str | None], manifest: dict[str, Any] | None, warnings: list[str]
) -> None:
    """What the station typed into the manifest: the name when none was read, the ID number
    when none was read (a warning when it differs), the phone and email."""
    m_app = (manifest or {}).get("applicant") or {}
    if not out["full_name"] and m_app.get("name"):
        out["full_name"] = nfc(m_app["name"])
        warnings.append("Họ tên người nộp lấy từ manifest (không đọc được trên giấy tờ)")
    if m_app.get("id_number") and out["id_number"] and m_app["id_number"] != out["id_number"]:
        warnings.append("Số định danh trong manifest khác với số đọc được trên giấy tờ")
    if not out["id_number"] and m_app.get("id_number"):
        out["id_number"] = m_app["id_number"]
    for key in ("phone", "email"):
        if m_app.get(key):
            out[key] = m_app[key]
