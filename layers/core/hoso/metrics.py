"""Service-quality figures over dossier records (Decision 766/QĐ-TTg, 2022).

The figures a Public Administrative Service Center publishes and evaluates its officers with,
computed from dossier records (``schemas/records/dossier.schema.json`` plus the lifecycle fields
``result_at``, ``delivered_at``, ``supplement_requested_at``, ``apology_at``, ``new_due_at``,
``withdrawn``).

The window is a cohort of *received* dossiers: those whose ``received_at``, read in the local
time zone, falls on a date in ``[start, end]``. Every figure of a group is about that cohort:

* ``received``: dossiers in the window;
* ``processed``: ``result_at`` set (the agency's result is ready);
* ``early`` / ``on_time`` / ``late``: a processed dossier is judged against its original
  ``due_at`` (an apology letter's ``new_due_at`` does not make a late dossier on time), by local
  date: result before the due date is early, on the due date (or at/before ``due_at``) on time,
  after it late; ``processed_no_due``: processed without a due date (not judged);
* ``on_time_rate`` = (early + on_time) / processed (None when nothing was processed);
* ``overdue``: late, or not processed and ``due_at`` < ``now`` (withdrawn dossiers excluded);
* ``avg_processing_days`` / ``avg_processing_hours``: mean calendar time from ``received_at``
  to ``result_at`` over processed dossiers (None when nothing was processed);
* ``supplement_requested``: a supplement request was issued (``supplement_requested_at`` set or
  status ``supplement_requested``); ``supplement_rate`` = supplement_requested / received;
* ``digitised``: digitised at reception, i.e. at least one page read by ``text_layer``, ``ocr``
  or ``converted`` without a page error; ``digitised_share`` = digitised / received;
* ``failed``: status ``failed``; ``apologies``: ``apology_at`` set; ``withdrawn``: ``withdrawn``
  true or status ``withdrawn``.

Groups: ``overall``, ``by_agency``, ``by_procedure`` (``procedure_code``) and ``by_officer``
(``received_by``); a missing key is grouped under :data:`UNKNOWN`. The result is plain JSON
(str, int, float, None), ready for ``json.dumps`` and the dev report (``hoso_dev.report``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any, Final, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hoso.status import DossierStatus as S

__all__ = [
    "COUNTS",
    "GROUPS",
    "METRIC_NAMES",
    "UNKNOWN",
    "Metrics",
    "compute_metrics",
]

Metrics: TypeAlias = dict[str, Any]

UNKNOWN: Final = "(không rõ)"
GROUPS: Final = {
    "by_agency": "agency",
    "by_procedure": "procedure_code",
    "by_officer": "received_by",
}
DIGITISED_METHODS: Final = frozenset({"text_layer", "ocr", "converted"})

COUNTS: Final = (
    "received",
    "processed",
    "early",
    "on_time",
    "late",
    "processed_no_due",
    "overdue",
    "supplement_requested",
    "digitised",
    "failed",
    "apologies",
    "withdrawn",
)
METRIC_NAMES: Final = (
    "received",
    "processed",
    "early",
    "on_time",
    "late",
    "processed_no_due",
    "on_time_rate",
    "overdue",
    "avg_processing_days",
    "avg_processing_hours",
    "supplement_requested",
    "supplement_rate",
    "digitised",
    "digitised_share",
    "failed",
    "apologies",
    "withdrawn",
)


def compute_metrics(
    records: Iterable[Mapping[str, Any]],
    *,
    start: date,
    end: date,
    now: datetime | None = None,
    tz: str = "Asia/Ho_Chi_Minh",
) -> Metrics:
    """Figures for dossiers received (local date) from ``start`` to ``end`` inclusive.

    ``now`` (timezone-aware, default: the current time) decides which unprocessed dossiers are
    overdue. Records without a readable ``received_at`` are skipped and counted in
    ``period.skipped``.
    """
    now = _checked_window(start, end, now)
    zone = _zone(tz)

    overall = _Acc()
    groups: dict[str, dict[str, _Acc]] = {name: {} for name in GROUPS}
    names: dict[str, str] = {}
    seen = skipped = 0
    for rec in records:
        seen += 1
        received_at = _parse(rec.get("received_at"))
        if received_at is None:
            skipped += 1
            continue
        if not start <= received_at.astimezone(zone).date() <= end:
            continue
        fact = _facts(rec, received_at, now, zone)
        overall.add(fact)
        for name, field in GROUPS.items():
            key = _key(rec.get(field))
            groups[name].setdefault(key, _Acc()).add(fact)
        code, pname = rec.get("procedure_code"), rec.get("procedure_name")
        if isinstance(code, str) and code and isinstance(pname, str) and pname:
            names.setdefault(code, pname)

    out: Metrics = {
        "period": {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "tz": tz,
            "now": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "records_seen": seen,
            "records_in_window": overall.counts["received"],
            "skipped": skipped,
        },
        "overall": overall.result(),
    }
    for name, accs in groups.items():
        out[name] = {key: accs[key].result() for key in sorted(accs)}
    out["procedure_names"] = dict(sorted(names.items()))
    return out


# ----------------------------------------------------------------------------- internals
def _checked_window(start: date, end: date, now: datetime | None) -> datetime:
    """Raise on a window of datetimes or one ending before it starts, or a naive ``now``;
    return ``now`` (default: the current time)."""
    if isinstance(start, datetime) or isinstance(end, datetime):
        raise TypeError("start and end must be dates, not datetimes")
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now


class _Acc:
    """Counts and processing-time sum of one group."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = dict.fromkeys(COUNTS, 0)
        self.hours = 0.0

    def add(self, fact: tuple[set[str], float | None]) -> None:
        flags, hours = fact
        self.counts["received"] += 1
        for flag in flags:
            self.counts[flag] += 1
        if hours is not None:
            self.hours += hours

    def result(self) -> dict[str, Any]:
        c = self.counts
        processed = c["processed"]
        avg_hours = self.hours / processed if processed else None
        out: dict[str, Any] = dict(c)
        out["on_time_rate"] = _ratio(c["early"] + c["on_time"], processed)
        out["avg_processing_hours"] = avg_hours
        out["avg_processing_days"] = avg_hours / 24 if avg_hours is not None else None
        out["supplement_rate"] = _ratio(c["supplement_requested"], c["received"])
        out["digitised_share"] = _ratio(c["digitised"], c["received"])
        return {name: out[name] for name in METRIC_NAMES}


def _facts(
    rec: Mapping[str, Any], received_at: datetime, now: datetime, zone: tzinfo
) -> tuple[set[str], float | None]:
    """The flags (names in COUNTS except ``received``) and processing hours of one dossier."""
    flags: set[str] = set()
    due = _parse(rec.get("due_at"))
    result = _parse(rec.get("result_at"))
    status = rec.get("status")
    withdrawn = rec.get("withdrawn") is True or status == S.WITHDRAWN
    hours: float | None = None
    if result is not None:
        flags.add("processed")
        hours = (result - received_at) / timedelta(hours=1)
        if due is None:
            flags.add("processed_no_due")
        else:
            done, due_day = result.astimezone(zone).date(), due.astimezone(zone).date()
            if done < due_day:
                flags.add("early")
            elif done == due_day or result <= due:
                flags.add("on_time")
            else:
                flags.update(("late", "overdue"))
    elif due is not None and due < now and not withdrawn:
        flags.add("overdue")
    if rec.get("supplement_requested_at") or status == S.SUPPLEMENT_REQUESTED:
        flags.add("supplement_requested")
    if _digitised(rec.get("pages")):
        flags.add("digitised")
    if status == S.FAILED:
        flags.add("failed")
    if rec.get("apology_at"):
        flags.add("apologies")
    if withdrawn:
        flags.add("withdrawn")
    return flags, hours


def _digitised(pages: Any) -> bool:
    if not isinstance(pages, list):
        return False
    return any(
        isinstance(p, Mapping) and p.get("method") in DIGITISED_METHODS and not p.get("error")
        for p in pages
    )


def _key(value: Any) -> str:
    return value if isinstance(value, str) and value.strip() else UNKNOWN


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _parse(value: Any) -> datetime | None:
    """An ISO 8601 timestamp or a datetime ('Z' accepted; naive means UTC), else None."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str) and value:
        try:
            dt = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        if name == "Asia/Ho_Chi_Minh":  # no tzdata on the host: Vietnam has no DST
            return timezone(timedelta(hours=7), "+07")
        raise
