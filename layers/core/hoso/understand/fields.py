"""Reading labelled fields from a paper, whatever its layout.

Forms print a label and the value beside it ("Họ và tên: Nguyễn Văn An ......"), in two
columns on one line, in the cell to the right (tables), under the label (ID cards), wrapped
onto the next line within the label's column, or in per-person columns of a table ("Thông
tin | Người được khai sinh | Mẹ | Cha") or sections ("BÊN NỮ:", "BÊN NAM:"). Labels are found
in the paper's visual rows (:mod:`hoso.understand.layout`) by fuzzy matching on folded text,
snapped to whole words; a value runs from its label to the next label on the row and is
parsed by type: names, 12-digit ID numbers (spaced digits from boxes joined, OCR look-alike
letters repaired), dates ("05/03/1990", "ngày 05 tháng 3 năm 1990"), years, sex, text.

The machine-readable zone of chip ID cards and passports (``IDVNM...``, ``P<VNM...``) is read
too: its internal checks (the document number repeating the ID number, ICAO check digits)
confirm an ID number and a birth date far better than the printed digits can.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from hoso import idnumber
from hoso.doctypes import DocumentType, FieldSpec
from hoso.model import PageText
from hoso.text import fold, squash
from hoso.understand.layout import Row, Tok, key, rows_of
from hoso.understand.mrz import read_mrz
from hoso.understand.values import DIGIT_LOOKALIKES, FieldValue

LABEL_ACCEPT = 84.0  # label likeness (0-100) on whole words
SHORT_LABEL = 5  # labels this short (folded) must match whole words exactly

# "/" as written by hand is read as a fraction or division slash ("13⁄04/1986")
_DATE_NUM = re.compile(r"(?<!\d)(\d{1,2})\s*[/⁄∕.\-]\s*(\d{1,2})\s*[/⁄∕.\-]\s*(\d{4})(?!\d)")
_DATE_SLASHES_AS_ONES = re.compile(r"(?<![\d/])(\d{2})1(\d{2})1(\d{4})(?![\d/])")
_DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*,?\s*thang\s*(\d{1,2})\s*,?\s*nam\s*(\d{4})")
_NAME_WORD = re.compile(r"^[^\W\d_]+$")

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


def parse_date(text: str) -> date | None:
    t = fold(text)
    t2 = text.translate(DIGIT_LOOKALIKES)
    slashes = (_DATE_SLASHES_AS_ONES, t2)  # "15/09/2023" read "1510912023": last resort
    for rx, s in ((_DATE_NUM, t2), (_DATE_WORDS, fold(t2)), (_DATE_NUM, t), slashes):
        for m in rx.finditer(s):
            d, mth, y = (int(g) for g in m.groups())
            try:
                return date(y, mth, d)
            except ValueError:
                continue
    return None


# words that begin an office, a title or a label, never a person's name (no family name is
# one of them): "CỤC TRƯỞNG CỤC CẢNH SÁT ..." under a card's issue date, beside its
# holder's name; "Ngày Giới" (the labels "Ngày sinh", "Giới tính" of the next line)
_OFFICE_WORDS = frozenset(
    {
        *("cục", "sở", "bộ", "phòng", "ủy", "uỷ", "ubnd", "giám", "chủ", "trưởng"),
        # and the words forms' labels begin with, read as a name when its line was empty
        *("ngày", "giới", "nơi", "quốc", "số", "địa", "điện", "họ", "tôi", "chỗ", "mối"),
    }
)


def parse_name(text: str) -> str | None:
    words: list[str] = []
    # a value written on a dotted line is read with the dots glued to it (".TĂNG..VĂN."):
    # no name has a dot in it
    for raw in re.split(r"[\s.…]+", text.strip()):
        w = raw.strip(".,;:()[]|\"'")
        if not w:
            continue
        if not _NAME_WORD.match(w) or not w[0].isupper():
            break  # names are written capitalised; OCR crumbs (ˆ, ') and labels are not
        if words and len(w) > 1 and not _syllable(w):
            break  # "Ngô Hải Thắm NT": a name is made of Vietnamese syllables
        if len(w) == 1 and not _syllable(w):
            break  # "B Mãi": a letter with no vowel is no syllable, a crumb
        words.append(w)
        if len(words) >= 7:
            break
    if len(words) < 2 or words[0].lower() in _OFFICE_WORDS:
        return None
    name = " ".join(words)
    if name.isupper():
        name = name.title()
    return name


def _syllable(word: str) -> bool:
    from hoso.ocr.quality import token_valid

    lower = word.lower()
    return token_valid(lower) is not False and any(ch in "aăâeêioôơuưy" for ch in fold(lower))


def parse_value(spec: FieldSpec, raw: str) -> str | None:
    raw = raw.strip()
    if not raw:
        return None
    if spec.type == "date":
        d = parse_date(raw)
        return d.isoformat() if d else None
    if spec.type == "id_number":
        n = idnumber.normalize(raw)
        if n:
            return n
        m = re.search(r"(?<!\d)\d{9}(?!\d)", re.sub(r"[\s.]", "", raw))
        return m.group(0) if m else None
    if spec.type == "year":
        m = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", raw.translate(DIGIT_LOOKALIKES))
        return m.group(0) if m else None
    if spec.type == "name":
        return parse_name(raw)
    if spec.type == "sex":
        return idnumber.normalize_sex(raw)
    value = squash(raw).strip(" .;")
    return value or None


@dataclass
class _Target:
    """What a label names: fields of the paper, or an attribute of whoever's column it is."""

    specs: tuple[FieldSpec, ...] = ()
    attr: str | None = None  # a generic person label (PERSON_LABELS)


@dataclass
class _Hit:
    row: int
    start: int  # first token of the label
    end: int  # token after the label
    score: float
    target: _Target
    size: int  # length of the label's key

    @property
    def weight(self) -> float:
        return self.score * min(self.size, 40)


ANY_ROLE = "*"  # a header naming whichever person comes next (roles_in_order)


@dataclass
class _Compiled:
    labels: list[tuple[str, _Target]]
    roles: list[tuple[str, str]]  # (header key, role or ANY_ROLE)
    fields_of: dict[tuple[str, str], FieldSpec] = field(default_factory=dict)  # (role, attr)
    ordered: tuple[str, ...] = ()  # roles given in order of appearance
    issued: bool = False  # a card or certificate (compact layouts)
    card: bool = False  # a card or passport (side by side with another card on a copy)
    colon_labels: set[str] = field(default_factory=set)  # written with a colon inside


_COMPILED: dict[str, tuple[DocumentType, _Compiled]] = {}


def _compile(dt: DocumentType) -> _Compiled:
    hit = _COMPILED.get(dt.id)
    if hit is not None and hit[0] is dt:
        return hit[1]
    groups: dict[tuple[str, ...], list[FieldSpec]] = {}
    for spec in dt.fields:
        groups.setdefault(spec.labels, []).append(spec)
    labels: list[tuple[str, _Target]] = []
    for labs, specs in groups.items():
        target = _Target(tuple(specs))
        labels.extend((key(lab), target) for lab in labs)
    if dt.roles_in_order:
        headers = {key(h) for hs in dt.roles.values() for h in hs}
        comp = _Compiled(labels, [(h, ANY_ROLE) for h in sorted(headers)], ordered=tuple(dt.roles))
    else:
        comp = _Compiled(labels, [(key(h), role) for role, hs in dt.roles.items() for h in hs])
    comp.issued = dt.issued
    comp.card = dt.mrz
    # "Chứng nhận: chị": a colon inside the label itself does not end it
    comp.colon_labels = {key(lab) for f in dt.fields for lab in f.labels if ":" in lab.rstrip(": ")}
    for spec in dt.fields:
        if spec.person and spec.attr:
            comp.fields_of.setdefault((spec.person, spec.attr), spec)
    if dt.roles:
        own = {k for k, _ in labels}
        for attr, labs in PERSON_LABELS.items():
            target = _Target(attr=attr)
            comp.labels.extend((key(lab), target) for lab in labs if key(lab) not in own)
    _COMPILED[dt.id] = (dt, comp)
    return comp


def _match(
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
        # whole words, exactly ("Số / No.:"); a one-word label ("Ông", "Bà", "Số") only
        # with its colon, or "Bá" in a name would be taken for "Bà"
        words = label.split()
        idx = [i for i, t in enumerate(row.toks) if t.key]
        keys = [row.toks[i].key for i in idx]
        for n in range(len(keys) - len(words) + 1):
            if keys[n : n + len(words)] != words:
                continue
            start, last = idx[n], idx[n + len(words) - 1]
            colon = row.toks[last].text.endswith(":") or (
                last + 1 < len(row.toks) and row.toks[last + 1].text.startswith(":")
            )
            if len(words) > 1 or colon or heading:
                return start, last + 1, 100.0
        return None
    al = fuzz.partial_ratio_alignment(label, row_key, score_cutoff=LABEL_ACCEPT - 4)
    if al is None or al.dest_end <= al.dest_start:
        return None
    start, end = owner[al.dest_start], owner[al.dest_end - 1] + 1
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
    if best is None or best[2] < LABEL_ACCEPT:
        return None
    # the label's first and last words must be there (not "quyền sử dụng đất" for
    # "người sử dụng đất")
    used = [t for t in row.toks[best[0] : best[1]] if t.key]
    keys = [t.key for t in used]
    want = label.split()
    head, tail = keys[0].split(), keys[-1].split()  # a token may hold two words ("I.THÔNG")
    # a capital read as a symbol ("€ó giá trị đến"): the rest of the first word is there
    garbled = not used[0].text[0].isalnum() and want[0][1:] == head[0]
    # a short first word with one letter misread before a long label read exactly ("Sẽ
    # định danh cá nhân:" for "Số ...")
    words = " ".join(keys).split()
    slip = (
        len(want) >= 4
        and len(want[0]) <= 3
        and len(words[0]) == len(want[0])
        and sum(a != b for a, b in zip(words[0], want[0], strict=True)) == 1
        and words[1:] == want[1:]
    )
    if not (
        (garbled or slip or any(_same_word(want[0], w, first=True) for w in head))
        and any(_same_word(want[-1], w) for w in tail)
    ):
        return None
    # a colon inside the window ends the label there: what follows is the value ("Họ, chữ
    # đệm và tên: Nguyễn Hà" is not "Họ, chữ đệm và tên người cha")
    if any(t.text.endswith(":") for t in used[:-1]) and not inner_colon:
        return None
    # nor does a capital after the label's lower-case words: the value's first word ("Họ
    # và tên HOÀNG ANH HẢI" is not "Họ và tên vợ/chồng")
    if (
        len(used) > 1
        and used[-1].key != want[-1]
        and used[-1].text[:1].isupper()
        and used[-2].text[:1].islower()
    ):
        return None
    return best


def _wrapped_label(
    label: str, rows: Sequence[Row], r: int, row_key: str, owner: list[int]
) -> tuple[int, int, float] | None:
    """A label whose last words wrapped under it in a narrow table cell ("Ngày, tháng, năm" /
    "sinh"): the head matched on this row, the tail first thing under it on the next."""
    words = label.split()
    if len(words) < 3 or r + 1 >= len(rows) or rows[r + 1].page != rows[r].page:
        return None
    row = rows[r]
    for k in (len(words) - 1, len(words) - 2):
        head, tail = " ".join(words[:k]), words[k:]
        if k < 2 or len(head) < 0.5 * len(label):
            continue
        m = _match(head, row, row_key, owner)
        if m is None:
            continue
        x0, x1 = row.toks[m[0]].x0, row.toks[m[1] - 1].x1
        h = max(8.0, row.y1 - row.y0)
        # under the label, or under its number ("2. Ngày, tháng," / "năm sinh")
        lo = x0 - (2 * h if m[0] > 0 and _NUMBERING.match(row.toks[m[0] - 1].text) else h)
        under = [t.key for t in rows[r + 1].toks if lo <= t.x0 <= x1 and t.key]
        if under[: len(tail)] and fuzz.ratio(" ".join(tail), " ".join(under[: len(tail)])) >= 80:
            return m
    return None


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
        m = _match(label, part, key_, own, inner_colon=inner_colon)
        if m is None:
            continue
        out.append((m[0] + lo, m[1] + lo, m[2]))
        spans += [(lo, lo + m[0]), (lo + m[1], hi)]
    return sorted(out)


_RULE_GLYPHS = frozenset("l1i|!j[]{}()")  # a table's rule next to a word, as read


def _same_word(want: str, got: str, *, first: bool = False) -> bool:
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


def _hits(rows: Sequence[Row], comp: _Compiled) -> list[list[_Hit]]:
    """Label occurrences of each row, overlaps resolved in favour of the better, longer label."""
    out: list[list[_Hit]] = []
    for r, row in enumerate(rows):
        row_key, owner = row.key_index()
        found: list[_Hit] = []
        if row_key:
            for label, target in comp.labels:
                ms = _match_all(label, row, row_key, owner, label in comp.colon_labels)
                if not ms:
                    m = _wrapped_label(label, rows, r, row_key, owner)
                    ms = [m] if m is not None else []
                found.extend(_Hit(r, m[0], m[1], m[2], target, len(label)) for m in ms)
        found.sort(key=lambda h: h.weight, reverse=True)
        taken: list[_Hit] = []
        for h in found:
            if all(h.end <= o.start or h.start >= o.end for o in taken):
                taken.append(h)
        taken.sort(key=lambda h: h.start)
        out.append(taken)
    return out


def _role_headers(row: Row, comp: _Compiled) -> list[tuple[str, float]]:
    """(role, x of its header) for each person header found in the row."""
    if not comp.roles:
        return []
    row_key, owner = row.key_index()
    found: list[tuple[str, int, int]] = []
    for header, role in comp.roles:
        m = _match(header, row, row_key, owner, heading=True)
        if m is None or m[2] < 88:
            continue
        if any(not (m[1] <= s or m[0] >= e) for _, s, e in found):
            continue
        found.append((role, m[0], m[1]))
    found.sort(key=lambda x: x[1])
    # a column's header is centred over its cells: the header's centre stands for the column
    out = [(role, (row.toks[s].x0 + row.toks[e - 1].x1) / 2) for role, s, e in found]
    if comp.ordered:  # "Bên nam | Bên nữ" or "Bên nữ | Bên nam": the first one is the main
        out = [(comp.ordered[min(i, len(comp.ordered) - 1)], x) for i, (_, x) in enumerate(out)]
    return out


def _section(row: Row, comp: _Compiled, hits: list[_Hit]) -> str | None:
    """The role a short heading row opens ("BÊN NỮ:", "Thông tin người mẹ"), else None.
    A heading may contain a label's words ("I. THÔNG TIN NGƯỜI YÊU CẦU"): it is still a
    heading when a person's heading covers most of it."""
    if not comp.roles:
        return None
    row_key, owner = row.key_index()
    words = row_key.split()
    if not words or len(words) > 8:
        return None
    best: tuple[float, str] | None = None
    for header, role in comp.roles:
        m = _match(header, row, row_key, owner, heading=True)
        if m is None or m[2] < 88:
            continue
        covered = len(header) / max(1, len(row_key))
        if covered >= (0.7 if hits else 0.5) and (best is None or m[2] > best[0]):
            best = (m[2], role)
    return best[1] if best else None


def _value_toks(toks: list[Tok], typed: bool) -> list[Tok] | None:
    """The value part of the tokens after a label, or None when the label goes on (the
    printed label is longer than ours: "Số định danh cá nhân của chủ hộ:")."""
    i = 0
    n = len(toks)
    while i < n and not toks[i].key and not toks[i].leader:
        i += 1  # ":" "-" separators
    if i < n and toks[i].text.startswith("("):
        # "(ghi họ tên bằng chữ in hoa)": a note to the label; it may wrap, the value not
        j = i
        while j < n and ")" not in toks[j].text and not _starts_value(toks[j], j > i):
            j += 1
        i = j + 1 if j < n and ")" in toks[j].text else j
    if i < n and toks[i].text.startswith("/"):
        j = i
        while j < n and j - i < 6 and not toks[j].text.endswith(":"):
            j += 1
        if j < n and toks[j].text.endswith(":"):
            i = j + 1
    if typed:
        j = i
        while j < n and j - i < 5 and toks[j].key and toks[j].text[:1].islower():
            if toks[j].text.endswith(":") or (j + 1 < n and toks[j + 1].text == ":"):
                return None
            j += 1
    while i < n and not toks[i].key and not toks[i].leader:
        i += 1
    out: list[Tok] = []
    for t in toks[i:]:
        if t.leader:
            break
        out.append(t)
    return out


_NUMBERING = re.compile(r"^\(?\d{1,2}[.)]$|^[IVX]{1,4}\.$")


def _label_end(last: Tok, after: list[Tok], value: list[Tok]) -> float:
    """Where the label ends: its last word, or the note after it that closes with ")" or
    ":" ("Tôi là (ghi họ tên bằng chữ in hoa): TRẦN ANH TÚ")."""
    end = last.x1
    for t in after:
        if t is value[0]:
            break
        if t.text.endswith((")", ":", "):")):
            end = max(end, t.x1)
    return end


def _other_label(toks: list[Tok]) -> int | None:
    """Where another field of a two-column form starts among a value's tokens: its number
    ("8.") before a label ending in ":" ("8. Mối quan hệ với chủ hộ:"), after some value."""
    for i in range(1, len(toks)):
        if _NUMBERING.match(toks[i].text) and any(
            t.text.endswith(":") for t in toks[i + 1 : i + 9]
        ):
            return i
    return None


def _drop_numbering(toks: list[Tok]) -> list[Tok]:
    """The next field's number ("2.", "(3)") ends a value on two-column forms."""
    while toks and _NUMBERING.match(toks[-1].text):
        toks = toks[:-1]
    return toks


def _cut_at_gap(toks: list[Tok], h: float) -> list[Tok]:
    """Tokens up to the first wide horizontal gap (another column, a card beside this one)."""
    out: list[Tok] = []
    for t in toks:
        if out and t.x0 - out[-1].x1 > 5 * h:
            break
        out.append(t)
    return out


def _name_words(toks: list[Tok]) -> bool:
    """The rest of a wrapped name: a few capitalised words, not the next label."""
    words = [t.text.strip(".,;") for t in toks]
    return (
        0 < len(words) <= 3
        and all(w[:1].isupper() and _NAME_WORD.match(w) and not w.endswith(":") for w in words)
        and not any(t.text.endswith(":") for t in toks)
    )


def _starts_value(t: Tok, inside: bool) -> bool:
    """A word in capitals or a number: where a value starts after an unclosed note."""
    core = t.text.strip("(),.:;")
    return inside and len(core) >= 2 and (core.isupper() or core[:1].isdigit())


def _strip_leaders(toks: list[Tok]) -> list[Tok]:
    out: list[Tok] = []
    for t in toks:
        if t.leader:
            break
        text = t.text.rstrip(".…_")
        if text != t.text:
            if text:
                out.append(Tok(text, key(text), t.x0, t.y0, t.x1, t.y1, t.conf, t.page, t.alts))
            break
        out.append(t)
    return out


def _label_start(row: Row, start: int, h: float) -> float:
    """Where a label begins on its row. A card's bilingual label matched by its English half
    alone ("Nhà; tháng, năm sinh / Date of birth": the Vietnamese half misread) begins with
    the Vietnamese half, and the value is printed under that."""
    toks = row.toks
    k = start
    if toks[k].text != "/":
        if k == 0 or toks[k - 1].text != "/":
            return toks[start].x0
        k -= 1
    while k > 0 and toks[k].x0 - toks[k - 1].x1 < 1.5 * h:
        k -= 1
    return toks[k].x0


def _below(rows: Sequence[Row], hits: list[list[_Hit]], r: int, x0: float, x1: float,
           left: bool) -> tuple[int, list[Tok]] | None:  # fmt: skip
    """Tokens of the next row under [x0, x1) (``left``: starting near x0), unless a label
    starts there."""
    row = rows[r]
    h = max(8.0, row.y1 - row.y0)
    for nr in range(r + 1, min(len(rows), r + 3)):
        nxt = rows[nr]
        if nxt.page != row.page or nxt.y0 - row.y1 > 2.5 * h:
            return None
        toks = [t for t in nxt.toks if t.x0 >= x0 - 1.5 * h and t.x1 <= x1 + 1.5 * h]
        if not toks:
            continue
        if left and toks[0].x0 > x0 + 4 * h:
            return None
        if toks[0].x0 > x0 + 8 * h:
            continue  # text off to the right (the other card of a copy), not under the label
        if any(x0 - 1.5 * h <= nxt.toks[hit.start].x0 < x1 for hit in hits[nr]) or any(
            t.text.endswith(":") for t in toks[:4]
        ):  # a label there (ours or any other: "Số điện thoại:"): nothing written under ours
            return None
        return nr, toks
    return None


def _run_on(rows: Sequence[Row], hits: list[list[_Hit]], r: int) -> list[Tok]:
    """The words that begin the next line, up to its first label or punctuation."""
    if r + 1 >= len(rows) or rows[r + 1].page != rows[r].page:
        return []
    nxt = rows[r + 1]
    h = max(8.0, rows[r].y1 - rows[r].y0)
    if nxt.y0 - rows[r].y1 > 2.5 * h:
        return []
    end = min((hit.start for hit in hits[r + 1]), default=len(nxt.toks))
    out: list[Tok] = []
    for t in nxt.toks[:end]:
        out.append(t)
        if t.text.endswith((",", ";")):
            break
    return out


def _dates_under(rows: Sequence[Row], r: int, x0: float, h: float) -> list[list[Tok]]:
    """A date further down the label's column (a card's "Có giá trị đến:" under its photo,
    the date a few lines below, other text in between)."""
    out: list[list[Tok]] = []
    for nr in range(r + 1, min(len(rows), r + 4)):
        if rows[nr].page != rows[r].page:
            break
        for t in rows[nr].toks:
            if x0 - 2 * h <= t.x0 <= x0 + 12 * h and _DATE_NUM.search(
                t.text.translate(DIGIT_LOOKALIKES)
            ):
                out.append([t])
    return out


def _read_values(
    rows: Sequence[Row], hits: list[list[_Hit]], comp: _Compiled
) -> list[tuple[_Hit, str | None, list[list[Tok]]]]:
    """(label hit, role it belongs to or None, candidate values) for every label found. The
    candidates are tried in order: the value beside the label (with what wrapped under it),
    then what is written under the label (cards; a far value beside it may be another card's)."""
    right_edge = max((t.x1 for row in rows for t in row.toks), default=0.0)
    out: list[tuple[_Hit, str | None, list[list[Tok]]]] = []
    section: str | None = None
    columns: list[tuple[str, float]] = []
    table_rows = 0
    sections_seen = 0
    for r, row in enumerate(rows):
        row_hits = hits[r]
        h = max(8.0, row.y1 - row.y0)
        heads = [] if ":" in row.text else _role_headers(row, comp)
        spread = all(b[1] - a[1] > 6 * h for a, b in itertools.pairwise(heads))
        if len(heads) >= 2 and spread and not any(hh.target.specs for hh in row_hits):
            columns, table_rows = heads, 0
            continue
        if _list_header(row, row_hits):
            continue
        opened = _section(row, comp, row_hits)
        if opened == ANY_ROLE:
            opened = comp.ordered[min(sections_seen, len(comp.ordered) - 1)]
            sections_seen += 1
        if opened is not None:
            section, columns = opened, []
            continue
        h = max(8.0, row.y1 - row.y0)
        if columns:
            table_rows += 1
            if table_rows > 14 or not (
                row_hits or _table_row(row, columns, h) or _cells_only(row, columns, h)
            ):
                columns = []
        for n, hit in enumerate(row_hits):
            persons = {sp.person for sp in hit.target.specs}
            if len(persons) == 1 and None not in persons and "main" not in persons and not columns:
                # "Họ, chữ đệm, tên người mẹ: ..." opens the mother's part of the form
                section = persons.pop()
            nxt = row_hits[n + 1] if n + 1 < len(row_hits) else None
            x0 = row.toks[hit.start].x0
            x1 = row.toks[nxt.start].x0 if nxt else right_edge + 1
            after = row.toks[hit.end : nxt.start if nxt else len(row.toks)]
            prev = row.toks[hit.end - 1].x1
            for t in after:  # a wide gap: what follows is another column or card
                if t.x0 - prev > 5 * h:
                    x1 = min(x1, t.x0)
                    break
                prev = t.x1
            if (other := _other_label(after)) is not None:
                x1 = min(x1, after[other].x0)
                after = after[:other]
            if columns and _attr(hit) and x0 < columns[0][1] - 2 * h:
                # a row of a per-person table: each column's cell is that person's value
                generic = _Hit(hit.row, hit.start, hit.end, hit.score, _Target(attr=_attr(hit)),
                               hit.size)  # fmt: skip
                for role, toks in _split_columns(rows, hits, r, after, columns, h):
                    out.append((generic, role, [toks]))
                continue
            value = _value_toks(after, _typed(hit))
            if value is None:
                continue
            value = _drop_numbering(_cut_at_gap(value, h))
            candidates: list[list[Tok]] = []
            # a value far from its label may be another card's or column's text: then what
            # is written under the label comes first
            far = (
                bool(value)
                and value[0].x0 - _label_end(row.toks[hit.end - 1], after, value) > 5 * h
            )
            if value and not far:
                kind = _kind(hit)
                if kind in ("name", "address", "text") and _wrapped(
                    after, value, x1, right_edge, h
                ):
                    got = _below(rows, hits, r, x0, x1, left=True)
                    more = _cut_at_gap(_strip_leaders(got[1]), h) if got else []
                    if kind != "name" or _name_words(more):
                        value = value + more
                candidates.append(value)
            got = _below(rows, hits, r, _label_start(row, hit.start, h), x1, left=False)
            if got is not None:
                candidates.append(_cut_at_gap(_strip_leaders(got[1]), h))
                # a crumb under the label (a photo's edge read as "kì 2"): the line after
                after_that = _below(rows, hits, got[0], x0, x1, left=False)
                if after_that is not None:
                    candidates.append(_cut_at_gap(_strip_leaders(after_that[1]), h))
            if value and far:
                candidates.append(value)
            prose = hit.start >= 3 and not comp.card  # the label ends a sentence's line
            wraps = _kind(hit) in ("id_number", "name", "date", "year")
            if not value and prose and wraps and (run_on := _run_on(rows, hits, r)):
                # running text: the label ends its line, the value begins the next ("..., số
                # CCCD" / "0103069505, dân tộc Kinh")
                candidates.insert(0, run_on)
            if _kind(hit) == "date" and comp.issued:
                candidates.extend(_dates_under(rows, r, x0, h))
            if candidates:
                out.append((hit, section, candidates))
    return out


def _list_header(row: Row, row_hits: list[_Hit]) -> bool:
    """A list's column headers ("TT | Họ, chữ đệm và tên | Ngày, tháng, năm sinh | Giới tính
    | Số định danh cá nhân | ..." over the household members changing too): three labels
    or more, none closed by a colon, two of them with no value between them and the next
    (no digit, at most one other header's word). What is written under them is the listed
    people's, not the form's person's."""
    if len(row_hits) < 3:
        return False
    for hit in row_hits:
        colon = hit.end < len(row.toks) and row.toks[hit.end].text.startswith(":")
        if row.toks[hit.end - 1].text.endswith(":") or colon:
            return False

    def bare(toks: list[Tok]) -> bool:
        words = [t for t in toks if t.key]
        return len(words) <= 1 and not any(ch.isdigit() for t in toks for ch in t.text)

    pairs = itertools.pairwise(row_hits)
    return sum(1 for a, b in pairs if bare(row.toks[a.end : b.start])) >= 2


def _table_row(row: Row, columns: list[tuple[str, float]], h: float) -> bool:
    """Does the row read as cells of the per-person table (values under two or more of its
    columns, apart from each other) rather than as running text?"""
    centres = [x for _, x in columns]
    bounds = [(a + b) / 2 for a, b in itertools.pairwise(centres)]
    left = _first_column_edge(columns, h)
    cols = {sum(1 for b in bounds if t.x0 >= b) for t in row.toks if t.x0 >= left}
    gaps = any(b.x0 - a.x1 > 3 * h for a, b in itertools.pairwise(row.toks))
    return len(cols) >= 2 and gaps


def _cells_only(row: Row, columns: list[tuple[str, float]], h: float) -> bool:
    """A row with nothing in the label column (a cell's text wrapped onto its next line) or
    only in it (a label wrapped: "sinh" under "Ngày, tháng, năm"): still the table."""
    first = columns[0][1]
    return bool(row.toks) and (
        row.toks[0].x0 >= _first_column_edge(columns, h)
        or all(t.x1 < first - 2 * h for t in row.toks)
    )


def _first_column_edge(columns: list[tuple[str, float]], h: float) -> float:
    """Where the first person's cells may begin: a few lines' height left of its header's
    centre, or half a column's width in a wide table whose cells are left-aligned under
    centred headers ("Bên nữ" over "Kinh" written at the cell's left)."""
    first = columns[0][1]
    half = (columns[1][1] - first) / 2 if len(columns) > 1 else 0.0
    return min(first - 8 * h, first - half)


_GENERIC = {key(lab): attr for attr, labs in PERSON_LABELS.items() for lab in labs}


def _generic_attr(rows: Sequence[Row], hit: _Hit) -> str | None:
    """The attribute a label names when its words are the generic ones ("Số định danh cá
    nhân", not "... của mẹ"), whichever field of the paper it was found for."""
    words = " ".join(t.key for t in rows[hit.row].toks[hit.start : hit.end] if t.key)
    best = max(_GENERIC, key=lambda g: fuzz.ratio(g, words))
    return _GENERIC[best] if fuzz.ratio(best, words) >= 90 else None


def _attr(hit: _Hit) -> str | None:
    """The identity attribute a label names (generic or through its fields)."""
    if hit.target.attr:
        return hit.target.attr
    attrs = {sp.attr for sp in hit.target.specs}
    return attrs.pop() if len(attrs) == 1 else None


def _kind(hit: _Hit) -> str:
    if hit.target.attr:
        return {"full_name": "name", "date_of_birth": "date", "birth_year": "year",
                "id_number": "id_number", "sex": "sex"}[hit.target.attr]  # fmt: skip
    return hit.target.specs[0].type


def _typed(hit: _Hit) -> bool:
    return _kind(hit) in ("name", "id_number", "date", "year", "sex")


def _wrapped(after: list[Tok], value: list[Tok], x1: float, right_edge: float, h: float) -> bool:
    """Did the value run up to its column's edge and go on below (no dots after it)?"""
    if not value or any(t.leader for t in after):
        return False
    return value[-1].x1 >= min(x1, right_edge) - 6 * h


def _split_columns(
    rows: Sequence[Row],
    hits: list[list[_Hit]],
    r: int,
    after: list[Tok],
    columns: list[tuple[str, float]],
    h: float,
) -> list[tuple[str, list[Tok]]]:
    """A table row's value tokens per person column (cells may wrap onto the next row)."""
    cells: dict[str, list[Tok]] = {role: [] for role, _ in columns}
    # beyond half a column's width outside the outer headers: a column hoso has no header
    # for (the child's, its header wrapped), not a person's cell
    first, second, last = columns[0][1], columns[1][1], columns[-1][1]
    lo, hi = first - (second - first) / 2, last + (last - columns[-2][1]) / 2

    def place(toks: list[Tok]) -> None:
        # a cell's words lie under its header: nearest header centre (cells may be
        # left-aligned, headers centred)
        for t in toks:
            if t.leader or not t.key or not lo <= t.xc <= hi:
                continue
            role = min(columns, key=lambda c: abs(c[1] - t.xc))[0]
            cells[role].append(t)

    place(after)
    nr = r + 1
    if nr < len(rows) and not hits[nr] and rows[nr].page == rows[r].page:
        # wrapped cells (beside the rest of a label wrapped in its own column: "thân(3)")
        left = _first_column_edge(columns, h)
        place([t for t in rows[nr].toks if t.x0 >= left])
    return [(role, toks) for role, toks in cells.items() if toks]


def _value_keys(spec: FieldSpec, value: str) -> tuple[str, ...]:
    """The value as its words may write it, punctuation aside: a date (ISO) as day, month
    and year ("03/02/1983", "3/2/1983")."""
    if spec.type == "date":
        d = date.fromisoformat(value)
        return (f"{d.day:02d}{d.month:02d}{d.year}", f"{d.day}{d.month}{d.year}")
    return (key(value).replace(" ", ""),)


def _fv(spec: FieldSpec, toks: list[Tok], hit: _Hit, rows: Sequence[Row]) -> FieldValue | None:
    raw = " ".join(t.text.strip("|[]") for t in toks)  # table rules read as | or [ stick
    if spec.type in ("name", "address", "text"):
        raw = raw.rstrip(".…_ ")
    line = rows[hit.row].text
    conf = min((t.conf for t in toks), default=100.0)
    value = parse_value(spec, raw)
    if value is not None:
        # how surely the value was read: the words it was taken from, not the crumbs after
        vkeys = _value_keys(spec, value)
        used = [t for t in toks if t.key and any(t.key.replace(" ", "") in v for v in vkeys)]
        conf = min((t.conf for t in used), default=conf)
        alts = tuple(
            dict.fromkeys(
                v
                for t in used
                for a in t.alts
                if (v := parse_value(spec, a)) is not None and v != value
            )
        )
        return FieldValue(spec.name, value, raw, hit.score, line, conf=conf, alts=alts)
    if spec.type == "id_number" and (ruled := _ruled_id(raw)) is not None:
        # a table rule before the number read as a 1 ("|040171299254"): read with less trust
        return FieldValue(spec.name, ruled, raw, hit.score, line, conf=min(conf, 60.0))
    shown = _DATE_NUM.search(raw.translate(DIGIT_LOOKALIKES)) if spec.type == "date" else None
    if shown is not None:
        return FieldValue(spec.name, shown.group(0), raw, hit.score, line, valid=False, conf=conf)
    year = (
        re.match(r"\s*(\d{4})(?!\d)", raw.translate(DIGIT_LOOKALIKES))
        if spec.type == "year"
        else None
    )
    if year is not None:  # four digits written, no year anyone is born in ("1292")
        return FieldValue(spec.name, year.group(1), raw, hit.score, line, valid=False, conf=conf)
    return None


def extract(doc_type: DocumentType, pages: Sequence[PageText]) -> dict[str, FieldValue]:
    """Every field of ``doc_type`` found on the paper's pages."""
    if not doc_type.fields:
        return {}
    comp = _compile(doc_type)
    rows = rows_of(pages)
    hits = _hits(rows, comp)
    out: dict[str, FieldValue] = {}
    unread_ids: dict[str, FieldValue] = {}
    seen_labels: dict[tuple[str, ...], int] = {}
    for hit, role, candidates in _read_values(rows, hits, comp):
        specs: list[FieldSpec] = []
        if hit.target.attr:
            spec = comp.fields_of.get((role or "", hit.target.attr))
            year = comp.fields_of.get((role or "", "birth_year"))
            if hit.target.attr == "date_of_birth" and year is not None:
                # "Ngày sinh / Năm sinh": a full date, or only the year for the parents
                specs = [s for s in (spec, year) if s is not None]
            elif spec is not None:
                specs = [spec]
            if not specs:
                continue
        elif (
            role not in (None, "main")
            and (generic := _generic_attr(rows, hit))
            and (spec := comp.fields_of.get((role or "", generic)))
        ):
            specs = [spec]  # "Số định danh cá nhân" in the mother's part is hers
        else:
            group = list(hit.target.specs)
            if len(group) > 1 and role is not None:
                specs = [s for s in group if s.person == role] or group[:1]
            elif len(group) > 1:
                n = seen_labels.get(group[0].labels, 0)
                specs = [s for s in group if s.occurrence == n + 1]
                if any(
                    _fv(s, toks, hit, rows) is not None for s in specs for toks in candidates
                ) or any(
                    s.type == "id_number" and _unreadable_number(s, candidates, hit, rows)
                    for s in specs
                ):
                    # the next person's label; one with no value at all (a heading: "Người
                    # sử dụng đất, chủ sở hữu ...") does not take a person's turn, one with
                    # a number written but unread does (the next "CCCD số" is the co-owner's)
                    seen_labels[group[0].labels] = n + 1
            else:
                specs = group
        for spec in specs:
            if spec.name in out and out[spec.name].valid:
                continue
            for toks in candidates:
                fv = _fv(spec, toks, hit, rows)
                if fv is not None and (spec.name not in out or fv.valid):
                    out[spec.name] = fv
                if fv is not None and fv.valid:
                    break
            if spec.name not in out and spec.type == "id_number" and spec.person == "main":
                unread = _unreadable_number(spec, candidates, hit, rows)
                if unread is not None:
                    unread_ids[spec.name] = unread
    for name, fv in read_mrz(doc_type, rows).items():
        if name in {s.name for s in doc_type.fields}:
            out[name] = fv
    if doc_type.issued:
        _unlabelled_id(doc_type, rows, out)
    _another_date_as_issue(out)
    for name, fv in unread_ids.items():
        if name not in out:
            out[name] = _run_together(fv, out) or fv
    return out


def _another_date_as_issue(out: dict[str, FieldValue]) -> None:
    """An identity paper's issue date that is its expiry or its holder's birth date is
    that date read under the issue date's label (two cards copied on one page, a label
    read on the wrong line): the issue date is unread, not a date in the future."""
    issued = out.get("issued_on")
    if issued is not None and any(
        k in out and out[k].value == issued.value for k in ("expiry", "date_of_birth")
    ):
        del out["issued_on"]


def _run_together(fv: FieldValue, out: dict[str, FieldValue]) -> FieldValue | None:
    """An unread number whose digits run on into the next words' ("079075379139000005":
    the number, then "Căn cước s" read as digits): its first or last twelve digits, when
    they are an ID number agreeing with the holder's birth date and sex on the paper."""
    digits = re.sub(r"\D", "", fv.raw)
    if len(digits) <= 12:
        return None
    for cand in (digits[:12], digits[-12:]):
        if _tail_id(cand, out) is not None:
            return FieldValue(fv.name, cand, fv.raw, fv.label_score, fv.line,
                              conf=_PREFIXED_ID_CONFIDENCE)  # fmt: skip
    return None


def _unreadable_number(
    spec: FieldSpec, candidates: list[list[Tok]], hit: _Hit, rows: Sequence[Row]
) -> FieldValue | None:
    """The holder's ID number was written (digits there) but does not read as one: marked
    (``valid`` False, ``value`` empty) so that it is checked by a person, not skipped."""
    for toks in candidates:
        raw = " ".join(t.text for t in toks)
        # digits, or digits in boxes read as a run of marks ("I„JủDHHMMHHHH.1BBN1ä")
        boxed = any(len(t.text) >= 10 and not _NAME_WORD.match(t.text) for t in toks[:2])
        if sum(ch.isdigit() for ch in raw) >= 6 or boxed:
            conf = min((t.conf for t in toks), default=0.0)
            return FieldValue(spec.name, "", raw, hit.score, rows[hit.row].text, False, conf)
    return None


def _unlabelled_id(doc_type: DocumentType, rows: Sequence[Row], out: dict[str, FieldValue]) -> None:
    """An authority's paper whose ID label was lost in the scan ("sø!/No:"): its one 12-digit
    number is the holder's ID number (read with less trust)."""
    spec = next((f for f in doc_type.fields if f.type == "id_number" and f.person == "main"), None)
    if spec is None or spec.name in out:
        return
    found: dict[str, tuple[Row, float]] = {}
    prefixed: dict[str, tuple[Row, float]] = {}
    others = {fv.value for fv in out.values()}  # a co-owner's number is not the holder's
    for row in rows:
        if "<" in row.text:
            continue  # machine-readable zone: read by read_mrz or not at all
        for t in row.toks:
            digits = re.sub(r"[^0-9]", "", t.text)
            if digits in others:
                continue
            if len(digits) == 12 and len(t.text) <= 16:
                found.setdefault(digits, (row, t.conf))
            elif len(digits) in (13, 14) and t.text.isdigit():
                # the "Số" before the number read as digits ("50042171491542")
                tail = _tail_id(digits[-12:], out)
                if tail is not None:
                    prefixed.setdefault(tail, (row, t.conf))
    floor = 0.0
    if not found and len(prefixed) == 1:
        # half its digits confirmed by the birth date and sex: not a garbled reading, though
        # the word's confidence suffers from the prefix
        found, floor = prefixed, _PREFIXED_ID_CONFIDENCE
    if len(found) == 1:
        (value, (row, conf)) = next(iter(found.items()))
        conf = max(min(conf, 80.0), floor)
        out[spec.name] = FieldValue(spec.name, value, value, 0.0, row.text, conf=conf)


_PREFIXED_ID_CONFIDENCE = 60.0  # hoso.understand.identity: sure enough to tell a different number


def _ruled_id(raw: str) -> str | None:
    """Thirteen digits whose first is a rule read as "1" and whose last twelve are an ID
    number (a province code that exists)."""
    m = re.fullmatch(r"[|1lI](\d{12})", re.sub(r"[\s.]", "", raw).rstrip(",;"))
    if m is None or not idnumber.parse(m.group(1)).valid:
        return None
    return m.group(1)


def _tail_id(number: str, out: dict[str, FieldValue]) -> str | None:
    """Twelve digits of a longer run, taken as the ID number only when they are one and
    agree with the birth date (or year) and sex the same paper gives (a guess otherwise)."""
    dob, year, sex = out.get("date_of_birth"), out.get("birth_year"), out.get("sex")
    if dob is not None and dob.valid:
        born = date.fromisoformat(dob.value)
    elif year is not None and year.valid:  # a land certificate gives the year alone
        born = date(int(year.value), 1, 1)
    else:
        return None
    chk = idnumber.check(
        number,
        date_of_birth=born,
        sex=sex.value if sex is not None and sex.valid else None,
    )
    return number if chk.valid else None


def near_value(a: str, b: str) -> bool:
    """Values that differ by what OCR typically does (one or two characters)."""
    fa, fb = squash(fold(a)), squash(fold(b))
    return Levenshtein.distance(fa, fb) <= 2
