"""Cards whose validity could not be judged: the side or corner that says, unread. An
officer reads the date; nothing is asked of the citizen."""

from __future__ import annotations

import re
from datetime import date

from hoso.catalog import Catalog
from hoso.doctypes import DocumentType
from hoso.text import fold
from hoso.understand.checks import may_have_expired
from hoso.understand.fields import extract_fields
from hoso.understand.renewal import renewal_ages
from hoso.understand.results import PaperResult
from hoso.understand.titles import alnum_len

_EXPIRY = re.compile(r"gia tri den|date of expiry|het han")  # an expiry's label, folded
_INKED_SIDE = 20  # letters and digits OCR found on a side with something printed on it
_EXPIRY_UNREAD = "không đọc được ngày hết hạn; chưa đọc được thời hạn sử dụng"


def unread_validity(
    unsure_validity: list[PaperResult],
    papers: list[PaperResult],
    catalog: Catalog,
    today: date,
    review: list[str],
) -> None:
    """A card whose dates were not read, one of its sides giving nothing at all: that side
    (its back, with the dates) is there but unread; or its expiry's label read and not the
    date (:func:`_expiry_unread`), or its front, which bears the expiry, read without it
    (:func:`_front_unread`). When its holder's age says a card of
    this kind may have run out, whenever it was issued, an officer reads it; nothing is
    asked of the citizen."""
    for pr in unsure_validity:
        dtype = catalog.document_types[pr.paper.doc_type or ""]
        if not may_have_expired(pr, dtype, today):
            continue
        if _expiry_unread(pr, papers, review):
            continue
        if _front_unread(pr, papers, dtype, today, review):
            continue
        if len(pr.paper.pages) < 2:
            continue
        for pc in pr.paper.pages:
            if alnum_len(pc.page.text) < _INKED_SIDE:
                continue  # a blank back, scanned with its front
            read, _ = extract_fields(dtype, [pc.page])
            if not any(v.valid for v in read.values()):
                review.append(
                    f"{pr.paper.label()}: không đọc được mặt {pc.page.file} trang "
                    f"{pc.page.index}; chưa đọc được thời hạn sử dụng"
                )
                break


_FRONT = re.compile(r"can cuoc cong dan")  # the cards whose front bears their expiry
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
# years: a card brought to the counter that has run out ran out lately, most likely (the
# law has its holder renew it, and an old one stops serving for everything else)
_LATELY = 5


def _front_unread(
    pr: PaperResult, papers: list[PaperResult], dtype: DocumentType, today: date,
    review: list[str],
) -> bool:  # fmt: skip
    """A card's front, alone on its pages, that bears its expiry (a citizen identity card,
    "Căn cước công dân") read without it or its issue date (dev34 17988: a photo of an
    expired card's front, its corner unread, received). Unless a year to come that is a
    renewal age of its holder's is read on it (the expiry's year: the card is valid; an
    issue date is never to come), an officer reads the date; nothing is asked of the
    citizen."""
    born = pr.fields.get("date_of_birth")
    if born is None or "issued_on" in pr.fields or _shares_a_page(pr, papers):
        return False
    text = fold(" ".join(pc.page.text for pc in pr.paper.pages))
    if not _FRONT.search(text):
        return False
    b = date.fromisoformat(born.value)
    renewals = {b.year + age for age in renewal_ages(dtype)}
    if not any(today.year - _LATELY <= year <= today.year for year in renewals):
        return False
    if any(today.year < int(y) and int(y) in renewals for y in _YEAR.findall(text)):
        return False
    review.append(f"{pr.paper.label()}: {_EXPIRY_UNREAD}")
    return True


def _shares_a_page(pr: PaperResult, papers: list[PaperResult]) -> bool:
    """Another paper is read off one of this paper's pages (a card's two sides, or two
    cards, on one sheet)."""
    mine = {(pc.page.file, pc.page.index) for pc in pr.paper.pages}
    return any(
        o is not pr and any((pc.page.file, pc.page.index) in mine for pc in o.paper.pages)
        for o in papers
    )


def _expiry_unread(pr: PaperResult, papers: list[PaperResult], review: list[str]) -> bool:
    """A card of one page, alone on it (another card's label could be the one read), its
    expiry's label read but not the date beside it, nor its issue date (dev21 15029, a card
    that had run out, received): an officer reads the date; nothing is asked of the
    citizen."""
    if len(pr.paper.pages) != 1 or "issued_on" in pr.fields:
        return False
    page = pr.paper.pages[0].page
    if not _EXPIRY.search(fold(page.text)):
        return False
    if _shares_a_page(pr, papers):
        return False
    review.append(f"{pr.paper.label()}: {_EXPIRY_UNREAD}")
    return True
