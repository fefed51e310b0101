"""Parsing a value as written into its normal form: dates, names, ID numbers, years, sex,
text."""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz.distance import Levenshtein

from hoso import idnumber
from hoso.doctypes import FieldSpec
from hoso.names import FAMILY_NAMES
from hoso.text import fold, squash
from hoso.understand.values import DIGIT_LOOKALIKES

# "/" as written by hand is read as a fraction or division slash ("13⁄04/1986")
_SEP = r"\s*[/⁄∕.\-]\s*"
DATE_NUM = re.compile(rf"(?<!\d)(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})(?!\d)")
# day and month written, the year not read whole ("25/03/41", "25/09/"): a date cut short
CUT_DATE = re.compile(
    rf"\W*\d{{1,2}}{_SEP}(\d{{1,2}}{_SEP}\d{{0,3}}(?![\d/])|\d{{3,5}}\W*$)"
)  # ... or its second slash lost as well ("23/0115." for 23/01/1975)
# both slashes read as digits ("28/06/1991" as "2810671991": a slash is read "1" or "7")
_DATE_SLASHES_AS_ONES = re.compile(r"(?<![\d/])(\d{2})[17](\d{2})[17]((?:19|20)\d{2})(?![\d/])")
_DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*,?\s*thang\s*(\d{1,2})\s*,?\s*nam\s*(\d{4})")
# the next field's number glued to the year ("09/06/19903. Giới tính"): read without it
_DATE_THEN_ITEM = re.compile(
    rf"(?<!\d)(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})(?=\d{{1,2}}\.(?!\d))"
)
# the second "/" lost ("01/05 1987"): day and month still joined, the year set apart
_DATE_SPACED_YEAR = re.compile(r"(?<![\d/⁄∕])(\d{1,2})[/⁄∕.\-](\d{1,2})\s+(\d{4})(?!\d)")
# the year read in two pieces after its first digit ("08/07/1 972"): joined
_DATE_SPLIT_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}([12])\s(\d{{3}})(?!\d)")
# the month read in two pieces between its slashes ("30/1 1/1970"): joined
_SPLIT_MONTH = re.compile(r"(?<=[/⁄∕.\-])(\d)\s(\d)(?=\s*[/⁄∕.\-]\s*\d{4}(?!\d))")
NAME_WORD = re.compile(r"^[^\W\d_]+$")
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
# a hand-written 1's flag makes it a 7: a year's first digit is a 1 or a 2, never a 7
_YEAR_ONE_AS_SEVEN = re.compile(r"(?<!\d)7(9\d{2})(?!\d)")


def parse_date(text: str) -> date | None:
    t = fold(text)
    t2 = text.translate(DIGIT_LOOKALIKES)
    slashes = (_DATE_SLASHES_AS_ONES, t2)  # "15/09/2023" read "1510912023"
    glued = (_DATE_THEN_ITEM, t2)
    spaced = (_DATE_SPACED_YEAR, t2)
    six = (DATE_NUM, t2.replace("ó", "6"))  # a hand-written 6 read as ó ("8⁄09⁄198ó")
    split = (_DATE_SPLIT_YEAR, t2)
    month = (DATE_NUM, _SPLIT_MONTH.sub(r"\1\2", t2))
    passes = (
        (DATE_NUM, t2),
        (_DATE_WORDS, fold(t2)),
        (DATE_NUM, t),
        slashes,
        glued,
        spaced,
        six,
        split,
        month,
    )
    for rx, s in passes:
        for m in rx.finditer(s):
            d, mth, y = (int(g) for g in (*m.groups()[:2], "".join(m.groups()[2:])))
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
    # ... or with an underscore (a dotted line read as "_": "LÊ THU_ TRÌNH")
    for raw in (w for r in re.split(r"[\s.…_]+", text.strip()) for w in _unglued(r)):
        w = raw.strip(".,;:()[]|\"'")
        if not w:
            continue
        if not words:
            w = _family_name_restored(w)
        if _capital_read_small(w, words):
            w = w.upper()  # "NGUYỄN ĐỨC cƯỜNG": a C is a c made bigger
        if not NAME_WORD.match(w) or not w[0].isupper():
            break  # names are written capitalised; OCR crumbs (ˆ, ') and labels are not
        if words and len(w) > 1 and not _syllable(w):
            break  # "Ngô Hải Thắm NT": a name is made of Vietnamese syllables
        if len(w) == 1 and not _syllable(w):
            if not words:
                continue  # "F Khánh Nhung": the family name read as a crumb, the rest read
            break  # "B Mãi": a letter with no vowel is no syllable, a crumb
        words.append(w)
        if len(words) >= 7:
            break
    if len(words) < 2 or words[0].lower() in _OFFICE_WORDS:
        return None
    if all(len(w) == 1 for w in words):
        return None  # "Ầ A": crumbs of a line, no name (one-letter words go with others)
    name = " ".join(words)
    if name.isupper():
        name = name.title()
    return name


def _family_name_restored(word: str) -> str:
    """A family name whose capital was read as a mark ("\\guyễn", "/rần"): the one family
    name that is the rest of the word after its first letter. A word whose capital was
    not read at all ("guyễn") is left alone: restored, it set more poor readings of one
    name against each other (dev3 10591)."""
    rest = word[1:]
    if word[0].isalpha() or len(rest) < 2 or not rest.isalpha() or not rest.islower():
        return word
    found = [f for f in FAMILY_NAMES if f[1:] == rest]
    return found[0].capitalize() if len(found) == 1 else word


# a small letter, then a capital consonant beginning the rest of the word
_GLUED_WORD = re.compile(r"(?<=[^\W\d_])(?=[BCDĐGHKLMNPQRSTVX][^\W\d_]*$)")


def _unglued(raw: str) -> list[str]:
    """Two words of a name read without the space between them ("NguyễnMỹ", "KhánhNga"):
    split before a capital consonant after a small letter when what follows is a syllable
    (a capital vowel inside a word is a letter read big: "NguyÊn" stays whole)."""
    for m in _GLUED_WORD.finditer(raw):
        head, rest = raw[: m.start()], raw[m.start() :]
        if head[-1].islower() and len(rest) >= 2 and _syllable(rest):
            return [*_unglued(head), rest]
    return [raw]


_SAME_SHAPE = frozenset("cosuvwxzôơư")  # letters whose capital is the small one, bigger


def _capital_read_small(word: str, before: list[str]) -> bool:
    """A word of a name in capitals whose first letter was read small ("cƯỜNG"): the rest
    of the word and every word before it in capitals, the letter one of the same shape."""
    return (
        len(word) >= 2
        and word[0] in _SAME_SHAPE
        and word[1:].isupper()
        and bool(before)
        and all(b.isupper() for b in before)
    )


def _syllable(word: str) -> bool:
    from hoso.spelling import token_valid

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
        n = idnumber.normalize(raw) or _boxed_number(raw)
        if n:
            return n
        m = re.search(r"(?<!\d)\d{9}(?!\d)", re.sub(r"[\s.]", "", raw))
        return m.group(0) if m else None
    if spec.type == "year":
        digits = raw.translate(DIGIT_LOOKALIKES)
        m = _YEAR.search(digits) or _YEAR.search(digits.replace("ó", "6"))
        if m is None and (seven := one_read_as_seven(raw)) is not None:
            return seven
        return m.group(0) if m else None
    if spec.type == "name":
        return parse_name(raw)
    if spec.type == "sex":
        return idnumber.normalize_sex(raw)
    value = squash(raw).strip(" .;")
    return value or None


def one_read_as_seven(raw: str) -> str | None:
    """A year no one is born in whose first digit is a 7 before "9..": a hand-written 1
    whose flag was read as a 7's bar ("7987": 1987). A guess, to be read with less trust."""
    m = _YEAR_ONE_AS_SEVEN.search(raw.translate(DIGIT_LOOKALIKES))
    return "1" + m.group(1) if m is not None and not _YEAR.search(raw) else None


def _boxed_number(raw: str) -> str | None:
    """Twelve digits read as a word of their own between a comb's walls and crumbs
    ("|0 087307430426 |": the first box's wall read as "|0"), when they make a number that
    can exist and no other word holds a digit but the crumbs before them."""
    words = [w.strip("|[](){}.,:;") for w in raw.split()]
    found = [w for w in words if len(w) == 12 and w.isdigit() and idnumber.parse(w).valid]
    rest = [w for w in words if w and w not in found]
    if len(found) != 1 or any(len(w) > 2 and any(ch.isdigit() for ch in w) for w in rest):
        return None
    return found[0]


def near_value(a: str, b: str) -> bool:
    """Values that differ by what OCR typically does (one or two characters)."""
    fa, fb = squash(fold(a)), squash(fold(b))
    return Levenshtein.distance(fa, fb) <= 2
