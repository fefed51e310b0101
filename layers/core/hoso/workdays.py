"""Working days, office hours and due dates (Asia/Ho_Chi_Minh).

The national calendar comes from the ``holidays`` package (Vietnam: Tết, Hùng Kings, 30/4, 1/5,
2/9 plus the adjacent day, observed and substituted days). ``schemas/calendar/<id>.json`` adds
what the package may not know: swapped working Saturdays and extra days off per year, and the
office hours, versioned by ``effective_from``.

Counting rules:

* the *counting day* of a dossier is the day it was received, or the next working day when it
  was received on a non-working day (Saturday-morning reception included), after hours, or in the
  last working hour (``last_working_hour_minutes``, 60 by default);
* as in the Civil Code (art. 147) a period in days starts the day after the counting day:
  ``n`` working days end at the close of the n-th working day after it (``n = 0``: the close of
  the counting day itself, i.e. "same day");
* ``"days"`` are calendar days counted the same way; a due date on a non-working day moves
  forward to the next working day;
* ``"working_hours"`` are counted in office time from the moment of receipt.

All datetimes must be timezone-aware; results are in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from hoso.resources import load_json, schema_errors

__all__ = [
    "TZ",
    "UNITS",
    "CalendarRules",
    "Session",
    "WorkCalendar",
    "load_calendar",
]

TZ_NAME: Final = "Asia/Ho_Chi_Minh"
UNITS: Final = ("working_days", "days", "working_hours")
SCHEMA: Final = "calendar/calendar.schema.json"
DEFAULT_CALENDAR: Final = "nghe-an"
_MAX_SCAN_DAYS: Final = 3660  # never loop forever on a broken calendar


def _zone() -> tzinfo:
    try:
        return ZoneInfo(TZ_NAME)
    except ZoneInfoNotFoundError:  # no tzdata on the host: Vietnam has no DST
        return timezone(timedelta(hours=7), "+07")


TZ: Final = _zone()


def _hhmm(value: str) -> time:
    hh, mm = value.split(":")
    return time(int(hh), int(mm))


@dataclass(frozen=True)
class Session:
    """One block of office time in a day, e.g. 07:30-11:30."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"office session ends before it starts: {self.start}-{self.end}")

    @property
    def length(self) -> timedelta:
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)


@dataclass(frozen=True)
class CalendarRules:
    """Office rules in force from ``effective_from``."""

    effective_from: date
    sessions: tuple[Session, ...]
    last_working_hour: timedelta = timedelta(hours=1)
    saturday_reception: Session | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if not self.sessions:
            raise ValueError("a calendar version needs at least one office session")
        for a, b in zip(self.sessions, self.sessions[1:], strict=False):
            if b.start < a.end:
                raise ValueError(f"office sessions overlap or are out of order: {a} / {b}")

    @property
    def day_length(self) -> timedelta:
        return sum((s.length for s in self.sessions), timedelta())


class WorkCalendar:
    """Working-day arithmetic for one reception office."""

    def __init__(
        self,
        rules: Sequence[CalendarRules],
        *,
        working_days: Mapping[date, str] | None = None,
        days_off: Mapping[date, str] | None = None,
        country: str = "VN",
        national_holidays: bool = True,
        tz: tzinfo = TZ,
        name: str = "",
    ) -> None:
        if not rules:
            raise ValueError("a calendar needs at least one version of its rules")
        self._rules = sorted(rules, key=lambda r: r.effective_from)
        self._starts = [r.effective_from for r in self._rules]
        self._working = dict(working_days or {})
        self._off = dict(days_off or {})
        clash = set(self._working) & set(self._off)
        if clash:
            raise ValueError(f"dates both working and off: {sorted(clash)}")
        self._holidays: holidays.HolidayBase | None = (
            holidays.country_holidays(country, language="vi") if national_holidays else None
        )
        self.tz = tz
        self.name = name

    # ----------------------------------------------------------------- days
    def rules_for(self, d: date | datetime) -> CalendarRules:
        """The rules in force on ``d`` (the earliest version before the first effective date)."""
        day = self._day(d)
        i = bisect.bisect_right(self._starts, day) - 1
        return self._rules[max(i, 0)]

    def holiday_name(self, d: date | datetime) -> str | None:
        """Why ``d`` is not a working day although it is a weekday (None if it is not a day off)."""
        day = self._day(d)
        if day in self._working:
            return None
        if day in self._off:
            return self._off[day]
        if self._holidays is not None:
            name = self._holidays.get(day)
            if name:
                return str(name)
        return None

    def is_working_day(self, d: date | datetime) -> bool:
        day = self._day(d)
        if day in self._working:
            return True
        if day in self._off:
            return False
        if self._holidays is not None and day in self._holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, d: date | datetime) -> date:
        """The first working day strictly after ``d``."""
        return self.working_day_on_or_after(self._day(d) + timedelta(days=1))

    def working_day_on_or_after(self, d: date | datetime) -> date:
        day = self._day(d)
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days after {d}")

    def office_sessions(self, d: date | datetime) -> tuple[Session, ...]:
        """Office sessions counted as working time on ``d`` (empty on non-working days)."""
        day = self._day(d)
        return self.rules_for(day).sessions if self.is_working_day(day) else ()

    def opening(self, d: date | datetime) -> datetime:
        day = self._day(d)
        return self._at(day, self.rules_for(day).sessions[0].start)

    def closing(self, d: date | datetime) -> datetime:
        """End of the office day (17:00 with the default hours)."""
        day = self._day(d)
        return self._at(day, self.rules_for(day).sessions[-1].end)

    def last_hour_start(self, d: date | datetime) -> datetime:
        """Start of the last working hour of ``d`` (working time, lunch break skipped)."""
        day = self._day(d)
        rules = self.rules_for(day)
        left = rules.last_working_hour
        for s in reversed(rules.sessions):
            if left <= s.length:
                return self._at(day, s.end) - left
            left -= s.length
        return self._at(day, rules.sessions[0].start)

    def is_office_hours(self, moment: datetime) -> bool:
        local = self._local(moment)
        return any(
            self._at(local.date(), s.start) <= local < self._at(local.date(), s.end)
            for s in self.office_sessions(local.date())
        )

    def is_reception_open(self, moment: datetime) -> bool:
        """Counter open: office hours, or a Saturday-morning reception (not a holiday)."""
        if self.is_office_hours(moment):
            return True
        local = self._local(moment)
        day = local.date()
        sat = self.rules_for(day).saturday_reception
        if sat is None or day.weekday() != 5 or self.holiday_name(day) is not None:
            return False
        return self._at(day, sat.start) <= local < self._at(day, sat.end)

    # -------------------------------------------------------------- counting
    def counting_day(self, received_at: datetime, *, cutoff: time | None = None) -> date:
        """The day a dossier counts as received on.

        The day of receipt, unless it is not a working day, or the dossier came after hours or
        in the last working hour (or at/after ``cutoff``, e.g. 15:00 for same-day procedures):
        then the next working day.
        """
        local = self._local(received_at)
        day = local.date()
        if not self.is_working_day(day):
            return self.next_working_day(day)
        limit = self._at(day, cutoff) if cutoff is not None else self.last_hour_start(day)
        if local >= min(limit, self.closing(day)):
            return self.next_working_day(day)
        return day

    def add_working_days(self, start: datetime, n: int, *, cutoff: time | None = None) -> datetime:
        """Due datetime (end of office day) ``n`` working days after receipt at ``start``."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, got {type(n).__name__}")
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        day = self.counting_day(start, cutoff=cutoff)
        for _ in range(n):
            day = self.next_working_day(day)
        return self.closing(day)

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment ``hours`` of office time after ``start`` (lunch, nights, days off skipped)."""
        if not math.isfinite(hours) or hours < 0:
            raise ValueError(f"hours must be a finite number >= 0, got {hours}")
        remaining = timedelta(hours=hours)
        cursor = self._local(start)
        day = cursor.date()
        for _ in range(_MAX_SCAN_DAYS):
            for s in self.office_sessions(day):
                begin = max(cursor, self._at(day, s.start))
                end = self._at(day, s.end)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    return begin + remaining
                remaining -= end - begin
            day += timedelta(days=1)
            cursor = self._at(day, time(0))
        raise ValueError(f"{hours} working hours do not fit in {_MAX_SCAN_DAYS} days")

    def due_at(
        self,
        received_at: datetime,
        amount: float,
        unit: str,
        *,
        cutoff: time | None = None,
    ) -> datetime:
        """Due datetime of a statutory processing time.

        ``unit``: ``"working_days"`` (a fractional amount is counted as working hours, one day
        being the office day length, e.g. 7.5 h), ``"days"`` (calendar days, rounded up; the due
        date moves forward to a working day) or ``"working_hours"``.
        """
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            raise TypeError(f"amount must be a number, got {type(amount).__name__}")
        if not math.isfinite(amount) or amount < 0:
            raise ValueError(f"amount must be a finite number >= 0, got {amount}")
        if unit == "working_days":
            if float(amount).is_integer():
                return self.add_working_days(received_at, int(amount), cutoff=cutoff)
            per_day = self.rules_for(self._local(received_at)).day_length
            return self.add_working_hours(received_at, amount * per_day.total_seconds() / 3600)
        if unit == "days":
            day = self.counting_day(received_at, cutoff=cutoff)
            due = self.working_day_on_or_after(day + timedelta(days=math.ceil(amount)))
            return self.closing(due)
        if unit == "working_hours":
            return self.add_working_hours(received_at, float(amount))
        raise ValueError(f"unknown unit {unit!r}: expected one of {', '.join(UNITS)}")

    def working_days_between(self, a: datetime, b: datetime) -> int:
        """Working days ``d`` with ``a``'s date < d <= ``b``'s date (negative when b < a).

        ``working_days_between(t, add_working_days(t, n)) == n`` for a dossier received on a
        working day before its last working hour.
        """
        da, db = self._local(a).date(), self._local(b).date()
        sign = 1
        if db < da:
            da, db, sign = db, da, -1
        count = 0
        day = da + timedelta(days=1)
        while day <= db:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return sign * count

    def working_days_in(self, first: date, last: date) -> Iterable[date]:
        """Working days from ``first`` to ``last`` inclusive."""
        day = first
        while day <= last:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)

    # --------------------------------------------------------------- helpers
    def _local(self, moment: datetime) -> datetime:
        if not isinstance(moment, datetime):
            raise TypeError(f"expected a datetime, got {type(moment).__name__}")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"naive datetime {moment.isoformat()}: pass a timezone-aware one")
        return moment.astimezone(self.tz)

    def _day(self, d: date | datetime) -> date:
        if isinstance(d, datetime):
            return self._local(d).date()
        if isinstance(d, date):
            return d
        raise TypeError(f"expected a date, got {type(d).__name__}")

    def _at(self, day: date, t: time) -> datetime:
        return datetime.combine(day, t, tzinfo=self.tz)

    # ------------------------------------------------------------ building
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, national_holidays: bool = True) -> WorkCalendar:
        """Build from a ``calendar.schema.json`` document (validated)."""
        problems = schema_errors(SCHEMA, data)
        if problems:
            raise ValueError("invalid calendar data: " + "; ".join(problems))
        rules: list[CalendarRules] = []
        for v in data["versions"]:
            sat = v.get("saturday_reception")
            rules.append(
                CalendarRules(
                    effective_from=date.fromisoformat(v["effective_from"]),
                    sessions=tuple(
                        Session(_hhmm(s["start"]), _hhmm(s["end"])) for s in v["office_hours"]
                    ),
                    last_working_hour=timedelta(minutes=v.get("last_working_hour_minutes", 60)),
                    saturday_reception=(
                        Session(_hhmm(sat["start"]), _hhmm(sat["end"])) if sat else None
                    ),
                    source=v.get("source", ""),
                )
            )
        if len({r.effective_from for r in rules}) != len(rules):
            raise ValueError("invalid calendar data: two versions with the same effective_from")
        working: dict[date, str] = {}
        off: dict[date, str] = {}
        for year, block in data["years"].items():
            for key, target in (("working_days", working), ("days_off", off)):
                for item in block.get(key, []):
                    day = date.fromisoformat(item["date"])
                    if day.year != int(year):
                        raise ValueError(f"invalid calendar data: {day} listed under {year}")
                    target[day] = item["name"]
        return cls(
            rules,
            working_days=working,
            days_off=off,
            country=data["country"],
            national_holidays=national_holidays,
            tz=TZ,
            name=data.get("name", data["id"]),
        )


@functools.cache
def load_calendar(name: str = DEFAULT_CALENDAR) -> WorkCalendar:
    """The office calendar ``schemas/calendar/<name>.json`` (cached)."""
    if not name.replace("-", "").isalnum():
        raise ValueError(f"bad calendar name {name!r}")
    return WorkCalendar.from_dict(load_json(f"calendar/{name}.json"))
