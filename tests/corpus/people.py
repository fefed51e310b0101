"""Synthetic Vietnamese people: names, dates, ID numbers, addresses, phones.

ID number (CCCD, 12 digits) = AAA B CC DDDDDD: AAA the province where the birth was registered
(old 63-province list), B sex and century (0/1 male/female 1900s, 2/3 2000s), CC the birth
year's last two digits, DDDDDD random.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

# ------------------------------------------------------------------------------ provinces
# old province (ID code) -> province after the 1 Jul 2025 merger
# fmt: off
OLD_PROVINCES: list[tuple[str, str, str]] = [
    ("001", "Hà Nội", "Hà Nội"), ("002", "Hà Giang", "Tuyên Quang"),
    ("004", "Cao Bằng", "Cao Bằng"), ("006", "Bắc Kạn", "Thái Nguyên"),
    ("008", "Tuyên Quang", "Tuyên Quang"), ("010", "Lào Cai", "Lào Cai"),
    ("011", "Điện Biên", "Điện Biên"), ("012", "Lai Châu", "Lai Châu"),
    ("014", "Sơn La", "Sơn La"), ("015", "Yên Bái", "Lào Cai"), ("017", "Hòa Bình", "Phú Thọ"),
    ("019", "Thái Nguyên", "Thái Nguyên"), ("020", "Lạng Sơn", "Lạng Sơn"),
    ("022", "Quảng Ninh", "Quảng Ninh"), ("024", "Bắc Giang", "Bắc Ninh"),
    ("025", "Phú Thọ", "Phú Thọ"), ("026", "Vĩnh Phúc", "Phú Thọ"),
    ("027", "Bắc Ninh", "Bắc Ninh"), ("030", "Hải Dương", "Hải Phòng"),
    ("031", "Hải Phòng", "Hải Phòng"), ("033", "Hưng Yên", "Hưng Yên"),
    ("034", "Thái Bình", "Hưng Yên"), ("035", "Hà Nam", "Ninh Bình"),
    ("036", "Nam Định", "Ninh Bình"), ("037", "Ninh Bình", "Ninh Bình"),
    ("038", "Thanh Hóa", "Thanh Hóa"), ("040", "Nghệ An", "Nghệ An"),
    ("042", "Hà Tĩnh", "Hà Tĩnh"), ("044", "Quảng Bình", "Quảng Trị"),
    ("045", "Quảng Trị", "Quảng Trị"), ("046", "Thừa Thiên Huế", "Huế"),
    ("048", "Đà Nẵng", "Đà Nẵng"), ("049", "Quảng Nam", "Đà Nẵng"),
    ("051", "Quảng Ngãi", "Quảng Ngãi"), ("052", "Bình Định", "Gia Lai"),
    ("054", "Phú Yên", "Đắk Lắk"), ("056", "Khánh Hòa", "Khánh Hòa"),
    ("058", "Ninh Thuận", "Khánh Hòa"), ("060", "Bình Thuận", "Lâm Đồng"),
    ("062", "Kon Tum", "Quảng Ngãi"), ("064", "Gia Lai", "Gia Lai"), ("066", "Đắk Lắk", "Đắk Lắk"),
    ("067", "Đắk Nông", "Lâm Đồng"), ("068", "Lâm Đồng", "Lâm Đồng"),
    ("070", "Bình Phước", "Đồng Nai"), ("072", "Tây Ninh", "Tây Ninh"),
    ("074", "Bình Dương", "Hồ Chí Minh"), ("075", "Đồng Nai", "Đồng Nai"),
    ("077", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"), ("079", "Hồ Chí Minh", "Hồ Chí Minh"),
    ("080", "Long An", "Tây Ninh"), ("082", "Tiền Giang", "Đồng Tháp"),
    ("083", "Bến Tre", "Vĩnh Long"), ("084", "Trà Vinh", "Vĩnh Long"),
    ("086", "Vĩnh Long", "Vĩnh Long"), ("087", "Đồng Tháp", "Đồng Tháp"),
    ("089", "An Giang", "An Giang"), ("091", "Kiên Giang", "An Giang"),
    ("092", "Cần Thơ", "Cần Thơ"), ("093", "Hậu Giang", "Cần Thơ"),
    ("094", "Sóc Trăng", "Cần Thơ"), ("095", "Bạc Liêu", "Cà Mau"), ("096", "Cà Mau", "Cà Mau"),
]
# fmt: on
CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
# Population weight of the old provinces (rough): big cities and populous provinces first.
# fmt: off
_WEIGHT = {
    "001": 9, "079": 10, "040": 4, "038": 4, "031": 3, "048": 2, "092": 2, "075": 3, "074": 3,
    "036": 2, "034": 2, "030": 2, "027": 2, "024": 2, "089": 2, "066": 2,
}
# fmt: on

# New-era communes/wards (two-level addresses), a few per province; others built from parts.
# fmt: off
WARDS: dict[str, list[str]] = {
    "Hà Nội": [
        "phường Ba Đình", "phường Hoàn Kiếm", "phường Cầu Giấy", "phường Đống Đa",
        "phường Hai Bà Trưng", "phường Hoàng Mai", "phường Long Biên", "phường Tây Hồ",
        "phường Hà Đông", "xã Sóc Sơn", "xã Đông Anh", "xã Gia Lâm", "phường Thanh Xuân",
        "xã Thường Tín", "phường Sơn Tây",
    ],
    "Hồ Chí Minh": [
        "phường Sài Gòn", "phường Bến Thành", "phường Tân Định", "phường Gia Định",
        "phường Gò Vấp", "phường Thủ Đức", "phường Tân Bình", "phường Phú Nhuận", "xã Củ Chi",
        "xã Bình Chánh", "phường Thủ Dầu Một", "phường Vũng Tàu", "phường Chợ Lớn", "xã Hóc Môn",
        "phường Bình Tân",
    ],
    "Nghệ An": [
        "phường Thành Vinh", "phường Trường Vinh", "phường Vinh Hưng", "phường Vinh Phú",
        "xã Diễn Châu", "xã Quỳnh Lưu", "phường Cửa Lò", "xã Nghi Lộc", "xã Yên Thành",
    ],
    "Đà Nẵng": [
        "phường Hải Châu", "phường Thanh Khê", "phường Sơn Trà", "phường Ngũ Hành Sơn",
        "phường Hội An", "phường Tam Kỳ", "xã Hòa Vang", "phường Cẩm Lệ",
    ],
    "Hải Phòng": [
        "phường Hồng Bàng", "phường Lê Chân", "phường Ngô Quyền", "phường Hải Dương",
        "phường Kiến An", "xã Thủy Nguyên", "phường Chí Linh",
    ],
    "Cần Thơ": [
        "phường Ninh Kiều", "phường Cái Khế", "phường Bình Thủy", "phường Sóc Trăng",
        "phường Vị Thanh", "xã Phong Điền", "phường Cái Răng",
    ],
    "Huế": [
        "phường Thuận Hóa", "phường Phú Xuân", "phường Hương Thủy", "phường Kim Long",
        "xã Phú Vang",
    ],
    "Thanh Hóa": [
        "phường Hạc Thành", "phường Sầm Sơn", "xã Hoằng Hóa", "xã Quảng Xương", "phường Bỉm Sơn",
    ],
    "Đồng Nai": [
        "phường Biên Hòa", "phường Trấn Biên", "phường Long Khánh", "xã Trảng Bom",
        "phường Đồng Xoài",
    ],
    "Khánh Hòa": [
        "phường Nha Trang", "phường Cam Ranh", "phường Phan Rang", "xã Diên Khánh",
    ],
    "Lâm Đồng": [
        "phường Xuân Hương - Đà Lạt", "phường Bảo Lộc", "phường Phan Thiết", "xã Đức Trọng",
        "phường Gia Nghĩa",
    ],
}
# fmt: on
# fmt: off
_WARD_PARTS = [
    "Tân Phú", "Hòa Bình", "Thạnh Phú", "An Phú", "Phú Lợi", "Tân An", "Hưng Lợi", "Bình Minh",
    "Quang Trung", "Đông Hòa", "Tây Sơn", "Xuân Hòa", "Phước Long", "Long Hưng", "Mỹ Phước",
    "Vĩnh Hòa", "Trung Sơn", "Nghĩa Đàn", "Tiên Lữ", "Kim Sơn", "Hòa Thành", "Lộc Hà", "Yên Lạc",
    "Nam Đàn", "Đức Phổ",
]
# fmt: on
# fmt: off
_STREETS = [
    "Trần Phú", "Lê Lợi", "Nguyễn Trãi", "Lý Thường Kiệt", "Hai Bà Trưng", "Quang Trung",
    "Nguyễn Huệ", "Lê Duẩn", "Phan Đình Phùng", "Hùng Vương", "Trường Chinh", "Nguyễn Văn Cừ",
    "Lê Hồng Phong", "Võ Thị Sáu", "Điện Biên Phủ", "Cách Mạng Tháng Tám", "Nguyễn Du", "Bà Triệu",
    "Phạm Văn Đồng", "Tôn Đức Thắng",
]
# fmt: on

# ----------------------------------------------------------------------------------- names
# fmt: off
FAMILY = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 30), ("Huỳnh", 21),
    ("Phan", 45), ("Vũ", 20), ("Võ", 19), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 5), ("Đoàn", 4), ("Trịnh", 4), ("Lương", 3),
    ("Mai", 3), ("Lâm", 3), ("Tạ", 2), ("Cao", 3), ("Hà", 3), ("Tô", 2), ("Quách", 1), ("Chu", 2),
    ("Lưu", 2), ("Kiều", 1), ("Thái", 1), ("Triệu", 1), ("La", 1), ("Vương", 1), ("Mạc", 1),
    ("Nông", 1), ("Lò", 1), ("Hứa", 1), ("Âu", 1), ("Tăng", 1), ("Khúc", 1),
]
# fmt: on
# fmt: off
MIDDLE_M_OLD = [
    "Văn", "Văn", "Văn", "Đức", "Hữu", "Công", "Đình", "Xuân", "Quang", "Ngọc", "Minh", "Thanh",
    "Trọng", "Thế", "Viết", "Bá",
]
# fmt: on
# fmt: off
MIDDLE_M_NEW = [
    "Minh", "Đức", "Quang", "Gia", "Bảo", "Anh", "Tuấn", "Hoàng", "Quốc", "Duy", "Thành", "Hải",
    "Trung", "Khánh", "Văn", "Nhật", "Đăng", "Tiến",
]
# fmt: on
# fmt: off
MIDDLE_F_OLD = [
    "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Bích", "Hồng", "Minh", "Hoài",
    "Xuân",
]
# fmt: on
# fmt: off
MIDDLE_F_NEW = [
    "Thị", "Ngọc", "Thu", "Thùy", "Phương", "Minh", "Bảo", "Khánh", "Quỳnh", "Diệu", "Mỹ", "Hải",
    "Hà", "Thảo", "Gia", "Tú", "Thanh",
]
# fmt: on
# fmt: off
GIVEN_M = [
    "Anh", "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Long", "Hải", "Sơn", "Thắng", "Cường", "Huy",
    "Khoa", "Phúc", "Đạt", "Trung", "Quân", "Hiếu", "Tùng", "Kiên", "Lâm", "Thịnh", "Vinh", "Bình",
    "Hòa", "Toàn", "Nghĩa", "Lực", "Phong", "Khang", "Bảo", "Khôi", "Đức", "Hưng", "Tài", "Lộc",
    "Hoàng", "Việt", "Tiến", "Thành", "Quý", "Tú", "Lợi", "Thuận", "Trí", "Nhân", "Hậu", "Danh",
    "Khải", "Vũ",
]
# fmt: on
# fmt: off
GIVEN_F = [
    "Lan", "Hương", "Hoa", "Hằng", "Linh", "Trang", "Nga", "Thảo", "Hà", "Huyền", "Ngọc", "Yến",
    "Nhung", "Phương", "Mai", "Thủy", "Vân", "Loan", "Hạnh", "Oanh", "Dung", "Giang", "Quỳnh",
    "Nhi", "Vy", "Chi", "Anh", "Tâm", "Thư", "Ngân", "Hiền", "Diệp", "Uyên", "Trâm", "My", "Hồng",
    "Liên", "Xuân", "Tuyết", "Châu", "Thắm", "Lụa", "Duyên", "Hậu", "Nguyệt", "Trinh", "Ánh",
    "Thu",
]
# fmt: on
# fmt: off
KID_M = [
    "Minh Khôi", "Gia Huy", "Bảo Nam", "Đăng Khoa", "Minh Anh", "Tuấn Kiệt", "Phúc An",
    "Hoàng Long", "Gia Bảo", "Nhật Minh", "Khánh An", "Quốc Bảo", "Thiên Phúc", "Đức Minh",
]
# fmt: on
# fmt: off
KID_F = [
    "Bảo Anh", "Gia Hân", "Ngọc Diệp", "Khánh Linh", "Minh Thư", "Thảo My", "An Nhiên", "Tuệ Nhi",
    "Bảo Ngọc", "Hà My", "Phương Anh", "Diệp Chi", "Minh Châu", "Tú Anh",
]
# fmt: on
# fmt: off
ETHNIC = [
    ("Kinh", 86), ("Tày", 2), ("Thái", 2), ("Mường", 2), ("Khmer", 2), ("Hoa", 1), ("Nùng", 1),
    ("Dao", 1),
]
# fmt: on
# fmt: off
JOBS = [
    "Kinh doanh tự do", "Công nhân", "Giáo viên", "Nhân viên văn phòng", "Nông dân",
    "Kỹ sư xây dựng", "Lao động tự do", "Buôn bán", "Kế toán", "Nội trợ", "Tài xế",
    "Nhân viên bán hàng", "Điều dưỡng", "Sinh viên", "Thợ may",
]
# fmt: on
# fmt: off
MARKS = [
    "Nốt ruồi C:1cm trên đầu lông mày phải", "Sẹo chấm C:2cm dưới sau cánh mũi trái",
    "Nốt ruồi C:1,5cm dưới sau mép phải", "Sẹo chấm C:1cm trên trước đuôi mắt trái",
    "Nốt ruồi C:2cm dưới trước tai trái", "Sẹo chấm C:1cm dưới đầu lông mày trái",
]
# fmt: on


def weighted(rng: random.Random, items: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


@dataclass(frozen=True)
class Address:
    detail: str  # house number / hamlet
    ward: str  # "phường X" / "xã Y"
    province: str  # new-era province name (two levels)
    district: str | None = None  # set for older three-level addresses
    old_province: str | None = None

    def text(self) -> str:
        prov = _prov_label(self.old_province or self.province)
        if self.district:
            return f"{self.detail}, {self.ward}, {self.district}, {prov}"
        return f"{self.detail}, {self.ward}, {prov}"

    def short(self) -> str:
        prov = _prov_label(self.old_province or self.province)
        parts = [self.ward] + ([self.district] if self.district else []) + [prov]
        return ", ".join(parts)

    @property
    def prov_name(self) -> str:
        return self.old_province or self.province

    def legacy(self) -> Address:
        """The same place written the pre-2025 way (commune, district, old province)."""
        if self.district:
            return self
        r = random.Random(f"{self.detail}|{self.ward}|{self.province}")
        olds = [o for _, o, n in OLD_PROVINCES if n == self.province] or [self.province]
        return Address(
            self.detail, self.ward, self.province, _district(r, self.ward), r.choice(olds)
        )

    @property
    def place(self) -> str:
        """Place name used in 'X, ngày ... tháng ... năm ...'."""
        if self.province in CITIES:
            return self.province if self.province != "Hồ Chí Minh" else "TP. Hồ Chí Minh"
        return self.ward.split(" ", 1)[1]


def _prov_label(name: str) -> str:
    if name in CITIES:
        return "TP. Hồ Chí Minh" if name == "Hồ Chí Minh" else f"thành phố {name}"
    return f"tỉnh {name}"


@dataclass(frozen=True)
class Person:
    family: str
    middle: str
    given: str
    sex: str  # "Nam" | "Nữ"
    dob: date
    id_number: str
    birth_code: str  # AAA
    birth_province: str  # old province of birth registration
    residence: Address
    hometown: str
    ethnicity: str = "Kinh"
    phone: str = ""
    job: str = ""
    mark: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.family, self.middle, self.given) if p)

    @property
    def upper(self) -> str:
        return self.full_name.upper()

    @property
    def male(self) -> bool:
        return self.sex == "Nam"

    def age_on(self, day: date) -> int:
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))


def dmy(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def id_digit_b(sex: str, year: int) -> int:
    return (0 if year < 2000 else 2 if year < 2100 else 4) + (0 if sex == "Nam" else 1)


def make_id(rng: random.Random, code: str, sex: str, dob: date) -> str:
    return f"{code}{id_digit_b(sex, dob.year)}{dob.year % 100:02d}{rng.randrange(10**6):06d}"


def other_id(rng: random.Random, real: str) -> str:
    """A clearly different, still well-formed ID number for the same birth year and sex."""
    while True:
        tail = f"{rng.randrange(10**6):06d}"
        code = real[:3] if rng.random() < 0.6 else rng.choice(OLD_PROVINCES)[0]
        cand = code + real[3:6] + tail
        if sum(a != b for a, b in zip(cand[6:], real[6:], strict=True)) >= 4:
            return cand


def impossible_id(rng: random.Random, real: str, dob: date, sex: str) -> str:
    """An ID whose sex/century digit or year digits cannot belong to ``dob``/``sex``; the
    rest of the number differs too (a different number, not a one-digit slip)."""
    b = int(real[3])
    tail = other_id(rng, real)[6:]
    if rng.random() < 0.5:
        yy = (dob.year % 100 + rng.choice([-1, 1]) * rng.randint(4, 15)) % 100
        return real[:3] + real[3] + f"{yy:02d}" + tail
    wrong = [d for d in range(4) if d != b and (d % 2 != b % 2 or d // 2 != b // 2)]
    return real[:3] + str(rng.choice(wrong)) + real[4:6] + tail


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def phone(rng: random.Random) -> str:
    pre = rng.choice(["09", "09", "08", "03", "07", "05"])
    return pre + "".join(str(rng.randrange(10)) for _ in range(8))


def address(rng: random.Random, province: str | None = None, old: bool = False) -> Address:
    if province is None:
        code, oldp, province = _pick_old(rng)
    else:
        oldp = rng.choice([o for _, o, n in OLD_PROVINCES if n == province] or [province])
    if province in WARDS:
        ward = rng.choice(WARDS[province])
    else:
        ward = ("xã " if rng.random() < 0.55 else "phường ") + rng.choice(_WARD_PARTS)
    r = rng.random()
    if ward.startswith("phường") or province in CITIES:
        if r < 0.5:
            detail = f"Số {rng.randint(1, 250)} đường {rng.choice(_STREETS)}"
        elif r < 0.8:
            detail = (
                f"Số {rng.randint(1, 90)}, ngõ {rng.randint(2, 400)} phố {rng.choice(_STREETS)}"
            )
        else:
            detail = f"Tổ dân phố {rng.randint(1, 30)}"
    else:
        detail = rng.choice(["Thôn", "Xóm", "Ấp", "Khu phố", "Bản"]) + f" {rng.randint(1, 15)}"
        if detail.startswith("Ấp") and rng.random() < 0.5:
            detail = f"Ấp {rng.choice(_WARD_PARTS)}"
    if old:
        return Address(detail, ward, province, _district(rng, ward), oldp)
    return Address(detail, ward, province)


def _district(rng: random.Random, ward: str) -> str:
    """A plausible pre-2025 district (quận for wards in cities, huyện or thị xã otherwise)."""
    kind = (
        "quận"
        if ward.startswith("phường") and rng.random() < 0.5
        else rng.choice(["huyện", "huyện", "thị xã", "thành phố"])
    )
    return f"{kind} {rng.choice(_WARD_PARTS)}"


def _pick_old(rng: random.Random) -> tuple[str, str, str]:
    w = [_WEIGHT.get(c, 1) for c, _, _ in OLD_PROVINCES]
    return rng.choices(OLD_PROVINCES, weights=w)[0]


def person(
    rng: random.Random,
    sex: str | None = None,
    born: tuple[int, int] = (1950, 2006),
    family: str | None = None,
    residence: Address | None = None,
    kid: bool = False,
    dob: date | None = None,
) -> Person:
    sex = sex or rng.choice(["Nam", "Nữ"])
    dob = dob or random_date(rng, date(born[0], 1, 1), date(born[1], 12, 31))
    fam = family or weighted(rng, FAMILY)
    male = sex == "Nam"
    if kid:
        two = (KID_M if male else KID_F)[rng.randrange(14)].split()
        middle, given = two[0], two[1]
    else:
        young = dob.year >= 1985
        pool = (
            (MIDDLE_M_NEW if young else MIDDLE_M_OLD)
            if male
            else (MIDDLE_F_NEW if young else MIDDLE_F_OLD)
        )
        middle = rng.choice(pool)
        if rng.random() < 0.12:  # four-part names: Nguyễn Thị Thu Hà
            extra = rng.choice(MIDDLE_F_NEW if not male else MIDDLE_M_NEW)
            if extra != middle:
                middle = f"{middle} {extra}"
        given = rng.choice(GIVEN_M if male else GIVEN_F)
        if given in middle.split():
            given = rng.choice(GIVEN_M if male else GIVEN_F)
    code, oldp, newp = _pick_old(rng)
    res = residence or address(rng, newp if rng.random() < 0.7 else None, old=rng.random() < 0.12)
    home_code, home_old, _ = _pick_old(rng) if rng.random() < 0.4 else (code, oldp, newp)
    hometown = f"{rng.choice(['xã', 'phường'])} {rng.choice(_WARD_PARTS)}, {_prov_label(home_old)}"
    return Person(
        family=fam,
        middle=middle,
        given=given,
        sex=sex,
        dob=dob,
        id_number=make_id(rng, code, sex, dob),
        birth_code=code,
        birth_province=oldp,
        residence=res,
        hometown=hometown,
        ethnicity=weighted(rng, ETHNIC),
        phone=phone(rng),
        job=rng.choice(JOBS) if dob.year < 2007 else ("Học sinh" if dob.year < 2021 else ""),
        mark=rng.choice(MARKS),
    )


def stranger(rng: random.Random, like: Person) -> Person:
    """A clearly different person (different family and given name)."""
    while True:
        p = person(rng, sex=like.sex, born=(like.dob.year - 12, like.dob.year + 12))
        if p.family != like.family and p.given != like.given:
            return p


def with_id(p: Person, id_number: str) -> Person:
    return replace(p, id_number=id_number)
