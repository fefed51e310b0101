"""Pages hoso could not place, or placed without certainty: could one of them be a
missing paper? A paper is asked for only when no page of the dossier could be it."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz

from hoso.catalog import Catalog, Component
from hoso.spelling import text_quality
from hoso.text import fold, squash
from hoso.understand.classify import PageClass, Paper
from hoso.understand.fields import extract
from hoso.understand.results import LOW_CONFIDENCE
from hoso.understand.titles import page_lines

_COULD_BE_FIELDS = 3  # labelled fields of a missing paper's type read on an unknown page
COULD_BE_TITLE = 68.0  # title likeness (TITLE_WEAK) of an uncertain page for a missing paper
COULD_BE_KEYWORDS = 0.33  # or a third of that paper's body keywords found on it (2 of 6)


def could_be_absent(
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


def could_be(pages: list[PageClass], absent: list[list[Component]], catalog: Catalog) -> bool:
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
