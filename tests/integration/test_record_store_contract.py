"""The RecordStore port's contract (hoso/ports.py), run against the in-memory fake
(tests/fakes.py) and the DynamoDB adapter on moto, its table created from template.yaml's
RecordsTable (keys, indexes, stream) as the local runtime creates it."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest

from hoso.dossier import Dossier
from hoso.ports import ConflictError, RecordStore, WorkFilter
from hoso.status import DossierStatus as S
from hoso_aws.dynamo import DynamoRecordStore
from hoso_local.provision import provision
from tests.fakes import MemoryRecordStore
from tests.integration.conftest import resolver

pytestmark = pytest.mark.integration

T0 = "2026-03-05T02:00:00.000Z"
LAN, BINH = "040190001234", "040088005678"
XA, TINH = "Ủy ban nhân dân cấp xã", "Công an cấp tỉnh"


@pytest.fixture(params=["memory", "dynamodb"])
def store(request: pytest.FixtureRequest) -> Iterator[RecordStore]:
    if request.param == "memory":
        yield MemoryRecordStore()
        return
    aws = request.getfixturevalue("aws")
    res = resolver(only=("RecordsTable",))
    provision(res, aws)
    yield DynamoRecordStore(aws["dynamodb"], res.names["RecordsTable"])


def dossier(did: str, status: S = S.RECEIVED, **values: Any) -> Dossier:
    values.setdefault("received_at", T0)
    values.setdefault("updated_at", values["received_at"])
    values.setdefault("revision", 1)
    return Dossier(dossier_id=did, status=status, **values)


def audit(d: Dossier, at: str | None = None, frm: S | None = None) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex,
        "at": at or d.updated_at,
        "actor": "test",
        "action": "test",
        "from_status": str(frm) if frm else None,
        "to_status": str(d.status),
        "note": None,
    }


def put(store: RecordStore, *dossiers: Dossier) -> None:
    for d in dossiers:
        store.create(d, audit(d))


def move(store: RecordStore, d: Dossier, at: str, **changes: Any) -> Dossier:
    """A state change as the services write it: next revision, conditional on the last."""
    new = d.but(updated_at=at, revision=(d.revision or 0) + 1, **changes)
    store.transition(d.dossier_id, expected_revision=d.revision or 0, dossier=new, audit=None)
    return new


def ids(found: list[Dossier]) -> list[str]:
    return [d.dossier_id for d in found]


# ------------------------------------------------------------------ writes
def test_create_then_get_round_trips_the_record(store: RecordStore) -> None:
    d = dossier(
        "d1",
        procedure_code="KHAI_SINH",
        agency=XA,
        applicant={"full_name": "Nguyễn Thị Lan", "id_number": LAN},
        files=[{"name": "Tờ khai.pdf", "key": "incoming/d1/Tờ khai.pdf", "size": 50}],
        warnings=["'ghi chú.txt' ignored"],
    )
    store.create(d, audit(d))
    assert store.get("d1") == d
    assert store.get("d2") is None


def test_get_returns_a_copy(store: RecordStore) -> None:
    put(store, dossier("d1", applicant={"full_name": "Nguyễn Thị Lan"}))
    got = store.get("d1")
    assert got is not None
    got.applicant["full_name"] = "changed"
    got.files.append({"name": "x.pdf"})
    assert store.get("d1") == dossier("d1", applicant={"full_name": "Nguyễn Thị Lan"})


def test_create_conflicts_when_the_record_exists(store: RecordStore) -> None:
    first = dossier("d1")
    put(store, first)
    with pytest.raises(ConflictError):
        store.create(dossier("d1", S.FAILED), audit(dossier("d1", S.FAILED)))
    assert store.get("d1") == first
    assert len(store.audit_trail("d1")) == 1


def test_transition_is_conditional_on_the_revision(store: RecordStore) -> None:
    d1 = dossier("d1", S.PROCESSING)
    put(store, d1)
    d2 = d1.but(status=S.RECEIVED, revision=2, updated_at="2026-03-05T02:01:00.000Z")
    store.transition("d1", expected_revision=1, dossier=d2, audit=audit(d2, frm=S.PROCESSING))
    assert store.get("d1") == d2
    stale = d1.but(status=S.FAILED, revision=2, updated_at="2026-03-05T02:02:00.000Z")
    with pytest.raises(ConflictError):
        store.transition("d1", expected_revision=1, dossier=stale, audit=audit(stale))
    # the losing write left nothing behind: neither the record nor its audit entry
    assert store.get("d1") == d2
    assert [a["to_status"] for a in store.audit_trail("d1")] == ["processing", "received"]


def test_transition_of_an_unknown_record_conflicts(store: RecordStore) -> None:
    d = dossier("d1", revision=2)
    with pytest.raises(ConflictError):
        store.transition("d1", expected_revision=1, dossier=d, audit=audit(d))
    assert store.get("d1") is None
    assert store.audit_trail("d1") == []


def test_a_transition_without_audit_entry_adds_none(store: RecordStore) -> None:
    d1 = dossier("d1", S.PROCESSING)
    put(store, d1)
    noted = move(store, d1, "2026-03-05T02:01:00.000Z", last_error={"stage": "ocr", "reason": "x"})
    assert store.get("d1") == noted
    assert len(store.audit_trail("d1")) == 1


def test_audit_trail_in_the_order_written(store: RecordStore) -> None:
    d = dossier("d1", S.UPLOADING)
    store.create(d, {**audit(d, "2026-03-05T02:00:00.000Z"), "id": "c" * 32})
    rev = 1
    for at, status, entry_id in (
        ("2026-03-05T02:00:00.500Z", S.PROCESSING, "a" * 32),
        ("2026-03-05T02:03:00.000Z", S.RECEIVED, "b" * 32),
    ):
        new = d.but(status=status, revision=rev + 1, updated_at=at)
        entry = {**audit(new, at, frm=d.status), "id": entry_id}
        store.transition("d1", expected_revision=rev, dossier=new, audit=entry)
        d, rev = new, rev + 1
    put(store, dossier("d10"))  # another dossier whose id starts the same
    trail = store.audit_trail("d1")
    assert [(a["from_status"], a["to_status"]) for a in trail] == [
        (None, "uploading"),
        ("uploading", "processing"),
        ("processing", "received"),
    ]
    assert trail[1] == {**audit(d, "2026-03-05T02:00:00.500Z"), **trail[1]}
    assert store.audit_trail("nope") == []


# ------------------------------------------------------------------ named queries
def test_in_status_oldest_change_first_and_updated_before(store: RecordStore) -> None:
    put(
        store,
        dossier("u2", S.UPLOADING, updated_at="2026-03-05T01:20:00.000Z"),
        dossier("u1", S.UPLOADING, updated_at="2026-03-05T01:10:00.000Z"),
        dossier("u3", S.UPLOADING, updated_at="2026-03-05T01:30:00.000Z"),
        dossier("p1", S.PROCESSING, updated_at="2026-03-05T01:00:00.000Z"),
    )
    assert ids(store.in_status(S.UPLOADING)) == ["u1", "u2", "u3"]
    assert ids(store.in_status(S.UPLOADING, updated_before="2026-03-05T01:20:00.000Z")) == ["u1"]
    assert ids(store.in_status(S.PROCESSING)) == ["p1"]
    assert store.in_status(S.DELIVERED) == []


def test_in_status_follows_transitions(store: RecordStore) -> None:
    u1 = dossier("u1", S.UPLOADING, updated_at="2026-03-05T01:10:00.000Z")
    put(store, u1)
    move(store, u1, "2026-03-05T01:40:00.000Z", status=S.FAILED)
    assert store.in_status(S.UPLOADING) == []
    assert ids(store.in_status(S.FAILED)) == ["u1"]


def test_agency_worklist(store: RecordStore) -> None:
    put(
        store,
        dossier("x2", agency=XA, updated_at="2026-03-05T02:00:00.000Z"),
        dossier("x1", agency=XA, updated_at="2026-03-04T02:00:00.000Z"),
        dossier("x3", S.IN_PROGRESS, agency=XA),
        dossier("t1", agency=TINH),
        dossier("n1"),  # no agency (not started)
    )
    assert ids(store.agency_worklist(XA, S.RECEIVED)) == ["x1", "x2"]
    assert ids(store.agency_worklist(XA, S.IN_PROGRESS)) == ["x3"]
    assert ids(store.agency_worklist(TINH, S.RECEIVED)) == ["t1"]
    assert store.agency_worklist(TINH, S.IN_PROGRESS) == []


def test_due_before_spans_months_earliest_first(store: RecordStore) -> None:
    put(
        store,
        dossier("mar", due_at="2026-03-04T10:00:00.000Z"),
        dossier("jan", S.IN_PROGRESS, due_at="2026-01-15T10:00:00.000Z"),
        dossier("sep", due_at="2025-09-20T10:00:00.000Z"),  # half a year late
        dossier("now", due_at="2026-03-05T02:00:00.000Z"),  # due at the very instant: not before
        dossier("later", due_at="2026-03-20T10:00:00.000Z"),
        # an apology moved the appointment: the new one is in force
        dossier(
            "moved-out", due_at="2026-02-10T10:00:00.000Z", new_due_at="2026-03-25T10:00:00.000Z"
        ),
        dossier(
            "moved-in", due_at="2026-02-01T10:00:00.000Z", new_due_at="2026-03-02T10:00:00.000Z"
        ),
        # not open any more: no appointment to keep
        dossier("ready", S.RESULT_READY, due_at="2026-02-01T10:00:00.000Z"),
        dossier("delivered", S.DELIVERED, due_at="2026-02-01T10:00:00.000Z"),
        dossier("withdrawn", S.WITHDRAWN, due_at="2026-02-01T10:00:00.000Z"),
        dossier("no-due"),
    )
    assert ids(store.due_before(T0)) == ["sep", "jan", "moved-in", "mar"]


def test_due_before_looks_back_a_year(store: RecordStore) -> None:
    put(
        store,
        dossier("old", due_at="2024-12-01T10:00:00.000Z"),
        dossier("year", due_at="2025-04-10T10:00:00.000Z"),
    )
    assert ids(store.due_before(T0)) == ["year"]


def test_due_before_follows_transitions(store: RecordStore) -> None:
    mar = dossier("mar", due_at="2026-03-04T10:00:00.000Z")
    jan = dossier("jan", due_at="2026-01-15T10:00:00.000Z")
    put(store, mar, jan)
    move(store, mar, "2026-03-05T01:00:00.000Z", status=S.RESULT_READY)
    move(store, jan, "2026-03-05T01:00:00.000Z", new_due_at="2026-04-01T10:00:00.000Z")
    assert store.due_before(T0) == []
    assert ids(store.due_before("2026-04-02T00:00:00.000Z")) == ["jan"]


def test_of_applicant_oldest_first(store: RecordStore) -> None:
    put(
        store,
        dossier("lan-2", applicant={"id_number": LAN}, received_at="2026-03-05T02:00:00.000Z"),
        dossier("lan-1", applicant={"id_number": LAN}, received_at="2025-11-20T02:00:00.000Z"),
        dossier("binh", applicant={"id_number": BINH}),
        dossier("nobody", applicant={"full_name": "Nguyễn Thị Lan"}),
    )
    found = store.of_applicant(LAN)
    assert ids(found) == ["lan-1", "lan-2"]
    assert found[0] == dossier(
        "lan-1", applicant={"id_number": LAN}, received_at="2025-11-20T02:00:00.000Z"
    )
    assert store.of_applicant("012345678") == []


def test_received_on_the_local_day(store: RecordStore) -> None:
    # Vietnam is UTC+7: a local day runs from 17:00 UTC the day before
    put(
        store,
        dossier("late-4th", received_at="2026-03-04T16:59:59.999Z"),
        dossier("last-5th", received_at="2026-03-05T16:59:59.000Z"),
        dossier("first-5th", received_at="2026-03-04T17:00:00.000Z"),
        dossier("first-6th", received_at="2026-03-05T17:00:00.000Z"),
    )
    assert ids(store.received_on(date(2026, 3, 5))) == ["first-5th", "last-5th"]
    assert ids(store.received_on(date(2026, 3, 4))) == ["late-4th"]
    assert store.received_on(date(2026, 3, 7)) == []


def test_count_by_status_per_agency_following_transitions(store: RecordStore) -> None:
    none = {s: 0 for s in S}
    assert store.count_by_status(None) == none
    made = work(store)  # w00..w10 over three statuses and agencies
    put(store, dossier("u1", S.UPLOADING), dossier("f1", S.FAILED, agency=TINH))
    assert store.count_by_status(None) == {
        **none,
        S.RECEIVED: 4,
        S.IN_PROGRESS: 4,
        S.NEEDS_REVIEW: 3,
        S.UPLOADING: 1,
        S.FAILED: 1,
    }
    # w00 w03 w04 w06 w09 are the commune's; w01 w07 w10 and f1 the province police's
    xa = {**none, S.RECEIVED: 4, S.IN_PROGRESS: 1}
    tinh = {**none, S.IN_PROGRESS: 3, S.FAILED: 1}
    assert store.count_by_status((XA,)) == xa
    assert store.count_by_status((TINH,)) == tinh
    assert store.count_by_status((XA, TINH)) == {s: xa[s] + tinh[s] for s in S}
    assert store.count_by_status(("H40.NOBODY",)) == none
    assert store.count_by_status(()) == none
    move(store, made[0], "2026-03-20T00:00:00.000Z", status=S.IN_PROGRESS)
    move(store, made[3], "2026-03-20T00:00:00.000Z", status=S.WITHDRAWN)
    after = store.count_by_status((XA,))
    assert after == {**xa, S.RECEIVED: 2, S.IN_PROGRESS: 2, S.WITHDRAWN: 1}
    assert sum(store.count_by_status(None).values()) == 13


# ------------------------------------------------------------------ counters
def test_next_sequence_counts_per_scope_from_one(store: RecordStore) -> None:
    scope = "000.00.00.H40#260305"
    assert [store.next_sequence(scope) for _ in range(3)] == [1, 2, 3]
    assert store.next_sequence("000.00.00.H40#260306") == 1
    assert store.next_sequence(scope) == 4


def test_reserve_sequence_takes_one_number_per_owner(store: RecordStore) -> None:
    scope = "000.00.00.H40#260305"
    assert store.next_sequence(scope) == 1  # numbers taken before stay taken
    assert store.reserve_sequence("d1", scope) == 2
    assert store.reserve_sequence("d1", scope) == 2  # a retried decision: the same number
    assert store.reserve_sequence("d2", scope) == 3
    assert store.reserve_sequence("d1", "000.00.00.H40#260306") == 1  # another day's counter
    assert store.next_sequence(scope) == 4
    assert store.reserve_sequence("d1", scope) == 2


def test_claim_is_held_by_its_first_token(store: RecordStore) -> None:
    assert store.claim("RUN#d1#1", "a") is True
    assert store.claim("RUN#d1#1", "a") is True  # the holder asking again (a redelivery)
    assert store.claim("RUN#d1#1", "b") is False  # a second job for the same run
    assert store.claim("RUN#d1#2", "b") is True


def test_mark_part_done_counts_distinct_parts(store: RecordStore) -> None:
    scope = "Q1-20260305-0007#plan-1"
    assert store.mark_part_done(scope, "0") == 1
    assert store.mark_part_done(scope, "0") == 1  # a redelivered part counts once
    assert store.mark_part_done(scope, "1") == 2
    assert store.mark_part_done("Q1-20260305-0008#plan-1", "0") == 1
    assert store.mark_part_done(scope, "2") == 3


# ------------------------------------------------------------------ the work list (search)
def work(store: RecordStore) -> list[Dossier]:
    """Eleven dossiers over statuses, agencies, procedures, days and appointments."""
    made = [
        dossier(
            f"w{i:02d}",
            [S.RECEIVED, S.IN_PROGRESS, S.NEEDS_REVIEW][i % 3],
            agency=XA if i == 4 else [XA, TINH, None][i % 3],
            procedure_code="KHAI_SINH" if i % 2 else "LLTP",
            received_at=f"2026-03-{1 + i:02d}T02:00:00.000Z",
            updated_at=f"2026-03-{1 + i:02d}T03:00:00.000Z",
            due_at=f"2026-04-{1 + i:02d}T10:00:00.000Z" if i % 3 != 2 else None,
            applicant={"id_number": LAN if i % 2 else BINH, "full_name": "Nguyễn Thị Lan"},
        )
        for i in range(11)
    ]
    put(store, *made)
    return made


def everything(store: RecordStore, filters: WorkFilter, limit: int) -> tuple[list[str], int]:
    """Every page's dossier ids, following the cursor; and the number of pages."""
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        page, cursor = store.search(filters, limit, cursor)
        assert len(page) <= limit
        seen += ids(page)
        pages += 1
        if cursor is not None:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            assert LAN not in raw and BINH not in raw and "Lan" not in raw
        else:
            return seen, pages


@pytest.mark.parametrize("limit", [1, 3, 11, 50])
def test_search_pages_hold_each_dossier_once(store: RecordStore, limit: int) -> None:
    made = work(store)
    seen, pages = everything(store, WorkFilter(), limit)
    assert sorted(seen) == sorted(ids(made)) and len(seen) == len(set(seen))
    assert pages == max(1, -(-len(made) // limit))  # no empty last page


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (WorkFilter(status=S.NEEDS_REVIEW), ["w02", "w05", "w08"]),
        (WorkFilter(agencies=(XA,)), ["w00", "w03", "w04", "w06", "w09"]),
        (WorkFilter(agencies=(XA, TINH), status=S.IN_PROGRESS), ["w01", "w04", "w07", "w10"]),
        (WorkFilter(agencies=()), []),
        (WorkFilter(procedure="KHAI_SINH", status=S.RECEIVED), ["w03", "w09"]),
        (WorkFilter(received_from=when("2026-03-10T00:00:00Z")), ["w09", "w10"]),
        (WorkFilter(received_to=when("2026-03-02T02:00:00Z")), ["w00"]),
        (WorkFilter(due_before=when("2026-04-03T00:00:00Z")), ["w00", "w01"]),
        (WorkFilter(due_after=when("2026-04-10T00:00:00Z")), ["w09", "w10"]),
        (
            WorkFilter(
                agencies=(XA,),
                due_after=when("2026-04-02T00:00:00Z"),
                due_before=when("2026-04-08T00:00:00Z"),
            ),
            ["w03", "w04", "w06"],
        ),
    ],
)
def test_search_filters(store: RecordStore, filters: WorkFilter, expected: list[str]) -> None:
    work(store)
    seen, _ = everything(store, filters, 2)
    assert sorted(seen) == expected


def test_search_follows_transitions_and_refuses_a_foreign_cursor(store: RecordStore) -> None:
    made = work(store)
    move(store, made[0], "2026-03-20T00:00:00.000Z", status=S.IN_PROGRESS)
    page, _ = store.search(WorkFilter(status=S.RECEIVED, agencies=(XA,)), 50)
    assert ids(page) == ["w03", "w06", "w09"]  # w00 moved on
    with pytest.raises(ValueError):
        store.search(WorkFilter(), 5, "not a cursor!")


# ------------------------------------------------------------------ the due order, appointments
@pytest.mark.parametrize("limit", [1, 2, 50])
def test_the_due_order_pages_open_dossiers_by_their_appointment(
    store: RecordStore, limit: int
) -> None:
    made = work(store)  # appointments 1/4.. for i % 3 != 2, all received or in progress
    expected = [d.dossier_id for d in made if d.due_at]
    seen: list[str] = []
    cursor: str | None = None
    while True:
        page, cursor = store.search(WorkFilter(), limit, cursor, order="due")
        seen += ids(page)
        if cursor is None:
            break
        with pytest.raises(ValueError):  # a cursor of the due order only
            store.search(WorkFilter(), limit, cursor)
    assert seen == expected
    xa, _ = store.search(WorkFilter(agencies=(XA,)), 50, order="due")
    assert ids(xa) == [d.dossier_id for d in made if d.due_at and d.agency == XA]


def test_appointments_before_are_the_open_ones_of_the_agencies(store: RecordStore) -> None:
    made = work(store)
    until = "2026-04-05T00:00:00.000Z"  # w00..w03 have appointments before (w02: none)
    assert sorted(store.appointments_before(until, None)) == sorted(
        d.due_at or "" for d in made[:4] if d.due_at
    )
    assert store.appointments_before(until, (XA,)) == [made[0].due_at, made[3].due_at]
    assert store.appointments_before(until, ()) == []
    move(store, made[0], "2026-03-20T00:00:00.000Z", status=S.DELIVERED)
    assert store.appointments_before(until, (XA,)) == [made[3].due_at]
