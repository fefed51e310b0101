"""The household members' minutes: members as numbered items of running text, and the
household head they choose, who files when the form is missing.
Pages are written out as the OCR stage hands them over."""

from __future__ import annotations

from typing import Any

import pytest

from hoso.catalog import Catalog, load_catalog
from hoso.understand import assess
from hoso.understand.fields import extract
from hoso.understand.values import FieldValue
from tests.unit.test_identity import MOTTO, TODAY, cccd, page

pytestmark = pytest.mark.unit

HEAD = {"name": "Phạm Quốc Huy", "id": "001092012345", "dob": "08/04/1992"}
WIFE = {"name": "Lê Thanh Hà", "id": "093197138566", "dob": "12/08/1997"}


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


def minutes(head: dict[str, str] = HEAD, wife: dict[str, str] = WIFE) -> str:
    """The minutes as running text: each member a numbered item, the head listed first."""
    return MOTTO + (
        "BIÊN BẢN HỌP THÀNH VIÊN HỘ GIA ĐÌNH\n(V/v thành lập hộ kinh doanh)\n"
        "Hôm nay, ngày 10/03/2026, tại số 12 phố Lê Lợi, các thành viên hộ gia đình gồm:\n"
        f"1. Ông/bà: {head['name']} sinh ngày {head['dob']}\n"
        f"số định danh cá nhân: {head['id']}; quan hệ: Chủ hộ\n"
        f"2. Ông/bà: {wife['name']} sinh ngày {wife['dob']}\n"
        f"số định danh cá nhân: {wife['id']}; quan hệ: Vợ\n"
        "NỘI DUNG CUỘC HỌP:\n"
        f"Các thành viên nhất trí cử ông/bà {HEAD['name']} làm chủ hộ kinh doanh.\n"
    )


def read(cat: Catalog, text: str) -> dict[str, str]:
    fields = extract(cat.document_types["bien_ban_hop"], [page("bb.jpg", text, scanned=True)])
    return {k: v.value for k, v in fields.items() if v.valid}


def run(cat: Catalog, *pages: Any, typed: str | None = None) -> dict[str, Any]:
    proc = cat.get("HO_KINH_DOANH", TODAY)
    assert proc is not None
    manifest = {"applicant": {"name": typed}} if typed else None
    return assess(proc, list(pages), catalog=cat, today=TODAY, manifest=manifest).to_dict()


def test_an_items_number_says_whose_values_its_line_holds(cat: Catalog) -> None:
    """The first member's name and birth date unread: the second item's are the second
    member's, not taken for the first's (dev5 11058, read with its numbers' labels joined
    across lines: the head's number beside his wife's birth date)."""
    unread = {**HEAD, "name": "..............", "dob": "..../..../......"}
    got = read(cat, minutes(unread))
    assert "member1_name" not in got and "member1_dob" not in got
    assert got["member2_name"] == WIFE["name"]
    assert got["member2_dob"] == "1997-08-12"
    assert got["member1_id"] == HEAD["id"]


def test_without_the_form_the_household_head_of_the_minutes_files(cat: Catalog) -> None:
    d = run(cat, page("bb.jpg", minutes(), scanned=True))
    assert d["status"] == "supplement_requested", d
    assert d["applicant"]["full_name"] == HEAD["name"], d["applicant"]
    assert d["applicant"]["id_number"] == HEAD["id"], d["applicant"]


def test_a_name_alone_does_not_outweigh_the_forms_person_read_by_number(cat: Catalog) -> None:
    """The form's name unread, its number read; the station typed the head's name, which
    the minutes give with no number read: who files is the form's person, number and all
    (dev2 10320)."""
    form = MOTTO + (
        "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH\n"
        "Tên hộ kinh doanh: TIỆM TÓC HUY\n"
        "Họ, chữ đệm và tên chủ hộ kinh doanh: ..............................\n"
        f"Ngày, tháng, năm sinh: {HEAD['dob']}\nGiới tính: Nam\n"
        f"Số định danh cá nhân: {HEAD['id']}\n"
        "Nơi cư trú: phường Vinh Phú, tỉnh Nghệ An\n"
    )
    numbers_unread = minutes().replace(HEAD["id"], "..............")
    d = run(
        cat,
        page("dn.pdf", form),
        page("bb.jpg", numbers_unread, scanned=True),
        typed=HEAD["name"].upper(),
    )
    assert d["applicant"]["id_number"] == HEAD["id"], d["applicant"]


@pytest.mark.parametrize(
    ("raw", "patched"),
    [("02/11/19Z8", True), ("Q2/11/1978", True), ("02/11/1978", False), ("ngày 2/11/1978", False)],
)
def test_digits_read_as_letters_are_a_guess(raw: str, patched: bool) -> None:
    fv = FieldValue("dob", "1978-11-02", raw, 100.0, raw)
    assert fv.patched is patched


def _card(p: dict[str, str], name: str | None = None) -> str:
    return MOTTO + (
        "CĂN CƯỚC CÔNG DÂN\nCitizen Identity Card\n"
        f"Số / No.: {p['id']}\n"
        f"Họ và tên / Full name: {(name if name is not None else p['name']).upper()}\n"
        f"Ngày sinh / Date of birth: {p['dob']}\n"
        "Có giá trị đến / Date of expiry: 12/05/2040\n"
    )


@pytest.mark.parametrize("head_named", [True, False])
def test_the_heads_card_gives_the_number_the_minutes_do_not(cat: Catalog, head_named: bool) -> None:
    """No form; the minutes name the head, their numbers unread; two cards: the head's
    (its holder's name read, or not read at all) and the wife's. Whichever card is first,
    the head's gives who files their number: by its name, or as the one card that is not
    someone else's."""
    numbers_unread = minutes().replace(HEAD["id"], "......").replace(WIFE["id"], "......")
    head_card = _card(HEAD, None if head_named else "")
    d = run(
        cat,
        page("cc-vo.pdf", _card(WIFE)),
        page("bb.jpg", numbers_unread, scanned=True),
        page("cc-chu-ho.pdf", head_card),
    )
    assert d["applicant"]["full_name"] == HEAD["name"], d["applicant"]
    assert d["applicant"]["id_number"] == HEAD["id"], d["applicant"]


@pytest.mark.parametrize("code", ["HO_KINH_DOANH", "KET_HON"])
def test_the_passport_brought_instead_of_the_card_says_who_files(cat: Catalog, code: str) -> None:
    """Procedures that take a passport for the ID card: with nothing else naming anyone,
    the passport's holder files (dev10 12174: the form's values unread)."""
    passport = MOTTO + (
        "HỘ CHIẾU / PASSPORT\nSố hộ chiếu / Passport No.: C1234567\n"
        f"Họ và tên / Full name: {HEAD['name'].upper()}\n"
        f"Ngày sinh / Date of birth: {HEAD['dob']}\n"
        f"Số định danh cá nhân / ID No.: {HEAD['id']}\n"
        "Có giá trị đến / Date of expiry: 01/01/2030\n"
    )
    proc = cat.get(code, TODAY)
    assert proc is not None
    d = assess(proc, [page("hc.pdf", passport)], catalog=cat, today=TODAY).to_dict()
    assert d["applicant"]["id_number"] == HEAD["id"], d["applicant"]


def _broken(*lines: str) -> Any:
    """The minutes' members as running text laid out line by line from the left margin."""
    from tests.unit.test_fields import scan

    head = ["BIÊN BẢN HỌP THÀNH VIÊN HỘ GIA ĐÌNH", "các thành viên hộ gia đình gồm:"]
    return scan(*((100.0, 100.0 + 60 * n, line) for n, line in enumerate([*head, *lines])))


def test_a_label_the_line_broke_is_read_on_the_line_it_ends(cat: Catalog) -> None:
    """Running text broke the number's label across two lines ("...; số định danh" /
    "cá nhân: 001092012345; ..."): each member's number is still read (dev4 10902)."""
    page = _broken(
        f"1. Ông/bà: {HEAD['name']} sinh ngày {HEAD['dob']}; số định danh",
        f"cá nhân: {HEAD['id']}; quan hệ: Chủ hộ",
        f"2. Ông/bà: {WIFE['name']} sinh ngày {WIFE['dob']}; số định danh",
        f"cá nhân: {WIFE['id']}; quan hệ: Vợ",
    )
    got = {k: v.value for k, v in extract(cat.document_types["bien_ban_hop"], [page]).items()}
    assert got["member1_id"] == HEAD["id"]
    assert got["member2_id"] == WIFE["id"]


def test_a_label_is_not_made_of_words_that_merely_end_and_begin_lines(cat: Catalog) -> None:
    """The first words of a label ending a line are not it unless the rest begins the
    next one: "nhân viên" under "số định danh" is no label."""
    page = _broken(
        f"1. Ông/bà: {HEAD['name']} sinh ngày {HEAD['dob']}; số định danh",
        f"nhân viên: {HEAD['id']}; quan hệ: Chủ hộ",
    )
    assert "member1_id" not in extract(cat.document_types["bien_ban_hop"], [page])


def _listed(*rows: tuple[str, str, str, str, str], wrapped: bool = False) -> Any:
    """The minutes listing the members in a table: one row each under column headers,
    the headers centred over cells written from the left (``wrapped``: the number's
    header over two lines, "Số định danh cá" over "nhân")."""
    from tests.unit.test_fields import scan

    top = 400 if wrapped else 360
    cells: list[tuple[float, float, str]] = [
        (100, 100, "BIÊN BẢN HỌP THÀNH VIÊN HỘ GIA ĐÌNH"),
        (100, 160, "(V/v thành lập hộ kinh doanh)"),
        (100, 220, "các thành viên hộ gia đình gồm:"),
        (100, 300, "STT"),
        (330, 300, "Họ và tên"),
        (700, 300, "Ngày sinh"),
        (980, 300, "Số định danh cá" if wrapped else "Số định danh cá nhân"),
        (1400, 300, "Quan hệ"),
    ]
    if wrapped:
        cells.append((1020, 340, "nhân"))
    for n, (stt, name, dob, number, rel) in enumerate(rows):
        y = top + 60 * n
        cells += [(110, y, stt), (230, y, name), (690, y, dob), (980, y, number), (1400, y, rel)]
    cells.append((100, top + 60 * len(rows), "NỘI DUNG CUỘC HỌP:"))
    return scan(*cells)


def test_members_listed_in_a_table_are_read_row_by_row(cat: Catalog) -> None:
    """The members listed one row each under "STT | Họ và tên | Ngày sinh | Số định danh
    cá nhân | Quan hệ": the n-th row's cells are the n-th member's (a 1 read as l too), the
    relationship column left out (dev4 10746, 10782)."""
    page = _listed(
        ("l", HEAD["name"], HEAD["dob"], HEAD["id"], "Chủ hộ"),
        ("2", WIFE["name"], WIFE["dob"], WIFE["id"], "Vợ"),
    )
    got = {k: v.value for k, v in extract(cat.document_types["bien_ban_hop"], [page]).items()}
    assert got["member1_name"] == HEAD["name"]
    assert got["member1_dob"] == "1992-04-08"
    assert got["member1_id"] == HEAD["id"]
    assert got["member2_name"] == WIFE["name"]
    assert got["member2_id"] == WIFE["id"]
    d = run(cat, page, typed=HEAD["name"])
    assert d["applicant"]["id_number"] == HEAD["id"], d["applicant"]


def test_a_list_whose_header_wrapped_is_read_and_its_members_named_by_number(
    cat: Catalog,
) -> None:
    """The list's header "Số định danh cá" over "nhân" (a line of its own between the
    headers and the first member: dev17 13890): the members are still read row by row;
    the second member's card then compared with the second row, its birth date another,
    is named in the reason as the list numbers them, "thành viên thứ 2"."""
    listed = _listed(
        ("1", HEAD["name"], HEAD["dob"], HEAD["id"], "Chủ hộ"),
        ("2", WIFE["name"], WIFE["dob"], WIFE["id"], "Vợ"),
        wrapped=True,
    )
    got = {k: v.value for k, v in extract(cat.document_types["bien_ban_hop"], [listed]).items()}
    assert (got["member1_id"], got["member2_id"]) == (HEAD["id"], WIFE["id"]), got
    assert got["member2_dob"] == "1997-08-12", got
    wifes_card = page("cc-vo.jpg", _card({**WIFE, "dob": "12/03/1997"}), scanned=True, conf=80.0)
    d = run(cat, listed, page("cc-chu-ho.pdf", _card(HEAD)), wifes_card, typed=HEAD["name"])
    assert any("thành viên thứ 2" in r for r in d["review_reasons"]), d


def test_a_head_read_without_the_last_word_of_his_name_finds_his_card(cat: Catalog) -> None:
    """No form: the minutes' head read off a phone photo as "Phạm Quốc" (his name's last
    word lost), his birth date and number unread; the cards of the head and of his wife
    are there: the one card whose holder's name begins so gives who files his number (dev24
    15702). A son's card ("Phạm Quốc Bảo") as well: neither is taken."""
    cut = {"name": "Phạm Quốc", "id": "............", "dob": "..../..../......"}
    bb = page("bb.jpg", minutes(cut), scanned=True, conf=90.0)
    cards = [
        page("c1.pdf", cccd({**HEAD, "sex": "Nam"})),
        page("c2.pdf", cccd({**WIFE, "sex": "Nữ"})),
    ]
    d = run(cat, bb, *cards)
    assert d["applicant"]["id_number"] == HEAD["id"], d["applicant"]
    son = {"name": "Phạm Quốc Bảo", "id": "001215012345", "dob": "02/02/2015", "sex": "Nam"}
    d = run(cat, bb, *cards, page("c3.pdf", cccd(son)))
    assert d["applicant"]["id_number"] is None, d["applicant"]


@pytest.mark.parametrize("reread", [True, False])
def test_two_scans_misread_alike_yield_to_the_card_their_re_read_agrees_with(
    cat: Catalog, reread: bool
) -> None:
    """A hand-written "08" read "02" on the form and on the minutes alike (one font, one
    misreading: dev24 15576); the card, read surely, gives 08, which the re-read of the
    form's and the minutes' dates read too: the card's date, two independent readings
    agreeing. Without that re-read, the scans outvote nothing: a person looks."""
    misread = HEAD["dob"].replace("08/", "02/")
    form = MOTTO + (
        "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH\n"
        "Tên hộ kinh doanh: TIỆM TÓC HUY\n"
        f"Họ, chữ đệm và tên chủ hộ kinh doanh: {HEAD['name']}\n"
        f"Ngày, tháng, năm sinh: {misread}\nGiới tính: Nam\n"
        f"Số định danh cá nhân: {HEAD['id']}\n"
        "Nơi cư trú: phường Vinh Phú, tỉnh Nghệ An\n"
    )
    scans = [
        page("dn.jpg", form, scanned=True, conf=70.0),
        page("bb.jpg", minutes().replace(HEAD["dob"], misread), scanned=True, conf=70.0),
    ]
    for p in scans:
        for w in p.words:
            if w.text == misread and reread:
                w.alts = [HEAD["dob"]]
    d = run(cat, *scans, page("cc.jpg", _card(HEAD), scanned=True, conf=96.0))
    assert d["status"] == ("received" if reread else "needs_review"), d
    if reread:
        assert d["applicant"]["date_of_birth"] == "1992-04-08", d["applicant"]
