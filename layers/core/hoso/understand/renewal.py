"""A card's dates by the law that has it renewed: at ages its holder reaches, on their
birthday (``validity`` of its document type, :mod:`hoso.doctypes`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hoso import idnumber
from hoso.doctypes import DocumentType
from hoso.understand.results import PaperResult


def renewal_ages(dt: DocumentType) -> set[int]:
    """Every age at which some law in force had a card of this kind renewed."""
    return {a for rule in dt.validity for a in rule.renew_at_ages}


def on_renewal_birthday(when: str, born: str, dt: DocumentType) -> bool:
    """Whether ``when`` (ISO) is the birthday of one born on ``born`` (ISO) in the year they
    reach an age the law has the card renewed at: the expiry such a card bears."""
    return when[4:] == born[4:] and int(when[:4]) - int(born[:4]) in renewal_ages(dt)


def birth_year_by_expiry(pr: PaperResult, dt: DocumentType) -> str | None:
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
    ages = renewal_ages(dt)
    if until.year - id_year not in ages or until.year - born.year in ages:
        return None
    try:
        fixed = born.replace(year=id_year).isoformat()
    except ValueError:
        return None
    pr.fields["date_of_birth"] = replace(dob, value=fixed, source="agreement")
    return f"Ngày sinh trên {dt.short_name}: năm sinh đọc theo số định danh và thời hạn thẻ"
