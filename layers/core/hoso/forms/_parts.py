"""Parts the notices share: the office and the record as given, the applicant and the
procedure as printed, the header block, numbered reasons, and what the procedure catalog
says when the record leaves it out (a receipt's processing time, a component's form and
number of copies)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from hoso.forms._layout import FormPDF
from hoso.forms._values import BLANK, DEFAULT_OFFICE, as_datetime, get, text


def merged_office(office: Mapping[str, Any] | None) -> dict[str, Any]:
    merged = dict(DEFAULT_OFFICE)
    if isinstance(office, Mapping):
        merged.update({k: v for k, v in office.items() if v is not None})
    return merged


def as_record(record: Any) -> Mapping[str, Any]:
    return record if isinstance(record, Mapping) else {}


def honorific(record: Mapping[str, Any]) -> str:
    sex = (text(get(record, "applicant", "sex")) or "").casefold()
    if sex in {"nam", "male", "m"}:
        return "Ông"
    if sex in {"nữ", "nu", "female", "f"}:
        return "Bà"
    return "Ông/Bà"


def applicant(record: Mapping[str, Any]) -> str | None:
    name = text(get(record, "applicant", "full_name"))
    return f"{honorific(record)} {name}" if name else None


def procedure_name(record: Mapping[str, Any]) -> str | None:
    return text(record.get("procedure_name")) or text(record.get("procedure_code"))


def issued_at(record: Mapping[str, Any], extra: Mapping[str, Any], *keys: str) -> datetime | None:
    for value in (extra.get("issued_at"), *(record.get(k) for k in keys)):
        dt = as_datetime(value)
        if dt is not None:
            return dt
    return None


def start_form(
    title: str,
    record: Mapping[str, Any],
    office: Mapping[str, Any],
    extra: Mapping[str, Any],
    issued: datetime | None,
) -> FormPDF:
    code = text(record.get("dossier_code"))
    pdf = FormPDF(f"{title} {code}" if code else title)
    pdf.set_subject(title)
    pdf.header_block(office, number=text(extra.get("number")), issued=issued)
    return pdf


def numbered_reasons(values: Any) -> list[tuple[str, str | None]]:
    """Free text or dicts (``name``/``reason``) -> numbered items."""
    items: list[tuple[str, str | None]] = []
    if isinstance(values, str | Mapping):
        values = [values]
    if isinstance(values, Iterable):
        for v in values:
            if isinstance(v, Mapping):
                name, why = text(v.get("name")), text(v.get("reason"))
                if name or why:
                    items.append((name or why or BLANK, why if name else None))
            elif (t := text(v)) is not None:
                items.append((t, None))
    return items


def applicant_lines(pdf: FormPDF, record: Mapping[str, Any], label: str) -> None:
    pdf.field(label, applicant(record))
    pdf.field("Số định danh cá nhân/CCCD:", get(record, "applicant", "id_number"))
    pdf.field("Địa chỉ:", get(record, "applicant", "address"))
    pdf.fields_row(
        [
            ("Số điện thoại:", get(record, "applicant", "phone")),
            ("Email:", get(record, "applicant", "email")),
        ]
    )


@functools.cache
def _catalog() -> Any:
    from hoso.catalog import load_catalog

    return load_catalog()


def catalog_procedure(record: Mapping[str, Any], on: datetime | None) -> Any:
    """The catalog version of the record's procedure in force on ``on`` (None if unknown)."""
    code = text(record.get("procedure_code"))
    if code is None:
        return None
    try:
        return _catalog().get(code, on=on.date() if on else None)
    except Exception:  # no catalog here: the receipt prints blanks instead
        return None


def catalog_time(procedure: Any) -> dict[str, Any] | None:
    pt = getattr(procedure, "processing_time", None)
    amount, unit = getattr(pt, "amount", None), getattr(pt, "unit", None)
    if amount is None or unit is None:
        return None
    return {"amount": amount, "unit": unit}


def catalog_component(procedure: Any, component: Mapping[str, Any]) -> dict[str, Any]:
    """``form``/``sets`` of the component as the catalog requires them (matched by id)."""
    comp_id = text(component.get("id"))
    finder = getattr(procedure, "component", None)
    if comp_id is None or finder is None:
        return {}
    try:
        spec = finder(comp_id)
    except Exception:
        return {}
    out: dict[str, Any] = {}
    if isinstance(getattr(spec, "form", None), str):
        out["copy_type"] = spec.form
    if isinstance(getattr(spec, "sets", None), int):
        out["copies"] = spec.sets
    return out
