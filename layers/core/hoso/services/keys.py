"""Every key hoso reads or writes in its buckets, in one place.

Upload bucket (stations write): ``incoming/<dossier-id>/<file>`` and its ``manifest.json``.
Artefact bucket (hoso writes): ``dossiers/<dossier-id>/...`` as below.
"""

from __future__ import annotations

import posixpath
import re

from hoso.errors import UploadLayoutError

MANIFEST = "manifest.json"
DOSSIER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def incoming_folder(prefix: str, dossier_id: str) -> str:
    return f"{prefix}{dossier_id}/"


def ocr_plan(dossier_id: str, plan_id: str) -> str:
    """The page ranges a large dossier's reading was cut into (fan-out)."""
    return f"dossiers/{dossier_id}/ocr/{plan_id}/plan.json"


def ocr_page(dossier_id: str, plan_id: str, file: str, index: int) -> str:
    """One page's reading (``schemas/ocr/page.schema.json``)."""
    return f"dossiers/{dossier_id}/ocr/{plan_id}/pages/{file}/{index:04d}.json"


def ocr_result(dossier_id: str) -> str:
    """Every page's reading, the reading errors and the files' page counts."""
    return f"dossiers/{dossier_id}/ocr.json"


def assessment(dossier_id: str) -> str:
    """Understanding's result, with the reading it was made from."""
    return f"dossiers/{dossier_id}/assessment.json"


def notice(dossier_id: str, name: str) -> str:
    """A notice's PDF: receipt, supplement-request, apology."""
    return f"dossiers/{dossier_id}/notices/{name}.pdf"


def s3_uri(bucket: str, key: str) -> str:
    return f"s3://{bucket}/{key}"


def split_upload_key(prefix: str, key: str) -> tuple[str, str]:
    """(dossier id, file name) of an uploaded object; UploadLayoutError when the key breaks
    the station contract."""
    if not key.startswith(prefix):
        raise UploadLayoutError(f"'{key}' is outside {prefix}")
    parts = key[len(prefix) :].split("/")
    if len(parts) == 1:
        stem = posixpath.splitext(parts[0])[0]
        return safe_id(stem), parts[0]
    if len(parts) != 2 or not parts[1]:
        raise UploadLayoutError(
            f"'{key}': files must sit directly under {prefix}<dossier-id>/ (no sub-folders)"
        )
    if not DOSSIER_ID.match(parts[0]):
        raise UploadLayoutError(
            f"'{parts[0]}' is not a valid dossier id (letters, digits, '.', '_', '-'; "
            "at most 128 characters)"
        )
    return parts[0], parts[1]


def safe_id(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "unnamed"
    return cleaned[:128]


def id_from_key(key: str, prefix: str) -> str:
    """Best dossier id for an object that breaks the layout: its folder, else its name."""
    rest = key[len(prefix) :] if key.startswith(prefix) else key
    first = rest.split("/", 1)[0]
    return safe_id(posixpath.splitext(first)[0] if "/" not in rest else first)
