"""Vietnamese personal ID number (số định danh cá nhân, 12 digits): structure checks.

Structure AAA B CC DDDDDD [V]: AAA province of birth registration (old 63-province codes),
B sex and century (0/1 male/female born 1900s, 2/3 2000s, 4/5 2100s, 6/7 2200s, 8/9 2300s),
CC the last two digits of the birth year, DDDDDD random.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

_DIGITS = re.compile(r"^\d{12}\Z")
IN_TEXT = re.compile(r"(?<!\d)\d{12}(?!\d)")  # a 12-digit number standing alone in text
# Characters OCR commonly reads instead of digits.
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1",
                             "i": "1", "Z": "2", "S": "5", "s": "5", "B": "8", "G": "6", "b": "6",
                             "g": "9", "q": "9", "T": "7"})  # fmt: skip


@dataclass
class IdCheck:
    number: str
    valid: bool
    problems: list[str] = field(default_factory=list)  # Vietnamese reasons
    province: str | None = None
    sex: str | None = None  # "Nam" / "Nữ"
    century: int | None = None  # 1900, 2000, ...
    year_2digits: int | None = None


def normalize(raw: str) -> str | None:
    """Pull a 12-digit number out of OCR text ('0790 9501 2345', '07909S012345'), else None."""
    cleaned = re.sub(r"[\s.\-]", "", raw)
    # exactly 12: a longer run of digits is a misreading, not a number to cut
    m = re.search(r"(?<![0-9])[0-9OoDQIl|iZSsBGbgqT]{12}(?![0-9])", cleaned)
    if not m:
        return None
    candidate = m.group(0).translate(_OCR_DIGITS)
    if not _DIGITS.match(candidate):
        return None
    # must have mostly real digits to avoid turning words into numbers
    if sum(ch.isdigit() for ch in m.group(0)) < 10:
        return None
    return candidate


def parse(number: str) -> IdCheck:
    """Decode the structure; ``valid`` False with reasons when the number cannot be real."""
    n = number.strip()
    chk = IdCheck(number=n, valid=True)
    if not _DIGITS.match(n):
        chk.valid = False
        chk.problems.append("Số định danh cá nhân phải gồm 12 chữ số")
        return chk
    prov = n[:3]
    chk.province = PROVINCE_CODES.get(prov)
    if chk.province is None:
        chk.valid = False
        chk.problems.append(f"Mã tỉnh {prov} trong số định danh cá nhân không tồn tại")
    b = int(n[3])
    chk.sex = "Nam" if b % 2 == 0 else "Nữ"
    chk.century = 1900 + 100 * (b // 2)
    chk.year_2digits = int(n[4:6])
    return chk


def birth_year(number: str) -> int | None:
    chk = parse(number)
    if chk.century is None or chk.year_2digits is None:
        return None
    return chk.century + chk.year_2digits


def only_one_born(readings: Iterable[str], years: Collection[int]) -> str | None:
    """Of several readings of one written number, the one number someone can have, when
    exactly one is and it encodes the one year of ``years`` (the person's birth year, as
    their papers give it); None otherwise."""
    able = [r for r in dict.fromkeys(readings) if parse(r).valid]
    if len(able) != 1 or len(years) != 1:
        return None
    return able[0] if birth_year(able[0]) in years else None


def check(number: str, *, date_of_birth: date | None = None, sex: str | None = None) -> IdCheck:
    """Structure plus agreement with the holder's birth date and sex when known."""
    chk = parse(number)
    if not _DIGITS.match(chk.number):
        return chk
    if date_of_birth is not None:
        year = (chk.century or 0) + (chk.year_2digits or 0)
        if year != date_of_birth.year:
            chk.valid = False
            chk.problems.append(
                f"Số định danh cá nhân (năm sinh {year}) không khớp với năm sinh {date_of_birth.year}"
            )
    norm_sex = normalize_sex(sex) if sex else None
    if norm_sex and chk.sex and norm_sex != chk.sex:
        chk.valid = False
        chk.problems.append(
            f"Số định danh cá nhân (giới tính {chk.sex}) không khớp với giới tính {norm_sex}"
        )
    return chk


def normalize_sex(value: str) -> str | None:
    from hoso.text import fold

    words = value.strip().lower().split()
    if words and words[0].strip(".,;:") == "năm":
        return None  # "năm sinh ...": a year, not "Nam" (the same letters once folded)
    v = fold(value).strip()
    if v.startswith(("nu", "female", "f")) or "/ f" in v or v.endswith("/f"):
        return "Nữ"
    if v.startswith("mu"):
        return "Nữ"  # a hand's N read as M ("Mữ", dev35 18296): "Nam" has no u
    if v.startswith(("nam", "male", "m")):
        return "Nam"
    return None


def make(province: str, sex: str, dob: date, serial: int) -> str:
    """Build a structurally valid number (samples and tests)."""
    century_index = (dob.year - 1900) // 100
    b = century_index * 2 + (1 if normalize_sex(sex) == "Nữ" else 0)
    return f"{province}{b}{dob.year % 100:02d}{serial % 1_000_000:06d}"
