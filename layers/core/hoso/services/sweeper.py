"""The scheduled sweep: one pass over what time alone moves on (its own module: it runs
:mod:`hoso.services.restart`, which fails through :mod:`hoso.services.housekeeping`)."""

from __future__ import annotations

from hoso.services import deadlines
from hoso.services.context import Services
from hoso.services.housekeeping import fail_stale_uploads
from hoso.services.restart import restart_stalled


def sweep(svc: Services) -> dict[str, list[str]]:
    """Scheduled housekeeping: stale uploads fail; stalled dossiers are started again once,
    then failed (``hoso.services.restart``); dossiers whose supplement did not come in
    time are closed; officers are warned of appointments due soon; late dossiers are flagged
    overdue (``hoso.services.deadlines``)."""
    return {
        "stale_uploads": fail_stale_uploads(svc),
        "stalled": restart_stalled(svc),
        "supplement_expired": deadlines.close_expired_supplements(svc),
        "due_soon": deadlines.warn_due_soon(svc),
        "overdue": deadlines.mark_overdue(svc),
    }
