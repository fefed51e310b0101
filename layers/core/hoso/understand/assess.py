"""Checking a dossier against its procedure: papers → components → decision.

* received: every required component (and one paper of every one_of group) is present and
  valid, nothing uncertain about them;
* supplement_requested: something is missing or invalid; ``missing_components`` lists *every*
  item with its reason, so the notice can be issued in one go;
* needs_review: an officer must look (a paper could not be recognised or read, a check is
  uncertain because of OCR) and the answer matters for the decision.

A dossier is never "received" while a required component is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from hoso.catalog import Catalog, Component, Procedure
from hoso.doctypes import DocumentType
from hoso.model import PageText
from hoso.records import vn_today
from hoso.status import DossierStatus
from hoso.understand.applicant import applicant_of
from hoso.understand.checks import expiry_unlabelled, old_number, validity_unread
from hoso.understand.classify import Classifier, PageClass, Paper
from hoso.understand.crosscheck import check_identity
from hoso.understand.fields import extract_fields
from hoso.understand.holders import split_holders
from hoso.understand.renewal import birth_year_by_expiry
from hoso.understand.results import LOW_CONFIDENCE, Assessment, ComponentResult, PaperResult
from hoso.understand.unplaced import could_be, could_be_absent
from hoso.understand.unread_validity import unread_validity

__all__ = ["Assessment", "ComponentResult", "PaperResult", "assess", "classifier_for"]

_CLASSIFIERS: dict[int, tuple[Catalog, Classifier]] = {}


def classifier_for(catalog: Catalog) -> Classifier:
    hit = _CLASSIFIERS.get(id(catalog))
    if hit is not None and hit[0] is catalog:
        return hit[1]
    clf = Classifier(catalog.document_types.values())
    _CLASSIFIERS[id(catalog)] = (catalog, clf)
    return clf


def _per_holder(paper: Paper, catalog: Catalog) -> list[Paper]:
    """An identity paper's page showing several holders' cards: one paper per holder (a
    blank back scanned after the sheet goes with the first)."""
    dtype = catalog.document_types.get(paper.doc_type or "")
    if dtype is None or not dtype.issued or not paper.ocr:
        return [paper]
    inked = [pc for pc in paper.pages if pc.kind != "blank"]
    if len(inked) != 1:
        return [paper]
    sheet = inked[0]
    parts = split_holders(sheet.page)
    if len(parts) < 2:
        return [paper]
    blank = [pc for pc in paper.pages if pc is not sheet]
    return [
        replace(paper, pages=[replace(sheet, page=part), *(blank if k == 0 else [])])
        for k, part in enumerate(parts)
    ]


def assess(
    procedure: Procedure,
    pages: list[PageText],
    *,
    catalog: Catalog,
    manifest: dict[str, Any] | None = None,
    today: date | None = None,
    labels: Mapping[tuple[str, int], str] | None = None,
) -> Assessment:
    """Classify the pages, map papers to the procedure's components and decide. ``labels``:
    an officer's corrections of pages' paper types, {(file, page index): document type}."""
    today = today or vn_today()
    clf = classifier_for(catalog)
    papers, classes = clf.split(pages, labels)
    papers = [part for paper in papers for part in _per_holder(paper, catalog)]
    warnings: list[str] = []
    errors: list[dict[str, Any]] = []
    review: list[str] = []

    results = {c.id: ComponentResult(c) for c in procedure.components}
    paper_results, unplaced = _read_papers(procedure, catalog, papers, results, warnings, errors)
    people = check_identity(procedure, catalog, paper_results, results, today, warnings)
    for cr in results.values():
        for pr in cr.papers:
            cr.problems.extend(x for x in pr.problems if x not in cr.problems)
            cr.doubts.extend(x for x in pr.doubts if x not in cr.doubts)

    # decision
    missing, absent = _decide(procedure, results, review)
    # cards whose expiry could not be judged: a page left over, or a side of theirs with
    # nothing read, may be the side that says
    unsure_validity = [
        pr for pr in paper_results if pr.component_id is not None and validity_unread(pr, catalog)
    ]
    _note_unplaced(unplaced, absent, unsure_validity, results, catalog, review, warnings)
    unread_validity(unsure_validity, paper_results, catalog, today, review)
    if absent and not review:
        review.extend(could_be_absent(absent, papers, catalog))
    if missing and not review:
        status = DossierStatus.SUPPLEMENT_REQUESTED
    elif review:
        status = DossierStatus.NEEDS_REVIEW
    else:
        status = DossierStatus.RECEIVED

    applicant = applicant_of(procedure, paper_results, catalog, manifest, warnings, people)
    return Assessment(
        procedure_code=procedure.code,
        procedure_version=procedure.version,
        status=status,
        components=list(results.values()),
        missing_components=missing,
        applicant=applicant,
        pages=_page_list(papers, classes, paper_results),
        warnings=warnings,
        errors=errors,
        papers=paper_results,
        review_reasons=review,
    )


def _read_papers(
    procedure: Procedure,
    catalog: Catalog,
    papers: list[Paper],
    results: dict[str, ComponentResult],
    warnings: list[str],
    errors: list[dict[str, Any]],
) -> tuple[list[PaperResult], list[Paper]]:
    """Read every recognised paper and place it in the component its type belongs to.
    Returns every paper's result and the papers hoso could not recognise (an unreadable
    page is an error too)."""
    by_type: dict[str, Component] = {}
    for comp in procedure.components:
        for dt in comp.doc_types:
            by_type.setdefault(dt, comp)
    paper_results: list[PaperResult] = []
    unplaced: list[Paper] = []  # pages hoso could not recognise

    for paper in papers:
        pr = PaperResult(paper)
        paper_results.append(pr)
        if paper.abstained or paper.doc_type is None:
            kind = paper.pages[0].kind
            if kind == "unreadable":
                for pc in paper.pages:
                    errors.append({
                        "code": "page_unreadable", "reason": pc.reason or "Trang không đọc được",
                        "file": pc.page.file, "page": pc.page.index, "stage": "understand",
                    })  # fmt: skip
            unplaced.append(paper)
            continue
        dtype = catalog.document_types[paper.doc_type]
        _read_paper(pr, dtype, warnings)
        found = by_type.get(paper.doc_type)
        if found is None:
            warnings.append(
                f"{paper.label()}: {dtype.name} không thuộc thành phần hồ sơ của thủ tục {procedure.name}"
            )
            continue
        pr.component_id = found.id
        results[found.id].papers.append(pr)
    return paper_results, unplaced


def _read_paper(pr: PaperResult, dtype: DocumentType, warnings: list[str]) -> None:
    """The paper's fields; a value written but not readable, or impossible, is a problem
    (a doubt on a scan, until the person's other papers settle it)."""
    paper = pr.paper
    read, pr.labelled = extract_fields(dtype, [pc.page for pc in paper.pages])
    pr.fields = {k: v for k, v in read.items() if v.valid}
    if paper.ocr and (note := birth_year_by_expiry(pr, dtype)):
        warnings.append(note)
    if paper.ocr and (note := expiry_unlabelled(pr, dtype)):
        warnings.append(note)
    specs = {f.name: f for f in dtype.fields}
    for k, v in read.items():
        if v.valid:
            continue
        # written, but not readable as a number (a person must read it), or impossible
        msg = f"{specs[k].labels[0]} trên {dtype.short_name} " + (
            f"không hợp lệ ({v.value})" if v.value else "không đọc được"
        )
        if paper.ocr and (specs[k].aside or (k == "issued_on" and "expiry" in pr.fields)):
            # a value kept for reference; a card's issue date serves its validity alone,
            # which its expiry says
            warnings.append(msg)
            continue
        (pr.doubts if paper.ocr else pr.problems).append(msg)
        if paper.ocr:
            pr.unsettled[k] = (v, msg)
    ident = pr.fields.get("id_number")
    if ident is not None and len(ident.value) == 9 and not dtype.issued:
        # nine digits on a paper the applicant fills in: an old card's number, no longer
        # accepted (on an authority's older paper, a land certificate, it is what was
        # current then); on a scan more likely twelve read in part (settled by the
        # person's card below, else an officer reads it)
        msg = old_number(dtype.short_name)
        (pr.doubts if paper.ocr else pr.problems).append(msg)
        if paper.ocr:
            pr.unsettled["id_number"] = (ident, msg)


def _decide(
    procedure: Procedure, results: dict[str, ComponentResult], review: list[str]
) -> tuple[list[dict[str, str]], list[list[Component]]]:
    """Each component's reason, and what is missing or invalid (every item, for one
    supplement request) and what is absent: for each absent item, the components that
    would satisfy it. Doubts and low confidence go to ``review``."""
    missing: list[dict[str, str]] = []
    absent: list[list[Component]] = []  # each absent item: the components that would satisfy it
    groups = procedure.groups()
    done_groups: set[str] = set()
    for comp in procedure.components:
        cr = results[comp.id]
        if comp.rule == "one_of" and comp.group:
            members = [results[c.id] for c in groups[comp.group]]
            first = comp.group not in done_groups
            _one_of(cr, comp.group, members, first, missing, absent)
            done_groups.add(comp.group)
        elif comp.rule == "required" and not cr.present:
            cr.reason = f"Thiếu {comp.name}"
            missing.append(
                {"id": comp.id, "name": comp.name, "reason": cr.reason, "kind": "absent"}
            )
            absent.append([comp])
        elif comp.rule == "conditional" and not cr.present:
            cr.reason = f"Chỉ yêu cầu khi: {comp.condition} (cán bộ xác nhận)"
        elif comp.form == "shown" and not cr.present:
            cr.reason = "Xuất trình bản chính khi nộp, không lưu vào hồ sơ"
        if cr.present and cr.problems:
            cr.reason = "; ".join(cr.problems)
            missing.append(
                {"id": comp.id, "name": comp.name, "reason": cr.reason, "kind": "invalid"}
            )
        elif cr.present and cr.doubts:
            cr.reason = "Cần kiểm tra: " + "; ".join(cr.doubts)
            review.extend(f"{comp.name}: {d}" for d in cr.doubts)
        conf = cr.confidence
        low = conf is not None and conf < LOW_CONFIDENCE
        if comp.rule in ("required", "one_of") and low and not cr.problems:
            review.append(f"{comp.name}: độ tin cậy nhận dạng thấp ({conf:.2f})")
    return missing, absent


def _one_of(
    cr: ComponentResult,
    group: str,
    members: list[ComponentResult],
    first: bool,
    missing: list[dict[str, str]],
    absent: list[list[Component]],
) -> None:
    """A component of a one_of group: satisfied by another member's paper, or the group is
    missing (listed once, at its ``first`` member)."""
    comp = cr.component
    present = [m for m in members if m.present]
    if present:
        if not cr.present:
            names = ", ".join(m.component.name for m in present)
            cr.reason = f"Đã có giấy tờ thay thế: {names}"
    else:
        cr.reason = f"Thiếu {comp.group_name or comp.name}"
        if first:
            missing.append({
                "id": group,
                "name": comp.group_name or " hoặc ".join(m.component.name for m in members),
                "reason": f"Thiếu {_lower_first(comp.group_name or comp.name)}",
                "kind": "absent",
            })  # fmt: skip
            absent.append([m.component for m in members])


def _note_unplaced(
    unplaced: list[Paper],
    absent: list[list[Component]],
    unsure_validity: list[PaperResult],
    results: dict[str, ComponentResult],
    catalog: Catalog,
    review: list[str],
    warnings: list[str],
) -> None:
    """A paper is asked for only when no page of the dossier could be it: a request the
    citizen cannot satisfy (the paper is there, unread) costs them a trip. Pages hoso could
    not place matter only then, or when a card's dates were not read (the page may be that
    side, and the card may have expired); otherwise they are noted for the officer."""
    for paper in unplaced:
        note = f"{paper.label()}: {paper.reason or 'không nhận dạng được'}"
        if absent and could_be(paper.pages, absent, catalog):
            review.append(note)
        elif unsure_validity and could_be(
            paper.pages, [[results[pr.component_id or ""].component] for pr in unsure_validity],
            catalog,
        ):  # fmt: skip
            names = ", ".join(pr.paper.label() for pr in unsure_validity)
            review.append(f"{note}; chưa đọc được thời hạn sử dụng của {names}")
        else:
            warnings.append(note)


def _page_list(
    papers: list[Paper], classes: list[PageClass], paper_results: list[PaperResult]
) -> list[dict[str, Any]]:
    """Every page: its paper's type and component, and how surely it was recognised; blank
    pages before any paper last."""
    comp_of_paper = {id(pr.paper): pr.component_id for pr in paper_results}
    page_out: list[dict[str, Any]] = []
    for paper in papers:
        for pc in paper.pages:
            page_out.append({
                "file": pc.page.file,
                "index": pc.page.index,
                "doc_type": paper.doc_type,
                "component_id": comp_of_paper.get(id(paper)),
                "confidence": round(pc.confidence, 3) if not paper.abstained else 0.0,
            })  # fmt: skip
    seen = {(p["file"], p["index"]) for p in page_out}
    for pc in classes:  # blank pages before any paper
        if (pc.page.file, pc.page.index) not in seen:
            page_out.append({"file": pc.page.file, "index": pc.page.index, "doc_type": None,
                             "component_id": None, "confidence": None})  # fmt: skip
    return page_out


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s[:2].isupper() else s
