"""What understanding a dossier gives: each paper's readings and doubts, each component's
verdict, and the assessment of the whole dossier."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hoso.catalog import Catalog, Component
from hoso.understand.classify import Paper
from hoso.understand.values import FieldValue

LOW_CONFIDENCE = 0.7  # a required component held only by papers below this needs review


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
    labelled: frozenset[str] = frozenset()  # fields whose label is printed on it, read or not

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
