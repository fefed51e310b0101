"""The papers citizens bring, written from the official forms' wording (not from hoso).

Each builder returns a ``Doc``. ``St`` picks one of at least three layouts per paper:
``v`` (header, title wording, field order and sections of a real variant of the form) and
``fields`` (dotted label lines, ruled table cells, two-column grid, or plain typed lines).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .people import Address, Person
from .render import (
    Break,
    Checks,
    Corner,
    Doc,
    Draw,
    Fields,
    Header,
    Motto,
    Rule,
    Seg,
    Sign,
    SignCol,
    Space,
    Table,
    Text,
    Title,
    V,
)
from .vn import date_words, dd, dmy, mm, money, n2w


@dataclass
class St:
    v: int  # layout variant of the paper
    fields: str  # dots | plain | table | grid
    hand: bool = False  # values written by hand (the form is printed blank)
    boxes: bool = False  # ID digits in 12 printed boxes
    base: float = 12.5  # base font size, pt

    def name(self, kind: str) -> str:
        return f"{kind}.v{self.v}.{self.fields}" + (".boxes" if self.boxes else "")


def F(st: St, rows: list[list[tuple[str, V]]], **kw: Any) -> Fields:
    style = st.fields
    if st.hand and style == "plain":
        style = "dots"
    return Fields(rows, style=style, **kw)


def idv(st: St, number: str) -> V:
    return V(number, boxes=12) if st.boxes else V(number, 60)


def date_line(place: str, day: date) -> list[Seg]:
    return [
        V(place, -1),
        ", ngày ",
        V(dd(day), -1),
        " tháng ",
        V(mm(day), -1),
        " năm ",
        V(str(day.year), -1),
    ]


def ubnd(addr: Address) -> list[list[Seg]]:
    return [["ỦY BAN NHÂN DÂN"], [addr.ward.upper()]]


def commune_name(addr: Address) -> str:
    return f"Ủy ban nhân dân {addr.ward}, {_prov(addr)}"


def _prov(addr: Address) -> str:
    p = addr.province
    if p in ("Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"):
        return f"thành phố {p}"
    if p == "Hồ Chí Minh":
        return "Thành phố Hồ Chí Minh"
    return f"tỉnh {p}"


def yes_no(b: bool) -> list[tuple[str, bool]]:
    return [("Có", b), ("Không", not b)]


# ===================================================================== birth registration
def to_khai_khai_sinh(
    st: St,
    *,
    day: date,
    requester: Person,
    rel: str,
    child: Person,
    mother: Person,
    father: Person | None,
    birth_place: str,
    form_id: str | None = None,
    mother_year: int | None = None,
) -> Doc:
    """Tờ khai đăng ký khai sinh (Thông tư 04/2020/TT-BTP and its local/e-form variants)."""
    rid = form_id or requester.id_number
    myear = mother_year or mother.dob.year
    agency = commune_name(requester.residence)
    b: list[Any] = []
    fa = father
    if st.v == 0:
        b += [
            Corner(["Mẫu ban hành kèm theo Thông tư số", "04/2020/TT-BTP"]),
            Motto(),
            Title("TỜ KHAI ĐĂNG KÝ KHAI SINH"),
            Text(["Kính gửi: ", V(agency)], align="center"),
        ]
        b.append(
            F(
                st,
                [
                    [("Họ, chữ đệm, tên người yêu cầu", V(requester.full_name))],
                    [("Nơi cư trú", V(requester.residence.text()))],
                    [("Giấy tờ tùy thân", V("" if st.boxes else f"Căn cước số {rid}"))],
                ]
                + ([[("Số định danh cá nhân", V(rid, boxes=12))]] if st.boxes else [])
                + [
                    [("Quan hệ với người được khai sinh", V(rel))],
                ],
            )
        )
        b.append(Text(["Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"], bold=True))
        b.append(
            F(
                st,
                [
                    [("Họ, chữ đệm, tên", V(child.upper, bold=True))],
                    [
                        ("Ngày, tháng, năm sinh", V(dmy(child.dob), 30)),
                        ("ghi bằng chữ", V(date_words(child.dob))),
                    ],
                    [
                        ("Giới tính", V(child.sex)),
                        ("Dân tộc", V(child.ethnicity)),
                        ("Quốc tịch", V("Việt Nam")),
                    ],
                    [("Nơi sinh", V(birth_place))],
                    [("Quê quán", V(child.hometown))],
                    [("Họ, chữ đệm, tên người mẹ", V(mother.full_name))],
                    [
                        ("Năm sinh", V(str(myear))),
                        ("Dân tộc", V(mother.ethnicity)),
                        ("Quốc tịch", V("Việt Nam")),
                    ],
                    [("Nơi cư trú", V(mother.residence.text()))],
                    [("Họ, chữ đệm, tên người cha", V(fa.full_name if fa else ""))],
                    [
                        ("Năm sinh", V(str(fa.dob.year) if fa else "")),
                        ("Dân tộc", V(fa.ethnicity if fa else "")),
                        ("Quốc tịch", V("Việt Nam" if fa else "")),
                    ],
                    [("Nơi cư trú", V(fa.residence.text() if fa else ""))],
                ],
            )
        )
    elif st.v == 1:
        b += [
            Header([["UBND " + requester.residence.ward.upper()], ["BỘ PHẬN MỘT CỬA"]]),
            Corner(["Mẫu TK-ĐKKS"], align="left"),
            Title("TỜ KHAI ĐĂNG KÝ KHAI SINH", ["(Dùng cho đăng ký khai sinh đúng hạn)"]),
            Text(["Kính gửi: ", V(agency)]),
            Text(["I. THÔNG TIN NGƯỜI YÊU CẦU"], bold=True),
        ]
        b.append(
            F(
                st,
                [
                    [("Họ, chữ đệm và tên", V(requester.full_name))],
                    [("Số định danh cá nhân", idv(st, rid))],
                    [("Nơi cư trú", V(requester.residence.text()))],
                    [
                        ("Số điện thoại", V(requester.phone)),
                        ("Quan hệ với người được khai sinh", V(rel)),
                    ],
                ],
            )
        )
        b.append(Text(["II. THÔNG TIN NGƯỜI ĐƯỢC ĐĂNG KÝ KHAI SINH"], bold=True))
        b.append(
            F(
                st,
                [
                    [("Họ, chữ đệm và tên", V(child.upper, bold=True))],
                    [("Ngày, tháng, năm sinh", V(dmy(child.dob))), ("Giới tính", V(child.sex))],
                    [("Ngày sinh bằng chữ", V(date_words(child.dob)))],
                    [("Nơi sinh", V(birth_place))],
                    [("Dân tộc", V(child.ethnicity)), ("Quốc tịch", V("Việt Nam"))],
                    [("Quê quán", V(child.hometown))],
                ],
            )
        )
        b.append(Text(["III. THÔNG TIN CHA, MẸ"], bold=True))
        b.append(
            F(
                st,
                [
                    [("Họ, chữ đệm và tên người mẹ", V(mother.full_name))],
                    [
                        ("Năm sinh", V(str(myear))),
                        (
                            "Số định danh cá nhân",
                            V(rid if requester is mother else mother.id_number),
                        ),
                    ],
                    [("Nơi cư trú", V(mother.residence.text()))],
                    [("Họ, chữ đệm và tên người cha", V(fa.full_name if fa else ""))],
                    [
                        ("Năm sinh", V(str(fa.dob.year) if fa else "")),
                        (
                            "Số định danh cá nhân",
                            V((rid if requester is fa else fa.id_number) if fa else ""),
                        ),
                    ],
                    [("Nơi cư trú", V(fa.residence.text() if fa else ""))],
                ],
            )
        )
    else:
        b += [
            Motto(),
            Title("TỜ KHAI ĐĂNG KÝ KHAI SINH"),
            Text(["Kính gửi: ", V(agency)], align="center"),
            F(
                st,
                [
                    [("Người yêu cầu", V(requester.full_name))],
                    [("Số CCCD/Số định danh cá nhân", idv(st, rid))],
                    [("Nơi cư trú", V(requester.residence.short()))],
                    [("Quan hệ với người được khai sinh", V(rel))],
                ],
            ),
            Text(["Đề nghị đăng ký khai sinh với các thông tin sau:"], italic=True),
        ]
        rows: list[list[list[Seg]]] = [
            [
                ["Họ, chữ đệm, tên"],
                [V(child.upper)],
                [V(mother.full_name)],
                [V(fa.full_name if fa else "")],
            ],
            [
                ["Ngày sinh / Năm sinh"],
                [V(dmy(child.dob))],
                [V(str(myear))],
                [V(str(fa.dob.year) if fa else "")],
            ],
            [["Giới tính"], [V(child.sex)], ["Nữ"], ["Nam" if fa else ""]],
            [
                ["Dân tộc"],
                [V(child.ethnicity)],
                [V(mother.ethnicity)],
                [V(fa.ethnicity if fa else "")],
            ],
            [["Quốc tịch"], ["Việt Nam"], ["Việt Nam"], ["Việt Nam" if fa else ""]],
            [
                ["Số định danh cá nhân"],
                [""],
                [V(rid if requester is mother else mother.id_number)],
                [V((rid if requester is fa else fa.id_number) if fa else "")],
            ],
            [
                ["Nơi sinh / Nơi cư trú"],
                [V(birth_place)],
                [V(mother.residence.short())],
                [V(fa.residence.short() if fa else "")],
            ],
        ]
        b.append(Table(["Thông tin", "Người được khai sinh", "Mẹ", "Cha"], rows, [28, 30, 30, 30]))
    b.append(
        Text(
            [
                "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, "
                "được sự thỏa thuận nhất trí của các bên liên quan theo quy định pháp luật."
            ],
            align="justify",
            first=8,
        )
    )
    b.append(
        Text(
            ["Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình."],
            first=8,
        )
    )
    b.append(
        Sign(
            [SignCol("Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)", V(requester.full_name))],
            date_line(requester.residence.place, day),
            right_only=True,
        )
    )
    b.append(Checks("Đề nghị cấp bản sao:", yes_no(True)))
    b.append(Text(["Số lượng: ", V("02", 15), " bản"]))
    return Doc("to_khai_khai_sinh", b, base=st.base)


def giay_chung_sinh(
    st: St,
    *,
    day: date,
    mother: Person,
    father: Person | None,
    child: Person,
    hospital: str,
    dept: str,
    birth_time: str,
    weight: int,
    births: int,
    form_id: str | None = None,
    mother_year: int | None = None,
    serial: str = "",
) -> Doc:
    """Giấy chứng sinh (issued by the hospital / commune health station)."""
    mid = form_id or mother.id_number
    myear = mother_year or mother.dob.year
    hh, mi = birth_time.split(":")
    b: list[Any] = []
    if st.v == 0:
        b += [
            Header(
                [
                    [dept.upper()],
                    [hospital.upper()],
                    ["Số: ", V(serial, 20), " Quyển số: ", V("0" + serial[-1:], 10)],
                ]
            ),
            Title("GIẤY CHỨNG SINH", size=1.35),
        ]
        b.append(
            F(
                st,
                [
                    [("Họ và tên mẹ/người nuôi dưỡng", V(mother.full_name, bold=True))],
                    [("Năm sinh", V(str(myear)))],
                    [("Nơi đăng ký thường trú", V(mother.residence.text()))],
                    [("Số CMND/Hộ chiếu/Căn cước", idv(st, mid))],
                    [("Dân tộc", V(mother.ethnicity))],
                ],
            )
        )
        b.append(
            Text(
                [
                    "Đã sinh con vào lúc: ",
                    V(hh, -1),
                    " giờ ",
                    V(mi, -1),
                    " phút, ngày ",
                    V(dd(child.dob), -1),
                    " tháng ",
                    V(f"{child.dob.month:02d}", -1),
                    " năm ",
                    V(str(child.dob.year), -1),
                ]
            )
        )
        b.append(
            F(
                st,
                [
                    [("Tại", V(hospital))],
                    [("Số lần sinh", V(str(births))), ("Số con hiện sống", V(str(births)))],
                    [("Số con trong lần sinh này", V("01"))],
                    [("Giới tính của con", V(child.sex)), ("Cân nặng", V(f"{money(weight)} gram"))],
                    [("Hiện trạng sức khỏe của con", V("Bình thường"))],
                    [("Dự định đặt tên con", V(child.full_name))],
                    [("Ghi chú", V(""))],
                ],
            )
        )
    elif st.v == 1:
        b += [
            Corner(["Mẫu số 01/BYT"]),
            Header([[hospital.upper()], ["Khoa: ", V("Sản", 25)]]),
            Title("GIẤY CHỨNG SINH"),
            Text(["Số: ", V(serial, 25), "   Quyển số: ", V("02", 12)], align="center"),
        ]
        b.append(
            F(
                st,
                [
                    [
                        ("Họ và tên người mẹ", V(mother.full_name, bold=True)),
                        ("Năm sinh", V(str(myear))),
                    ],
                    [("Số định danh cá nhân", idv(st, mid))],
                    [("Nơi cư trú", V(mother.residence.text()))],
                    [("Dân tộc", V(mother.ethnicity)), ("Quốc tịch", V("Việt Nam"))],
                    [("Họ và tên người cha", V(father.full_name if father else ""))],
                    [("Ngày, giờ sinh của con", V(f"{hh} giờ {mi} phút, ngày {dmy(child.dob)}"))],
                    [("Nơi sinh", V(hospital))],
                    [("Giới tính", V(child.sex)), ("Cân nặng (gram)", V(money(weight)))],
                    [("Số con trong lần sinh này", V("01")), ("Lần sinh thứ", V(str(births)))],
                    [("Tình trạng sức khỏe", V("Bình thường"))],
                    [("Dự kiến đặt tên", V(child.full_name))],
                ],
            )
        )
    else:
        b += [
            Header([["SỞ Y TẾ"], [hospital.upper()]]),
            Title("GIẤY CHỨNG SINH", ["(Cấp cho trẻ sinh ra tại cơ sở khám bệnh, chữa bệnh)"]),
            Text(["Số: ", V(serial, 25)], align="right"),
            Text(
                [
                    "Chứng nhận: chị ",
                    V(mother.full_name, 70),
                    " sinh năm ",
                    V(str(myear), 20),
                    ", số CCCD ",
                    V(mid, 45),
                    ", dân tộc ",
                    V(mother.ethnicity, 20),
                    ", nơi cư trú: ",
                    V(mother.residence.text()),
                ],
                align="justify",
            ),
            Text(
                [
                    "Đã sinh con vào lúc ",
                    V(f"{hh} giờ {mi}", -1),
                    " ngày ",
                    V(dmy(child.dob), -1),
                    " tại ",
                    V(hospital),
                ]
            ),
            F(
                st,
                [
                    [("Giới tính của con", V(child.sex)), ("Cân nặng", V(f"{weight} g"))],
                    [("Số con trong lần sinh", V("01")), ("Con thứ mấy", V(str(births)))],
                    [("Tên dự kiến", V(child.full_name))],
                    [("Tình trạng", V("Khỏe mạnh"))],
                ],
            ),
        ]
    doctor = f"BS. {random.Random(serial).choice(['Nguyễn Thị Hạnh', 'Lê Văn Tâm', 'Trần Thu Hà', 'Phạm Minh Đức'])}"
    b.append(
        Sign(
            [
                SignCol("Người đỡ đẻ", "(Ký, ghi rõ họ tên)", V(doctor)),
                SignCol(
                    "Thủ trưởng cơ sở khám bệnh, chữa bệnh",
                    "(Ký, ghi rõ họ tên, đóng dấu)",
                    V("BS. CKII Đỗ Văn Hùng"),
                    seal=f"{hospital} * {dept}",
                ),
            ],
            date_line("", day),
        )
    )
    return Doc("giay_chung_sinh", b, base=st.base)


def van_ban_lam_chung(
    st: St,
    *,
    day: date,
    witness: Person,
    mother: Person,
    father: Person | None,
    child: Person,
    birth_place: str,
    agency: Address,
) -> Doc:
    """Văn bản của người làm chứng xác nhận về việc sinh."""
    titles = [
        "VĂN BẢN XÁC NHẬN CỦA NGƯỜI LÀM CHỨNG",
        "GIẤY XÁC NHẬN VỀ VIỆC SINH",
        "BẢN XÁC NHẬN CỦA NGƯỜI LÀM CHỨNG VỀ VIỆC SINH",
    ]
    subs = [["(Về việc sinh)"], ["(Dùng cho người làm chứng)"], []]
    b: list[Any] = [
        Motto(),
        Title(titles[st.v], subs[st.v]),
        Text(["Kính gửi: ", V(commune_name(agency))], align="center"),
    ]
    b.append(
        F(
            st,
            [
                [("Tôi tên là", V(witness.full_name))],
                [("Ngày, tháng, năm sinh", V(dmy(witness.dob))), ("Giới tính", V(witness.sex))],
                [("Số định danh cá nhân", idv(st, witness.id_number))],
                [("Nơi cư trú", V(witness.residence.text()))],
            ],
        )
    )
    par = " và anh " if father else ""
    b.append(
        Text(
            [
                "Tôi xin xác nhận: chị ",
                V(mother.full_name, 60),
                par,
                V(father.full_name, 55) if father else "",
                " đã sinh một cháu ",
                V(child.sex.lower() if child.sex == "Nữ" else "trai", 15),
                " vào ngày ",
                V(dmy(child.dob), 30),
                " tại ",
                V(birth_place),
                ". Tôi là người trực tiếp chứng kiến việc sinh nói trên.",
            ],
            align="justify",
            first=8,
        )
    )
    if st.v != 1:
        b.append(Text(["Cháu được dự định đặt tên là: ", V(child.full_name)], first=8))
    b.append(
        Text(
            [
                "Tôi xin cam đoan những nội dung xác nhận trên là đúng sự thật và chịu hoàn "
                "toàn trách nhiệm trước pháp luật về lời xác nhận của mình."
            ],
            align="justify",
            first=8,
        )
    )
    cols = [SignCol("Người làm chứng", "(Ký, ghi rõ họ tên)", V(witness.full_name))]
    if st.v == 2:
        cols.insert(
            0,
            SignCol(
                "Xác nhận của UBND " + agency.ward,
                "(Chứng thực chữ ký)",
                V(""),
                seal=f"Ủy ban nhân dân {agency.ward} * {agency.province}",
            ),
        )
    b.append(Sign(cols, date_line(agency.place, day), right_only=len(cols) == 1))
    return Doc("van_ban_lam_chung", b, base=st.base)


def van_ban_cam_doan(
    st: St,
    *,
    day: date,
    who: Person,
    rel: str,
    mother: Person,
    father: Person | None,
    child: Person,
    birth_place: str,
    reason: str,
) -> Doc:
    """Văn bản cam đoan về việc sinh (no birth certificate and no witness)."""
    titles = ["VĂN BẢN CAM ĐOAN VỀ VIỆC SINH", "BẢN CAM ĐOAN", "GIẤY CAM ĐOAN VỀ VIỆC SINH"]
    b: list[Any] = [
        Motto(),
        Title(titles[st.v], ["(V/v sinh con không có giấy chứng sinh)"] if st.v == 1 else []),
    ]
    b.append(
        F(
            st,
            [
                [("Tôi là", V(who.full_name))],
                [("Sinh ngày", V(dmy(who.dob))), ("Dân tộc", V(who.ethnicity))],
                [("Số định danh cá nhân", idv(st, who.id_number))],
                [("Nơi cư trú", V(who.residence.text()))],
                [("Quan hệ với người được khai sinh", V(rel))],
            ],
        )
    )
    dad = [" và ông ", V(father.full_name, 55)] if father else []
    b.append(
        Text(
            [
                "Tôi xin cam đoan: cháu ",
                V(child.full_name, 55),
                ", giới tính ",
                V(child.sex, 15),
                ", sinh ngày ",
                V(dmy(child.dob), 30),
                " tại ",
                V(birth_place, 60),
                " là con đẻ của bà ",
                V(mother.full_name, 55),
                *dad,
                ".",
            ],
            align="justify",
            first=8,
        )
    )
    b.append(
        Text(
            ["Việc sinh không có Giấy chứng sinh và không có người làm chứng vì: ", V(reason)],
            align="justify",
            first=8,
        )
    )
    b.append(
        Text(
            [
                "Tôi xin chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan "
                "của mình; nếu sai sự thật, việc đăng ký khai sinh sẽ bị hủy bỏ."
            ],
            align="justify",
            first=8,
        )
    )
    b.append(
        Sign(
            [SignCol("Người cam đoan", "(Ký, ghi rõ họ tên)", V(who.full_name))],
            date_line(who.residence.place, day),
            right_only=True,
        )
    )
    return Doc("van_ban_cam_doan", b, base=st.base)


def giay_uy_quyen(
    st: St, *, day: date, giver: Person, taker: Person, task: str, certified: bool, agency: Address
) -> Doc:
    """Giấy ủy quyền / văn bản ủy quyền / hợp đồng ủy quyền."""
    titles = ["GIẤY ỦY QUYỀN", "VĂN BẢN ỦY QUYỀN", "HỢP ĐỒNG ỦY QUYỀN"]
    b: list[Any] = [Motto(), Title(titles[st.v])]
    b.append(Text(["- Căn cứ Bộ luật Dân sự năm 2015;"], italic=True))
    b.append(
        Text(
            [
                "Hôm nay, ngày ",
                V(dd(day), -1),
                " tháng ",
                V(mm(day), -1),
                " năm ",
                V(str(day.year), -1),
                ", tại ",
                V(commune_name(agency)),
                ", chúng tôi gồm:",
            ]
        )
    )
    lab = (
        ("BÊN ỦY QUYỀN (Bên A):", "BÊN ĐƯỢC ỦY QUYỀN (Bên B):")
        if st.v == 2
        else ("I. NGƯỜI ỦY QUYỀN:", "II. NGƯỜI ĐƯỢC ỦY QUYỀN:")
    )
    for title, p in ((lab[0], giver), (lab[1], taker)):
        b.append(Text([title], bold=True))
        b.append(
            F(
                st,
                [
                    [("Họ và tên", V(p.full_name)), ("Sinh ngày", V(dmy(p.dob)))],
                    [("Số định danh cá nhân", idv(st, p.id_number))],
                    [("Nơi cư trú", V(p.residence.text()))],
                ],
            )
        )
    head = "Điều 1. Nội dung ủy quyền" if st.v == 2 else "III. NỘI DUNG ỦY QUYỀN:"
    b.append(Text([head], bold=True))
    b.append(
        Text(
            ["Bên được ủy quyền được thay mặt bên ủy quyền ", V(task), "."],
            align="justify",
            first=8,
        )
    )
    b.append(
        Text(
            [
                ("Điều 2. Thời hạn ủy quyền: " if st.v == 2 else "IV. THỜI HẠN ỦY QUYỀN: "),
                "kể từ ngày ký đến khi hoàn thành công việc được ủy quyền.",
            ]
        )
    )
    b.append(
        Text(
            ["Hai bên cam kết chịu trách nhiệm trước pháp luật về mọi thông tin ủy quyền ở trên."],
            align="justify",
            first=8,
        )
    )
    b.append(
        Sign(
            [
                SignCol(
                    "Bên ủy quyền" if st.v != 2 else "BÊN A",
                    "(Ký, ghi rõ họ tên)",
                    V(giver.full_name),
                ),
                SignCol(
                    "Bên được ủy quyền" if st.v != 2 else "BÊN B",
                    "(Ký, ghi rõ họ tên)",
                    V(taker.full_name),
                ),
            ]
        )
    )
    if certified:
        b.append(Rule())
        b.append(Text(["LỜI CHỨNG CỦA NGƯỜI THỰC HIỆN CHỨNG THỰC"], bold=True, align="center"))
        b.append(
            Text(
                [
                    f"Ngày {dd(day)} tháng {mm(day)} năm {day.year}, tại {commune_name(agency)}, "
                    f"tôi chứng thực: Ông/bà {giver.full_name} đã ký vào giấy ủy quyền này "
                    "trước mặt tôi. Số chứng thực: ",
                    V(f"{random.Random(giver.id_number).randint(100, 999)}", -1),
                    ", quyển số 01/2026-SCT/CK,ĐC.",
                ],
                align="justify",
                size=0.9,
            )
        )
        b.append(
            Sign(
                [
                    SignCol(
                        "Người thực hiện chứng thực",
                        "(Ký, đóng dấu và ghi rõ họ tên)",
                        V("Nguyễn Văn Thành"),
                        seal=f"Ủy ban nhân dân {agency.ward} * {agency.province}",
                    )
                ],
                right_only=True,
            )
        )
    return Doc("giay_uy_quyen", b, base=st.base)


# ===================================================================== judicial record
def to_khai_lltp(
    st: St,
    *,
    day: date,
    p: Person,
    form_id: str | None = None,
    form_dob: date | None = None,
    father: Person,
    mother: Person,
    spouse: Person | None,
    agency: str,
    issue: date,
    purpose: str,
    history: list[tuple[str, str, str]],
    kind: int = 1,
) -> Doc:
    """Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (mẫu số 03/2013/TT-LLTP and successors)."""
    pid = form_id or p.id_number
    dob = form_dob or p.dob
    b: list[Any] = []
    if st.v == 0:
        b += [
            Corner(["Mẫu số 03/2013/TT-LLTP"]),
            Motto(),
            Title(
                "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
                ["(Dùng cho cá nhân có yêu cầu cấp Phiếu lý lịch tư pháp)"],
            ),
            Text(["Kính gửi: ", V(agency)], align="center"),
        ]
        b.append(
            F(
                st,
                [
                    [("1. Họ và tên", V(p.upper, bold=True))],
                    [("2. Tên gọi khác (nếu có)", V(""))],
                    [("3. Giới tính", V(p.sex)), ("4. Ngày, tháng, năm sinh", V(dmy(dob)))],
                    [("5. Nơi sinh", V(p.birth_province if p.birth_province else ""))],
                    [("6. Quốc tịch", V("Việt Nam")), ("Dân tộc", V(p.ethnicity))],
                    [("7. Nơi thường trú", V(p.residence.text()))],
                    [("8. Nơi tạm trú", V(""))],
                    [("9. Giấy CMND/Hộ chiếu/Căn cước số", idv(st, pid))],
                    [("Cấp ngày", V(dmy(issue))), ("Tại", V("Cục Cảnh sát QLHC về TTXH"))],
                    [("10. Điện thoại/e-mail", V(p.phone))],
                    [
                        ("11. Họ và tên cha", V(father.full_name)),
                        ("Năm sinh", V(str(father.dob.year))),
                    ],
                    [
                        ("12. Họ và tên mẹ", V(mother.full_name)),
                        ("Năm sinh", V(str(mother.dob.year))),
                    ],
                    [("13. Họ và tên vợ/chồng", V(spouse.full_name if spouse else ""))],
                ],
            )
        )
    else:
        b += [
            Motto(),
            Title("TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
            Corner(["Mẫu số 01/2025/LLTP"] if st.v == 2 else [], align="right"),
            Text(["Kính gửi: ", V(agency)], align="center"),
            Text(["I. THÔNG TIN NGƯỜI YÊU CẦU CẤP PHIẾU"], bold=True),
        ]
        b.append(
            F(
                st,
                [
                    [("Họ, chữ đệm và tên", V(p.upper, bold=True))],
                    [("Ngày sinh", V(dmy(dob))), ("Giới tính", V(p.sex))],
                    [("Số định danh cá nhân", idv(st, pid))],
                    [("Nơi sinh", V(p.birth_province)), ("Quốc tịch", V("Việt Nam"))],
                    [("Nơi thường trú", V(p.residence.text()))],
                    [("Số điện thoại", V(p.phone)), ("Email", V(""))],
                    [("Họ tên cha", V(father.full_name)), ("Họ tên mẹ", V(mother.full_name))],
                    [("Họ tên vợ/chồng", V(spouse.full_name if spouse else ""))],
                ],
            )
        )
    b.append(
        Text(
            [
                "14. Quá trình cư trú của bản thân (kể từ khi đủ 14 tuổi):"
                if st.v == 0
                else "II. QUÁ TRÌNH CƯ TRÚ, NGHỀ NGHIỆP (kể từ khi đủ 14 tuổi)"
            ],
            bold=st.v != 0,
        )
    )
    b.append(
        Table(
            ["Từ tháng, năm đến tháng, năm", "Nơi cư trú", "Nghề nghiệp, nơi làm việc"],
            [[[V(a)], [V(bb)], [V(c)]] for a, bb, c in history],
            [26, 44, 34],
        )
    )
    n = "15. " if st.v == 0 else ""
    b.append(Text([f"{n}Tiền án, tiền sự: ", V("Không")]))
    b.append(
        Checks(
            ("16. " if st.v == 0 else "") + "Yêu cầu cấp Phiếu lý lịch tư pháp:",
            [("Số 1", kind == 1), ("Số 2", kind == 2)],
        )
    )
    b.append(Text([("17. " if st.v == 0 else "") + "Mục đích sử dụng Phiếu: ", V(purpose)]))
    b.append(
        Text(
            [("18. " if st.v == 0 else "") + "Số lượng Phiếu yêu cầu cấp: ", V("01", 15), " Phiếu"]
        )
    )
    b.append(
        Text(
            [
                "Tôi xin cam đoan những lời khai trên là đúng sự thật và chịu trách nhiệm "
                "về lời khai của mình."
            ],
            italic=True,
            first=8,
        )
    )
    b.append(
        Sign(
            [SignCol("Người khai", "(Ký và ghi rõ họ tên)", V(p.full_name))],
            date_line(p.residence.place, day),
            right_only=True,
        )
    )
    return Doc("to_khai_lltp", b, base=st.base - 0.5)


# ===================================================================== household business
def giay_de_nghi_hkd(
    st: St,
    *,
    day: date,
    owner: Person,
    form_id: str | None = None,
    form_dob: date | None = None,
    name: str,
    addr: Address,
    trades: list[tuple[str, str]],
    capital: int,
    workers: int,
    members: bool,
    agency: Address,
) -> Doc:
    """Giấy đề nghị đăng ký hộ kinh doanh (Phụ lục III-1, Thông tư 02/2023/TT-BKHĐT)."""
    oid = form_id or owner.id_number
    dob = form_dob or owner.dob
    b: list[Any] = []
    if st.v in (0, 1):
        b += [
            Corner(["Phụ lục III-1", "(Ban hành kèm theo Thông tư số 02/2023/TT-BKHĐT)"]),
            Motto(),
            Text(date_line(agency.place, day), align="right", italic=True),
            Title("GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH"),
            Text(
                [
                    "Kính gửi: ",
                    V("Phòng Kinh tế " + commune_name(agency).replace("Ủy ban nhân dân ", "UBND ")),
                ],
                align="center",
            ),
        ]
    else:
        b += [
            Motto(),
            Title("GIẤY ĐỀ NGHỊ", ["Đăng ký thành lập hộ kinh doanh"]),
            Text(["Kính gửi: ", V(commune_name(agency))], align="center"),
        ]
    b.append(
        F(
            st,
            [
                [("Tôi là (ghi họ tên bằng chữ in hoa)", V(owner.upper, bold=True))],
                [("Ngày, tháng, năm sinh", V(dmy(dob))), ("Giới tính", V(owner.sex))],
                [("Dân tộc", V(owner.ethnicity)), ("Quốc tịch", V("Việt Nam"))],
                [("Số định danh cá nhân", idv(st, oid))],
                [("Địa chỉ thường trú", V(owner.residence.text()))],
                [("Địa chỉ liên lạc", V(owner.residence.text() if st.v != 1 else "Như trên"))],
                [("Điện thoại", V(owner.phone)), ("Email", V(""))],
            ],
        )
    )
    b.append(Text(["Đăng ký hộ kinh doanh với các nội dung sau:"], italic=True))
    b.append(Text(["1. Tên hộ kinh doanh (ghi bằng chữ in hoa): ", V(name.upper(), bold=True)]))
    b.append(Text(["2. Địa chỉ trụ sở hộ kinh doanh: ", V(addr.text())]))
    b.append(Text(["3. Ngành, nghề kinh doanh:"]))
    b.append(
        Table(
            ["STT", "Tên ngành", "Mã ngành"],
            [[[str(i + 1)], [V(t)], [V(c)]] for i, (t, c) in enumerate(trades)],
            [8, 60, 18],
        )
    )
    b.append(Text(["4. Vốn kinh doanh (bằng số; VNĐ): ", V(money(capital), 50)]))
    b.append(Text(["Bằng chữ: ", V(n2w(capital // 1000000).capitalize() + " triệu đồng")]))
    b.append(Text(["5. Số lượng lao động (dự kiến): ", V(str(workers), 20), " người"]))
    b.append(
        Checks(
            "6. Chủ thể thành lập hộ kinh doanh:",
            [("Cá nhân", not members), ("Các thành viên hộ gia đình", members)],
        )
    )
    b.append(
        Text(
            [
                "Tôi cam kết: bản thân không thuộc diện bị cấm thành lập hộ kinh doanh; chịu "
                "trách nhiệm trước pháp luật về tính hợp pháp, chính xác và trung thực của nội "
                "dung đăng ký trên."
            ],
            align="justify",
            first=8,
        )
    )
    b.append(
        Sign(
            [SignCol("Chủ hộ kinh doanh", "(Ký và ghi họ tên)", V(owner.full_name))],
            None if st.v in (0, 1) else date_line(agency.place, day),
            right_only=True,
        )
    )
    return Doc("giay_de_nghi_hkd", b, base=st.base - 0.3)


def bien_ban_hop(
    st: St, *, day: date, owner: Person, members: list[tuple[Person, str]], name: str, addr: Address
) -> Doc:
    """Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh."""
    titles = [
        "BIÊN BẢN HỌP THÀNH VIÊN HỘ GIA ĐÌNH",
        "BIÊN BẢN HỌP GIA ĐÌNH",
        "BIÊN BẢN HỌP HỘ GIA ĐÌNH",
    ]
    b: list[Any] = [Motto(), Title(titles[st.v], ["(V/v thành lập hộ kinh doanh)"])]
    b.append(
        Text(
            [
                "Hôm nay, vào lúc ",
                V("19", -1),
                " giờ ",
                V("30", -1),
                ", ngày ",
                V(dmy(day - timedelta(days=7)), -1),
                ", tại ",
                V(owner.residence.text()),
                ", các thành viên hộ gia đình gồm:",
            ],
            align="justify",
        )
    )
    rows = [
        [[str(i + 1)], [V(p.full_name)], [V(dmy(p.dob))], [V(p.id_number)], [V(r)]]
        for i, (p, r) in enumerate([(owner, "Chủ hộ"), *members])
    ]
    if st.v == 1:
        for i, (p, r) in enumerate([(owner, "Chủ hộ"), *members]):
            b.append(
                Text(
                    [
                        f"{i + 1}. Ông/bà: ",
                        V(p.full_name, 60),
                        " sinh ngày ",
                        V(dmy(p.dob), 28),
                        "; số định danh cá nhân: ",
                        V(p.id_number, 45),
                        "; quan hệ: ",
                        V(r),
                    ]
                )
            )
    else:
        b.append(
            Table(
                ["STT", "Họ và tên", "Ngày sinh", "Số định danh cá nhân", "Quan hệ"],
                rows,
                [7, 34, 18, 28, 15],
            )
        )
    b.append(Text(["NỘI DUNG CUỘC HỌP:"], bold=True))
    b.append(
        Text(
            [
                "Các thành viên hộ gia đình thống nhất cùng thành lập hộ kinh doanh với tên ",
                V(name.upper(), 60),
                ", địa điểm kinh doanh tại ",
                V(addr.text()),
                ".",
            ],
            align="justify",
            first=8,
        )
    )
    b.append(
        Text(
            [
                "Các thành viên nhất trí cử ông/bà ",
                V(owner.full_name, 60),
                " làm chủ hộ kinh doanh, đại diện cho hộ gia đình thực hiện đăng ký và "
                "điều hành hoạt động kinh doanh.",
            ],
            align="justify",
            first=8,
        )
    )
    b.append(
        Text(
            [
                "Biên bản kết thúc vào lúc 20 giờ 30 phút cùng ngày, đã được đọc lại cho mọi "
                "người cùng nghe và nhất trí ký tên."
            ],
            align="justify",
            first=8,
        )
    )
    cols = [
        SignCol(f"{r}" if r != "Chủ hộ" else "Chủ hộ", "(Ký, ghi rõ họ tên)", V(p.full_name))
        for p, r in [(owner, "Chủ hộ"), *members][:3]
    ]
    b.append(Sign(cols))
    return Doc("bien_ban_hop", b, base=st.base)


# ===================================================================== construction permit
def don_gpxd(
    st: St,
    *,
    day: date,
    owner: Person,
    form_id: str | None = None,
    lot: dict[str, Any],
    agency: Address,
    designer: str,
) -> Doc:
    """Đơn đề nghị cấp giấy phép xây dựng (nhà ở riêng lẻ), mẫu số 01."""
    oid = form_id or owner.id_number
    b: list[Any] = [
        Corner(["Mẫu số 01"]) if st.v == 0 else Corner([]),
        Motto(),
        Title("ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG", ["(Sử dụng cho công trình: Nhà ở riêng lẻ)"]),
        Text(["Kính gửi: ", V(commune_name(agency))], align="center"),
    ]
    b.append(Text(["1. Thông tin về chủ đầu tư:"], bold=True))
    rows: list[list[tuple[str, V]]] = [[("- Tên chủ đầu tư (tên chủ hộ)", V(owner.full_name))]]
    if st.v >= 1:
        rows.append([("- Số định danh cá nhân" if st.v == 2 else "- Số CCCD", idv(st, oid))])
        rows.append([("- Ngày sinh", V(dmy(owner.dob)))])
    rows += [
        [("- Địa chỉ liên hệ", V(owner.residence.text()))],
        [("- Số điện thoại", V(owner.phone))],
    ]
    b.append(F(st, rows))
    b.append(Text(["2. Thông tin công trình:"], bold=True))
    b.append(
        F(
            st,
            [
                [
                    ("- Địa điểm xây dựng: lô đất số", V(lot["thua"])),
                    ("tờ bản đồ số", V(lot["to"])),
                ],
                [("- Diện tích", V(f"{lot['area']} m²")), ("tại", V(lot["addr"].text()))],
            ],
        )
    )
    b.append(Text(["3. Tổ chức, cá nhân lập thiết kế xây dựng: ", V(designer)]))
    b.append(Text(["4. Nội dung đề nghị cấp phép:"], bold=True))
    b.append(
        F(
            st,
            [
                [("- Loại công trình", V("Nhà ở riêng lẻ")), ("Cấp công trình", V("Cấp III"))],
                [("- Diện tích xây dựng tầng 1 (tầng trệt)", V(f"{lot['built']} m²"))],
                [
                    ("- Tổng diện tích sàn", V(f"{lot['built'] * lot['floors']} m²")),
                    ("Chiều cao công trình", V(f"{lot['floors'] * 3.6 + 1.2:.1f} m")),
                ],
                [("- Số tầng", V(f"{lot['floors']} tầng"))],
            ],
        )
    )
    b.append(Text(["5. Dự kiến thời gian hoàn thành công trình: ", V(f"{lot['months']} tháng")]))
    b.append(
        Text(
            [
                "6. Cam kết: Tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu sai tôi "
                "xin hoàn toàn chịu trách nhiệm và bị xử lý theo quy định của pháp luật."
            ],
            align="justify",
        )
    )
    b.append(
        Sign(
            [SignCol("Người làm đơn", "(Ký, ghi rõ họ tên)", V(owner.full_name))],
            date_line(agency.place, day),
            right_only=True,
        )
    )
    return Doc("don_gpxd", b, base=st.base)


def gcn_qsdd(
    st: St,
    *,
    owners: list[Person],
    lot: dict[str, Any],
    issued: date,
    serial: str,
    copy_stamp: bool,
) -> Doc:
    """Land-use right certificate (sổ đỏ / sổ hồng), three generations = the variants."""
    b: list[Any] = []
    o_rows: list[Seg] = []
    for i, p in enumerate(owners):
        title = "Ông" if p.male else "Bà"
        o_rows += [
            ("" if i == 0 else "; ") + f"{title}: ",
            V(p.upper, -1, bold=True),
            ", năm sinh: ",
            V(str(p.dob.year), -1),
            ", CCCD số: ",
            V(p.id_number, -1),
        ]
    old = issued < date(2025, 7, 1)
    home = owners[0].residence.legacy() if old else owners[0].residence
    lot = {**lot, "addr": lot["addr"].legacy() if old else lot["addr"]}
    addr_line: list[Seg] = ["Địa chỉ thường trú: ", V(home.text())]
    area = lot["area"]
    if st.v == 0:  # 2009-2024 pink book
        b += [
            Motto(),
            Title(
                "GIẤY CHỨNG NHẬN",
                ["QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở", "VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT"],
                size=1.6,
            ),
            Text(
                ["I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất"],
                bold=True,
            ),
            Text(o_rows, align="justify"),
            Text(addr_line),
            Space(4),
            Text([V(serial, -1, bold=True)], align="center", size=1.3),
            Text(["II. Thửa đất, nhà ở và tài sản khác gắn liền với đất"], bold=True),
            Text(["1. Thửa đất:"], bold=True),
        ]
        b.append(
            F(
                st,
                [
                    [("a) Thửa đất số", V(lot["thua"])), ("tờ bản đồ số", V(lot["to"]))],
                    [("b) Địa chỉ", V(lot["addr"].text()))],
                    [
                        ("c) Diện tích", V(f"{area} m²")),
                        ("bằng chữ", V(n2w(area).capitalize() + " mét vuông")),
                    ],
                    [("d) Hình thức sử dụng", V("Sử dụng riêng"))],
                    [("đ) Mục đích sử dụng", V("Đất ở tại đô thị"))],
                    [("e) Thời hạn sử dụng", V("Lâu dài"))],
                    [
                        (
                            "g) Nguồn gốc sử dụng",
                            V("Nhận chuyển nhượng đất được Nhà nước giao đất có thu tiền"),
                        )
                    ],
                ],
            )
        )
        b.append(Text(["2. Nhà ở: ", V("—")]))
        b.append(Text(["3. Công trình xây dựng khác: ", V("—")]))
        b.append(Text(["4. Ghi chú: ", V("—")]))
        b.append(
            Sign(
                [
                    SignCol(
                        "Sở Tài nguyên và Môi trường",
                        "(Ký tên, đóng dấu)",
                        V("Phó Giám đốc Trần Văn Hải"),
                        seal="Sở Tài nguyên và Môi trường * " + lot["addr"].prov_name,
                    )
                ],
                [
                    lot["addr"].prov_name + ", ngày ",
                    V(dd(issued), -1),
                    " tháng ",
                    V(mm(issued), -1),
                    " năm ",
                    V(str(issued.year), -1),
                ],
                right_only=True,
            )
        )
        b.append(Text(["Số vào sổ cấp GCN: ", V(f"CS {serial[-5:]}", -1)], size=0.9))
    elif st.v == 1:  # 2024 land law, one sheet with QR
        b += [
            Motto(),
            Title(
                "GIẤY CHỨNG NHẬN",
                ["QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT"],
                size=1.5,
            ),
            Draw(_qr_block(serial), 22),
            Text(["1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:"], bold=True),
            Text(o_rows, align="justify"),
            Text(addr_line),
            Text(["2. Thông tin thửa đất:"], bold=True),
        ]
        b.append(
            F(
                st,
                [
                    [("a) Thửa đất số", V(lot["thua"])), ("Tờ bản đồ số", V(lot["to"]))],
                    [("b) Diện tích", V(f"{area} m²"))],
                    [("c) Loại đất", V("Đất ở tại đô thị (ODT)"))],
                    [("d) Hình thức sử dụng", V("Sử dụng riêng"))],
                    [("đ) Thời hạn", V("Lâu dài"))],
                    [("e) Nguồn gốc sử dụng", V("Công nhận quyền sử dụng đất"))],
                    [("g) Địa chỉ", V(lot["addr"].text()))],
                ],
            )
        )
        b.append(Text(["3. Thông tin tài sản gắn liền với đất: ", V("Không")]))
        b.append(Text(["4. Ghi chú: ", V("")]))
        b.append(
            Sign(
                [
                    SignCol(
                        "Chủ tịch Ủy ban nhân dân",
                        "(Ký, đóng dấu)",
                        V("Nguyễn Văn Bình"),
                        seal=f"Ủy ban nhân dân * {lot['addr'].prov_name}",
                    )
                ],
                [
                    lot["addr"].place + ", ngày ",
                    V(dd(issued), -1),
                    " tháng ",
                    V(mm(issued), -1),
                    " năm ",
                    V(str(issued.year), -1),
                ],
                right_only=True,
            )
        )
        b.append(Text(["Mã GCN: ", V(serial, -1)], size=0.9))
    else:  # old red book (before 2009)
        b += [
            Motto(),
            Title("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", size=1.45),
            Text(
                ["ỦY BAN NHÂN DÂN ", V(lot["addr"].prov_name.upper(), -1)],
                align="center",
                bold=True,
            ),
            Text(["Chứng nhận"], align="center", italic=True),
        ]
        b.append(
            F(
                st,
                [
                    [("Hộ ông/bà", V(" và ".join(p.full_name for p in owners), bold=True))],
                    [
                        ("Năm sinh", V(", ".join(str(p.dob.year) for p in owners))),
                        ("CCCD/CMND số", V(owners[0].id_number)),
                    ],
                    [("Địa chỉ thường trú", V(home.text()))],
                ],
            )
        )
        b.append(Text(["được quyền sử dụng thửa đất sau:"], italic=True))
        b.append(
            Table(
                [
                    "Thửa đất số",
                    "Tờ bản đồ số",
                    "Diện tích (m²)",
                    "Mục đích sử dụng",
                    "Thời hạn sử dụng",
                ],
                [[[V(lot["thua"])], [V(lot["to"])], [V(str(area))], ["ONT"], ["Lâu dài"]]],
                [18, 18, 18, 24, 22],
            )
        )
        b.append(Text(["Địa chỉ thửa đất: ", V(lot["addr"].text())]))
        b.append(
            Sign(
                [
                    SignCol(
                        "TM. Ủy ban nhân dân",
                        "Chủ tịch",
                        V("Lê Văn Lợi"),
                        seal=f"Ủy ban nhân dân * {lot['addr'].prov_name}",
                    )
                ],
                [
                    lot["addr"].place + ", ngày ",
                    V(dd(issued), -1),
                    " tháng ",
                    V(mm(issued), -1),
                    " năm ",
                    V(str(issued.year), -1),
                ],
                right_only=True,
            )
        )
        b.append(Text(["Số vào sổ cấp GCN QSDĐ: ", V(serial, -1)], size=0.9))
    if st.v != 1 and lot.get("diagram"):
        b.append(Break())
        b.append(Text(["III. Sơ đồ thửa đất, nhà ở và tài sản khác gắn liền với đất"], bold=True))
        b.append(Draw(_lot_sketch(lot), 95))
        b.append(Text(["IV. Những thay đổi sau khi cấp Giấy chứng nhận"], bold=True))
        b.append(
            Table(
                ["Nội dung thay đổi và cơ sở pháp lý", "Xác nhận của cơ quan có thẩm quyền"],
                [[[""], [""]], [[""], [""]]],
                [60, 40],
            )
        )
    if copy_stamp:
        b.append(Space(4))
        b.append(Text(["SAO Y BẢN CHÍNH"], bold=True, align="left", size=1.2))
        b.append(
            Text(
                [
                    "Chứng thực bản sao đúng với bản chính. Số chứng thực: ",
                    V(serial[-3:], -1),
                    " Quyển số 02/2026-SCT/BS",
                ],
                size=0.85,
            )
        )
        b.append(
            Sign(
                [
                    SignCol(
                        "Người thực hiện chứng thực",
                        "(Ký, đóng dấu)",
                        V("Phạm Thị Lan"),
                        seal=f"Ủy ban nhân dân {lot['addr'].ward} * {lot['addr'].prov_name}",
                    )
                ],
                right_only=False,
            )
        )
    return Doc(
        "gcn_qsdd",
        b,
        base=st.base,
        frame=st.v != 1,
        tint=(255, 246, 246) if st.v == 0 else (255, 255, 250),
    )


def qr_modules(seed: str, n: int = 25) -> list[list[bool]]:
    """A QR-looking module grid: three finder squares and random data modules."""
    rng = random.Random(seed)

    def finder(i: int, j: int) -> bool:
        return i in (0, 6) or j in (0, 6) or (2 <= i <= 4 and 2 <= j <= 4)

    grid = []
    for i in range(n):
        row = []
        for j in range(n):
            if i < 7 and j < 7:
                on = finder(i, j)
            elif i < 7 and j >= n - 7:
                on = finder(i, j - (n - 7))
            elif i >= n - 7 and j < 7:
                on = finder(i - (n - 7), j)
            elif i == 7 or j == 7 or (i == n - 8 and j < 8) or (j == n - 8 and i < 8):
                on = False
            else:
                on = rng.random() < 0.5
            row.append(on)
        grid.append(row)
    return grid


def _qr_block(serial: str) -> Any:
    def draw(c: Any, x: float, y: float, w: float, h: float) -> None:
        grid = qr_modules(serial)
        cell = 0.8
        ox = x + w - 22
        for i, row in enumerate(grid):
            for j, on in enumerate(row):
                if on:
                    c.rect(ox + j * cell, y + i * cell, cell, cell, 0, fill=(0, 0, 0))

    return draw


def _lot_sketch(lot: dict[str, Any]) -> Any:
    def draw(c: Any, x: float, y: float, w: float, h: float) -> None:
        rng = random.Random(lot["thua"])
        cx, cy = x + w / 2, y + h / 2
        pw, ph = rng.uniform(35, 60), rng.uniform(50, 75)
        k = rng.uniform(-6, 6)
        pts = [
            (cx - pw / 2, cy - ph / 2),
            (cx + pw / 2 + k, cy - ph / 2),
            (cx + pw / 2, cy + ph / 2),
            (cx - pw / 2 - k / 2, cy + ph / 2),
        ]
        for i in range(4):
            a, bb = pts[i], pts[(i + 1) % 4]
            c.line(a[0], a[1], bb[0], bb[1], 0.5)
            c.text(
                (a[0] + bb[0]) / 2 + 1,
                (a[1] + bb[1]) / 2 - 1,
                f"{rng.uniform(4, 25):.2f}".replace(".", ","),
                _face(c),
                8,
            )
            c.text(a[0] - 3, a[1] - 1, str(i + 1), _face(c), 8)
        c.text(cx - 6, cy, f"({lot['thua']})", _face(c), 10)
        c.text(cx - 8, cy + 5, f"{lot['area']} m²", _face(c), 9)
        c.text(x + 2, y + h - 4, "Đường " + lot.get("street", "Trần Phú"), _face(c), 9)
        c.line(x + w - 15, y + 5, x + w - 15, y + 15, 0.4)
        c.text(x + w - 16.5, y + 4, "N", _face(c), 9)

    return draw


def _face(c: Any) -> Any:
    return c.default_face


def cam_ket_an_toan(
    st: St, *, day: date, owner: Person, lot: dict[str, Any], neighbour: Person, agency: Address
) -> Doc:
    """Bản cam kết bảo đảm an toàn đối với công trình liền kề."""
    titles = [
        "BẢN CAM KẾT",
        "BẢN CAM KẾT BẢO ĐẢM AN TOÀN ĐỐI VỚI CÔNG TRÌNH LIỀN KỀ",
        "GIẤY CAM KẾT BẢO ĐẢM AN TOÀN CÔNG TRÌNH LIỀN KỀ",
    ]
    subs = [["Bảo đảm an toàn đối với công trình liền kề"], [], ["(Khi xây dựng nhà ở riêng lẻ)"]]
    b: list[Any] = [
        Motto(),
        Title(titles[st.v], subs[st.v]),
        Text(["Kính gửi: ", V(commune_name(agency))], align="center"),
    ]
    b.append(
        F(
            st,
            [
                [("Tên chủ đầu tư", V(owner.full_name))],
                [("Số định danh cá nhân", idv(st, owner.id_number))],
                [("Địa chỉ liên hệ", V(owner.residence.text()))],
                [("Điện thoại", V(owner.phone))],
                [("Địa điểm xây dựng", V(lot["addr"].text()))],
                [("Lô đất số", V(lot["thua"])), ("Diện tích", V(f"{lot['area']} m²"))],
                [("Công trình liền kề (chủ sở hữu)", V(neighbour.full_name))],
            ],
        )
    )
    b.append(
        Text(
            [
                "Tôi xin cam kết: trong quá trình thi công xây dựng sẽ thực hiện đầy đủ các "
                "biện pháp bảo đảm an toàn cho công trình liền kề (chống đỡ, gia cố móng, che "
                "chắn, chống lún, nứt). Nếu để xảy ra hư hỏng, sự cố đối với công trình liền kề, "
                "tôi xin hoàn toàn chịu trách nhiệm khắc phục và bồi thường thiệt hại theo quy "
                "định của pháp luật."
            ],
            align="justify",
            first=8,
        )
    )
    b.append(
        Sign(
            [SignCol("Người cam kết", "(Ký, ghi rõ họ tên)", V(owner.full_name))],
            date_line(agency.place, day),
            right_only=True,
        )
    )
    return Doc("cam_ket_an_toan", b, base=st.base)


# ===================================================================== permanent residence
def to_khai_ct01(
    st: St,
    *,
    day: date,
    p: Person,
    form_id: str | None = None,
    form_dob: date | None = None,
    head: Person,
    rel: str,
    new_addr: Address,
    members: list[tuple[Person, str]],
    agency: Address,
) -> Doc:
    """Tờ khai thay đổi thông tin cư trú, mẫu CT01 (Thông tư 53/2021, 66/2023/TT-BCA)."""
    pid = form_id or p.id_number
    dob = form_dob or p.dob
    b: list[Any] = [
        Corner(
            [
                "Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA",
                "ngày 17/11/2023 của Bộ trưởng Bộ Công an",
            ]
            if st.v != 2
            else ["Mẫu CT01"]
        ),
        Motto(),
        Title("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        Text(["Kính gửi(1): ", V("Công an " + agency.ward + ", " + _prov(agency))], align="center"),
    ]
    rows: list[list[tuple[str, V]]] = [
        [("1. Họ, chữ đệm và tên", V(p.upper, bold=True))],
        [("2. Ngày, tháng, năm sinh", V(dmy(dob))), ("3. Giới tính", V(p.sex))],
        [("4. Số định danh cá nhân", V(pid, boxes=12) if (st.boxes or st.v == 0) else V(pid, 60))],
        [("5. Số điện thoại liên hệ", V(p.phone)), ("6. Email", V(""))],
        [("7. Họ, chữ đệm và tên chủ hộ", V(head.full_name))],
        [("8. Mối quan hệ với chủ hộ", V(rel))],
        [
            (
                "9. Số định danh cá nhân của chủ hộ",
                V(head.id_number, boxes=12) if (st.boxes or st.v == 0) else V(head.id_number, 60),
            )
        ],
        [("10. Nội dung đề nghị(2)", V(f"Đăng ký thường trú tại {new_addr.text()}"))],
    ]
    if st.v == 1:
        rows = [rows[0], rows[2], rows[1], rows[3], rows[6], rows[4], rows[5], rows[7]]
    b.append(F(st, rows))
    b.append(Text(["11. Những thành viên trong hộ gia đình cùng thay đổi:"]))
    trs = [
        [[str(i + 1)], [V(m.full_name)], [V(dmy(m.dob))], [V(m.sex)], [V(m.id_number)], [V(r)]]
        for i, (m, r) in enumerate(members)
    ] or [[[""], [""], [""], [""], [""], [""]]]
    b.append(
        Table(
            [
                "TT",
                "Họ, chữ đệm và tên",
                "Ngày, tháng, năm sinh",
                "Giới tính",
                "Số định danh cá nhân",
                "Mối quan hệ với chủ hộ",
            ],
            trs,
            [6, 30, 18, 11, 26, 17],
            size=0.8,
        )
    )
    cols = [
        SignCol(
            "Ý kiến của chủ hộ(3)",
            "(Ghi rõ nội dung, ký, ghi rõ họ tên)",
            V(head.full_name),
            signed=head is not p,
        ),
        SignCol(
            "Ý kiến của chủ sở hữu chỗ ở hợp pháp(3)", "(Ký, ghi rõ họ tên)", V(""), signed=False
        ),
        SignCol("Người kê khai", "(Ký, ghi rõ họ tên)", V(p.full_name)),
    ]
    b.append(Sign(cols, date_line(agency.place, day)))
    return Doc("to_khai_ct01", b, base=st.base - 0.8)


def hop_dong_thue_nha(
    st: St,
    *,
    day: date,
    landlord: Person,
    tenant: Person,
    addr: Address,
    rent: int,
    months: int,
    area: int,
) -> Doc:
    """Hợp đồng thuê nhà (ở)."""
    titles = ["HỢP ĐỒNG THUÊ NHÀ", "HỢP ĐỒNG THUÊ NHÀ Ở", "HỢP ĐỒNG CHO THUÊ NHÀ"]
    b: list[Any] = [
        Motto(),
        Title(titles[st.v], ["Số: " + f"{day.month:02d}/{day.year}/HĐTN"] if st.v != 1 else []),
    ]
    b.append(Text(["- Căn cứ Bộ luật Dân sự năm 2015;"], italic=True))
    b.append(Text(["- Căn cứ Luật Nhà ở năm 2023;"], italic=True))
    b.append(
        Text(
            [
                "Hôm nay, ngày ",
                V(dd(day), -1),
                " tháng ",
                V(mm(day), -1),
                " năm ",
                V(str(day.year), -1),
                ", tại ",
                V(addr.text()),
                ", chúng tôi gồm:",
            ]
        )
    )
    for title, q in (("BÊN CHO THUÊ (Bên A):", landlord), ("BÊN THUÊ (Bên B):", tenant)):
        b.append(Text([title], bold=True))
        b.append(
            F(
                st,
                [
                    [("Ông/Bà", V(q.full_name)), ("Sinh năm", V(str(q.dob.year)))],
                    [("Số định danh cá nhân", idv(st, q.id_number))],
                    [("Nơi cư trú", V(q.residence.text()))],
                    [("Điện thoại", V(q.phone))],
                ],
            )
        )
    b.append(Text(["Hai bên thỏa thuận ký kết hợp đồng thuê nhà với các điều khoản sau:"]))
    b.append(Text(["Điều 1. Đối tượng của hợp đồng"], bold=True))
    b.append(
        Text(
            [
                "Bên A đồng ý cho Bên B thuê nhà ở tại địa chỉ ",
                V(addr.text()),
                ", diện tích sử dụng ",
                V(str(area), 12),
                " m², để ở và đăng ký cư trú.",
            ],
            align="justify",
            first=8,
        )
    )
    b.append(Text(["Điều 2. Giá thuê và phương thức thanh toán"], bold=True))
    b.append(
        Text(
            [
                "Giá thuê: ",
                V(money(rent), 30),
                " đồng/tháng (bằng chữ: ",
                V(n2w(rent // 1000) + " nghìn đồng", 50),
                "). Thanh toán hằng tháng bằng tiền mặt hoặc chuyển khoản trước ngày 05.",
            ],
            align="justify",
            first=8,
        )
    )
    b.append(Text(["Điều 3. Thời hạn thuê"], bold=True))
    b.append(
        Text(
            [
                "Thời hạn thuê là ",
                V(str(months), 10),
                " tháng, kể từ ngày ",
                V(dmy(day - timedelta(days=20)), 28),
                ".",
            ],
            first=8,
        )
    )
    b.append(Text(["Điều 4. Quyền và nghĩa vụ của các bên"], bold=True))
    b.append(
        Text(
            [
                "Bên A giao nhà đúng thời hạn, đồng ý cho Bên B đăng ký thường trú tại chỗ ở "
                "thuê. Bên B sử dụng nhà đúng mục đích, trả tiền thuê đúng hạn, giữ gìn nhà ở "
                "và chấp hành quy định về trật tự, vệ sinh khu dân cư."
            ],
            align="justify",
            first=8,
        )
    )
    b.append(Text(["Điều 5. Cam kết chung"], bold=True))
    b.append(
        Text(
            ["Hợp đồng được lập thành 02 bản có giá trị pháp lý như nhau, mỗi bên giữ 01 bản."],
            first=8,
        )
    )
    b.append(
        Sign(
            [
                SignCol("BÊN CHO THUÊ (BÊN A)", "(Ký, ghi rõ họ tên)", V(landlord.full_name)),
                SignCol("BÊN THUÊ (BÊN B)", "(Ký, ghi rõ họ tên)", V(tenant.full_name)),
            ]
        )
    )
    return Doc("hop_dong_thue_nha", b, base=st.base)


# ===================================================================== marriage
def to_khai_ket_hon(
    st: St,
    *,
    day: date,
    first: Person,
    second: Person,
    ids: dict[str, str],
    dobs: dict[str, date],
    agency: Address,
    times: tuple[str, str] = ("Lần đầu", "Lần đầu"),
) -> Doc:
    """Tờ khai đăng ký kết hôn (Thông tư 04/2020/TT-BTP). ``first`` is the first column."""
    agency_name = commune_name(agency)
    b: list[Any] = [
        Corner(["Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP"]) if st.v == 0 else Corner([]),
        Motto(),
        Title("TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        Text(["Kính gửi(1): ", V(agency_name)], align="center"),
    ]

    def lab(p: Person) -> str:
        return "Bên nam" if p.male else "Bên nữ"

    if st.v in (0, 1) and st.fields != "grid":
        rows: list[list[list[Seg]]] = []
        for label, f in [
            ("Họ, chữ đệm, tên", lambda p: p.full_name),
            ("Ngày, tháng, năm sinh", lambda p: dmy(dobs[p.id_number])),
            ("Dân tộc", lambda p: p.ethnicity),
            ("Quốc tịch", lambda p: "Việt Nam"),
            ("Nơi cư trú(2)", lambda p: p.residence.text()),
            (
                "Giấy tờ tùy thân(3)" if st.v == 0 else "Số định danh cá nhân",
                lambda p: f"Căn cước số {ids[p.id_number]}" if st.v == 0 else ids[p.id_number],
            ),
            ("Kết hôn lần thứ mấy(4)", lambda p: times[0 if p is first else 1]),
        ]:
            rows.append([[label], [V(f(first))], [V(f(second))]])
        b.append(Table(["Thông tin", lab(first), lab(second)], rows, [30, 38, 38], size=1.0))
    else:
        for p in (first, second):
            b.append(Text([lab(p).upper() + ":"], bold=True))
            b.append(
                F(
                    st,
                    [
                        [("Họ, chữ đệm, tên", V(p.full_name, bold=True))],
                        [
                            ("Ngày, tháng, năm sinh", V(dmy(dobs[p.id_number]))),
                            ("Dân tộc", V(p.ethnicity)),
                        ],
                        [("Quốc tịch", V("Việt Nam"))],
                        [("Nơi cư trú", V(p.residence.text()))],
                        [("Số định danh cá nhân", idv(st, ids[p.id_number]))],
                        [("Kết hôn lần thứ mấy", V(times[0 if p is first else 1]))],
                    ],
                )
            )
    b.append(
        Text(
            [
                "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của "
                "chúng tôi là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình "
                "Việt Nam."
            ],
            align="justify",
            first=8,
        )
    )
    b.append(
        Text(["Chúng tôi chịu trách nhiệm trước pháp luật về lời cam đoan của mình."], first=8)
    )
    b.append(Text(["Đề nghị Quý cơ quan đăng ký."], first=8))
    b.append(
        Sign(
            [
                SignCol(lab(first), "(Ký, ghi rõ họ, chữ đệm, tên)", V(first.full_name)),
                SignCol(lab(second), "(Ký, ghi rõ họ, chữ đệm, tên)", V(second.full_name)),
            ],
            date_line(agency.place, day),
        )
    )
    b.append(Checks("Đề nghị cấp bản sao(5):", yes_no(True)))
    return Doc("to_khai_ket_hon", b, base=st.base)


def xac_nhan_tthn(
    st: St, *, day: date, p: Person, partner: Person, agency: Address, number: str
) -> Doc:
    """Giấy xác nhận tình trạng hôn nhân."""
    b: list[Any] = [
        Header([*ubnd(agency), ["Số: ", V(number, -1), "/UBND-XNTTHN"]]),
        Title("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN"),
    ]
    if st.v == 1:
        b.insert(0, Corner(["Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP"]))
    b.append(Text([f"ỦY BAN NHÂN DÂN {agency.ward.upper()} xác nhận:"], bold=st.v == 2))
    b.append(
        F(
            st,
            [
                [("Họ, chữ đệm, tên", V(p.full_name, bold=True))],
                [("Ngày, tháng, năm sinh", V(dmy(p.dob))), ("Giới tính", V(p.sex))],
                [("Dân tộc", V(p.ethnicity)), ("Quốc tịch", V("Việt Nam"))],
                [("Giấy tờ tùy thân", V(f"Căn cước số {p.id_number}"))],
                [("Nơi cư trú", V(p.residence.text()))],
                [("Tình trạng hôn nhân", V("Chưa đăng ký kết hôn với ai"))],
                [
                    (
                        "Giấy này được cấp để",
                        V(
                            f"làm thủ tục đăng ký kết hôn với {'bà' if p.male else 'ông'} "
                            f"{partner.full_name}, sinh ngày {dmy(partner.dob)}"
                        ),
                    )
                ],
            ],
        )
    )
    b.append(
        Text(["Giấy này có giá trị sử dụng trong thời hạn 06 tháng, kể từ ngày cấp."], italic=True)
    )
    b.append(
        Sign(
            [
                SignCol(
                    "Người ký giấy xác nhận",
                    "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)",
                    V("Phó Chủ tịch Lê Thị Mai"),
                    seal=f"Ủy ban nhân dân {agency.ward} * {agency.province}",
                )
            ],
            date_line(agency.place, day),
            right_only=True,
        )
    )
    return Doc("xac_nhan_tthn", b, base=st.base)


# ===================================================================== papers hoso doesn't know
def so_ho_khau(st: St, *, head: Person, members: list[tuple[Person, str]]) -> Doc:
    """A page of the old household register (sổ hộ khẩu), no longer valid but still brought."""
    b: list[Any] = [Motto(), Title("SỔ HỘ KHẨU", ["Số: " + head.id_number[-6:]], size=1.5)]
    if st.v == 0:
        b.append(
            F(
                st,
                [
                    [("Họ và tên chủ hộ", V(head.full_name))],
                    [("Chỗ ở hiện nay", V(head.residence.text()))],
                ],
            )
        )
        b.append(
            Table(
                ["Họ và tên", "Quan hệ với chủ hộ", "Ngày sinh", "Nghề nghiệp"],
                [
                    [[V(m.full_name)], [V(r)], [V(dmy(m.dob))], [V(m.job)]]
                    for m, r in [(head, "Chủ hộ"), *members]
                ],
                [34, 20, 20, 26],
            )
        )
    else:
        for m, r in [(head, "Chủ hộ"), *members][:2]:
            b.append(Text(["Quan hệ với chủ hộ: ", V(r)], bold=True))
            b.append(
                F(
                    st,
                    [
                        [("Họ và tên", V(m.full_name)), ("Giới tính", V(m.sex))],
                        [("Sinh ngày", V(dmy(m.dob))), ("Dân tộc", V(m.ethnicity))],
                        [("Nguyên quán", V(m.hometown))],
                        [("Nghề nghiệp, nơi làm việc", V(m.job))],
                    ],
                )
            )
            b.append(Rule())
    b.append(
        Sign(
            [
                SignCol(
                    "Trưởng Công an",
                    "(Ký tên, đóng dấu)",
                    V("Đại úy Hà Văn Nam"),
                    seal=f"Công an {head.residence.ward} * {head.residence.province}",
                )
            ],
            right_only=True,
        )
    )
    return Doc(
        "so_ho_khau",
        b,
        base=st.base,
        size=(148.0, 210.0),
        margins=(10, 10, 10, 12),
        tint=(250, 248, 238),
    )


def giay_kham_suc_khoe(st: St, *, day: date, p: Person, hospital: str) -> Doc:
    b: list[Any] = [
        Header([["SỞ Y TẾ"], [hospital.upper()]]),
        Title("GIẤY KHÁM SỨC KHỎE", ["(Dùng cho người từ đủ 18 tuổi trở lên)"]),
    ]
    b.append(
        F(
            st,
            [
                [("Họ và tên (chữ in hoa)", V(p.upper))],
                [("Giới tính", V(p.sex)), ("Ngày sinh", V(dmy(p.dob)))],
                [("Số CCCD/Hộ chiếu", V(p.id_number))],
                [("Chỗ ở hiện tại", V(p.residence.text()))],
                [("Lý do khám sức khỏe", V("Đi làm" if st.v != 2 else "Bổ sung hồ sơ"))],
            ],
        )
    )
    b.append(Text(["I. TIỀN SỬ BỆNH CỦA ĐỐI TƯỢNG KHÁM SỨC KHỎE"], bold=True))
    b.append(
        Text(
            [
                "Có ai trong gia đình mắc bệnh truyền nhiễm, tim mạch, đái tháo đường, lao, "
                "hen phế quản, ung thư, động kinh, rối loạn tâm thần: ",
                V("Không"),
            ]
        )
    )
    b.append(Text(["II. KHÁM THỂ LỰC"], bold=True))
    b.append(
        Table(
            ["Chiều cao", "Cân nặng", "Chỉ số BMI", "Mạch", "Huyết áp"],
            [[[V("162 cm")], [V("55 kg")], [V("20,9")], [V("78 lần/phút")], [V("120/70 mmHg")]]],
            [20, 20, 20, 20, 20],
        )
    )
    b.append(Text(["III. KẾT LUẬN: ", V("Đủ sức khỏe để học tập, làm việc")], bold=True))
    b.append(
        Sign(
            [
                SignCol(
                    "Người kết luận",
                    "(Ký, ghi rõ họ tên, đóng dấu)",
                    V("BS. Trần Minh Quân"),
                    seal=f"{hospital} * Sở Y tế",
                )
            ],
            date_line("", day),
            right_only=True,
        )
    )
    return Doc("giay_kham_suc_khoe", b, base=st.base - 0.5)


def bien_lai(st: St, *, day: date, p: Person, amount: int, what: str, agency: Address) -> Doc:
    titles = ["BIÊN LAI THU PHÍ, LỆ PHÍ", "BIÊN LAI THU TIỀN", "BIÊN LAI THU PHÍ, LỆ PHÍ"]
    b: list[Any] = [
        Header([["UBND " + agency.ward.upper()], ["Mã số thuế: 0101234567"]], motto=st.v != 1),
        Title(titles[st.v], ["(Liên 2: Giao cho người nộp)"]),
        Text(
            [
                "Ký hiệu: BL-26T   Số: ",
                V(f"{random.Random(p.id_number).randint(1000, 9999):07d}", -1),
            ],
            align="center",
        ),
    ]
    b.append(
        F(
            st,
            [
                [("Tên đơn vị hoặc người nộp tiền", V(p.full_name))],
                [("Địa chỉ", V(p.residence.short()))],
                [("Nội dung thu", V(what))],
                [("Số tiền", V(f"{money(amount)} đồng"))],
                [("Viết bằng chữ", V(n2w(amount // 1000).capitalize() + " nghìn đồng"))],
                [("Hình thức thanh toán", V("Tiền mặt"))],
            ],
        )
    )
    b.append(
        Sign(
            [
                SignCol("Người nộp tiền", "(Ký, ghi rõ họ tên)", V(p.full_name)),
                SignCol(
                    "Người thu tiền",
                    "(Ký, ghi rõ họ tên)",
                    V("Vũ Thị Hoa"),
                    seal=f"Ủy ban nhân dân {agency.ward} * {agency.province}",
                ),
            ],
            date_line(agency.place, day),
        )
    )
    return Doc("bien_lai", b, base=st.base - 1.5, size=(148.0, 210.0), margins=(8, 8, 8, 10))


def giay_khai_sinh(
    st: St, *, p: Person, mother: Person, father: Person, registered: date, agency: Address
) -> Doc:
    """A birth certificate copy (giấy khai sinh / trích lục) - not the hospital giấy chứng sinh."""
    titles = ["GIẤY KHAI SINH", "TRÍCH LỤC KHAI SINH", "GIẤY KHAI SINH"]
    b: list[Any] = [
        Header([*ubnd(agency), ["Số: ", V(str(random.Random(p.id_number).randint(10, 400)), -1)]]),
        Title(titles[st.v], ["(BẢN SAO)"] if st.v == 2 else []),
    ]
    b.append(
        F(
            st,
            [
                [("Họ, chữ đệm, tên", V(p.upper, bold=True))],
                [("Ngày, tháng, năm sinh", V(dmy(p.dob))), ("ghi bằng chữ", V(date_words(p.dob)))],
                [
                    ("Giới tính", V(p.sex)),
                    ("Dân tộc", V(p.ethnicity)),
                    ("Quốc tịch", V("Việt Nam")),
                ],
                [("Nơi sinh", V(p.birth_province))],
                [("Quê quán", V(p.hometown))],
                [("Số định danh cá nhân", V(p.id_number))],
                [
                    ("Họ, chữ đệm, tên người mẹ", V(mother.full_name)),
                    ("Năm sinh", V(str(mother.dob.year))),
                ],
                [
                    ("Họ, chữ đệm, tên người cha", V(father.full_name)),
                    ("Năm sinh", V(str(father.dob.year))),
                ],
                [("Nơi đăng ký khai sinh", V(commune_name(agency)))],
                [("Ngày, tháng, năm đăng ký", V(dmy(registered)))],
            ],
        )
    )
    b.append(
        Sign(
            [
                SignCol(
                    "Người ký giấy khai sinh",
                    "(Ký, ghi rõ họ tên, đóng dấu)",
                    V("Chủ tịch Nguyễn Văn Tư"),
                    seal=f"Ủy ban nhân dân {agency.ward} * {agency.province}",
                )
            ],
            right_only=True,
        )
    )
    return Doc("giay_khai_sinh", b, base=st.base)


def xac_nhan_cu_tru(st: St, *, day: date, p: Person, agency: Address) -> Doc:
    titles = [
        "GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ",
        "XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ",
        "THÔNG BÁO VỀ THÔNG TIN CƯ TRÚ",
    ]
    b: list[Any] = [
        Corner(["Mẫu CT07"]),
        Header([["CÔNG AN " + agency.province.upper()], ["CÔNG AN " + agency.ward.upper()]]),
        Title(titles[st.v]),
    ]
    b.append(Text([f"Công an {agency.ward} xác nhận thông tin về cư trú của công dân như sau:"]))
    b.append(
        F(
            st,
            [
                [("1. Họ, chữ đệm và tên", V(p.upper))],
                [("2. Ngày, tháng, năm sinh", V(dmy(p.dob))), ("3. Giới tính", V(p.sex))],
                [("4. Số định danh cá nhân", V(p.id_number))],
                [("5. Nơi thường trú", V(p.residence.text()))],
                [("6. Nơi ở hiện tại", V(p.residence.text()))],
                [("7. Họ và tên chủ hộ", V(p.full_name)), ("Quan hệ với chủ hộ", V("Chủ hộ"))],
            ],
        )
    )
    b.append(Text(["Giấy xác nhận có giá trị 30 ngày kể từ ngày cấp."], italic=True))
    b.append(
        Sign(
            [
                SignCol(
                    "Trưởng Công an",
                    "(Ký, ghi rõ họ tên, đóng dấu)",
                    V("Thiếu tá Lê Văn Quý"),
                    seal=f"Công an {agency.ward} * {agency.province}",
                )
            ],
            date_line(agency.place, day),
            right_only=True,
        )
    )
    return Doc("xac_nhan_cu_tru", b, base=st.base)


# ===================================================================== design drawings
ROOMS = [
    ["PHÒNG KHÁCH", "BẾP + ĂN", "WC", "GARA", "SÂN TRƯỚC"],
    ["P. NGỦ 1", "P. NGỦ 2", "WC", "SẢNH", "BAN CÔNG"],
    ["P. NGỦ MASTER", "P. THỜ", "WC", "SÂN PHƠI", "KHO"],
]
SHEETS = [
    ("MẶT BẰNG TẦNG 1", "KT-01"),
    ("MẶT BẰNG TẦNG 2", "KT-02"),
    ("MẶT ĐỨNG CHÍNH", "KT-04"),
    ("MẶT CẮT A-A", "KT-05"),
    ("MẶT BẰNG MÓNG", "KC-01"),
    ("MẶT BẰNG TẦNG 3", "KT-03"),
]


def ban_ve(
    st: St, *, owner: Person, lot: dict[str, Any], designer: str, sheets: list[int], day: date
) -> Doc:
    """A set of design drawings, landscape sheets with a title block (three block layouts)."""
    blocks: list[Any] = []
    for k, sheet in enumerate(sheets):
        if k:
            blocks.append(Break())
        blocks.append(Draw(_sheet(st, owner, lot, designer, sheet, day), 180))
    return Doc(
        "ban_ve_thiet_ke", blocks, size=(297.0, 210.0), margins=(12, 12, 12, 12), base=st.base
    )


def _sheet(st: St, owner: Person, lot: dict[str, Any], designer: str, sheet: int, day: date) -> Any:
    title, code = SHEETS[sheet % len(SHEETS)]
    rng = random.Random(f"{lot['thua']}-{sheet}")

    def plan(c: Any, x: float, y: float, w: float, h: float) -> None:
        face = _face(c)
        if st.v == 0:  # title block on the right
            dw, dh, tb = w - 62, h, (x + w - 58, y, 58, h)
        elif st.v == 1:  # title block along the bottom
            dw, dh, tb = w, h - 38, (x, y + h - 34, w, 34)
        else:  # small block in the lower-right corner
            dw, dh, tb = w, h, (x + w - 80, y + h - 46, 80, 46)
        c.rect(x - 3, y - 3, w + 6, h + 6, 0.6)
        _drawing(c, x + 6, y + 6, dw - 14, dh - 14, title, sheet, lot, rng, face)
        tx, ty, tw, th = tb
        c.rect(tx, ty, tw, th, 0.5, fill=(255, 255, 255))
        items = [
            ("CÔNG TY TNHH TƯ VẤN THIẾT KẾ", designer.upper()),
            ("CÔNG TRÌNH", "NHÀ Ở RIÊNG LẺ"),
            ("CHỦ ĐẦU TƯ", ("ÔNG " if owner.male else "BÀ ") + owner.upper),
            ("ĐỊA ĐIỂM", lot["addr"].short()),
            ("HẠNG MỤC", title),
            ("TỶ LỆ", "1/100"),
            ("BẢN VẼ SỐ", code),
            ("THIẾT KẾ", "KTS. Lê Minh Tuấn"),
            ("CHỦ TRÌ", "KTS. Phan Thị Thu"),
            ("NGÀY", dmy(day - timedelta(days=40))),
        ]
        rows = len(items)
        if st.v == 1:
            cols = 5
            cw, rh = tw / cols, th / 2
            for i, (k, v) in enumerate(items):
                cx, cy = tx + (i % cols) * cw, ty + (i // cols) * rh
                c.rect(cx, cy, cw, rh, 0.25)
                c.text(cx + 1.5, cy + 5, k, face, 6.5)
                _fit(c, cx + 1.5, cy + 12, v, face, 8, cw - 3)
        else:
            rh = th / rows
            for i, (k, v) in enumerate(items):
                cy = ty + i * rh
                c.line(tx, cy, tx + tw, cy, 0.2)
                c.text(tx + 1.5, cy + rh * 0.42, k, face, 5.5)
                _fit(c, tx + 1.5, cy + rh * 0.88, v, face, 7.5 if st.v == 0 else 6.5, tw - 3)

    return plan


def _fit(c: Any, x: float, y: float, s: str, face: Any, size: float, w: float) -> None:
    while size > 4 and c.measure(s, face, size, True) > w:
        size -= 0.5
    c.text(x, y, s, face, size, True)


def _drawing(
    c: Any,
    x: float,
    y: float,
    w: float,
    h: float,
    title: str,
    sheet: int,
    lot: dict[str, Any],
    rng: random.Random,
    face: Any,
) -> None:
    pw = min(w * 0.7, h * 0.55 * 1.6)
    ph = min(h * 0.78, pw * 1.5)
    ox, oy = x + (w - pw) / 2, y + 8
    c.text(x + w / 2 - c.measure(title, face, 12, True) / 2, y + h - 1, title, face, 12, True)
    if "MẶT ĐỨNG" in title or "MẶT CẮT" in title:
        floors = lot["floors"]
        fh = ph / (floors + 0.8)
        for f in range(floors):
            fy = oy + ph - (f + 1) * fh
            c.rect(ox, fy, pw, fh, 0.5)
            for k in range(3):
                c.rect(ox + pw * (0.12 + 0.3 * k), fy + fh * 0.25, pw * 0.16, fh * 0.5, 0.3)
            c.text(ox + pw + 3, fy + fh, f"+{(f + 1) * 3.6:.2f}".replace(".", ","), face, 7)
        c.line(ox - 10, oy + ph, ox + pw + 10, oy + ph, 0.8)
        c.line(ox - 4, oy + ph - floors * fh, ox + pw / 2, oy + ph - (floors + 0.8) * fh, 0.5)
        c.line(ox + pw / 2, oy + ph - (floors + 0.8) * fh, ox + pw + 4, oy + ph - floors * fh, 0.5)
        c.text(ox + pw + 3, oy + ph + 4, "±0,00", face, 7)
        return
    c.rect(ox, oy, pw, ph, 1.2)
    names = ROOMS[sheet % 3]
    # split into rooms
    ys = sorted(rng.uniform(0.2, 0.8) for _ in range(2))
    cuts = [0.0, ys[0], ys[1], 1.0]
    for i in range(3):
        y1 = oy + ph * cuts[i + 1]
        if i < 2:
            c.line(ox, y1, ox + pw, y1, 0.8)
        if i == 1:
            xv = ox + pw * rng.uniform(0.55, 0.7)
            c.line(xv, oy + ph * cuts[1], xv, oy + ph * cuts[2], 0.8)
            c.text(xv + 2, oy + ph * (cuts[1] + cuts[2]) / 2, names[2], face, 8)
        cy = oy + ph * (cuts[i] + cuts[i + 1]) / 2
        c.text(ox + 4, cy, names[i] if i < 2 else names[3], face, 9, True)
        c.text(ox + 4, cy + 4, f"{rng.uniform(9, 30):.1f} m²".replace(".", ","), face, 7)
    # doors
    for _ in range(3):
        dx = ox + pw * rng.uniform(0.2, 0.7)
        c.line(dx, oy + ph, dx + 8, oy + ph - 8, 0.3)
    # dimensions
    c.line(ox, oy - 5, ox + pw, oy - 5, 0.25)
    c.text(ox + pw / 2 - 6, oy - 6, f"{lot['width'] * 1000:.0f}", face, 7)
    c.line(ox - 6, oy, ox - 6, oy + ph, 0.25)
    c.text(ox - 14, oy + ph / 2, f"{lot['depth'] * 1000:.0f}", face, 7)
    for k in range(4):
        gx = ox + pw * k / 3
        c.ellipse(gx - 2.5, oy + ph + 4, 5, 5, 0.25)
        c.text(gx - 1, oy + ph + 7.8, str(k + 1), face, 6)
    c.text(ox + pw + 4, oy + 6, names[4], face, 8)


DOC_TYPES = {
    "to_khai_khai_sinh": "to_khai_khai_sinh",
    "giay_chung_sinh": "giay_chung_sinh",
    "van_ban_lam_chung": "van_ban_lam_chung",
    "van_ban_cam_doan": "van_ban_cam_doan",
    "giay_uy_quyen": "giay_uy_quyen",
    "to_khai_lltp": "to_khai_lltp",
    "giay_de_nghi_hkd": "giay_de_nghi_hkd",
    "bien_ban_hop": "bien_ban_hop",
    "don_gpxd": "don_gpxd",
    "gcn_qsdd": "gcn_qsdd",
    "ban_ve_thiet_ke": "ban_ve_thiet_ke",
    "cam_ket_an_toan": "cam_ket_an_toan",
    "to_khai_ct01": "to_khai_ct01",
    "hop_dong_thue_nha": "hop_dong_thue_nha",
    "to_khai_ket_hon": "to_khai_ket_hon",
    "xac_nhan_tthn": "xac_nhan_tthn",
    "cccd": "cccd",
    "ho_chieu": "ho_chieu",
    "so_ho_khau": None,
    "giay_kham_suc_khoe": None,
    "bien_lai": None,
    "giay_khai_sinh": None,
    "xac_nhan_cu_tru": None,
}
