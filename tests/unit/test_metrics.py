"""Service-quality figures (hoso.metrics) against an independent recomputation.

The acceptance: over a generated month of dossiers, every figure of every group equals what this
file recomputes from the raw records with its own straightforward code (fixed UTC+7 offset, no
helper from hoso.metrics).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from hoso.metrics import METRIC_NAMES, UNKNOWN, compute_metrics
from hoso.records import validate
from hoso.workdays import load_calendar
from hoso_dev.samples.month import default_as_of, generate_month

pytestmark = pytest.mark.unit

VN = timezone(timedelta(hours=7))  # Vietnam has had no DST since 1975
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
NOW = datetime(2026, 4, 10, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def month() -> list[dict[str, Any]]:
    return generate_month(2026, 3, n=300, seed=7)


# ------------------------------------------------------------- independent recomputation
def ts(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def local_day(value: Any) -> date:
    moment = ts(value)
    assert moment is not None
    return moment.astimezone(VN).date()


def expected_group(recs: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    """Every figure of one group, written out one by one."""
    received = len(recs)
    done = [r for r in recs if r.get("result_at")]
    dated = [r for r in done if r.get("due_at")]
    early = sum(1 for r in dated if local_day(r["result_at"]) < local_day(r["due_at"]))
    on_time = sum(1 for r in dated if local_day(r["result_at"]) == local_day(r["due_at"]))
    late = sum(1 for r in dated if local_day(r["result_at"]) > local_day(r["due_at"]))
    assert early + on_time + late == len(dated)

    def is_withdrawn(r: dict[str, Any]) -> bool:
        return r.get("withdrawn") is True or r["status"] == "withdrawn"

    waiting_past_due = 0
    for r in recs:
        due = ts(r.get("due_at"))
        if not r.get("result_at") and due is not None and due < now and not is_withdrawn(r):
            waiting_past_due += 1
    hours = [
        (ts(r["result_at"]) - ts(r["received_at"])).total_seconds() / 3600  # type: ignore[operator]
        for r in done
    ]
    supplement = sum(
        1 for r in recs if r.get("supplement_requested_at") or r["status"] == "supplement_requested"
    )
    digitised = sum(
        1
        for r in recs
        if any(
            p["method"] in ("text_layer", "ocr", "converted") and not p.get("error")
            for p in r.get("pages", [])
        )
    )
    return {
        "received": received,
        "processed": len(done),
        "early": early,
        "on_time": on_time,
        "late": late,
        "processed_no_due": len(done) - len(dated),
        "on_time_rate": (early + on_time) / len(done) if done else None,
        "overdue": late + waiting_past_due,
        "avg_processing_days": sum(hours) / len(hours) / 24 if hours else None,
        "avg_processing_hours": sum(hours) / len(hours) if hours else None,
        "supplement_requested": supplement,
        "supplement_rate": supplement / received if received else None,
        "digitised": digitised,
        "digitised_share": digitised / received if received else None,
        "failed": sum(1 for r in recs if r["status"] == "failed"),
        "apologies": sum(1 for r in recs if r.get("apology_at")),
        "withdrawn": sum(1 for r in recs if is_withdrawn(r)),
    }


def expected_all(
    records: list[dict[str, Any]], start: date, end: date, now: datetime
) -> dict[str, Any]:
    inside = [r for r in records if start <= local_day(r["received_at"]) <= end]
    out: dict[str, Any] = {"overall": expected_group(inside, now)}
    for name, field in (
        ("by_agency", "agency"),
        ("by_procedure", "procedure_code"),
        ("by_officer", "received_by"),
    ):
        keys = sorted({r.get(field) or UNKNOWN for r in inside})
        out[name] = {
            k: expected_group([r for r in inside if (r.get(field) or UNKNOWN) == k], now)
            for k in keys
        }
    return out


def assert_same(actual: dict[str, Any], expected: dict[str, Any], where: str) -> None:
    assert set(actual) == set(METRIC_NAMES), where
    for name, want in expected.items():
        got = actual[name]
        if want is None or isinstance(want, int):
            assert got == want, f"{where}.{name}: {got!r} != {want!r}"
        else:
            assert got == pytest.approx(want, rel=1e-12), f"{where}.{name}"


# ------------------------------------------------------------------------ acceptance
def test_month_figures_match_independent_recomputation(month: list[dict[str, Any]]) -> None:
    now = default_as_of(2026, 3)
    m = compute_metrics(month, start=MARCH[0], end=MARCH[1], now=now)
    want = expected_all(month, *MARCH, now)
    assert_same(m["overall"], want["overall"], "overall")
    for group in ("by_agency", "by_procedure", "by_officer"):
        assert list(m[group]) == list(want[group]), group
        for key, figures in want[group].items():
            assert_same(m[group][key], figures, f"{group}[{key}]")
    # the groups partition the window
    for group in ("by_agency", "by_procedure", "by_officer"):
        for name in ("received", "processed", "late", "overdue", "supplement_requested"):
            assert sum(g[name] for g in m[group].values()) == m["overall"][name]
    assert m["period"]["records_in_window"] == len(month) == m["overall"]["received"]
    assert json.loads(json.dumps(m)) == m  # plain JSON


def test_sub_window_matches_recomputation(month: list[dict[str, Any]]) -> None:
    start, end = date(2026, 3, 9), date(2026, 3, 15)
    m = compute_metrics(month, start=start, end=end, now=NOW)
    want = expected_all(month, start, end, NOW)
    assert 0 < m["overall"]["received"] < len(month)
    assert_same(m["overall"], want["overall"], "overall")
    for key, figures in want["by_agency"].items():
        assert_same(m["by_agency"][key], figures, key)


def test_generated_month_is_a_realistic_mix(month: list[dict[str, Any]]) -> None:
    cal = load_calendar()
    assert len(month) == 300
    assert len({r["dossier_id"] for r in month}) == 300
    assert all(validate(r) == [] for r in month)
    for r in month:
        received = ts(r["received_at"])
        assert received is not None and local_day(r["received_at"]).month == 3
        assert cal.is_working_day(received) and cal.is_office_hours(received), r["received_at"]
    assert len({r["agency"] for r in month}) >= 3
    assert {r["procedure_code"] for r in month} == {
        "KHAI_SINH", "LY_LICH_TU_PHAP", "HO_KINH_DOANH", "GPXD_NHA_O", "KET_HON", "THUONG_TRU",
    }  # fmt: skip
    pairs = {(r["agency"], r["received_by"]) for r in month}
    assert max(Counter(a for a, _ in pairs).values()) >= 2  # several officers for one agency
    agencies_per_officer = Counter(o for _, o in pairs)
    assert max(agencies_per_officer.values()) >= 2  # a counter shared by several agencies
    want = expected_group(month, default_as_of(2026, 3))
    for name in ("early", "on_time", "late", "failed", "supplement_requested", "apologies"):
        assert want[name] >= 3, name
    assert want["processed"] < want["received"]  # some still in progress
    assert want["overdue"] > want["late"]  # some overdue without a result
    assert want["withdrawn"] > 0 and want["digitised"] < want["received"]
    for r in month:
        if r.get("new_due_at"):
            assert r["apology_at"] and ts(r["new_due_at"]) > ts(r["due_at"])  # type: ignore[operator]
        if r.get("result_at"):
            assert ts(r["result_at"]) > ts(r["received_at"])  # type: ignore[operator]
            assert ts(r["result_at"]) <= default_as_of(2026, 3)  # type: ignore[operator]
        status = r["status"]
        assert bool(r.get("result_at")) == (status in ("result_ready", "delivered")), r
        assert bool(r.get("delivered_at")) == (status == "delivered"), r
        assert bool(r.get("withdrawn")) == (status == "withdrawn"), r
        if status == "supplement_requested":
            assert r["supplement_requested_at"] and r["missing_components"] and not r["due_at"]
        if r.get("delivered_at"):
            assert ts(r["delivered_at"]) >= ts(r["result_at"])  # type: ignore[operator]


def test_generator_is_deterministic() -> None:
    a = generate_month(2026, 2, n=40, seed=3)
    assert a == generate_month(2026, 2, n=40, seed=3)
    assert a != generate_month(2026, 2, n=40, seed=4)
    # February 2026: Tết 16-20 Feb is not a working day
    assert not any(date(2026, 2, 16) <= local_day(r["received_at"]) <= date(2026, 2, 20) for r in a)
    assert generate_month(2026, 12, n=0) == []


# ------------------------------------------------------------------------ edge cases
def rec(i: int, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "dossier_id": f"d{i}",
        "procedure_code": "KHAI_SINH",
        "procedure_name": "Đăng ký khai sinh",
        "agency": "UBND phường A",
        "status": "received",
        "received_by": "cb1",
        "received_at": "2026-03-10T02:00:00Z",  # 09:00 local
        "due_at": "2026-03-12T10:00:00Z",  # 17:00 local on 12 March
        "pages": [],
    }
    base.update(fields)
    return base


def run(records: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    kw.setdefault("start", MARCH[0])
    kw.setdefault("end", MARCH[1])
    kw.setdefault("now", NOW)
    return compute_metrics(records, **kw)


def test_nothing_processed_gives_no_rate() -> None:
    m = run([rec(1), rec(2, due_at=None)])
    o = m["overall"]
    assert o["received"] == 2 and o["processed"] == 0
    assert o["on_time_rate"] is None
    assert o["avg_processing_days"] is None and o["avg_processing_hours"] is None
    assert o["overdue"] == 1  # the one with a past due date


def test_empty_input() -> None:
    m = run([])
    assert m["overall"]["received"] == 0
    assert m["overall"]["supplement_rate"] is None and m["overall"]["digitised_share"] is None
    assert m["by_agency"] == {} and m["by_procedure"] == {} and m["by_officer"] == {}


def test_window_uses_local_dates() -> None:
    records = [
        rec(1, received_at="2026-03-31T23:30:00Z"),  # 06:30 on 1 April in Vietnam
        rec(2, received_at="2026-03-31T16:59:59Z"),  # 23:59:59 on 31 March
        rec(3, received_at="2026-02-28T17:30:00Z"),  # 00:30 on 1 March
        rec(4, received_at="2026-02-28T16:30:00Z"),  # 23:30 on 28 February
        rec(5, received_at="2026-03-15T09:00:00+07:00"),
    ]
    march = run(records)
    assert march["overall"]["received"] == 3
    april = run(records, start=date(2026, 4, 1), end=date(2026, 4, 30))
    assert april["overall"]["received"] == 1
    one_day = run(records, start=date(2026, 3, 31), end=date(2026, 3, 31))
    assert one_day["overall"]["received"] == 1
    assert one_day["period"] == {
        "start": "2026-03-31",
        "end": "2026-03-31",
        "tz": "Asia/Ho_Chi_Minh",
        "now": "2026-04-10T10:00:00Z",
        "records_seen": 5,
        "records_in_window": 1,
        "skipped": 0,
    }


def test_early_on_time_late_by_local_due_date() -> None:
    m = run(
        [
            rec(1, result_at="2026-03-11T09:00:00Z"),  # 16:00 on 11 March: early
            rec(2, result_at="2026-03-12T01:00:00Z"),  # 08:00 on the due date: on time
            rec(3, result_at="2026-03-12T11:00:00Z"),  # 18:00 on the due date: same day, on time
            rec(4, result_at="2026-03-12T17:30:00Z"),  # 00:30 on 13 March: late
            rec(5, result_at="2026-03-11T18:00:00Z", due_at="2026-03-12T10:00:00Z"),  # 01:00 12/3
            rec(6, result_at="2026-03-12T02:00:00Z", due_at=None),  # not judged
        ]
    )
    o = m["overall"]
    assert (o["early"], o["on_time"], o["late"], o["processed_no_due"]) == (1, 3, 1, 1)
    assert o["processed"] == 6
    assert o["on_time_rate"] == pytest.approx(4 / 6)
    assert o["overdue"] == 1


def test_apology_does_not_make_a_late_result_on_time() -> None:
    m = run(
        [
            rec(
                1,
                result_at="2026-03-13T03:00:00Z",
                apology_at="2026-03-11T03:00:00Z",
                new_due_at="2026-03-16T10:00:00Z",
            )
        ]
    )
    o = m["overall"]
    assert (o["late"], o["overdue"], o["apologies"], o["on_time_rate"]) == (1, 1, 1, 0.0)


def test_overdue_unprocessed_depends_on_now_and_withdrawal() -> None:
    records = [
        rec(1),  # due 12 March, no result
        rec(2, withdrawn=True),
        rec(3, status="withdrawn"),
        rec(4, due_at="2026-05-01T10:00:00Z"),
    ]
    assert run(records)["overall"]["overdue"] == 1
    assert run(records)["overall"]["withdrawn"] == 2
    early_now = datetime(2026, 3, 12, 9, 0, tzinfo=VN)
    assert run(records, now=early_now)["overall"]["overdue"] == 0


def test_processing_time_in_hours_and_days() -> None:
    m = run(
        [
            rec(1, result_at="2026-03-10T08:00:00Z"),  # 6 h
            rec(2, result_at="2026-03-12T02:00:00Z"),  # 48 h
        ]
    )
    assert m["overall"]["avg_processing_hours"] == pytest.approx(27.0)
    assert m["overall"]["avg_processing_days"] == pytest.approx(27.0 / 24)


def test_supplement_digitised_failed_and_unknown_keys() -> None:
    good = {"file": "a.pdf", "index": 1, "method": "ocr", "error": None}
    records = [
        rec(1, supplement_requested_at="2026-03-10T03:00:00Z", pages=[good]),  # supplied since
        rec(2, status="supplement_requested", pages=[{**good, "error": "blank"}]),
        rec(3, status="failed", pages=[{**good, "method": "none"}], agency=None),
        rec(4, pages=[{**good, "error": "blank"}, {**good, "index": 2, "method": "converted"}]),
        rec(5, received_by="", procedure_code=None),
    ]
    m = run(records)
    o = m["overall"]
    assert (o["supplement_requested"], o["supplement_rate"]) == (2, 2 / 5)
    assert (o["digitised"], o["digitised_share"]) == (2, 2 / 5)
    assert o["failed"] == 1
    assert m["by_agency"][UNKNOWN]["received"] == 1
    assert m["by_officer"][UNKNOWN]["received"] == 1
    assert m["by_procedure"][UNKNOWN]["received"] == 1
    assert m["procedure_names"] == {"KHAI_SINH": "Đăng ký khai sinh"}


def test_unreadable_received_at_is_skipped_and_bad_arguments_refused() -> None:
    m = run([rec(1, received_at="yesterday"), rec(2, received_at=None), rec(3)])
    assert m["overall"]["received"] == 1 and m["period"]["skipped"] == 2
    as_datetime = rec(4, received_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))  # 1 April local
    assert run([as_datetime])["overall"]["received"] == 0
    naive_is_utc = rec(5, received_at="2026-03-31T16:30:00", result_at="2026-03-31T17:30:00")
    assert run([naive_is_utc])["overall"]["avg_processing_hours"] == pytest.approx(1.0)
    with pytest.raises(ValueError):
        run([], now=datetime(2026, 4, 1))  # naive
    with pytest.raises(ValueError):
        run([], start=date(2026, 3, 2), end=date(2026, 3, 1))
    with pytest.raises(TypeError):
        run([], start=datetime(2026, 3, 1, tzinfo=UTC))
