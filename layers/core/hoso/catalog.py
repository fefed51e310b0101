"""The procedure catalog and the document types, loaded from JSON data files.

Layout (under :func:`hoso.resources.schemas_dir` or any directory given to :func:`load_catalog`)::

    procedures/procedure.schema.json       the schema every procedure file must satisfy
    procedures/<CODE>@<effective_from>.json one file per procedure *version*
    document-types/document-type.schema.json
    document-types/<id>.json               one file per kind of paper

Adding a procedure (or a new version of one) is adding a file: no code changes. A dossier is
judged by the version in force on its reception date (latest ``effective_from`` on or before it).
The document types themselves are defined in :mod:`hoso.doctypes` (importable from here too).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import jsonschema

from hoso import resources
from hoso.doctypes import PERSON_ATTRS, DocumentType, FieldSpec, Validity
from hoso.records import vn_today
from hoso.text import nfc

__all__ = [
    "FORM_LABELS",
    "PERSON_ATTRS",
    "UNIT_LABELS",
    "Catalog",
    "Component",
    "Consistency",
    "DocumentType",
    "Fee",
    "FieldSpec",
    "Form",
    "Procedure",
    "ProcessingTime",
    "Rule",
    "Validity",
    "load_catalog",
]

Form = Literal["original", "certified_copy", "copy", "photocopy", "shown"]
Rule = Literal["required", "one_of", "conditional", "optional"]

FORM_LABELS: dict[str, str] = {
    "original": "bản chính",
    "certified_copy": "bản sao có chứng thực",
    "copy": "bản sao",
    "photocopy": "bản chụp",
    "shown": "xuất trình",
}
UNIT_LABELS: dict[str, str] = {
    "working_days": "ngày làm việc",
    "days": "ngày",
    "working_hours": "giờ làm việc",
}


@dataclass(frozen=True)
class ProcessingTime:
    amount: float
    unit: str
    notes: str = ""
    cutoff: str | None = None
    restart_on_supplement: bool = True
    supplement_period_working_days: int = 15

    def to_dict(self) -> dict[str, Any]:
        amount: float | int = int(self.amount) if float(self.amount).is_integer() else self.amount
        return {
            "amount": amount,
            "unit": self.unit,
            "unit_label": UNIT_LABELS.get(self.unit, self.unit),
            "notes": self.notes,
            "cutoff": self.cutoff,
            "restart_on_supplement": self.restart_on_supplement,
            "supplement_period_working_days": self.supplement_period_working_days,
        }


@dataclass(frozen=True)
class Fee:
    amount: int | None
    online_amount: int | None = None
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "online_amount": self.online_amount, "notes": self.notes}


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    form: str
    sets: int
    rule: str
    doc_types: tuple[str, ...]
    group: str | None = None
    group_name: str | None = None
    condition: str | None = None
    forms_accepted: tuple[str, ...] = ()
    notes: str = ""

    @property
    def form_label(self) -> str:
        return FORM_LABELS.get(self.form, self.form)

    def summary(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "form": self.form,
            "sets": self.sets,
            "rule": self.rule,
        }
        if self.group:
            d["group"] = self.group
        if self.condition:
            d["condition"] = self.condition
        return d


@dataclass(frozen=True)
class Consistency:
    """Paper ``b``'s person ``b_person`` must be one of paper ``a``'s ``a_persons``."""

    a: str
    b: str
    fields: tuple[str, ...]
    component: str
    a_persons: tuple[str, ...] = ("main",)
    b_person: str = "main"
    others_allowed: bool = False  # papers b of other persons belong too (household members)
    a_optional: tuple[str, ...] = ()  # persons of paper a it may not name (a co-owner)


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    agency: str
    effective_from: date
    processing_time: ProcessingTime
    fee: Fee
    components: tuple[Component, ...]
    agency_code: str | None = None  # schemas/agencies/: where its dossiers are routed
    national_code: str | None = None
    level: str | None = None
    field: str | None = None
    effective_to: date | None = None
    legal_basis: tuple[str, ...] = ()
    applicant_sources: tuple[str, ...] = ()
    consistency: tuple[Consistency, ...] = ()
    source_file: str | None = None
    raw: dict[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)

    @property
    def version(self) -> str:
        return self.effective_from.isoformat()

    def component(self, component_id: str) -> Component | None:
        for c in self.components:
            if c.id == component_id:
                return c
        return None

    def groups(self) -> dict[str, list[Component]]:
        """one_of groups in catalog order."""
        out: dict[str, list[Component]] = {}
        for c in self.components:
            if c.rule == "one_of" and c.group:
                out.setdefault(c.group, []).append(c)
        return out

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    def summary(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "national_code": self.national_code,
            "name": self.name,
            "agency": self.agency,
            "agency_code": self.agency_code,
            "version": self.version,
            "effective_from": self.version,
            "processing_time": self.processing_time.to_dict(),
            "fee": self.fee.to_dict(),
            "components": [c.summary() for c in self.components],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], source_file: str | None = None) -> Procedure:
        pt = d["processing_time"]
        fee = d["fee"]
        return cls(
            code=d["code"],
            name=nfc(d["name"]),
            agency=nfc(d["agency"]),
            agency_code=d.get("agency_code"),
            effective_from=date.fromisoformat(d["effective_from"]),
            effective_to=date.fromisoformat(d["effective_to"]) if d.get("effective_to") else None,
            processing_time=ProcessingTime(
                amount=pt["amount"],
                unit=pt["unit"],
                notes=nfc(pt.get("notes", "")),
                cutoff=pt.get("cutoff"),
                restart_on_supplement=bool(pt.get("restart_on_supplement", True)),
                supplement_period_working_days=int(pt.get("supplement_period_working_days", 15)),
            ),
            fee=Fee(
                amount=fee.get("amount"),
                online_amount=fee.get("online_amount"),
                notes=nfc(fee.get("notes", "")),
            ),
            components=tuple(
                Component(
                    id=c["id"],
                    name=nfc(c["name"]),
                    form=c["form"],
                    sets=int(c["sets"]),
                    rule=c["rule"],
                    doc_types=tuple(c["doc_types"]),
                    group=c.get("group"),
                    group_name=nfc(c["group_name"]) if c.get("group_name") else None,
                    condition=nfc(c["condition"]) if c.get("condition") else None,
                    forms_accepted=tuple(c.get("forms_accepted", [])),
                    notes=nfc(c.get("notes", "")),
                )
                for c in d["components"]
            ),
            national_code=d.get("national_code"),
            level=d.get("level"),
            field=d.get("field"),
            legal_basis=tuple(nfc(x) for x in d.get("legal_basis", [])),
            applicant_sources=tuple(d.get("applicant_sources", [])),
            consistency=tuple(
                Consistency(
                    a=x["a"],
                    b=x["b"],
                    fields=tuple(x["fields"]),
                    component=x["component"],
                    a_persons=tuple(x.get("a_persons", ["main"])),
                    b_person=x.get("b_person", "main"),
                    others_allowed=bool(x.get("others_allowed", False)),
                    a_optional=tuple(x.get("a_optional", [])),
                )
                for x in d.get("consistency", [])
            ),
            source_file=source_file,
            raw=d,
        )


class Catalog:
    """All procedure versions and document types."""

    def __init__(
        self, procedures: list[Procedure], document_types: dict[str, DocumentType]
    ) -> None:
        self._by_code: dict[str, list[Procedure]] = {}
        for p in procedures:
            self._by_code.setdefault(p.code, []).append(p)
        for versions in self._by_code.values():
            versions.sort(key=lambda p: p.effective_from)
        self.document_types = document_types

    def codes(self) -> list[str]:
        return sorted(self._by_code)

    def versions(self, code: str) -> list[Procedure]:
        return list(self._by_code.get(code, []))

    def get(self, code: str, on: date | None = None) -> Procedure | None:
        """The version of ``code`` in force on ``on`` (default today), or None."""
        on = on or vn_today()
        found = None
        for p in self._by_code.get(code, []):
            if p.in_force(on):
                found = p  # sorted ascending: the last match is the latest in force
        return found

    def procedures(self, on: date | None = None) -> list[Procedure]:
        """One version per code: those in force on ``on`` (default today)."""
        out = []
        for code in self.codes():
            p = self.get(code, on)
            if p is not None:
                out.append(p)
        return out

    def extraneous(self) -> set[str]:
        """Document types no version of any procedure takes (a fee receipt, an old household
        book): known so that such a paper is named for what it is, never an unknown page
        that could be a missing one (an officer's review)."""
        taken = {
            dt
            for versions in self._by_code.values()
            for p in versions
            for c in p.components
            for dt in c.doc_types
        }
        return set(self.document_types) - taken

    def doc_type(self, doc_type_id: str) -> DocumentType | None:
        return self.document_types.get(doc_type_id)


def _load_dir(directory: Path, schema_name: str) -> list[tuple[Path, dict[str, Any]]]:
    schema_path = directory / schema_name
    if not schema_path.is_file():
        raise ValueError(f"{schema_path}: schema file missing")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    out = []
    for path in sorted(directory.glob("*.json")):
        if path.name == schema_name:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: not valid JSON ({exc})") from exc
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            msgs = "; ".join(
                f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
                for e in errors[:5]
            )
            raise ValueError(f"{path}: invalid ({msgs})")
        out.append((path, data))
    return out


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load and validate every procedure and document-type file.

    Raises ValueError naming the offending file when a file breaks its schema, when two files
    declare the same code and effective_from, or when a component names an unknown document type.
    """
    base = Path(directory) if directory is not None else resources.schemas_dir()
    doc_types: dict[str, DocumentType] = {}
    for path, data in _load_dir(base / "document-types", "document-type.schema.json"):
        if data["id"] in doc_types:
            raise ValueError(f"{path}: duplicate document type id {data['id']!r}")
        doc_types[data["id"]] = DocumentType.from_dict(data)
    procedures: list[Procedure] = []
    seen: dict[tuple[str, date], Path] = {}
    for path, data in _load_dir(base / "procedures", "procedure.schema.json"):
        p = Procedure.from_dict(data, source_file=path.name)
        key = (p.code, p.effective_from)
        if key in seen:
            raise ValueError(f"{path}: same code and effective_from as {seen[key].name}")
        seen[key] = path
        _check_procedure(path, p, doc_types)
        procedures.append(p)
    return Catalog(procedures, doc_types)


def _check_procedure(path: Path, p: Procedure, doc_types: dict[str, DocumentType]) -> None:
    """Raise ValueError when the procedure names a component twice, or names a document
    type, a component or a person that does not exist."""
    ids = [c.id for c in p.components]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate component ids")
    for c in p.components:
        for dt in c.doc_types:
            if dt not in doc_types:
                raise ValueError(f"{path}: component {c.id!r} names unknown document type {dt!r}")
    for chk in p.consistency:
        _check_consistency(path, chk, ids, doc_types)
    for dt in p.applicant_sources:
        if dt not in doc_types:
            raise ValueError(f"{path}: applicant_sources names unknown document type {dt!r}")


def _check_consistency(
    path: Path, chk: Consistency, ids: list[str], doc_types: dict[str, DocumentType]
) -> None:
    for dt in (chk.a, chk.b):
        if dt not in doc_types:
            raise ValueError(f"{path}: consistency check names unknown document type {dt!r}")
    if chk.component not in ids:
        raise ValueError(f"{path}: consistency check names unknown component {chk.component!r}")
    for dt, roles in ((chk.a, chk.a_persons), (chk.b, (chk.b_person,))):
        known = {f.person for f in doc_types[dt].fields}
        for role in roles:
            if role not in known:
                raise ValueError(
                    f"{path}: consistency check names person {role!r} absent from {dt!r}"
                )
