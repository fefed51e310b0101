"""Through intake to the decision with the in-memory ports: a dossier received at the merged
counter is its department's (work list, events, due date by the department's calendar)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from hoso.catalog import ProcessingTime
from hoso.dossier import iso
from hoso.events import validate
from hoso.records import validate as validate_record
from hoso.services import Services, Settings, intake, queries
from hoso.services.defaults import services
from hoso.status import DossierStatus
from hoso.workdays import TZ
from tests.fakes import MemoryEvents, MemoryObjectStore, MemoryQueue, MemoryRecordStore
from tests.unit.conftest import ART, UP, drain, fake_assess, fake_count, fake_ocr, put_manifest

pytestmark = pytest.mark.unit

SATURDAY_MORNING = datetime(2026, 3, 7, 9, 30, tzinfo=TZ)
FIVE_DAYS = ProcessingTime(amount=5, unit="working_days")


@dataclass(frozen=True)
class Procedure:
    code: str
    agency_code: str
    name: str = "Thủ tục thử"
    agency: str = "Tên trong thủ tục"
    effective_from: date = date(2025, 7, 1)
    processing_time: ProcessingTime = FIVE_DAYS


# procedures of two departments sharing the counter, and the police's
AGENCY_OF = {
    "XAC_NHAN_LANH_SU": "H40.SNGV",
    "THI_DUA_KHEN_THUONG": "H40.SNV",
    "LY_LICH_TU_PHAP": "H40.CAT",
}


class Catalog:
    def get(self, code: str, on: date | None = None) -> Procedure | None:
        agency = AGENCY_OF.get(code)
        return Procedure(code, agency) if agency else None


@pytest.fixture
def svc() -> Services:
    return services(
        objects=MemoryObjectStore(),
        records=MemoryRecordStore(),
        queue=MemoryQueue(),
        events=MemoryEvents(),
        settings=Settings(UP, ART),
        catalog=Catalog(),
        ocr=fake_ocr,
        count_pages=fake_count,
        assess=fake_assess,
        notices=None,
        clock=lambda: datetime(2026, 3, 7, 2, 45, tzinfo=UTC),
    )


def receive(svc: Services, dossier_id: str, procedure: str, counter: str) -> None:
    objects = svc.objects
    assert isinstance(objects, MemoryObjectStore) and isinstance(svc.queue, MemoryQueue)
    objects.put(UP, f"incoming/{dossier_id}/a.pdf", "TỜ KHAI\nGIẤY CHỨNG SINH".encode())
    manifest = {
        "dossier_id": dossier_id,
        "procedure_code": procedure,
        "counter": counter,
        "received_at": SATURDAY_MORNING.isoformat(),
    }
    assert intake.on_upload(svc, UP, put_manifest(objects, dossier_id, manifest)) == "started"
    drain(svc, svc.queue)


def test_a_dossier_of_the_shared_counter_is_in_its_departments_work_list(svc: Services) -> None:
    receive(svc, "ngv-1", "XAC_NHAN_LANH_SU", "quay-chung")
    receive(svc, "nv-1", "THI_DUA_KHEN_THUONG", "quay-chung")
    records = svc.records
    assert isinstance(records, MemoryRecordStore)
    rec = records.record("ngv-1")
    assert rec is not None and validate_record(rec) == []
    assert rec["status"] == "received" and rec["warnings"] == []
    assert (rec["agency"], rec["agency_name"], rec["counter"]) == (
        "H40.SNGV",
        "Sở Ngoại vụ tỉnh Nghệ An",
        "quay-chung",
    )
    # received on Saturday morning: counts from Monday 9/3, 5 working days
    assert rec["due_at"] == iso(datetime(2026, 3, 16, 17, 0, tzinfo=TZ))
    received = DossierStatus.RECEIVED
    assert [d.dossier_id for d in queries.in_status(svc, received, agency="H40.SNGV")] == ["ngv-1"]
    assert [d.dossier_id for d in queries.in_status(svc, received, agency="H40.SNV")] == ["nv-1"]
    assert queries.in_status(svc, received, agency="quay-chung") == []  # a counter is no agency
    # every event of the dossier names its department
    for entry in records.audit_trail("ngv-1"):
        assert entry["event"]["detail"]["agency"] == "H40.SNGV"
        assert validate(entry["event"]) == []


def test_a_dossier_at_a_counter_not_receiving_for_its_agency_is_kept_with_a_warning(
    svc: Services,
) -> None:
    receive(svc, "lltp-1", "LY_LICH_TU_PHAP", "quay-chung")
    records = svc.records
    assert isinstance(records, MemoryRecordStore)
    rec = records.record("lltp-1")
    assert rec is not None and rec["status"] == "received"
    assert (rec["agency"], rec["counter"]) == ("H40.CAT", "quay-chung")
    assert rec["warnings"] == [
        "counter 'quay-chung' does not receive for H40.CAT on 2026-03-07 "
        "(it receives for H40.SNGV, H40.SNV, H40.SVHTT, H40.SKHCN, H40.STC)"
    ]
    # the police's calendar: closes at 16:30
    assert rec["due_at"] == iso(datetime(2026, 3, 16, 16, 30, tzinfo=TZ))
    found = queries.in_status(svc, DossierStatus.RECEIVED, agency="H40.CAT")
    assert [d.dossier_id for d in found] == ["lltp-1"]
