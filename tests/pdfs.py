"""Small born-digital Vietnamese PDFs for pipeline tests (fpdf2 + the shipped DejaVu font)."""

from __future__ import annotations

from fpdf import FPDF

from hoso.resources import font_path


def make_pdf(pages: list[str]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.set_font("DejaVu", size=12)
    for text in pages:
        pdf.add_page()
        for line in text.splitlines():
            pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"

TO_KHAI_KHAI_SINH = (
    HEADER
    + """TỜ KHAI ĐĂNG KÝ KHAI SINH
Kính gửi: Ủy ban nhân dân phường Vinh Phú, tỉnh Nghệ An
Họ, chữ đệm, tên người yêu cầu: NGUYỄN VĂN AN
Số định danh cá nhân: 040090001234
Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:
Họ, chữ đệm, tên: NGUYỄN THỊ BÌNH
Ngày, tháng, năm sinh: 02/03/2026
"""
)

GIAY_CHUNG_SINH = """BỘ Y TẾ
GIẤY CHỨNG SINH
Họ và tên mẹ: TRẦN THỊ HOA
Sinh con lúc: 08 giờ 15 phút, ngày 02 tháng 03 năm 2026
"""
