"""The typed dossier reads and writes exactly the wire contract (the record's JSON Schema)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hoso.dossier import Dossier
from hoso.records import validate
from hoso.status import DossierStatus

pytestmark = pytest.mark.unit
NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


def test_new_record_is_valid_and_round_trips():
    d = Dossier.new("d1", now=NOW, status=DossierStatus.PROCESSING, procedure_code="LLTP")
    data = d.to_dict()
    assert validate(data) == []
    assert data["status"] == "processing" and data["received_at"] == "2026-03-05T02:00:00.000Z"
    assert "revision" not in data and "decided_by" not in data  # optional fields only when set
    assert Dossier.from_dict(data) == d


def test_sample_records_round_trip_exactly():
    from hoso_dev.samples.month import generate_month

    for record in generate_month(2026, 10, n=40, seed=5):
        d = Dossier.from_dict(record)
        assert isinstance(d.status, DossierStatus)
        assert d.to_dict() == record


def test_fields_of_a_newer_version_are_kept():
    data = Dossier.new("d2", now=NOW, status=DossierStatus.RECEIVED).to_dict()
    data["channel_details"] = {"kiosk": 3}
    assert Dossier.from_dict(data).to_dict() == data


def test_evolve_copies_and_stamps():
    d = Dossier.new("d3", now=NOW, status=DossierStatus.PROCESSING, warnings=["a"])
    later = datetime(2026, 3, 6, tzinfo=UTC)
    e = d.evolve(now=later, status=DossierStatus.RECEIVED)
    e.warnings.append("b")
    assert d.warnings == ["a"] and d.status == DossierStatus.PROCESSING
    assert e.updated_at == "2026-03-06T00:00:00.000Z" and e.received_at == d.received_at
