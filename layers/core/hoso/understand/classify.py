"""Page classification and splitting of files into papers (runs of pages).

Every page is scored against every document type:

* **title**: the title printed at the top of the page, normally the first lines after the
  national motto; compared with rapidfuzz on folded text (no diacritics, lower case) and on
  the NFC text, so OCR that lost its marks or misread letters still matches;
* **markers**: strong phrases that identify a paper anywhere (back of an ID card, drawing
  title block);
* **keywords**: words typical of the body, to confirm a weak title and break ties.

A page without any title or marker, and without the motto, continues the paper before it
(second page of a form). A page that cannot be told apart is *abstained*: it gets no type, and
the dossier goes to an officer rather than being guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from hoso.doctypes import DocumentType
from hoso.model import PageText
from hoso.spelling import text_quality
from hoso.text import fold, squash
from hoso.understand.titles import (
    Line,
    alnum_len,
    candidates,
    marker_in,
    motto_end,
    page_lines,
    title_score,
)

TITLE_ACCEPT = 80.0  # title/marker score needed to name a paper
MARKER_SCORE = 86.0  # a marker found: as sure as a title read well
TITLE_WEAK = 68.0  # a weaker title is accepted only when the body keywords agree
MARGIN = 6.0  # the best type must beat the runner-up by this much
_HEAD_WORDS = 2  # a title's first words that name the kind of paper ("tờ khai", "giấy chứng")
SILENT_REASON = "Không đọc được chữ trên trang quét (trang trắng hay giấy tờ không đọc được?)"


@dataclass
class TypeScore:
    doc_type: str
    title: float  # 0..100, position-weighted best title/marker match
    keywords: float  # 0..1 share of keywords found
    matched: str | None  # the page line that matched
    by_marker: bool = False
    exact: float = 0.0  # 0..100, the same match on the text with its diacritics

    @property
    def total(self) -> float:
        # diacritics only break near-ties: OCR often loses them, but when present they count
        return self.title + 12.0 * self.keywords + 2.0 * self.exact / 100.0


def _unknown_reason(best: TypeScore, second: TypeScore, margin: float) -> str:
    if best.title < TITLE_WEAK:
        return "Không nhận dạng được loại giấy tờ"
    if margin < MARGIN:
        return f"Không phân biệt được giữa {best.doc_type} và {second.doc_type}"
    return f"Tiêu đề không rõ (giống {best.doc_type})"


_BODY_KEYWORDS = 4  # words typical of one paper's body found, at least ...
_BODY_SHARE = 0.75  # ... and this share of its list, every other type's 0.3 less at most


def _by_body(scores: list[TypeScore], keywords: dict[str, list[str]]) -> TypeScore | None:
    """A first page (the motto read) whose title was lost, its body the words of one
    paper's alone ("Bên nữ", "Bên nam", "tự nguyện", "kết hôn" on a photo whose title
    line was not read: dev36 18621, a marriage form taken for a missing one)."""
    ranked = sorted(scores, key=lambda s: s.keywords, reverse=True)
    if len(ranked) < 2:
        return None
    best, second = ranked[0], ranked[1]
    found = round(best.keywords * len(keywords.get(best.doc_type, [])))
    if found < _BODY_KEYWORDS or best.keywords < _BODY_SHARE:
        return None
    return best if second.keywords <= best.keywords - 0.3 else None


@dataclass
class PageClass:
    page: PageText
    doc_type: str | None
    confidence: float  # 0..1
    kind: (
        str  # "title" | "marker" | "keywords" | "continuation" | "blank" | "unknown" | "unreadable"
    )
    matched_title: str | None = None
    has_motto: bool = False
    scores: list[TypeScore] = field(default_factory=list)
    reason: str | None = None
    by_officer: bool = False  # an officer said what paper this page is


@dataclass
class Paper:
    """One paper: a run of pages of one file (or, for continuation, across the run)."""

    doc_type: str | None
    pages: list[PageClass]
    confidence: float
    matched_title: str | None
    abstained: bool = False
    reason: str | None = None

    @property
    def file(self) -> str:
        return self.pages[0].page.file

    def lines(self) -> list[Line]:
        out: list[Line] = []
        for pc in self.pages:
            out.extend(page_lines(pc.page))
        return out

    @property
    def ocr(self) -> bool:
        return any(pc.page.method == "ocr" for pc in self.pages)

    def label(self) -> str:
        first, last = self.pages[0].page, self.pages[-1].page
        if first.index == last.index:
            return f"{first.file} trang {first.index}"
        return f"{first.file} trang {first.index}-{last.index}"


def _marked_over_loose_title(best: TypeScore, second: TypeScore) -> bool:
    """The paper's own printed phrase ("Đề nghị cơ quan đăng ký khai sinh cho người dưới
    đây") against another type's title read only loosely (a lost "ĐĂNG KÝ" makes "GIẤY
    KHAI SINH" of "TỜ KHAI ... KHAI SINH": dev25 15826)."""
    return best.by_marker and not second.by_marker and second.exact < TITLE_ACCEPT


class Classifier:
    def __init__(self, doc_types: Iterable[DocumentType]) -> None:
        self.types = list(doc_types)
        self._titles = {t.id: [squash(fold(p)) for p in t.title_patterns] for t in self.types}
        self._markers = {t.id: [squash(fold(m)) for m in t.markers] for t in self.types}
        self._shapes = {t.id: [re.compile(p) for p in t.marker_patterns] for t in self.types}
        self._keywords = {t.id: [squash(fold(k)) for k in t.keywords] for t in self.types}
        self._max_pages = {t.id: t.max_pages for t in self.types}
        self._issued = {t.id for t in self.types if t.issued}
        self._certified = {
            t.id: [squash(fold(m)) for m in t.certification_markers] for t in self.types
        }

    def score_page(self, lines: Sequence[Line]) -> tuple[list[TypeScore], bool]:
        end = motto_end(lines)
        cands = candidates(lines, end)
        body = "\n".join(ln.folded for ln in lines)
        packed = ["".join(ln.text.split()) for ln in lines]
        scores: list[TypeScore] = []
        for t in self.types:
            best, matched, pattern = 0.0, None, None
            for k, pat in enumerate(self._titles[t.id]):
                for cf, ct, w in cands:
                    if abs(len(cf) - len(pat)) > max(len(pat), 40) and len(cf) > len(pat):
                        continue
                    s = title_score(pat, cf) * w
                    if s > best:
                        best, matched, pattern = s, ct, t.title_patterns[k]
            exact = (
                title_score(squash(pattern.lower()), squash(matched.lower()))
                if pattern and matched
                else 0.0
            )
            by_marker = False
            for m in self._markers[t.id]:
                if len(m) >= 5 and marker_in(m, body):
                    s = MARKER_SCORE
                    if s > best:
                        best, matched, by_marker = s, m, True
            shape = next((ln for ln in packed for rx in self._shapes[t.id] if rx.search(ln)), None)
            if shape is not None and best < MARKER_SCORE:
                best, matched, by_marker = MARKER_SCORE, shape, True
            kws = self._keywords[t.id]
            kw = sum(1 for k in kws if fuzz.partial_ratio(k, body) >= 88) / len(kws) if kws else 0.0
            scores.append(TypeScore(t.id, best, kw, matched, by_marker, exact))
        scores.sort(key=lambda s: s.total, reverse=True)
        return scores, end is not None

    def classify_page(self, page: PageText) -> PageClass:
        if page.error:
            return PageClass(page, None, 0.0, "unreadable", reason=page.error)
        if page.method == "ocr" and "blank page" in page.notes:
            # the OCR stage found (almost) no ink: a blank back, whatever a retry made of
            # the show-through of the front
            return PageClass(page, None, 1.0, "blank")
        lines = page_lines(page)
        if alnum_len(" ".join(ln.folded for ln in lines)) < 12:
            if page.method == "ocr" and "blank page" not in page.notes:
                # a scan where OCR found no text: a blank back side, or a paper OCR could not read
                return PageClass(page, None, 0.0, "silent", reason=SILENT_REASON)
            return PageClass(page, None, 1.0, "blank")
        scores, has_motto = self.score_page(lines)
        best = scores[0]
        second = scores[1] if len(scores) > 1 else TypeScore("", 0.0, 0.0, None)
        ocr_factor = 1.0
        if page.method == "ocr" and page.confidence is not None and page.confidence < 60:
            ocr_factor = 0.85
        margin = best.total - second.total
        if best.title >= TITLE_ACCEPT and margin >= MARGIN:
            conf = min(1.0, best.title / 100.0 * (0.9 + 0.1 * min(1.0, margin / 15.0)))
            kind = "marker" if best.by_marker else "title"
            return PageClass(
                page, best.doc_type, conf * ocr_factor, kind, best.matched, has_motto, scores
            )
        if _marked_over_loose_title(best, second):
            return PageClass(page, best.doc_type, 0.8 * ocr_factor, "marker", best.matched,
                             has_motto, scores)  # fmt: skip
        if best.title >= TITLE_ACCEPT and best.keywords >= second.keywords + 0.25:
            # two similar titles ("Tờ khai đăng ký khai sinh / kết hôn") read badly: the body decides
            conf = 0.7 + 0.1 * best.keywords
            return PageClass(
                page, best.doc_type, conf * ocr_factor, "keywords", best.matched, has_motto, scores
            )
        if (
            best.title >= TITLE_WEAK
            and best.keywords >= 0.34
            and best.keywords > second.keywords
            and margin >= MARGIN / 2
        ):
            conf = 0.62 + 0.2 * best.keywords
            return PageClass(
                page, best.doc_type, conf * ocr_factor, "keywords", best.matched, has_motto, scores
            )
        headed = self._headed(best, second) if margin < MARGIN else None
        if headed is not None and headed.title >= TITLE_WEAK:
            return PageClass(page, headed.doc_type, 0.7 * ocr_factor, "title", headed.matched,
                             has_motto, scores)  # fmt: skip
        if not has_motto:
            # no national motto and no confident title: the next page of the paper before it
            return PageClass(page, None, 0.8, "continuation", None, has_motto, scores)
        if (body := _by_body(scores, self._keywords)) is not None:
            return PageClass(page, body.doc_type, 0.6 * ocr_factor, "keywords", None, has_motto,
                             scores)  # fmt: skip
        return PageClass(page, None, 0.0, "unknown", best.matched, has_motto, scores,
                         _unknown_reason(best, second, margin))  # fmt: skip

    def _headed(self, best: TypeScore, second: TypeScore) -> TypeScore | None:
        """Of two types whose titles a line matches alike ("TỜ KHAI 230g và KHAI SINH":
        "GIẤY KHAI SINH" as well as "TỜ KHAI ĐĂNG KÝ KHAI SINH", dev25 15826), the one
        whose title begins as the line does: a title's first words name the kind of
        paper (tờ khai, giấy, trích lục, đơn), what follows is what it is about."""
        found = [s for s in (best, second) if s.matched and self._begins(s.doc_type, s.matched)]
        return found[0] if len(found) == 1 and not best.by_marker else None

    def _begins(self, type_id: str, line: str) -> bool:
        words = squash(fold(line)).split()
        return any(
            len(head := pat.split()[:_HEAD_WORDS]) == _HEAD_WORDS and words[:_HEAD_WORDS] == head
            for pat in self._titles[type_id]
        )

    def _may_go_on(self, current: Paper, pc: PageClass) -> bool:
        """May a page that came as a file of its own continue the paper of the file before?
        Only a form's (an authority's card or certificate is not split over photos) and
        only a page read well enough to say it is no paper of its own."""
        if current.doc_type is None:
            return False
        if current.doc_type in self._issued:
            # only the copy's certification ("SAO Y BẢN CHÍNH", "Chứng thực bản sao đúng
            # với bản chính"), photographed on its own after the paper it certifies
            body = squash(fold(pc.page.text))
            return any(
                len(m) >= 5 and fuzz.partial_ratio(m, body) >= 87
                for m in self._certified.get(current.doc_type, [])
            )
        q = text_quality(pc.page.text)
        return q.words >= 5 and q.score >= 0.7 and (pc.page.confidence or 100.0) >= 60

    def _classes(
        self, pages: Sequence[PageText], labels: Mapping[tuple[str, int], str]
    ) -> list[PageClass]:
        """Each page's class: the officer's label when there is one, else as recognised."""
        return [
            PageClass(p, labels[(p.file, p.index)], 1.0, "title", by_officer=True)
            if (p.file, p.index) in labels
            else self.classify_page(p)
            for p in pages
        ]

    def split(
        self, pages: Sequence[PageText], labels: Mapping[tuple[str, int], str] | None = None
    ) -> tuple[list[Paper], list[PageClass]]:
        """Classify pages and group them into papers; returns (papers, page classes).
        ``labels`` are an officer's corrections, {(file, page index): document type}: such a
        page is that paper for sure, and pages of one file labelled alike in a row are one."""
        classes = self._classes(pages, labels or {})
        papers: list[Paper] = []
        current: Paper | None = None
        for pc in classes:
            if pc.by_officer and _same_officer_paper(current, pc):
                assert current is not None
                current.pages.append(pc)
                continue
            # a page goes on the paper before it in the same file, or when each page came as
            # its own file (phone photos of a two-page form), from the file before
            same_file = current is not None and (
                current.file == pc.page.file
                or (pc.page.index == 1 and self._may_go_on(current, pc))
            )
            if pc.kind in ("title", "keywords"):
                current = Paper(pc.doc_type, [pc], pc.confidence, pc.matched_title)
                papers.append(current)
                continue
            if pc.kind == "marker":
                # e.g. the back side of an ID card right after its front: same paper; a
                # page with the national motto is a front (another card's), not a back
                if (
                    current is not None
                    and current.doc_type == pc.doc_type
                    and len(current.pages) < self._max_pages.get(pc.doc_type or "", 2)
                    and not pc.has_motto
                ):
                    current.pages.append(pc)
                    continue
                current = Paper(pc.doc_type, [pc], pc.confidence, pc.matched_title)
                papers.append(current)
                continue
            if pc.kind in ("continuation", "blank") and current is not None:
                limit = self._max_pages.get(current.doc_type or "", 10)
                if pc.kind == "blank" or (same_file and len(current.pages) < limit + 1):
                    pc.doc_type = current.doc_type
                    pc.confidence = min(
                        current.confidence, pc.confidence if pc.kind != "blank" else 1.0
                    )
                    current.pages.append(pc)
                    continue
            if pc.kind == "blank":
                continue
            reason = pc.reason or (
                "Trang không đọc được"
                if pc.kind == "unreadable"
                else "Không nhận dạng được loại giấy tờ"
            )
            current = Paper(None, [pc], 0.0, pc.matched_title, abstained=True, reason=reason)
            papers.append(current)
        return papers, classes


def _same_officer_paper(current: Paper | None, pc: PageClass) -> bool:
    """Does an officer-labelled page go on the officer-labelled paper before it?"""
    return (
        current is not None
        and current.pages[-1].by_officer
        and current.doc_type == pc.doc_type
        and current.file == pc.page.file
    )
