"""Several holders' cards on one page (hoso.understand.holders)."""

from __future__ import annotations

from datetime import date

import pytest

from hoso.catalog import load_catalog
from hoso.model import PageText, Word
from hoso.understand import assess
from hoso.understand.holders import split_holders

pytestmark = pytest.mark.unit

H = 30.0


def _piece(x: float, y: float, lines: list[str], block: int) -> list[Word]:
    words = []
    for n, line in enumerate(lines):
        pos = x
        for t in line.split():
            words.append(
                Word(t, 92.0, (pos, y + 40 * n, pos + 14 * len(t), y + 40 * n + H), n + 1, block)
            )
            pos += 14 * (len(t) + 1)
    return words


def _front(name: str, number: str, dob: str, sex: str) -> list[str]:
    return [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "CĂN CƯỚC CÔNG DÂN",
        f"Số / No.: {number}",
        "Họ và tên / Full name:",
        name.upper(),
        f"Ngày sinh / Date of birth: {dob}",
        f"Giới tính / Sex: {sex} Quốc tịch / Nationality: Việt Nam",
    ]


def _back(number: str, mrz_name: str) -> list[str]:
    return [
        "Đặc điểm nhân dạng / Personal identification",
        "Ngày, tháng, năm / Date, month, year: 13/05/2024",
        f"IDVNM{number[3:]}0{number}<<4",
        f"{mrz_name}<<<<<<<<<<<<<<<<<<",
    ]


HIM = ("Hồ Minh Kiên", "092081500610", "13/01/1981", "Nam")
HER = ("Huỳnh Thị Trâm", "045179902577", "04/05/1979", "Nữ")


def _sheet(*people: tuple[str, str, str, str], backs: bool = True) -> PageText:
    words: list[Word] = []
    for k, (name, number, dob, sex) in enumerate(people):
        y = 300 + 900 * k  # one card under the other, front left and back right
        words += _piece(250, y, _front(name, number, dob, sex), 2 * k)
        if backs:
            words += _piece(1400, y, _back(number, name.split()[0].upper()), 2 * k + 1)
    lines: dict[tuple[int, int], list[str]] = {}
    for w in words:
        lines.setdefault((w.block, w.line), []).append(w.text)
    text = "\n".join(" ".join(ws) for ws in lines.values())
    return PageText("the.pdf", 1, text, "ocr", confidence=92.0, words=words)


def test_two_holders_split_front_and_back_kept_together() -> None:
    parts = split_holders(_sheet(HIM, HER))
    assert len(parts) == 2
    assert HIM[1] in parts[0].text and HER[1] not in parts[0].text
    assert f"IDVNM{HIM[1][3:]}" in parts[0].text  # its back
    assert HER[1] in parts[1].text and HIM[0].upper() not in parts[1].text


@pytest.mark.parametrize("backs", [True, False])
def test_one_holder_is_left_whole(backs: bool) -> None:
    page = _sheet(HIM, backs=backs)
    assert split_holders(page) == [page]


@pytest.mark.parametrize("blank_back", [False, True])
def test_couple_cards_on_one_sheet_match_the_marriage_form(blank_back: bool) -> None:
    """Read as one paper, the sheet gave his name with her number: a mismatch that sent a
    complete dossier to review (or, his number on the form unread, a request to correct the
    form). The sheet's blank back scanned after it is part of the paper, not a holder."""
    cat = load_catalog()
    rows = [
        ("Thông tin", "Bên nam", "Bên nữ"),
        ("Họ, chữ đệm, tên", HIM[0], HER[0]),
        ("Ngày, tháng, năm sinh", HIM[2], HER[2]),
        ("Dân tộc", "Kinh", "Kinh"),
        ("Giấy tờ tùy thân", HIM[1], HER[1]),  # unread, the cards would compare nothing
    ]
    words = _piece(600, 100, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỜ KHAI ĐĂNG KÝ KẾT HÔN"], 0)
    for n, row in enumerate(rows):
        for k, (x, cell) in enumerate(zip((100, 900, 1500), row, strict=True)):
            words += _piece(x, 300 + 60 * n, [cell], 10 + 3 * n + k)
    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỜ KHAI ĐĂNG KÝ KẾT HÔN\n"
    text += "\n".join(" ".join(row) for row in rows)
    form = PageText("tk.jpg", 1, text, "ocr", 92.0, words=words)
    today = date(2026, 3, 16)
    proc = cat.get("KET_HON", today)
    assert proc is not None
    pages = [form, _sheet(HER, HIM)]  # hers on top: read whole, the sheet is hers
    if blank_back:
        pages.append(PageText("the.pdf", 2, "", "ocr", None, words=[], notes=["blank page"]))
    d = assess(proc, pages, catalog=cat, today=today).to_dict()
    assert d["status"] == "received", d
    assert d["applicant"]["id_number"] == HIM[1]


@pytest.mark.parametrize(
    ("printed", "parts"),
    [
        ("50" + HER[1], 2),  # "Số" read as "50": her number after it
        ("50" + HIM[1][:-2] + "19", 1),  # his own, misread: one holder (his zone says so)
    ],
)
def test_a_number_read_with_its_label_as_digits(printed: str, parts: int) -> None:
    """Her card's number read "50045179902577" (the "Số" before it read as digits), his
    card's back beside it: the last twelve are hers, a number her birth date's year allows,
    so the sheet shows two holders (dev8 11772). The same prefix before a misreading of
    his own number (two digits off the one his zone gives) is his."""
    words = _piece(250, 300, _front(*HIM), 0) + _piece(1400, 300, _back(HIM[1], "HO"), 1)
    her = _front(*HER)
    her[2] = printed
    if parts == 1:
        her = _front(*HIM)
        her[2] = printed
    words += _piece(250, 1200, her, 2)
    page = PageText("the.pdf", 1, "", "ocr", confidence=92.0, words=words)
    assert len(split_holders(page)) == parts


@pytest.mark.parametrize(
    ("stamp", "parts"),
    [
        ("Chứng thực bản sao đúng với bản chính. Số chứng thực: 938202202658 CT/BS", 1),
        ("Số / No.: 045179902577", 2),  # a second card's number does name a holder
    ],
)
def test_a_certified_copys_entry_number_names_no_holder(stamp: str, parts: int) -> None:
    """A certified copy's stamp under the card numbers its entry in the register with
    twelve digits ("Số chứng thực: 938202202658", dev9 12098): no one's ID number, so the
    page shows one holder, not two."""
    words = _piece(250, 300, _front(*HIM), 0) + _piece(250, 1500, [stamp, "Ngày 05/03/2026"], 1)
    page = PageText("the.pdf", 1, "", "ocr", confidence=92.0, words=words)
    assert len(split_holders(page)) == parts


@pytest.mark.parametrize(("zone", "parts"), [("099081500610", 1), ("092081500611", 2)])
def test_a_cards_zone_with_another_province_is_the_same_holder(zone: str, parts: int) -> None:
    """The front's printed "092081500610" and the back's zone read "099081500610": the zone's
    check digit covers the last nine digits only, and those agree, so one card, one holder
    (dev11 12525, dev8 11794, dev10 12386 were split in two and sent to review); a number
    that differs in those nine is another card's."""
    words = _piece(250, 300, _front(*HIM), 0) + _piece(1400, 300, _back(zone, "HO"), 1)
    page = PageText("the.pdf", 1, "", "ocr", confidence=92.0, words=words)
    assert len(split_holders(page)) == parts


@pytest.mark.parametrize(
    ("printed", "parts"),
    [
        ("sø (045179 9025 77", 2),  # her number read in groups: hers
        ("sø (045179 9025 7", 1),  # eleven digits: no number
        ("sø (045180 9025 77", 1),  # a year no date on her card gives: no number read
    ],
)
def test_a_number_read_in_groups_names_its_holder(printed: str, parts: int) -> None:
    """Her card's number read in groups ("(079195 6853 53"), his card with its back above
    it: the groups' twelve digits, a number her birth date's year allows, name her, and
    the sheet shows two holders (dev40 19551: one card's number with the other's birth
    date, a request for a complete dossier)."""
    words = _piece(250, 300, _front(*HIM), 0) + _piece(1400, 300, _back(HIM[1], "HO"), 1)
    her = _front(*HER)
    her[2] = printed
    words += _piece(250, 1200, her, 2)
    page = PageText("the.pdf", 1, "", "ocr", confidence=92.0, words=words)
    assert len(split_holders(page)) == parts
