"""Vietnamese text helpers: NFC normalisation, diacritic folding, masking for logs."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"[ \t\u00a0]+")


def nfc(text: str) -> str:
    """Normalise to Unicode NFC (Vietnamese text arrives in NFC, NFD or mixed forms)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case and strip diacritics (đ -> d) for matching OCR text that lost its marks."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    # "ø" is no Vietnamese letter: OCR's reading of an "ố" ("Sø / No.")
    return stripped.replace("đ", "d").replace("Đ", "d").replace("ø", "o")


def unaccent(text: str) -> str:
    """Strip diacritics keeping case (``Đã nhận`` -> ``Da nhan``): Vietnamese as unaccented SMS
    and ASCII-only headers carry it."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def squash(text: str) -> str:
    """Collapse runs of horizontal white space."""
    return _WS.sub(" ", text).strip()


def mask_id(value: str | None) -> str | None:
    """Mask a personal ID number, keeping the last 3 digits: ``*********123``."""
    if not value:
        return value
    keep = 3 if len(value) > 6 else 1
    return "*" * (len(value) - keep) + value[-keep:]


def mask_name(value: str | None) -> str | None:
    """Mask a person's name keeping initials: ``Nguyễn Văn An`` -> ``N. V. A.``."""
    if not value:
        return value
    return " ".join(part[0] + "." for part in value.split() if part)
