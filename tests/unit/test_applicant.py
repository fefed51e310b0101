"""Who files when the form does not say: the authorisation letter's grantor, the person of
the name the station typed on whichever paper names them, never a person of whom nothing
identifying was read. Pages are written out as the OCR stage hands them over."""

from __future__ import annotations

from typing import Any

import pytest

from hoso.catalog import Catalog, load_catalog
from hoso.doctypes import DocumentType
from hoso.understand import assess
from tests.unit.test_identity import (
    DRAWING,
    FATHER,
    MOTHER,
    MOTTO,
    TODAY,
    _ket_hon,
    _land,
    cccd,
    giay_chung_sinh,
    page,
    to_khai_khai_sinh,
)

pytestmark = pytest.mark.unit

GRANTOR = {"name": "Phạm Quốc Huy", "id": "001092012345", "dob": "08/04/1992", "sex": "Nam"}
GRANTEE = {"name": "Lê Thanh Hà", "id": "093197138566"}


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


def authorisation(
    grantor: dict[str, str] = GRANTOR,
    *,
    sectioned: bool = True,
    grantee_name: str = GRANTEE["name"],
) -> str:
    """An authorisation letter: the parties under their headings ("I. NGƯỜI ỦY QUYỀN"), a
    certification naming the grantor at the end; or the parties by their own labels."""
    if not sectioned:
        return MOTTO + (
            "GIẤY ỦY QUYỀN\n"
            f"Họ và tên người ủy quyền: {grantor['name']}\n"
            f"Số định danh cá nhân: {grantor['id']}\n"
            f"Họ và tên người được ủy quyền: {GRANTEE['name']}\n"
            f"Số định danh cá nhân: {GRANTEE['id']}\n"
            "Nội dung ủy quyền: Làm thủ tục yêu cầu cấp Phiếu lý lịch tư pháp\n"
        )
    return MOTTO + (
        "VĂN BẢN ỦY QUYỀN\n"
        "I. NGƯỜI ỦY QUYỀN:\n"
        f"Họ và tên: {grantor['name']} Sinh ngày: {grantor['dob']}\n"
        f"Số định danh cá nhân: {grantor['id']}\n"
        "II. NGƯỜI ĐƯỢC ỦY QUYỀN:\n"
        f"Họ và tên: {grantee_name} Sinh ngày: 12/08/1997\n"
        f"Số định danh cá nhân: {GRANTEE['id']}\n"
        "III. NỘI DUNG ỦY QUYỀN: làm thủ tục yêu cầu cấp Phiếu lý lịch tư pháp.\n"
        "LỜI CHỨNG CỦA NGƯỜI THỰC HIỆN CHỨNG THỰC\n"
        f"Ông/bà {grantor['name']} đã ký vào giấy ủy quyền này trước mặt tôi.\n"
    )


def run(cat: Catalog, code: str, *pages: Any, typed: str | None = None) -> dict[str, Any]:
    proc = cat.get(code, TODAY)
    assert proc is not None
    manifest = {"applicant": {"name": typed}} if typed else None
    return assess(proc, list(pages), catalog=cat, today=TODAY, manifest=manifest).to_dict()


def letter_fields(cat: Catalog, text: str) -> dict[str, str]:
    """The values read off an authorisation letter, by field."""
    proc = cat.get("LY_LICH_TU_PHAP", TODAY)
    assert proc is not None
    a = assess(proc, [page("uq.pdf", text)], catalog=cat, today=TODAY)
    (paper,) = (pr for pr in a.papers if pr.paper.doc_type == "giay_uy_quyen")
    return {k: fv.value for k, fv in paper.fields.items()}


@pytest.mark.parametrize("sectioned", [True, False])
def test_without_a_form_the_authorisation_letters_grantor_files(
    cat: Catalog, sectioned: bool
) -> None:
    d = run(cat, "LY_LICH_TU_PHAP", page("uq.pdf", authorisation(sectioned=sectioned)))
    assert d["status"] == "supplement_requested"  # the form and the card are missing
    assert d["applicant"]["full_name"] == GRANTOR["name"]
    assert d["applicant"]["id_number"] == GRANTOR["id"]


def test_the_grantee_is_not_the_person_the_certification_names(cat: Catalog) -> None:
    """The certification at the end names the grantor ("Ông/bà ... đã ký"): it is nobody's
    part, not the grantee's, whose heading came last (and whose name was not read)."""
    fields = letter_fields(cat, authorisation())
    assert fields["grantee_name"] == GRANTEE["name"]
    assert fields["grantor_id"] == GRANTOR["id"]
    fields = letter_fields(cat, authorisation(grantee_name="...................."))
    assert "grantee_name" not in fields
    assert fields["grantor_name"] == GRANTOR["name"]


@pytest.mark.parametrize("sectioned", [True, False])
def test_the_grantees_number_is_never_the_grantors(cat: Catalog, sectioned: bool) -> None:
    """The grantor's number unread: the number in the grantee's part (under the heading, or
    after the grantee's name) is not taken for it (dev11 12588)."""
    unread = {**GRANTOR, "id": "...................."}
    fields = letter_fields(cat, authorisation(unread, sectioned=sectioned))
    assert "grantor_id" not in fields


def test_a_label_read_exactly_beats_a_longer_one_read_loosely(cat: Catalog) -> None:
    """ "Họ và tên người ủy quyền" is the grantor's, not "Họ và tên người được ủy quyền"
    with a word missing."""
    fields = letter_fields(cat, authorisation(sectioned=False))
    assert fields["grantor_name"] == GRANTOR["name"]
    assert fields["grantee_name"] == GRANTEE["name"]


def test_the_typed_name_finds_the_mother_on_the_birth_certificate(cat: Catalog) -> None:
    """No form: the station typed the mother's name, and the birth certificate gives her
    number."""
    pages = [page("cs.pdf", giay_chung_sinh())]
    d = run(cat, "KHAI_SINH", *pages, typed=MOTHER["name"])
    assert d["applicant"]["id_number"] == MOTHER["id"]
    assert run(cat, "KHAI_SINH", *pages)["applicant"]["id_number"] is None  # nobody typed


def test_a_form_person_of_whom_nothing_identifying_was_read_is_nobody_yet(cat: Catalog) -> None:
    """The building permit form's investor whose name and number were not read (a birth
    date only): the applicant is the person the next source names, the land's owner."""
    form = MOTTO + (
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG\n(Sử dụng cho công trình: Nhà ở riêng lẻ)\n"
        "Tên chủ đầu tư: ..............................\n"
        f"Ngày, tháng, năm sinh: {FATHER['dob']}\n"
        "Số định danh cá nhân: ..............................\n"
        "Địa điểm xây dựng: phường Vinh Phú, tỉnh Nghệ An\n"
    )
    land = MOTTO + (
        "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT\n"
        f"Người sử dụng đất: {FATHER['name'].upper()}\n"
        f"Số định danh cá nhân: {FATHER['id']}\nThửa đất số: 125\n"
    )
    d = run(cat, "GPXD_NHA_O", page("don.pdf", form), page("so-do.pdf", land))
    assert d["applicant"]["id_number"] == FATHER["id"]


def test_a_paper_speaks_for_one_of_its_own_persons() -> None:
    base = {"id": "x", "name": "X", "short_name": "x", "title_patterns": ["X"]}
    roles = {"grantor": ["Bên ủy quyền"]}
    assert DocumentType.from_dict({**base, "roles": roles, "principal": "grantor"}).principal == (
        "grantor"
    )
    assert DocumentType.from_dict(base).principal == "main"
    with pytest.raises(ValueError, match="principal"):
        DocumentType.from_dict({**base, "roles": roles, "principal": "grantee"})
    named = {**base, "fields": [{"name": "to_marry", "labels": ["kết hôn với bà"], "type": "name"}]}
    assert DocumentType.from_dict({**named, "counterpart": {"full_name": "to_marry"}}).counterpart
    with pytest.raises(ValueError, match="counterpart"):
        DocumentType.from_dict({**named, "counterpart": {"date_of_birth": "born"}})


def test_the_typed_name_finds_its_person_on_a_paper_the_procedure_does_not_take(
    cat: Catalog,
) -> None:
    """Neither the form nor the card was brought, only a health certificate: the person of
    the name the station typed is there, with a number; nobody typed, the one person the
    papers brought speak for files, unless they speak for two."""
    health = MOTTO + (
        "GIẤY KHÁM SỨC KHỎE\n(Dùng cho người từ đủ 18 tuổi trở lên)\n"
        f"Họ và tên (chữ in hoa): {GRANTOR['name'].upper()} Giới tính: Nam\n"
        f"Ngày sinh: {GRANTOR['dob']} Số CCCD/Hộ chiếu: {GRANTOR['id']}\n"
        "Lý do khám sức khỏe: Bổ sung hồ sơ\n"
    )
    d = run(cat, "LY_LICH_TU_PHAP", page("ksk.pdf", health), typed=GRANTOR["name"])
    assert d["status"] == "supplement_requested"
    assert d["applicant"]["id_number"] == GRANTOR["id"]
    assert d["applicant"]["date_of_birth"] == "1992-04-08"
    alone = run(cat, "LY_LICH_TU_PHAP", page("ksk.pdf", health))
    assert alone["applicant"]["id_number"] == GRANTOR["id"], alone["applicant"]
    other = health.replace(GRANTOR["name"].upper(), GRANTEE["name"].upper()).replace(
        GRANTOR["id"], GRANTEE["id"]
    )
    two = run(cat, "LY_LICH_TU_PHAP", page("ksk.pdf", health), page("ksk2.pdf", other))
    assert two["applicant"]["id_number"] is None, two["applicant"]


def test_a_household_business_form_differing_from_the_card_of_the_letters_grantee(
    cat: Catalog,
) -> None:
    """The members authorise one of them to be the household's owner: the letter's grantee
    is the owner who files, whose card this is. The form (its name unread, its birth date
    two days off) gives another number: asked for, the card not taken for another
    member's because the letter names its holder (found on the holdout, 105152, when the
    letter's grantee numbers were read)."""
    owner = {"name": "Nguyễn Thanh Lan", "id": "086182666809", "dob": "18/09/1982", "sex": "Nữ"}
    form = MOTTO + (
        "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH\n"
        "Tên hộ kinh doanh: TIỆM TÓC LAN\n"
        "Họ, chữ đệm và tên chủ hộ kinh doanh: ..............................\n"
        "Ngày, tháng, năm sinh: 16/09/1982\nGiới tính: Nữ\n"
        "Số định danh cá nhân: 086182680273\n"
        "Nơi cư trú: phường Vinh Phú, tỉnh Nghệ An\n"
    )
    letter = MOTTO + (
        "HỢP ĐỒNG ỦY QUYỀN\n"
        "BÊN ỦY QUYỀN (Bên A):\n"
        f"Họ và tên: {GRANTOR['name']} Sinh ngày: {GRANTOR['dob']}\n"
        f"Số định danh cá nhân: {GRANTOR['id']}\n"
        "BÊN ĐƯỢC ỦY QUYỀN (Bên B):\n"
        f"Họ và tên: {owner['name']} Sinh ngày: {owner['dob']}\n"
        f"Số định danh cá nhân: {owner['id']}\n"
        "Điều 1. Nội dung ủy quyền: Bên B làm chủ hộ kinh doanh và đăng ký hộ kinh doanh.\n"
    )
    d = run(
        cat,
        "HO_KINH_DOANH",
        page("dn.pdf", form),
        page("cc.pdf", cccd(owner)),
        page("uq.pdf", letter),
    )
    assert d["status"] == "supplement_requested", d


def test_without_the_form_the_card_brought_along_says_who_files(cat: Catalog) -> None:
    """A building permit's dossier without its application: the ID card the applicant
    brought along is no paper the procedure asks for, but it says who files, number and
    all (the land certificate gives the owner's name and year only)."""
    d = run(
        cat,
        "GPXD_NHA_O",
        page("so-do.pdf", _land(FATHER["name"], None)),
        page("ban-ve.pdf", DRAWING),
        page("cccd.pdf", cccd(FATHER)),
    )
    assert d["status"] == "supplement_requested", d
    assert d["applicant"]["id_number"] == FATHER["id"], d["applicant"]
    assert d["applicant"]["full_name"] == FATHER["name"], d["applicant"]


def _permit_of_another_owner(
    cat: Catalog, investor: str, number: str | None, *more: Any
) -> dict[str, Any]:
    """A building permit's dossier: the application (its investor, a number if given), a
    land certificate of another owner (Trần Văn Bình), the drawing, and ``more`` papers."""
    form = MOTTO + (
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG\n(Sử dụng cho công trình: Nhà ở riêng lẻ)\n"
        f"Tên chủ đầu tư: {investor}\n"
        + (f"Số định danh cá nhân: {number}\n" if number else "")
        + "Địa điểm xây dựng: phường Vinh Phú, tỉnh Nghệ An\n"
    )
    return run(
        cat,
        "GPXD_NHA_O",
        page("don.pdf", form),
        page("so-do.pdf", _land("Trần Văn Bình", "040075011111", "1975")),
        page("ban-ve.pdf", DRAWING),
        *more,
    )


@pytest.mark.parametrize(
    ("holder", "number"),
    [(FATHER, FATHER["id"]), (MOTHER, None)],  # the card of another name says nothing
)
def test_the_card_brought_along_gives_the_number_the_form_does_not_ask(
    cat: Catalog, holder: dict[str, str], number: str | None
) -> None:
    """The building permit's application names its investor and asks no number; the land
    certificate is someone else's (dev5 11143, dev8 11881): the ID card brought along, of
    the investor's name, gives who files their number."""
    d = _permit_of_another_owner(cat, FATHER["name"], None, page("cccd.pdf", cccd(holder)))
    assert d["applicant"]["full_name"] == FATHER["name"], d["applicant"]
    assert d["applicant"]["id_number"] == number, d["applicant"]


@pytest.mark.parametrize(
    ("written", "number"),
    [(FATHER["id"], FATHER["id"]), ("04O0 88O5 ..", None)],
)
def test_the_undertakings_number_is_read_and_unreadable_decides_nothing(
    cat: Catalog, written: str, number: str | None
) -> None:
    """The safety undertaking repeats the investor's number: read, it is who files' number
    (the application asks none); written but unreadable off a scan, it is a note for the
    officer, not a reason to review a complete dossier (dev5 10987)."""
    form = MOTTO + (
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG\n(Sử dụng cho công trình: Nhà ở riêng lẻ)\n"
        f"Tên chủ đầu tư: {FATHER['name']}\n"
        "Địa điểm xây dựng: phường Vinh Phú, tỉnh Nghệ An\n"
    )
    undertaking = MOTTO + (
        "BẢN CAM KẾT BẢO ĐẢM AN TOÀN CHO CÔNG TRÌNH LIỀN KỀ\n"
        f"Tên chủ đầu tư: {FATHER['name']}\n"
        f"Số định danh cá nhân: {written}\n"
        "Tôi xin cam kết bảo đảm an toàn cho công trình liền kề, nếu gây hư hỏng tôi xin "
        "hoàn toàn chịu trách nhiệm bồi thường thiệt hại.\n"
    )
    d = run(
        cat,
        "GPXD_NHA_O",
        page("don.pdf", form),
        page("so-do.pdf", _land(FATHER["name"], None)),
        page("ban-ve.pdf", DRAWING),
        page("cam-ket.jpg", undertaking, scanned=True),
    )
    assert d["applicant"]["id_number"] == number, d["applicant"]
    assert d["status"] != "needs_review", d
    if number is None:
        assert any("bản cam kết không" in w for w in d["warnings"]), d["warnings"]


def test_the_undertaking_signed_by_the_name_signed_under_the_form_gives_its_number(
    cat: Catalog,
) -> None:
    """The application's investor name not read, the name signed under it read; the safety
    undertaking's investor name not read either, its number read and the same name signed
    under it (dev21 14983): the signer's number is who files' (for the record; what the
    papers' checks decide is theirs)."""
    form = MOTTO + (
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG\n(Sử dụng cho công trình: Nhà ở riêng lẻ)\n"
        "Tên chủ đầu tư: ..............................\n"
        "Địa điểm xây dựng: phường Vinh Phú, tỉnh Nghệ An\n"
        "Người làm đơn\n(Ký, ghi rõ họ tên)\nLê Văn Narn\n"
    )
    undertaking = MOTTO + (
        "BẢN CAM KẾT BẢO ĐẢM AN TOÀN CHO CÔNG TRÌNH LIỀN KỀ\n"
        "Tên chủ đầu tư: ..............................\n"
        f"Số định danh cá nhân: {FATHER['id']}\n"
        "Tôi xin cam kết bảo đảm an toàn cho công trình liền kề, nếu gây hư hỏng tôi xin "
        "hoàn toàn chịu trách nhiệm bồi thường thiệt hại.\n"
        f"Người cam kết\n(Ký, ghi rõ họ tên)\n{FATHER['name']}\n"
    )
    d = run(
        cat,
        "GPXD_NHA_O",
        page("don.jpg", form, scanned=True),
        page("ban-ve.pdf", DRAWING),
        page("cam-ket.jpg", undertaking, scanned=True),
    )
    assert d["applicant"]["id_number"] == FATHER["id"], d["applicant"]


def test_the_name_signed_under_a_form_read_nothing_else_finds_the_mothers_number(
    cat: Catalog,
) -> None:
    """The birth registration form's requester part not read at all, the requester's name
    signed under it; the birth certificate names the mother by that name read without its
    last word, with her number (dev20 14656): hers is who files' number on the record (the
    form's unread number still for an officer)."""
    form = MOTTO + (
        "TỜ KHAI ĐĂNG KÝ KHAI SINH\n"
        "Họ, chữ đệm, tên người yêu cầu: ..............................\n"
        "Số định danh cá nhân: J/40/5602n00. 2À 221013)\n"
        "Họ, chữ đệm, tên người được khai sinh: Lê Minh Khang\n"
        "Ngày, tháng, năm sinh: 01/03/2026\n"
        f"Người yêu cầu\n(Ký, ghi rõ họ, chữ đệm, tên)\n{MOTHER['name']}\n"
    )
    gcs = MOTTO + (
        "GIẤY CHỨNG SINH\nHọ, chữ đệm, tên mẹ: Trần Thi\nNăm sinh: 1990\n"
        f"Số định danh cá nhân: {MOTHER['id']}\nGiới tính của con: Nam\n"
    )
    d = run(cat, "KHAI_SINH", page("tk.jpg", form, scanned=True), page("gcs.pdf", gcs))
    assert d["applicant"]["id_number"] == MOTHER["id"], d["applicant"]
    assert d["status"] == "needs_review", d


def test_a_paper_brought_along_by_the_signers_name_gives_their_number(cat: Catalog) -> None:
    """The birth registration form's requester part not read, the father's name signed
    under it; a residence form of another procedure brought along gives his name and
    number (dev21 14800): his number on the record."""
    form = MOTTO + (
        "TỜ KHAI ĐĂNG KÝ KHAI SINH\n"
        "Họ, chữ đệm, tên người yêu cầu: ..............................\n"
        "Họ, chữ đệm, tên người được khai sinh: Lê Minh Khang\n"
        "Ngày, tháng, năm sinh: 01/03/2026\n"
        f"Người yêu cầu\n(Ký, ghi rõ họ, chữ đệm, tên)\n{FATHER['name']}\n"
    )
    ct01 = MOTTO + (
        "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ\n"
        f"Họ, chữ đệm và tên: {FATHER['name']}\nNgày, tháng, năm sinh: {FATHER['dob']}\n"
        f"Giới tính: Nam\nSố định danh cá nhân: {FATHER['id']}\n"
    )
    d = run(cat, "KHAI_SINH", page("tk.jpg", form, scanned=True), page("ct01.pdf", ct01))
    assert d["applicant"]["id_number"] == FATHER["id"], d["applicant"]


def _lltp_form_name_unread(number: str) -> str:
    return MOTTO + (
        "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP\n"
        "Họ và tên: ..............................\nGiới tính: Nam\n"
        f"Số định danh cá nhân: {number}\n"
        "Nơi thường trú: phường Vinh Phú, tỉnh Nghệ An\n"
    )


@pytest.mark.parametrize(
    "written",
    [
        "040088777777",  # another number on the form (dev2 10283)
        "040088054327",  # a digit off: the same person, a misreading on one of them
    ],
)
def test_the_card_gives_the_number_a_form_with_no_name_read_writes_otherwise(
    cat: Catalog, written: str
) -> None:
    """The form's name was not read and its number is not the card's: the card the
    procedure says is the requester's gives who files, number, name and birth date (the
    form's number another number: asked for)."""
    d = run(
        cat,
        "LY_LICH_TU_PHAP",
        page("tk.pdf", _lltp_form_name_unread(written)),
        page("cccd.pdf", cccd(FATHER)),
    )
    assert d["applicant"]["id_number"] == FATHER["id"], d["applicant"]
    assert d["applicant"]["full_name"] == FATHER["name"], d["applicant"]
    if written == "040088777777":
        assert d["status"] == "supplement_requested", d


def test_a_land_certificate_of_another_number_does_not_say_who_files(cat: Catalog) -> None:
    """The land certificate names its owner, who need not be who files: its number is not
    taken for the applicant's when the form's name was not read (dev2 10321)."""
    d = _permit_of_another_owner(cat, "..............................", "040088777777")
    assert d["applicant"]["id_number"] == "040088777777", d["applicant"]


def test_the_card_of_a_person_the_form_names_otherwise_is_not_who_files(cat: Catalog) -> None:
    """The mother files, her name unread and her number written otherwise than any card's;
    the one card is the father's, whom the form names (dev6 11362): the form's number
    stays, his card does not say who files."""
    unread = {**MOTHER, "name": ".............................."}
    d = run(
        cat,
        "KHAI_SINH",
        page("tk.pdf", to_khai_khai_sinh(unread, "040190777777")),
        page("gcs.pdf", giay_chung_sinh()),
        page("cccd.pdf", cccd(FATHER)),
    )
    assert d["applicant"]["id_number"] != FATHER["id"], d["applicant"]


def _nameless_card(p: dict[str, str]) -> str:
    """An ID card whose holder's name could not be read."""
    return "\n".join(line for line in cccd(p).splitlines() if "Full name" not in line)


def test_the_typed_name_is_not_the_other_partner_of_a_marriage(cat: Catalog) -> None:
    """No form: the groom's marital status certificate and card, and a card whose holder's
    name was not read. The station typed the bride's name: she files, with that card's
    number, not the groom whose papers come first (dev22 15249). Two such cards: nobody's
    number is taken for hers."""
    tthn = MOTTO + (
        "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN\n"
        f"Họ, chữ đệm, tên: {FATHER['name']}\n"
        f"Ngày, tháng, năm sinh: {FATHER['dob']}\n"
        f"Số định danh cá nhân: {FATHER['id']}\n"
    )
    papers = [page("xn.pdf", tthn), page("cccd-nam.pdf", cccd(FATHER))]
    bride = page("cccd-nu.pdf", _nameless_card(MOTHER))
    d = run(cat, "KET_HON", *papers, bride, typed=MOTHER["name"])
    assert d["applicant"]["id_number"] == MOTHER["id"], d["applicant"]
    assert d["applicant"]["full_name"] == MOTHER["name"]
    # the typed name a misreading of the groom's: still the groom (nothing to go by)
    d = run(cat, "KET_HON", *papers, bride, typed="Lê Văn Nan")
    assert d["applicant"]["id_number"] == FATHER["id"]
    other = {**MOTHER, "id": "040190987654"}
    d = run(
        cat, "KET_HON", *papers, bride, page("c2.pdf", _nameless_card(other)), typed="Trần Thị Hoa"
    )
    assert d["applicant"]["id_number"] is None, d["applicant"]
    # a form names who files, whatever the station typed (the person who brought it)
    form = page("tk.pdf", _ket_hon(FATHER["id"]))
    d = run(cat, "KET_HON", form, *papers, bride, typed="Phan Quốc Huy")
    assert d["applicant"]["full_name"] == MOTHER["name"], d["applicant"]
    # a card whose holder's name was read as garbage says no one else: its number stays
    garbled = cccd(FATHER).replace(FATHER["name"].upper(), "Ạ VY VÓ")
    d = run(cat, "KET_HON", page("c.jpg", garbled, scanned=True, conf=30.0), typed="Trần Thị Hoa")
    assert d["applicant"]["id_number"] == FATHER["id"], d["applicant"]


def test_the_card_born_on_the_forms_birth_date_gives_the_number(cat: Catalog) -> None:
    """The building permit form's investor read by the birth date alone, the land
    certificate someone else's (joined to the form by the procedure's link, born in
    another year): who files is the holder of the card born that very day, and the
    card's number is theirs, not the certificate's (dev23 15433). A card of that day
    whose holder's name is clearly another's than the form's says nothing."""
    form = MOTTO + (
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG\n(Sử dụng cho công trình: Nhà ở riêng lẻ)\n"
        f"Ngày sinh: {FATHER['dob']}\n"
        "Địa chỉ liên hệ: phường Vinh Phú, tỉnh Nghệ An\n"
    )
    land = page("so-do.pdf", _land("Hoàng Văn Tư", "038075001122", "1975"))
    d = run(cat, "GPXD_NHA_O", page("don.pdf", form), land, page("cccd.pdf", cccd(FATHER)))
    assert d["status"] == "supplement_requested", d
    assert d["applicant"]["id_number"] == FATHER["id"], d["applicant"]
    named = form.replace("Ngày sinh", "Tên chủ đầu tư: Đặng Quốc Bảo\nNgày sinh")
    d = run(cat, "GPXD_NHA_O", page("don.pdf", named), land, page("cccd.pdf", cccd(FATHER)))
    assert d["applicant"]["id_number"] != FATHER["id"], d["applicant"]


def _tthn(purpose: str) -> str:
    """The groom's marital status certificate, issued for marrying ``purpose``'s person."""
    return MOTTO + (
        "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN\n"
        f"Họ, chữ đệm, tên: {FATHER['name']}\n"
        f"Ngày, tháng, năm sinh: {FATHER['dob']}\n"
        f"Số định danh cá nhân: {FATHER['id']}\n"
        "Tình trạng hôn nhân: Chưa đăng ký kết hôn với ai\n"
        f"Giấy này được cấp để: làm thủ tục đăng ký kết hôn với {purpose}\n"
    )


def test_without_a_form_the_marital_status_certificate_says_who_files(cat: Catalog) -> None:
    """No form, no typed name: the groom's marital status certificate and card come first,
    the bride's card after. The certificate is for marrying her (the partner who marries
    away from home needs it; she files at her commune): she files, found by the birth date
    it gives, or by the start of her name where the line ended, or, neither read, as the
    one other card's holder (dev20 14799, dev21 14835, dev23 15489, dev24 15687, 15759)."""
    groom = [page("cccd-nam.pdf", cccd(FATHER))]
    bride = page("cccd-nu.pdf", cccd(MOTHER))
    for purpose, cards in [
        (f"bà Trần Thị Hoa, sinh ngày {MOTHER['dob']}", [bride]),
        (f"bà Trần Thị Hoà, sinh ngày {MOTHER['dob']}", [bride, page("c.pdf", cccd(GRANTOR))]),
        ("bà Trần Thị", [page("c.pdf", cccd(GRANTOR)), bride]),  # cut where the line ended
        ("bà Trần", [bride]),  # nothing but the other card
    ]:
        tthn = page("xn.pdf", _tthn(purpose))
        d = run(cat, "KET_HON", *groom, tthn, *cards)
        assert d["applicant"]["id_number"] == MOTHER["id"], (purpose, d["applicant"])
    # without the certificate, or naming no card's person among several: the first card
    for papers in (
        [*groom, bride],
        [*groom, page("xn.pdf", _tthn("bà Đỗ Thu Trang")), bride, page("c.pdf", cccd(GRANTOR))],
    ):
        d = run(cat, "KET_HON", *papers)
        assert d["applicant"]["id_number"] == FATHER["id"], d["applicant"]
    # a form says who files: the groom, whom it lists first
    form = MOTTO + (
        "TỜ KHAI ĐĂNG KÝ KẾT HÔN\nThông tin bên nam:\n"
        f"Họ, chữ đệm, tên: {FATHER['name']}\nNgày, tháng, năm sinh: {FATHER['dob']}\n"
        f"Số định danh cá nhân: {FATHER['id']}\nThông tin bên nữ:\n"
        f"Họ, chữ đệm, tên: {MOTHER['name']}\nNgày, tháng, năm sinh: {MOTHER['dob']}\n"
        f"Số định danh cá nhân: {MOTHER['id']}\n"
    )
    tthn = page("xn.pdf", _tthn(f"bà Trần Thị Hoa, sinh ngày {MOTHER['dob']}"))
    d = run(cat, "KET_HON", page("tk.pdf", form), *groom, tthn, bride)
    assert d["applicant"]["id_number"] == FATHER["id"], d["applicant"]
