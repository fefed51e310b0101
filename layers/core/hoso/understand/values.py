"""A value read from a paper."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FieldValue:
    name: str
    value: str  # normalised value (ISO date for dates, digits for IDs)
    raw: str
    label_score: float
    line: str
    valid: bool = True  # False: a date that does not exist (31/02/1990), a number unread
    conf: float = 100.0  # lowest OCR confidence of the words read (100: text layer, MRZ)
    source: str = "label"  # "label" | "mrz" (confirmed by the machine-readable zone)
    #   | "agreement" (an unsure reading settled by a surer paper about the same person)
    alts: tuple[str, ...] = ()  # other readings of the value (a number read again)
