"""Dossier codes: ``<agency code>-YYMMDD-<sequence of the day>``.

The national one-stop systems (Circular 04/2025/TT-VPCP) number a dossier with the code of the
receiving agency, the receipt date in Vietnam time and a 4-digit sequence of the day, e.g.
``000.00.19.H47-260105-0001``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from hoso.workdays import TZ

__all__ = ["DOSSIER_CODE_RE", "DossierCode", "dossier_code", "parse_dossier_code"]

# ``\Z``: ``$`` would also match before a final newline
_AGENCY_RE: Final = re.compile(r"^[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*\Z")
DOSSIER_CODE_RE: Final = re.compile(
    r"^(?P<agency>[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)-(?P<date>\d{6})-(?P<seq>\d{4,})\Z"
)


@dataclass(frozen=True)
class DossierCode:
    agency_code: str
    received_on: date
    sequence: int

    def __str__(self) -> str:
        return f"{self.agency_code}-{self.received_on:%y%m%d}-{self.sequence:04d}"


def dossier_code(agency_code: str, received_at: datetime, sequence: int) -> str:
    """``dossier_code("000.00.19.H47", <5 Jan 2026 09:00 ICT>, 1) == "000.00.19.H47-260105-0001"``.

    ``received_at`` must be timezone-aware; the date is taken in Asia/Ho_Chi_Minh (a dossier
    received at 23:30 UTC belongs to the next Vietnamese day). ``sequence`` is the 1-based
    number of the dossier that day, zero-padded to 4 digits (more digits past 9999).
    """
    agency = agency_code.strip() if isinstance(agency_code, str) else ""
    if not _AGENCY_RE.match(agency):
        raise ValueError(f"bad agency code {agency_code!r}: expected e.g. '000.00.19.H47'")
    if not isinstance(received_at, datetime):
        raise TypeError(f"received_at must be a datetime, got {type(received_at).__name__}")
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
        raise ValueError(f"sequence must be a positive int, got {sequence!r}")
    return str(DossierCode(agency, received_at.astimezone(TZ).date(), sequence))


def parse_dossier_code(code: str) -> DossierCode:
    """Split a dossier code back into its parts (ValueError if it is not one)."""
    m = DOSSIER_CODE_RE.match(code.strip())
    if not m:
        raise ValueError(f"not a dossier code: {code!r}")
    raw = m["date"]
    try:
        day = date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    except ValueError as exc:
        raise ValueError(f"bad date in dossier code {code!r}") from exc
    seq = int(m["seq"])
    if seq < 1:
        raise ValueError(f"bad sequence in dossier code {code!r}")
    return DossierCode(m["agency"], day, seq)
