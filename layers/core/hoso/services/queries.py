"""What officers, agency systems and reports ask about dossiers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hoso.dossier import Dossier
from hoso.services.context import Services
from hoso.status import DossierStatus


def dossier(svc: Services, dossier_id: str) -> Dossier | None:
    return svc.records.get(dossier_id)


def audit_trail(svc: Services, dossier_id: str) -> list[dict[str, Any]]:
    return svc.records.audit_trail(dossier_id)


def in_status(svc: Services, status: DossierStatus, *, agency: str | None = None) -> list[Dossier]:
    """Dossiers in a status, of one agency or of all."""
    if agency:
        return svc.records.agency_worklist(agency, status)
    return svc.records.in_status(status)


def of_applicant(svc: Services, id_number: str) -> list[Dossier]:
    """A returning applicant's dossiers."""
    return svc.records.of_applicant(id_number)


def received_between(svc: Services, start: date, end: date) -> list[Dossier]:
    """Dossiers received on local days start..end inclusive."""
    out: list[Dossier] = []
    day = start
    while day <= end:
        out += svc.records.received_on(day)
        day += timedelta(days=1)
    return out


def quality(
    svc: Services, start: date, end: date, *, agencies: list[str] | None = None
) -> dict[str, Any]:
    """Decision 766 service-quality indicators over dossiers received start..end, of the
    given agencies only (None: all)."""
    from hoso.metrics import compute_metrics

    records = [
        d.to_dict()
        for d in received_between(svc, start, end)
        if agencies is None or d.agency in agencies
    ]
    result: dict[str, Any] = compute_metrics(records, start=start, end=end, now=svc.clock())
    return result


def control_sheet(svc: Services, dossier_id: str) -> bytes | None:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: the audit trail as the official form."""
    from hoso.forms import render_control_sheet

    found = svc.records.get(dossier_id)
    if found is None:
        return None
    return render_control_sheet(found.to_dict(), audit=svc.records.audit_trail(dossier_id))
