"""Where a page says what it is: its lines as read, the national motto, the title lines
after it (single, paired, split around the motto) and markers found anywhere, scored on
folded text (:mod:`hoso.understand.classify` weighs them against every document type)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from hoso.model import PageText
from hoso.text import fold, nfc, squash

MOTTO_1 = "cong hoa xa hoi chu nghia viet nam"
MOTTO_2 = "doc lap - tu do - hanh phuc"
_TITLE_SPREAD = 3  # lines apart a title's two lines may be read
TITLE_WINDOW = 7  # lines after the motto (or from the top) where a title is expected

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass
class Line:
    text: str  # NFC, squashed
    folded: str  # folded, squashed


def page_lines(page: PageText) -> list[Line]:
    text = page.text
    if not text.strip() and page.words:
        by_line: dict[tuple[int, int], list[str]] = {}
        for w in page.words:
            by_line.setdefault((w.block, w.line), []).append(w.text)
        text = "\n".join(" ".join(ws) for _, ws in sorted(by_line.items()))
    out = []
    for raw in nfc(text).splitlines():
        s = squash(raw)
        folded = squash(fold(s))
        if alnum_len(folded) >= 2:  # OCR crumbs ("+", "*", "-1") are not lines
            out.append(Line(s, folded))
    return out


def alnum_len(s: str) -> int:
    return len(_NON_ALNUM.sub("", s))


def motto_end(lines: Sequence[Line]) -> int | None:
    """Index of the last motto line among the first lines, or None."""
    end = None
    for i, ln in enumerate(lines[:14]):
        f = ln.folded
        if (
            (fuzz.partial_ratio(MOTTO_1, f) >= 82 and len(f) >= 20)
            or (len(f) >= 15 and _motto_2(f))
            or ("hanh phuc" in f and "doc lap" in f)
            or (
                end is not None
                and len(f) >= 20  # not a short line ("of", "VIỆT NAM") inside the phrase
                and (
                    fuzz.partial_ratio("independence - freedom - happiness", f) >= 85
                    or fuzz.partial_ratio("socialist republic of viet nam", f) >= 85
                )
            )
        ):
            end = i
    return end


_MOTTO_2_MIDDLE = (MOTTO_2.index("tu do"), MOTTO_2.index("tu do") + len("tu do"))


def _motto_2(folded: str) -> bool:
    """The motto's second line, or as much of it as was read, its middle ("Tự do") in it:
    not a name ending the way it does ("Phan Khánh Phúc" under a signature, like "...
    Hạnh phúc": dev44 20502, a form's signature page taken for a paper of its own)."""
    al = fuzz.partial_ratio_alignment(MOTTO_2, folded, score_cutoff=80)
    return (
        al is not None and al.src_start <= _MOTTO_2_MIDDLE[0] and al.src_end >= _MOTTO_2_MIDDLE[1]
    )


def title_score(pattern: str, line: str) -> float:
    if not line:
        return 0.0
    r = fuzz.ratio(pattern, line)
    if len(line) > len(pattern):
        p = fuzz.partial_ratio(pattern, line) - 18.0 * (1.0 - len(pattern) / len(line))
        r = max(r, p)
    return float(r)


def candidates(lines: Sequence[Line], motto_end: int | None) -> list[tuple[str, str, float]]:
    """(folded text, shown text, weight) of title candidates: single lines and pairs."""
    start = 0 if motto_end is None else motto_end + 1
    end = min(len(lines), start + TITLE_WINDOW)
    out: list[tuple[str, str, float]] = []

    def pair(i: int, j: int, w: float) -> None:
        out.append(
            (lines[i].folded + " " + lines[j].folded, lines[i].text + " " + lines[j].text, w)
        )

    for i in range(start, end):
        w = 1.0 - 0.025 * (i - start) - (0.03 if motto_end is None else 0.0)
        out.append((lines[i].folded, lines[i].text, w))
        if i + 1 < len(lines):
            pair(i, i + 1, w)
        # a title's two lines apart or read in the other order (the subtitle set above the
        # title, "Kính gửi" read between them)
        for j in range(max(start, i - _TITLE_SPREAD), min(end, i + _TITLE_SPREAD + 1)):
            if j not in (i, i + 1):
                pair(i, j, w * 0.97)
    if motto_end is not None:
        # header lines before / beside the motto (photocopies, two-column layouts), and a
        # title begun beside the motto, ended under it ("TỜ KHAI ĐĂNG" / "KÝ KHAI SINH")
        for i in range(0, motto_end + 1):
            out.append((lines[i].folded, lines[i].text, 0.9))
            for j in range(start, min(len(lines), start + 2)):
                pair(i, j, 0.87)
            if i + 1 <= motto_end:  # a title of two lines read before the motto
                pair(i, i + 1, 0.87)  # ("GIẤY ĐỀ NGHỊ" / "Đăng ký ... hộ kinh doanh")
    # anywhere else on the page: a mention in the body is not a title
    for i in range(len(lines)):
        if i < start or i >= end:
            out.append((lines[i].folded, lines[i].text, 0.66))
    return out


def marker_in(marker: str, body: str) -> bool:
    """A marker read on the page, no number in it read as another ("Mẫu CT07" is not "Mẫu
    CT01"; "Phụ lục III-l", its 1 read as a letter, is still "Phụ lục III-1")."""
    al = fuzz.partial_ratio_alignment(marker, body, score_cutoff=87)
    if al is None:
        return False
    start, end = al.dest_start, al.dest_end
    while start > 0 and body[start - 1].isalnum():
        start -= 1
    while end < len(body) and body[end].isalnum():
        end += 1  # whole words: the alignment may stop short of the last digit
    if not _words_read(marker, body[start:end]):
        return False
    want = "".join(ch for ch in marker if ch.isdigit())
    read = "".join(ch for ch in body[start:end] if ch.isdigit())
    return len(read) != len(want) or read == want


def _words_read(marker: str, span: str) -> bool:
    """The whole words read where a marker of words was found are the marker's, a letter or
    two aside: "hạng mục" (a drawing's) is not "tháng mười" (a month written out on a birth
    registration form). Markers with signs in them (a passport zone's "P<VNM") are left to
    the alignment."""
    if not re.fullmatch(r"[\w\s\-]+", marker):
        return True
    words, n = re.sub(r"[^\w\s]", " ", span).split(), len(marker.split())
    return any(
        fuzz.ratio(marker, " ".join(words[i : i + k])) >= _MARKER_WORDS
        for k in (n - 1, n, n + 1)
        if k > 0
        for i in range(max(1, len(words) - k + 1))
    )


_MARKER_WORDS = 80.0  # how alike those words must be
