"""Every key hoso reads or writes in its buckets, in one place.

Upload bucket (stations write): ``incoming/<dossier-id>/<file>`` and its ``manifest.json``;
a supplement's files and manifest under ``incoming/<dossier-id>/supplement-<n>/``.
Artefact bucket (hoso writes): ``dossiers/<dossier-id>/...`` as below; what a supplement round
adds (its reading, its assessment) under ``dossiers/<dossier-id>/supplement-<round>/``.
"""

from __future__ import annotations

import posixpath
import re

from hoso.errors import UploadLayoutError
from hoso.privacy import mask_path

MANIFEST = "manifest.json"
# The file types a station may upload and hoso reads (by extension, lower case).
READABLE = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"})
# ``\Z``, not ``$``: "HS-1\n" is no dossier id (``$`` also matches before a final newline)
DOSSIER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\Z")
SUPPLEMENT_DIR = re.compile(r"^supplement-([1-9][0-9]{0,2})\Z")


def incoming_folder(prefix: str, dossier_id: str) -> str:
    return f"{prefix}{dossier_id}/"


def ocr_plan(dossier_id: str, plan_id: str) -> str:
    """The page ranges a large dossier's reading was cut into (fan-out)."""
    return f"dossiers/{dossier_id}/ocr/{plan_id}/plan.json"


def ocr_handed_on(dossier_id: str, plan_id: str) -> str:
    """Written once a plan's reading is assembled and handed to understanding: a job of the
    plan delivered again later has nothing to do."""
    return f"dossiers/{dossier_id}/ocr/{plan_id}/handed-on.json"


def ocr_page(dossier_id: str, plan_id: str, file: str, index: int) -> str:
    """One page's reading (``schemas/ocr/page.schema.json``)."""
    return f"dossiers/{dossier_id}/ocr/{plan_id}/pages/{file}/{index:04d}.json"


def _round(dossier_id: str, round_: int) -> str:
    return f"dossiers/{dossier_id}/" + (f"supplement-{round_}/" if round_ else "")


def ocr_result(dossier_id: str, round_: int = 0) -> str:
    """Every page's reading (after a supplement: the earlier pages and the new ones), the
    reading errors and the files' page counts."""
    return _round(dossier_id, round_) + "ocr.json"


def assessment(dossier_id: str, round_: int = 0) -> str:
    """Understanding's result, with the reading it was made from."""
    return _round(dossier_id, round_) + "assessment.json"


def station_details(dossier_id: str, round_: int) -> str:
    """What the stations said about the dossier up to a supplement round (the manifest's
    applicant details and receiving officer, later ones over earlier ones)."""
    return _round(dossier_id, round_) + "manifest.json"


def job(dossier_id: str, token: str) -> str:
    """A stage job too large for a queue message (the message then names this object)."""
    return f"dossiers/{dossier_id}/jobs/{token}.json"


def notice(dossier_id: str, name: str, *, version: str | None = None) -> str:
    """A notice's PDF: receipt, supplement-request, apology; ``version`` the write that
    issued it (a folder of its own, so no two writes share a key)."""
    folder = f"{version}/" if version else ""
    return f"dossiers/{dossier_id}/notices/{folder}{name}.pdf"


def page_image(dossier_id: str, n: int, *, thumbnail: bool = False) -> str:
    """The picture of the record's ``n``-th page (1-based, in the order of its ``pages``,
    which only ever grows at the end) for the officers' console, JPEG: ``-thumb`` the small
    one. The dossier id and a number only: the key ends up in a presigned URL, and a file's
    name may name the applicant."""
    return f"dossiers/{dossier_id}/pages/{n:04d}{'-thumb' if thumbnail else ''}.jpg"


def s3_uri(bucket: str, key: str) -> str:
    return f"s3://{bucket}/{key}"


def split_s3_uri(uri: str) -> tuple[str, str] | None:
    """(bucket, key) of an ``s3://bucket/key`` URI (None: not one)."""
    bucket, sep, key = uri.removeprefix("s3://").partition("/")
    return (bucket, key) if uri.startswith("s3://") and bucket and sep and key else None


def supplement_folder(prefix: str, dossier_id: str, number: int) -> str:
    return f"{prefix}{dossier_id}/supplement-{number}/"


def supplement_number(name: str) -> int | None:
    """The supplement a file name (relative to the dossier's folder) belongs to, if any."""
    folder, _, rest = name.partition("/")
    m = SUPPLEMENT_DIR.match(folder)
    return int(m.group(1)) if m and rest else None


def split_upload_key(prefix: str, key: str) -> tuple[str, str]:
    """(dossier id, file name) of an uploaded object; UploadLayoutError when the key breaks
    the station contract. A supplement's file name keeps its folder:
    ``supplement-<n>/<file>``. The reason shows the key without its file name, and no invalid
    id (either could name the applicant)."""
    if not key.startswith(prefix):
        raise UploadLayoutError(f"'{mask_path(key)}' is outside {prefix}")
    parts = key[len(prefix) :].split("/")
    if len(parts) == 1:
        stem = posixpath.splitext(parts[0])[0]
        return safe_id(stem), parts[0]
    if len(parts) == 3 and SUPPLEMENT_DIR.match(parts[1]) and parts[2]:
        parts = [parts[0], f"{parts[1]}/{parts[2]}"]
    if len(parts) != 2 or not parts[1]:
        raise UploadLayoutError(
            f"'{mask_path(key)}': files must sit directly under {prefix}<dossier-id>/, or a supplement's "
            f"under {prefix}<dossier-id>/supplement-<n>/ (no other sub-folders)"
        )
    if not DOSSIER_ID.match(parts[0]):
        raise UploadLayoutError(
            f"a folder under {prefix} is not a valid dossier id (letters, digits, '.', '_', "
            "'-'; at most 128 characters)"
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
