"""What the officers' console asks of the core (commit "Console: ..."): the work list in the
counter's order (``order="due"``), the work list's numbers (``counts``), finding a dossier by
what is at hand (``find``), the paper types a page may be said to be, and the preview of a
supplement request (nothing stored, numbered or sent).

The clock is the services fixture's: Thursday 5/3/2026 09:00 in Vietnam (02:00 UTC); with
the default warning window of 8 working hours, "due soon" ends on Friday 6/3 at 09:30."""

from __future__ import annotations

import io
import unicodedata
from datetime import date
from typing import Any

import pdfplumber
import pytest

from hoso.catalog import load_catalog
from hoso.dossier import Dossier, iso
from hoso.ports import WorkFilter
from hoso.services import BadRequest, InvalidAction, NotFound, defaults, intake, queries, review
from hoso.services.deadlines import due_soon_horizon
from hoso.status import DossierStatus as S
from tests.fakes import MemoryRecordStore
from tests.unit.conftest import UP, drain, fake_assess, put_manifest

pytestmark = pytest.mark.unit

XA, CA = "H40.UBNDXA", "H40.CAT"
NOW = "2026-03-05T02:00:00.000Z"
SOON_ENDS = "2026-03-06T02:30:00.000Z"  # Friday 09:30 in Vietnam


def dossier(did: str, status: S = S.RECEIVED, **values: Any) -> Dossier:
    values.setdefault("received_at", "2026-03-01T02:00:00.000Z")
    values.setdefault("updated_at", values["received_at"])
    values.setdefault("revision", 1)
    values.setdefault("agency", XA)
    return Dossier(dossier_id=did, status=status, **values)


def put(records: MemoryRecordStore, *dossiers: Dossier) -> None:
    for d in dossiers:
        entry = {"id": d.dossier_id, "at": d.updated_at, "actor": "t", "action": "t"}
        records.create(d, {**entry, "from_status": None, "to_status": str(d.status)})


def ids(found: list[Dossier]) -> list[str]:
    return [d.dossier_id for d in found]


# ------------------------------------------------------------------ the work list by urgency
def urgent(records: MemoryRecordStore) -> None:
    """Dossiers of the commune: overdue, due soon, due later, moved by an apology, without an
    appointment; and one of the police."""
    put(
        records,
        dossier("later", due_at="2026-03-20T10:00:00.000Z", received_at="2026-03-02T01:00:00.000Z"),
        dossier("none-new", S.NEEDS_REVIEW, received_at="2026-03-04T01:00:00.000Z"),
        dossier("soon", S.IN_PROGRESS, due_at="2026-03-05T10:00:00.000Z"),
        dossier(
            "overdue", due_at="2026-03-03T10:00:00.000Z", received_at="2026-02-20T01:00:00.000Z"
        ),
        dossier("none-old", S.NEEDS_REVIEW, received_at="2026-02-27T01:00:00.000Z"),
        # an apology moved it from before "overdue" to after "soon"
        dossier("moved", due_at="2026-03-01T10:00:00.000Z", new_due_at="2026-03-10T10:00:00.000Z"),
        # the same appointment as "later": the one received first leads
        dossier(
            "later-first", due_at="2026-03-20T10:00:00.000Z", received_at="2026-03-01T00:00:00.000Z"
        ),
        dossier("police", due_at="2026-03-02T10:00:00.000Z", agency=CA),
    )


# open dossiers only (received, in progress), by the appointment in force
COMMUNE_BY_URGENCY = ["overdue", "soon", "moved", "later", "later-first"]


def test_the_due_order_puts_the_earliest_appointment_of_open_dossiers_first(env):
    p, _, records, *_ = env
    urgent(records)
    page, nxt = queries.work_list(p, WorkFilter(agencies=(XA,)), limit=50, order="due")
    assert (ids(page), nxt) == (COMMUNE_BY_URGENCY, None)
    page, _ = queries.work_list(p, WorkFilter(), limit=50, order="due")
    assert ids(page)[:2] == ["police", "overdue"]
    page, _ = queries.work_list(
        p, WorkFilter(agencies=(XA,), status=S.IN_PROGRESS), limit=9, order="due"
    )
    assert ids(page) == ["soon"]
    # a status without appointments: the changed order (the longest waiting first)
    page, _ = queries.work_list(
        p, WorkFilter(agencies=(XA,), status=S.NEEDS_REVIEW), limit=9, order="due"
    )
    assert ids(page) == ["none-old", "none-new"]
    # the store's order is another one (status, then last change), and has every dossier
    page, _ = queries.work_list(p, WorkFilter(agencies=(XA,)), limit=50)
    assert len(page) == 7 and ids(page) != COMMUNE_BY_URGENCY


def test_the_due_order_comes_in_pages_through_its_cursor(env):
    p, _, records, *_ = env
    urgent(records)
    scope = WorkFilter(agencies=(XA,))
    seen: list[str] = []
    cursor = None
    while True:
        page, cursor = queries.work_list(p, scope, limit=2, cursor=cursor, order="due")
        assert len(page) <= 2
        seen += ids(page)
        if cursor is None:
            break
    assert seen == COMMUNE_BY_URGENCY


@pytest.mark.parametrize("cursor", ["not-a-cursor", "due-", "due-3", "e30"])
def test_a_foreign_cursor_of_the_due_order_is_a_bad_request(env, cursor):
    p, _, records, *_ = env
    urgent(records)
    with pytest.raises(BadRequest) as exc:
        queries.work_list(p, WorkFilter(), limit=3, cursor=cursor, order="due")
    assert exc.value.field == "cursor"


def test_the_cursors_of_the_two_orders_do_not_mix(env):
    p, _, records, *_ = env
    urgent(records)
    _, changed = queries.work_list(p, WorkFilter(), limit=3)
    _, due = queries.work_list(p, WorkFilter(), limit=3, order="due")
    assert changed is not None and due is not None
    with pytest.raises(BadRequest) as exc:
        queries.work_list(p, WorkFilter(), limit=3, cursor=changed, order="due")
    assert exc.value.field == "cursor"
    with pytest.raises(BadRequest) as exc:
        queries.work_list(p, WorkFilter(), limit=3, cursor=due)
    assert exc.value.field == "cursor"


@pytest.mark.parametrize("order", ["urgency", "", "DUE"])
def test_an_unknown_order_is_a_bad_request(env, order):
    p, *_ = env
    with pytest.raises(BadRequest) as exc:
        queries.work_list(p, WorkFilter(), limit=3, order=order)
    assert exc.value.field == "order" and "changed, due" in exc.value.reason


# ------------------------------------------------------------------ the work list's numbers
def workload(records: MemoryRecordStore) -> None:
    put(
        records,
        dossier("x-overdue", due_at="2026-03-04T10:00:00.000Z"),
        dossier("x-soon", S.IN_PROGRESS, due_at="2026-03-06T01:00:00.000Z"),
        dossier("x-at-now", due_at=NOW),  # due this very instant: not yet overdue
        dossier("x-after-window", due_at=SOON_ENDS),  # the window's end is not in it
        dossier("x-later", due_at="2026-03-20T10:00:00.000Z"),
        # an apology moved a passed appointment out of the window
        dossier(
            "x-moved", due_at="2026-03-02T10:00:00.000Z", new_due_at="2026-03-20T10:00:00.000Z"
        ),
        dossier("x-ready", S.RESULT_READY, due_at="2026-03-04T10:00:00.000Z"),  # not open
        dossier("x-review", S.NEEDS_REVIEW),
        dossier("c-overdue", due_at="2026-03-01T10:00:00.000Z", agency=CA),
        dossier("c-soon", due_at="2026-03-05T09:00:00.000Z", agency=CA),
        dossier("uploading", S.UPLOADING, agency=None),
    )


def test_counts_per_status_and_overdue_and_due_soon_against_the_clock(env):
    p, _, records, *_ = env
    workload(records)
    found = queries.counts(p, None)
    assert found["at"] == NOW
    assert found["due_soon_before"] == SOON_ENDS == iso(due_soon_horizon(p, p.clock()))
    assert found["statuses"] == {
        **{str(s): 0 for s in S},
        "received": 7,
        "in_progress": 1,
        "result_ready": 1,
        "needs_review": 1,
        "uploading": 1,
    }
    assert list(found["statuses"]) == [str(s) for s in S]  # every status, zeros included
    assert found["total"] == 11
    assert (found["overdue"], found["due_soon"]) == (
        2,
        3,
    )  # x-, c-overdue; x-soon, x-at-now, c-soon


def test_counts_cover_the_agencies_asked_for_only(env):
    p, _, records, *_ = env
    workload(records)
    commune = queries.counts(p, [XA])
    assert commune["total"] == 8
    assert (commune["statuses"]["received"], commune["statuses"]["uploading"]) == (5, 0)
    assert (commune["overdue"], commune["due_soon"]) == (1, 2)
    police = queries.counts(p, (CA,))
    assert (police["total"], police["overdue"], police["due_soon"]) == (2, 1, 1)
    both = queries.counts(p, [XA, CA])
    assert both["total"] == 10 and both["overdue"] == 2
    nothing = queries.counts(p, [])
    assert nothing["total"] == 0 and set(nothing["statuses"].values()) == {0}
    assert (nothing["overdue"], nothing["due_soon"]) == (0, 0)


def test_the_due_soon_window_follows_the_settings(env):
    p, _, records, *_ = env
    workload(records)
    p.settings.due_soon_working_hours = 1  # Thursday 10:00 in Vietnam
    found = queries.counts(p, [XA])
    assert found["due_soon_before"] == "2026-03-05T03:00:00.000Z"
    assert (found["overdue"], found["due_soon"]) == (1, 1)  # x-at-now only


# ------------------------------------------------------------------ finding a dossier
LAN, BINH = "040190001234", "040088005678"


def people(records: MemoryRecordStore) -> None:
    put(
        records,
        dossier(
            "Q1-20260301-0001",
            dossier_code="000.00.00.H40-260301-0001",
            applicant={"full_name": "Nguyễn Thị Lan", "id_number": LAN},
            received_at="2026-03-01T02:00:00.000Z",
        ),
        dossier(
            "Q1-20260303-0002",
            dossier_code="000.00.00.H40-260303-0002",
            applicant={"full_name": "Đỗ Văn Đức", "id_number": BINH},
            received_at="2026-03-03T02:00:00.000Z",
        ),
        dossier(
            "Q1-20260304-0003",
            S.NEEDS_REVIEW,
            applicant={"full_name": "Nguyễn Thị Lan", "id_number": LAN},
            received_at="2026-03-04T02:00:00.000Z",
        ),
        dossier(
            "Q2-20260302-0004",
            dossier_code="000.00.00.H40-260302-0004",
            agency=CA,
            applicant={"full_name": "Nguyễn Thị Lan", "id_number": LAN},
            received_at="2026-03-02T02:00:00.000Z",
        ),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LAN, ["Q1-20260304-0003", "Q1-20260301-0001"]),  # the applicant index
        ("0401 9000 1234", ["Q1-20260304-0003", "Q1-20260301-0001"]),
        ("040.190.001.234", ["Q1-20260304-0003", "Q1-20260301-0001"]),
        (BINH, ["Q1-20260303-0002"]),
        ("Q1-20260303-0002", ["Q1-20260303-0002"]),  # the dossier id
        ("20260301", ["Q1-20260301-0001"]),  # part of it
        ("000.00.00.H40-260303-0002", ["Q1-20260303-0002"]),  # the code
        ("h40-260301", ["Q1-20260301-0001"]),  # part of it, any case
        ("Nguyễn Thị Lan", ["Q1-20260304-0003", "Q1-20260301-0001"]),
        ("nguyen thi lan", ["Q1-20260304-0003", "Q1-20260301-0001"]),
        (unicodedata.normalize("NFD", "Thị Lan"), ["Q1-20260304-0003", "Q1-20260301-0001"]),
        ("  LAN ", ["Q1-20260304-0003", "Q1-20260301-0001"]),
        ("do van duc", ["Q1-20260303-0002"]),
        ("ĐỨC", ["Q1-20260303-0002"]),
        ("Trần", []),
        ("040190009999", []),
    ],
)
def test_find_by_id_number_code_or_name_the_newest_first(env, text, expected):
    p, _, records, *_ = env
    people(records)
    assert ids(queries.find(p, text, [XA])) == expected


def test_find_is_scoped_to_the_agencies(env):
    p, _, records, *_ = env
    people(records)
    everyone = ["Q1-20260304-0003", "Q2-20260302-0004", "Q1-20260301-0001"]
    assert ids(queries.find(p, LAN, None)) == everyone
    assert ids(queries.find(p, "nguyen thi lan", None)) == everyone
    assert ids(queries.find(p, LAN, [CA])) == ["Q2-20260302-0004"]
    assert ids(queries.find(p, "Lan", (CA,))) == ["Q2-20260302-0004"]
    assert ids(queries.find(p, "Q2-2026", [XA])) == []  # another agency's, found by its id
    assert queries.find(p, LAN, []) == [] and queries.find(p, "Lan", []) == []


def test_find_answers_at_most_the_newest_fifty(env):
    p, _, records, *_ = env
    put(
        records,
        *(
            dossier(
                f"D-{i:03d}",
                applicant={"full_name": "Lê Văn Tám", "id_number": LAN},
                received_at=f"2026-0{1 + i // 28}-{1 + i % 28:02d}T02:00:00.000Z",
            )
            for i in range(60)
        ),
    )
    for text in ("le van tam", LAN):
        found = queries.find(p, text, [XA])
        assert len(found) == queries.SEARCH_LIMIT == 50
        assert ids(found) == [f"D-{i:03d}" for i in range(59, 9, -1)]


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_find_needs_something_to_look_for(env, text):
    p, *_ = env
    with pytest.raises(BadRequest) as exc:
        queries.find(p, text, None)
    assert exc.value.field == "text"


# ------------------------------------------------------------------ paper types
def test_paper_types_are_the_procedures_document_types_with_their_component(env):
    p, *_ = env
    p.catalog = load_catalog()
    d = dossier("D1", procedure_code="KHAI_SINH", received_at="2026-03-05T02:00:00.000Z")
    types = queries.paper_types(p, d)
    assert types[:2] == [
        {
            "doc_type": "to_khai_khai_sinh",
            "name": "Tờ khai đăng ký khai sinh",
            "component_id": "to_khai",
            "component_name": "Tờ khai đăng ký khai sinh",
        },
        {
            "doc_type": "giay_chung_sinh",
            "name": "Giấy chứng sinh",
            "component_id": "giay_chung_sinh",
            "component_name": "Bản chính Giấy chứng sinh",
        },
    ]
    # a component with alternatives: one entry per document type
    identity = [t["doc_type"] for t in types if t["component_id"] == "giay_to_tuy_than"]
    assert identity == ["cccd", "ho_chieu"]
    assert len({t["doc_type"] for t in types}) == len(types)
    assert all(unicodedata.is_normalized("NFC", t["name"]) for t in types)


def test_paper_types_of_an_unknown_procedure_or_version_are_none(env):
    p, *_ = env
    p.catalog = load_catalog()
    assert queries.paper_types(p, dossier("D1", procedure_code="NO_SUCH")) == []
    assert queries.paper_types(p, dossier("D2")) == []  # no procedure at all
    # received before the procedure's first version came into force (1/7/2025)
    old = dossier("D3", procedure_code="KHAI_SINH", received_at="2025-06-30T02:00:00.000Z")
    assert old.received_day == date(2025, 6, 30)
    assert queries.paper_types(p, old) == []


# ------------------------------------------------------------------ supplement request preview
def in_review(env: Any, did: str = "R1") -> None:
    """A dossier understanding could not decide on: an officer reviews it."""
    p, objects, _, queue, *_ = env
    p.notices = defaults.notices
    p.assess = lambda *a, **k: {**fake_assess(*a, **k), "status": "needs_review"}
    objects.put(UP, f"incoming/{did}/a.pdf", b"TO KHAI")
    put_manifest(objects, did, {"dossier_id": did, "procedure_code": "KHAI_SINH"})
    intake.on_upload(p, UP, f"incoming/{did}/manifest.json")
    drain(p, queue)


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        raw = "\n".join(page.extract_text() or "" for page in doc.pages)
    return " ".join(unicodedata.normalize("NFC", raw).split())


MISSING = [
    {"name": "Giấy chứng sinh", "reason": "Bản chụp mờ, chụp lại bản chính"},
    {"name": "Văn bản ủy quyền", "id": "uy_quyen"},
]


def test_the_preview_is_the_request_as_it_would_be_sent_and_nothing_is_kept(env):
    p, objects, records, queue, events, _ = env
    in_review(env)
    before = records.record("R1")
    assert before["status"] == "needs_review"
    stored, trail = dict(objects.objects), records.audit_trail("R1")
    numbers, published = dict(records.counters), list(events.events)
    pdf = review.preview_supplement_request(p, "R1", missing=MISSING, note="xem lại")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for item in ("Giấy chứng sinh", "Bản chụp mờ, chụp lại bản chính", "Văn bản ủy quyền"):
        assert item in text, item
    assert "Thiếu Văn bản ủy quyền" in text  # an item without a reason gets the default one
    assert "xem lại" not in text  # a first request carries no further reason
    # nothing stored, numbered or sent
    assert records.record("R1") == before
    assert records.audit_trail("R1") == trail
    assert objects.objects == stored
    assert dict(records.counters) == numbers
    assert events.events == published and not queue.messages.get("notify")


def test_the_preview_of_a_further_request_carries_its_reason(env):
    p, _, records, *_ = env
    in_review(env)
    current = records.records["R1"]
    records.records["R1"] = current.but(supplement_requests=1)  # one request already sent
    pdf = review.preview_supplement_request(
        p, "R1", missing=MISSING[:1], note="Bản nộp bổ sung là ảnh chân dung"
    )
    assert "Yêu cầu bổ sung lần 2. Lý do: Bản nộp bổ sung là ảnh chân dung" in pdf_text(pdf)
    assert records.records["R1"].supplement_requests == 1


def test_the_preview_needs_a_status_that_allows_a_request(env):
    p, _, records, *_ = env
    in_review(env)
    for did, status in (("G1", S.RECEIVED), ("G2", S.SUPPLEMENT_REQUESTED), ("G3", S.PROCESSING)):
        put(records, dossier(did, status, procedure_code="KHAI_SINH"))
        with pytest.raises(InvalidAction, match=f"status '{status}'"):
            review.preview_supplement_request(p, did, missing=MISSING)
    with pytest.raises(NotFound):
        review.preview_supplement_request(p, "NOPE", missing=MISSING)


def test_the_preview_needs_items(env):
    p, _, records, *_ = env
    in_review(env)
    before = records.record("R1")
    with pytest.raises(BadRequest) as exc:
        review.preview_supplement_request(p, "R1", missing=[])
    assert exc.value.field == "missing"
    assert records.record("R1") == before


def test_no_preview_without_notices(env):
    p, *_ = env
    in_review(env)
    p.notices = None
    with pytest.raises(InvalidAction, match="renders no notices"):
        review.preview_supplement_request(p, "R1", missing=MISSING)
