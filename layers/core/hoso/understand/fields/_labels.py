"""Finding labels in a paper's rows: the document type's labels (and, on papers naming
several persons, the generic ones) matched on folded words, and the headings and headers
that say whose values follow."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import fuzz

from hoso.doctypes import DocumentType, FieldSpec
from hoso.understand.fields._words import (
    broken_off,
    ends_read,
    first_word_lost,
    last_word_lost,
    tail_under,
    words_of,
)
from hoso.understand.layout import Row, Tok, key

LABEL_ACCEPT = 84.0  # label likeness (0-100) on whole words
LABEL_GAP = 5.0  # line heights: a wider gap inside a label is another column (as _span)
SHORT_LABEL = 5  # labels this short (folded) must match whole words exactly
# a field's number before its label, or ending the value before it ("2.", "(3)", "IV.")
NUMBERING = re.compile(r"^\(?\d{1,2}[.)]$|^[IVX]{1,4}\.$")
ITEM = re.compile(r"\(?(\d{1,2})[.)]")  # a numbered item's number ("2.", "2.Ông/bà:")


# How any person's attributes are labelled on Vietnamese papers (used inside a person's
# column or section, e.g. the mother's column of a birth registration form).
PERSON_LABELS: dict[str, tuple[str, ...]] = {
    "full_name": ("Họ, chữ đệm, tên", "Họ, chữ đệm và tên", "Họ và tên", "Họ tên", "Ông/Bà"),
    "date_of_birth": ("Ngày, tháng, năm sinh", "Ngày sinh", "Ngày sinh / Năm sinh", "Sinh ngày"),
    "birth_year": ("Năm sinh", "Sinh năm"),
    "id_number": (
        "Số định danh cá nhân",
        "Số CCCD/Số định danh cá nhân",
        "Số CCCD",
        "Số CMND/CCCD",
        "Số giấy tờ tùy thân",
        "Giấy tờ tùy thân",  # the marriage form's row: "Căn cước số ..." in each column
    ),
    "sex": ("Giới tính",),
}


@dataclass
class Target:
    """What a label names: fields of the paper, or an attribute of whoever's column it is."""

    specs: tuple[FieldSpec, ...] = ()
    attr: str | None = None  # a generic person label (PERSON_LABELS)


@dataclass
class Hit:
    row: int
    start: int  # first token of the label
    end: int  # token after the label
    score: float
    target: Target
    size: int  # length of the label's key
    label: str = ""  # the label's key

    @property
    def weight(self) -> float:
        return self.score * min(self.size, 40)


ANY_ROLE = "*"  # a header naming whichever person comes next (roles_in_order)


@dataclass
class Compiled:
    labels: list[tuple[str, Target]]
    roles: list[tuple[str, str]]  # (header key, role or ANY_ROLE)
    fields_of: dict[tuple[str, str], FieldSpec] = field(default_factory=dict)  # (role, attr)
    ordered: tuple[str, ...] = ()  # roles given in order of appearance
    issued: bool = False  # a card or certificate (compact layouts)
    card: bool = False  # a card or passport (side by side with another card on a copy)
    colon_labels: set[str] = field(default_factory=set)  # written with a colon inside
    numbered: bool = False  # persons by occurrence are numbered items (numbered_persons)
    role_words: frozenset[str] = frozenset()  # the words of every person header


_COMPILED: dict[str, tuple[DocumentType, Compiled]] = {}


def compile_labels(dt: DocumentType) -> Compiled:
    hit = _COMPILED.get(dt.id)
    if hit is not None and hit[0] is dt:
        return hit[1]
    groups: dict[tuple[str, ...], list[FieldSpec]] = {}
    for spec in dt.fields:
        if not spec.signature:  # a signature's title labels no value beside it
            groups.setdefault(spec.labels, []).append(spec)
    labels: list[tuple[str, Target]] = []
    for labs, specs in groups.items():
        target = Target(tuple(specs))
        labels.extend((key(lab), target) for lab in labs)
    if dt.roles_in_order:
        headers = {key(h) for hs in dt.roles.values() for h in hs}
        comp = Compiled(labels, [(h, ANY_ROLE) for h in sorted(headers)], ordered=tuple(dt.roles))
    else:
        comp = Compiled(labels, [(key(h), role) for role, hs in dt.roles.items() for h in hs])
    comp.issued = dt.issued
    comp.card = dt.mrz
    comp.numbered = dt.numbered_persons
    comp.role_words = frozenset(w for header, _ in comp.roles for w in header.split())
    # "Chứng nhận: chị": a colon inside the label itself does not end it
    comp.colon_labels = {key(lab) for f in dt.fields for lab in f.labels if ":" in lab.rstrip(": ")}
    for spec in dt.fields:
        if spec.person and spec.attr and not spec.signature:
            comp.fields_of.setdefault((spec.person, spec.attr), spec)
    if any(role in dt.roles for role, _ in comp.fields_of):  # persons whose part has labels
        own = {k for k, _ in labels}
        for attr, labs in PERSON_LABELS.items():
            target = Target(attr=attr)
            comp.labels.extend((key(lab), target) for lab in labs if key(lab) not in own)
    _COMPILED[dt.id] = (dt, comp)
    return comp


def match_label(
    label: str,
    row: Row,
    row_key: str,
    owner: list[int],
    *,
    heading: bool = False,
    inner_colon: bool = False,
) -> tuple[int, int, float] | None:
    """Best whole-word occurrence of ``label`` in ``row``: (first token, end token, score)."""
    if len(label) <= SHORT_LABEL:
        return _match_short(label, row, heading)
    joined = label.replace(" ", "")  # one word read, its spaces lost ("Bênnữ": dev33 17733)
    if (
        " " in label
        and (i := next((i for i, t in enumerate(row.toks) if t.key == joined), -1)) >= 0
    ):
        return i, i + 1, 100.0
    al = fuzz.partial_ratio_alignment(label, row_key, score_cutoff=LABEL_ACCEPT - 4)
    if al is None or al.dest_end <= al.dest_start:
        return None
    best = _best_window(label, row, owner[al.dest_start], owner[al.dest_end - 1] + 1)
    if best is None or best[2] < LABEL_ACCEPT:
        return None
    used = [t for t in row.toks[best[0] : best[1]] if t.key]
    if _gapped(used, row):
        return None
    want = label.split()
    after = row.toks[best[1]] if best[1] < len(row.toks) else None  # the value's first word
    lost = first_word_lost(want, used, row.toks[: best[0]])
    if not (ends_read(want, used) or lost or last_word_lost(want, used, after)):
        return None
    # a colon inside the window ends the label there: what follows is the value ("Họ, chữ
    # đệm và tên: Nguyễn Hà" is not "Họ, chữ đệm và tên người cha"), unless every word
    # is the label's own: a stray mark read between them ("Năm: sinh:")
    exact = [t.key for t in used] == want
    if any(t.text.endswith(":") for t in used[:-1]) and not (inner_colon or exact):
        return None
    # nor does a capital after the label's lower-case words: the value's first word ("Họ
    # và tên HOÀNG ANH HẢI" is not "Họ và tên vợ/chồng"), even when a name in capitals
    # begins with the label's last word ("tên HỒ XUÂN DIỆP" is not "tên chủ hộ"; the
    # label's own capitals before a number stay: "số CCCD: 0460...")
    last = used[-1].text
    caps = len(last) > 1 and last.isupper() and after is not None and after.text.isupper()
    if (
        len(used) > 1
        and (used[-1].key != want[-1] or caps)
        and last[:1].isupper()
        and used[-2].text[:1].islower()
    ):
        return None
    return best


def _gapped(toks: list[Tok], row: Row) -> bool:
    """A label bridging another column's gap took the value for its end (dev37 18779: "Họ
    và tên      LÊ CÔNG BÌNH" read as "Họ và tên vợ/chồng", "CÔNG" for "chồng")."""
    h = max(8.0, row.y1 - row.y0)
    return any(b.x0 - a.x1 > LABEL_GAP * h for a, b in pairwise(toks))


def _match_short(label: str, row: Row, heading: bool) -> tuple[int, int, float] | None:
    """A short label: whole words, exactly ("Số / No.:"); a one-word label ("Ông", "Bà",
    "Số") only with its colon, or "Bá" in a name would be taken for "Bà"."""
    words = label.split()
    # word by word: a label read as one token ("Số/No.:") is still its words
    pairs = words_of(row)
    keys, idx = [w for w, _ in pairs], [i for _, i in pairs]
    for n in range(len(keys) - len(words) + 1):
        end = n + len(words)
        whole = (n == 0 or idx[n - 1] != idx[n]) and (end == len(idx) or idx[end] != idx[end - 1])
        if keys[n:end] != words or not whole:
            continue
        start, last = idx[n], idx[end - 1]
        colon = row.toks[last].text.endswith(":") or (
            last + 1 < len(row.toks) and row.toks[last + 1].text.startswith(":")
        )
        if len(words) > 1 or colon or heading:
            return start, last + 1, 100.0
    return None


_LEADER_MARKS = frozenset("_.…")  # the end of a dotted or ruled line, read as a word


def _best_window(label: str, row: Row, start: int, end: int) -> tuple[int, int, float] | None:
    """The run of tokens around [start, end) (a token either way) most like ``label``, not
    begun by the end of a ruled line read as a word of its own."""
    best: tuple[int, int, float] | None = None
    for s in (start - 1, start, start + 1):
        for e in (end - 1, end, end + 1):
            if s < 0 or e > len(row.toks) or e <= s:
                continue
            window = " ".join(t.key for t in row.toks[s:e] if t.key)
            if not window:
                continue
            score = float(fuzz.ratio(label, window))
            if best is None or score > best[2]:
                best = (s, e, score)
    if best is not None:
        s, e, score = best
        while s < e - 1 and not row.toks[s].key and set(row.toks[s].text) <= _LEADER_MARKS:
            s += 1  # a line's end before the label ("__" left of "Số định danh": dev45 20775)
        best = (s, e, score)
    return best


def _wrapped_label(
    label: str, rows: Sequence[Row], r: int, row_key: str, owner: list[int]
) -> tuple[int, int, float] | None:
    """A label whose last words wrapped under it in a narrow table cell ("Ngày, tháng, năm" /
    "sinh"): the head matched on this row, the tail first thing under it on the next. A
    label of two words wraps after its first ("Năm" / "sinh", the value beside "Năm": dev33
    17842, a mother's year differing from the birth certificate's, not read, received)."""
    words = label.split()
    if len(words) < 2 or r + 1 >= len(rows) or rows[r + 1].page != rows[r].page:
        return None
    row = rows[r]
    for k in (len(words) - 1, len(words) - 2):
        head, tail = " ".join(words[:k]), words[k:]
        if k < 2 or len(head) < 0.5 * len(label):
            continue
        m = match_label(head, row, row_key, owner)
        if m is None:
            continue
        x1 = row.toks[m[1] - 1].x1
        h = max(8.0, row.y1 - row.y0)
        lo = cell_left(row, m[0], h)
        under = [t.key for t in rows[r + 1].toks if lo <= t.x0 <= x1 and t.key]
        if tail_under(tail, under):
            return m
    if f" {words[0]} " not in f" {row_key} ":
        return None  # a cheap test first: every label that did not match asks it of every row
    return _wrapped_twice(words, rows, r)


def _wrapped_twice(words: list[str], rows: Sequence[Row], r: int) -> tuple[int, int, float] | None:
    """A label cell so narrow that only the label's first word is on the value's line
    ("Ngày," / "tháng, năm" / "sinh", in a typewriter face): that word exactly, the value
    after it, and the rest of the label in the cell under it, on the next two lines, left
    of the value."""
    row = rows[r]
    h = max(8.0, row.y1 - row.y0)
    for i, t in enumerate(row.toks[:-1]):
        if t.key != words[0] or not any(v.key for v in row.toks[i + 1 :]):
            continue
        if i and t.x0 - row.toks[i - 1].x1 < 1.5 * h and not NUMBERING.match(row.toks[i - 1].text):
            continue  # a word of running text ("... tháng 12 năm 2025": dev39 19246), no cell's
        lo = cell_left(row, i, h)
        cell_end = next(v.x0 for v in row.toks[i + 1 :] if v.key)
        under: list[str] = []
        bottom = row.y1
        for nxt in rows[r + 1 : r + 3]:
            if nxt.page != row.page or nxt.y0 - bottom > 1.5 * h:
                break
            under += [v.key for v in nxt.toks if lo <= v.x0 < cell_end and v.key]
            bottom = nxt.y1
        tail = " ".join(words[1:])
        n = len(words) - 1  # the tail alone, or with the next label's first words under it
        score = max(fuzz.ratio(tail, " ".join(under)), fuzz.ratio(tail, " ".join(under[:n])))
        if len(under) >= n and score >= 85:
            return i, i + 1, 100.0
    return None


def item_of(rows: Sequence[Row], r: int) -> int | None:
    """The number of the item row ``r`` is part of: the one it begins ("2. Ông/bà: ...",
    "2.Ông/bà:"), or the one a line or two above began (the member's number on the line
    under "2. Ông/bà: ... sinh ngày ...")."""
    for above in range(r, max(-1, r - 3), -1):
        if rows[above].page != rows[r].page:
            return None
        first = next((t.text for t in rows[above].toks if t.text.strip()), "")
        m = ITEM.match(first)
        if m:
            return int(m.group(1))
    return None


def cell_left(row: Row, start: int, h: float) -> float:
    """Where the cell of a label starting at token ``start`` begins: a line's height left of
    the label, or two left of its number ("2. Ngày, tháng," / "năm sinh")."""
    numbered = start > 0 and NUMBERING.match(row.toks[start - 1].text)
    return row.toks[start].x0 - (2 * h if numbered else h)


def _match_all(
    label: str, row: Row, row_key: str, owner: list[int], inner_colon: bool = False
) -> list[tuple[int, int, float]]:
    """Every occurrence of ``label`` in the row (a land certificate names two owners on one
    line: "Ông: ..., năm sinh: ..., CCCD số: ...; Bà: ..., năm sinh: ..., CCCD số: ...")."""
    out: list[tuple[int, int, float]] = []
    spans = [(0, len(row.toks))]
    while spans and len(out) < 4:
        lo, hi = spans.pop()
        part = row if (lo, hi) == (0, len(row.toks)) else Row(row.toks[lo:hi], row.page)
        key_, own = (row_key, owner) if part is row else part.key_index()
        if not key_:
            continue
        m = match_label(label, part, key_, own, inner_colon=inner_colon)
        if m is None:
            continue
        out.append((m[0] + lo, m[1] + lo, m[2]))
        spans += [(lo, lo + m[0]), (lo + m[1], hi)]
    return sorted(out)


# a signature's instruction ("(Ký, ghi rõ họ, chữ đệm, tên)", "(Ký và ghi họ tên)"): no
# field's label, though it names one; the name printed under it is the signer's
SIGNATURE = re.compile(r"\bky(?: va)? ghi(?: ro)? ho\b")


def label_hits(rows: Sequence[Row], comp: Compiled) -> list[list[Hit]]:
    """Label occurrences of each row, overlaps resolved in favour of the better, longer label."""
    out: list[list[Hit]] = []
    words = [words_of(row) for row in rows]
    wrapped: set[tuple[int, str]] = set()  # (row, label) whose tail is on the next row
    for r, row in enumerate(rows):
        row_key, owner = row.key_index()
        found: list[Hit] = []
        if row_key and not SIGNATURE.search(row_key):
            for label, target in comp.labels:
                ms = _match_all(label, row, row_key, owner, label in comp.colon_labels)
                if not ms:
                    m = _wrapped_label(label, rows, r, row_key, owner)
                    if m is not None:
                        wrapped.add((r, label))
                    elif (r - 1, label) not in wrapped:
                        # the tail of a label found wrapped above is no label broken
                        # off there: its row is the cells wrapped (dev33 17866)
                        m = broken_off(
                            label, words[r - 1] if r else [], words[r], rows[r - 1 : r + 1]
                        )
                    ms = [m] if m is not None else []
                found.extend(Hit(r, m[0], m[1], m[2], target, len(label), label) for m in ms)
        # on the very same words the label read better wins, however long the other:
        # "Họ và tên người ủy quyền" is not "Họ và tên người được ủy quyền" read loosely
        found.sort(key=lambda h: h.score, reverse=True)
        spans = {(h.start, h.end): h for h in reversed(found)}
        found = [h for h in found if spans[(h.start, h.end)] is h]
        found = [h for h in found if not _against_exact(h, found)]
        found.sort(key=lambda h: h.weight, reverse=True)
        taken: list[Hit] = []
        for h in found:
            if all(h.end <= o.start or h.start >= o.end for o in taken):
                taken.append(h)
        taken.sort(key=lambda h: h.start)
        out.append(taken)
    return out


def _against_exact(hit: Hit, found: list[Hit]) -> bool:
    """A label read loosely over words another label is read as exactly, which it does not
    hold: "Họ, chữ đệm, tên người mẹ Đỗ Khá?" is the mother's name label and her name,
    not "Họ, chữ đệm, tên người đi khai" ("mẹ Đỗ Khá" for "đi khai": dev44 20506). A
    longer label holding the exact one ("Họ, chữ đệm, tên" in "... tên người cha") stays."""
    if hit.score >= 100.0:
        return False
    return any(
        o.score >= 100.0
        and hit.start <= o.start
        and o.end <= hit.end
        and (o.start, o.end) != (hit.start, hit.end)
        and f" {o.label} " not in f" {hit.label} "
        for o in found
    )
