"""What officers, agency systems and reports ask about dossiers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from hoso.dossier import Dossier, iso
from hoso.ports import WorkFilter
from hoso.services import keys
from hoso.services.context import Services
from hoso.services.writes import BadRequest, NotFound
from hoso.status import DossierStatus

CONTROL_SHEET = "control-sheet"  # the document rendered on request, from the audit trail
LINK_TTL_S = 15 * 60  # a document link lives 15 minutes
_S3_URI = re.compile(r"^s3://([^/]+)/(.+)$")


def dossier(svc: Services, dossier_id: str) -> Dossier | None:
    return svc.records.get(dossier_id)


def audit_trail(svc: Services, dossier_id: str) -> list[dict[str, Any]]:
    return svc.records.audit_trail(dossier_id)


def in_status(svc: Services, status: DossierStatus, *, agency: str | None = None) -> list[Dossier]:
    """Dossiers in a status, of one agency or of all."""
    if agency:
        return svc.records.agency_worklist(agency, status)
    return svc.records.in_status(status)


def work_list(
    svc: Services, filters: WorkFilter, *, limit: int, cursor: str | None = None
) -> tuple[list[Dossier], str | None]:
    """A page of the dossiers ``filters`` select and the cursor of the next (None: no more)."""
    try:
        return svc.records.search(filters, limit, cursor)
    except ValueError as exc:
        raise BadRequest("cursor", "not a cursor of this list: start again without one") from exc


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
    svc: Services, start: date, end: date, *, agencies: Sequence[str] | None = None
) -> dict[str, Any]:
    """Decision 766 service-quality indicators over dossiers received start..end (of
    ``agencies`` only; None: all)."""
    from hoso.metrics import compute_metrics

    received = received_between(svc, start, end)
    keep = [d for d in received if agencies is None or d.agency in agencies]
    records = [d.to_dict() for d in keep]
    result: dict[str, Any] = compute_metrics(records, start=start, end=end, now=svc.clock())
    return result


def document_link(svc: Services, dossier: Dossier, name: str) -> dict[str, Any]:
    """A short-lived download link to one of the dossier's documents (a key of its
    ``documents``: receipt, supplement-request, apology, closure...), or to its control sheet
    (``control-sheet``, rendered from the audit trail now and kept with the notices)."""
    did = dossier.dossier_id
    if name == CONTROL_SHEET:
        pdf = control_sheet(svc, did)
        if pdf is None:
            raise NotFound(f"no dossier '{did}'")
        bucket, key = svc.settings.artefact_bucket, keys.notice(did, CONTROL_SHEET)
        svc.objects.put(bucket, key, pdf, content_type="application/pdf")
    else:
        m = _S3_URI.match(dossier.documents.get(name) or "")
        if m is None:
            known = ", ".join([*sorted(dossier.documents), CONTROL_SHEET])
            raise NotFound(f"dossier '{did}' has no document '{name}' (it has: {known})")
        bucket, key = m.group(1), m.group(2)
    expires = svc.clock() + timedelta(seconds=LINK_TTL_S)
    url = svc.objects.presign(bucket, key, LINK_TTL_S)
    return {"name": name, "url": url, "expires_at": iso(expires)}


def control_sheet(svc: Services, dossier_id: str) -> bytes | None:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: the audit trail as the official form."""
    from hoso.forms import render_control_sheet

    found = svc.records.get(dossier_id)
    if found is None:
        return None
    return render_control_sheet(found.to_dict(), audit=svc.records.audit_trail(dossier_id))
