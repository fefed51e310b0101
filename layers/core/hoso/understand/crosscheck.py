"""Identity across the papers of one dossier, applied to their results: unsure readings
settled by the person's surer papers (written into the papers' fields, their doubts gone),
each placed paper checked within itself, then every person's papers compared, each finding
going to the component to correct (see :mod:`hoso.understand.identity`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from hoso.catalog import Catalog, Procedure
from hoso.doctypes import FieldSpec
from hoso.understand.checks import check_paper
from hoso.understand.identity import (
    ATTR_LABELS,
    People,
    cross_check,
    link,
    reconcile,
    settle_by_other_readings,
    settle_contradicted_birth,
    settle_impossible,
    settle_unread_number,
    unchecked_birth_day,
)
from hoso.understand.results import ComponentResult, PaperResult
from hoso.understand.values import FieldValue


def check_identity(
    procedure: Procedure,
    catalog: Catalog,
    paper_results: list[PaperResult],
    results: dict[str, ComponentResult],
    today: date,
    warnings: list[str],
) -> People:
    """Identity across papers: unsure readings settled by surer papers, each placed paper
    checked within itself, then the persons compared; a finding goes to its component."""
    people = link(procedure, catalog, paper_results)
    settled = (
        reconcile(people, today)
        + _settle_impossible(people, paper_results, catalog)
        + _settle_contradicted(people, paper_results, catalog)
        + _settle_future(people, paper_results, catalog, today)
    )
    if settled:
        warnings.extend(settled)
        people = link(procedure, catalog, paper_results)
    for pr in paper_results:
        if pr.component_id is not None:
            warnings.extend(check_paper(pr, catalog, today, people))
    findings, cannot = cross_check(people, today)
    warnings.extend(cannot)
    for f in findings:
        target = results.get(f.component)
        if target is None or not target.present:
            continue
        if f.unread_on is not None and f.unread_on.problems:
            continue  # the paper is asked for again; its successor is compared then
        bucket = target.doubts if f.doubt else target.problems
        if f.message not in bucket:
            bucket.append(f.message)
    return people


def _settle_impossible(people: People, papers: list[PaperResult], catalog: Catalog) -> list[str]:
    """Birth years and dates read impossibly on a scan, and ID numbers read with a digit
    lost, settled by the person's other evidence (:func:`identity.settle_impossible`,
    :func:`identity.settle_unread_number`, :func:`identity.settle_by_other_readings`): the
    value takes its place among the paper's fields and its doubt goes. Returns a note per
    value settled."""
    notes: list[str] = []
    for pr in papers:
        if not pr.unsettled or pr.doc_type is None:
            continue
        specs = {f.name: f for f in catalog.document_types[pr.doc_type].fields}
        for name, (fv, msg) in list(pr.unsettled.items()):
            spec = specs[name]
            if spec.person is None or spec.attr is None:
                continue
            target = _settled(people, pr, spec.person, spec.attr, fv)
            if target is None:
                if (
                    spec.attr == "date_of_birth"
                    and fv.value
                    and unchecked_birth_day(people, pr, spec.person, fv.value)
                ):
                    # nothing could contradict its day and month: a note, not a doubt
                    pr.doubts.remove(msg)
                    del pr.unsettled[name]
                    notes.append(f"{msg}; năm sinh khớp số định danh, không có giấy tờ khác")
                continue
            pr.fields[name] = replace(fv, value=target, valid=True, source="agreement")
            pr.doubts.remove(msg)
            del pr.unsettled[name]
            notes.append(_settled_note(people, pr, spec.person, spec.attr))
    return notes


def _settled(people: People, pr: PaperResult, person: str, attr: str, fv: FieldValue) -> str | None:
    """The value an unread or impossible reading takes from the person's other evidence:
    an ID number's digits, a date's other readings, a year one character off; or None."""
    if attr == "id_number":
        return settle_unread_number(people, pr, person, fv.raw, fv.alts)
    if attr == "date_of_birth" and (
        found := settle_by_other_readings(people, pr, person, attr, fv.alts)
    ):
        return found
    if attr in ("birth_year", "date_of_birth") and fv.value:
        return settle_impossible(people, pr, person, attr, fv)
    return None


def _settle_contradicted(people: People, papers: list[PaperResult], catalog: Catalog) -> list[str]:
    """Birth dates read on a scan that the paper's own ID number contradicts, settled by
    the person's other papers (:func:`identity.settle_contradicted_birth`). Returns a note
    per date settled."""
    notes: list[str] = []
    for pr, spec, person, fv in _scanned(papers, catalog, ("date_of_birth", "birth_year")):
        target = settle_contradicted_birth(people, pr, person)
        if target is None or len(target) != len(fv.value):
            continue
        pr.fields[spec.name] = replace(fv, value=target, source="agreement")
        notes.append(_settled_note(people, pr, person, spec.attr or ""))
    return notes


def _settle_future(
    people: People, papers: list[PaperResult], catalog: Catalog, today: date
) -> list[str]:
    """Birth dates and years read on a scan in a year no one is born in (to come, or
    before 1900: "4388" for a hand-written "1988"), settled like an impossible year
    (:func:`identity.settle_impossible`: the year the person's other evidence, or their own
    number, gives, one character or the century away); the day and month as read. Returns
    a note per value settled."""
    notes: list[str] = []
    for pr, spec, person, fv in _scanned(papers, catalog, ("birth_year", "date_of_birth")):
        if 1900 <= int(fv.value[:4]) <= today.year:
            continue
        year = settle_impossible(people, pr, person, "birth_year", replace(fv, value=fv.value[:4]))
        value = year + fv.value[4:] if year else None
        if value is None or (spec.attr == "date_of_birth" and not _is_date(value)):
            continue
        pr.fields[spec.name] = replace(fv, value=value, source="agreement")
        notes.append(_settled_note(people, pr, person, spec.attr or ""))
    return notes


def _scanned(
    papers: list[PaperResult], catalog: Catalog, attrs: tuple[str, ...]
) -> Iterator[tuple[PaperResult, FieldSpec, str, FieldValue]]:
    """Each value read off a scan of a person's ``attrs``: (paper, field, person, value)."""
    for pr in papers:
        if not pr.paper.ocr or pr.doc_type is None:
            continue
        for spec in catalog.document_types[pr.doc_type].fields:
            fv = pr.fields.get(spec.name)
            if spec.attr in attrs and spec.person is not None and fv is not None:
                yield pr, spec, spec.person, fv


def _is_date(iso: str) -> bool:
    try:
        date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def _settled_note(people: People, pr: PaperResult, role: str, attr: str) -> str:
    cluster = people.cluster(pr, role)  # none: nothing else of the person read there
    where = cluster[0].where() if cluster else pr.paper.label()
    return f"{ATTR_LABELS[attr]} trên {where}: đọc theo giấy tờ khác"
