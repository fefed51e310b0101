"""Reading labelled fields ("Họ và tên: ...") from the lines of a paper.

Each line is given to the field whose label matches it best (fuzzy, on folded text), so
"Họ, chữ đệm, tên người mẹ" goes to the mother's name and not to the requester's. Values
are parsed by type: names, 12-digit ID numbers (OCR look-alike letters repaired), dates
("05/03/1990", "ngày 05 tháng 3 năm 1990"), sex, free text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from hoso import idnumber
from hoso.catalog import DocumentType, FieldSpec
from hoso.text import fold, squash
from hoso.understand.classify import Line

LABEL_ACCEPT = 84.0

_DATE_NUM = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*,?\s*thang\s*(\d{1,2})\s*,?\s*nam\s*(\d{4})")
_DIGITISH = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1",
                           "S": "5", "B": "8", "Z": "2"})  # fmt: skip
_NAME_WORD = re.compile(r"^[^\W\d_]+$")


@dataclass
class FieldValue:
    name: str
    value: str  # normalised value (ISO date for dates, digits for IDs)
    raw: str
    label_score: float
    line: str
    valid: bool = True  # False: a date that does not exist (31/02/1990)


def _split_label(line: Line) -> tuple[str, str, str] | None:
    """(folded key, shown value, folded value) when the line has a 'label: value' shape."""
    for sep in (":", "："):
        if sep in line.text:
            i = line.text.index(sep)
            return squash(fold(line.text[:i])), line.text[i + 1 :].strip(), line.folded
    return None


def _label_match(label: str, line: Line) -> tuple[float, str]:
    """Score of ``label`` (folded) for ``line`` and the text after the label."""
    split = _split_label(line)
    best, value = 0.0, ""
    if split is not None:
        key, val, _ = split
        s = float(fuzz.ratio(label, key))
        if s > best:
            best, value = s, val
    # no colon (lost by OCR) or the label is only the start of the key
    if len(line.folded) == len(line.text) and len(label) >= 6:
        al = fuzz.partial_ratio_alignment(label, line.folded)
        at_word = al is not None and (
            al.dest_start == 0 or not line.folded[al.dest_start - 1].isalnum()
        )
        if al is not None and at_word and al.dest_start <= 2 and al.score >= 90:
            rest = line.text[al.dest_end :].lstrip(" :.-")
            # the partial match must not cut a longer label ("tên người mẹ" vs "tên")
            tail = line.folded[al.dest_end : al.dest_end + 1]
            if (not tail or not tail.isalpha()) and al.score - 4 > best:
                best, value = al.score - 4, rest
    return best, value


def _looks_like_label(line: Line, labels: Sequence[str]) -> bool:
    return any(_label_match(lab, line)[0] >= LABEL_ACCEPT for lab in labels)


def _continued(lines: Sequence[Line], i: int, value: str, labels: Sequence[str]) -> str:
    """A long value wrapped onto the next line ('..., Thành phố' / 'Hồ Chí Minh')."""
    if not value or len(lines[i].text) < 70 or i + 1 >= len(lines):
        return value
    nxt = lines[i + 1]
    if (
        ":" in nxt.text
        or len(nxt.text) > 60
        or nxt.text.isupper()
        or value.rstrip().endswith((".", ";"))
        or _looks_like_label(nxt, labels)
    ):
        return value
    return f"{value} {nxt.text}"


def parse_date(text: str) -> date | None:
    t = fold(text)
    t2 = text.translate(_DIGITISH)
    for rx, s in ((_DATE_NUM, t2), (_DATE_WORDS, fold(t2)), (_DATE_NUM, t)):
        for m in rx.finditer(s):
            d, mth, y = (int(g) for g in m.groups())
            try:
                return date(y, mth, d)
            except ValueError:
                continue
    return None


def parse_name(text: str) -> str | None:
    words: list[str] = []
    for raw in re.split(r"\s+", text.strip()):
        w = raw.strip(".,;:()[]\"'")
        if not w:
            continue
        if not _NAME_WORD.match(w) or not w[0].isupper():
            break  # names are written capitalised; OCR crumbs (ˆ, ') and labels are not
        words.append(w)
        if len(words) >= 7:
            break
    if len(words) < 2:
        return None
    name = " ".join(words)
    if name.isupper():
        name = name.title()
    return name


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
        m = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", raw.translate(_DIGITISH))
        return m.group(0) if m else None
    if spec.type == "name":
        return parse_name(raw)
    if spec.type == "sex":
        return idnumber.normalize_sex(raw)
    value = squash(raw).strip(" .;")
    return value or None


def extract(doc_type: DocumentType, lines: Sequence[Line]) -> dict[str, FieldValue]:
    if not doc_type.fields:
        return {}
    label_groups: dict[tuple[str, ...], list[FieldSpec]] = {}
    for spec in doc_type.fields:
        label_groups.setdefault(spec.labels, []).append(spec)
    folded_groups = {labels: [squash(fold(lab)) for lab in labels] for labels in label_groups}
    all_folded = [lab for labs in folded_groups.values() for lab in labs]
    hits: dict[tuple[str, ...], list[tuple[int, float, str]]] = {k: [] for k in label_groups}
    for i, line in enumerate(lines):
        best_group, best_score, best_val = None, 0.0, ""
        for labels, folded in folded_groups.items():
            for lab in folded:
                s, val = _label_match(lab, line)
                if s > best_score:
                    best_group, best_score, best_val = labels, s, val
        if best_group is not None and best_score >= LABEL_ACCEPT:
            if (
                not best_val
                and i + 1 < len(lines)
                and not _looks_like_label(lines[i + 1], all_folded)
            ):
                best_val = lines[i + 1].text  # value printed under its label (ID cards)
            hits[best_group].append((i, best_score, best_val))
    out: dict[str, FieldValue] = {}
    for labels, specs in label_groups.items():
        found = hits[labels]
        for spec in specs:
            candidates = found[spec.occurrence - 1 :] if len(specs) > 1 else found
            for i, score, raw in candidates[:1] if len(specs) > 1 else candidates:
                if spec.type in ("address", "text"):
                    raw = _continued(lines, i, raw, all_folded)
                value = parse_value(spec, raw)
                if value is not None:
                    out[spec.name] = FieldValue(spec.name, value, raw, score, lines[i].text)
                    break
                if spec.type == "date" and _DATE_NUM.search(raw.translate(_DIGITISH)):
                    shown = _DATE_NUM.search(raw.translate(_DIGITISH))
                    assert shown is not None
                    out[spec.name] = FieldValue(
                        spec.name, shown.group(0), raw, score, lines[i].text, valid=False
                    )
                    break
    return out


def near_value(a: str, b: str) -> bool:
    """Values that differ by what OCR typically does (one or two characters)."""
    fa, fb = squash(fold(a)), squash(fold(b))
    return Levenshtein.distance(fa, fb) <= 2
