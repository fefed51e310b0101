"""Mentions: what one paper says about one person, and the findings about them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from hoso.doctypes import DocumentType
from hoso.text import fold, squash
from hoso.understand.values import FieldValue

# OCR confidence of typed print read cleanly (a hand-filled value's readers agreeing give
# 95 at most: hoso.ocr.second); above it a value read off a scan is taken as typed
CLEAR_READING = 95.5
LOW_VALUE_CONFIDENCE = 80.0  # OCR word confidence under which a value may be misread
_SURE_CONFIDENCE = 85.0  # an authority's printed paper read at least this surely settles

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


def role_label(role: str | None) -> str | None:
    """What a reason calls a person of a paper ("người mẹ"; the household minutes' listed
    persons "thành viên thứ 2"); None for the paper's own person."""
    if role is None:
        return None
    if role.startswith("member") and role[6:].isdigit():
        return f"thành viên thứ {role[6:]}"
    return ROLE_LABELS.get(role)


class PaperLike(Protocol):
    """What identity checks need of a paper result (see ``results.PaperResult``)."""

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
    @property
    def problems(self) -> list[str]: ...
    @property
    def labelled(self) -> frozenset[str]: ...


@dataclass
class Mention:
    paper: PaperLike
    dtype: DocumentType
    role: str
    values: dict[str, FieldValue] = field(default_factory=dict)
    # the name signed at the paper's foot where it may not stand in for the person's own
    # (:func:`mentions_of`): it says who the part is, and vouches for none of its values
    signed: str | None = None

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

    def year_source(self) -> str:
        """The field :meth:`birth_year` comes from: the birth date, else a year alone."""
        return "date_of_birth" if self.values.get("date_of_birth") else "birth_year"

    def year_confirmed(self) -> bool:
        """The birth year was read alike by both readers, surely (Word.confirmed): a digit
        of it is no slip of handwriting or OCR, but what was written."""
        fv = self.values.get(self.year_source())
        return fv is not None and fv.confirmed

    def where(self) -> str:
        role = role_label(self.role)
        return f"{role} trên {self.dtype.short_name}" if role else self.dtype.short_name

    def folded_name(self) -> str | None:
        name = self.get("full_name")
        if name is None:
            return None
        f = squash(fold(name))
        return f if len(f.split()) >= 2 else None

    def asks(self, attr: str) -> bool:
        """The paper has a label for this person's ``attr`` (read or not)."""
        return any(
            s.person == self.role and s.attr == attr and s.name in self.paper.labelled
            for s in self.dtype.fields
            if not s.signature
        )

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
        if spec.signature and (m.asks("id_number") or not m.asks(spec.attr)):
            # a signed name stands in for an unread one only where the paper asks for no
            # number: its name's label read, none for a number (a label lost with its line
            # may have had a number beside it). Beside a number it would vouch for what the
            # form states and was not read (its birth date: holdout5 110192, received with
            # the date the defect), so it does not count there
            m.signed = paper.fields[spec.name].value
            continue
        m.values.setdefault(spec.attr, paper.fields[spec.name])
    return [m for m in by_role.values() if m.values]


@dataclass
class Finding:
    component: str
    message: str
    doubt: bool  # True: a misreading could explain it (officer), False: the paper is invalid
    # a doubt about this paper's unread values, moot when the paper is to be brought again
    # (an expired card: the new one is compared when it comes)
    unread_on: PaperLike | None = None


def surely_read(m: Mention, attr: str) -> bool:
    """A value to settle other readings by: typed text, a checked machine-readable zone, or
    an authority's printed paper read confidently."""
    fv = m.values.get(attr)
    if fv is None or m.get(attr) is None:
        return False
    if not m.paper.ocr or fv.source == "mrz":
        return True
    # a number's other readings make it unsure; a name's (the second reader's, of words
    # read unsurely) are of the words around it here
    return m.dtype.issued and fv.conf >= _SURE_CONFIDENCE and not (fv.alts and attr != "full_name")
