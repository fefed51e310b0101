"""Turning record values into the text printed on the forms (never raises on bad data)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

from hoso.status import LABELS, DossierStatus
from hoso.text import nfc, squash
from hoso.workdays import TZ

BLANK: Final = "…"

DEFAULT_OFFICE: Final[dict[str, Any]] = {
    "parent": "UBND tỉnh Nghệ An",
    "name": "Trung tâm Phục vụ hành chính công tỉnh Nghệ An",
    "unit": "Bộ phận tiếp nhận và trả kết quả",
    "place": "Vinh",
    "phone": None,
    "address": None,
}

STATUS_LABELS: Final[dict[str, str]] = {
    # hoso record statuses
    **{str(status): label for status, label in LABELS.items()},
    # provincial one-stop statuses (1..10) that hoso does not have
    "new": "Mới nộp",
    "accepted": "Đã tiếp nhận",
    "not_accepted": "Không tiếp nhận",
    "payment_requested": "Yêu cầu thanh toán",
    "stopped": "Dừng xử lý",
    "returned": "Đã trả kết quả",
    "refused": "Từ chối",
    "transferred": "Chuyển xử lý",
    "approved": "Đã phê duyệt",
}

FINAL_STATUSES: Final = frozenset(
    {DossierStatus.RESULT_READY, DossierStatus.DELIVERED, "returned", "approved", "done"}
)

COPY_TYPES: Final[dict[str, str]] = {
    "original": "Bản chính",
    "certified_copy": "Bản sao chứng thực",
    "copy": "Bản sao",
    "photocopy": "Bản chụp",
    "electronic": "Bản điện tử",
    "shown": "Xuất trình",
}

UNIT_LABELS: Final[dict[str, str]] = {
    "working_days": "ngày làm việc",
    "days": "ngày",
    "working_hours": "giờ làm việc",
}


def text(value: Any) -> str | None:
    """Printable NFC text, or None for null/empty values."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime | date):
        return None
    s = squash(nfc(str(value)))
    return s or None


def get(mapping: Any, *keys: str) -> Any:
    """Nested ``mapping[k1][k2]...`` lookup tolerant of missing keys and non-dicts."""
    cur = mapping
    for k in keys:
        if not isinstance(cur, Mapping):
            return None
        cur = cur.get(k)
    return cur


def as_datetime(value: Any) -> datetime | None:
    """A datetime in Vietnam time from a datetime or ISO string (naive = Vietnam time)."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        try:
            dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if dt.tzinfo is None or dt.utcoffset() is None:
        return dt.replace(tzinfo=TZ)
    return dt.astimezone(TZ)


def day_month(d: date) -> tuple[str, str]:
    """Day with a leading zero below 10; month with a leading zero for January/February only."""
    return f"{d.day:02d}", (f"{d.month:02d}" if d.month < 3 else str(d.month))


def place_date(place: str | None, when: datetime | None) -> str:
    """``Vinh, ngày 05 tháng 3 năm 2026`` (blanks when the date is unknown)."""
    head = f"{place}, " if place else f"{BLANK}, "
    if when is None:
        return f"{head}ngày {BLANK * 2} tháng {BLANK * 2} năm {BLANK * 2}"
    dd, mm = day_month(when)
    return f"{head}ngày {dd} tháng {mm} năm {when.year}"


def short_date(when: datetime | None) -> str:
    return f"{when:%d/%m/%Y}" if when else f"{BLANK}/{BLANK}/{BLANK}"


def hour_date(when: datetime | None) -> str:
    """``09 giờ 15 phút, ngày 05/01/2026``."""
    if when is None:
        return f"{BLANK} giờ {BLANK} phút, ngày {short_date(None)}"
    return f"{when:%H} giờ {when:%M} phút, ngày {short_date(when)}"


def processing_time(value: Any) -> str | None:
    """``{"amount": 3, "unit": "working_days"}`` / ``3`` / ``"03 ngày làm việc"`` -> text."""
    if isinstance(value, Mapping):
        amount = value.get("amount")
        unit = UNIT_LABELS.get(str(value.get("unit")), text(value.get("unit")) or "")
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            if amount == 0 and value.get("unit") in {"working_days", "days"}:
                return "Trong ngày"
            n = int(amount) if float(amount).is_integer() else amount
            num = f"{n:02d}" if isinstance(n, int) and 0 <= n < 10 else str(n)
            return f"{num} {unit}".strip()
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return processing_time({"amount": value, "unit": "working_days"})
    return text(value)


def status_label(value: Any) -> str | None:
    s = text(value)
    if s is None:
        return None
    return STATUS_LABELS.get(s, s)


def copy_type(component: Mapping[str, Any]) -> str | None:
    for key in ("copy_type", "form", "kind"):
        v = text(component.get(key))
        if v:
            return COPY_TYPES.get(v, v)
    return None


def quantity(component: Mapping[str, Any]) -> str | None:
    for key in ("copies", "quantity", "sets", "count"):
        v = component.get(key)
        if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
            return f"{v:02d}"
        s = text(v)
        if s:
            return s
    return None


def timeliness(done: datetime | None, due: datetime | None) -> str | None:
    """Trước hạn (before the due day) / Đúng hạn (by the due time) / Quá hạn (after)."""
    if done is None or due is None:
        return None
    if done.date() < due.date():
        return "Trước hạn"
    if done <= due:
        return "Đúng hạn"
    return "Quá hạn"
