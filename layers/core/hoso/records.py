"""Dossier records as JSON objects (``schemas/records/dossier.schema.json``): helpers for code
that builds or checks records as plain dicts (samples, reports, tests). Services work with
:class:`hoso.dossier.Dossier`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hoso.dossier import SCHEMA, Dossier, error, iso, parse_time, vn_today
from hoso.dossier import local_date as _local_date
from hoso.resources import schema_errors
from hoso.status import DossierStatus

__all__ = ["error", "iso", "local_day", "new_record", "validate", "vn_today"]


def new_record(
    dossier_id: str, *, now: datetime, status: DossierStatus | str, **fields: Any
) -> dict[str, Any]:
    """A record as a dict, with the fields every record has; ``fields`` override them."""
    record = Dossier.new(dossier_id, now=now, status=DossierStatus(status)).to_dict()
    record.update(fields)
    return record


def validate(record: dict[str, Any]) -> list[str]:
    return schema_errors(SCHEMA, record)


def local_day(iso_ts: str) -> str:
    return _local_date(parse_time(iso_ts)).isoformat()
