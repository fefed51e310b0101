"""Reading fields by layout (hoso.understand.fields): pages built word by word with boxes,
as the OCR stage hands them over, in the layouts forms use."""

from __future__ import annotations

import pytest

from hoso.catalog import Catalog, load_catalog
from hoso.model import PageText, Word
from hoso.understand.fields import extract, parse_date, parse_name, parse_value
from hoso.understand.layout import rows_of
from hoso.understand.mrz import mrz_check

pytestmark = pytest.mark.unit

H = 30.0  # line height in pixels
CHAR = 14.0  # width of a character


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


Cell = tuple[float, float, str]  # x, y, text


def scan(*cells: Cell, conf: float = 92.0) -> PageText:
    """A scanned page: each cell (x, y, text) laid out word by word from x on row y."""
    words: list[Word] = []
    for n, (x, y, text) in enumerate(cells):
        pos = x
        for w in text.split():
            words.append(Word(w, conf, (pos, y, pos + CHAR * len(w), y + H), line=n + 1, block=n))
            pos += CHAR * (len(w) + 1)
    text = "\n".join(c[2] for c in cells)
    return PageText("scan.jpg", 1, text, "ocr", confidence=conf, words=words)


def values(cat: Catalog, dt: str, page: PageText) -> dict[str, str]:
    return {k: v.value for k, v in extract(cat.document_types[dt], [page]).items() if v.valid}


def _marriage_table(
    heads: tuple[str, str], *rows: tuple[str, str, str], extra: tuple[Cell, ...] = ()
) -> PageText:
    """The marriage form's parties' table: its title, the header "Thông tin" and ``heads``,
    then each row's label and the two parties' cells (rows 60 px apart; an empty row leaves
    its place to ``extra`` cells)."""
    cells: list[Cell] = [
        (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        (100, 200, "Thông tin"),
        (700, 200, heads[0]),
        (1300, 200, heads[1]),
    ]
    for n, (label, left, right) in enumerate(rows):
        y = 260 + 60 * n
        cells += [(100, y, label), (600, y, left), (1200, y, right)]
    return scan(*cells, *extra)


def test_two_columns_with_a_wrapped_name(cat: Catalog) -> None:
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "1. Họ, chữ đệm và tên: NGUYỄN BẢO"),
        (700, 200, "2. Ngày, tháng, năm sinh: 02/05/1989"),
        (100, 240, "KHÁNH HƯNG ........"),
        (100, 300, "3. Giới tính: Nam ......"),
        (700, 300, "4. Số định danh cá nhân:"),
        (700, 340, "0 6 6 0 8 9 4 5 2 3 8 3"),
    )
    got = values(cat, "to_khai_ct01", page)
    assert got["full_name"] == "Nguyễn Bảo Khánh Hưng"
    assert got["date_of_birth"] == "1989-05-02"
    assert got["sex"] == "Nam"
    assert got["id_number"] == "066089452383"


def test_a_name_wrapped_beside_a_label_hoso_does_not_know(cat: Catalog) -> None:
    """The next field's number and label ("8. Mối quan hệ với chủ hộ:") end the value on
    a two-column form even when that label is not one hoso reads; the name went on below."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "7. Họ, chữ đệm và tên chủ hộ: Đoàn Tiến"),
        (680, 200, "8. Mối quan hệ với chủ hộ: Chủ hộ ........"),
        (100, 240, "Cường ........"),
    )
    assert values(cat, "to_khai_ct01", page)["head_name"] == "Đoàn Tiến Cường"


def test_a_wrapped_name_goes_on_under_the_fields_number(cat: Catalog) -> None:
    """A two-column form's name that wrapped goes on at its column's start, under the
    field's number, left of the label's first word (dev34 18158: "Trần" / "Xuân Diệu
    Tuyết" read as "Trần Diệu Tuyết")."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "7."),
        (160, 200, "Họ, chữ đệm và tên chủ hộ: Đoàn Tiến"),
        (720, 200, "8. Mối quan hệ với chủ hộ: Chủ hộ ........"),
        (100, 240, "Minh Cường ........"),
    )
    assert values(cat, "to_khai_ct01", page)["head_name"] == "Đoàn Tiến Minh Cường"


def test_a_label_does_not_reach_across_a_column_gap(cat: Catalog) -> None:
    """A table's label cell and its value cell far to the right: the value's words are no
    part of a longer label (dev37 18779: "Họ và tên      LÊ CÔNG BÌNH" read as "Họ và tên
    vợ/chồng", the name lost)."""
    page = scan(
        (100, 100, "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        (100, 200, "1. Họ và tên"),
        (600, 200, "LÊ CÔNG BÌNH"),
        (100, 300, "2. Tên gọi khác (nếu có)"),
    )
    assert values(cat, "to_khai_lltp", page)["full_name"] == "Lê Công Bình"


def test_a_word_of_running_text_is_no_label_wrapped_in_its_cell(cat: Catalog) -> None:
    """ "... tháng 12 năm 2025" in a sentence, "sinh" on a line under "năm": no "Năm" / "sinh"
    label wrapped in a narrow cell, and the child's year is not the mother's (dev39 19246:
    her "Năm sinh: 991" unread, 2025 taken, the card's 1991 "disagreed")."""
    page = scan(
        (100, 100, "GIẤY CHỨNG SINH"),
        (100, 160, "Họ và tên mẹ: Phạm Quỳnh Duyên"),
        (100, 200, "Năm sinh: 991"),
        (100, 240, "Số CMND/Hộ chiếu/Căn cước: 030191923064"),
        (100, 300, "Đã sinh con vào lúc: 21 giờ 23 phút, ngày 12 tháng 12 năm 2025"),
        (840, 340, "sinh"),
    )
    assert values(cat, "giay_chung_sinh", page).get("mother_birth_year") != "2025"


def test_birth_form_child_part_opened_by_its_request_sentence(cat: Catalog) -> None:
    """The official birth registration form opens the child's part with "Đề nghị cơ quan
    đăng ký khai sinh cho người dưới đây:" and names the child under "Họ, chữ đệm, tên:";
    the relation written alone on its line ("Mẹ") opens no part that keeps the child's name
    (dev40 19486: the child's name taken for the mother's, a request for a complete
    dossier)."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 160, "Họ, chữ đệm, tên người yêu cầu: Đỗ Hải Thủy"),
        (100, 220, "Quan hệ với người được khai sinh:"),
        (100, 260, "Mẹ"),
        (100, 320, "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"),
        (100, 380, "Họ, chữ đệm, tên: ĐỖ TUẤN KIỆT"),
        (900, 380, "Ngày, tháng, năm sinh: 22/05/2026"),
        (100, 440, "Họ, chữ đệm, tên người mẹ: Đỗ Hải Thủy"),
        (900, 440, "Năm sinh: 1985"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["child_name"] == "Đỗ Tuấn Kiệt"
    assert got["mother_name"] == "Đỗ Hải Thủy"


def test_a_name_written_on_a_dotted_line_that_wrapped(cat: Catalog) -> None:
    """Written by hand on a dotted line, the name's words come glued by the dots
    ("Huỳnh..Viết" / "Minh..Hưng."): its rest under it is still a name's rest."""
    page = scan(
        (100, 100, "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG"),
        (100, 200, "- Tên chủ đầu tư (tên chủ hộ): Huỳnh..Viết"),
        (760, 200, "- Địa chỉ liên hệ: Xóm.8..Xã..Bình..Minh,"),
        (100, 240, "Minh..Hưng."),
        (760, 240, "tỉnh..Lào .Cai"),
    )
    assert values(cat, "don_gpxd", page)["full_name"] == "Huỳnh Viết Minh Hưng"


def test_a_name_read_by_the_second_reader_is_its_other_reading(cat: Catalog) -> None:
    """Unsure hand-written words the second reader read otherwise (Word.letters, without
    tone marks): the name so read is the value's other reading, or the value itself, as
    unsure as a guess, where Tesseract's reading made no name."""
    page = scan(
        (100, 100, "GIẤY CHỨNG SINH"), (100, 200, "Họ, chữ đệm, tên mẹ: Trần Tú K#án⁄ Duuên")
    )
    for w in page.words:
        w.conf = 40.0 if w.text in ("K#án⁄", "Duuên") else 95.0
        w.letters = {"K#án⁄": "Khanh", "Duuên": "Duyen"}.get(w.text, "")
    got = extract(cat.document_types["giay_chung_sinh"], [page])["mother_name"]
    assert got.value == "Trần Tú" and got.alts == ("Trần Tú Khanh Duyen",)
    for w in page.words:
        w.letters = {"K#án⁄": "Khanh", "Duuên": "Duyen", "Tú": "Ta", "Trần": "Tran"}.get(w.text, "")
        if w.text == "Tú":
            w.text = "T#"
    got = extract(cat.document_types["giay_chung_sinh"], [page])["mother_name"]
    assert got.value == "Tran Ta Khanh Duyen" and got.conf <= 40.0


def test_a_name_signed_with_its_tone_marks_stands_for_a_guess(cat: Catalog) -> None:
    """The requester's name only the second reader read ("Le Quynh", no tone marks, the
    rest garbage: dev22 15052); the name signed under the form, read by Tesseract with its
    tone marks, is the requester's instead of the guess."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "Người yêu cầu: L⁄ Q#ỳnh T¿ị Ng⁄c"),
        (1100, 900, "Người yêu cầu"),
        (1040, 940, "(Ký, ghi rõ họ tên)"),
        (1080, 1100, "Lê Quỳnh Thị Ngọc"),
    )
    for w in page.words:
        w.letters = {"L⁄": "Le", "Q#ỳnh": "Quynh"}.get(w.text, "")
    got = {k: v.value for k, v in extract(cat.document_types["to_khai_khai_sinh"], [page]).items()}
    assert got.get("signer_name") == "Lê Quỳnh Thị Ngọc", got
    assert "full_name" not in got, got


def test_a_note_after_the_label_is_part_of_the_label(cat: Catalog) -> None:
    """ "Tôi là (ghi họ tên bằng chữ in hoa): TRẦN" — the value is beside the note, not far
    from its label; its rest wrapped under it."""
    page = scan(
        (100, 100, "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH"),
        (100, 200, "Tôi là (ghi họ tên bằng chữ in hoa): TRẦN"),
        (700, 200, "Ngày, tháng, năm sinh: 08/04/1985 ........"),
        (100, 240, "ANH TÚ ........"),
    )
    assert values(cat, "giay_de_nghi_hkd", page)["full_name"] == "Trần Anh Tú"


def test_per_person_table_columns(cat: Catalog) -> None:
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "Thông tin"),
        (560, 200, "Người được khai sinh"),
        (1080, 200, "Mẹ"),
        (1500, 200, "Cha"),
        (100, 260, "Họ, chữ đệm, tên"),
        (500, 260, "LÊ MINH KHANG"),
        (900, 260, "Trần Thị Hoa"),
        (1350, 260, "Lê Văn Nam"),
        (100, 320, "Ngày sinh / Năm sinh"),
        (500, 320, "01/03/2026"),
        (900, 320, "1990"),
        (1350, 320, "1988"),
        (100, 380, "Số định danh cá nhân"),
        (900, 380, "040190012345"),
        (1350, 380, "040088054321"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["child_name"] == "Lê Minh Khang"
    assert got["mother_name"] == "Trần Thị Hoa"
    assert got["father_name"] == "Lê Văn Nam"
    assert got["child_dob"] == "2026-03-01"
    assert got["mother_birth_year"] == "1990"
    assert got["father_birth_year"] == "1988"
    assert got["mother_id"] == "040190012345"
    assert got["father_id"] == "040088054321"
    assert "id_number" not in got  # the requester's number is not in the table


@pytest.mark.parametrize("wrapped", [False, True])
def test_per_person_table_whose_mothers_header_was_not_read(cat: Catalog, wrapped: bool) -> None:
    """The header "Mẹ", a short word alone in its cell, not read (and "Người được khai
    sinh" wrapped onto a second line): the column with a cell under it on every short-value
    row is the mother's, not half the child's and half the father's."""
    header = (
        [(560, 200, "Người được khai"), (600, 240, "sinh")]
        if wrapped
        else [(560, 200, "Người được khai sinh")]
    )
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "Thông tin"),
        *header,
        (1500, 200, "Cha"),
        (100, 300, "Họ, chữ đệm, tên"),
        (500, 300, "LÊ MINH KHANG"),
        (900, 300, "Trần Thị Hoa"),
        (1350, 300, "Lê Văn Nam"),
        (100, 360, "Ngày sinh / Năm sinh"),
        (500, 360, "01/03/2026"),
        (900, 360, "1990"),
        (1350, 360, "1988"),
        (100, 420, "Số định danh cá nhân"),
        (900, 420, "040190012345"),
        (1350, 420, "040088054321"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["child_name"] == "Lê Minh Khang"
    assert got["mother_name"] == "Trần Thị Hoa"
    assert got["father_name"] == "Lê Văn Nam"
    assert got["mother_birth_year"] == "1990" and got["father_birth_year"] == "1988"
    assert got["mother_id"] == "040190012345" and got["father_id"] == "040088054321"


@pytest.mark.parametrize(
    ("label", "walls"),
    [("Họ, chữ đệm, tên", False), ("lHọ, chữ đệm, tên", False), ("Họ, chữ đệm, tên", True)],
)
def test_marriage_form_wide_table_with_the_identity_papers_row(
    cat: Catalog, label: str, walls: bool
) -> None:
    """The official marriage form's table: wide person columns, headers centred over cells
    written at their left, the address wrapped over several lines, and the ID number in the
    row "Giấy tờ tùy thân" (wrapped: "Giấy tờ tùy" / "thân (3)") as "Căn cước số" with the
    number on the next line. A table's rule read before a label ("lHọ,") is no other word;
    "Hồng Bảo" in a name is no label ("Ông bà"); the table's right wall read as "|" beside
    a label's wrapped end ("sinh |") does not end the table."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        (50, 150, "Kính gửi: Ủy ban nhân dân phường Ngô Quyền, thành phố Hải Phòng"),
        (140, 200, "Thông tin"),
        (830, 200, "Bên nữ"),
        (1530, 200, "Bên nam"),
        (50, 260, label),
        (620, 260, "Tô Hồng Bảo Loan"),
        (1340, 260, "Nguyễn Đăng Khải"),
        (50, 290, "Ngày, tháng, năm" if walls else "Ngày, tháng, năm sinh"),
        (620, 290, "17/08/1986"),
        (1340, 290, "10/01/1987"),
        *([(50, 305, "sinh")] if walls else []),
        (50, 320, "Dân tộc"),
        (620, 320, "Kinh"),
        (1340, 320, "Kinh"),
        (50, 380, "Nơi cư trú"),
        (620, 380, "Số 58 đường Lý Thường"),
        (1340, 380, "Ấp Mỹ Phước, xã Trảng"),
        (620, 420, "Kiệt, phường Ngô Quyền,"),
        (1340, 420, "Bom, tỉnh Đồng Nai"),
        (620, 460, "Hải Phòng"),
        (50, 520, "Giấy tờ tùy"),
        (620, 520, "Căn cước số"),
        (1340, 520, "Căn cước số"),
        (50, 560, "thân (3)"),
        (620, 560, "030186429010"),
        (1340, 560, "075087753759"),
    )
    if walls:  # the wall, one pixel wide, read at the end of the label's wrapped line
        sinh = next(w for w in page.words if w.text == "sinh")
        page.words.append(Word("|", 94.0, (2100, 305, 2101, 305 + H), sinh.line, sinh.block))
    got = values(cat, "to_khai_ket_hon", page)
    assert got["full_name"] == "Tô Hồng Bảo Loan" and got["partner_name"] == "Nguyễn Đăng Khải"
    assert got["date_of_birth"] == "1986-08-17" and got["partner_dob"] == "1987-01-10"
    assert got["id_number"] == "030186429010"
    assert got["partner_id"] == "075087753759"


@pytest.mark.parametrize("first", ["Bên nam", "Bên nữ"])
def test_marriage_form_main_person_is_the_first_listed(cat: Catalog, first: str) -> None:
    second = "Bên nữ" if first == "Bên nam" else "Bên nam"
    page = _marriage_table(
        (first, second),
        ("Họ, chữ đệm, tên", "Huỳnh Hoàng Phong", "Trần Quỳnh Ánh"),
        ("Ngày, tháng, năm sinh", "19/10/2002", "16/11/2001"),
    )
    got = values(cat, "to_khai_ket_hon", page)
    assert got["full_name"] == "Huỳnh Hoàng Phong"
    assert got["partner_name"] == "Trần Quỳnh Ánh"
    assert got["date_of_birth"] == "2002-10-19"
    assert got["partner_dob"] == "2001-11-16"


def test_card_values_under_labels_beside_the_back_side(cat: Catalog) -> None:
    """Front and back of a card copied side by side: the back's lines share the rows."""
    page = scan(
        (100, 100, "CĂN CƯỚC"),
        (100, 160, "Số định danh cá nhân / Personal identification number"),
        (1300, 160, "Nơi cư trú / Place of residence:"),
        (100, 200, "001194432377"),
        (1300, 200, "Số 54 đường Tôn Đức Thắng"),
        (100, 260, "Họ, chữ đệm và tên khai sinh / Full name"),
        (1300, 250, "BỘ CÔNG AN / MINISTRY OF PUBLIC SECURITY"),
        (100, 300, "NGUYỄN HÀ NGÂN"),
        (100, 360, "Ngày, tháng, năm sinh / Date of birth"),
        (100, 400, "04/03/1994"),
    )
    got = values(cat, "cccd", page)
    assert got["id_number"] == "001194432377"
    assert got["full_name"] == "Nguyễn Hà Ngân"
    assert got["date_of_birth"] == "1994-03-04"


def test_card_labels_with_their_english_half_misread(cat: Catalog) -> None:
    """A card photocopied grey: the labels' Vietnamese halves read, their English halves
    not ("full narne", "Date of bưth"). The Vietnamese label alone is the label; the birth
    date is not taken for the issue date ("Ngày, tháng, năm" of the older card's back)."""
    page = scan(
        (100, 100, "CĂN CƯỚC"),
        (100, 160, "Số định danh cá nhân / Personal identification number"),
        (100, 200, "095186042156"),
        (100, 260, "Họ. chữ đệm và tên khai sinh / full narne"),
        (100, 300, "LÊ THU TÂM"),
        (100, 360, "Ngày. tháng. nằm sinh / Date of bưth,"),
        (100, 400, "24/01/1986"),
    )
    got = values(cat, "cccd", page)
    assert got["full_name"] == "Lê Thu Tâm"
    assert got["date_of_birth"] == "1986-01-24"
    assert "issued_on" not in got


def test_an_office_under_the_name_label_is_not_the_holders_name(cat: Catalog) -> None:
    """Front and back of an old card copied overlapping: the issuer's "CỤC TRƯỞNG CỤC CẢNH
    SÁT ..." falls between the name's label and the name. An office is nobody's name."""
    page = scan(
        (100, 100, "CĂN CƯỚC CÔNG DÂN"),
        (100, 160, "Họ và tên:"),
        (300, 200, "CỤC TRƯỞNG CỤC CẢNH SÁT ĐKQL CƯ TRÚ"),
        (100, 240, "NGUYỄN THỊ THU"),
        (100, 300, "Ngày sinh: 23/12/1974"),
    )
    assert values(cat, "cccd", page)["full_name"] == "Nguyễn Thị Thu"


@pytest.mark.parametrize("other", ["expiry", "birth"])
def test_an_issue_date_that_is_another_date_of_the_card_is_unread(cat: Catalog, other: str) -> None:
    """Two cards copied on one page, a label read on the wrong line: the issue date read is
    the card's expiry or its holder's birth date. No card is issued on either: unread."""
    date = "04/08/2044" if other == "expiry" else "04/08/1984"
    page = scan(
        (100, 100, "CĂN CƯỚC CÔNG DÂN"),
        (100, 160, "Ngày sinh: 04/08/1984"),
        (100, 220, "Có giá trị đến: 04/08/2044"),
        (100, 280, f"Ngày, tháng, năm: {date}"),
    )
    got = values(cat, "cccd", page)
    assert got["expiry"] == "2044-08-04" and got["date_of_birth"] == "1984-08-04"
    assert "issued_on" not in got, got


def test_lines_read_up_the_image_are_turned(cat: Catalog) -> None:
    """Tesseract reads a card turned a quarter as vertical lines, boxes in image terms."""
    upright = scan(
        (100, 100, "CĂN CƯỚC CÔNG DÂN"),
        (100, 160, "Họ và tên:"),
        (100, 200, "NGUYỄN BÍCH MINH HẠNH"),
        (100, 260, "Có giá trị đến: 26/05/2023"),
    )
    width = 2000.0
    for w in upright.words:  # turn the page a quarter counter-clockwise
        x0, y0, x1, y1 = w.bbox
        w.bbox = (y0, width - x1, y1, width - x0)
    got = values(cat, "cccd", upright)
    assert got["full_name"] == "Nguyễn Bích Minh Hạnh"
    assert got["expiry"] == "2023-05-26"


def _td1(ident: str, dob: str, sex: str, exp: str) -> tuple[str, str]:
    doc = ident[3:]
    line1 = f"IDVNM{doc}{mrz_check(doc)}{ident}<<{mrz_check(ident)}"
    line2 = f"{dob}{mrz_check(dob)}{sex}{exp}{mrz_check(exp)}VNM<<<<<<<<<<<0"
    return line1, line2


def test_machine_readable_zone_confirms_the_number(cat: Catalog) -> None:
    line1, line2 = _td1("079197602459", "970519", "F", "370519")
    page = scan(
        (100, 100, "Đặc điểm nhân dạng / Personal identification:"),
        (100, 300, line1.replace("I", "T", 1)),  # "TDVNM": the I is often read as a T
        (100, 340, line2),
        (100, 380, "MAI<<THUY<LUA<<<<<<<<<<<<<<<<<"),
    )
    got = extract(cat.document_types["cccd"], [page])
    assert got["id_number"].value == "079197602459"
    assert got["id_number"].source == "mrz"
    assert got["date_of_birth"].value == "1997-05-19"
    assert got["sex"].value == "Nữ"


def test_machine_readable_zone_lines_started_by_a_mark_off_the_card(cat: Catalog) -> None:
    """A mark read off the card's edge ("Ï") starts each line of the zone: the birth date
    and sex on its second line are read all the same (dev2 10248)."""
    line1, line2 = _td1("036186344303", "860323", "F", "260323")
    page = scan((100, 300, "Ï" + line1.replace("I", "T", 1)), (100, 340, "Ï" + line2))
    got = extract(cat.document_types["cccd"], [page])
    assert got["id_number"].value == "036186344303"
    assert got["date_of_birth"].value == "1986-03-23"
    assert got["sex"].value == "Nữ"


def test_machine_readable_zone_beside_the_cards_front(cat: Catalog) -> None:
    """A card's two sides side by side on a sheet: the front's birth date falls on a line
    of its own between the zone's first and second lines (dev35 18160: the zone's birth
    date and expiry unread, the card sent to an officer). The second line is the next
    line that reads as one."""
    line1, line2 = _td1("083193262117", "930816", "F", "330816")
    page = scan(
        (100, 300, "Ngày, tháng, năm sinh / Date of birth"),
        (900, 300, line1.replace("I", "1", 1)),
        (100, 340, "16/08/1993"),
        (900, 380, line2),
    )
    got = extract(cat.document_types["cccd"], [page])
    assert got["id_number"].value == "083193262117"
    assert got["expiry"].value == "2033-08-16"
    assert got["sex"].value == "Nữ"


def test_machine_readable_zone_of_a_card_that_never_expires(cat: Catalog) -> None:
    """A card of no expiry ("Không thời hạn", its holder past sixty) leaves the zone's
    expiry blank ("5810273M<<<<<<0VNM"): its birth date and sex are still read there
    (dev39 19241: the front's "1958" read as 1956, the zone not read, sent to an officer)."""
    line1, _ = _td1("038058671528", "581027", "M", "000000")
    page = scan(
        (100, 100, "Có giá trị đến / Date of expiry: Không thời hạn"),
        (100, 300, line1.replace("I", "T", 1)),
        (100, 340, "5810273M<<<<<<0VNM<<<<<<<<<<<4"),
        (100, 380, "TRAN<<MINH<CUONG<<<<<<<<<<<<<<"),
    )
    got = extract(cat.document_types["cccd"], [page])
    assert got["id_number"].value == "038058671528"
    assert got["date_of_birth"].value == "1958-10-27"
    assert got["sex"].value == "Nam"
    assert "expiry" not in got or got["expiry"].source != "mrz"


@pytest.mark.parametrize(
    ("line2", "expiry"),
    [
        ("9803101F23803109VNM<<<<<<<<<<<6", "2038-03-10"),  # a "2" read after the sex
        ("9803101F38031092VNM<<<<<<<<<<<6", "2038-03-10"),  # ... after the check digit
        ("8006215F40606217VNM<<<<<<<<<<<0", None),  # inside the expiry: "060621" no renewal
    ],
)
def test_machine_readable_zone_second_line_with_a_character_too_many(
    cat: Catalog, line2: str, expiry: str | None
) -> None:
    """The zone's second line read with one character too many (dev44 20417: the card's
    front too poor for its printed expiry): the dates are read when both check digits hold
    and the expiry is the holder's birthday in a renewal year; a reading shifted inside the
    expiry whose check digit holds by chance (dev41 19821: "2006" for one born in 1980) is
    not."""
    ident = "066198370505" if expiry else "011180715837"
    line1, _ = _td1(ident, "", "", "")
    page = scan((100, 300, line1.replace("I", "T", 1)), (100, 340, line2))
    got = extract(cat.document_types["cccd"], [page])
    assert got["id_number"].value == ident
    assert (got["expiry"].value if "expiry" in got else None) == expiry


def test_machine_readable_zone_nationality_misread(cat: Catalog) -> None:
    """The zone's second line read "...4VNWM<<<" (a letter of "VNM" read twice), the front's
    birth date "080911985" and expiry unread (dev42 19994: sent to an officer for the
    card's validity): the dates before the nationality carry their own check digits and
    are read all the same."""
    line1, line2 = _td1("079185453579", "850908", "F", "450908")
    page = scan(
        (100, 100, "Ngày, tháng, năm sinh / Date of birth: 080911985"),
        (100, 300, line1.replace("I", "T", 1)),
        (100, 340, line2.replace("VNM", "VNWM")),
    )
    got = extract(cat.document_types["cccd"], [page])
    assert got["date_of_birth"].value == "1985-09-08"
    assert got["expiry"].value == "2045-09-08" and got["expiry"].source == "mrz"
    assert got["sex"].value == "Nữ"


def test_a_cards_number_beside_a_crumb_of_its_back(cat: Catalog) -> None:
    """A card's two sides side by side, its number's label misread ("sø:xo:"), a crumb of
    the back's zone read on the same line ("=<kpiite"): the one twelve-digit number is
    still the card's (dev39 19274: the number unread, sent to an officer)."""
    page = scan(
        (100, 100, "CĂN CƯỚC CÔNG DÂN"),
        (100, 160, "Citizen Identity Card"),
        (100, 220, "sø:xo: 048305668760"),
        (900, 220, ">> =<kpiite"),
        (100, 280, "Họ và tên / Full name:"),
        (100, 320, "NGUYỄN THẢO NGA"),
        (100, 380, "Ngày sinh / Date of birth: 14/02/2005"),
    )
    assert values(cat, "cccd", page)["id_number"] == "048305668760"


@pytest.mark.parametrize(
    ("zone_name", "own"), [("BUI<<XUAN<TUYET", False), ("NGUYEN<<VAN<PHONG", True)]
)
def test_a_zone_naming_another_person_is_another_cards(
    cat: Catalog, zone_name: str, own: bool
) -> None:
    """Two cards stacked on one sheet read as one: the groom's printed front beside the
    bride's back (dev38 19083: her zone's birth date given to his printed name, and his
    birth date on the marriage form "did not match"). A zone whose name line shares no word
    with the name printed on the card is another card's: it overrides nothing."""
    line1, line2 = _td1("027175226114", "750427", "F", "350427")
    page = scan(
        (100, 100, "CĂN CƯỚC CÔNG DÂN"),
        (100, 150, "Họ và tên / Full name:"),
        (100, 190, "NGUYỄN VĂN PHONG"),
        (100, 230, "Ngày sinh / Date of birth: 13/06/1978"),
        (100, 300, line1),
        (100, 340, line2),
        (100, 380, zone_name + "<" * (30 - len(zone_name))),
    )
    got = extract(cat.document_types["cccd"], [page])
    assert got["date_of_birth"].value == ("1975-04-27" if own else "1978-06-13")
    assert (got["date_of_birth"].source == "mrz") == own


def _garbled_card(*under_number: str) -> PageText:
    """A card photographed badly: its labels unread, its values read (dev2 10412)."""
    rows = [
        "CỘNG HÓA XÃ HỘI CHỦ NGHĨA VIỆT MA",
        "CĂN CƯỚC",
        "“Á đt dựnh ch nhàn, Pngnsei dacsmeee",
        "048169738164",
        *under_number,
    ]
    return scan(*((100, 100 + 40 * i, r) for i, r in enumerate(rows)))


def test_a_card_with_its_labels_unread_gives_its_holder_by_place(cat: Catalog) -> None:
    page = _garbled_card("*X A2 si n nu nh ( Tổ seeg", "NGUYỄN THỊ HỒNG", "A TƯ", "19/10/1969")
    got = extract(cat.document_types["cccd"], [page])
    assert got["full_name"].value == "Nguyễn Thị Hồng"
    assert got["date_of_birth"].value == "1969-10-19"  # the year the number gives
    assert got["full_name"].conf <= 70 and got["date_of_birth"].conf <= 70  # by place only


def test_a_card_by_place_takes_no_heading_and_no_doubtful_date(cat: Catalog) -> None:
    # a heading in capitals under the number is no name; two dates in the number's year
    # (the birth date and a misread one) give no birth date
    page = _garbled_card("IDENTITY CARD", "19/10/1969", "Nữ Việt Nam", "21/10/1969")
    got = extract(cat.document_types["cccd"], [page])
    assert "full_name" not in got
    assert "date_of_birth" not in got
    # a date in another year is not the birth date
    got = extract(cat.document_types["cccd"], [_garbled_card("19/10/1996")])
    assert "date_of_birth" not in got
    # a passport's number is followed by other lines in capitals (its place of birth): it
    # gives no holder by place
    got = extract(cat.document_types["ho_chieu"], [_garbled_card("BÌNH THUẬN", "19/10/1969")])
    assert "full_name" not in got and "date_of_birth" not in got


def test_machine_readable_zone_with_a_misread_digit_is_not_trusted(cat: Catalog) -> None:
    line1, line2 = _td1("079197602459", "970519", "F", "370519")
    bad = line1[:20] + ("1" if line1[20] != "1" else "2") + line1[21:]  # one ID digit wrong
    page = scan((100, 300, bad), (100, 340, line2))
    got = extract(cat.document_types["cccd"], [page])
    assert "id_number" not in got or got["id_number"].source != "mrz"


def test_machine_readable_zone_province_is_not_covered_by_its_check_digit(
    cat: Catalog,
) -> None:
    """The document number's check digit covers the ID's last nine digits only: "640..."
    (no such province) for "040..." is not confirmed."""
    line1, line2 = _td1("040191565714", "910110", "F", "310110")
    bad = line1.replace("040191565714", "640191565714")
    page = scan((100, 300, bad), (100, 340, line2))
    got = extract(cat.document_types["cccd"], [page])
    assert "id_number" not in got or got["id_number"].source != "mrz"


def _td3(ident: str) -> str:
    """A passport's second MRZ line (ICAO 9303 TD3) for ``ident``, check digits right."""
    no, dob, exp, pn = "N4477755<", "910628", "301003", ident + "<<"
    body = f"{no}{mrz_check(no)}VNM{dob}{mrz_check(dob)}F{exp}{mrz_check(exp)}{pn}{mrz_check(pn)}"
    return body + str(mrz_check(body[0:10] + body[13:20] + body[21:43]))


@pytest.mark.parametrize(
    ("ident", "misread", "confirmed"),
    [
        ("060191053916", None, True),
        # "0601..." read "6661...": its own check digit holds (one chance in ten), but no
        # province 666 exists and the line's composite check fails
        ("060191053916", "666191653916", False),
    ],
)
def test_passport_machine_readable_zone_is_checked_as_a_whole(
    cat: Catalog, ident: str, misread: str | None, confirmed: bool
) -> None:
    line = _td3(ident)
    if misread is not None:
        line = line.replace(ident, misread)
        assert mrz_check(misread + "<<") == mrz_check(ident + "<<")  # the case at hand
    page = scan((100, 300, "P<VNMNGUYEN<<DIEU<BAO<THU<<<<<<<<<<<<<<<<<<<"), (100, 340, line))
    got = extract(cat.document_types["ho_chieu"], [page])
    if confirmed:
        assert got["id_number"].value == ident and got["id_number"].source == "mrz"
    else:
        assert "id_number" not in got or got["id_number"].source != "mrz"


@pytest.mark.parametrize(
    ("ident_read", "confirmed"), [("060191053916", True), ("666191653916", False)]
)
def test_a_passports_own_number_misread_leaves_the_rest_of_its_zone_checked(
    cat: Catalog, ident_read: str, confirmed: bool
) -> None:
    """The passport's number read "N4477785" for N4477755 (dev28 16703: a 0 read as 9): its
    own check digit and the line's composite fail, both hold with one digit of it mended;
    the personal number and the dates, each with their own check, stand. With the personal
    number misread as well (its own check digit holding by chance), no mending of the
    passport's number makes the composite hold: nothing is confirmed."""
    line = _td3("060191053916").replace("N4477755", "N4477785")
    line = line.replace("060191053916", ident_read)
    page = scan((100, 300, "P<VNMNGUYEN<<DIEU<BAO<THU<<<<<<<<<<<<<<<<<<<"), (100, 340, line))
    got = extract(cat.document_types["ho_chieu"], [page])
    if confirmed:
        assert got["id_number"].value == "060191053916" and got["id_number"].source == "mrz"
        assert got["date_of_birth"].value == "1991-06-28" and got["date_of_birth"].source == "mrz"
    else:
        assert "id_number" not in got or got["id_number"].source != "mrz"


def test_short_label_needs_its_colon(cat: Catalog) -> None:
    """'Bà:' names the co-owner; 'BÁ.' inside a name is not a label."""
    page = scan(
        (100, 100, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT"),
        (
            100,
            200,
            "Ông: NGUYỄN BÁ. HIỂU, năm sinh: 1970, CCCD số: 042070221471; "
            "Bà: NGUYỄN THANH VÂN, năm sinh: 1971, CCCD số: 054171520861",
        ),
    )
    got = values(cat, "gcn_qsdd", page)
    assert got["full_name"] == "Nguyễn Bá Hiểu"
    assert got["id_number"] == "042070221471"
    assert got["co_owner_name"] == "Nguyễn Thanh Vân"
    assert got["co_owner_id_number"] == "054171520861"


@pytest.mark.parametrize(
    "written",
    [
        ": 04O 1 9|7 65 2O",
        # digits written in boxes, read as a run of marks: written, not readable
        " I„JủDHHMMHHHH.1BBN1ä",
        # digits written one per box, read as marks between the walls
        ": [0| 2} ø|ø]>| s2] s] ð] 0T s] †]",
    ],
)
def test_unreadable_number_is_marked_not_skipped(cat: Catalog, written: str) -> None:
    page = scan(
        (100, 100, "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        (100, 200, "Họ và tên: LÊ VĂN NAM"),
        (100, 260, f"Số định danh cá nhân{written}"),
    )
    got = extract(cat.document_types["to_khai_lltp"], [page])
    assert got["id_number"].valid is False and got["id_number"].value == ""


def test_an_empty_comb_of_boxes_is_no_number(cat: Catalog) -> None:
    page = scan(
        (100, 100, "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        (100, 200, "Họ và tên: LÊ VĂN NAM"),
        (100, 260, "Số định danh cá nhân: [ | | | | | | | | | | | ]"),
    )
    assert "id_number" not in extract(cat.document_types["to_khai_lltp"], [page])


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("Có giá trị đến:", "01/12/2023"),
        ("€ó giá trị đến", "01/12/2023"),  # the capital read as a symbol
        ("Có giá trị đến:", "1510912023"),  # the slashes read as ones: 15/09/2023
    ],
)
def test_card_expiry_read_through_ocr_slips(cat: Catalog, label: str, value: str) -> None:
    page = scan((40, 0, "CĂN CƯỚC CÔNG DÂN"), (40, 80, label), (40, 160, value))
    got = values(cat, "cccd", page)
    assert got.get("expiry") == ("2023-09-15" if value == "1510912023" else "2023-12-01"), got


def test_a_phone_number_is_not_a_date(cat: Catalog) -> None:
    page = scan((40, 0, "CĂN CƯỚC CÔNG DÂN"), (40, 80, "Có giá trị đến: 0912345678"))
    assert "expiry" not in values(cat, "cccd", page)


def test_a_name_after_a_short_label_is_not_taken_for_a_longer_label(cat: Catalog) -> None:
    """The line "Họ, chữ đệm và tên: Nguyễn Hà Diệp" almost spells "Họ, chữ đệm và tên người cha"
    ("Nguyễn Hà" ~ "người cha"): the requester's name is not the father's, and the father's
    empty part of the form stays empty."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 160, "I. THÔNG TIN NGƯỜI YÊU CẦU"),
        (100, 200, "Họ, chữ đệm và tên: Nguyễn Hà Diệp"),
        (100, 240, "Số định danh cá nhân: 044198811884"),
        (100, 300, "III. THÔNG TIN CHA, MẸ"),
        (100, 340, "Họ, chữ đệm và tên người mẹ: Nguyễn Hà Diệp"),
        (100, 380, "Họ, chữ đệm và tên người cha: ........................"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got.get("full_name") == "Nguyễn Hà Diệp"
    assert got.get("mother_name") == "Nguyễn Hà Diệp"
    assert "father_name" not in got and "father_id" not in got


def test_a_person_label_read_exactly_is_not_a_longer_label_read_over_the_name(
    cat: Catalog,
) -> None:
    """A table row "Họ, chữ đệm, tên người mẹ | Đỗ khá? Diệu Liên" reads almost like "Họ,
    chữ đệm, tên người đi khai" ("mẹ Đỗ khá" for "đi khai": dev44 20506): the mother's
    label, read word for word, is hers; her name (its unsure word as the second reader read
    it) and the year under it are hers, and the requester's name stays the requester's."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 160, "Họ, chữ đệm, tên người yêu cầu: Phạm Duy Bình"),
        (100, 400, "Họ, chữ đệm, tên người mẹ"),
        (500, 400, "Đỗ khá? Diệu Liên"),
        (100, 460, "Năm sinh"),
        (240, 460, "2000"),
    )
    for w in page.words:
        w.conf, w.letters = (0.0, "Khanh") if w.text == "khá?" else (95.0, "")
    got = values(cat, "to_khai_khai_sinh", page)
    assert got.get("full_name") == "Phạm Duy Bình"
    assert got.get("mother_name") == "Đỗ Khanh Diệu Liên"
    assert got.get("mother_birth_year") == "2000"


def test_a_wrapped_name_under_a_label_is_not_a_longer_labels_tail(cat: Catalog) -> None:
    """ "Họ, chữ đệm, tên người mẹ: Đỗ Ngọc" with "Hà Ngân." wrapped under it (dev37 18778):
    "Hà" under "... tên người" is not "cha" wrapped there, the father's label: the
    mother's name is hers and the father's part stays empty."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 160, "Họ, chữ đệm, tên người yêu cầu: Đỗ Ngọc Hà Ngân"),
        (100, 400, "Họ, chữ đệm, tên người mẹ: Đỗ.Ngọc"),
        (900, 400, "Năm sinh: 1986"),
        (100, 440, "Hà .Ngân."),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got.get("mother_name", "").startswith("Đỗ Ngọc")
    assert got.get("mother_birth_year") == "1986"
    assert "father_name" not in got


def test_a_name_in_capitals_is_not_the_end_of_a_longer_label(cat: Catalog) -> None:
    """A table form: "1. Họ và tên HOÀNG ANH HẢI" reads almost like "Họ và tên vợ/chồng"
    ("HOÀNG" for "chồng"); the requester's name is the requester's, not the spouse's."""
    page = scan(
        (100, 100, "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        (100, 200, "1. Họ và tên HOÀNG ANH HẢI"),
        (100, 240, "3. Giới tính Nam"),
        (100, 400, "13. Họ và tên vợ/chồng"),
    )
    got = values(cat, "to_khai_lltp", page)
    assert got.get("full_name") == "Hoàng Anh Hải"
    assert "spouse_name" not in got


@pytest.mark.parametrize(
    "header",
    [
        [(100, 200, "Thông tin :"), (700, 200, "Bên nữ"), (1300, 200, "Bên nam")],  # dev32 17643
        [(100, 200, "Thông tin"), (700, 200, "Bên nữ :"), (1300, 200, "Bên nam")],  # dev34 18063
        [(100, 200, "Thông tin"), (700, 200, "Bênnữ"), (1260, 200, "~ Bên nam")],  # dev33 17733
    ],
)
def test_marriage_form_table_header_read_with_marks(
    cat: Catalog, header: list[tuple[float, float, str]]
) -> None:
    """The per-person table's header with a stray colon, its words run together or a mark
    read beside it is still the table's: each column's cells are that party's. Its cells
    written from their left edges, a row of a label hoso does not read ("Dân tộc") keeps
    the table going, and a footnote's number on a label ("cưtrú(2)") keeps it a label."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        *header,
        (100, 260, "Họ, chữ đệm, tên"),
        (600, 260, "Nguyễn Thị Hoa"),
        (1200, 260, "Lê Khánh Đức"),
        (100, 320, "Ngày, tháng, năm sinh"),
        (600, 320, "14/09/1999"),
        (1200, 320, "21/01/1993"),
        (100, 380, "Dân tộc"),
        (600, 380, "Kinh"),
        (1040, 380, "Kinh"),  # x0 left of the columns' mid-point, its centre right of it
        (100, 440, "Nơi cưtrú(2)"),
        (600, 440, "Số 84, ngõ 215 phố"),
        (1200, 440, "Thôn 12, xã An Phú"),
        (100, 500, "Số định danh cá nhân"),
        (600, 500, "060199775803"),
        (1200, 500, "052093401159"),
    )
    got = values(cat, "to_khai_ket_hon", page)
    assert (got["full_name"], got["partner_name"]) == ("Nguyễn Thị Hoa", "Lê Khánh Đức")
    assert (got["date_of_birth"], got["partner_dob"]) == ("1999-09-14", "1993-01-21")
    assert (got["id_number"], got["partner_id"]) == ("060199775803", "052093401159")


def test_marriage_form_second_party_heading_unread(cat: Catalog) -> None:
    """The parties' name label again under the groom's heading: the bride's part, its
    heading misread ("BEN NƯỮ" for "BÊN NỮ": dev30 17097, her values read as nobody's)."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        (100, 160, "BÊN NAM:"),
        (100, 220, "Họ, chữ đệm, tên: Nguyễn Trung Nhân"),
        (100, 280, "Ngày, tháng, năm sinh: 28/03/1987"),
        (100, 340, "Số định danh cá nhân: 052087156384"),
        (100, 400, "BEN NƯỮ"),
        (100, 460, "Họ, chữ đệm, tên: Phạm Mỹ Hạnh"),
        (100, 520, "Ngày, tháng, năm sinh: 23/12/1985"),
        (100, 580, "Số định danh cá nhân: 035185777420"),
    )
    got = values(cat, "to_khai_ket_hon", page)
    assert (got["full_name"], got["partner_name"]) == ("Nguyễn Trung Nhân", "Phạm Mỹ Hạnh")
    assert (got["date_of_birth"], got["partner_dob"]) == ("1987-03-28", "1985-12-23")
    assert (got["id_number"], got["partner_id"]) == ("052087156384", "035185777420")


# a marriage form's parties' table: its title, header, names and birth dates
_PARTIES_TOP: tuple[Cell, ...] = (
    (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
    (100, 200, "Thông tin"),
    (700, 200, "Bên nữ"),
    (1300, 200, "Bên nam"),
    (100, 260, "Họ, chữ đệm, tên"),
    (600, 260, "Nguyễn Diệu Quỳnh"),
    (1200, 260, "Nguyễn Đăng Thành"),
    (100, 320, "Ngày, tháng, năm"),
    (600, 320, "29/12/1987"),
    (1200, 320, "13/10/1986"),
)


def test_marriage_form_id_row_with_wrapped_label_and_wrapped_cells(cat: Catalog) -> None:
    """The official form's "Giấy tờ tùy thân" row: label and cells wrap onto a second line
    ("thân(3)" beside the numbers), after an address cell and a label that wrapped too."""
    page = scan(
        *_PARTIES_TOP,
        (100, 360, "sinh"),
        (100, 420, "Nơi cư trú(2)"),
        (600, 420, "Số 203 đường Trường"),
        (1200, 420, "Xóm 11, xã Mỹ Phước,"),
        (600, 460, "Chinh, phường Hải Dương"),
        (100, 520, "Giấy tờ tùy"),
        (600, 520, "Căn cước số"),
        (1200, 520, "Căn cước số"),
        (100, 560, "thân(3)"),
        (600, 560, "030187311619"),
        (1200, 560, "087086384332"),
    )
    got = values(cat, "to_khai_ket_hon", page)
    assert got["id_number"] == "030187311619"
    assert got["partner_id"] == "087086384332"
    assert got["partner_dob"] == "1986-10-13"


def test_marriage_form_numbers_under_an_unread_row_label_are_the_parties(cat: Catalog) -> None:
    """The "Giấy tờ tùy thân" row's label read as garbage ("G1ẦU CÓ CUY" / "thân (3)",
    dev42 20031), the numbers on the line under each cell's "Căn cước số": the one row of
    two numbers gives the first party's on the left, the other's on the right, trusted
    less than a labelled reading."""
    page = scan(
        *_PARTIES_TOP,
        (100, 520, "G1ẦU CÓ CUY"),
        (600, 520, "Căn cước số"),
        (1200, 520, "Căn cước số"),
        (100, 560, "thân (3)"),
        (600, 560, "030187311619"),
        (1200, 560, "087086384332"),
    )
    got = extract(cat.document_types["to_khai_ket_hon"], [page])
    assert got["id_number"].value == "030187311619" and got["id_number"].conf <= 60.0
    assert got["partner_id"].value == "087086384332" and got["partner_id"].conf <= 60.0


def test_two_numbers_on_a_row_naming_no_party_are_not_the_parties(cat: Catalog) -> None:
    """Two rows of two numbers each: which is the parties' is not known; neither is taken."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        (100, 200, "Thông tin"),
        (700, 200, "Bên nữ"),
        (1300, 200, "Bên nam"),
        (100, 260, "Họ, chữ đệm, tên"),
        (600, 260, "Nguyễn Diệu Quỳnh"),
        (1200, 260, "Nguyễn Đăng Thành"),
        (600, 560, "030187311619"),
        (1200, 560, "087086384332"),
        (600, 620, "001187311619"),
        (1200, 620, "001086384332"),
    )
    got = extract(cat.document_types["to_khai_ket_hon"], [page])
    assert "id_number" not in got and "partner_id" not in got


def test_the_end_of_a_ruled_line_before_a_label_is_not_the_labels(cat: Catalog) -> None:
    """ "Nơi cư trú: Số 111 đường Võ Thị __ Số định danh cá nhân:" (the address's ruled line
    ending in "__" before the number's label, dev45 20775): the label begins at "Số", so
    what is written under it is the number, not the wrapped address's "Minh." beside it."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        (100, 160, "BÊN NỮ:"),
        (100, 220, "Họ, chữ đệm, tên: Trần Thanh Trâm"),
        (100, 290, "Nơi cư trú: Số 111 đường Võ Thị"),
        (640, 290, "__"),
        (700, 290, "Số định danh cá nhân:"),
        (218, 340, "Sáu, xã Hóc Môn, TP. Hồ Chí Minh."),
        (700, 340, "074191375880"),
    )
    assert values(cat, "to_khai_ket_hon", page).get("id_number") == "074191375880"


@pytest.mark.parametrize("read", ["Bên nữ", "Bên nam"])
def test_marriage_table_with_one_partys_header_unread(cat: Catalog, read: str) -> None:
    """ "Thông tin | Bên nữ" with the groom's header unread (dev45 20661; or the bride's):
    the other column is placed from the first row with a cell under the header and one
    more, and the columns are the parties in order, the first listed the filer."""
    x = 700 if read == "Bên nữ" else 1300
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        (100, 200, "Thông tin"),
        (x, 200, read),
        (100, 260, "Họ, chữ đệm, tên"),
        (600, 260, "Đoàn Thanh Nga"),
        (1200, 260, "Lê Bá Văn Lộc"),
        (100, 320, "Ngày, tháng, năm sinh"),
        (600, 320, "25/03/1992"),
        (1200, 320, "28/09/1984"),
    )
    got = values(cat, "to_khai_ket_hon", page)
    assert (got.get("full_name"), got.get("partner_name")) == ("Đoàn Thanh Nga", "Lê Bá Văn Lộc")
    assert (got.get("date_of_birth"), got.get("partner_dob")) == ("1992-03-25", "1984-09-28")


def test_a_column_without_its_header_is_nobody_s_cell(cat: Catalog) -> None:
    """The child's column header wrapped ("Người được khai / sinh") is not found: its cells
    are not the mother's."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "Thông tin"),
        (500, 200, "Người được khai"),
        (1080, 200, "Mẹ"),
        (1500, 200, "Cha"),
        (500, 240, "sinh"),
        (100, 300, "Họ, chữ đệm, tên"),
        (500, 300, "NGUYỄN AN"),
        (900, 300, "Nguyễn Hà Hậu"),
        (1350, 300, "Nguyễn Thành Nghĩa"),
        (100, 360, "Ngày sinh / Năm sinh"),
        (500, 360, "09/01/2026"),
        (900, 360, "2004"),
        (1350, 360, "1997"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["mother_name"] == "Nguyễn Hà Hậu"
    assert got["father_name"] == "Nguyễn Thành Nghĩa"
    assert got["mother_birth_year"] == "2004"


@pytest.mark.parametrize(
    ("line", "dob", "sex", "expected"),
    [
        ("50042171491542", "01/08/1971", "Nữ", "042171491542"),  # "Số" read as "50"
        ("6074190838161", "05/11/1990", "Nữ", "074190838161"),
        ("50042171491542", "01/08/1972", "Nữ", None),  # the tail is not this holder's
        ("50042171491542", "01/08/1971", "Nam", None),
    ],
)
def test_card_number_read_with_its_label_as_digits(
    cat: Catalog, line: str, dob: str, sex: str, expected: str | None
) -> None:
    page = scan(
        (100, 100, "CĂN CƯỚC CÔNG DÂN"),
        (100, 160, line),
        (100, 220, "Họ và tên:"),
        (100, 260, "LÊ THANH HẢI TRÂM"),
        (100, 320, f"Ngày sinh: {dob}"),
        (100, 380, f"Giới tính: {sex} Quốc tịch: Việt Nam"),
    )
    fv = extract(cat.document_types["cccd"], [page]).get("id_number")
    assert (fv.value if fv else None) == expected


@pytest.mark.parametrize(
    ("line", "dates", "expected"),
    [
        ("8001191957842", ("02/07/1991", "02/07/2031"), "001191957842"),  # dev2 10337
        ("8001191957842", ("02/07/1992", "02/07/2032"), None),  # no date of its year
        ("8001191957842", (), None),
    ],
)
def test_card_number_with_its_label_as_digits_and_the_birth_label_misread(
    cat: Catalog, line: str, dates: tuple[str, ...], expected: str | None
) -> None:
    """ "Ngây sefx 02/07/1991": no birth date read to confirm the number's last twelve
    digits; a date on the card in the year they encode does, and the holder's name and
    birth date are then found by their place."""
    rows = ["CĂN CƯỚC CÔNG DÂN", line, "*“9 4 lên |", "NGUYÊN NGỌC MAI |"]
    rows += [f"Ngây sefx {dates[0]}"] if dates else []
    rows += ["Giới tr: Nữ Quốc tr Việt Nam |", *(f"Có giá trị đến {d}" for d in dates[1:])]
    page = scan(*((100, 100 + 60 * i, r) for i, r in enumerate(rows)))
    got = extract(cat.document_types["cccd"], [page])
    assert (got["id_number"].value if "id_number" in got else None) == expected
    if expected is not None:
        assert got["id_number"].conf <= 80  # unlabelled, read with a prefix: less trust
        assert got["date_of_birth"].value == "1991-07-02"
        assert got["full_name"].value == "Nguyên Ngọc Mai"


def test_a_year_no_one_is_born_in_is_marked_not_skipped(cat: Catalog) -> None:
    """A hand-written 1992 read as 1292: shown to the officer, not left out."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "Họ, chữ đệm và tên người mẹ: Vũ Hải Huyền"),
        (100, 260, "Năm sinh: 1292 Số định danh cá nhân: 024186976185"),
    )
    got = extract(cat.document_types["to_khai_khai_sinh"], [page])
    assert got["mother_birth_year"].valid is False
    assert got["mother_birth_year"].value == "1292"
    assert got["mother_id"].value == "024186976185"


def test_a_number_label_wrapped_in_a_narrow_cell_is_the_parts_person_s(cat: Catalog) -> None:
    """A table whose label cells are narrow wraps "Số định danh cá | nhân": the number in the
    mother's and the father's parts is theirs, not the requester's."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 150, "Họ, chữ đệm và tên Trần Văn Hùng"),
        (100, 200, "Số định danh cá nhân 092084412375"),
        (100, 300, "Họ, chữ đệm và tên người mẹ Lê Thùy Nhung"),
        (100, 350, "Năm sinh 1987 Số định danh cá 066187434873"),
        (380, 385, "nhân"),
        (100, 450, "Họ, chữ đệm và tên người cha Trần Văn Hùng"),
        (100, 500, "Năm sinh 1984 Số định danh cá 092084412375"),
        (380, 535, "nhân"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["mother_id"] == "066187434873" and got["father_id"] == "092084412375"
    assert got["id_number"] == "092084412375"


def test_birth_certificate_written_as_a_sentence(cat: Catalog) -> None:
    """ "Chứng nhận: chị ... sinh năm ..., số CCCD" with the number beginning the next line."""
    page = scan(
        (100, 100, "GIẤY CHỨNG SINH"),
        (100, 200, "Chứng nhận: chị Đỗ Quỳnh Thắm sinh năm 1993....., số CCCD"),
        (100, 250, "074193911166 , dân tộc Kinh , nơi cư trú: Số 213 đường Lê"),
        (100, 300, "Hồng Phong, phường Chợ Lớn, TP. Hồ Chí Minh"),
    )
    got = values(cat, "giay_chung_sinh", page)
    assert got["mother_name"] == "Đỗ Quỳnh Thắm"
    assert got["mother_birth_year"] == "1993"
    assert got["mother_id"] == "074193911166"


@pytest.mark.parametrize(("written", "year"), [("7999", "1999"), (".7987", "1987"), ("7292", None)])
def test_a_hand_written_years_1_read_as_a_7(cat: Catalog, written: str, year: str | None) -> None:
    """A year's first digit is a 1 or a 2: a 7 before "9.." is a 1 whose flag was read as
    a 7's bar; other years no one is born in stay unread ("7292")."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "Họ, chữ đệm và tên người mẹ: Vũ Hải Huyền"),
        (100, 260, f"Năm sinh: {written} Số định danh cá nhân: 024199976185"),
    )
    got = extract(cat.document_types["to_khai_khai_sinh"], [page])["mother_birth_year"]
    assert (got.value if got.valid else None) == year


@pytest.mark.parametrize(
    ("alts", "born"),
    [(["24/11/1947", "24/11/1977"], "1977-11-24"), (["24/11/1947"], "1997-11-24")],
)
def test_a_birth_date_read_again_as_the_year_its_number_gives(
    cat: Catalog, alts: list[str], born: str
) -> None:
    """A hand-written birth date read unsurely "24/11/1997", read again "24/11/1977" beside
    the number 001077...: the reading the number agrees with (dev10 12320); none agreeing,
    the date stays as read."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "Họ, chữ đệm và tên: Phạm Công Lộc"),
        (100, 260, "Ngày, tháng, năm sinh: 24/11/1997"),
        (100, 320, "Số định danh cá nhân: 001077171762"),
    )
    for w in page.words:
        if w.text == "24/11/1997":
            w.alts, w.conf = list(alts), 40.0
    got = extract(cat.document_types["to_khai_ct01"], [page])["date_of_birth"]
    assert got.value == born


def test_a_year_is_not_a_sex() -> None:
    from hoso.idnumber import normalize_sex

    assert normalize_sex("năm sinh với chủ hộ") is None
    assert normalize_sex("Nam") == "Nam"
    assert normalize_sex("Nữ") == "Nữ"


@pytest.mark.parametrize(
    ("read", "sex"), [("Mữ..", "Nữ"), ("Mu", "Nữ"), ("M", "Nam"), ("Mam", "Nam")]
)
def test_a_hands_n_read_as_m(read: str, sex: str) -> None:
    """A hand-written "Nữ" read "Mữ" (dev35 18296: taken for "Nam", the applicant's card
    said Nữ, and a supplement was asked of a complete dossier): "Nam" has no u."""
    from hoso.idnumber import normalize_sex

    assert normalize_sex(read) == sex


def test_label_wrapped_under_its_number(cat: Catalog) -> None:
    """ "2. Ngày, tháng," with "năm sinh" under the "2.": the birth date label."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (300, 200, "1. Họ, chữ đệm và tên"),
        (1000, 200, "TẠ THANH BÌNH"),
        (300, 300, "2. Ngày, tháng,"),
        (700, 300, "21/03/1958"),
        (1300, 300, "3. Giới tính"),
        (1700, 300, "Nam"),
        (300, 360, "năm sinh"),
    )
    assert values(cat, "to_khai_ct01", page)["date_of_birth"] == "1958-03-21"


@pytest.mark.parametrize(("written", "expected"), [("|040171299254", "040171299254"),
                                                     ("1040171299254", "040171299254"),
                                                     ("1940171299254", None)])  # fmt: skip
def test_number_after_a_table_rule(cat: Catalog, written: str, expected: str | None) -> None:
    """A cell's rule read as "1" before the twelve digits; "940" is no province."""
    page = scan(
        (100, 100, "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        (100, 200, "Họ và tên: NGUYỄN HOÀI HÀ"),
        (100, 260, f"Số định danh cá nhân: {written}"),
    )
    fv = extract(cat.document_types["to_khai_lltp"], [page])["id_number"]
    assert (fv.value if fv.valid else None) == expected
    if expected and written.startswith("1"):
        assert fv.conf <= 60  # the "1" might be a digit: read with less trust


@pytest.mark.parametrize(("dob", "expected"), [("03/02/1988", "040088054321"), ("03/02/1989", "")])
def test_number_run_together_with_the_next_words(cat: Catalog, dob: str, expected: str) -> None:
    """ "Căn cước số" after the number read as digits ("...4321000005"): its first twelve
    digits, only when they agree with the holder's birth date and sex."""
    page = scan(
        (100, 100, "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        (100, 200, "Họ và tên: LÊ VĂN NAM"),
        (100, 240, "Giới tính: Nam"),
        (100, 280, f"Ngày, tháng, năm sinh: {dob}"),
        (100, 320, "Số định danh cá nhân: 040088054321000005"),
    )
    fv = extract(cat.document_types["to_khai_lltp"], [page])["id_number"]
    assert fv.value == expected
    assert fv.valid is bool(expected)


@pytest.mark.parametrize("written", ["03/02/1983", "3/2/1983"])
def test_a_dates_other_readings_are_kept(cat: Catalog, written: str) -> None:
    """A hand-filled date read again (hoso.ocr.numbers) carries its other readings and its
    own confidence, not the line's lowest, whichever way the day and month are written."""
    page = scan((0, 0, "Họ và tên: Lê Văn Nam"), (0, 40, f"Ngày, tháng, năm sinh: {written}"))
    for w in page.words:
        if w.text == written:
            w.conf, w.alts = 61.0, ["03/02/1988", "08/02/1983"]
        elif w.text == "sinh:":
            w.conf = 30.0
    fv = extract(cat.document_types["to_khai_lltp"], [page])["date_of_birth"]
    assert (fv.value, fv.conf) == ("1983-02-03", 61.0)
    assert fv.alts == ("1988-02-03", "1983-02-08")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("B Mãi", None),  # a letter with no vowel: a crumb, not a syllable
        ("F Khánh Nhung", "Khánh Nhung"),  # ... where the family name was (dev17 14056)
        ("Ngày Giới", None),  # the next line's labels read where the name was empty
        ("CỤC TRƯỞNG CỤC CẢNH SÁT", None),  # an office
        ("Y Moan Niê", "Y Moan Niê"),  # a one-letter syllable is a name's
        ("Quan Văn Hải", "Quan Văn Hải"),  # a family name that is a word too
        ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
        # written on a dotted line: the guide's dots read glued to the words
        (".TĂNG..VĂN. ĐỨC.", "Tăng Văn Đức"),
        ("Lê..Hoài. Loan", "Lê Hoài Loan"),
        # a capital read small in a name in capitals (dev2 10355); not in a name in small
        ("NGUYỄN ĐỨC cƯỜNG....", "Nguyễn Đức Cường"),
        ("Nguyễn Văn cường", "Nguyễn Văn"),
        ("NGUYỄN VĂN dŨNG", "Nguyễn Văn"),  # d and D differ
        ("Ầ A", None),  # crumbs of a garbled card line (dev4 10764)
        # two words read without the space between them (dev9 12046, dev11 12568)
        ("NguyễnMỹ Linh", "Nguyễn Mỹ Linh"),
        ("Nguuễn KhánhNga", "Nguuễn Khánh Nga"),
        ("LêThịHoa", "Lê Thị Hoa"),
        ("NguyÊn Thu Hà", "NguyÊn Thu Hà"),  # a capital vowel inside a word: read big
        # a family name's capital read as a mark (dev3 10498); the one it can be only
        (".\\guyễn Thụ... Vân", "Nguyễn Thụ Vân"),
        ("/rần Văn An", "Trần Văn An"),
        ("\\à Văn An", None),  # one letter left: too little to tell (Hà? Mã?)
        ("guyễn Văn An", None),  # no capital read at all: left alone
    ],
)
def test_what_a_name_is_made_of(text: str, name: str | None) -> None:
    assert parse_name(text) == name


@pytest.mark.parametrize(
    ("label", "read"),
    [
        ("Sẽ định danh cá nhân:", True),  # "Số" with one letter misread, the rest exact
        ("S định danh cá nhân:", True),  # ... or lost (dev9 11952)
        ("Sẽ định danh:", False),  # too little of the label to tell
        ("S định danh:", False),
        ("S định danb cá nhân:", False),  # two slips
    ],
)
def test_a_long_labels_short_first_word_misread(cat: Catalog, label: str, read: bool) -> None:
    """Too little of the label left: the number is not read by it. The one number of the
    form's opening is still taken as the filer's, trusted less (dev25 15790)."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, f"4. {label} 075186843885"),
    )
    got = extract(cat.document_types["to_khai_ct01"], [page]).get("id_number")
    assert got is not None and got.value == "075186843885"
    assert (got.label_score > 0) is read, got
    assert got.conf == 92.0 if read else got.conf <= 60.0, got


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Hộ ông/hà .|", "Phạm Tú Nga"),  # the last short word with one letter misread (dev3 10621)
        ("Hộ ông/bà:", "Phạm Tú Nga"),
        ("Hộ ônp/hà .|", None),  # two words misread: too little of the label to tell
    ],
)
def test_a_short_labels_last_word_misread(cat: Catalog, label: str, name: str | None) -> None:
    page = scan(
        (100, 100, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT"),
        (100, 200, f"{label} Phạm Tú Nga và Phan Quang Bảo"),
    )
    assert values(cat, "gcn_qsdd", page).get("full_name") == name


@pytest.mark.parametrize(
    ("written", "number"),
    [("089093 93749045", "089093749045"), ("08909 3749045", "089093749045")],
)
def test_a_number_read_in_two_pieces_with_their_edges_twice(
    cat: Catalog, written: str, number: str
) -> None:
    """ "089093 93749045": the digits at the pieces' edges read by both (dev4 10862); the
    number once, as the birth date beside it says it can be."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "1. Họ, chữ đệm và tên: NGUYỄN ĐỨC NGHĨA"),
        (100, 260, "2. Ngày, tháng, năm sinh: 06/07/1993 3. Giới tính: Nam"),
        (100, 320, f"4. Số định danh cá nhân: {written}"),
    )
    assert values(cat, "to_khai_ct01", page).get("id_number") == number


def test_a_date_between_neighbours_written_twice_is_one_date(cat: Catalog) -> None:
    """The same date on both rows between the name and the number (the date and, under it,
    its repetition): the birth date, not a crash."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "1. Họ, chữ đệm và tên: NGUYỄN ĐỨC NGHĨA"),
        (100, 260, "NGSY; chang: 06/07/1993"),
        (100, 290, "(06/07/1993)"),
        (100, 320, "4. Số định danh cá nhân: 089093749045"),
    )
    assert values(cat, "to_khai_ct01", page).get("date_of_birth") == "1993-07-06"


def test_a_signatures_instruction_is_no_label(cat: Catalog) -> None:
    """The father's part ends the form with his name unread; under it the requester signs,
    "(Ký, ghi rõ họ, chữ đệm, tên)", her name printed below: not the father's name (dev4
    ind-dev-10840, where the mother's card was then taken for the father's)."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "Họ, chữ đệm và tên người mẹ: Huỳnh Thị Lụa"),
        (100, 260, "Họ, chữ đệm và tên người cha: Nguyễn..8á. Đức."),
        (100, 320, "Năm sinh: 1982 Số định danh cá nhân: 020082746816"),
        (100, 400, "Người yêu cầu"),
        (100, 440, "(Ký, ghi rõ họ, chữ đệm, tên)"),
        (100, 520, "Huỳnh Thị Lụa"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["mother_name"] == "Huỳnh Thị Lụa"
    assert "father_name" not in got
    assert got["father_id"] == "020082746816"


def test_a_lists_column_headers_are_not_the_forms_persons_labels(cat: Catalog) -> None:
    """The household members changing too, listed under column headers that are labels
    ("Họ, chữ đệm và tên | Ngày, tháng, năm sinh | Giới tính | Số định danh cá nhân"): the
    first member's values are not the form's person's, whose own number was not read."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "1. Họ, chữ đệm và tên: NGUYỄN VĂN AN"),
        (100, 260, "4. Số định danh cá nhân:"),
        (100, 320, "11. Những thành viên trong hộ gia đình cùng thay đổi:"),
        (100, 380, "TT"),
        (200, 380, "Họ, chữ đệm và tên"),
        (600, 380, "Ngày, tháng, năm sinh"),
        (950, 380, "Giới"),
        (1050, 380, "Số định danh cá nhân"),
        (1400, 380, "Mối quan hệ"),
        (100, 440, "1"),
        (200, 440, "Nguyễn Thị Bé"),
        (600, 440, "05/03/2012"),
        (950, 440, "Nữ"),
        (1050, 440, "074312187451"),
        (1400, 440, "Con"),
    )
    got = values(cat, "to_khai_ct01", page)
    assert got["full_name"] == "Nguyễn Văn An"
    assert got.get("id_number") != "074312187451", got
    assert got.get("date_of_birth") != "2012-03-05", got


def test_the_household_members_part_gives_the_form_s_person_nothing(cat: Catalog) -> None:
    """The members' list under its heading, its column headers wrapped over two lines
    ("Ngày, tháng," over "năm sinh"), the requester's own birth date unreadable (dev6
    11204): the first member's birth date and number are not the requester's."""
    page = scan(
        (200, 380, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (200, 500, "1. Họ, chữ đệm và tên: NGUYỄN THANH DUYÊN"),
        (868, 500, "2. Ngày, tháng, năm sinh: 30/41/41."),
        (200, 605, "3. Giới tính: Nữ."),
        (868, 605, "4. Số định danh cá nhân:"),
        (200, 1025, "11. Những thành viên trong hộ gia đình cùng thay đổi:"),
        (214, 1080, "TT Họ, chữ đệm và tên"),
        (658, 1080, "Ngày, tháng,"),
        (904, 1080, "Giới"),
        (1042, 1080, "Số định danh cá"),
        (1359, 1080, "Mối quan"),
        (685, 1120, "năm sinh"),
        (904, 1120, "tính"),
        (1126, 1120, "nhân"),
        (1352, 1120, "hệ với chủ"),
        (1412, 1160, "hộ"),
        (209, 1210, "1 Nguyễn Khánh Long"),
        (656, 1210, "25/01/2023"),
        (879, 1210, "Nam"),
        (1016, 1210, "060223131313"),
        (1339, 1210, "Con"),
    )
    got = values(cat, "to_khai_ct01", page)
    assert got["full_name"] == "Nguyễn Thanh Duyên"
    assert got.get("date_of_birth") != "2023-01-25", got
    assert got.get("id_number") != "060223131313", got


def test_a_label_whose_person_wrapped_under_it(cat: Catalog) -> None:
    """ "Họ, chữ đệm và tên" over "người cha" in a narrow cell, the mother's part above it
    (dev16 13606): the father's name, not the mother's (which was a wrong supplement
    request: the certificate's mother "differed" from the form's)."""
    page = scan(
        (340, 1040, "III. THÔNG TIN CHA, MẸ"),
        (350, 1140, "Họ, chữ đệm và tên"),
        (1114, 1140, "Nguyễn Thị My"),
        (350, 1180, "người mẹ"),
        (350, 1290, "Năm sinh"),
        (737, 1290, "2002"),
        (1358, 1290, "Số định"),
        (1742, 1290, "042302741762"),
        (1357, 1370, "danh cá"),
        (1357, 1450, "nhân"),
        (350, 1560, "Nơi cư trú"),
        (1117, 1560, "Bản 4, xã Xuân Hòa, tỉnh Hà Tĩnh"),
        (350, 1760, "Họ, chữ đệm và tên"),
        (1114, 1760, "Nguyễn Nhật Trí"),
        (350, 1800, "người cha"),
        (350, 1960, "Năm sinh"),
        (737, 1960, "1996"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got.get("mother_name") == "Nguyễn Thị My", got
    assert got.get("father_name") == "Nguyễn Nhật Trí", got


def test_a_part_whose_persons_word_was_lost_is_the_person_no_other_part_is(
    cat: Catalog,
) -> None:
    """ "Họ, chữ đệm và tên người" before the mother's name, her "mẹ" unread, the father's
    part labelled (dev16 13636, dev14 13186: the form's mother unread, the birth
    certificate's mother not compared: review): the part is the mother's, the one person
    the form names that no heading, label or column did."""
    page = scan(
        (100, 100, "I. THÔNG TIN NGƯỜI YÊU CẦU"),
        (100, 160, "Họ, chữ đệm và tên"),
        (700, 160, "Nguyễn Văn Toàn"),
        (100, 220, "Số định danh cá nhân"),
        (700, 220, "048062123397"),
        (100, 300, "II. THÔNG TIN NGƯỜI ĐƯỢC ĐĂNG KÝ KHAI SINH"),
        (100, 360, "Họ, chữ đệm và tên"),
        (700, 360, "LÊ HÀ MY"),
        (100, 460, "III. THÔNG TIN CHA, MẸ"),
        (100, 540, "Họ, chữ đệm và tên người"),
        (700, 540, "Trần Thanh Quỳnh Thảo"),
        (100, 620, "Năm sinh"),
        (400, 620, "2007"),
        (700, 620, "Số định danh"),
        (1000, 620, "001307517078"),
        (700, 660, "cá nhân"),
        (100, 760, "Họ, chữ đệm và tên người"),
        (700, 760, "Lê Bảo Minh"),
        (100, 800, "cha"),
        (100, 880, "Năm sinh"),
        (400, 880, "2001"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got.get("mother_name") == "Trần Thanh Quỳnh Thảo", got
    assert got.get("mother_birth_year") == "2007", got
    assert got.get("mother_id") == "001307517078", got
    assert got.get("father_name") == "Lê Bảo Minh", got
    assert got.get("child_name") == "Lê Hà My", got
    assert got.get("id_number") == "048062123397", got


def test_a_persons_number_whose_label_was_not_read(cat: Catalog) -> None:
    """The bride's part of the marriage form, its number label read "SỐ định canh cá
    HhiầNn:" (dev16 13725, whose number on the form could not be hers: a request was
    missed): the part's one twelve-digit number is hers, trusted less than a label's."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        (100, 160, "BÊN NAM:"),
        (100, 220, "Họ, chữ đệm, tên: Nguyễn Tuấn Tùng"),
        (100, 280, "Số định danh cá nhân: 035093324962"),
        (100, 340, "BÊN NỮ:"),
        (100, 400, "Họ, chữ đệm, tên: Trần Ngọc Ngân"),
        (100, 460, "Nơi cư trú: Xóm 13, xã Yên SỐ định canh cá HhiầNn:"),
        (100, 520, "Lạc, tỉnh Bắc Ninh 024398195272"),
    )
    got = extract(cat.document_types["to_khai_ket_hon"], [page])
    assert got["partner_id"].value == "024398195272"
    assert got["partner_id"].conf <= 60


@pytest.mark.parametrize(("number", "taken"), [("079187004113", True), ("079087004113", False)])
def test_a_number_in_the_mothers_part_is_a_womans(cat: Catalog, number: str, taken: bool) -> None:
    """The mother's part with its number label unread: a woman's number is hers; a man's
    (the father's, his part's heading not read: dev10 12166) is not."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 160, "Họ, chữ đệm và tên người mẹ: Lê Thị Hoa"),
        (100, 220, "Năm sinh: 1987 SỐ định canh cá HhiầNn:"),
        (100, 280, number),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert (got.get("mother_id") == number) is taken, got


@pytest.mark.parametrize(("born", "taken"), [("1962", False), ("1964", True)])
def test_a_land_certificates_one_clear_number_is_the_owner_s_only_of_his_year(
    cat: Catalog, born: str, taken: bool
) -> None:
    """The owner's number read with a digit lost ("03506282541"), the co-owner's label
    garbled and her number read clearly (dev16 13717): the page's one twelve-digit number
    is the owner's only when it encodes the birth year the certificate gives him."""
    page = scan(
        (100, 100, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở"),
        (100, 200, "I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất"),
        (
            100,
            260,
            f"Ông: VÕ ĐỨC GIA ĐẠT. năm sinh: {born}, CCCD số: 03506282541 Bà: PHẠM XUÂN MY. năm",
        ),
        (100, 320, "sin 619640506 ố: 060164303206"),
    )
    got = values(cat, "gcn_qsdd", page)
    assert (got.get("id_number") == "060164303206") is taken, got


def test_a_hand_written_slash_read_as_a_fraction_slash() -> None:
    from hoso.understand.fields import parse_date

    assert str(parse_date(".13⁄04/1986....")) == "1986-04-13"
    assert str(parse_date("13∕04∕1986")) == "1986-04-13"


def test_a_years_digits_read_in_two_pieces_after_the_first() -> None:
    """A card's small print read "Ngày sinh: 08/07/1 972" (dev14 13289, dev10 12166, dev12
    12689): the year is 1972; a date read whole beside it still comes first."""
    assert str(parse_date("Ngày sinh: 08/07/1 972")) == "1972-07-08"
    assert str(parse_date("18/11/1 999 ")) == "1999-11-18"
    assert str(parse_date("01/05/2020 1 972")) == "2020-05-01"
    assert parse_date("08/07/3 972") is None  # no year begins with 3


def test_a_hand_written_six_read_as_o_acute() -> None:
    """A 6 by hand read as "ó" (dev6 11222: "8⁄09⁄198ó." for 08/09/1986): a date or a year
    that reads no other way is read with it; one that reads already is left as it is."""
    from hoso.doctypes import FieldSpec
    from hoso.understand.fields import parse_value

    assert str(parse_date("8⁄09⁄198ó.")) == "1986-09-08"
    assert str(parse_date("0ó/09/1986 ó")) == "1986-09-06"
    assert parse_date("8⁄09⁄19óá") is None  # a year still not whole: unread
    year = FieldSpec("mother_birth_year", ("Năm sinh",), "year")
    assert parse_value(year, "19ó2") == "1962"
    assert parse_value(year, "1990 ó") == "1990"


def test_a_hand_written_zero_read_as_q() -> None:
    """A 0 by hand with a tail read as "Q" (dev4 10916: "3Q/07/1968" for 30/07/1968; 108
    dates of the dev corpora's readings have one): read as the 0 it is."""
    assert str(parse_date("3Q/07/1968.....")) == "1968-07-30"
    assert str(parse_date("Q5/Q5/1995")) == "1995-05-05"
    assert parse_date("Quận 1, 12/2023") is None  # no date there: Q alone changes nothing


def test_a_birth_date_whose_second_slash_was_lost() -> None:
    """ "01/05/1987" written by hand, read "01/05 1987 7...5...": day and month still joined,
    the year apart; a year alone or a number run together stays unread."""
    assert str(parse_date("01/05 1987 7...5...")) == "1987-05-01"
    # both slashes read as digits, "/" as "1" or "7" (a passport's "28/06/1991", dev2 10335)
    assert str(parse_date("2810671991")) == "1991-06-28"
    assert parse_date("0917123456") is None  # a phone number: no month 71, no year 3456
    assert str(parse_date("1⁄5  1987")) == "1987-05-01"
    assert parse_date("05 1987") is None
    assert parse_date("12/01/05 1987") is None  # three numbers before the year: not a date


def test_a_co_owners_number_is_not_the_holders_when_the_holders_is_unread(cat: Catalog) -> None:
    """A land certificate naming a couple: the husband's number run together with the next
    words ("00105734049017" for 001057340490 and "và bà"), the wife's read cleanly. Her
    number is hers (the second "CCCD số"), never his; his is the run's first twelve digits,
    agreeing with his year of birth."""
    page = scan(
        (100, 100, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT"),
        (100, 160, "1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:"),
        (100, 200, "Ông: TRẦN VĂN KHANG, năm sinh: 1957, CCCD số: 00105734049017 YỄN THỊ DUYÊN,"),
        (100, 240, "năm sinh: 1959, CCCD số: 001159127717"),
    )
    got = extract(cat.document_types["gcn_qsdd"], [page])
    assert got["co_owner_id_number"].value == "001159127717"
    assert got["id_number"].value == "001057340490"
    assert got["id_number"].conf <= 60


def test_a_label_under_an_empty_number_is_no_number(cat: Catalog) -> None:
    """The ID number left blank; the next row, under its label, is the phone's."""
    page = scan(
        (100, 100, "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        (100, 200, "Họ và tên: LÊ VĂN NAM"),
        (900, 260, "Số định danh cá nhân:"),
        (100, 300, "Nơi thường trú: Số 16 Trần Phú,"),
        (900, 300, "Số điện thoại: 0736 36475131"),
    )
    assert "id_number" not in values(cat, "to_khai_lltp", page)


def test_a_cards_value_under_a_label_read_by_its_english_half(cat: Catalog) -> None:
    """ "Ngày" misread ("Nhà;"): the label is found by "/ Date of birth", and the birth date
    printed under the label's start (left of "/") is still its value."""
    page = scan(
        (100, 100, "CĂN CƯỚC"),
        (100, 160, "Họ, chữ đệm và tên khai sinh / Full name"),
        (100, 200, "TĂNG VĂN ĐỨC"),
        (100, 260, "Nhà; tháng, năm sinh / Date of birth"),
        (100, 300, "13/04/1982"),
        (100, 360, "Giới tính / Sex"),
        (100, 400, "Nam"),
    )
    assert values(cat, "cccd", page)["date_of_birth"] == "1982-04-13"


def test_a_label_wrapped_over_three_lines_beside_its_value(cat: Catalog) -> None:
    """A narrow label cell in a typewriter face: "Ngày," on the value's line, "tháng, năm"
    and "sinh" under it. The date is the holder's birth date; a date of issue wrapped the
    same way ("Ngày," / "tháng, năm" / "cấp") is not."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "1. Họ, chữ đệm và tên"),
        (600, 200, "PHẠM ĐÌNH BÌNH"),
        (100, 260, "2. Ngày,"),
        (400, 260, "07/10/1976"),
        (700, 260, "3. Giới tính"),
        (1000, 260, "Nam"),
        (130, 300, "tháng, năm"),
        (130, 340, "sinh"),
        (100, 400, "4. Số định danh cá nhân"),
        (600, 400, "074076871982"),
    )
    got = values(cat, "to_khai_ct01", page)
    assert got["date_of_birth"] == "1976-10-07"
    assert got["id_number"] == "074076871982"
    other = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 260, "2. Ngày,"),
        (400, 260, "07/10/2016"),
        (130, 300, "tháng, năm"),
        (130, 340, "cấp"),
    )
    assert "date_of_birth" not in values(cat, "to_khai_ct01", other)


def test_a_date_with_the_next_fields_number_glued_to_it(cat: Catalog) -> None:
    """ "09/06/1990" and the next field's "3." read as one word: the date without it."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "1. Họ, chữ đệm và tên: NGUYỄN HẢI LỤA"),
        (100, 260, "2. Ngày, tháng, năm sinh: 09/06/19903. Giới tính: Nữ"),
    )
    got = values(cat, "to_khai_ct01", page)
    assert got["date_of_birth"] == "1990-06-09"
    assert got["sex"] == "Nữ"
    assert parse_date("09/06/199031") is None  # digits that are no item's number: unread


def test_a_year_split_with_its_rest_glued_to_the_next_label(cat: Catalog) -> None:
    """ "16/03/1 982Giới tính": a typed date with too little space before the next label,
    read as two words split in the year (dev13 13103, dev14 13338): the whole year."""
    page = scan(
        (100, 100, "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        (100, 200, "Họ và tên: HUỲNH THANH OANH"),
        (100, 260, "Ngày sinh: 16/03/1 982Giới tính: Nữ"),
    )
    assert values(cat, "to_khai_lltp", page)["date_of_birth"] == "1982-03-16"
    page = scan(
        (100, 100, "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        (100, 200, "Họ và tên: HUỲNH THANH OANH"),
        (100, 260, "Ngày sinh: 16/03/1 98Giới tính: Nữ"),
    )  # three digits in all: no year, the date stays unread
    assert "date_of_birth" not in values(cat, "to_khai_lltp", page)


def test_a_months_digits_read_in_two_pieces(cat: Catalog) -> None:
    """ "Ngày, tháng, năm sinh: 30/1 1/1970": the month's two digits read apart on a phone
    photo of a typed form (dev22 15246, whose birth year differs from the card's: the form
    seemed to give no date, and the dossier was received). Joined between its slashes,
    only before a four-digit year."""
    page = scan(
        (100, 100, "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH"),
        (100, 200, "Tôi là (ghi họ tên bằng chữ in hoa): HUỲNH THỊ THẢO LOAN"),
        (100, 260, "Ngày, tháng, năm sinh: 30/1 1/1970 Giới tính: Nữ"),
    )
    assert values(cat, "giay_de_nghi_hkd", page)["date_of_birth"] == "1970-11-30"
    assert str(parse_date("3/1 2/1990")) == "1990-12-03"
    assert parse_date("30/1 1/19") is None  # no year: a date cut short


def test_a_name_with_its_dotted_line_read_as_underscores(cat: Catalog) -> None:
    """ "1. Họ và tên LÊ THU_ TRÌNH": the dotted line under a hand-filled name read as an
    underscore glued to a word (dev23 15449: the name was cut at it, the label of the
    mother's name further down taken instead, and the form named another person than the
    card). An underscore is no letter of a name, as a dot is none."""
    page = scan(
        (100, 100, "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        (100, 200, "1. Họ và tên LÊ THU_ TRÌNH"),
        (100, 260, "2. Tên gọi khác (nếu có)"),
    )
    assert values(cat, "to_khai_lltp", page)["full_name"] == "Lê Thu Trình"


def test_a_label_with_a_stray_colon_between_its_words(cat: Catalog) -> None:
    """A land certificate's "Năm sinh" read with a colon after each word ("Năm: sinh:"):
    still the label, so the holder's name ends before it (a colon after a word that is not
    the label's own still ends the label:
    test_a_name_after_a_short_label_is_not_taken_for_a_longer_label)."""
    page = scan(
        (100, 100, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT"),
        (100, 200, "Hộ ông/bà: Nguyễn Minh Trâm Năm: sinh: 1959"),
        (100, 260, "CCCD/CMND số: 038159465061"),
    )
    got = values(cat, "gcn_qsdd", page)
    assert got["full_name"] == "Nguyễn Minh Trâm"
    assert got["birth_year"] == "1959"


def test_a_long_labels_last_word_lost_before_its_number(cat: Catalog) -> None:
    """ "Số định danh cá" and the number: "nhân" faded out of a phone photo (dev5 10988), or
    cut to its first letter (dev3 10590).
    The label is the requester's number, not the household head's; a shorter label without
    its last word says too little ("Ngày, tháng, năm" is a birth or an issue date)."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "1. Họ, chữ đệm và tên: NGUYỄN THỊ DUNG"),
        (100, 260, "4. Số định danh cá 077181029370"),
        (100, 320, "8. Số định danh cá nhân của chủ hộ: 001170156351"),
    )
    got = values(cat, "to_khai_ct01", page)
    assert got["id_number"] == "077181029370"
    cut = scan(
        (100, 100, "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH"),
        (100, 260, "Số định danh cá n 051097193883"),  # "nhân" cut to its first letter
    )
    assert values(cat, "giay_de_nghi_hkd", cut)["id_number"] == "051097193883"
    card = scan(
        (100, 100, "CĂN CƯỚC CÔNG DÂN"),
        (100, 200, "Số / No.: 001170156351"),
        (100, 260, "Ngày, tháng, năm 20/10/2022"),
    )
    assert "date_of_birth" not in values(cat, "cccd", card)


def test_a_long_labels_first_word_lost_at_a_tables_rule(cat: Catalog) -> None:
    """ "|, chữ đệm, tên người mẹ | Nguyễn Gia Vy": the "Họ" beside the table's rule read as
    a mark (dev13 13012): still the mother's name, and her birth year is hers."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "Họ, chữ đệm, tên người yêu cầu | Nguyễn Gia Vy"),
        (100, 400, "|, chữ đệm, tên người mẹ | Nguyễn Gia Vy"),
        (100, 460, "Năm sinh: 2005"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["mother_name"] == "Nguyễn Gia Vy"
    assert got["mother_birth_year"] == "2005"
    # "Họ, chữ" garbled to "l, cIữ" (dev3 10696): the label's last five words read exactly
    garbled = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 400, "l, cIữ đệm và tên người mẹ: Trần Thị Hằng"),
        (100, 460, "Số định danh cá nhân: 046304403133"),
    )
    got = values(cat, "to_khai_khai_sinh", garbled)
    assert got["mother_name"] == "Trần Thị Hằng"
    assert got["mother_id"] == "046304403133"
    # a word read before the label's tail: a sentence, not the label
    prose = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 400, "Ghi cả chữ đệm và tên người mẹ: Trần Thị Hằng"),
    )
    assert "mother_name" not in values(cat, "to_khai_khai_sinh", prose)


def test_a_number_between_a_combs_walls_and_crumbs(cat: Catalog) -> None:
    """A number written in a comb of boxes: the twelve digits read as one wide word and the
    first box's wall as "|0" inside it, after it in the line (dev12 12706: "087307430426
    0" as the value's words). Digits beside it longer than a crumb are another reading."""
    spec = next(f for f in cat.document_types["to_khai_lltp"].fields if f.type == "id_number")
    assert parse_value(spec, "087307430426 0") == "087307430426"  # the wall's "|" dropped
    assert parse_value(spec, "|0 087307430426 |") == "087307430426"
    assert parse_value(spec, "087307430426 0727") is None
    assert parse_value(spec, "925307626523 0") is None  # no province 925


def test_a_name_in_capitals_spelling_a_longer_labels_last_word(cat: Catalog) -> None:
    """ "Họ, chữ đệm và tên HỒ XUÂN DIỆP": "HỒ" folds to the "hộ" of "... tên chủ hộ", yet
    a name in capitals follows the requester's label; the head's label and number are the
    lines below (dev5 11162, a number that cannot be the requester's otherwise unchecked).
    The label's own capitals before a number stay the label ("số CCCD: 0460...")."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "1. Họ, chữ đệm và tên HỒ XUÂN DIỆP"),
        (100, 260, "4. Số định danh cá nhân 075173622792"),
        (100, 320, "7. Họ, chữ đệm và tên chủ hộ Nguyễn Đức Hoàng Thành"),
        (100, 380, "9. Số định danh cá nhân của chủ hộ 036072373359"),
    )
    got = values(cat, "to_khai_ct01", page)
    assert got["full_name"] == "Hồ Xuân Diệp"
    assert got["id_number"] == "075173622792"
    assert got["head_name"] == "Nguyễn Đức Hoàng Thành"
    assert got["head_id"] == "036072373359"
    form = scan(
        (100, 100, "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG"),
        (100, 200, "- Tên chủ đầu tư: Dương Thế Duy Trung"),
        (100, 260, "- số CCCD: 046077320570"),
    )
    assert values(cat, "don_gpxd", form)["id_number"] == "046077320570"


def test_a_label_read_with_an_o_slashed(cat: Catalog) -> None:
    """An "ø" is no Vietnamese letter: OCR's reading of "ố". "sø CCCD:" is the card number's
    label, ending the owner's name before it, and giving its number (dev6 11419)."""
    form = scan(
        (100, 100, "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG"),
        (100, 200, "- Tên chủ đầu tư (tên chủ hộ): NGUYỄN VĂN TÀI - sø CCCD: 030066567123"),
    )
    got = values(cat, "don_gpxd", form)
    assert got["full_name"] == "Nguyễn Văn Tài"
    assert got["id_number"] == "030066567123"


def test_a_number_glued_to_its_labels_colon(cat: Catalog) -> None:
    """The first box of a comb read into the label's last word ("nhân:|0"): the word is
    the label's and the number's first digit, not a label's word alone, which left eleven
    (dev6 11430). A colon between label words ("sø:No:") stays whole."""
    form = scan(
        (100, 100, "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP"),
        (100, 200, "Họ và tên: TRẦN KIM QUỲNH"),
        (100, 260, "Số định danh cá nhân:|0 |0 |4 |1 |8 |0 [2 [1 [8 [9 |2 |2]"),
    )
    assert values(cat, "to_khai_lltp", form)["id_number"] == "004180218922"
    card = scan((100, 100, "sø:No: 01099089333"), (100, 160, "Ngày sinh:17/09/1999"))
    words = [t.text for row in rows_of([card]) for t in row.toks]
    assert words == ["sø:No:", "01099089333", "Ngày", "sinh:", "17/09/1999"]


def test_a_cards_issue_date_under_its_english_label_alone(cat: Catalog) -> None:
    """The back of a card photographed with the start of its issue date's label lost
    ("năm / Date. mọxth, year 19/10/2022"): the English words name it (dev7 11448, an
    expired card accepted while its issue date went unread)."""
    back = scan(
        (100, 100, "Đặc đếm nhân dạng / Personal identification"),
        (100, 160, "Nốt ruồi C2cm dưới trước tai trái"),
        (100, 220, "năm / Date. mọxth, year 19/10/2022"),
    )
    assert values(cat, "cccd", back)["issued_on"] == "2022-10-19"


@pytest.mark.parametrize(
    ("label", "issued"),
    [
        ("Ngày, tháng, nẫnm:", "2019-10-07"),  # a letter read into "năm" (dev43 20216)
        ("Ngày, tháng, nm:", "2019-10-07"),  # ... or lost from it
        ("Ngày, tháng, nămsinh:", None),  # another word joined to it: not the label
    ],
)
def test_a_cards_issue_date_label_with_a_letter_slipped_in_its_last_word(
    cat: Catalog, label: str, issued: str | None
) -> None:
    """The back of a card photographed, its issue date's label read with a letter more or
    less in its last word ("Ngày, tháng, nẫnm: 07/10/2019"): the label, every other word
    read exactly; the card's validity by law needs that date."""
    back = scan(
        (100, 100, "Đặc đểm nhân dạng,"),
        (100, 160, "Nốt ruồi C:2cm dưới trước tai trái"),
        (100, 220, f"{label} 07/10/2019"),
    )
    assert values(cat, "cccd", back).get("issued_on") == issued


@pytest.mark.parametrize(("born", "expiry"), [("29/09/1985", "2025-09-29"), ("28/09/1985", None)])
def test_a_cards_expiry_from_the_zones_second_line_alone(
    cat: Catalog, born: str, expiry: str | None
) -> None:
    """The zone's first line garbled, its second read with 0s as 9s ("8599299F2599297VNM"):
    with the one digit each check digit allows, the birth date is the one printed on the
    card and the expiry falls on that birthday: the card expired on 29/09/2025 (dev7 11448,
    an expired card). A printed birth date the zone does not give: nothing taken."""
    card = scan(
        (100, 100, "CĂN CƯỚC CÔNG DÂN"),
        (100, 160, "HUỲNH KHÁNH UYÊN"),
        (100, 220, f"Ngày sinh / Date of birth: {born}"),
        (100, 400, "TDVNM18S52187228927185218722<<1"),
        (100, 440, "8599299F2599297VNM<<<<<<<<<<<0"),
    )
    assert values(cat, "cccd", card).get("expiry") == expiry


def test_a_numbered_section_heading_of_nine_words_opens_its_persons_part(cat: Catalog) -> None:
    """ "I1. THÔNG TIN NGƯỜI ĐƯỢC ĐĂNG KÝ KHAI SINH" (II. misread): eight words after its
    number, the child's section; the "Mẹ" above it (the requester's relation to the child,
    on a line of its own) does not make the child's name the mother's (dev9 11986)."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 160, "Họ, chữ đệm và tên người yêu cầu: Lê Thùy Hồng"),
        (100, 220, "Quan hệ với người được khai sinh:"),
        (100, 280, "Mẹ"),
        (100, 340, "I1. THÔNG TIN NGƯỜI ĐƯỢC ĐĂNG KÝ KHAI SINH"),
        (100, 400, "Họ, chữ đệm và tên: NGUYỄN THẢO MỸ"),
        (100, 460, "Ngày, tháng, năm sinh: 09/12/2025 Giới tính: Nữ"),
        (100, 520, "III. THÔNG TIN CHA, MẸ"),
        (100, 580, "Họ, chữ đệm và tên người mẹ: Lê Thùy Hồng"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got.get("child_name") == "Nguyễn Thảo Mỹ"
    assert got.get("mother_name") == "Lê Thùy Hồng"


@pytest.mark.parametrize(("child", "taken"), [("18/04/2026", False), ("18/04/2027", True)])
def test_a_parents_year_not_before_the_childs_is_another_date(
    cat: Catalog, child: str, taken: bool
) -> None:
    """The form's signing line "Trường Vinh, ngày 29 tháng 6 năm 2026" in the father's part
    ("Vinh, ngày" is one letter from the label "Sinh ngày"): no father is born the year his
    child is (dev10 12286); a year before the child's would have been taken."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 160, "Họ, chữ đệm và tên người được khai sinh: Nguyễn An Nhiên"),
        (100, 220, f"Ngày, tháng, năm sinh: {child}"),
        (100, 280, "Họ, chữ đệm và tên người cha: Nguyễn Hải Trung"),
        (100, 340, "Trường Vinh, ngày 29 tháng 6 năm 2026"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["father_name"] == "Nguyễn Hải Trung"
    assert ("father_birth_year" in got) is taken


def test_a_date_written_under_its_fields_number(cat: Catalog) -> None:
    """Two columns, the values written on the line under their labels, starting under the
    field's number ("2."), left of the label's first word; the line after that is the next
    field's ("5. Số điện thoại liên hệ:"), no value of the birth date's (dev9 11996)."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "2. Ngày, tháng, năm sinh:"),
        (700, 200, "3. Giới tính: Nam"),
        (96, 240, "11/09/1982"),
        (100, 300, "5. Số điện thoại liên hệ: 0912345678"),
    )
    assert values(cat, "to_khai_ct01", page)["date_of_birth"] == "1982-09-11"
    no_value = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "2. Ngày, tháng, năm sinh:"),
        (700, 200, "3. Giới tính: Nam"),
        (100, 260, "5. Số điện thoại liên hệ: 6 01/02/2003"),
    )
    assert "date_of_birth" not in values(cat, "to_khai_ct01", no_value)


def test_the_name_signed_under_the_signature(cat: Catalog) -> None:
    """Three signature blocks side by side; under "Người kê khai" the filer writes their
    name: the form's signed name (its own field), read only when the name field gave none,
    never the name under another block or under a heading that shares the title's words."""
    blocks = (
        (100, 600, "Ý kiến của chủ hộ"),
        (500, 600, "Ý kiến của chủ sở hữu"),
        (1000, 600, "Người kê khai"),
        (100, 640, "(Ký, ghi rõ họ tên)"),
        (500, 640, "(Ký, ghi rõ họ tên)"),
        (950, 640, "(Ký, ghi rõ họ tên)"),
        (100, 800, "Trần Văn Bình"),
        (1000, 800, "Lê Hữu Tiến"),
    )
    unread = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "1. Họ, chữ đệm và tên: #ð.8§"),
        *blocks,
    )
    assert values(cat, "to_khai_ct01", unread)["signer_name"] == "Lê Hữu Tiến"
    read = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "1. Họ, chữ đệm và tên: LÊ HỮU TIẾN"),
        *blocks,
    )
    got = values(cat, "to_khai_ct01", read)
    assert got["full_name"] == "Lê Hữu Tiến"
    assert "signer_name" not in got
    heading = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "I. THÔNG TIN NGƯỜI YÊU CẦU"),
        (100, 240, "Họ, chữ đệm, tên người yêu cầu: #ð.8§"),
        (100, 300, "II. THÔNG TIN NGƯỜI ĐƯỢC ĐĂNG KÝ KHAI SINH"),
    )
    assert "signer_name" not in values(cat, "to_khai_khai_sinh", heading)
    household = scan(  # the business form's instruction leaves out "rõ"
        (100, 100, "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH"),
        (100, 200, "Họ và tên chủ hộ kinh doanh: #ð.8§"),
        (900, 600, "Chủ hộ kinh doanh"),
        (880, 640, "(Ký và ghi họ tên)"),
        (900, 800, "Nguyễn Văn An"),
    )
    assert values(cat, "giay_de_nghi_hkd", household)["signer_name"] == "Nguyễn Văn An"


@pytest.mark.parametrize(
    ("signed", "taken"),
    [
        ("han Quỳnh Hà Tâm", "Quỳnh Hà Tâm"),
        ("han Tâm", None),
        ("Phan Quỳnh Hà Tâm", "Phan Quỳnh Hà Tâm"),
    ],
)
def test_a_signed_name_whose_family_names_capital_was_lost(
    cat: Catalog, signed: str, taken: str | None
) -> None:
    """The building permit form's investor unread, the name signed read "han Quỳnh Hà Tâm"
    (dev16 13831: "Phan", its capital lost): the rest of the name, which the land
    certificate's "Phan Quỳnh Hà Tâm" agrees with; a single word left is no name."""
    form = scan(
        (100, 100, "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG"),
        (100, 200, "- Tên chủ đầu tư (tên chủ hộ): Ø#az"),
        (900, 600, "Người làm đơn"),
        (880, 640, "(Ký, ghi rõ họ tên)"),
        (900, 800, signed),
    )
    got = values(cat, "don_gpxd", form)
    assert got.get("signer_name") == taken, got


@pytest.mark.parametrize("label", ["Số/No.:", "Số / No.:", "Số/ No.:"])
def test_a_short_label_read_as_one_token_is_still_its_words(cat: Catalog, label: str) -> None:
    """ "Số/No.:" read without spaces is one token of two words: still the card's number
    label, the number after it in groups (dev4 10948); a word inside a longer token
    ("Personal/No.") is not a one-word label."""
    page = scan(
        (100, 100, "CĂN CƯỚC CÔNG DÂN"),
        (100, 160, f"{label} 00809 18092 59 DIRECTOR GENERAL OF THE POLICE"),
        (100, 220, "Họ và tên / Full name:"),
        (100, 280, "HOÀNG TUẤN TRUNG"),
    )
    assert values(cat, "cccd", page)["id_number"] == "008091809259"


def test_a_birth_certificate_names_its_person_and_the_parents(cat: Catalog) -> None:
    """A birth certificate (copy): its person's name, birth date, sex and number, and the
    parents' names and birth years, the parents' lines not taken for the person's
    (dev3 10580: brought instead of the residence form, it says who files)."""
    page = scan(
        (100, 100, "GIẤY KHAI SINH"),
        (100, 160, "(BẢN SAO)"),
        (100, 220, "Họ, chữ đệm, tên: PHAN QUANG BẢO KHOA"),
        (100, 280, "Ngày, tháng, năm sinh: 07/03/1972 ghi bằng chữ: Ngày mùng bảy tháng ba"),
        (100, 340, "Giới tính: Nam Dân tộc: Kinh Quốc tịch: Việt Nam"),
        (100, 400, "Số định danh cá nhân: 068072524956"),
        (100, 460, "Họ, chữ đệm, tên người mẹ: Phạm Thị Hạnh... Năm sinh: 1941"),
        (100, 520, "Họ, chữ đệm, tên người cha: Phan Minh Quang Nam.. Năm sinh: 1951"),
    )
    got = values(cat, "trich_luc_khai_sinh", page)
    assert got["full_name"] == "Phan Quang Bảo Khoa"
    assert (got["date_of_birth"], got["sex"], got["id_number"]) == (
        "1972-03-07",
        "Nam",
        "068072524956",
    )
    assert (got["mother_name"], got["mother_birth_year"]) == ("Phạm Thị Hạnh", "1941")
    assert (got["father_name"], got["father_birth_year"]) == ("Phan Minh Quang Nam", "1951")


@pytest.mark.parametrize("label", ["Số/No.:", "Số / No.:"])
def test_a_numbers_confidence_is_its_own_not_a_crumbs_after_it(cat: Catalog, label: str) -> None:
    """The number read surely, marks read unsurely after it ("... VỀT 2 Tìm", a "2" among
    them): the number's confidence is its own word's, not the crumb's that its digits happen
    to contain (dev3 10508: a card's number at 0 made a form's other number look misread)."""
    page = scan(
        (100, 100, "CĂN CƯỚC CÔNG DÂN"),
        (100, 160, f"{label} 048184519280 VỀT 2 Tìm"),
        (100, 220, "Họ và tên / Full name:"),
        (100, 280, "NGUYỄN MINH HOA"),
    )
    for w in page.words:
        w.conf = {"048184519280": 95.0, "VỀT": 0.0, "2": 0.0, "Tìm": 0.0}.get(w.text, w.conf)
    fv = extract(cat.document_types["cccd"], [page])["id_number"]
    assert (fv.value, fv.conf) == ("048184519280", 95.0)


def test_a_two_column_forms_labels_broken_and_run_on_within_their_column(cat: Catalog) -> None:
    """A birth registration form in two columns: the requester's label broke inside the
    left column ("Họ, chữ đệm, tên người yêu" / "cầu: Hoàng Mỹ Hạnh"), the father's label
    and the requester's number label end lines of the right column, their values begin the
    right column's next line while the left column's text begins the line (dev12 12808:
    the father's name read off the left column's address, the requester's name unread)."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 160, "Họ, chữ đệm, tên người yêu"),
        (600, 160, "Nơi cư trú: Số 41 đường Phạm"),
        (100, 220, "cầu: Hoàng Mỹ Hạnh ........."),
        (600, 220, "Văn Đồng, phường Đồng Xoài,"),
        (100, 280, "Giấy tờ tùy thân: .........."),
        (600, 280, "Số định danh cá nhân:"),
        (600, 340, "0 7 5 3 0 7 3 6 3 2 5 1"),
        (100, 400, "Nơi cư trú: Số 41 đường Phạm"),
        (600, 400, "Họ, chữ đệm, tên người cha:"),
        (100, 460, "Văn Đồng, phường Đồng Xoài,"),
        (600, 460, "Nguyễn Đăng Hậu ............"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["full_name"] == "Hoàng Mỹ Hạnh"
    assert got["id_number"] == "075307363251"
    assert got["father_name"] == "Nguyễn Đăng Hậu"


def test_noise_down_the_edge_does_not_join_the_lines_beside_it(cat: Catalog) -> None:
    """A phone photo's edge read as one token 340 px high (a line is 30): lines beside it
    are still lines of their own, so the mother's label wrapped onto the next line ("Họ,
    chữ đệm, tên người" / "mẹ") is hers, and her name not the child's (dev27 16366: a
    supplement request for a birth certificate compared with the child)."""
    page = scan(
        (100, 100, "Họ, chữ đệm, tên người được khai sinh: Hồ Tuấn Kiệt"),
        (100, 200, "Họ, chữ đệm, tên người"),
        (420, 200, "Nguyễn Ngọc Lụa"),
        (100, 240, "mẹ"),
        (100, 300, "Năm sinh của mẹ: 1998"),
    )
    noise = Word("00000001050/00022/0236/0120)220%/", 0.0, (20.0, 225.0, 36.0, 565.0), 99, 99)
    page = PageText(page.file, 1, page.text, "ocr", confidence=92.0, words=[noise, *page.words])
    assert [r.text for r in rows_of([page]) if "mẹ" in r.text.split()] == ["mẹ"]
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["mother_name"] == "Nguyễn Ngọc Lụa", got
    assert got.get("child_name") == "Hồ Tuấn Kiệt", got


def test_marks_down_the_margin_read_as_one_line_join_no_row(cat: Catalog) -> None:
    """Marks down a form's margin read as one line of tokens one above another, each a
    line high (dev22 15158: "@œm" beside two labels, "©" beside a third): not a line of
    text, so no row of labels gets them, and the labels keep their values."""
    page = scan(
        (100, 100, "Họ, chữ đệm, tên người được khai sinh: Hồ Tuấn Kiệt"),
        (100, 200, "Họ, chữ đệm, tên người mẹ: Nguyễn Ngọc Lụa"),
        (100, 300, "Năm sinh của mẹ: 1998"),
    )
    marks = [
        Word("@œm", 35.0, (20.0, 180.0, 60.0, 260.0), 99, 99),
        Word("©", 78.0, (22.0, 295.0, 55.0, 325.0), 99, 99),
    ]
    page = PageText(page.file, 1, page.text, "ocr", confidence=92.0, words=[*marks, *page.words])
    rows = [r.text for r in rows_of([page])]
    assert [r for r in rows if "@œm" in r or "©" in r] == ["@œm ©"], rows
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["mother_name"] == "Nguyễn Ngọc Lụa", got


def test_a_name_written_beside_its_label_unreadably_is_not_taken_from_lines_below(
    cat: Catalog,
) -> None:
    """A birth certificate's mother's name written beside "Chứng nhận: chị" and read as
    garbage, a line of text under it, then the address's street (dev28 16546: "Lê Duẩn"
    taken for the mother, a supplement request for a complete dossier): the ink beside the
    label is the value; what is two lines down is another field's. A crumb under a label
    (a word or two: an edge read as "kì 2", the rest of a card's bilingual label, dev29
    16919) still lets the line after be read."""
    page = scan(
        (100, 100, "GIẤY CHỨNG SINH"),
        (100, 140, "Chứng nhận: chị Nguyễn. .Quỳnb.. Ha|.... l sin nan J2... 7 sỐ"),
        (100, 180, "cccp 070193594271 , dân tộc Kinh... nơi cư trú: Sấ.2W1 đường"),
        (100, 220, "Lê, .Duẩn, . phường, . Trấn, .Biện,. †inh. Đồng. Nai..."),
    )
    assert "mother_name" not in values(cat, "giay_chung_sinh", page)
    crumb = scan(
        (100, 100, "GIẤY CHỨNG SINH"),
        (100, 140, "Họ và tên mẹ:"),
        (100, 180, "kì 2"),
        (100, 220, "Nguyễn Thị Hoa"),
    )
    assert values(cat, "giay_chung_sinh", crumb)["mother_name"] == "Nguyễn Thị Hoa"
    # a card's bilingual label read in pieces, beside it and under it: the number after
    card = scan(
        (100, 100, "CĂN CƯỚC CÔNG DÂN"),
        (100, 140, "Số định danh cá nhân / Personai ion nưnbey"),
        (100, 180, "tdentiica,"),
        (100, 220, "087181 629696"),
    )
    assert values(cat, "cccd", card)["id_number"] == "087181629696"


def test_a_year_no_one_is_born_in_gives_way_to_its_one_other_reading(cat: Catalog) -> None:
    """A hand-filled father's year read "4468" by Tesseract at 81 (a 1 and a 9 taken for
    4s), "1988" by the second reader (its reading not taken over one at 80 and over; dev28
    16708): the year is the other reading's, as unsure as a guess (it may agree with
    another paper, it decides no disagreement). With no other reading, it stays unread."""
    page = scan((100, 100, "Năm sinh của cha: 4468"))
    word = next(w for w in page.words if w.text == "4468")
    assert "father_birth_year" not in values(cat, "to_khai_khai_sinh", page)
    word.alts = ["1988"]
    got = extract(cat.document_types["to_khai_khai_sinh"], [page])["father_birth_year"]
    assert (got.value, got.valid) == ("1988", True)
    assert got.conf < 80, got


@pytest.mark.parametrize(
    ("alts", "taken"),
    [
        (["021774229487", "021172229487", "062177229487"], "062177229487"),
        (["021774229487", "062177229487", "062178229487"], None),  # two numbers one can have
        (["021774229487", "062180229487"], None),  # of another year than the birth date's
    ],
)
def test_a_number_no_one_has_gives_way_to_its_one_reading_of_the_birth_year(
    cat: Catalog, alts: list[str], taken: str | None
) -> None:
    """A hand-filled number read "021772229487" (no province 021), read again three other
    ways, one of them a number someone can have that encodes the birth year written beside
    it (dev29 16857): that reading, as a guess. Two such readings, or one of another year:
    the number stays as read, no one's (a person reads it)."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        (100, 200, "Họ, chữ đệm và tên: Nguyễn Xuân Dung"),
        (100, 240, "Ngày, tháng, năm sinh: 15/06/1977"),
        (100, 280, "Số định danh cá nhân: 021772229487"),
    )
    next(w for w in page.words if w.text == "021772229487").alts = alts
    got = extract(cat.document_types["to_khai_ket_hon"], [page])["id_number"]
    assert got.value == (taken or "021772229487"), got
    if taken:
        assert got.conf < 80 and "021772229487" in got.alts, got


def test_a_number_read_with_a_letter_for_a_digit_keeps_its_other_readings(cat: Catalog) -> None:
    """A hand-filled household head's number read "066Q84283242.." at 43, the second
    reader's "066084983242" beside it (dev31 17342): the value is read as 066084283242, and
    it is the word's: its confidence and its other readings are the value's, for the
    person's other papers to settle it."""
    page = scan(
        (100, 100, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
        (100, 200, "Họ, chữ đệm và tên chủ hộ: Trần Đình Sơn"),
        (100, 240, "Số định danh cá nhân của chủ hộ: 066Q84283242.."),
    )
    word = next(w for w in page.words if w.text.startswith("066Q"))
    word.conf, word.alts = 43.08, ["066084983242"]
    got = extract(cat.document_types["to_khai_ct01"], [page])["head_id"]
    assert (got.value, got.conf) == ("066084283242", 43.08), got
    assert got.alts == ("066084983242",)


def test_a_two_word_label_wrapped_after_its_first_word_in_a_narrow_cell(cat: Catalog) -> None:
    """A birth declaration's table whose label cells are narrow: "Năm" with the value
    beside it and "sinh" under it, under the mother's name (dev33 17842: the mother's year
    differing from the birth certificate's was not read, the dossier received). Another
    label's first word under the tail does not stop it."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "Họ, chữ đệm, tên người mẹ"),
        (500, 240, "Hoàng Mỹ Thảo"),
        (100, 300, "Năm"),
        (260, 300, "1985"),
        (500, 300, "Dân tộc | Kinh"),
        (100, 340, "sinh"),
        (100, 380, "Nơi cư trú"),
        (260, 380, "Số 7 đường Trường Chinh"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got.get("mother_birth_year") == "1985", got


def test_names_wrapped_in_a_per_person_table_beside_the_labels_wrapped_tail(
    cat: Catalog,
) -> None:
    """A per-person table whose label cell wraps ("Họ, chữ đệm," / "tên") as the names in
    the cells beside it do ("Nguyễn Khánh" / "Hồng"): the row under is the cells' rest,
    not the label broken off there with values of its own (dev33 17866: the father's
    "Nguyễn Trung" against the card's Nguyễn Trung Thành, review)."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "Thông tin"),
        (560, 200, "Người được khai sinh"),
        (1080, 200, "Mẹ"),
        (1500, 200, "Cha"),
        (100, 260, "Họ, chữ đệm,"),
        (560, 260, "NGUYỄN THIÊN"),
        (900, 260, "Nguyễn Khánh"),
        (1350, 260, "Nguyễn Trung"),
        (100, 300, "tên"),
        (560, 300, "PHÚC"),
        (900, 300, "Hồng"),
        (1350, 300, "Thành"),
        (100, 360, "Ngày sinh / Năm sinh"),
        (560, 360, "01/03/2026"),
        (900, 360, "2001"),
        (1350, 360, "2000"),
    )
    got = values(cat, "to_khai_khai_sinh", page)
    assert got["mother_name"] == "Nguyễn Khánh Hồng", got
    assert got["father_name"] == "Nguyễn Trung Thành", got


def _justified(y: float, text: str, gap: float) -> list[tuple[float, float, str]]:
    """A line of justified text: each word its own cell, ``gap`` pixels after the last."""
    cells: list[tuple[float, float, str]] = []
    x = 100.0
    for w in text.split():
        cells.append((x, y, w))
        x += CHAR * len(w) + gap
    return cells


@pytest.mark.parametrize("gap", [CHAR, 3.5 * CHAR])
def test_a_number_that_runs_on_in_justified_text(cat: Catalog, gap: float) -> None:
    """A land certificate's owners in justified lines, each "CCCD số:" ending its line and
    the number beginning the next (dev34 18151: the gap before the owner's label, wider than
    a line is high, taken for a column's: his number unread, his wife's taken for his, and a
    supplement asked of a complete dossier). A gap no wider than the line's others is a
    justified line's, not a column's."""
    page = scan(
        (100, 100, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT"),
        (100, 150, "I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất"),
        *_justified(200, "Ông: TRẦN THẾ QUỐC TUẤN, năm sinh: 1968, CCCD số:", gap),
        *_justified(250, "089068777527; Bà: PHẠM KIM GIANG, năm sinh: 1968, CCCD số:", gap),
        (100, 300, "004168542898"),
    )
    got = values(cat, "gcn_qsdd", page)
    assert got["id_number"] == "089068777527"
    assert got["co_owner_id_number"] == "004168542898"


@pytest.mark.parametrize("first_heading", ["BÊN NỮ:", None])
def test_a_marriage_forms_first_heading_lost(cat: Catalog, first_heading: str | None) -> None:
    """A marriage form whose parts are headed "BÊN NỮ:" and "BÊN NAM:", the first heading
    lost on a poor photo (dev34 17973): the part before the one heading read is the first
    person's, and the heading read opens the second's, not the first's again."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        *([(100, 150, first_heading)] if first_heading else []),
        (100, 200, "Họ, chữ đệm, tên: Trần Tú Hạnh"),
        (100, 250, "Ngày, tháng, năm sinh: 22/03/1994"),
        (100, 300, "Số định danh cá nhân: 060194820022"),
        (100, 350, "BÊN NAM:"),
        (100, 400, "Họ, chữ đệm, tên: Hoàng Minh Nghĩa"),
        (100, 450, "Ngày, tháng, năm sinh: 13/08/1986"),
        (100, 500, "Số định danh cá nhân: 079086886838"),
    )
    got = values(cat, "to_khai_ket_hon", page)
    assert (got["full_name"], got["id_number"]) == ("Trần Tú Hạnh", "060194820022")
    assert (got["partner_name"], got["partner_id"]) == ("Hoàng Minh Nghĩa", "079086886838")


def test_a_marriage_partners_number_written_and_unread_is_marked(cat: Catalog) -> None:
    """The groom's number written and read as no number (dev34 17973): marked unread, as
    the holder's is, so that its other readings are compared with his card and a person
    checks it if nothing settles it; not taken for a part that states no number."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KẾT HÔN"),
        (100, 150, "BÊN NỮ:"),
        (100, 200, "Họ, chữ đệm, tên: Trần Tú Hạnh"),
        (100, 250, "Số định danh cá nhân: 060194820022"),
        (100, 300, "BÊN NAM:"),
        (100, 350, "Họ, chữ đệm, tên: Hoàng Minh Nghĩa"),
        (100, 400, "Số định danh cá nhân: 077910868864838"),
    )
    got = extract(cat.document_types["to_khai_ket_hon"], [page])
    assert got["id_number"].value == "060194820022"
    assert not got["partner_id"].valid and got["partner_id"].raw == "077910868864838"


def test_a_footnote_number_glued_to_a_labels_last_word(cat: Catalog) -> None:
    """ "Giấy tờ tùythân3)" for "Giấy tờ tùy thân(3)" (dev41 19821): the footnote's number
    read onto the label's last word, its parenthesis lost, is no part of the word; the
    label is found and each party's ID number read."""
    page = _marriage_table(
        ("Bên nam", "Bên nữ"),
        ("Họ, chữ đệm, tên", "Đặng Quang Minh", "Vũ Thị Giang"),
        ("Giấy tờ tùythân3)", "Căn cước số 011074156550", "Căn cước số 011180715837"),
    )
    got = values(cat, "to_khai_ket_hon", page)
    assert (got["id_number"], got["partner_id"]) == ("011074156550", "011180715837")


def test_a_year_taken_from_a_slip_keeps_the_words_other_readings(cat: Catalog) -> None:
    """A hand-filled mother's year read "7945" (taken for 1945: a 1's flag read as a 7's
    bar) and "1995" by the second reader (dev39 19138): no word holds 1945 as read, and
    the word's other reading is still the field's, to agree with the birth certificate's
    1995."""
    page = scan(
        (100, 100, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
        (100, 200, "Họ, chữ đệm, tên người mẹ: Lê Thị Tư"),
        (100, 260, "Năm sinh: 7945 Dân tộc: Kinh"),
    )
    year = next(w for w in page.words if w.text == "7945")
    year.alts = ["1995"]
    year.conf = 21.95
    got = extract(cat.document_types["to_khai_khai_sinh"], [page])["mother_birth_year"]
    assert got.value == "1945" and got.conf < 80
    assert got.alts == ("1995",)


def test_a_marriage_table_goes_on_past_a_row_read_as_running_text(cat: Catalog) -> None:
    """A row of the parties' table whose label was misread ("NƠI CỤ CEU(2)" for "Nơi cư
    trú(2)") and whose cells' words stand too close for cells ended the table (dev42
    19881): the number row under it, a label's with values in the table's columns, is the
    table's still, and each party's number is read."""
    page = _marriage_table(
        ("Bên nữ", "Bên nam"),
        ("Họ, chữ đệm, tên", "Dương Quỳnh Ánh", "Nguyễn Hoàng Khang"),
        ("Ngày, tháng, năm sinh", "07/05/1998", "03/03/1991"),
        ("", "", ""),  # the row read as running text, its cells too close for cells:
        ("Số định danh cá nhân", "040198492842", "031191288854"),
        extra=(
            (300, 380, "NƠI CỤ CEU(2)"),
            (540, 380, "Số 66 đường Bà Triệu,"),
            (900, 380, "Số 50 đường Lý Thường Kiệt"),
        ),
    )
    got = values(cat, "to_khai_ket_hon", page)
    assert (got["full_name"], got["partner_name"]) == ("Dương Quỳnh Ánh", "Nguyễn Hoàng Khang")
    assert (got["id_number"], got["partner_id"]) == ("040198492842", "031191288854")
