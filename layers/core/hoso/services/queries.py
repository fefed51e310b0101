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
from hoso.status import OPEN, DossierStatus
from hoso.text import fold, nfc

CONTROL_SHEET = "control-sheet"  # the document rendered on request, from the audit trail
LINK_TTL_S = 15 * 60  # a document link lives 15 minutes
_S3_URI = re.compile(r"^s3://([^/]+)/(.+)\Z")


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
    svc: Services,
    filters: WorkFilter,
    *,
    limit: int,
    cursor: str | None = None,
    order: str = "changed",
) -> tuple[list[Dossier], str | None]:
    """A page of the dossiers ``filters`` select and the cursor of the next (None: no more).

    ``order``: ``changed`` (by status, then last change: the longest waiting first) or
    ``due`` (the counter's order for open dossiers, received or in progress: the earliest
    appointment first, so overdue and due-soon ones lead). Asked for another status, the due
    order is the changed one: only open dossiers have an appointment."""
    if order not in ORDERS:
        raise BadRequest("order", f"one of {', '.join(ORDERS)}")
    if order == "due" and filters.status is not None and filters.status not in OPEN:
        order = "changed"
    try:
        return svc.records.search(filters, limit, cursor, order=order)
    except ValueError as exc:
        raise BadRequest("cursor", "not a cursor of this list: start again without one") from exc


ORDERS = ("changed", "due")


def every(svc: Services, filters: WorkFilter) -> list[Dossier]:
    """Every dossier ``filters`` select, page after page of the store's work list."""
    out: list[Dossier] = []
    cursor: str | None = None
    while True:
        page, cursor = svc.records.search(filters, 200, cursor)
        out += page
        if cursor is None:
            return out


def counts(svc: Services, agencies: Sequence[str] | None) -> dict[str, Any]:
    """The work list's numbers: dossiers per status, and how many open dossiers are overdue
    or due soon (the warning window) — of ``agencies`` only (None: all)."""
    from hoso.services.deadlines import due_soon_horizon

    scope = None if agencies is None else tuple(agencies)
    by_status = svc.records.count_by_status(scope)
    now = svc.clock()
    horizon = due_soon_horizon(svc, now)
    soon = svc.records.appointments_before(iso(horizon), scope)
    overdue = sum(1 for due in soon if due < iso(now))
    return {
        "statuses": {str(s): by_status.get(s, 0) for s in DossierStatus},
        "total": sum(by_status.values()),
        "overdue": overdue,
        "due_soon": len(soon) - overdue,
        "at": iso(now),
        "due_soon_before": iso(horizon),
    }


_ID_NUMBER = re.compile(r"^(\d{12}|\d{9})\Z")
SEARCH_LIMIT = 50


def find(svc: Services, text: str, agencies: Sequence[str] | None) -> list[Dossier]:
    """Dossiers an officer looks for by what is at hand: an applicant's ID number (the
    applicant index), a dossier id or code (whole or part), or a name (part of it, with or
    without diacritics). Of ``agencies`` only (None: all); the newest first, at most
    ``SEARCH_LIMIT``. A name or part of a code is looked for over the agencies' records."""
    wanted = nfc(text).strip()
    if not wanted:
        raise BadRequest("text", "say what to look for")
    digits = re.sub(r"[\s.]", "", wanted)
    if _ID_NUMBER.match(digits):
        found = svc.records.of_applicant(digits)
    else:
        folded = fold(wanted)
        scope = WorkFilter(agencies=None if agencies is None else tuple(agencies))
        found = [d for d in every(svc, scope) if folded in _searchable(d)]
    keep = [d for d in found if agencies is None or d.agency in agencies]
    keep.sort(key=lambda d: d.received_at, reverse=True)
    return keep[:SEARCH_LIMIT]


def _searchable(d: Dossier) -> str:
    name = (d.applicant or {}).get("full_name") or ""
    return " ".join(fold(v) for v in (d.dossier_id, d.dossier_code or "", str(name)))


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


def paper_types(svc: Services, dossier: Dossier) -> list[dict[str, Any]]:
    """The papers the dossier's procedure (the version it was received under) asks for, one
    per document type: what an officer may say a page is."""
    procedure = svc.catalog.get(dossier.procedure_code or "", on=dossier.received_day)
    if procedure is None:
        return []
    out: list[dict[str, Any]] = []
    for c in procedure.components:
        for t in c.doc_types:
            found = svc.catalog.doc_type(t)
            out.append(
                {
                    "doc_type": t,
                    "name": found.name if found else t,
                    "component_id": c.id,
                    "component_name": c.name,
                }
            )
    return out
