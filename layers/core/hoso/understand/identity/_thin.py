"""Declared checks a scan let compare too little: the rest of what the form states is an
officer's to compare."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from hoso.catalog import Consistency
from hoso.understand.identity._mentions import (
    ATTR_LABELS,
    Finding,
    Mention,
    PaperLike,
    role_label,
)


class _Finds(Protocol):
    def find(self, i: int) -> int: ...


def thin_findings(
    links: Sequence[tuple[int, int, Consistency]], mentions: Sequence[Mention], persons: _Finds
) -> list[Finding]:
    """The declared checks a scan let compare too little (:func:`_thin_message`),
    unless another copy of paper b of the same person (the card scanned twice, once with
    its number only) compares what this one could not: the check is made."""
    thin: dict[str, Finding] = {}  # message -> finding
    for j, i, chk in links:
        found = _thin_message(j, i, chk, mentions)
        made = any(
            c is chk and k != j and persons.find(k) == persons.find(j)
            and _thin_message(k, h, c, mentions) is None
            for k, h, c in links
        )  # fmt: skip
        if found is not None and not made:
            thin.setdefault(found[0], Finding(chk.component, found[0], True, found[1]))
    return list(thin.values())


def _thin_message(
    j: int, i: int, chk: Consistency, mentions: Sequence[Mention]
) -> tuple[str, PaperLike] | None:
    """A declared check on a scan that could compare one of its fields only (the form's
    number read, its holder's name and birth date not), or not the ID number (dev27 16401:
    the partner's number altered on a form whose numbers were unread, received on the
    names and birth dates): what agrees says it is the same person, not that the rest the
    form states agrees; a person compares the rest. Names the paper whose values were not
    read (returned with the message)."""
    mb, ma = mentions[j], mentions[i]
    if not (ma.paper.ocr or mb.paper.ocr):
        return None
    both = [k for k in chk.fields if ma.get(k) and mb.get(k)]
    # nothing compared at all, not even a birth year (the form's person linked to a
    # co-owner of whom the land certificate read no name and no number, its owner read
    # with another's name: dev44 20347, received) is a check not made
    if (both or (ma.birth_year() and mb.birth_year())) and len(chk.fields) <= _COMPARED:
        return _year_unread(ma, mb, chk)
    if len(both) >= _COMPARED and ("id_number" in both or "id_number" not in chk.fields):
        return None
    unread_a, unread_b = (
        [ATTR_LABELS[k].lower() for k in chk.fields if not m.get(k)] for m in (ma, mb)
    )
    thin, other, unread = (
        (ma, mb, unread_a) if len(unread_a) >= len(unread_b) else (mb, ma, unread_b)
    )
    message = (
        f"Không đọc được {', '.join(unread)} trên {thin.where()} để đối chiếu với {other.where()}"
    )
    return message, thin.paper


_COMPARED = 2  # fields a declared check of three compares at least, on a scan


def _year_unread(ma: Mention, mb: Mention, chk: Consistency) -> tuple[str, PaperLike] | None:
    """A check of two fields (name and number) that compared the number alone on a part
    of the scanned form other than the filer's own (a parent's), its name unread and no
    year of birth read on it, while the other paper gives one (dev40 19390: a mother's
    name and altered year hand-written, illegible, her number alike: received): nothing
    the form states of the person but the number was compared; a person compares."""
    if not ma.paper.ocr or ma.get("full_name") or not (ma.get("id_number") and mb.get("id_number")):
        return None
    if "full_name" not in chk.fields or not ma.asks("full_name") or ma.birth_year():
        return None
    if not mb.birth_year() or ma.role == "main":
        return None
    where = ma.where()
    return f"Không đọc được họ tên, năm sinh trên {where} để đối chiếu với {mb.where()}", ma.paper


def unread_part(
    chk: Consistency,
    first: PaperLike,
    unread: Sequence[str],
    mentions: Sequence[Mention],
    placed: set[int],
) -> Finding | None:
    """A person paper a must name of whom nothing was read on the scan (a marriage form's
    groom's column, his birth date altered: dev39 19233, accepted), and a paper b that is
    none of the persons read (his card, linked to nothing): what the form states of him is
    compared with nothing; an officer compares (``placed``: papers b linked or strays)."""
    if not unread or chk.others_allowed or not first.ocr:
        return None
    loose = [
        m
        for j, m in enumerate(mentions)
        if m.dtype.id == chk.b and m.role == chk.b_person and m.paper is not first
        and j not in placed and any(m.get(k) for k in chk.fields)
    ]  # fmt: skip
    a = next((m for m in mentions if m.paper is first), None)
    if not loose or a is None:
        return None
    who = role_label(unread[0])
    where = f"{who} trên {a.dtype.short_name}" if who else a.dtype.short_name
    message = f"Không đọc được thông tin {where} để đối chiếu với {loose[0].dtype.short_name}"
    return Finding(chk.component, message, True, first)
