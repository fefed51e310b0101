"""Personal ID number structure (hoso.idnumber)."""

from __future__ import annotations

from datetime import date

import pytest

from hoso import idnumber

pytestmark = pytest.mark.unit


def test_parse_decodes_structure() -> None:
    chk = idnumber.parse("040190012345")
    assert chk.valid
    assert chk.province == "Nghệ An"
    assert chk.sex == "Nữ" and chk.century == 1900 and chk.year_2digits == 90
    assert idnumber.birth_year("079203001234") == 2003
    assert idnumber.parse("079203001234").sex == "Nam"


@pytest.mark.parametrize("bad", ["04019001234", "0401900123456", "04019001234a", ""])
def test_wrong_length_or_characters(bad: str) -> None:
    chk = idnumber.parse(bad)
    assert not chk.valid
    assert "12 chữ số" in chk.problems[0]


def test_unknown_province_code() -> None:
    chk = idnumber.parse("003190012345")  # 003 is not a province code
    assert not chk.valid
    assert "003" in chk.problems[0]


def test_agreement_with_birth_date_and_sex() -> None:
    ok = idnumber.check("040190012345", date_of_birth=date(1990, 4, 5), sex="Nữ")
    assert ok.valid
    wrong_year = idnumber.check("040190012345", date_of_birth=date(1991, 4, 5))
    assert not wrong_year.valid and "1991" in wrong_year.problems[0]
    wrong_century = idnumber.check("040390012345", date_of_birth=date(1990, 4, 5))
    assert not wrong_century.valid  # digit 3 = female born in the 2000s
    wrong_sex = idnumber.check("040090012345", sex="Nữ")
    assert not wrong_sex.valid and "giới tính" in wrong_sex.problems[0]


def test_normalize_repairs_ocr_lookalikes() -> None:
    assert idnumber.normalize("0790 9501 2345") == "079095012345"
    assert idnumber.normalize("O79O95O12345") is None  # too few real digits
    assert idnumber.normalize("07909S012345") == "079095012345"
    assert idnumber.normalize("Số: 079.095.012.345") == "079095012345"
    assert idnumber.normalize("không có") is None


def test_make_builds_valid_numbers() -> None:
    for dob, sex in [
        (date(1985, 1, 2), "Nam"),
        (date(2004, 6, 30), "Nữ"),
        (date(1999, 12, 31), "Nữ"),
    ]:
        n = idnumber.make("001", sex, dob, 42)
        chk = idnumber.check(n, date_of_birth=dob, sex=sex)
        assert chk.valid, chk.problems
        assert len(n) == 12


def test_normalize_sex() -> None:
    assert idnumber.normalize_sex("Nữ") == "Nữ"
    assert idnumber.normalize_sex("nu") == "Nữ"
    assert idnumber.normalize_sex("Nam   Quốc tịch: Việt Nam") == "Nam"
    assert idnumber.normalize_sex("Male") == "Nam"
    assert idnumber.normalize_sex("?") is None


def test_a_longer_digit_run_is_not_cut_to_twelve() -> None:
    assert idnumber.normalize("0432081784249") is None
    assert idnumber.normalize("Số: 043208178424.") == "043208178424"
