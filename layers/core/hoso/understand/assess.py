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

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz

from hoso import idnumber
from hoso.catalog import Catalog, Component, DocumentType, Procedure
from hoso.model import PageText
from hoso.ocr.quality import text_quality
from hoso.records import vn_today
from hoso.text import fold, nfc, squash
from hoso.understand.classify import Classifier, PageClass, Paper, page_lines
from hoso.understand.fields import extract, near_value
from hoso.understand.holders import split_holders
from hoso.understand.identity import (
    ATTR_LABELS,
    People,
    cross_check,
    link,
    reconcile,
    settle_contradicted_birth,
    settle_impossible,
    settle_unread_number,
)
from hoso.understand.values import FieldValue

_COULD_BE_FIELDS = 3  # labelled fields of a missing paper's type read on an unknown page
LOW_CONFIDENCE = 0.7  # a required component held only by papers below this needs review

APPLICANT_KEYS = ("full_name", "id_number", "date_of_birth", "sex", "address")


@dataclass
class PaperResult:
    paper: Paper
    component_id: str | None = None
    fields: dict[str, FieldValue] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # make the component invalid
    doubts: list[str] = field(default_factory=list)  # need an officer (OCR uncertainty)
    # values read on a scan that cannot be right ("7997") or not read as one (an ID number
    # with a digit lost), until the person's other papers settle them: field -> (value, doubt)
    unsettled: dict[str, tuple[FieldValue, str]] = field(default_factory=dict)

    @property
    def doc_type(self) -> str | None:
        return self.paper.doc_type

    @property
    def ocr(self) -> bool:
        return self.paper.ocr

    def applicant_field(self, key: str, catalog: Catalog) -> FieldValue | None:
        dt = catalog.document_types.get(self.paper.doc_type or "")
        if dt is None:
            return None
        for spec in dt.fields:
            if spec.applicant == key and spec.name in self.fields:
                return self.fields[spec.name]
        return None

    def applicant_value(self, key: str, catalog: Catalog) -> str | None:
        fv = self.applicant_field(key, catalog)
        return fv.value if fv else None


@dataclass
class ComponentResult:
    component: Component
    papers: list[PaperResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    reason: str | None = None

    @property
    def present(self) -> bool:
        return bool(self.papers)

    @property
    def valid(self) -> bool | None:
        if not self.present:
            return None
        return not self.problems

    @property
    def confidence(self) -> float | None:
        if not self.papers:
            return None
        return round(min(p.paper.confidence for p in self.papers), 3)

    def to_dict(self) -> dict[str, Any]:
        c = self.component
        return {
            "id": c.id,
            "name": c.name,
            "rule": c.rule,
            "present": self.present,
            "valid": self.valid,
            "pages": [
                {"file": pc.page.file, "index": pc.page.index}
                for pr in self.papers
                for pc in pr.paper.pages
            ],
            "confidence": self.confidence,
            "matched_title": self.papers[0].paper.matched_title if self.papers else None,
            "reason": self.reason,
        }


@dataclass
class Assessment:
    procedure_code: str
    procedure_version: str
    status: str
    components: list[ComponentResult]
    missing_components: list[dict[str, str]]
    applicant: dict[str, str | None]
    pages: list[dict[str, Any]]
    warnings: list[str]
    errors: list[dict[str, Any]]
    papers: list[PaperResult]
    review_reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "procedure_code": self.procedure_code,
            "procedure_version": self.procedure_version,
            "components": [c.to_dict() for c in self.components],
            "missing_components": [dict(m) for m in self.missing_components],
            "applicant": dict(self.applicant),
            "pages": [dict(p) for p in self.pages],
            "warnings": list(self.warnings),
            "errors": [dict(e) for e in self.errors],
            "review_reasons": list(self.review_reasons),
        }


_CLASSIFIERS: dict[int, tuple[Catalog, Classifier]] = {}


def classifier_for(catalog: Catalog) -> Classifier:
    hit = _CLASSIFIERS.get(id(catalog))
    if hit is not None and hit[0] is catalog:
        return hit[1]
    clf = Classifier(catalog.document_types.values())
    _CLASSIFIERS[id(catalog)] = (catalog, clf)
    return clf


def _fmt_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _per_holder(paper: Paper, catalog: Catalog) -> list[Paper]:
    """An identity paper's page showing several holders' cards: one paper per holder."""
    dtype = catalog.document_types.get(paper.doc_type or "")
    if dtype is None or not dtype.issued or len(paper.pages) != 1 or not paper.ocr:
        return [paper]
    parts = split_holders(paper.pages[0].page)
    if len(parts) < 2:
        return [paper]
    return [replace(paper, pages=[replace(paper.pages[0], page=part)]) for part in parts]


def _check_paper(
    pr: PaperResult, catalog: Catalog, today: date, people: People | None = None
) -> None:
    """Checks within one paper: ID structure, ID vs birth date and sex, dates, expiry."""
    dt = catalog.document_types[pr.paper.doc_type or ""]
    where = dt.short_name
    specs = {s.name: s for s in dt.fields}
    ocr = pr.paper.ocr
    for name, fv in pr.fields.items():
        spec = specs[name]
        if spec.type == "date" and name != "expiry" and date.fromisoformat(fv.value) > today:
            msg = f"Ngày tháng trên {where} không hợp lệ ({_fmt_date(fv.value)} là ngày trong tương lai)"
            (pr.doubts if ocr else pr.problems).append(msg)
    exp = pr.fields.get("expiry")
    if exp is not None and date.fromisoformat(exp.value) < today:
        pr.problems.append(
            f"{dt.short_name} đã hết hạn sử dụng (có giá trị đến {_fmt_date(exp.value)})"
        )
    elif exp is None and dt.validity:
        born_agreed = people is not None and people.confirmed(pr, "date_of_birth")
        _expiry_by_law(pr, dt, today, born_agreed=born_agreed)
    ident = pr.fields.get("id_number")
    if ident is not None and len(ident.value) == 12:
        dob = pr.fields.get("date_of_birth")
        sex = pr.fields.get("sex")
        chk = idnumber.check(
            ident.value,
            date_of_birth=date.fromisoformat(dob.value) if dob else None,
            sex=sex.value if sex else None,
        )
        if not chk.valid:
            msgs = [f"{p} (trên {where})" for p in chk.problems]
            # one misread digit is more likely than a forged number on a scan: officer decides
            (pr.doubts if ocr else pr.problems).extend(msgs)


def _old_number(where: str) -> str:
    return f"Số chứng minh nhân dân 9 số trên {where} không còn giá trị; cần số định danh cá nhân 12 số"


def _validity_unread(pr: PaperResult, catalog: Catalog) -> bool:
    """A scanned card whose expiry could not be judged: no expiry date read, nor the birth
    and issue dates the law's renewal ages need."""
    dt = catalog.document_types.get(pr.paper.doc_type or "")
    if dt is None or not dt.validity or not pr.paper.ocr or "expiry" in pr.fields:
        return False
    if _never_expires(pr):
        return False
    return "date_of_birth" not in pr.fields or "issued_on" not in pr.fields


def _never_expires(pr: PaperResult) -> bool:
    """The card says it does not expire ("Có giá trị đến: Không thời hạn")."""
    return any("khong thoi han" in fold(pc.page.text) for pc in pr.paper.pages)


def _birth_year_by_expiry(pr: PaperResult, dt: DocumentType) -> str | None:
    """A card is valid until its holder's birthday at a renewal age: an expiry on the birth
    date's day and month, a renewal age after the year the ID number encodes and none after
    the year read, says the birth year was misread ("1922" for "1972"): the number's year is
    taken (a note says so)."""
    dob, exp, ident = (pr.fields.get(k) for k in ("date_of_birth", "expiry", "id_number"))
    if not (dt.validity and dob and exp and ident and len(ident.value) == 12):
        return None
    id_year = idnumber.birth_year(ident.value)
    born, until = date.fromisoformat(dob.value), date.fromisoformat(exp.value)
    if (
        id_year is None
        or id_year == born.year
        or (born.month, born.day) != (until.month, until.day)
    ):
        return None
    ages = {a for rule in dt.validity for a in rule.renew_at_ages}
    if until.year - id_year not in ages or until.year - born.year in ages:
        return None
    try:
        fixed = born.replace(year=id_year).isoformat()
    except ValueError:
        return None
    pr.fields["date_of_birth"] = replace(dob, value=fixed, source="agreement")
    return f"Ngày sinh trên {dt.short_name}: năm sinh đọc theo số định danh và thời hạn thẻ"


_DATE_WRITTEN = re.compile(r"(?<!\d)(\d{2})/?(\d{2})/?(\d{4})(?!\d)")


def _expiry_unlabelled(pr: PaperResult, dt: DocumentType) -> str | None:
    """A card's expiry read without its label ("06/02/2025" printed under the photo, its
    small "Có giá trị đến" lost): a date on the card that falls on the holder's birthday
    in the year of a renewal age is the expiry the law gives such a card; one such date,
    and it is taken (a note says so)."""
    dob = pr.fields.get("date_of_birth")
    if not dt.validity or dob is None or "expiry" in pr.fields:
        return None
    born = date.fromisoformat(dob.value)
    ages = {a for rule in dt.validity for a in rule.renew_at_ages}
    found: dict[str, FieldValue] = {}
    for pc in pr.paper.pages:
        for w in pc.page.words:
            for m in _DATE_WRITTEN.finditer(w.text):
                day, month, year = (int(g) for g in m.groups())
                if (month, day) != (born.month, born.day) or year - born.year not in ages:
                    continue
                try:
                    iso = date(year, month, day).isoformat()
                except ValueError:  # 29 February in a year without one
                    continue
                found[iso] = FieldValue("expiry", iso, m.group(0), 0.0, w.text, conf=w.conf)
    if len(found) != 1:
        return None
    pr.fields["expiry"] = next(iter(found.values()))
    return f"Thời hạn của {dt.short_name}: ngày ghi trên thẻ đúng sinh nhật ở tuổi phải đổi thẻ"


_SURE_DATE = 60.0  # an OCR'd date at least this confident is taken as read


def _expiry_by_law(
    pr: PaperResult, dt: DocumentType, today: date, *, born_agreed: bool = False
) -> None:
    """A card whose expiry date was not read (a worn line, a crop that cut it, an old card
    without one): by the law in force on its issue date, it had to be renewed at an age its
    holder's birth date says has passed. On a scan, an unsure birth date, or an issue date
    near an age boundary, makes it a doubt for the officer. The reason names the issue date
    and the age, not the birth date."""
    born, issued = pr.fields.get("date_of_birth"), pr.fields.get("issued_on")
    if born is None or issued is None:
        return
    if _never_expires(pr):
        return
    b, i = date.fromisoformat(born.value), date.fromisoformat(issued.value)
    if not b < i <= today:
        return  # a misread date: nothing can be said
    rule = dt.validity_on(i)
    due = rule.expiry(b, i) if rule is not None else None
    if due is None or due[0] >= today:
        return
    msg = (
        f"{dt.short_name} đã hết hạn sử dụng (cấp ngày {_fmt_date(issued.value)}, "
        f"phải đổi khi đủ {due[1]} tuổi)"
    )
    # a scan: the birth date read confidently, and the verdict the same for an issue date a
    # year either way (a misread year rarely crosses an age boundary)
    sure = not pr.paper.ocr or (
        (born.conf >= _SURE_DATE or born_agreed)
        and all(
            (r := dt.validity_on(d)) is not None
            and (e := r.expiry(b, d)) is not None
            and e[0] < today
            for d in (i - timedelta(days=365), i + timedelta(days=365))
            if b < d <= today
        )
    )
    (pr.problems if sure else pr.doubts).append(msg)


def _settle_impossible(people: People, papers: list[PaperResult], catalog: Catalog) -> list[str]:
    """Birth years and dates read impossibly on a scan, and ID numbers read with a digit
    lost, settled by the person's other evidence (:func:`identity.settle_impossible`,
    :func:`identity.settle_unread_number`): the value takes its place among the paper's
    fields and its doubt goes. Returns a note per value settled."""
    notes: list[str] = []
    for pr in papers:
        if not pr.unsettled or pr.doc_type is None:
            continue
        specs = {f.name: f for f in catalog.document_types[pr.doc_type].fields}
        for name, (fv, msg) in list(pr.unsettled.items()):
            spec = specs[name]
            if spec.person is None or spec.attr is None:
                continue
            if spec.attr == "id_number":
                target = settle_unread_number(people, pr, spec.person, fv.raw)
            elif spec.attr in ("birth_year", "date_of_birth") and fv.value:
                target = settle_impossible(people, pr, spec.person, spec.attr, fv)
            else:
                continue
            if target is None:
                continue
            pr.fields[name] = replace(fv, value=target, valid=True, source="agreement")
            pr.doubts.remove(msg)
            del pr.unsettled[name]
            notes.append(_settled_note(people, pr, spec.person, spec.attr))
    return notes


def _settle_contradicted(people: People, papers: list[PaperResult], catalog: Catalog) -> list[str]:
    """Birth dates read on a scan that the paper's own ID number contradicts, settled by
    the person's other papers (:func:`identity.settle_contradicted_birth`). Returns a note
    per date settled."""
    notes: list[str] = []
    for pr in papers:
        if not pr.paper.ocr or pr.doc_type is None:
            continue
        for spec in catalog.document_types[pr.doc_type].fields:
            fv = pr.fields.get(spec.name)
            if spec.attr != "date_of_birth" or spec.person is None or fv is None:
                continue
            target = settle_contradicted_birth(people, pr, spec.person)
            if target is None:
                continue
            pr.fields[spec.name] = replace(fv, value=target, source="agreement")
            notes.append(_settled_note(people, pr, spec.person, spec.attr))
    return notes


def _settled_note(people: People, pr: PaperResult, role: str, attr: str) -> str:
    where = people.cluster(pr, role)[0].where()
    return f"{ATTR_LABELS[attr]} trên {where}: đọc theo giấy tờ khác"


def assess(
    procedure: Procedure,
    pages: list[PageText],
    *,
    catalog: Catalog,
    manifest: dict[str, Any] | None = None,
    today: date | None = None,
) -> Assessment:
    """Classify the pages, map papers to the procedure's components and decide."""
    today = today or vn_today()
    clf = classifier_for(catalog)
    papers, classes = clf.split(pages)
    papers = [part for paper in papers for part in _per_holder(paper, catalog)]
    warnings: list[str] = []
    errors: list[dict[str, Any]] = []
    review: list[str] = []

    by_type: dict[str, Component] = {}
    for comp in procedure.components:
        for dt in comp.doc_types:
            by_type.setdefault(dt, comp)
    results = {c.id: ComponentResult(c) for c in procedure.components}
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
        read = extract(dtype, [pc.page for pc in paper.pages])
        pr.fields = {k: v for k, v in read.items() if v.valid}
        if paper.ocr and (note := _birth_year_by_expiry(pr, dtype)):
            warnings.append(note)
        if paper.ocr and (note := _expiry_unlabelled(pr, dtype)):
            warnings.append(note)
        labels = {f.name: f.labels[0] for f in dtype.fields}
        for k, v in read.items():
            if v.valid:
                continue
            # written, but not readable as a number (a person must read it), or impossible
            msg = f"{labels[k]} trên {dtype.short_name} " + (
                f"không hợp lệ ({v.value})" if v.value else "không đọc được"
            )
            (pr.doubts if paper.ocr else pr.problems).append(msg)
            if paper.ocr:
                pr.unsettled[k] = (v, msg)
        ident = pr.fields.get("id_number")
        if ident is not None and len(ident.value) == 9 and not dtype.issued:
            # nine digits on a paper the applicant fills in: an old card's number, no longer
            # accepted (on an authority's older paper, a land certificate, it is what was
            # current then); on a scan more likely twelve read in part (settled by the
            # person's card below, else an officer reads it)
            msg = _old_number(dtype.short_name)
            (pr.doubts if paper.ocr else pr.problems).append(msg)
            if paper.ocr:
                pr.unsettled["id_number"] = (ident, msg)
        found = by_type.get(paper.doc_type)
        if found is None:
            warnings.append(
                f"{paper.label()}: {dtype.name} không thuộc thành phần hồ sơ của thủ tục {procedure.name}"
            )
            continue
        pr.component_id = found.id
        results[found.id].papers.append(pr)

    # identity across papers: unsure readings settled by surer papers, then compared
    people = link(procedure, catalog, paper_results)
    settled = (
        reconcile(people, today)
        + _settle_impossible(people, paper_results, catalog)
        + _settle_contradicted(people, paper_results, catalog)
    )
    if settled:
        warnings.extend(settled)
        people = link(procedure, catalog, paper_results)
    for pr in paper_results:
        if pr.component_id is not None:
            _check_paper(pr, catalog, today, people)
    findings, cannot = cross_check(people, today)
    warnings.extend(cannot)
    for f in findings:
        target = results.get(f.component)
        if target is None or not target.present:
            continue
        bucket = target.doubts if f.doubt else target.problems
        if f.message not in bucket:
            bucket.append(f.message)

    for cr in results.values():
        for pr in cr.papers:
            cr.problems.extend(x for x in pr.problems if x not in cr.problems)
            cr.doubts.extend(x for x in pr.doubts if x not in cr.doubts)

    # decision
    missing: list[dict[str, str]] = []
    absent: list[list[Component]] = []  # each absent item: the components that would satisfy it
    groups = procedure.groups()
    done_groups: set[str] = set()
    for comp in procedure.components:
        cr = results[comp.id]
        if comp.rule == "one_of" and comp.group:
            members = [results[c.id] for c in groups[comp.group]]
            present = [m for m in members if m.present]
            if present:
                if not cr.present:
                    names = ", ".join(m.component.name for m in present)
                    cr.reason = f"Đã có giấy tờ thay thế: {names}"
            else:
                cr.reason = f"Thiếu {comp.group_name or comp.name}"
                if comp.group not in done_groups:
                    missing.append({
                        "id": comp.group,
                        "name": comp.group_name or " hoặc ".join(m.component.name for m in members),
                        "reason": f"Thiếu {_lower_first(comp.group_name or comp.name)}",
                        "kind": "absent",
                    })  # fmt: skip
                    absent.append([m.component for m in members])
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

    # a paper is asked for only when no page of the dossier could be it: a request the
    # citizen cannot satisfy (the paper is there, unread) costs them a trip. Pages hoso could
    # not place matter only then, or when a card's dates were not read (the page may be that
    # side, and the card may have expired); otherwise they are noted for the officer.
    unsure_validity = [
        pr for pr in paper_results if pr.component_id is not None and _validity_unread(pr, catalog)
    ]
    for paper in unplaced:
        note = f"{paper.label()}: {paper.reason or 'không nhận dạng được'}"
        if absent and _could_be(paper.pages, absent, catalog):
            review.append(note)
        elif unsure_validity and _could_be(
            paper.pages, [[results[pr.component_id or ""].component] for pr in unsure_validity],
            catalog,
        ):  # fmt: skip
            names = ", ".join(pr.paper.label() for pr in unsure_validity)
            review.append(f"{note}; chưa đọc được thời hạn sử dụng của {names}")
        else:
            warnings.append(note)
    if absent and not review:
        review.extend(_could_be_absent(absent, papers, catalog))
    if missing and not review:
        status = "supplement_requested"
    elif review:
        status = "needs_review"
    else:
        status = "received"

    applicant = _applicant(procedure, paper_results, catalog, manifest, warnings, people)
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
    return Assessment(
        procedure_code=procedure.code,
        procedure_version=procedure.version,
        status=status,
        components=list(results.values()),
        missing_components=missing,
        applicant=applicant,
        pages=page_out,
        warnings=warnings,
        errors=errors,
        papers=paper_results,
        review_reasons=review,
    )


COULD_BE_TITLE = 68.0  # title likeness (TITLE_WEAK) of an uncertain page for a missing paper
COULD_BE_KEYWORDS = 0.34  # or share of that paper's body keywords found on it


def _could_be_absent(
    absent: list[list[Component]], papers: list[Paper], catalog: Catalog
) -> list[str]:
    """Review reasons for pages that were recognised without certainty and look like a
    missing paper (a continuation page that may be a card; a weak title)."""
    reasons: list[str] = []
    for paper in papers:
        if paper.abstained:
            continue
        for pc in paper.pages:
            sure = pc.kind in ("title", "marker") and pc.confidence >= LOW_CONFIDENCE
            if sure or pc.kind == "blank" or not pc.scores:
                continue
            hit = _resembles(pc, absent)
            if hit is not None:
                reasons.append(
                    f"{pc.page.file} trang {pc.page.index}: có thể là "
                    f"{catalog.document_types[hit].name} (không nhận dạng chắc chắn); cần kiểm "
                    "tra trước khi yêu cầu bổ sung"
                )
    return reasons


_MOTTO_WORDS = ("cong hoa", "doc lap", "socialist", "independence", "hanh phuc")


def _title_lines(pc: PageClass) -> Iterator[str]:
    """The upper-case lines of words near the top of the page that are not the national
    motto (folded): where a paper's own title is."""
    for line in page_lines(pc.page)[:12]:
        letters = [ch for ch in line.text if ch.isalpha()]
        words = line.text.split()
        if len(words) < 2 or len(letters) < 6 or any(m in line.folded for m in _MOTTO_WORDS):
            continue
        if sum(ch.isupper() for ch in letters) >= 0.8 * len(letters):
            yield line.folded


def _own_title(pc: PageClass) -> bool:
    """Was a title of its own read on the page (an upper-case line of words that is not the
    national motto), so that the paper is known to be of a kind hoso does not handle?"""
    return next(_title_lines(pc), None) is not None


def _resembles(
    pc: PageClass, absent: list[list[Component]], catalog: Catalog | None = None
) -> str | None:
    """The missing paper type this page's scores resemble, if any; or, with ``catalog``,
    whose labelled fields it holds (a land certificate photographed with its title
    garbled still reads "Hộ ông/bà ..., Năm sinh ..., CCCD số ...")."""
    scores = {s.doc_type: s for s in pc.scores}
    for comps in absent:
        for comp in comps:
            for dt in comp.doc_types:
                sc = scores.get(dt)
                if sc and (sc.title >= COULD_BE_TITLE or sc.keywords >= COULD_BE_KEYWORDS):
                    return dt
                dtype = catalog.document_types.get(dt) if catalog else None
                if dtype is not None and dtype.fields:
                    read = [v for v in extract(dtype, [pc.page]).values() if v.valid]
                    if len(read) >= _COULD_BE_FIELDS:
                        return dt
    return None


def _could_be(pages: list[PageClass], absent: list[list[Component]], catalog: Catalog) -> bool:
    """Could one of these unrecognised pages be a missing paper? Unread, silent or garbled
    pages could be anything; a clearly read page only if it resembles one."""
    for pc in pages:
        if pc.kind == "blank":
            continue  # a blank back side holds no paper
        if pc.kind in ("unreadable", "silent"):
            return True
        if pc.kind == "continuation":
            return True  # the rest of a paper whose first page was not there or not read:
            # a photo that cut the title off could be of the paper asked for
        if pc.kind == "unknown" and pc.has_motto and not _own_title(pc):
            return True  # the heading was read, the paper's title was not: could be it
        quality = text_quality(pc.page.text)
        garbled = quality.words < 8 or quality.score < 0.6
        if pc.page.method == "ocr" and (garbled or (pc.page.confidence or 0) < 50):
            return True
        # a paper's title of its own read, and no missing paper's: the page is that paper
        # ("GIẤY KHÁM SỨC KHỎE" names a person's birth date and "Số CCCD/Hộ chiếu" too, and
        # is neither a passport nor a missing paper)
        title = _paper_title(pc)
        if title is not None and not _title_of(title, absent, catalog):
            continue
        if _resembles(pc, absent, catalog) is not None:
            return True
    return False


def _title_of(title: str, absent: list[list[Component]], catalog: Catalog) -> bool:
    """Could ``title`` (folded) be a missing paper's title, read with slips?"""
    for comps in absent:
        for comp in comps:
            for dt in comp.doc_types:
                for pattern in catalog.document_types[dt].title_patterns:
                    if fuzz.partial_ratio(squash(fold(pattern)), title) >= 75:
                        return True
    return False


# how the titles of papers begin (a certificate, a declaration, an application, minutes...)
_PAPER_NOUNS = ("giay", "to khai", "don ", "bien ban", "bien lai", "hop dong", "van ban", "so ", "phieu",
                "ban ", "quyet dinh", "thong bao", "chung nhan", "chung chi", "bang ")  # fmt: skip


def _paper_title(pc: PageClass) -> str | None:
    """A paper's title read on the page (folded): an upper-case line that begins the way
    papers' titles do ("GIẤY ...", "TỜ KHAI ...", "HỢP ĐỒNG ...")."""
    for folded in _title_lines(pc):
        text = folded.lstrip(" -_.:;,'\"")
        if text.startswith(_PAPER_NOUNS):
            return text
    return None


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s[:2].isupper() else s


def _surest(fv: FieldValue, issued: bool, ocr: bool) -> tuple[bool, bool, bool, bool, float]:
    full = len(fv.value) != 9  # an ID number's twelve digits, not nine left by a misreading
    return (full, issued, fv.source == "mrz", not ocr, fv.conf)


def _diacritics(s: str) -> int:
    return sum(1 for ch in s if ord(ch) > 127)


def _reading_quality(value: str, ocr: bool) -> tuple[int, int, int]:
    from hoso.ocr.quality import token_valid

    valid = sum(1 for w in value.split() if token_valid(w) is not False)
    return valid, _diacritics(value), 0 if ocr else 1


def _applicant(
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
    cluster = next((c for pr in ranked if (c := people.cluster(pr))), [])
    typed = ((manifest or {}).get("applicant") or {}).get("name")
    if isinstance(typed, str) and typed.strip():
        # the station typed who files: the person of that name (the form may be missing,
        # leaving only the two partners' cards)
        named = [
            c
            for pr in ranked
            if (c := people.cluster(pr)) and (n := c[0].get("full_name")) and near_value(n, typed)
        ]
        if named and not (cluster and near_value(cluster[0].get("full_name") or "", typed)):
            cluster = named[0]
    own = {id(m.paper) for m in cluster}
    for key in APPLICANT_KEYS:
        if key == "address":
            found = [
                (v, pr)
                for pr in ranked
                if id(pr) in own and (v := pr.applicant_value(key, catalog))
            ]
            if found:
                chosen = found[0][0]
                same = [(v, pr) for v, pr in found if squash(fold(v)) == squash(fold(chosen))]
                chosen = max(same, key=lambda x: _reading_quality(x[0], x[1].paper.ocr))[0]
                out[key] = nfc(chosen)
            continue
        readings = [(fv, m) for m in cluster if (fv := m.values.get(key)) and fv.valid]
        if key == "id_number":
            readings = [(fv, m) for fv, m in readings if len(fv.value) in (9, 12)]
        if not readings:
            continue
        chosen = readings[0][0].value
        if key in ("id_number", "date_of_birth"):
            chosen = max(readings, key=lambda x: _surest(x[0], x[1].dtype.issued, x[1].paper.ocr))[
                0
            ].value
        elif key == "full_name":
            # the same name read elsewhere (a cleaner scan, the ID card, the name the station
            # typed into the manifest) may be the better reading: valid Vietnamese syllables,
            # diacritics intact, not from OCR
            options = [
                (fv.value, m.paper.ocr) for fv, m in readings if near_value(fv.value, chosen)
            ]
            typed = ((manifest or {}).get("applicant") or {}).get("name")
            if isinstance(typed, str) and typed.strip() and near_value(typed, chosen):
                options.append((nfc(typed.strip()), False))
            chosen = max(options, key=lambda x: _reading_quality(x[0], x[1]))[0]
        out[key] = nfc(chosen)
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
    return out
