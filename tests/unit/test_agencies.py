"""Agencies, counters, routing and per-agency office rules (hoso.agencies, schemas/agencies/)."""

from __future__ import annotations

import copy
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import pytest

from hoso.agencies import AgencyDirectory, load_agencies, route
from hoso.catalog import ProcessingTime, load_catalog
from hoso.resources import load_json, schema_errors
from hoso.services.defaults import due_at
from hoso.workdays import TZ, load_calendar

pytestmark = pytest.mark.unit

SHARED = "quay-chung"
SEVEN_2021 = {"H40.SNGV", "H40.SNV", "H40.SVHTT", "H40.SDL", "H40.STTTT", "H40.SKHCN", "H40.STC"}
FIVE_2025 = SEVEN_2021 - {"H40.SDL", "H40.STTTT"}
SPRING_2024, JULY_2025, SPRING_2026 = date(2024, 6, 3), date(2025, 7, 1), date(2026, 3, 5)


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


FIVE_DAYS = ProcessingTime(amount=5, unit="working_days")


@dataclass
class Proc:
    """What routing and the due date read of a procedure."""

    agency_code: str | None
    code: str = "TEST"
    agency: str = "Tên cơ quan trong thủ tục"
    processing_time: ProcessingTime = FIVE_DAYS


@pytest.fixture(scope="module")
def agencies() -> AgencyDirectory:
    return load_agencies()


def data() -> dict[str, Any]:
    return copy.deepcopy(load_json("agencies/nghe-an.json"))


# ------------------------------------------------------------------ the data
def test_agency_data_is_valid_nfc_and_says_how_sure_it_is() -> None:
    doc = data()
    assert schema_errors("agencies/agencies.schema.json", doc) == []
    for entry in doc["agencies"] + doc["counters"]:
        assert unicodedata.is_normalized("NFC", entry["name"]), entry["name"]
        assert any(tag in entry["source"] for tag in ("[C]", "[V]", "[M]")), entry
    # a 2025 version is a merger or a renaming that was not checked against the decisions
    for entry in doc["agencies"]:
        if entry["effective_from"] == "2025-07-01" or entry.get("merged_into"):
            assert "[M]" in entry["source"], entry["code"]


def test_every_catalog_procedure_routes_to_an_agency_in_the_data(agencies) -> None:
    catalog = load_catalog()
    for code in catalog.codes():
        for p in catalog.versions(code):
            for day in (p.effective_from, SPRING_2026):
                r = route(p, {}, day, agencies)
                assert r.agency == p.agency_code and r.warnings == (), (p.code, day, r)
                agency = agencies.agency(r.agency, day)
                assert agency is not None and r.agency_name == agency.name


def test_the_2021_and_2025_versions(agencies) -> None:
    in_2024 = agencies.counter(SHARED, SPRING_2024)
    in_2026 = agencies.counter(SHARED, SPRING_2026)
    assert in_2024 is not None and set(in_2024.receives_for) == SEVEN_2021
    assert in_2026 is not None and set(in_2026.receives_for) == FIVE_2025
    assert in_2026 == agencies.counter(SHARED, JULY_2025)  # the day the new version starts
    culture_2024 = agencies.agency("H40.SVHTT", SPRING_2024)
    culture_2026 = agencies.agency("H40.SVHTT", SPRING_2026)
    assert culture_2024 is not None and culture_2024.name == "Sở Văn hóa và Thể thao tỉnh Nghệ An"
    assert culture_2026 is not None and "Du lịch" in culture_2026.name  # tourism merged in
    # merged departments are gone, their successors take their work
    assert agencies.agency("H40.SDL", SPRING_2024) is not None
    assert agencies.agency("H40.SDL", SPRING_2026) is None
    assert agencies.agency("H40.STTTT", date(2025, 6, 30)) is not None
    assert agencies.agency("H40.STTTT", JULY_2025) is None
    successor = agencies.successor("H40.STTTT", SPRING_2026)
    assert successor is not None and successor.code == "H40.SKHCN"
    assert {c.id for c in agencies.counters_for("H40.SDL", SPRING_2024)} == {SHARED}
    assert agencies.counters_for("H40.SDL", SPRING_2026) == []
    merged_away = {"H40.SDL", "H40.STTTT", "H40.SKHDT"}
    in_force_2024 = {a.code for a in agencies.agencies(SPRING_2024)}
    in_force_2026 = {a.code for a in agencies.agencies(SPRING_2026)}
    assert in_force_2024 - in_force_2026 == merged_away
    assert in_force_2026 - in_force_2024 == {"H40.CAT"}  # judicial records: the police from 2025


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda d: d["counters"][1]["receives_for"].append("H40.SDL"), "H40.SDL, which is not"),
        (lambda d: d["agencies"].append(dict(d["agencies"][4])), "two versions from 2021-02-24"),
        (lambda d: d["agencies"][8].update(merged_into="H40.NOPE"), "unknown agency H40.NOPE"),
        (lambda d: d["agencies"][8].update(effective_until="2020-01-01"), "ends before it"),
        (lambda d: d["agencies"][0].update(code="ubnd xa"), "agencies[0].code: does not match"),
        (lambda d: d["agencies"][2].update(office_rules={}), "should be non-empty"),
    ],
)
def test_bad_agency_data_is_refused(break_it: Any, message: str) -> None:
    doc = data()
    assert doc["agencies"][4]["code"] == "H40.SNV" and doc["agencies"][8]["code"] == "H40.SDL"
    break_it(doc)
    with pytest.raises(ValueError, match="invalid agency data") as exc:
        AgencyDirectory.from_dict(doc)
    assert message in str(exc.value)


# ------------------------------------------------------------------ routing
def test_a_dossier_received_at_the_shared_counter_goes_to_its_department(agencies) -> None:
    for code in FIVE_2025:
        r = route(Proc(code), {"counter": SHARED}, SPRING_2026, agencies)
        agency = agencies.agency(code, SPRING_2026)
        assert agency is not None
        assert (r.agency, r.agency_name, r.counter, r.warnings) == (code, agency.name, SHARED, ())


def test_a_counter_that_does_not_receive_for_the_agency_is_a_warning(agencies) -> None:
    r = route(Proc("H40.CAT", code="LY_LICH_TU_PHAP"), {"counter": SHARED}, SPRING_2026, agencies)
    assert (r.agency, r.counter) == ("H40.CAT", SHARED)  # still the police's dossier
    assert r.warnings == (
        "counter 'quay-chung' does not receive for H40.CAT on 2026-03-05 "
        "(it receives for H40.SNGV, H40.SNV, H40.SVHTT, H40.SKHCN, H40.STC)",
    )
    # tourism received at the shared counter in 2024, not since it was merged
    assert route(Proc("H40.SDL"), {"counter": SHARED}, SPRING_2024, agencies).warnings == ()
    unknown = route(Proc("H40.SNV"), {"counter": "quay-9"}, SPRING_2026, agencies)
    assert unknown.counter == "quay-9"
    assert unknown.warnings == ("counter 'quay-9' is not in the agency data on 2026-03-05",)
    assert route(Proc("H40.SNV"), {}, SPRING_2026, agencies).counter is None


def test_routing_follows_the_catalog_not_the_station(agencies) -> None:
    claimed = {"counter": SHARED, "agency_code": "H40.SNV"}
    r = route(Proc("H40.STC"), claimed, SPRING_2026, agencies)
    assert r.agency == "H40.STC"
    assert r.warnings == (
        "manifest.json names agency H40.SNV, but procedure TEST is handled by H40.STC: "
        "routed to H40.STC",
    )
    # a code the data does not know (the centre's own, for dossier codes) says nothing
    own = route(Proc("H40.STC"), {"agency_code": "000.00.00.H40"}, SPRING_2026, agencies)
    assert own.warnings == ()


def test_a_procedure_naming_a_merged_or_unknown_agency_still_routes(agencies) -> None:
    merged = route(Proc("H40.SDL"), {}, SPRING_2026, agencies)
    assert (merged.agency, merged.agency_name) == (
        "H40.SVHTT",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An",
    )
    assert merged.warnings == (
        "agency H40.SDL of procedure TEST was merged into H40.SVHTT: routed to H40.SVHTT",
    )
    unknown = route(Proc("H40.NEW"), {}, SPRING_2026, agencies)
    assert (unknown.agency, unknown.agency_name) == ("H40.NEW", "Tên cơ quan trong thủ tục")
    assert "not in the agency data on 2026-03-05" in unknown.warnings[0]
    none = route(Proc(None), {"counter": SHARED}, SPRING_2026, agencies)
    assert (none.agency, none.counter) == (None, SHARED)
    assert none.warnings == ("procedure TEST names no agency code: not routed to an agency",)


# ------------------------------------------------------------------ office rules per agency
def test_an_agency_with_other_office_hours_has_another_last_hour(agencies) -> None:
    police, home = agencies.calendar("H40.CAT"), agencies.calendar("H40.SNV")
    assert home is agencies.calendar(None)  # no office rules of its own: the centre's calendar
    assert home.rules_for(SPRING_2026) == load_calendar().rules_for(SPRING_2026)
    assert police.last_hour_start(SPRING_2026) == vn(2026, 3, 5, 15, 30)
    assert home.last_hour_start(SPRING_2026) == vn(2026, 3, 5, 16, 0)
    at = vn(2026, 3, 5, 15, 45)  # Thursday, in the police's last working hour only
    assert police.counting_day(at) == date(2026, 3, 6)
    assert home.counting_day(at) == date(2026, 3, 5)
    # 3 working days from Friday 6 (police) or Thursday 5 (home affairs), to the close of day
    assert due_at(at, Proc("H40.CAT", processing_time=ProcessingTime(3, "working_days"))) == vn(
        2026, 3, 11, 16, 30
    )
    assert due_at(at, Proc("H40.SNV", processing_time=ProcessingTime(3, "working_days"))) == vn(
        2026, 3, 10, 17, 0
    )


def test_the_catalogs_judicial_record_counts_by_the_polices_hours() -> None:
    lltp = load_catalog().get("LY_LICH_TU_PHAP", date(2026, 3, 6))
    assert lltp is not None and lltp.agency_code == "H40.CAT"
    friday = vn(2026, 3, 6, 15, 45)
    # 10 days from Monday 9 (received in the police's last hour), not from Friday 6
    assert due_at(friday, lltp) == vn(2026, 3, 19, 16, 30)
    assert load_calendar().due_at(friday, 10, "days") == vn(2026, 3, 16, 17, 0)  # the centre's


def test_saturday_morning_reception_counts_from_monday(agencies) -> None:
    saturday = vn(2026, 3, 7, 9, 30)
    foreign = agencies.calendar("H40.SNGV")
    assert foreign.is_reception_open(saturday)  # the shared counter receives on Saturday morning
    assert not foreign.is_reception_open(vn(2026, 3, 7, 14, 0))
    assert not agencies.calendar("H40.UBNDXA").is_reception_open(saturday)  # no Saturday reception
    assert foreign.counting_day(saturday) == date(2026, 3, 9)
    assert due_at(saturday, Proc("H40.SNGV")) == vn(2026, 3, 16, 17, 0)  # 5 days from Monday 9
    # Saturday 22/8/2026 is a working day (made up for Monday 31/8): it counts itself
    assert due_at(vn(2026, 8, 22, 9, 30), Proc("H40.SNGV")) == vn(2026, 8, 28, 17, 0)


def test_office_rules_are_versioned_by_effective_from() -> None:
    doc = data()
    doc["agencies"].append(
        {
            "code": "H40.SNGV",
            "name": "Sở Ngoại vụ tỉnh Nghệ An",
            "level": "province",
            "effective_from": "2026-04-01",
            "office_rules": {
                "office_hours": [
                    {"start": "07:00", "end": "11:00"},
                    {"start": "13:00", "end": "16:00"},
                ],
                "last_working_hour_minutes": 30,
                "saturday_reception": None,
            },
            "source": "[M] test: summer hours",
        }
    )
    cal = AgencyDirectory.from_dict(doc).calendar("H40.SNGV")
    assert cal.last_hour_start(date(2026, 3, 31)) == vn(2026, 3, 31, 16, 0)  # the centre's
    assert cal.last_hour_start(date(2026, 4, 1)) == vn(2026, 4, 1, 15, 30)
    assert cal.closing(date(2026, 4, 1)) == vn(2026, 4, 1, 16, 0)
    assert cal.is_reception_open(vn(2026, 3, 28, 9, 0))
    assert not cal.is_reception_open(vn(2026, 4, 4, 9, 0))  # no more Saturday reception
    assert cal.rules_for(date(2026, 4, 1)).sessions[0].start == time(7, 0)
