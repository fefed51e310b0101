"""Document types: the kinds of paper hoso reads, loaded from ``document-types/<id>.json``.

A document type says how to recognise a paper (title patterns, markers, keywords), which
fields to read on it (their labels, types, and whose identity attribute each one gives) and,
for identity cards, how long the law keeps one valid when its expiry cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from typing import Any

from hoso.text import nfc

PERSON_ATTRS = ("full_name", "id_number", "date_of_birth", "birth_year", "sex")


@dataclass(frozen=True)
class Validity:
    """How long a paper is valid when its expiry cannot be read (see the document-type
    schema's ``validity``): renewed at ``renew_at_ages``, with ``grace_years``."""

    effective_from: date
    renew_at_ages: tuple[int, ...]
    grace_years: int
    law: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Validity:
        return cls(
            date.fromisoformat(d["effective_from"]),
            tuple(sorted(int(a) for a in d["renew_at_ages"])),
            int(d["grace_years"]),
            nfc(d["law"]),
        )

    def expiry(self, born: date, issued: date) -> tuple[date, int] | None:
        """The day a paper issued on ``issued`` to someone born on ``born`` stops being
        valid and the age at which it must be renewed (None: it does not expire)."""
        for age in self.renew_at_ages:
            due = _birthday(born, age)
            if issued < _birthday(born, age - self.grace_years):
                return due, age
        return None


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        return date(born.year + age, 3, 1)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    labels: tuple[str, ...]
    type: str
    applicant: str | None = None
    occurrence: int = 1
    person: str | None = None  # whose field: "main" (the paper's holder), "mother", "partner"...
    attr: str | None = None  # which identity attribute of that person (PERSON_ATTRS)
    # the labels are a signature block's titles ("Người kê khai"): the value is the name
    # written under the signature, read where the labelled field gives none
    signature: bool = False
    # a value the paper repeats for reference (the investor's number on the undertaking):
    # unreadable off a scan, a note for the officer, not a doubt
    aside: bool = False

    @classmethod
    def from_dict(cls, f: dict[str, Any]) -> FieldSpec:
        applicant = f.get("applicant")
        attr = f.get("attr") or (applicant if applicant in PERSON_ATTRS else None)
        person = f.get("person") or ("main" if attr else None)
        return cls(
            name=f["name"],
            labels=tuple(nfc(x) for x in f["labels"]),
            type=f["type"],
            applicant=applicant,
            occurrence=int(f.get("occurrence", 1)),
            person=person if attr else None,
            attr=attr if person else None,
            signature=bool(f.get("signature", False)),
            aside=bool(f.get("aside", False)),
        )


@dataclass(frozen=True)
class DocumentType:
    id: str
    name: str
    short_name: str
    title_patterns: tuple[str, ...]
    markers: tuple[str, ...] = ()
    # regular expressions over a line's characters, spaces removed, that identify the paper
    # as markers do: a machine-readable zone's shape (a chip card's "[MF]\\d{7}VNM": sex,
    # expiry and its check digit, country)
    marker_patterns: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    motto: bool = True
    max_pages: int = 10
    certification_markers: tuple[str, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    issued: bool = False  # issued by an authority (card, certificate): its data is authoritative
    mrz: bool = False  # carries a machine-readable zone (chip ID card, passport)
    # its holder's name is the line in capitals under the ID number, the birth date the date
    # in the number's year: read so when the labels were not (a card's printed layout)
    holder_by_place: bool = False
    roles: dict[str, tuple[str, ...]] = dc_field(default_factory=dict)  # person -> headers
    roles_in_order: bool = False  # headers name persons by order of appearance, not by kind
    # the persons its fields name by occurrence are numbered items ("1. Ông/bà: ...", "2.
    # Ông/bà: ..."): an item's number says whose values its line holds, read or not
    numbered_persons: bool = False
    # the person the paper speaks for (an authorisation letter is its grantor's): the
    # applicant where a procedure takes the paper as an applicant source
    principal: str = "main"
    # the fields naming the person its holder does the procedure with, who files it (the
    # marital status certificate, needed by the partner who marries away from home, names
    # whom they marry and that person's birth date): identity attribute -> field name
    counterpart: dict[str, str] = dc_field(default_factory=dict)
    validity: tuple[Validity, ...] = ()  # by effective_from

    def validity_on(self, issued: date) -> Validity | None:
        """The validity rule in force on ``issued``."""
        rules = [v for v in self.validity if v.effective_from <= issued]
        return rules[-1] if rules else None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocumentType:
        principal = d.get("principal", "main")
        persons = {f.get("person") for f in d.get("fields", [])} | set(d.get("roles", {}))
        if principal != "main" and principal not in persons:
            raise ValueError(f"{d['id']}: principal {principal!r} is none of its persons")
        counterpart = dict(d.get("counterpart", {}))
        if not set(counterpart.values()) <= {f["name"] for f in d.get("fields", [])}:
            raise ValueError(f"{d['id']}: counterpart names a field it does not have")
        return cls(
            id=d["id"],
            name=nfc(d["name"]),
            short_name=nfc(d["short_name"]),
            title_patterns=tuple(nfc(t) for t in d["title_patterns"]),
            markers=tuple(nfc(t) for t in d.get("markers", [])),
            marker_patterns=tuple(d.get("marker_patterns", [])),
            keywords=tuple(nfc(t) for t in d.get("keywords", [])),
            motto=bool(d.get("motto", True)),
            max_pages=int(d.get("max_pages", 10)),
            certification_markers=tuple(nfc(t) for t in d.get("certification_markers", [])),
            fields=tuple(FieldSpec.from_dict(f) for f in d.get("fields", [])),
            issued=bool(d.get("issued", False)),
            mrz=bool(d.get("mrz", False)),
            holder_by_place=bool(d.get("holder_by_place", False)),
            roles={r: tuple(nfc(h) for h in hs) for r, hs in d.get("roles", {}).items()},
            roles_in_order=bool(d.get("roles_in_order", False)),
            numbered_persons=bool(d.get("numbered_persons", False)),
            principal=principal,
            counterpart=counterpart,
            validity=tuple(
                sorted(
                    (Validity.from_dict(v) for v in d.get("validity", [])),
                    key=lambda v: v.effective_from,
                )
            ),
        )
