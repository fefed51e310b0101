"""Working days, office hours and due dates (hoso.workdays)."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from hoso.resources import load_json, schema_errors
from hoso.workdays import TZ, WorkCalendar, load_calendar

pytestmark = pytest.mark.unit


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def close(y: int, m: int, d: int) -> datetime:
    return vn(y, m, d, 17, 0)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return load_calendar()


# ------------------------------------------------------------------ data file
def test_calendar_data_is_valid() -> None:
    data = load_json("calendar/nghe-an.json")
    assert schema_errors("calendar/calendar.schema.json", data) == []


def test_calendar_data_rejects_bad_documents() -> None:
    data = load_json("calendar/nghe-an.json")
    bad = copy.deepcopy(data)
    bad["versions"][0]["office_hours"][0]["start"] = "7h30"
    with pytest.raises(ValueError, match="invalid calendar data"):
        WorkCalendar.from_dict(bad)
    misfiled = copy.deepcopy(data)
    misfiled["years"]["2027"]["working_days"] = [{"date": "2026-01-03", "name": "x"}]
    with pytest.raises(ValueError, match="listed under 2027"):
        WorkCalendar.from_dict(misfiled)


# ------------------------------------------------------------------ days
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 1), False),  # Tết Dương lịch
        (date(2026, 1, 2), True),
        (date(2026, 1, 3), False),  # Saturday
        (date(2026, 1, 4), False),  # Sunday
        (date(2026, 2, 13), True),  # Friday before Tết 2026
        (date(2026, 2, 16), False),  # 29 Tết
        (date(2026, 2, 17), False),  # Mùng 1 Bính Ngọ
        (date(2026, 2, 20), False),  # Mùng 4
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),  # Giỗ Tổ on Sunday 26/4 -> observed Monday
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 8, 22), True),  # swapped Saturday (works for 31/8)
        (date(2026, 8, 31), False),
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 9, 3), True),
        (date(2025, 4, 26), True),  # swapped Saturday 2025
        (date(2025, 5, 2), False),
        (date(2027, 2, 5), False),  # Tết 2027 (Đinh Mùi: 6/2)
        (date(2027, 2, 10), False),
        (date(2027, 2, 11), True),
        (date(2027, 5, 3), False),  # 1/5/2027 is a Saturday -> observed Monday
        (date(2027, 9, 3), False),  # 2/9 plus the adjacent day
    ],
)
def test_is_working_day(cal: WorkCalendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_holiday_names_are_vietnamese(cal: WorkCalendar) -> None:
    assert cal.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert "22/8/2026" in (cal.holiday_name(date(2026, 8, 31)) or "")
    assert cal.holiday_name(date(2026, 8, 22)) is None
    assert cal.holiday_name(date(2026, 3, 4)) is None


def test_is_working_day_accepts_datetimes_in_any_zone(cal: WorkCalendar) -> None:
    # 2026-02-13 20:00 UTC is already Saturday 14/2 03:00 in Vietnam
    assert not cal.is_working_day(datetime(2026, 2, 13, 20, 0, tzinfo=UTC))
    assert cal.is_working_day(datetime(2026, 2, 13, 2, 0, tzinfo=UTC))


# ------------------------------------------------------------------ add_working_days
@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        (vn(2026, 1, 5, 9, 15), 3, close(2026, 1, 8)),  # plain week
        (vn(2026, 1, 5, 9, 15), 0, close(2026, 1, 5)),  # same day
        (vn(2026, 1, 9, 10), 1, close(2026, 1, 12)),  # Friday -> Monday
        (vn(2026, 2, 12, 10), 3, close(2026, 2, 24)),  # across Tết 2026
        (vn(2026, 2, 13, 10), 1, close(2026, 2, 23)),
        (vn(2027, 2, 3, 10), 2, close(2027, 2, 12)),  # across Tết 2027
        (vn(2026, 4, 24, 10), 1, close(2026, 4, 28)),  # Hùng Kings observed Monday
        (vn(2026, 4, 29, 9), 1, close(2026, 5, 4)),  # 30/4 - 1/5 + weekend
        (vn(2026, 4, 29, 9), 2, close(2026, 5, 5)),
        (vn(2026, 8, 21, 10), 1, close(2026, 8, 22)),  # swapped Saturday is a working day
        (vn(2026, 8, 28, 10), 1, close(2026, 9, 3)),  # 31/8, 1/9, 2/9 off
        (vn(2025, 12, 31, 10), 1, close(2026, 1, 2)),  # New Year
    ],
)
def test_add_working_days(cal: WorkCalendar, received: datetime, n: int, due: datetime) -> None:
    assert cal.add_working_days(received, n) == due
    assert cal.due_at(received, n, "working_days") == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (vn(2026, 1, 5, 15, 59), close(2026, 1, 6)),  # before the last working hour
        (vn(2026, 1, 5, 16, 0), close(2026, 1, 7)),  # last working hour: counts from Tue
        (vn(2026, 1, 5, 16, 59), close(2026, 1, 7)),
        (vn(2026, 1, 5, 18, 30), close(2026, 1, 7)),  # after hours
        (vn(2026, 1, 5, 6, 45), close(2026, 1, 6)),  # before opening: that day counts
        (vn(2026, 1, 5, 12, 0), close(2026, 1, 6)),  # lunch break: that day counts
        (vn(2026, 1, 10, 9, 0), close(2026, 1, 13)),  # Saturday-morning reception
        (vn(2026, 1, 11, 9, 0), close(2026, 1, 13)),  # Sunday (online)
        (vn(2026, 2, 18, 9, 0), close(2026, 2, 24)),  # during Tết
        (vn(2026, 2, 13, 16, 30), close(2026, 2, 24)),  # last hour before Tết
        (vn(2026, 8, 22, 16, 10), close(2026, 8, 25)),  # last hour of the swapped Saturday
        (vn(2026, 8, 28, 16, 10), close(2026, 9, 4)),  # last hour before 31/8 - 2/9
    ],
)
def test_last_working_hour_and_days_off_count_from_next_working_day(
    cal: WorkCalendar, received: datetime, due: datetime
) -> None:
    assert cal.add_working_days(received, 1) == due


def test_counting_day_and_cutoff(cal: WorkCalendar) -> None:
    assert cal.counting_day(vn(2026, 1, 5, 15, 30)) == date(2026, 1, 5)
    # same-day procedures with a 15:00 cut-off (e.g. birth registration)
    assert cal.counting_day(vn(2026, 1, 5, 15, 30), cutoff=time(15, 0)) == date(2026, 1, 6)
    assert cal.add_working_days(vn(2026, 1, 5, 14, 59), 0, cutoff=time(15)) == close(2026, 1, 5)
    assert cal.add_working_days(vn(2026, 1, 5, 15, 0), 0, cutoff=time(15)) == close(2026, 1, 6)


def test_other_time_zones_are_converted(cal: WorkCalendar) -> None:
    # 09:00 UTC = 16:00 in Vietnam: the last working hour
    due = cal.add_working_days(datetime(2026, 1, 5, 9, 0, tzinfo=UTC), 1)
    assert due == close(2026, 1, 7)
    assert due.utcoffset() == timedelta(hours=7)


def test_rejects_naive_and_negative(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="naive"):
        cal.add_working_days(datetime(2026, 1, 5, 9), 1)
    with pytest.raises(ValueError):
        cal.add_working_days(vn(2026, 1, 5), -1)
    with pytest.raises(ValueError, match="unknown unit"):
        cal.due_at(vn(2026, 1, 5), 1, "weeks")
    with pytest.raises(ValueError):
        cal.due_at(vn(2026, 1, 5), float("nan"), "days")


# ------------------------------------------------------------------ due_at
def test_due_at_calendar_days_end_on_a_working_day(cal: WorkCalendar) -> None:
    received = vn(2026, 4, 24, 10)  # Friday
    assert cal.due_at(received, 5, "days") == close(2026, 4, 29)
    # 30/4 -> holidays and weekend -> Monday 4/5
    assert cal.due_at(received, 6, "days") == close(2026, 5, 4)
    # 10 days from 6/2/2026 = 16/2 (29 Tết) -> after Tết, Monday 23/2
    assert cal.due_at(vn(2026, 2, 6, 9), 10, "days") == close(2026, 2, 23)
    # fractional days round up
    assert cal.due_at(vn(2026, 1, 5, 9), 1.5, "days") == close(2026, 1, 7)


def test_due_at_working_hours(cal: WorkCalendar) -> None:
    # online dossier: officer alerted within 2 working hours
    assert cal.due_at(vn(2026, 1, 5, 16, 30), 2, "working_hours") == vn(2026, 1, 6, 9, 0)
    assert cal.due_at(vn(2026, 1, 5, 11, 0), 1, "working_hours") == vn(2026, 1, 5, 14, 0)
    # 8 working hours from Friday 16:00 before Tết: 1 h, then 7 h on Monday 23/2 after Tết
    assert cal.due_at(vn(2026, 2, 13, 16, 0), 8, "working_hours") == vn(2026, 2, 23, 16, 30)
    # a full office day from opening ends at closing, not the next morning
    assert cal.due_at(vn(2026, 1, 5, 7, 30), 7.5, "working_hours") == close(2026, 1, 5)
    # received on Saturday: clock starts Monday 07:30
    assert cal.due_at(vn(2026, 1, 10, 9, 0), 0.5, "working_hours") == vn(2026, 1, 12, 8, 0)


def test_fractional_working_days_are_working_hours(cal: WorkCalendar) -> None:
    # half a 7.5-hour office day = 3 h 45 min of office time
    assert cal.due_at(vn(2026, 1, 5, 9, 0), 0.5, "working_days") == vn(2026, 1, 5, 14, 45)


# ------------------------------------------------------------------ between
def test_working_days_between(cal: WorkCalendar) -> None:
    assert cal.working_days_between(vn(2026, 2, 12), vn(2026, 2, 24)) == 3
    assert cal.working_days_between(vn(2026, 2, 24), vn(2026, 2, 12)) == -3
    assert cal.working_days_between(vn(2026, 1, 5, 9), vn(2026, 1, 5, 16)) == 0
    # 22/8 (swapped Saturday), 24-28/8, 3/9
    assert cal.working_days_between(vn(2026, 8, 21), vn(2026, 9, 3)) == 7
    for received in (vn(2026, 2, 12, 9), vn(2027, 2, 3, 10), vn(2026, 4, 28, 8)):
        for n in (0, 1, 5, 15):
            assert cal.working_days_between(received, cal.add_working_days(received, n)) == n


# ------------------------------------------------------------------ office hours
def test_office_hours_and_saturday_reception(cal: WorkCalendar) -> None:
    assert cal.is_office_hours(vn(2026, 1, 5, 7, 30))
    assert not cal.is_office_hours(vn(2026, 1, 5, 12, 0))
    assert not cal.is_office_hours(vn(2026, 1, 5, 17, 0))
    assert not cal.is_office_hours(vn(2026, 1, 10, 9, 0))  # Saturday is not working time
    assert cal.is_reception_open(vn(2026, 1, 10, 9, 0))  # ... but the counter is open
    assert not cal.is_reception_open(vn(2026, 1, 10, 14, 0))
    assert not cal.is_reception_open(vn(2026, 1, 11, 9, 0))  # Sunday
    assert not cal.is_reception_open(vn(2027, 5, 1, 9, 0))  # Saturday holiday (1/5/2027)
    assert cal.is_office_hours(vn(2026, 8, 22, 14, 0))  # swapped Saturday: full day
    assert cal.last_hour_start(date(2026, 1, 5)) == vn(2026, 1, 5, 16, 0)


def _custom(**version: Any) -> WorkCalendar:
    data = copy.deepcopy(load_json("calendar/nghe-an.json"))
    data["versions"].append({"effective_from": "2027-01-01", **version})
    return WorkCalendar.from_dict(data)


def test_versions_by_effective_from() -> None:
    cal = _custom(
        office_hours=[{"start": "07:00", "end": "11:30"}, {"start": "14:00", "end": "17:30"}],
        last_working_hour_minutes=30,
    )
    assert cal.closing(date(2026, 12, 31)) == close(2026, 12, 31)
    assert cal.closing(date(2027, 1, 4)) == vn(2027, 1, 4, 17, 30)
    assert cal.last_hour_start(date(2027, 1, 4)) == vn(2027, 1, 4, 17, 0)
    # before the first version the earliest one applies
    assert cal.closing(date(2020, 6, 1)) == close(2020, 6, 1)
    assert cal.add_working_days(vn(2027, 1, 4, 16, 45), 1) == vn(2027, 1, 5, 17, 30)


def test_last_working_hour_spanning_lunch() -> None:
    cal = _custom(
        office_hours=[{"start": "07:30", "end": "11:30"}, {"start": "13:30", "end": "14:00"}],
        last_working_hour_minutes=60,
    )
    assert cal.last_hour_start(date(2027, 1, 4)) == vn(2027, 1, 4, 11, 0)


def test_extra_day_off_from_data() -> None:
    data = copy.deepcopy(load_json("calendar/nghe-an.json"))
    data["years"]["2027"]["days_off"] = [{"date": "2027-03-15", "name": "Nghỉ theo quyết định"}]
    cal = WorkCalendar.from_dict(data)
    assert not cal.is_working_day(date(2027, 3, 15))
    assert cal.add_working_days(vn(2027, 3, 12, 9), 1) == close(2027, 3, 16)
