"""Content of synthetic papers: blocks per page, modelled on the official forms.

A block is a tuple: ("header", left, right) two columns (right defaults to the national motto),
("title", text), ("sub", text), ("field", label, value), ("p", text), ("sign", text),
("card", lines, back_lines) an ID card photocopy, ("drawing", caption), ("stamp", text).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hoso_dev.samples.people import Person, address, place

Block = tuple[Any, ...]
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


@dataclass
class PaperSpec:
    doc_type: str | None  # None: a paper the catalog does not know
    pages: list[list[Block]]
    applicant: dict[str, str] = field(default_factory=dict)  # applicant fields it shows
    unaccented: bool = False
    scanned: bool = False
    note: str = ""


def dmy(d: date, rng: random.Random | None = None) -> str:
    if rng is not None and rng.random() < 0.2:
        return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def signed_at(where: str, d: date) -> str:
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{where}, ngày {d.day:02d} tháng {month} năm {d.year}"


def _prov(addr: str) -> str:
    return addr.split(",")[-1].strip().replace("tỉnh ", "").replace("thành phố ", "")


def _ward(addr: str) -> str:
    parts = [p.strip() for p in addr.split(",")]
    return parts[-2] if len(parts) >= 2 else parts[0]


def _applicant(p: Person, *, dob: bool = True, idn: bool = True) -> dict[str, str]:
    d = {"full_name": p.full_name}
    if idn:
        d["id_number"] = p.id_number
    if dob:
        d["date_of_birth"] = p.dob.isoformat()
    return d


def to_khai_khai_sinh(
    rng: random.Random, today: date, req: Person, kid: Person, mother: Person, father: Person,
    relation: str,
) -> PaperSpec:  # fmt: skip
    ward = _ward(req.address)
    p1: list[Block] = [
        ("header", "", MOTTO),
        ("title", "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        ("p", f"Kính gửi: Ủy ban nhân dân {ward}"),
        ("field", "Họ, chữ đệm, tên người yêu cầu", req.full_name),
        ("field", "Số định danh cá nhân", req.id_number),
        ("field", "Nơi cư trú", req.address),
        ("field", "Quan hệ với người được khai sinh", relation),
        ("p", "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"),
        ("field", "Họ, chữ đệm, tên người được khai sinh", kid.full_name),
        ("field", "Ngày, tháng, năm sinh", dmy(kid.dob, rng)),
        ("field", "Giới tính", kid.sex),
        ("field", "Dân tộc", "Kinh"),
        ("field", "Quốc tịch", "Việt Nam"),
        ("field", "Nơi sinh", f"Bệnh viện đa khoa {_prov(mother.address)}"),
        ("field", "Quê quán", father.origin),
    ]
    p2: list[Block] = [
        ("field", "Họ, chữ đệm, tên người mẹ", mother.full_name),
        ("field", "Năm sinh", str(mother.dob.year)),
        ("field", "Dân tộc", mother.ethnic),
        ("field", "Nơi cư trú", mother.address),
        ("field", "Họ, chữ đệm, tên người cha", father.full_name),
        ("field", "Năm sinh", str(father.dob.year)),
        ("field", "Nơi cư trú", father.address),
        ("p", "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, "
              "được sự thỏa thuận nhất trí của các bên liên quan theo quy định pháp luật."),
        ("p", "Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình."),
        ("sign", signed_at(_prov(req.address), today)),
        ("sign", "Người yêu cầu\n(Ký, ghi rõ họ, chữ đệm, tên)\n\n" + req.full_name),
    ]  # fmt: skip
    pages = [p1, p2] if rng.random() < 0.7 else [p1 + p2]
    return PaperSpec("to_khai_khai_sinh", pages, _applicant(req, dob=False))


def giay_chung_sinh(rng: random.Random, today: date, mother: Person, kid: Person) -> PaperSpec:
    prov = _prov(mother.address)
    blocks: list[Block] = [
        ("header", f"SỞ Y TẾ {prov.upper()}\nBỆNH VIỆN ĐA KHOA {prov.upper()}\nSố: {rng.randint(100, 9999)}/GCS", MOTTO),
        ("title", "GIẤY CHỨNG SINH"),
        ("field", "Họ, chữ đệm, tên mẹ", mother.full_name),
        ("field", "Năm sinh", str(mother.dob.year)),
        ("field", "Số định danh cá nhân", mother.id_number),
        ("field", "Nơi cư trú", mother.address),
        ("field", "Dân tộc", mother.ethnic),
        ("field", "Sinh con lúc", f"{rng.randint(0, 23):02d} giờ {rng.randint(0, 59):02d} phút, ngày {dmy(kid.dob)}"),
        ("field", "Tại", f"Bệnh viện đa khoa {prov}"),
        ("field", "Số con trong lần sinh", "01"),
        ("field", "Giới tính của con", kid.sex),
        ("field", "Cân nặng", f"{rng.randint(26, 40) * 100} gram"),
        ("field", "Dự định đặt tên con", kid.full_name),
        ("sign", signed_at(prov, kid.dob)),
        ("sign", "Người đỡ đẻ            Thủ trưởng cơ sở khám bệnh, chữa bệnh\n(Ký, ghi rõ họ tên)      (Ký, ghi rõ họ tên, đóng dấu)"),
    ]  # fmt: skip
    return PaperSpec("giay_chung_sinh", [blocks])


def van_ban_lam_chung(
    rng: random.Random, today: date, witness: Person, kid: Person, mother: Person
) -> PaperSpec:
    blocks: list[Block] = [
        ("header", "", MOTTO),
        ("title", "VĂN BẢN XÁC NHẬN CỦA NGƯỜI LÀM CHỨNG"),
        ("sub", "(Về việc sinh)"),
        ("p", f"Kính gửi: Ủy ban nhân dân {_ward(mother.address)}"),
        ("field", "Họ, chữ đệm, tên người làm chứng", witness.full_name),
        ("field", "Số định danh cá nhân", witness.id_number),
        ("field", "Nơi cư trú", witness.address),
        ("p", "Tôi xác nhận việc sinh của trẻ em có thông tin như sau:"),
        ("field", "Họ, chữ đệm, tên của trẻ", kid.full_name),
        ("field", "Ngày, tháng, năm sinh của trẻ", dmy(kid.dob, rng)),
        ("field", "Nơi sinh", f"tại nhà, {place(rng)}"),
        ("field", "Họ, chữ đệm, tên người mẹ", mother.full_name),
        ("p", "Tôi là người làm chứng về việc sinh nêu trên và xin chịu trách nhiệm trước "
              "pháp luật về nội dung xác nhận của mình."),
        ("sign", signed_at(_prov(witness.address), today)),
        ("sign", "Người làm chứng\n(Ký, ghi rõ họ tên)\n\n" + witness.full_name),
    ]  # fmt: skip
    return PaperSpec("van_ban_lam_chung", [blocks])


def van_ban_cam_doan(rng: random.Random, today: date, dec: Person, kid: Person) -> PaperSpec:
    blocks: list[Block] = [
        ("header", "", MOTTO),
        ("title", "VĂN BẢN CAM ĐOAN"),
        ("sub", "(Về việc sinh)"),
        ("p", f"Kính gửi: Ủy ban nhân dân {_ward(dec.address)}"),
        ("field", "Họ, chữ đệm, tên người cam đoan", dec.full_name),
        ("field", "Số định danh cá nhân", dec.id_number),
        ("field", "Nơi cư trú", dec.address),
        ("p", "Tôi xin cam đoan về việc sinh của trẻ em có thông tin như sau:"),
        ("field", "Họ, chữ đệm, tên của trẻ", kid.full_name),
        ("field", "Ngày, tháng, năm sinh của trẻ", dmy(kid.dob, rng)),
        ("p", "Trẻ được sinh ra tại nhà, không có giấy chứng sinh và không có người làm chứng. "
              "Tôi xin chịu trách nhiệm trước pháp luật về nội dung cam đoan."),
        ("sign", signed_at(_prov(dec.address), today)),
        ("sign", "Người cam đoan\n(Ký, ghi rõ họ tên)\n\n" + dec.full_name),
    ]  # fmt: skip
    return PaperSpec("van_ban_cam_doan", [blocks])


def cccd(rng: random.Random, today: date, p: Person, *, expiry: date | None = None) -> PaperSpec:
    exp = expiry or p.id_expiry
    exp_s = dmy(exp) if exp else "Không thời hạn"
    issued = p.id_issued or date(2021, 6, 1)
    if rng.random() < 0.5:
        front = [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            "SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness",
            "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card",
            f"Số / No.: {p.id_number}", "Họ và tên / Full name:", p.full_name.upper(),
            f"Ngày sinh / Date of birth: {dmy(p.dob)}",
            f"Giới tính / Sex: {p.sex}    Quốc tịch / Nationality: Việt Nam",
            "Quê quán / Place of origin:", p.origin,
            "Nơi thường trú / Place of residence:", p.address,
            f"Có giá trị đến / Date of expiry: {exp_s}",
        ]  # fmt: skip
        back = [
            "Đặc điểm nhân dạng / Personal identification: Nốt ruồi C:1cm trên sau đuôi mắt phải",
            f"Ngày, tháng, năm / Date, month, year: {dmy(issued)}",
            "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
            f"IDVNM{p.id_number[3:]}{rng.randint(0, 9)}{p.id_number}<<{rng.randint(0, 9)}",
        ]
    else:
        front = [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            "SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness",
            "CĂN CƯỚC", "IDENTITY CARD",
            f"Số định danh cá nhân / Personal identification number: {p.id_number}",
            "Họ, chữ đệm và tên khai sinh / Full name:", p.full_name.upper(),
            f"Ngày, tháng, năm sinh / Date of birth: {dmy(p.dob)}",
            f"Giới tính / Sex: {p.sex}    Quốc tịch / Nationality: Việt Nam",
        ]  # fmt: skip
        back = [
            "Nơi cư trú / Place of residence:", p.address,
            "Nơi đăng ký khai sinh / Place of birth:", p.origin,
            f"Ngày, tháng, năm cấp / Date of issue: {dmy(issued)}",
            f"Ngày, tháng, năm hết hạn / Date of expiry: {exp_s}",
            "BỘ CÔNG AN / MINISTRY OF PUBLIC SECURITY",
            f"IDVNM{p.id_number[3:]}{rng.randint(0, 9)}{p.id_number}<<{rng.randint(0, 9)}",
        ]  # fmt: skip
    return PaperSpec("cccd", [[("card", front, back)]], _applicant(p))


def ho_chieu(rng: random.Random, today: date, p: Person) -> PaperSpec:
    exp = date(today.year + rng.randint(1, 8), rng.randint(1, 12), rng.randint(1, 28))
    no = f"C{rng.randint(1000000, 9999999)}"
    front = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM",
        "HỘ CHIẾU / PASSPORT",
        f"Số hộ chiếu / Passport No.: {no}",
        "Họ và tên / Full name:", p.full_name.upper(),
        f"Ngày sinh / Date of birth: {dmy(p.dob)}",
        f"Giới tính / Sex: {p.sex}    Quốc tịch / Nationality: Việt Nam",
        f"Số định danh cá nhân / ID No.: {p.id_number}",
        f"Có giá trị đến / Date of expiry: {dmy(exp)}",
    ]  # fmt: skip
    back = [
        f"P<VNM{p.surname.upper()}<<{rng.randint(100000, 999999)}<<<<<<<<<<<<",
        f"{no}<{rng.randint(0, 9)}VNM",
    ]
    return PaperSpec("ho_chieu", [[("card", front, back)]], _applicant(p))


def to_khai_lltp(rng: random.Random, today: date, p: Person, mother: str, father: str) -> PaperSpec:
    p1: list[Block] = [
        ("header", "", MOTTO),
        ("title", "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        ("sub", "(Dùng cho cá nhân có yêu cầu cấp Phiếu lý lịch tư pháp)"),
        ("p", f"Kính gửi: Công an tỉnh {_prov(p.address)}"),
        ("field", "Họ và tên", p.full_name),
        ("field", "Giới tính", p.sex),
        ("field", "Ngày, tháng, năm sinh", dmy(p.dob, rng)),
        ("field", "Nơi sinh", p.origin),
        ("field", "Quốc tịch", "Việt Nam"),
        ("field", "Dân tộc", p.ethnic),
        ("field", "Nơi thường trú", p.address),
        ("field", "Nơi tạm trú", "Không"),
        ("field", "Số định danh cá nhân", p.id_number),
        ("field", "Họ và tên cha", father),
        ("field", "Họ và tên mẹ", mother),
    ]
    p2: list[Block] = [
        ("title2", "QUÁ TRÌNH CƯ TRÚ, HỌC TẬP, LÀM VIỆC"),
        ("p", f"Từ năm {p.dob.year + 18} đến nay: cư trú tại {p.address}; làm việc tự do."),
        ("field", "Tiền án, tiền sự", "Không"),
        ("field", "Yêu cầu cấp Phiếu lý lịch tư pháp", "Số 1"),
        ("field", "Mục đích yêu cầu cấp Phiếu lý lịch tư pháp", rng.choice(["Bổ sung hồ sơ xin việc", "Xuất khẩu lao động", "Du học"])),
        ("field", "Số lượng Phiếu lý lịch tư pháp yêu cầu cấp", "01 bản"),
        ("p", "Tôi xin cam đoan những lời khai trên là đúng sự thật và chịu trách nhiệm về lời khai của mình."),
        ("sign", signed_at(_prov(p.address), today)),
        ("sign", "Người khai\n(Ký, ghi rõ họ tên)\n\n" + p.full_name),
    ]  # fmt: skip
    return PaperSpec("to_khai_lltp", [p1, p2], _applicant(p))


def giay_uy_quyen(
    rng: random.Random, today: date, grantor: Person, grantee: Person, what: str
) -> PaperSpec:
    blocks: list[Block] = [
        ("header", "", MOTTO),
        ("title", "GIẤY ỦY QUYỀN"),
        ("field", "Họ và tên người ủy quyền", grantor.full_name),
        ("field", "Số định danh cá nhân", grantor.id_number),
        ("field", "Nơi cư trú", grantor.address),
        ("field", "Họ và tên người được ủy quyền", grantee.full_name),
        ("field", "Số định danh cá nhân", grantee.id_number),
        ("field", "Nội dung ủy quyền", what),
        ("field", "Thời hạn ủy quyền", "Từ ngày ký đến khi hoàn thành công việc"),
        ("sign", signed_at(_prov(grantor.address), today)),
        ("sign", "Bên ủy quyền                 Bên được ủy quyền\n" + grantor.full_name + "        " + grantee.full_name),
    ]  # fmt: skip
    return PaperSpec("giay_uy_quyen", [blocks])


def giay_de_nghi_hkd(rng: random.Random, today: date, owner: Person) -> PaperSpec:
    biz = f"Hộ kinh doanh {rng.choice(['Phát Đạt', 'Minh Anh', 'Hoa Sen', 'Thành Công', 'An Khang', 'Bình Minh'])}"
    p1: list[Block] = [
        ("header", "", MOTTO),
        ("title", "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH"),
        ("p", f"Kính gửi: Cơ quan đăng ký kinh doanh {_ward(owner.address)}"),
        ("field", "Tên hộ kinh doanh", biz),
        ("field", "Địa chỉ trụ sở hộ kinh doanh", address(rng)),
        (
            "field",
            "Ngành, nghề kinh doanh",
            rng.choice(
                ["Bán lẻ thực phẩm", "Dịch vụ ăn uống", "Sửa chữa xe máy", "Bán lẻ quần áo"]
            ),
        ),
        ("field", "Vốn kinh doanh", f"{rng.randint(5, 80) * 10}.000.000 đồng"),
        ("field", "Số lượng lao động", str(rng.randint(1, 9))),
        ("p", "Thông tin về chủ hộ kinh doanh:"),
        ("field", "Họ, chữ đệm và tên chủ hộ kinh doanh", owner.full_name),
        ("field", "Ngày, tháng, năm sinh", dmy(owner.dob, rng)),
        ("field", "Giới tính", owner.sex),
        ("field", "Dân tộc", owner.ethnic),
        ("field", "Số định danh cá nhân", owner.id_number),
        ("field", "Địa chỉ liên lạc", owner.address),
    ]
    p2: list[Block] = [
        ("p", "Tôi cam kết bản thân không thuộc diện cấm thành lập hộ kinh doanh; trụ sở hộ kinh "
              "doanh thuộc quyền sử dụng hợp pháp; chịu trách nhiệm trước pháp luật về tính hợp pháp, "
              "chính xác, trung thực của nội dung đăng ký."),
        ("sign", signed_at(_prov(owner.address), today)),
        ("sign", "CHỦ HỘ KINH DOANH\n(Ký và ghi họ tên)\n\n" + owner.full_name),
    ]  # fmt: skip
    pages = [p1, p2] if rng.random() < 0.6 else [p1 + p2]
    return PaperSpec("giay_de_nghi_hkd", pages, _applicant(owner))


def bien_ban_hop(
    rng: random.Random, today: date, owner: Person, members: list[Person]
) -> PaperSpec:
    names = ", ".join(m.full_name for m in [owner, *members])
    blocks: list[Block] = [
        ("header", "", MOTTO),
        ("title", "BIÊN BẢN HỌP THÀNH VIÊN HỘ GIA ĐÌNH"),
        ("sub", "(V/v thành lập hộ kinh doanh)"),
        ("p", f"Hôm nay, ngày {dmy(today)}, tại {owner.address}."),
        ("field", "Thành phần tham dự", names),
        ("field", "Nội dung cuộc họp", f"Thống nhất thành lập hộ kinh doanh và cử ông/bà {owner.full_name} làm chủ hộ."),
        ("p", "Cuộc họp kết thúc lúc 11 giờ cùng ngày, các thành viên hộ gia đình nhất trí ký tên."),
        ("sign", "Thư ký                 Chủ trì cuộc họp\n\n" + owner.full_name),
    ]  # fmt: skip
    return PaperSpec("bien_ban_hop", [blocks])


def don_gpxd(rng: random.Random, today: date, owner: Person, site: str) -> PaperSpec:
    area = rng.randint(50, 150)
    floors = rng.randint(1, 5)
    p1: list[Block] = [
        ("header", "", MOTTO),
        ("title", "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG"),
        ("sub", "(Sử dụng cho công trình: Nhà ở riêng lẻ)"),
        ("p", f"Kính gửi: Ủy ban nhân dân {_ward(site)}"),
        ("p", "1. Thông tin về chủ đầu tư:"),
        ("field", "Tên chủ đầu tư", owner.full_name),
        ("field", "Số định danh cá nhân", owner.id_number),
        ("field", "Địa chỉ liên hệ", owner.address),
        ("field", "Số điện thoại", f"09{rng.randint(10000000, 99999999)}"),
        ("p", "2. Thông tin công trình:"),
        ("field", "Địa điểm xây dựng", site),
        ("field", "Lô đất số", f"{rng.randint(1, 300)}, tờ bản đồ số {rng.randint(1, 60)}"),
        ("field", "Diện tích xây dựng", f"{area} m²"),
        ("field", "Tổng diện tích sàn", f"{area * floors} m²"),
        ("field", "Chiều cao công trình", f"{floors * 3.6:.1f} m".replace(".", ",")),
        ("field", "Số tầng", str(floors)),
    ]
    p2: list[Block] = [
        ("p", "3. Dự kiến thời gian hoàn thành công trình: 8 tháng."),
        ("p", "4. Cam kết: Tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu sai tôi xin "
              "hoàn toàn chịu trách nhiệm và bị xử lý theo quy định của pháp luật."),
        ("sign", signed_at(_prov(site), today)),
        ("sign", "Người làm đơn\n(Ký, ghi rõ họ tên)\n\n" + owner.full_name),
    ]  # fmt: skip
    return PaperSpec(
        "don_gpxd", [p1, p2] if rng.random() < 0.6 else [p1 + p2], _applicant(owner, dob=False)
    )


def gcn_qsdd(
    rng: random.Random, today: date, owner: Person, site: str, *, certified: bool = True
) -> PaperSpec:
    p1: list[Block] = [
        ("header", "", MOTTO),
        ("title", rng.choice([
            "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
            "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT"])),
        ("title2", "I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất"),
        ("field", "Người sử dụng đất", owner.full_name.upper()),
        ("field", "Năm sinh", str(owner.dob.year)),
        ("field", "Số định danh cá nhân", owner.id_number),
        ("field", "Địa chỉ thường trú", owner.address),
        ("title2", "II. Thửa đất, nhà ở và tài sản khác gắn liền với đất"),
        ("field", "Thửa đất số", str(rng.randint(1, 400))),
        ("field", "Tờ bản đồ số", str(rng.randint(1, 60))),
        ("field", "Địa chỉ", site),
        ("field", "Diện tích", f"{rng.randint(60, 300)},{rng.randint(0, 9)} m²"),
        ("field", "Mục đích sử dụng", "Đất ở tại đô thị"),
        ("field", "Thời hạn sử dụng", "Lâu dài"),
        ("field", "Nguồn gốc sử dụng", "Nhận chuyển nhượng đất được Nhà nước giao có thu tiền sử dụng đất"),
    ]  # fmt: skip
    if certified:
        p1.append(
            (
                "stamp",
                f"CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH\nSố chứng thực: {rng.randint(1, 9999)}, quyển số 01/{today.year}-SCT/BS",
            )
        )
    pages = [p1]
    if rng.random() < 0.4:
        pages.append([
            ("title2", "III. Sơ đồ thửa đất, nhà ở và tài sản khác gắn liền với đất"),
            ("drawing", "Sơ đồ thửa đất"),
            ("title2", "IV. Những thay đổi sau khi cấp giấy chứng nhận"),
            ("p", "Không có thay đổi."),
        ])  # fmt: skip
    return PaperSpec("gcn_qsdd", pages)


def ban_ve(rng: random.Random, today: date, owner: Person, site: str) -> list[PaperSpec]:
    views = [
        "MẶT BẰNG TẦNG 1",
        "MẶT BẰNG TẦNG 2",
        "MẶT ĐỨNG CÔNG TRÌNH",
        "MẶT CẮT A-A",
        "MẶT BẰNG MÓNG",
    ]
    n = rng.randint(2, 4)
    out = []
    for i, v in enumerate(views[:n], 1):
        blocks: list[Block] = [
            ("title", "BẢN VẼ THIẾT KẾ"),
            ("sub", v),
            ("drawing", v),
            ("p", f"Công trình: Nhà ở riêng lẻ - Địa điểm: {site}"),
            ("p", f"Chủ đầu tư: {owner.full_name}    Chủ trì thiết kế: KTS. {rng.choice(['Lê Minh Tâm', 'Phạm Quốc Huy', 'Trần Thu Hà'])}"),
            ("p", f"Tỷ lệ 1:100    Bản vẽ số KT-{i:02d}"),
        ]  # fmt: skip
        out.append(PaperSpec("ban_ve_thiet_ke", [blocks]))
    return out


def cam_ket_an_toan(rng: random.Random, today: date, owner: Person, site: str) -> PaperSpec:
    blocks: list[Block] = [
        ("header", "", MOTTO),
        ("title", "BẢN CAM KẾT ĐẢM BẢO AN TOÀN ĐỐI VỚI CÔNG TRÌNH LIỀN KỀ"),
        ("p", f"Kính gửi: Ủy ban nhân dân {_ward(site)}"),
        ("field", "Chủ đầu tư", owner.full_name),
        ("field", "Địa điểm xây dựng", site),
        ("p", "Tôi cam kết thực hiện các biện pháp bảo đảm an toàn cho các công trình liền kề trong "
              "quá trình thi công; nếu gây hư hại, tôi xin bồi thường thiệt hại theo quy định."),
        ("sign", signed_at(_prov(site), today)),
        ("sign", "Chủ đầu tư\n(Ký, ghi rõ họ tên)\n\n" + owner.full_name),
    ]  # fmt: skip
    return PaperSpec("cam_ket_an_toan", [blocks])


def to_khai_ket_hon(rng: random.Random, today: date, bride: Person, groom: Person) -> PaperSpec:
    def side(p: Person, label: str) -> list[Block]:
        return [
            ("p", f"Thông tin {label}:"),
            ("field", "Họ, chữ đệm, tên", p.full_name),
            ("field", "Ngày, tháng, năm sinh", dmy(p.dob, rng)),
            ("field", "Dân tộc", p.ethnic),
            ("field", "Quốc tịch", "Việt Nam"),
            ("field", "Nơi cư trú", p.address),
            ("field", "Số định danh cá nhân", p.id_number),
            ("field", "Kết hôn lần thứ mấy", "Lần thứ nhất"),
        ]

    p1: list[Block] = [
        ("header", "", MOTTO),
        ("title", "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        ("p", f"Kính gửi: Ủy ban nhân dân {_ward(bride.address)}"),
        *side(bride, "bên nữ"),
        *side(groom, "bên nam"),
    ]
    p2: list[Block] = [
        ("p", "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi "
              "là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình."),
        ("sign", signed_at(_prov(bride.address), today)),
        ("sign", "Bên nữ                     Bên nam\n" + bride.full_name + "        " + groom.full_name),
    ]  # fmt: skip
    return PaperSpec(
        "to_khai_ket_hon", [p1, p2] if rng.random() < 0.6 else [p1 + p2], _applicant(bride)
    )


def xac_nhan_tthn(rng: random.Random, today: date, p: Person) -> PaperSpec:
    blocks: list[Block] = [
        (
            "header",
            f"ỦY BAN NHÂN DÂN\n{_ward(p.address).upper()}\nSố: {rng.randint(1, 999)}/UBND-XNTTHN",
            MOTTO,
        ),
        ("title", "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN"),
        ("field", "Họ, chữ đệm, tên", p.full_name),
        ("field", "Ngày, tháng, năm sinh", dmy(p.dob)),
        ("field", "Giới tính", p.sex),
        ("field", "Số định danh cá nhân", p.id_number),
        ("field", "Nơi cư trú", p.address),
        ("field", "Tình trạng hôn nhân", "Hiện tại chưa đăng ký kết hôn với ai"),
        ("field", "Mục đích sử dụng", "Để đăng ký kết hôn"),
        ("sign", signed_at(_prov(p.address), today)),
        ("sign", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
    ]
    return PaperSpec("xac_nhan_tthn", [blocks])


def to_khai_ct01(
    rng: random.Random, today: date, p: Person, new_addr: str, head: Person
) -> PaperSpec:
    blocks: list[Block] = [
        ("header", "Mẫu CT01 ban hành kèm theo\nThông tư số 66/2023/TT-BCA", MOTTO),
        ("title", "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        ("p", f"Kính gửi: Công an {_ward(new_addr)}"),
        ("field", "Họ, chữ đệm và tên", p.full_name),
        ("field", "Ngày, tháng, năm sinh", dmy(p.dob, rng)),
        ("field", "Giới tính", p.sex),
        ("field", "Số định danh cá nhân", p.id_number),
        ("field", "Số điện thoại liên hệ", f"09{rng.randint(10000000, 99999999)}"),
        ("field", "Nơi cư trú hiện tại", p.address),
        ("field", "Nội dung đề nghị", f"Đăng ký thường trú tại {new_addr}"),
        ("field", "Họ, chữ đệm và tên chủ hộ", head.full_name),
        ("field", "Mối quan hệ với chủ hộ", rng.choice(["Con", "Vợ", "Chồng", "Cháu", "Người thuê nhà"])),
        ("sign", signed_at(_prov(new_addr), today)),
        ("sign", "NGƯỜI KÊ KHAI\n(Ký, ghi rõ họ tên)\n\n" + p.full_name),
    ]  # fmt: skip
    return PaperSpec("to_khai_ct01", [blocks], _applicant(p))


def hop_dong_thue_nha(
    rng: random.Random, today: date, lessor: Person, tenant: Person, where: str
) -> PaperSpec:
    p1: list[Block] = [
        ("header", "", MOTTO),
        ("title", "HỢP ĐỒNG THUÊ NHÀ Ở"),
        ("p", f"Hôm nay, ngày {dmy(today)}, tại {where}, chúng tôi gồm:"),
        ("field", "Bên cho thuê (Bên A)", lessor.full_name),
        ("field", "Số định danh cá nhân", lessor.id_number),
        ("field", "Bên thuê (Bên B)", tenant.full_name),
        ("field", "Số định danh cá nhân", tenant.id_number),
        ("p", f"Điều 1. Bên A đồng ý cho Bên B thuê nhà ở tại địa chỉ {where}."),
        ("field", "Giá thuê", f"{rng.randint(20, 90) * 100}.000 đồng/tháng"),
        ("field", "Thời hạn thuê", f"{rng.choice([12, 24, 36])} tháng"),
    ]  # fmt: skip
    p2: list[Block] = [
        ("p", "Điều 2. Bên A đồng ý để Bên B đăng ký thường trú tại nhà cho thuê."),
        ("p", "Điều 3. Hai bên cam kết thực hiện đúng các điều khoản đã thỏa thuận."),
        (
            "sign",
            "BÊN A                    BÊN B\n" + lessor.full_name + "        " + tenant.full_name,
        ),
    ]
    return PaperSpec("hop_dong_thue_nha", [p1, p2])


def unrelated(rng: random.Random, today: date, p: Person) -> PaperSpec:
    """A paper the catalog does not know (a CV, a health certificate)."""
    if rng.random() < 0.5:
        blocks: list[Block] = [
            ("header", "", MOTTO),
            ("title", "SƠ YẾU LÝ LỊCH"),
            ("field", "Họ và tên", p.full_name),
            ("field", "Nghề nghiệp", "Lao động tự do"),
            ("p", "Tôi xin cam đoan lời khai trên là đúng sự thật."),
        ]
    else:
        blocks = [
            ("header", "SỞ Y TẾ\nBỆNH VIỆN ĐA KHOA", MOTTO),
            ("title", "GIẤY KHÁM SỨC KHỎE"),
            ("field", "Họ và tên", p.full_name),
            ("field", "Kết luận", "Đủ sức khỏe học tập và làm việc"),
        ]
    return PaperSpec(None, [blocks], note="unrelated")
