"""A month of synthetic dossier records with their lifecycle (for quality reports and demos).

``generate_month(2026, 3)`` gives ~300 records as the Center's system would hold them at
``as_of`` (default: 17:00 on the 10th of the following month, Vietnam time): received on working
days in office hours at counters shared by several agencies, with due dates from the working
calendar (:mod:`hoso.workdays`), and a realistic mix of outcomes: results early, on time and
late (most late ones with an apology letter and a new date), dossiers still in progress (some
overdue), supplement requests (some still waiting, some restarted after the supplement), failed
scans, dossiers not digitised at reception, withdrawals, results delivered or waiting.

Every record passes :func:`hoso.records.validate`. Lifecycle statuses the dossier schema does not
list (``in_progress``, ``result_ready``, ``delivered``, ``withdrawn`` in older versions) are
written as ``received``; the lifecycle fields (``result_at``, ``withdrawn``, ...) carry the
facts either way. Deterministic for a given (year, month, n, seed, as_of).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from hoso.codes import dossier_code
from hoso.idnumber import make as make_id
from hoso.records import iso, new_record, validate
from hoso.resources import load_json
from hoso.workdays import TZ, WorkCalendar, load_calendar

__all__ = ["AGENCIES", "OFFICERS", "PROCEDURES", "default_as_of", "generate_month"]


@dataclass(frozen=True)
class _Procedure:
    name: str
    amount: int
    unit: str
    cutoff: time | None
    weight: int
    agencies: tuple[str, ...]


_UBND_TV: Final = "UBND phường Thành Vinh"
_UBND_VP: Final = "UBND phường Vinh Phú"
_CA_TINH: Final = "Công an tỉnh Nghệ An"
_CA_TV: Final = "Công an phường Thành Vinh"

# Processing times as in schemas/procedures/*@2025-07-01.json.
PROCEDURES: Final[dict[str, _Procedure]] = {
    "KHAI_SINH": _Procedure("Đăng ký khai sinh", 0, "working_days", time(15), 24,
                            (_UBND_TV, _UBND_VP)),
    "KET_HON": _Procedure("Đăng ký kết hôn", 0, "working_days", time(15), 10, (_UBND_TV, _UBND_VP)),
    "LY_LICH_TU_PHAP": _Procedure("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", 10, "days",
                                  None, 18, (_CA_TINH,)),
    "HO_KINH_DOANH": _Procedure("Đăng ký thành lập hộ kinh doanh", 3, "working_days", None, 14,
                                (_UBND_TV, _UBND_VP)),
    "GPXD_NHA_O": _Procedure("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", 15, "days",
                             None, 12, (_UBND_TV, _UBND_VP)),
    "THUONG_TRU": _Procedure("Đăng ký thường trú", 7, "working_days", None, 22, (_CA_TV,)),
}  # fmt: skip

# agency -> (dossier-code prefix, share of results that come late)
AGENCIES: Final[dict[str, tuple[str, float]]] = {
    _UBND_TV: ("000.40.21.H40", 0.05),
    _UBND_VP: ("000.40.22.H40", 0.14),
    _CA_TINH: ("000.00.15.H40", 0.18),
    _CA_TV: ("000.40.23.H40", 0.08),
}

# officer -> (agencies served at the counter, share of dossiers sent back for supplements)
OFFICERS: Final[dict[str, tuple[tuple[str, ...], float]]] = {
    "Nguyễn Thị Hà": ((_UBND_TV,), 0.08),
    "Trần Văn Nam": ((_UBND_TV,), 0.12),
    "Lê Thu Trang": ((_UBND_VP,), 0.26),
    "Phạm Minh Tuấn": ((_CA_TINH, _CA_TV), 0.06),  # one counter for the two police units
    "Hoàng Thị Lan": ((_UBND_VP, _CA_TV), 0.15),  # ward and police share a counter
}

_SURNAMES: Final = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ")
_MIDDLE: Final = {"Nam": ("Văn", "Đức", "Minh", "Quốc"), "Nữ": ("Thị", "Ngọc", "Thu", "Thanh")}
_GIVEN: Final = {
    "Nam": ("An", "Bình", "Dũng", "Hải", "Hùng", "Long", "Phúc", "Sơn", "Tuấn", "Việt"),
    "Nữ": ("Anh", "Dung", "Hà", "Hương", "Lan", "Linh", "Mai", "Phương", "Thảo", "Yến"),
}
_MISSING: Final = (
    ("Giấy chứng sinh (bản chính)", "Chưa nộp bản chính"),
    ("Bản sao Giấy chứng nhận quyền sử dụng đất", "Bản sao không rõ nét, cần chứng thực"),
    ("Tờ khai", "Thiếu chữ ký của người yêu cầu"),
    ("Bản vẽ thiết kế (02 bộ)", "Chỉ nộp 01 bộ"),
)


def default_as_of(year: int, month: int) -> datetime:
    """17:00 (Vietnam time) on the 10th of the month after ``year-month``."""
    y, m = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime(y, m, 10, 17, 0, tzinfo=TZ)


def generate_month(
    year: int,
    month: int,
    *,
    n: int = 300,
    seed: int = 0,
    as_of: datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> list[dict[str, Any]]:
    """``n`` dossier records received in ``year-month``, as they stand at ``as_of``."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    as_of = as_of or default_as_of(year, month)
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    cal = calendar or load_calendar()
    first = date(year, month, 1)
    last = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    days = list(cal.working_days_in(first, last))
    if not days and n:
        raise ValueError(f"no working day in {year}-{month:02d}")
    statuses = set(load_json("records/dossier.schema.json")["properties"]["status"]["enum"])
    rng = random.Random(f"hoso-month-{year}-{month}-{seed}")
    gen = _Generator(rng, cal, as_of, statuses)

    moments = sorted(_office_moment(rng, cal, rng.choice(days)) for _ in range(n))
    sequence: dict[tuple[str, date], int] = {}
    records = []
    for i, received_at in enumerate(moments, 1):
        rec = gen.record(f"{year}{month:02d}-{seed}-{i:04d}", received_at, sequence)
        problems = validate(rec)
        if problems:  # a bug here, not in the caller's input
            raise AssertionError(f"generated record {rec['dossier_id']} invalid: {problems}")
        records.append(rec)
    return records


class _Generator:
    def __init__(
        self, rng: random.Random, cal: WorkCalendar, as_of: datetime, statuses: set[str]
    ) -> None:
        self.rng, self.cal, self.as_of, self.statuses = rng, cal, as_of, statuses
        self.codes = list(PROCEDURES)
        self.weights = [p.weight for p in PROCEDURES.values()]

    def status(self, wanted: str) -> str:
        return wanted if wanted in self.statuses else "received"

    def record(
        self, dossier_id: str, received_at: datetime, sequence: dict[tuple[str, date], int]
    ) -> dict[str, Any]:
        rng = self.rng
        code = rng.choices(self.codes, self.weights)[0]
        proc = PROCEDURES[code]
        agency = rng.choice(proc.agencies)
        officer = rng.choice(sorted(o for o, (ags, _) in OFFICERS.items() if agency in ags))
        prefix, p_late = AGENCIES[agency]
        p_supplement = OFFICERS[officer][1]
        channel = rng.choices(("counter", "online", "post"), (70, 25, 5))[0]
        day_key = (prefix, received_at.astimezone(TZ).date())
        sequence[day_key] = sequence.get(day_key, 0) + 1

        life: dict[str, Any] = {
            "result_at": None,
            "delivered_at": None,
            "supplement_requested_at": None,
            "apology_at": None,
            "new_due_at": None,
            "counting_from": iso(received_at),
        }
        fields: dict[str, Any] = {
            "dossier_code": dossier_code(prefix, received_at, sequence[day_key]),
            "procedure_code": code,
            "procedure_name": proc.name,
            "procedure_version": "2025-07-01" if received_at.date() >= date(2025, 7, 1) else None,
            "agency": agency,
            "channel": channel,
            "station_id": f"quay-{sorted(OFFICERS).index(officer) + 1:02d}",
            "received_by": officer,
            "applicant": self.applicant(received_at.date()),
            "files": [],
            "pages": [],
            "missing_components": [],
            "errors": [],
        }
        last_event = received_at
        draw = rng.random()
        if draw < 0.03:  # the scan could not be read: never received properly
            fields["files"] = [{"name": "scan.pdf", "key": f"uploads/{dossier_id}/scan.pdf"}]
            fields["pages"] = [
                {"file": "scan.pdf", "index": k, "method": "none", "error": "unreadable page"}
                for k in range(1, rng.randint(1, 3) + 1)
            ]
            fields["errors"] = [{"code": "UNREADABLE", "reason": "Không đọc được trang quét"}]
            status = "failed"
        else:
            self.pages(fields, dossier_id, channel)
            status, last_event = self.lifecycle(
                proc, received_at, p_late, p_supplement, withdraw=draw < 0.05, out=life
            )
            if status == "supplement_requested":
                fields["missing_components"] = [
                    {"name": name, "reason": reason} for name, reason in [rng.choice(_MISSING)]
                ]
        withdrawn = status == "withdrawn"
        rec = new_record(dossier_id, now=received_at, status=self.status(status), **fields)
        rec["due_at"] = life.pop("due_at", None)
        rec.update(life)
        if withdrawn:
            rec["withdrawn"] = True
        rec["updated_at"] = iso(last_event)
        return rec

    def lifecycle(
        self,
        proc: _Procedure,
        received_at: datetime,
        p_late: float,
        p_supplement: float,
        *,
        withdraw: bool,
        out: dict[str, Any],
    ) -> tuple[str, datetime]:
        cal, as_of = self.cal, self.as_of
        start, waiting = self.supplement(received_at, p_supplement, out)
        last = start
        if waiting:
            return "supplement_requested", last  # the clock does not run while waiting
        due = cal.due_at(start, proc.amount, proc.unit, cutoff=proc.cutoff)
        out["due_at"] = iso(due)
        if withdraw:
            gone = self.between(start + timedelta(minutes=30), min(due, as_of)) or start
            out["withdrawn_at"] = iso(gone)
            return "withdrawn", max(last, gone)
        result = self.result(start, due, p_late, out)
        if result is None or result > as_of:
            return self.unfinished(due, last, out)
        out["result_at"] = iso(result)
        last = result
        if out["apology_at"]:
            last = max(last, datetime.fromisoformat(out["apology_at"]))
        if self.rng.random() < 0.75:
            delivered = cal.add_working_hours(result, self.rng.uniform(0.2, 20))
            if delivered <= as_of:
                out["delivered_at"] = iso(delivered)
                return "delivered", max(last, delivered)
        return "result_ready", last

    def supplement(
        self, received_at: datetime, p_supplement: float, out: dict[str, Any]
    ) -> tuple[datetime, bool]:
        """A supplement request, maybe: when processing starts (the last event so far) and
        whether the dossier still waits for the papers asked for."""
        rng, cal, as_of = self.rng, self.cal, self.as_of
        if not rng.random() < p_supplement:
            return received_at, False
        asked = cal.add_working_hours(received_at, rng.uniform(0.3, 8))
        if asked > as_of:
            asked = received_at + timedelta(minutes=20)
        out["supplement_requested_at"] = iso(asked)
        supplied = cal.add_working_hours(asked, rng.uniform(3, 60))
        if rng.random() < 0.35 or supplied > as_of:
            return asked, True
        # processing time restarts with the complete dossier
        out["counting_from"], out["supplements"] = iso(supplied), 1
        return supplied, False

    def result(
        self, start: datetime, due: datetime, p_late: float, out: dict[str, Any]
    ) -> datetime | None:
        """When the result is ready: late (with an apology, mostly), never (stuck in
        processing), on the due date or before it."""
        rng, cal, as_of = self.rng, self.cal, self.as_of
        draw = rng.random()
        result: datetime | None
        if draw < p_late:
            late_day = due.astimezone(TZ).date()
            for _ in range(rng.randint(1, 6)):
                late_day = cal.next_working_day(late_day)
            result = self.between(cal.opening(late_day), cal.closing(late_day))
            if rng.random() < 0.8:
                self.apology(start, due, out, late_days=rng.randint(1, 7))
        elif draw < p_late + 0.07:  # stuck in processing
            result = None
            if due < as_of and rng.random() < 0.5:
                self.apology(start, due, out, late_days=rng.randint(2, 8))
        elif draw < p_late + 0.07 + 0.3:  # on the due date
            due_day = due.astimezone(TZ).date()
            result = self.between(max(start, cal.opening(due_day)) + timedelta(minutes=15), due)
            result = result or due
        else:  # before the due date (or on it when there is no earlier office time)
            early_end = cal.opening(due.astimezone(TZ).date())
            result = self.between(start + timedelta(minutes=15), early_end)
            if result is None:
                result = self.between(start + timedelta(minutes=15), due)
        return result

    def unfinished(
        self, due: datetime, last: datetime, out: dict[str, Any]
    ) -> tuple[str, datetime]:
        """No result by ``as_of``: an apology sent by then stands, the overdue sweep flags
        the dossier once the due date has passed."""
        as_of = self.as_of
        out["apology_at"] = out["apology_at"] if _le(out["apology_at"], as_of) else None
        if out["apology_at"] is None:
            out["new_due_at"] = None
        else:
            last = max(last, datetime.fromisoformat(out["apology_at"]))
        swept = due + timedelta(minutes=self.rng.randint(1, 60))  # the overdue sweep
        if swept <= as_of:
            out["overdue_at"] = iso(swept)
            last = max(last, swept)
        return ("in_progress" if self.rng.random() < 0.8 else "received"), last

    def apology(
        self, start: datetime, due: datetime, out: dict[str, Any], *, late_days: int
    ) -> None:
        """Apology letter at least one working day before the due date, when there is time."""
        cal = self.cal
        due_day = due.astimezone(TZ).date()
        day_before = due_day - timedelta(days=1)
        while not cal.is_working_day(day_before):
            day_before -= timedelta(days=1)
        at = self.between(max(start, cal.opening(day_before)), cal.closing(day_before))
        if at is None:  # same-day procedures: on the due date itself
            at = self.between(start + timedelta(minutes=5), due) or start + timedelta(minutes=5)
        new_day = due_day
        for _ in range(late_days):
            new_day = cal.next_working_day(new_day)
        out["apology_at"] = iso(at)
        out["new_due_at"] = iso(cal.closing(new_day))

    def between(self, lo: datetime, hi: datetime) -> datetime | None:
        """A random moment of office time in ``[lo, hi]`` (None if there is none)."""
        spans: list[tuple[datetime, datetime]] = []
        day = lo.astimezone(TZ).date()
        while day <= hi.astimezone(TZ).date():
            for s in self.cal.office_sessions(day):
                a = max(lo, datetime.combine(day, s.start, tzinfo=TZ))
                b = min(hi, datetime.combine(day, s.end, tzinfo=TZ))
                if a < b:
                    spans.append((a, b))
            day += timedelta(days=1)
        total = sum((b - a).total_seconds() for a, b in spans)
        if total <= 0:
            return None
        pick = self.rng.uniform(0, total)
        for a, b in spans:
            length = (b - a).total_seconds()
            if pick <= length:
                return (a + timedelta(seconds=int(pick))).replace(microsecond=0)
            pick -= length
        return spans[-1][1]

    def pages(self, fields: dict[str, Any], dossier_id: str, channel: str) -> None:
        rng = self.rng
        if channel == "counter" and rng.random() < 0.08:
            return  # papers only shown or not scanned at reception: not digitised
        count = rng.randint(1, 8)
        name = "ho-so.pdf"
        fields["files"] = [
            {"name": name, "key": f"uploads/{dossier_id}/{name}", "pages": count, "error": None}
        ]
        method = "ocr" if channel != "online" else rng.choice(("text_layer", "converted"))
        fields["pages"] = [
            {
                "file": name,
                "index": k,
                "method": method,
                "confidence": round(rng.uniform(0.82, 0.99), 3) if method == "ocr" else None,
                "error": None,
            }
            for k in range(1, count + 1)
        ]

    def applicant(self, today: date) -> dict[str, Any]:
        rng = self.rng
        sex = rng.choice(("Nam", "Nữ"))
        dob = today - timedelta(days=rng.randint(20 * 365, 65 * 365))
        return {
            "full_name": f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE[sex])} "
            f"{rng.choice(_GIVEN[sex])}",
            "id_number": make_id("040", sex, dob, rng.randint(0, 999_999)),
            "date_of_birth": dob.isoformat(),
            "sex": sex,
        }


def _office_moment(rng: random.Random, cal: WorkCalendar, day: date) -> datetime:
    """A random minute of office time on ``day``."""
    sessions = cal.office_sessions(day)
    minutes = [int(s.length.total_seconds() // 60) for s in sessions]
    pick = rng.randrange(sum(minutes))
    for s, length in zip(sessions, minutes, strict=True):
        if pick < length:
            return datetime.combine(day, s.start, tzinfo=TZ) + timedelta(
                minutes=pick, seconds=rng.randrange(60)
            )
        pick -= length
    raise AssertionError("unreachable")


def _le(value: str | None, moment: datetime) -> bool:
    return value is not None and datetime.fromisoformat(value) <= moment
