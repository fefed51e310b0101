"""Synthetic people, addresses and ID numbers for sample dossiers (deterministic per seed)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from hoso import idnumber

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương"]  # fmt: skip
MIDDLE = {
    "Nam": ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thành", "Công", "Xuân", "Đình"],
    "Nữ": ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Bảo", "Thúy", "Mỹ", "Diệu"],
}
GIVEN = {
    "Nam": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc",
            "Quang", "Sơn", "Thắng", "Tuấn", "Việt", "Đạt", "Lộc", "Khôi", "Hiếu", "Trọng"],
    "Nữ": ["Anh", "Châu", "Dung", "Hà", "Hằng", "Hương", "Lan", "Linh", "Mai", "Ngân",
           "Nhung", "Phương", "Thảo", "Trang", "Yến", "Huệ", "Loan", "Ngọc", "Quyên", "Tuyết"],
}  # fmt: skip
STREETS = ["Lê Lợi", "Trần Phú", "Nguyễn Du", "Quang Trung", "Phan Đình Phùng",
           "Hai Bà Trưng", "Lê Hồng Phong", "Nguyễn Thị Minh Khai", "Hồ Tùng Mậu"]  # fmt: skip
PLACES = [
    ("phường Vinh Phú", "tỉnh Nghệ An"), ("phường Thành Vinh", "tỉnh Nghệ An"),
    ("xã Diễn Châu", "tỉnh Nghệ An"), ("xã Đô Lương", "tỉnh Nghệ An"),
    ("phường Hoàn Kiếm", "thành phố Hà Nội"), ("phường Ba Đình", "thành phố Hà Nội"),
    ("phường Bến Thành", "Thành phố Hồ Chí Minh"), ("phường Hải Châu", "thành phố Đà Nẵng"),
    ("xã Tiên Du", "tỉnh Bắc Ninh"), ("phường Hạc Thành", "tỉnh Thanh Hóa"),
    ("phường Thuận Hóa", "thành phố Huế"), ("xã Hưng Nguyên", "tỉnh Nghệ An"),
]  # fmt: skip
ETHNIC = ["Kinh", "Kinh", "Kinh", "Thái", "Tày", "Mường"]


@dataclass
class Person:
    full_name: str
    sex: str  # "Nam" / "Nữ"
    dob: date
    id_number: str
    address: str
    origin: str
    ethnic: str = "Kinh"
    id_expiry: date | None = None
    id_issued: date | None = None

    @property
    def surname(self) -> str:
        return self.full_name.split()[0]


def address(rng: random.Random) -> str:
    ward, prov = rng.choice(PLACES)
    return f"Số {rng.randint(1, 220)} đường {rng.choice(STREETS)}, {ward}, {prov}"


def place(rng: random.Random) -> str:
    ward, prov = rng.choice(PLACES)
    return f"{ward}, {prov}"


def person(
    rng: random.Random,
    today: date,
    *,
    sex: str | None = None,
    surname: str | None = None,
    min_age: int = 20,
    max_age: int = 65,
) -> Person:
    sex = sex or rng.choice(["Nam", "Nữ"])
    name = " ".join(
        [surname or rng.choice(SURNAMES), rng.choice(MIDDLE[sex]), rng.choice(GIVEN[sex])]
    )
    if rng.random() < 0.25:
        name = " ".join([*name.split()[:2], rng.choice(GIVEN[sex]), name.split()[-1]])
    age_days = rng.randint(min_age * 365, max_age * 365)
    dob = today - timedelta(days=age_days)
    prov = rng.choice(sorted(idnumber.PROVINCE_CODES))
    idn = idnumber.make(prov, sex, dob, rng.randint(0, 999_999))
    issued = max(dob + timedelta(days=14 * 365 + 30), date(2021, 1, 1)) + timedelta(
        days=rng.randint(0, 900)
    )
    expiry = _expiry(dob, issued)
    if expiry is not None and expiry <= today + timedelta(days=3 * 365):
        issued = today - timedelta(days=rng.randint(20, 300))  # renewed recently
        expiry = _expiry(dob, issued)
    return Person(name, sex, dob, idn, address(rng), place(rng), rng.choice(ETHNIC), expiry, issued)


def _expiry(dob: date, issued: date) -> date | None:
    """ID card validity: until the 25th, 40th or 60th birthday following issue; none after 60."""
    for age in (25, 40, 60):
        try:
            b = dob.replace(year=dob.year + age)
        except ValueError:  # 29 Feb
            b = dob.replace(year=dob.year + age, day=28)
        if issued < b - timedelta(days=2 * 365):
            return b
    return None


def child(rng: random.Random, today: date, surname: str) -> Person:
    sex = rng.choice(["Nam", "Nữ"])
    name = " ".join([surname, rng.choice(MIDDLE[sex]), rng.choice(GIVEN[sex])])
    dob = today - timedelta(days=rng.randint(3, 55))
    return Person(name, sex, dob, "", "", "")
