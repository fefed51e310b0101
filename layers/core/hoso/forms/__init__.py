"""PDF notices of the one-stop counter (Circular 03/2025/TT-VPCP), A4, embedded DejaVu fonts.

Each renderer is ``(record: dict, *, office: dict | None = None, **extra) -> bytes``; see
:mod:`hoso.forms.notices` for the extras each one reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from hoso.forms.closure import render_closure
from hoso.forms.notices import (
    render_apology,
    render_control_sheet,
    render_receipt,
    render_refusal,
    render_supplement_request,
)

Renderer = Callable[..., bytes]

FORMS: Final[dict[str, Any]] = {
    "receipt": render_receipt,
    "supplement_request": render_supplement_request,
    "apology": render_apology,
    "refusal": render_refusal,
    "control_sheet": render_control_sheet,
    "closure": render_closure,
}

__all__ = [
    "FORMS",
    "Renderer",
    "render_apology",
    "render_closure",
    "render_control_sheet",
    "render_receipt",
    "render_refusal",
    "render_supplement_request",
]
