"""Dossier codes <agency>-YYMMDD-<sequence> (hoso.codes)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hoso.codes import DOSSIER_CODE_RE, DossierCode, dossier_code, parse_dossier_code
from hoso.workdays import TZ

pytestmark = pytest.mark.unit


def test_example_from_the_national_systems() -> None:
    code = dossier_code("000.00.19.H47", datetime(2026, 1, 5, 9, 15, tzinfo=TZ), 1)
    assert code == "000.00.19.H47-260105-0001"
    assert DOSSIER_CODE_RE.match(code)


def test_sequence_padding_and_growth() -> None:
    at = datetime(2026, 12, 31, 16, 59, tzinfo=TZ)
    assert dossier_code("G22.35", at, 42) == "G22.35-261231-0042"
    assert dossier_code("G22.35", at, 9999).endswith("-9999")
    assert dossier_code("G22.35", at, 10000).endswith("-10000")


def test_date_is_taken_in_vietnam_time() -> None:
    # 23:30 UTC on 4 Jan is 06:30 on 5 Jan in Vietnam
    at = datetime(2026, 1, 4, 23, 30, tzinfo=UTC)
    assert dossier_code("000.00.19.H47", at, 7) == "000.00.19.H47-260105-0007"


@pytest.mark.parametrize(
    ("agency", "at", "seq"),
    [
        ("", datetime(2026, 1, 5, tzinfo=TZ), 1),
        ("000 00", datetime(2026, 1, 5, tzinfo=TZ), 1),
        ("000.00-19", datetime(2026, 1, 5, tzinfo=TZ), 1),
        ("000.00.19.H47", datetime(2026, 1, 5), 1),  # naive
        ("000.00.19.H47", datetime(2026, 1, 5, tzinfo=TZ), 0),
        ("000.00.19.H47", datetime(2026, 1, 5, tzinfo=TZ), -3),
        ("000.00.19.H47", datetime(2026, 1, 5, tzinfo=TZ), True),
    ],
)
def test_rejects_bad_input(agency: str, at: datetime, seq: int) -> None:
    with pytest.raises(ValueError):
        dossier_code(agency, at, seq)


def test_round_trip() -> None:
    at = datetime(2027, 2, 11, 8, 0, tzinfo=TZ)
    code = dossier_code(" 000.00.19.H47 ", at, 123)
    parsed = parse_dossier_code(code)
    assert parsed == DossierCode("000.00.19.H47", date(2027, 2, 11), 123)
    assert str(parsed) == code


@pytest.mark.parametrize(
    "bad", ["", "000.00.19.H47-260105-01", "000.00.19.H47-261305-0001", "H47-260105-0000", "x"]
)
def test_parse_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_dossier_code(bad)
