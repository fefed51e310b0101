"""Routing at intake: the record's agency (code and name) and counter, by the catalog.

The procedure says which agency handles a dossier; the counter it was received at, from the
manifest, is recorded and checked, and never changes the agency (a merged counter receives for
several departments). What does not add up becomes a record warning (``hoso.agencies.route``).
"""

from __future__ import annotations

from typing import Any

from hoso.agencies import route
from hoso.dossier import Dossier
from hoso.services.context import Services


def routing_fields(
    svc: Services, procedure: Any, manifest: dict[str, Any], record: Dossier
) -> dict[str, Any]:
    """``agency``, ``agency_name``, ``counter`` and ``warnings`` (the record's and routing's)
    for ``record.but(...)``, routed on the day the dossier was received."""
    routing = route(procedure, manifest, record.received_day, svc.agencies)
    return {
        "agency": routing.agency,
        "agency_name": routing.agency_name,
        "counter": routing.counter,
        "warnings": [*record.warnings, *routing.warnings],
    }
