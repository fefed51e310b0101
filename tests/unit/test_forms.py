"""PDF notices (hoso.forms): render, extract the text back, check the Vietnamese and the values."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime
from typing import Any

import pdfplumber
import pytest

from hoso.forms import (
    FORMS,
    render_apology,
    render_control_sheet,
    render_receipt,
    render_refusal,
    render_supplement_request,
)
from hoso.forms._values import place_date
from hoso.workdays import TZ

pytestmark = pytest.mark.unit

A4 = (595.28, 841.89)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def record(**over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "dossier_id": "d-0001",
        "dossier_code": "000.00.19.H47-260105-0001",
        "status": "received",
        "procedure_code": "1.001193",
        # NFD on purpose: the forms must print NFC
        "procedure_name": nfd("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"),
        "agency": "H40.STP",  # the code; the forms print the name
        "agency_name": "Sở Tư pháp tỉnh Nghệ An",
        "received_by": "Trần Thị Hương",
        "received_at": "2026-01-05T09:15:00+07:00",
        "due_at": "2026-01-19T17:00:00+07:00",
        "updated_at": "2026-01-05T09:20:00+07:00",
        "applicant": {
            "full_name": nfd("Nguyễn Văn Ánh"),
            "id_number": "040090001234",
            "sex": "Nam",
            "address": "Số 12 đường Lê Lợi, phường Trường Vinh, tỉnh Nghệ An",
            "phone": "0912345678",
            "email": "anh.nguyen@example.vn",
        },
        "components": [
            {
                "name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
                "present": True,
                "copy_type": "original",
                "copies": 1,
            },
            {"name": "Bản chụp Căn cước", "present": True, "copy_type": "photocopy", "copies": 2},
            {"name": "Văn bản ủy quyền", "present": False},
        ],
        "missing_components": [
            {"name": "Văn bản ủy quyền", "reason": "Nộp qua người đại diện nhưng thiếu ủy quyền."},
            {"name": "Bản chụp Căn cước", "reason": "Ảnh mờ, không đọc được số định danh."},
        ],
        "pages": [],
        "errors": [],
    }
    rec.update(over)
    return rec


def extract(pdf: bytes) -> tuple[str, list[Any]]:
    assert pdf.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = list(doc.pages)
        for p in pages:
            assert (round(p.width, 1), round(p.height, 1)) == (round(A4[0], 1), round(A4[1], 1))
        fonts = {c["fontname"] for p in pages for c in p.chars}
        raw = "\n".join(p.extract_text() or "" for p in pages)
    assert fonts and all("DejaVu" in f for f in fonts), fonts
    assert unicodedata.is_normalized("NFC", raw)
    return " ".join(raw.split()), pages


def cells(pdf: bytes) -> set[str]:
    """Texts of the table cells (wrapped cell text joined back with spaces)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return {
            " ".join(c.split())
            for page in doc.pages
            for table in page.extract_tables()
            for row in table
            for c in row
            if c
        }


def has(text: str, *needles: str) -> None:
    for n in needles:
        assert unicodedata.normalize("NFC", n) in text, n


HEADER = (
    "UBND TỈNH NGHỆ AN",
    "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: …",
)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (datetime(2026, 3, 5, tzinfo=TZ), "Vinh, ngày 05 tháng 3 năm 2026"),
        (datetime(2026, 1, 9, tzinfo=TZ), "Vinh, ngày 09 tháng 01 năm 2026"),
        (datetime(2027, 2, 11, tzinfo=TZ), "Vinh, ngày 11 tháng 02 năm 2027"),
        (datetime(2026, 11, 24, tzinfo=TZ), "Vinh, ngày 24 tháng 11 năm 2026"),
        (datetime(2026, 10, 1, tzinfo=TZ), "Vinh, ngày 01 tháng 10 năm 2026"),
    ],
)
def test_place_date_line(when: datetime, expected: str) -> None:
    assert place_date("Vinh", when) == expected


def test_receipt() -> None:
    text, pages = extract(
        render_receipt(record(), processing_time={"amount": 10, "unit": "working_days"})
    )
    assert len(pages) == 1
    has(text, *HEADER, "Vinh, ngày 05 tháng 01 năm 2026")
    has(
        text,
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: 000.00.19.H47-260105-0001",
        "Ông Nguyễn Văn Ánh",
        "040090001234",
        "phường Trường Vinh",
        "0912345678",
        "anh.nguyen@example.vn",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
        "Bản chính",
        "Bản chụp Căn cước",
        "10 ngày làm việc",
        "09 giờ 15 phút, ngày 05/01/2026",
        "17 giờ 00 phút, ngày 19/01/2026",
        "Trung tâm Phục vụ hành chính công tỉnh Nghệ An",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Thị Hương",
    )
    assert "Văn bản ủy quyền" not in text  # not received, not listed


def test_receipt_office_and_times_in_vietnam_zone() -> None:
    office = {"name": "UBND phường Trường Vinh", "place": "Nghệ An", "phone": "0238 3 844 000"}
    rec = record(received_at="2026-03-05T02:05:00Z", due_at="2026-03-06T10:00:00Z")
    text, _ = extract(render_receipt(rec, office=office, processing_time=1))
    has(text, "UBND PHƯỜNG TRƯỜNG VINH", "Nghệ An, ngày 05 tháng 3 năm 2026")
    has(text, "09 giờ 05 phút, ngày 05/03/2026", "17 giờ 00 phút, ngày 06/03/2026")
    has(text, "01 ngày làm việc")


def test_receipt_fills_processing_time_and_forms_from_the_catalog() -> None:
    rec = record(
        procedure_code="LY_LICH_TU_PHAP",
        components=[
            {"id": "to_khai", "name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "present": True},
            {"id": "cccd", "name": "Bản chụp Căn cước", "present": True, "copy_type": None},
        ],
    )
    pdf = render_receipt(rec)
    text, _ = extract(pdf)
    has(text, "10 ngày")
    assert {"Bản chính", "Bản chụp", "01"} <= cells(pdf)


def test_receipt_same_day_procedure() -> None:
    text, _ = extract(render_receipt(record(procedure_code="KHAI_SINH", components=[])))
    has(text, "Thời gian giải quyết hồ sơ theo quy định: Trong ngày")


def test_supplement_request_is_one_complete_notice() -> None:
    text, pages = extract(render_supplement_request(record(), officer_phone="0238 3 123 456"))
    assert len(pages) == 1
    assert text.count("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ") == 1
    has(text, *HEADER, "Vinh, ngày 05 tháng 01 năm 2026")
    has(
        text,
        "1. Văn bản ủy quyền",
        "Lý do: Nộp qua người đại diện nhưng thiếu ủy quyền.",
        "2. Bản chụp Căn cước",
        "Lý do: Ảnh mờ, không đọc được số định danh.",
        "một lần",
        "15 ngày làm việc",
        # 15 working days after Monday 5/1/2026
        "đến hết ngày 26/01/2026",
        "Trần Thị Hương",
        "0238 3 123 456",
        "NGƯỜI HƯỚNG DẪN",
    )


def test_supplement_deadline_across_tet() -> None:
    rec = record(updated_at="2026-02-10T10:00:00+07:00")
    text, _ = extract(render_supplement_request(rec))
    # 11-13/2 (3), Tết 16-20/2, 23/2-6/3 (10), 9-10/3 (2)
    has(text, "Vinh, ngày 10 tháng 02 năm 2026", "đến hết ngày 10/03/2026")


def test_apology() -> None:
    text, _ = extract(
        render_apology(
            record(updated_at="2026-01-16T08:00:00+07:00"),
            reason="Cơ quan phối hợp chưa trả lời kết quả xác minh.",
            new_due_at=datetime(2026, 1, 26, 17, 0, tzinfo=TZ),
            signer="Lê Văn Bình",
            signer_title="Giám đốc",
        )
    )
    has(text, *HEADER, "Vinh, ngày 16 tháng 01 năm 2026")
    has(
        text,
        "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "Kính gửi: Ông Nguyễn Văn Ánh",
        "Ngày 05/01/2026",
        "Cấp Phiếu lý lịch tư pháp",
        "000.00.19.H47-260105-0001",
        "17 giờ 00 phút, ngày 19/01/2026",
        "Lý do: Cơ quan phối hợp chưa trả lời kết quả xác minh.",
        "17 giờ 00 phút, ngày 26/01/2026",
        "GIÁM ĐỐC",
        "Lê Văn Bình",
    )


def test_refusal() -> None:
    text, _ = extract(
        render_refusal(
            record(
                applicant={"full_name": "Phạm Thị Mai", "sex": "Nữ", "id_number": "040195000111"}
            ),
            reasons=[
                "Thủ tục không thuộc thẩm quyền của Sở Tư pháp.",
                {"reason": "Thiếu tờ khai."},
            ],
        )
    )
    has(text, *HEADER)
    has(
        text,
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Bà Phạm Thị Mai",
        "040195000111",
        "Cấp Phiếu lý lịch tư pháp",
        "1. Thủ tục không thuộc thẩm quyền của Sở Tư pháp.",
        "2. Thiếu tờ khai.",
    )


AUDIT: list[dict[str, Any]] = [
    {
        "at": "2026-01-05T09:15:00+07:00",
        "actor": "Trần Thị Hương",
        "from_status": "processing",
        "to_status": "received",
        "note": "Đủ hồ sơ",
    },
    {
        "at": "2026-01-05T14:00:00+07:00",
        "actor": "Phòng Hành chính tư pháp",
        "from_status": "received",
        "to_status": "in_progress",
        "note": None,
    },
    {
        "at": "2026-01-16T08:00:00+07:00",
        "actor": "Bộ phận một cửa",
        "from_status": "in_progress",
        "to_status": "result_ready",
        "note": "",
    },
]


def test_control_sheet_early() -> None:
    pdf = render_control_sheet(record(), audit=AUDIT)
    text, _ = extract(pdf)
    has(text, *HEADER)
    assert "H40.STP" not in text  # the agency by its name, not its code
    has(
        text,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "000.00.19.H47-260105-0001",
        "Sở Tư pháp tỉnh Nghệ An",
        "Thời gian hoàn thành: 08 giờ 00 phút, ngày 16/01/2026",
        "Kết quả giải quyết hồ sơ (Trước hạn/Đúng hạn/Quá hạn): Trước hạn",
    )
    table = cells(pdf)
    assert {
        "Phòng Hành chính tư pháp",
        "Bộ phận một cửa",
        "Đủ hồ sơ",
        "09 giờ 15, 05/01/2026",
        "08 giờ 00, 16/01/2026",
        "Đang giải quyết → Có kết quả",
        "Đã tiếp nhận → Đang giải quyết",
    } <= table


@pytest.mark.parametrize(
    ("completed", "result"),
    [("2026-01-19T10:00:00+07:00", "Đúng hạn"), ("2026-01-20T08:00:00+07:00", "Quá hạn")],
)
def test_control_sheet_on_time_and_late(completed: str, result: str) -> None:
    text, _ = extract(render_control_sheet(record(), audit=AUDIT, completed_at=completed))
    has(text, f"Kết quả giải quyết hồ sơ (Trước hạn/Đúng hạn/Quá hạn): {result}")


def test_long_audit_breaks_pages() -> None:
    audit = [{**AUDIT[1], "note": f"Bước {i}: chuyển hồ sơ"} for i in range(60)]
    pdf = render_control_sheet(record(), audit=audit)
    text, pages = extract(pdf)
    assert len(pages) >= 2
    has(text, "Trang 2/", "NGƯỜI LẬP PHIẾU")
    assert {"Bước 0: chuyển hồ sơ", "Bước 59: chuyển hồ sơ"} <= cells(pdf)


NULLS: dict[str, Any] = {
    "dossier_code": None,
    "procedure_name": None,
    "procedure_code": None,
    "agency": None,
    "received_at": None,
    "due_at": None,
    "updated_at": None,
    "received_by": None,
    "applicant": {
        "full_name": None,
        "id_number": None,
        "address": None,
        "phone": None,
        "email": None,
    },
    "components": [],
    "missing_components": [],
}


@pytest.mark.parametrize("name", sorted(FORMS))
@pytest.mark.parametrize(
    "rec",
    [
        {},
        {**NULLS, "components": "x", "received_at": "not a date", "due_at": 5},
    ],
    ids=["empty", "nulls-and-garbage"],
)
def test_missing_data_prints_blanks(name: str, rec: dict[str, Any]) -> None:
    text, pages = extract(FORMS[name](rec, office=None))
    assert len(pages) == 1
    has(text, *HEADER, "Vinh, ngày …")
    assert "……" in text  # dotted blanks like the paper form
    assert "None" not in text


def test_applicant_none_is_tolerated() -> None:
    text, _ = extract(render_receipt({"applicant": None, "missing_components": None}))
    has(text, "Tiếp nhận hồ sơ của: ……")


def test_extras_tolerate_bad_values() -> None:
    rec = record()
    for pdf in (
        render_apology(rec, reason=None, new_due_at="soon"),
        render_refusal(rec, reasons=None),
        render_refusal(rec, reasons="Một lý do duy nhất"),
        render_control_sheet(rec, audit=[None, {"at": "x"}, "y"]),
        render_supplement_request(record(missing_components=[{"name": "A"}, {"reason": "B"}])),
        render_receipt(rec, processing_time="Trong ngày", sets=2, book="03", book_entry=17),
    ):
        extract(pdf)
