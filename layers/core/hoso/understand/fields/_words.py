"""A label's words as OCR reads them: slips at its first and last words, words run together
or lost, a table's rule read as a letter, a label the line broke in running text."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from hoso.understand.layout import Row, Tok


def ends_read(want: list[str], used: list[Tok]) -> bool:
    """The label's first and last words are there (not "quyền sử dụng đất" for "người sử
    dụng đất"), allowing for OCR's slips."""
    keys = [t.key for t in used]
    head, tail = keys[0].split(), keys[-1].split()  # a token may hold two words ("I.THÔNG")
    # a capital read as a symbol ("€ó giá trị đến"): the rest of the first word is there
    garbled = not used[0].text[0].isalnum() and want[0][1:] == head[0]
    # a short first word with one letter misread or lost before a long label read exactly
    # ("Sẽ định danh cá nhân:", "S định danh cá nhân:" for "Số ...")
    words = " ".join(keys).split()
    slip = (
        len(want) >= 4
        and len(want[0]) <= 3
        and Levenshtein.distance(words[0], want[0]) == 1
        and words[1:] == want[1:]
    )
    # ... or a short last word so, after the label's other words read exactly ("Hộ ông/hà"
    # for "Hộ ông/bà"; of three letters or more, one letter read in it too: "Ngày, tháng,
    # nẫnm" on a card's back, dev43 20216)
    last_slip = (
        len(want) >= 3
        and len(words) == len(want)
        and words[:-1] == want[:-1]
        and (
            Levenshtein.distance(words[-1], want[-1]) == 1
            if len(want[-1]) >= 3
            else len(words[-1]) == len(want[-1])
            and sum(a != b for a, b in zip(words[-1], want[-1], strict=True)) == 1
        )
    )
    if "".join(w for w in words if not w.isdigit()) == "".join(want):
        # the spaces lost, every letter read, a note's number aside ("cưtrú(2)": dev33 17733)
        return True
    return (garbled or slip or any(same_word(want[0], w, first=True) for w in head)) and (
        last_slip or any(same_word(want[-1], w) for w in tail)
    )


def tail_under(tail: list[str], under: list[str]) -> bool:
    """The label's wrapped tail first under its head: read loosely, but a short last word
    exactly ("cha" is not "Hà", the mother's wrapped name under "... tên người mẹ: Đỗ
    Ngọc": dev37 18778, her label taken for the father's)."""
    if not under[: len(tail)]:
        return False
    if len(tail) == 1 and len(tail[0]) <= 3:
        return same_word(tail[0], under[0])
    return fuzz.ratio(" ".join(tail), " ".join(under[: len(tail)])) >= 80


def last_word_lost(want: list[str], used: list[Tok], after: Tok | None) -> bool:
    """A long label's short last word lost, or cut to its first letters, every other word
    read exactly, a number right after ("Số định danh cá 077181029370", "... cá n
    051097193883": "nhân" faded out of a photo or cut by a crop). Shorter labels are too
    alike without their last word ("Ngày, tháng, năm" of "... sinh" and "... cấp")."""
    words = " ".join(t.key for t in used).split()
    cut = len(words) == len(want) and want[-1].startswith(words[-1])
    return (
        len(want) >= 5
        and len(want[-1]) <= 4
        and (words == want[:-1] or (cut and words[:-1] == want[:-1]))
        and after is not None
        and after.text[:1].isdigit()
    )


def first_word_lost(want: list[str], used: list[Tok], before: Sequence[Tok]) -> bool:
    """A long label's first words lost or garbled where a table's rule runs beside them
    ("|, chữ đệm, tên người mẹ | ..." for "Họ, chữ đệm, tên người mẹ"; "l, cIữ đệm và tên
    người mẹ:" for "Họ, chữ đệm và tên người mẹ"): its last four words or more read
    exactly, at most as many short crumbs as words lost before them, nothing read before it
    on the line. Shorter labels are too alike without their first word."""
    words = " ".join(t.key for t in used).split()
    if len(want) < 5 or any(t.key for t in before):
        return False
    for lost in (1, 2):
        tail = want[lost:]
        crumbs = words[: len(words) - len(tail)]
        if (
            len(tail) >= 4
            and words[len(crumbs) :] == tail
            and len(crumbs) <= lost
            and all(len(c) <= 3 for c in crumbs)
        ):
            return True
    return False


_RULE_GLYPHS = frozenset("l1i|!j[]{}()")  # a table's rule next to a word, as read


def same_word(want: str, got: str, *, first: bool = False) -> bool:
    """A label's first or last word as read (OCR slips; words run together: "YÊUCẦU"). A
    short word is itself, or itself beside a table's rule read as a letter ("lHọ,"), or
    another word ("ông bà" is not in "Hồng Bảo")."""
    if len(want) <= 3:
        return got == want or (
            len(got) == len(want) + 1
            and (
                (got[0] in _RULE_GLYPHS and got[1:] == want)
                or (got[-1] in _RULE_GLYPHS and got[:-1] == want)
            )
        )
    if fuzz.ratio(want, got) >= 67:
        return True
    return len(want) >= 3 and (got.startswith(want) if first else got.endswith(want))


def words_of(row: Row) -> list[tuple[str, int]]:
    """The row's words, each with the index of the token it was read in."""
    return [(w, i) for i, t in enumerate(row.toks) for w in t.key.split()]


def broken_off(
    label: str, above: list[tuple[str, int]], here: list[tuple[str, int]], pair: Sequence[Row]
) -> tuple[int, int, float] | None:
    """A label the line broke ("...; số định danh" / "cá nhân: 096167233930 ; ...", or in a
    column of a two-column form "Họ, chữ đệm, tên người yêu" / "cầu: Hoàng Mỹ Hạnh"): its
    first words, exactly, end a cell of the line above (the line, or a column before a gap),
    its last words begin this line where that cell began, and the value follows them here."""
    want = label.split()
    if len(want) < 3 or len(pair) < 2 or pair[0].page != pair[1].page or not here:
        return None
    if here[0][0] not in want[1:]:
        return None  # a cheap test first: every label that did not match asks it of every row
    top, row = pair
    gap = 1.5 * max(8.0, top.y1 - top.y0)
    for k in range(1, len(want)):
        head, tail = want[:k], want[k:]
        n = len(tail)
        if len(here) <= n or [w for w, _ in here[:n]] != tail or here[n][1] == here[n - 1][1]:
            continue
        for e in range(k, len(above) + 1):
            if [w for w, _ in above[e - k : e]] != head or (
                e < len(above) and above[e][1] == above[e - 1][1]
            ):
                continue
            first, last = above[e - k][1], above[e - 1][1]
            if last + 1 < len(top.toks) and top.toks[last + 1].x0 - top.toks[last].x1 <= gap:
                continue  # the line goes on after it: not where it broke
            x = row.toks[here[0][1]].x0  # where this line begins: the line's or the cell's
            if any(abs(top.toks[i].x0 - x) <= gap for i in (0, _cell_start(top, first, gap))):
                return here[0][1], here[n - 1][1] + 1, 100.0
    return None


def _cell_start(row: Row, i: int, gap: float) -> int:
    """The first token of the cell token ``i`` is in: back to the line's start or a gap."""
    while i > 0 and row.toks[i].x0 - row.toks[i - 1].x1 <= gap:
        i -= 1
    return i
