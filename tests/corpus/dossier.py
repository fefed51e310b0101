"""One dossier from one seed: people, scenario, papers, rendering, files, manifest, truth.

Truth rules (what a careful officer decides on seeing the papers):
- a component is present when a paper of one of its doc types is in the dossier; a one_of
  group is present when one member is;
- missing = required components absent + one_of groups with no member present (conditional
  and optional components are never missing);
- invalid = the component of the paper the applicant must redo (scenario-driven);
- expected_status = received iff nothing is missing or invalid.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from . import cards, papers
from .papers import St
from .people import (
    Address,
    Person,
    address,
    impossible_id,
    other_id,
    person,
    random_date,
    stranger,
)
from .render import Doc

REPO = Path(__file__).resolve().parents[2]
PROCEDURES = [
    "KHAI_SINH",
    "LY_LICH_TU_PHAP",
    "HO_KINH_DOANH",
    "GPXD_NHA_O",
    "THUONG_TRU",
    "KET_HON",
]
TIERS = ["ordinary", "harder", "handwritten"]
BASE = {"dev": 10000, "holdout": 90000}
RECEIVED = (date(2026, 1, 5), date(2026, 6, 30))
HOLIDAYS = {date(2026, 1, 1), date(2026, 4, 27), date(2026, 4, 30), date(2026, 5, 1)} | {
    date(2026, 2, 14) + timedelta(days=k)
    for k in range(9)  # Tết 2026
}
# papers a citizen fills in (handwritten in the handwritten tier) / that may be born-digital
CITIZEN_FORMS = {
    "to_khai_khai_sinh",
    "van_ban_lam_chung",
    "van_ban_cam_doan",
    "giay_uy_quyen",
    "to_khai_lltp",
    "giay_de_nghi_hkd",
    "bien_ban_hop",
    "don_gpxd",
    "cam_ket_an_toan",
    "to_khai_ct01",
    "hop_dong_thue_nha",
    "to_khai_ket_hon",
}
DIGITAL_OK = CITIZEN_FORMS | {"ban_ve_thiet_ke"}


def scenario_cycle(split: str, proc: str) -> list[str]:
    if proc in ("HO_KINH_DOANH", "LY_LICH_TU_PHAP"):  # the ID card is a required component
        counts = {"complete": 8, "alternative": 2, "missing": 4, "identity": 3, "expired": 3}
    elif proc == "GPXD_NHA_O":  # no accepted alternative paper
        counts = {"complete": 12, "missing": 4, "identity": 4}
    else:
        counts = {"complete": 9, "alternative": 3, "missing": 4, "identity": 4}
    cycle = [s for s, n in counts.items() for _ in range(n)]
    random.Random(f"{split}/{proc}").shuffle(cycle)
    return cycle


def load_procedure(code: str) -> dict[str, Any]:
    paths = sorted((REPO / "schemas" / "procedures").glob(f"{code}@*.json"))
    if not paths:
        raise FileNotFoundError(f"no procedure file for {code}")
    return json.loads(paths[-1].read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def spec(split: str, i: int) -> tuple[int, str, str]:
    """Seed, procedure and tier of dossier ``i`` of ``split``."""
    return BASE[split] + i, PROCEDURES[i % 6], TIERS[(i // 6) % 3]


# ------------------------------------------------------------------------------ model
@dataclass
class Paper:
    kind: str
    doc_type: str | None
    make: Callable[[St], Doc] | None = None  # forms
    cards: list[cards.CardData] = field(default_factory=list)  # one person's card / passport
    citizen: bool = False
    note: str = ""
    force_v: tuple[int, ...] | None = None  # layout variants allowed


class Builder:
    def __init__(self, split: str, seed: int) -> None:
        i = seed - BASE[split]
        self.split, self.seed = split, seed
        _, self.proc, self.tier = spec(split, i)
        self.rng = random.Random(seed)
        self.p = load_procedure(self.proc)
        self.day = self._received_day()
        self.papers: list[Paper] = []
        self.invalid: dict[str, str] = {}
        self.desc: list[str] = []
        self.applicant: Person | None = None

    # ------------------------------------------------------------------ scenario
    def _received_day(self) -> date:
        while True:
            d = random_date(self.rng, *RECEIVED)
            if d.weekday() < 5 and d not in HOLIDAYS:
                return d

    def scenario(self) -> str:
        """Stratified: the k-th dossier of a procedure takes slot k of a fixed cycle of 20
        (shuffled once per split and procedure), so every 120 dossiers hold each procedure's
        scenarios in the same proportions."""
        k = (self.seed - BASE[self.split]) // 6
        return scenario_cycle(self.split, self.proc)[k % 20]

    # ------------------------------------------------------------------ helpers
    def card(
        self, p: Person, *, expired: bool = False, passport: bool = False, note: str = ""
    ) -> Paper:
        if passport:
            data = cards.passport_for(self.rng, p, self.day)
            return Paper("ho_chieu", "ho_chieu", cards=[data], note=note)
        data = cards.card_for(self.rng, p, self.day, expired=expired)
        return Paper("cccd", "cccd", cards=[data], note=note)

    def add(
        self,
        kind: str,
        make: Callable[[St], Doc],
        note: str = "",
        force_v: tuple[int, ...] | None = None,
    ) -> Paper:
        p = Paper(
            kind,
            papers.DOC_TYPES[kind],
            make=make,
            citizen=kind in CITIZEN_FORMS,
            note=note,
            force_v=force_v,
        )
        self.papers.append(p)
        return p

    def adult(
        self, sex: str | None = None, born: tuple[int, int] = (1955, 2004), **kw: Any
    ) -> Person:
        return person(self.rng, sex, born, **kw)

    def expired_adult(self, sex: str | None = None) -> Person:
        """Someone whose card ran out at 25 or 40 within the last few years."""
        age = self.rng.choice([25, 40])
        dob = self.day - timedelta(days=365 * age + self.rng.randint(30, 365 * 3))
        return person(self.rng, sex, dob=dob)

    def hospital(self, addr: Address) -> tuple[str, str]:
        prov = addr.province
        name = self.rng.choice(
            [
                f"Bệnh viện Đa khoa tỉnh {prov}",
                f"Bệnh viện Sản Nhi {prov}",
                f"Trạm Y tế {addr.ward}",
                f"Bệnh viện Phụ sản {prov}",
                "Bệnh viện Đa khoa khu vực",
            ]
        )
        if prov in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"):
            name = name.replace("tỉnh ", "").replace("Hồ Chí Minh", "TP. Hồ Chí Minh")
        return name, f"Sở Y tế {prov}" if prov != "Hồ Chí Minh" else "Sở Y tế TP. Hồ Chí Minh"

    # ================================================================ procedures
    def build(self) -> None:
        sc = self.scenario()
        self.sc = sc
        getattr(self, "p_" + self.proc.lower())(sc)
        r = self.rng
        if r.random() < 0.10:
            self.add_unknown()
        if r.random() < 0.05:
            self.add_foreign()
        if not self.papers:  # every required paper missing: the citizen brought something else
            self.add_unknown()

    def p_khai_sinh(self, sc: str) -> None:
        r = self.rng
        mother = self.adult("Nữ", (self.day.year - 42, self.day.year - 19))
        has_father = r.random() < 0.9
        father = (
            self.adult(
                "Nam",
                (mother.dob.year - 8, min(mother.dob.year + 2, self.day.year - 20)),
                residence=mother.residence,
            )
            if has_father
            else None
        )
        child_dob = self.day - timedelta(days=r.randint(3, 75))
        child = person(
            r,
            r.choice(["Nam", "Nữ"]),
            family=father.family if father else mother.family,
            kid=True,
            dob=child_dob,
            residence=mother.residence,
        )
        who = r.random()
        sub = r.choice(["card", "gcs", "year", "impossible"]) if sc == "identity" else ""
        if sub in ("gcs", "year", "impossible") or who < 0.6 or father is None:
            requester, rel = mother, "Mẹ"
        elif who < 0.9:
            requester, rel = father, "Cha"
        else:
            requester = self.adult(
                r.choice(["Nam", "Nữ"]), (1950, 1975), residence=mother.residence
            )
            rel = ("Bà " if requester.sex == "Nữ" else "Ông ") + r.choice(["nội", "ngoại"])
        self.applicant = requester
        self.desc.append(
            f"requester is the {'mother' if rel == 'Mẹ' else 'father' if rel == 'Cha' else 'grandparent'}"
        )
        form_id, myear = None, None
        proof = "giay_chung_sinh"
        if sc == "alternative":
            proof = r.choice(["van_ban_lam_chung", "van_ban_lam_chung", "van_ban_cam_doan"])
            self.desc.append(f"{proof} instead of the birth certificate")
        if sub == "card":
            form_id = other_id(r, requester.id_number)
            self.invalid["to_khai"] = "requester id_number on form differs from ID card"
        elif sub == "gcs":
            form_id = other_id(r, requester.id_number)
            self.invalid["to_khai"] = "mother id_number on form differs from birth certificate"
        elif sub == "year":
            myear = mother.dob.year + r.choice([-1, 1]) * r.randint(3, 9)
            self.invalid["to_khai"] = "mother birth year on form differs from birth certificate"
        elif sub == "impossible":
            form_id = impossible_id(r, requester.id_number, requester.dob, requester.sex)
            self.invalid["to_khai"] = (
                "requester id_number cannot belong to the stated birth year/sex"
            )
        hosp, dept = self.hospital(mother.residence)
        birth_place = (
            hosp + ", " + (f"tỉnh {mother.residence.province}" if "tỉnh" not in hosp else "")
        )
        birth_place = birth_place.rstrip(", ")
        missing = self.pick_missing(sc)
        if "to_khai" not in missing:
            self.add(
                "to_khai_khai_sinh",
                lambda st: papers.to_khai_khai_sinh(
                    st,
                    day=self.day,
                    requester=requester,
                    rel=rel,
                    child=child,
                    mother=mother,
                    father=father,
                    birth_place=birth_place,
                    form_id=form_id,
                    mother_year=myear,
                ),
            )
        if "chung_minh_viec_sinh" not in missing:
            if proof == "giay_chung_sinh":
                serial = f"{r.randint(100, 9999):04d}"
                t = f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}"
                w, births = r.randint(2500, 3900), r.choice([1, 1, 2, 2, 3])
                self.add(
                    "giay_chung_sinh",
                    lambda st: papers.giay_chung_sinh(
                        st,
                        day=child.dob + timedelta(days=r.randint(0, 3)),
                        mother=mother,
                        father=father,
                        child=child,
                        hospital=hosp,
                        dept=dept,
                        birth_time=t,
                        weight=w,
                        births=births,
                        serial=serial,
                    ),
                )
            elif proof == "van_ban_lam_chung":
                witness = self.adult(
                    born=(1950, 1990), residence=address(r, mother.residence.province)
                )
                place = f"nhà riêng tại {mother.residence.text()}"
                self.add(
                    "van_ban_lam_chung",
                    lambda st: papers.van_ban_lam_chung(
                        st,
                        day=self.day - timedelta(days=r.randint(1, 10)),
                        witness=witness,
                        mother=mother,
                        father=father,
                        child=child,
                        birth_place=place,
                        agency=mother.residence,
                    ),
                )
            else:
                reason = r.choice(
                    [
                        "sinh tại nhà, không có cán bộ y tế đỡ đẻ và không có người chứng kiến",
                        "sinh trên đường đến bệnh viện, không có người làm chứng",
                        "giấy chứng sinh bị mất và cơ sở y tế không cấp lại được",
                    ]
                )
                self.add(
                    "van_ban_cam_doan",
                    lambda st: papers.van_ban_cam_doan(
                        st,
                        day=self.day - timedelta(days=r.randint(0, 5)),
                        who=requester,
                        rel=rel,
                        mother=mother,
                        father=father,
                        child=child,
                        birth_place=f"{mother.residence.ward}, {mother.residence.province}",
                        reason=reason,
                    ),
                )
        if sub == "card" or (sub != "card" and r.random() < 0.55):
            self.papers.append(self.card(requester, passport=r.random() < 0.08))
            if father is not None and requester is mother and r.random() < 0.35:
                self.papers.append(self.card(father, note="father's card"))
        if r.random() < 0.10:
            taker = self.adult(born=(1960, 2000), residence=mother.residence)
            task = (
                f"nộp hồ sơ, nhận kết quả đăng ký khai sinh cho cháu {child.full_name} tại "
                f"{papers.commune_name(mother.residence)}"
            )
            self.add(
                "giay_uy_quyen",
                lambda st: papers.giay_uy_quyen(
                    st,
                    day=self.day - timedelta(days=r.randint(1, 6)),
                    giver=requester,
                    taker=taker,
                    task=task,
                    certified=True,
                    agency=mother.residence,
                ),
            )
            self.desc.append("authorisation letter (conditional)")

    def p_ly_lich_tu_phap(self, sc: str) -> None:
        r = self.rng
        p = self.expired_adult() if sc == "expired" else self.adult(born=(1958, 2006))
        self.applicant = p
        father = self.adult("Nam", (p.dob.year - 40, p.dob.year - 20), family=p.family)
        mother = self.adult("Nữ", (p.dob.year - 38, p.dob.year - 18))
        spouse = (
            self.adult("Nữ" if p.male else "Nam", (p.dob.year - 6, p.dob.year + 6))
            if p.age_on(self.day) > 26 and r.random() < 0.6
            else None
        )
        sub = r.choice(["card", "dob", "impossible"]) if sc == "identity" else ""
        form_id, form_dob = None, None
        if sub == "card":
            form_id = other_id(r, p.id_number)
            self.invalid["to_khai"] = "id_number on form differs from ID card"
        elif sub == "dob":
            form_dob = _shift_year(p.dob, r.choice([-1, 1]) * r.randint(3, 9))
            self.invalid["to_khai"] = "date_of_birth on form differs from ID card"
        elif sub == "impossible":
            form_id = impossible_id(r, p.id_number, p.dob, p.sex)
            self.invalid["to_khai"] = "id_number cannot belong to the stated birth year/sex"
        missing = self.pick_missing(sc)
        passport = sc == "alternative"
        id_paper = self.card(p, expired=sc == "expired", passport=passport)
        data = id_paper.cards[0]
        issue = data.issue if not passport else cards.card_for(r, p, self.day).issue
        hist = _history(r, p, self.day)
        if "to_khai" not in missing:
            police = f"Công an {papers._prov(p.residence)}"
            purpose = r.choice(
                [
                    "Bổ sung hồ sơ xin việc",
                    "Xuất khẩu lao động",
                    "Du học",
                    "Làm thủ tục nhập quốc tịch",
                    "Bổ sung hồ sơ thành lập doanh nghiệp",
                ]
            )
            self.add(
                "to_khai_lltp",
                lambda st: papers.to_khai_lltp(
                    st,
                    day=self.day,
                    p=p,
                    form_id=form_id,
                    form_dob=form_dob,
                    father=father,
                    mother=mother,
                    spouse=spouse,
                    agency=police,
                    issue=issue,
                    purpose=purpose,
                    history=hist,
                    kind=r.choice([1, 1, 2]),
                ),
            )
        if "giay_to_tuy_than" not in missing:
            self.papers.append(id_paper)
            if passport:
                self.desc.append("passport instead of ID card")
        if sc == "expired":
            self.invalid["cccd"] = "ID card expired"
        if r.random() < 0.12:
            taker = self.adult(born=(1960, 2000))
            self.add(
                "giay_uy_quyen",
                lambda st: papers.giay_uy_quyen(
                    st,
                    day=self.day - timedelta(days=r.randint(1, 9)),
                    giver=p,
                    taker=taker,
                    task="làm thủ tục yêu cầu cấp Phiếu lý lịch tư pháp và nhận kết quả",
                    certified=r.random() < 0.7,
                    agency=p.residence,
                ),
            )
            self.desc.append("authorisation letter (conditional)")

    def p_ho_kinh_doanh(self, sc: str) -> None:
        r = self.rng
        owner = self.expired_adult() if sc == "expired" else self.adult(born=(1960, 2004))
        self.applicant = owner
        has_members = r.random() < 0.4
        members: list[tuple[Person, str]] = []
        if has_members:
            sp = self.adult(
                "Nữ" if owner.male else "Nam",
                (owner.dob.year - 5, owner.dob.year + 5),
                residence=owner.residence,
            )
            members.append((sp, "Vợ" if owner.male else "Chồng"))
            if r.random() < 0.4 and owner.dob.year < 1980:
                kid = self.adult(
                    born=(owner.dob.year + 22, min(owner.dob.year + 35, 2006)),
                    family=owner.family,
                    residence=owner.residence,
                )
                members.append((kid, "Con"))
        sub = r.choice(["card", "dob", "impossible"]) if sc == "identity" else ""
        form_id, form_dob = None, None
        if sub == "card":
            form_id = other_id(r, owner.id_number)
            self.invalid["giay_de_nghi"] = "id_number on form differs from ID card"
        elif sub == "dob":
            form_dob = _shift_year(owner.dob, r.choice([-1, 1]) * r.randint(3, 9))
            self.invalid["giay_de_nghi"] = "date_of_birth on form differs from ID card"
        elif sub == "impossible":
            form_id = impossible_id(r, owner.id_number, owner.dob, owner.sex)
            self.invalid["giay_de_nghi"] = "id_number cannot belong to the stated birth year/sex"
        trades = r.sample(
            [
                ("Bán lẻ thực phẩm trong các cửa hàng chuyên doanh", "4722"),
                ("Dịch vụ ăn uống khác", "5629"),
                ("Bán lẻ đồ uống", "4723"),
                ("Cắt tóc, làm đầu, gội đầu", "9631"),
                ("Sửa chữa xe có động cơ", "4520"),
                ("Bán lẻ hàng may mặc", "4771"),
                ("Nhà hàng và dịch vụ ăn uống", "5610"),
                ("Dịch vụ tắm hơi, massage", "9610"),
            ],
            r.randint(1, 3),
        )
        hname = (
            "Hộ kinh doanh "
            + r.choice(["Tạp hóa", "Quán cơm", "Tiệm tóc", "Cửa hàng", "Quán cà phê", "Sửa xe"])
            + " "
            + owner.given
        )
        shop = address(r, owner.residence.province)
        capital = r.choice([50, 80, 100, 150, 200, 300, 500]) * 1_000_000
        missing = self.pick_missing(sc)
        if "giay_de_nghi" not in missing:
            self.add(
                "giay_de_nghi_hkd",
                lambda st: papers.giay_de_nghi_hkd(
                    st,
                    day=self.day,
                    owner=owner,
                    form_id=form_id,
                    form_dob=form_dob,
                    name=hname,
                    addr=shop,
                    trades=trades,
                    capital=capital,
                    workers=r.randint(1, 6),
                    members=has_members,
                    agency=shop,
                ),
            )
        if "giay_to_phap_ly" not in missing:
            passport = sc == "alternative"
            self.papers.append(self.card(owner, expired=sc == "expired", passport=passport))
            if passport:
                self.desc.append("owner's passport instead of ID card")
            for m, _ in members:
                if r.random() < 0.7:
                    self.papers.append(self.card(m, note="member's card"))
        if sc == "expired":
            self.invalid["giay_to_phap_ly"] = "owner's ID card expired"
        if has_members and r.random() < 0.85:
            self.add(
                "bien_ban_hop",
                lambda st: papers.bien_ban_hop(
                    st, day=self.day, owner=owner, members=members, name=hname, addr=shop
                ),
            )
            self.desc.append("household members' meeting minutes (conditional)")
        if has_members and r.random() < 0.25:
            giver = members[0][0]
            self.add(
                "giay_uy_quyen",
                lambda st: papers.giay_uy_quyen(
                    st,
                    day=self.day - timedelta(days=r.randint(1, 9)),
                    giver=giver,
                    taker=owner,
                    task=f"làm chủ hộ kinh doanh {hname.upper()} và thực hiện thủ tục đăng ký",
                    certified=r.random() < 0.5,
                    agency=owner.residence,
                ),
            )
            self.desc.append("authorisation letter (conditional)")

    def p_gpxd_nha_o(self, sc: str) -> None:
        r = self.rng
        owner = self.adult(born=(1955, 1998))
        self.applicant = owner
        sub = r.choice(["owner", "owner", "form_id"]) if sc == "identity" else ""
        lot_addr = address(r, owner.residence.province) if r.random() < 0.35 else owner.residence
        width, depth = r.choice([4, 4.5, 5, 6, 7, 8]), r.choice([12, 15, 16, 18, 20, 22])
        area = int(width * depth) + r.randint(-3, 3)
        lot = {
            "thua": str(r.randint(12, 980)),
            "to": str(r.randint(1, 64)),
            "area": area,
            "addr": lot_addr,
            "width": width,
            "depth": depth,
            "built": int(area * r.uniform(0.75, 0.95)),
            "floors": r.randint(2, 5),
            "months": r.choice([6, 8, 10, 12]),
            "diagram": r.random() < 0.5,
        }
        co = (
            self.adult(
                "Nữ" if owner.male else "Nam",
                (owner.dob.year - 5, owner.dob.year + 5),
                residence=owner.residence,
            )
            if r.random() < 0.4
            else None
        )
        owners = [owner] + ([co] if co else [])
        form_id = None
        if sub == "owner":
            other = stranger(r, owner)
            owners = [other]
            self.invalid["gcn_qsdd"] = "land certificate names another person than the applicant"
        elif sub == "form_id":
            form_id = other_id(r, owner.id_number)
            self.invalid["don_de_nghi"] = "id_number on application differs from land certificate"
        designer = r.choice(
            [
                "Kiến Trúc Việt",
                "Xây dựng Minh Phát",
                "Thiết kế An Gia",
                "Tư vấn Xây dựng Đại Phong",
                "Kiến trúc Nhà Xinh",
            ]
        )
        missing = self.pick_missing(sc)
        if "don_de_nghi" not in missing:
            self.add(
                "don_gpxd",
                lambda st: papers.don_gpxd(
                    st,
                    day=self.day,
                    owner=owner,
                    form_id=form_id,
                    lot=lot,
                    agency=lot_addr,
                    designer=f"Công ty TNHH {designer}",
                ),
                force_v=(1, 2) if sub == "form_id" else None,
            )
        if "gcn_qsdd" not in missing:
            issued = random_date(r, date(2004, 1, 1), self.day - timedelta(days=200))
            gen = 2 if issued < date(2009, 12, 10) else 0 if issued < date(2024, 8, 1) else 1
            serial = r.choice(["BX", "CĐ", "CT", "DA", "AK"]) + f" {r.randint(100000, 999999)}"
            stamp = r.random() < 0.5
            self.add(
                "gcn_qsdd",
                lambda st: papers.gcn_qsdd(
                    st, owners=owners, lot=lot, issued=issued, serial=serial, copy_stamp=stamp
                ),
                force_v=(gen,),
            )
        if "ban_ve" not in missing:
            sheets = sorted(r.sample(range(6), r.randint(2, 4)))
            self.add(
                "ban_ve_thiet_ke",
                lambda st: papers.ban_ve(
                    st, owner=owner, lot=lot, designer=designer, sheets=sheets, day=self.day
                ),
            )
        if r.random() < 0.4:
            nb = self.adult(born=(1950, 1995))
            self.add(
                "cam_ket_an_toan",
                lambda st: papers.cam_ket_an_toan(
                    st, day=self.day, owner=owner, lot=lot, neighbour=nb, agency=lot_addr
                ),
            )
            self.desc.append("safety undertaking (conditional)")
        if r.random() < 0.35 or sub == "form_id":
            self.papers.append(self.card(owner, note="owner's card (not a component)"))

    def p_thuong_tru(self, sc: str) -> None:
        r = self.rng
        p = self.adult(born=(1958, 2006))
        self.applicant = p
        new_addr = address(r, None)
        sub = r.choice(["card", "dob", "impossible"]) if sc == "identity" else ""
        form_id, form_dob = None, None
        if sub == "card":
            form_id = other_id(r, p.id_number)
            self.invalid["to_khai"] = "id_number on form differs from ID card"
        elif sub == "dob":
            form_dob = _shift_year(p.dob, r.choice([-1, 1]) * r.randint(3, 9))
            self.invalid["to_khai"] = "date_of_birth on form differs from ID card"
        elif sub == "impossible":
            form_id = impossible_id(r, p.id_number, p.dob, p.sex)
            self.invalid["to_khai"] = "id_number cannot belong to the stated birth year/sex"
        rental = sc == "alternative"
        rr = r.random()
        if rental or rr < 0.5:
            head, rel = p, "Chủ hộ"
        else:
            head = self.adult(born=(1950, 1985), residence=new_addr)
            rel = r.choice(["Con", "Con", "Cháu", "Em", "Con dâu" if p.sex == "Nữ" else "Con rể"])
        members: list[tuple[Person, str]] = []
        if r.random() < 0.3 and p.dob.year <= 1998:
            kid = person(r, None, (max(2008, p.dob.year + 20), 2024), family=p.family)
            members.append((kid, "Con" if head is p else "Cháu"))
        missing = self.pick_missing(sc)
        if "to_khai" not in missing:
            self.add(
                "to_khai_ct01",
                lambda st: papers.to_khai_ct01(
                    st,
                    day=self.day,
                    p=p,
                    form_id=form_id,
                    form_dob=form_dob,
                    head=head,
                    rel=rel,
                    new_addr=new_addr,
                    members=members,
                    agency=new_addr,
                ),
            )
        if "cho_o_hop_phap" not in missing:
            if rental:
                landlord = self.adult(born=(1950, 1990), residence=new_addr)
                rent = r.choice([2, 3, 3.5, 4, 5, 6, 8])
                self.add(
                    "hop_dong_thue_nha",
                    lambda st: papers.hop_dong_thue_nha(
                        st,
                        day=self.day - timedelta(days=r.randint(10, 200)),
                        landlord=landlord,
                        tenant=p,
                        addr=new_addr,
                        rent=int(rent * 1_000_000),
                        months=r.choice([12, 24, 36]),
                        area=r.randint(20, 80),
                    ),
                )
                self.desc.append("rental contract instead of land certificate")
            else:
                owner = head
                lot = {
                    "thua": str(r.randint(12, 980)),
                    "to": str(r.randint(1, 64)),
                    "area": r.randint(40, 160),
                    "addr": new_addr,
                    "width": 5,
                    "depth": 16,
                    "diagram": r.random() < 0.4,
                }
                issued = random_date(r, date(2004, 1, 1), self.day - timedelta(days=200))
                gen = 2 if issued < date(2009, 12, 10) else 0 if issued < date(2024, 8, 1) else 1
                serial = r.choice(["BX", "CĐ", "CT", "DA"]) + f" {r.randint(100000, 999999)}"
                stamp = r.random() < 0.5
                self.add(
                    "gcn_qsdd",
                    lambda st: papers.gcn_qsdd(
                        st, owners=[owner], lot=lot, issued=issued, serial=serial, copy_stamp=stamp
                    ),
                    force_v=(gen,),
                )
        if sub in ("card", "dob") or r.random() < 0.6:
            self.papers.append(self.card(p))

    def p_ket_hon(self, sc: str) -> None:
        r = self.rng
        woman = self.adult("Nữ", (1975, 2006))
        man = self.adult("Nam", (woman.dob.year - 8, min(2005, woman.dob.year + 3)))
        first, second = (woman, man) if r.random() < 0.75 else (man, woman)
        self.applicant = first
        sub = r.choice(["card", "dob", "impossible"]) if sc == "identity" else ""
        ids = {woman.id_number: woman.id_number, man.id_number: man.id_number}
        dobs = {woman.id_number: woman.dob, man.id_number: man.dob}
        target = r.choice([first, second])
        if sub == "card":
            ids[target.id_number] = other_id(r, target.id_number)
            self.invalid["to_khai"] = "a partner's id_number on form differs from ID card"
        elif sub == "dob":
            dobs[target.id_number] = _shift_year(target.dob, r.choice([-1, 1]) * r.randint(3, 9))
            self.invalid["to_khai"] = "a partner's date_of_birth on form differs from ID card"
        elif sub == "impossible":
            ids[target.id_number] = impossible_id(r, target.id_number, target.dob, target.sex)
            self.invalid["to_khai"] = (
                "a partner's id_number cannot belong to the stated birth year/sex"
            )
        agency = first.residence
        missing = self.pick_missing(sc)
        if "to_khai" not in missing:
            times = ("Lần đầu", "Lần đầu") if r.random() < 0.85 else ("Lần đầu", "Lần thứ hai")
            self.add(
                "to_khai_ket_hon",
                lambda st: papers.to_khai_ket_hon(
                    st,
                    day=self.day,
                    first=first,
                    second=second,
                    ids=ids,
                    dobs=dobs,
                    agency=agency,
                    times=times,
                ),
            )
        if sub or r.random() < 0.75 or "to_khai" in missing:
            alt = sc == "alternative"
            pp = r.choice([first, second]) if alt else None
            for q in (first, second):
                self.papers.append(self.card(q, passport=q is pp))
            if alt:
                self.desc.append("a partner's passport instead of ID card")
        if r.random() < 0.35:
            other = second  # registers away from where they live
            self.add(
                "xac_nhan_tthn",
                lambda st: papers.xac_nhan_tthn(
                    st,
                    day=self.day - timedelta(days=r.randint(5, 60)),
                    p=other,
                    partner=first,
                    agency=other.residence,
                    number=str(r.randint(10, 480)),
                ),
            )
            self.desc.append("marital status certificate (conditional)")

    # ------------------------------------------------------------------ extras
    def required_units(self) -> list[str]:
        units: list[str] = []
        for c in self.p["components"]:
            if c["rule"] == "required":
                units.append(c["id"])
            elif c["rule"] == "one_of" and c["group"] not in units:
                units.append(c["group"])
        return units

    def pick_missing(self, sc: str) -> set[str]:
        if sc != "missing":
            return set()
        units = self.required_units()
        k = 2 if len(units) > 1 and self.rng.random() < 0.3 else 1
        chosen = set(self.rng.sample(units, k))
        self.desc.append("missing " + ", ".join(sorted(chosen)))
        return chosen

    def add_unknown(self) -> None:
        r = self.rng
        a = self.applicant
        assert a is not None
        choices = {
            "KHAI_SINH": ["so_ho_khau", "bien_lai", "xac_nhan_cu_tru"],
            "LY_LICH_TU_PHAP": ["giay_khai_sinh", "giay_kham_suc_khoe", "so_ho_khau"],
            "HO_KINH_DOANH": ["bien_lai", "so_ho_khau", "giay_kham_suc_khoe"],
            "GPXD_NHA_O": ["bien_lai", "so_ho_khau"],
            "THUONG_TRU": ["so_ho_khau", "xac_nhan_cu_tru", "giay_khai_sinh"],
            "KET_HON": ["giay_kham_suc_khoe", "giay_khai_sinh", "so_ho_khau"],
        }[self.proc]
        kind = r.choice(choices)
        self.desc.append(f"extra unknown paper ({kind})")
        if kind == "so_ho_khau":
            if a.dob.year <= 1995:
                kin, rel = person(r, None, (a.dob.year + 20, 2020), family=a.family), "Con"
            else:
                kin, rel = (
                    person(r, "Nam", (a.dob.year - 35, a.dob.year - 20), family=a.family),
                    "Cha",
                )
            self.add(kind, lambda st: papers.so_ho_khau(st, head=a, members=[(kin, rel)]))
        elif kind == "bien_lai":
            fee = {"GPXD_NHA_O": 75000, "HO_KINH_DOANH": 100000}.get(self.proc, 8000)
            what = {
                "GPXD_NHA_O": "Lệ phí cấp giấy phép xây dựng",
                "HO_KINH_DOANH": "Lệ phí đăng ký hộ kinh doanh",
            }.get(self.proc, "Phí sao y")
            self.add(
                kind,
                lambda st: papers.bien_lai(
                    st, day=self.day, p=a, amount=fee, what=what, agency=a.residence
                ),
            )
        elif kind == "xac_nhan_cu_tru":
            self.add(
                kind,
                lambda st: papers.xac_nhan_cu_tru(
                    st, day=self.day - timedelta(days=r.randint(2, 25)), p=a, agency=a.residence
                ),
            )
        elif kind == "giay_kham_suc_khoe":
            h, _ = self.hospital(a.residence)
            self.add(
                kind,
                lambda st: papers.giay_kham_suc_khoe(
                    st, day=self.day - timedelta(days=r.randint(2, 60)), p=a, hospital=h
                ),
            )
        else:
            mo = person(r, "Nữ", (a.dob.year - 35, a.dob.year - 18))
            fa = person(r, "Nam", (a.dob.year - 38, a.dob.year - 20), family=a.family)
            reg = a.dob + timedelta(days=r.randint(5, 50))
            self.add(
                kind,
                lambda st: papers.giay_khai_sinh(
                    st, p=a, mother=mo, father=fa, registered=reg, agency=a.residence
                ),
            )

    def add_foreign(self) -> None:
        """A catalogued paper that belongs to another procedure."""
        r = self.rng
        a = self.applicant
        assert a is not None
        if self.proc == "GPXD_NHA_O" and not any(p.kind == "cccd" for p in self.papers):
            self.papers.append(self.card(a, note="foreign"))
            self.desc.append("extra paper of another kind (cccd)")
            return
        if self.proc in ("LY_LICH_TU_PHAP", "HO_KINH_DOANH"):
            landlord = self.adult(born=(1950, 1990))
            addr = address(r, a.residence.province)
            self.add(
                "hop_dong_thue_nha",
                lambda st: papers.hop_dong_thue_nha(
                    st,
                    day=self.day - timedelta(days=r.randint(20, 300)),
                    landlord=landlord,
                    tenant=a,
                    addr=addr,
                    rent=4_000_000,
                    months=12,
                    area=r.randint(20, 60),
                ),
            )
            self.desc.append("extra paper of another procedure (hop_dong_thue_nha)")
        elif self.proc == "THUONG_TRU":
            mother = a if not a.male else self.adult("Nữ", (a.dob.year - 5, a.dob.year + 5))
            kid = person(
                r,
                None,
                family=a.family,
                kid=True,
                dob=self.day - timedelta(days=r.randint(10, 300)),
            )
            hosp, dept = self.hospital(a.residence)
            self.add(
                "giay_chung_sinh",
                lambda st: papers.giay_chung_sinh(
                    st,
                    day=kid.dob,
                    mother=mother,
                    father=None,
                    child=kid,
                    hospital=hosp,
                    dept=dept,
                    birth_time="09:15",
                    weight=3100,
                    births=1,
                    serial=f"{r.randint(100, 999)}",
                ),
            )
            self.desc.append("extra paper of another procedure (giay_chung_sinh)")
        else:
            head = a
            self.add(
                "to_khai_ct01",
                lambda st: papers.to_khai_ct01(
                    st,
                    day=self.day,
                    p=a,
                    head=head,
                    rel="Chủ hộ",
                    new_addr=a.residence,
                    members=[],
                    agency=a.residence,
                ),
            )
            self.desc.append("extra paper of another procedure (to_khai_ct01)")

    # ================================================================ truth
    def components(self) -> tuple[list[str], list[str]]:
        types = {p.doc_type for p in self.papers if p.doc_type}
        present: list[str] = []
        missing: list[str] = []
        groups: dict[str, bool] = {}
        for c in self.p["components"]:
            here = any(t in types for t in c["doc_types"])
            if here:
                present.append(c["id"])
            if c["rule"] == "one_of":
                groups[c["group"]] = groups.get(c["group"], False) or here
            elif c["rule"] == "required" and not here:
                missing.append(c["id"])
        for g, here in groups.items():
            if here:
                present.append(g)
            else:
                missing.append(g)
        return present, missing


def _shift_year(d: date, k: int) -> date:
    try:
        return d.replace(year=d.year + k)
    except ValueError:
        return date(d.year + k, 3, 1)


def _history(r: random.Random, p: Person, today: date) -> list[tuple[str, str, str]]:
    start = max(p.dob.year + 14, 1990)
    if start >= today.year:
        start = today.year - 1
    rows = []
    cuts = sorted(r.sample(range(start + 1, today.year), min(2, max(0, today.year - start - 1))))
    bounds = [start, *cuts, None]
    for a, b in itertools.pairwise(bounds):
        span = f"{r.randint(1, 12):02d}/{a} - " + (f"{r.randint(1, 12):02d}/{b}" if b else "nay")
        place = p.residence.short() if b is None else address(r).short()
        job = "Học sinh" if a < p.dob.year + 18 else p.job
        rows.append((span, place, job))
    return rows
