"""A dossier's pages as the officers' console shows them: what the record says of the page,
the text read from it with the words an officer should check marked, and short-lived links to
its picture and thumbnail.

The pictures are drawn from the uploaded file (:mod:`hoso.ocr.picture`: opened as the OCR
opens it, turned upright by the rotation the OCR found), once: they are kept in the artefact
bucket under the dossier id and the page's number (``keys.page_image``) and reused after."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

from hoso.dossier import Dossier, iso
from hoso.errors import BadInput
from hoso.model import PageText, Word
from hoso.services import keys
from hoso.services.context import Services
from hoso.services.queries import LINK_TTL_S
from hoso.services.writes import BadRequest, NotFound
from hoso.text import nfc

log = logging.getLogger("hoso.services")

# An OCR'd word under this Tesseract confidence may be misread: the line understanding draws
# for the values it reads (hoso.understand.identity LOW_VALUE_CONFIDENCE) and the OCR's
# second reader keeps a taken reading under (hoso.ocr.second). Text-layer words are never low.
LOW_WORD_CONFIDENCE = 80.0
IMAGE_SIDE = 1400  # pixels on the long side of a page's picture
THUMBNAIL_SIDE = 240


def page_view(svc: Services, dossier: Dossier, n: int) -> dict[str, Any]:
    """The ``n``-th page (1-based) of the record's ``pages``: the record's entry, the text
    (``lines`` of words, each ``{text, conf, low}``), and ``image`` and ``thumbnail`` links
    ``{url, expires_at}`` (None when the page cannot be drawn). When the reading or the picture
    is missing, the view says what it can and ``note`` says why."""
    did = dossier.dossier_id
    if n < 1:
        raise BadRequest("n", f"pages are numbered from 1, not {n}")
    if n > len(dossier.pages):
        raise NotFound(f"dossier '{did}' has {len(dossier.pages)} page(s): no page {n}")
    entry = dossier.pages[n - 1]
    notes: list[str] = []
    reading = _reading(svc, did, n, entry, notes)
    lines = _lines(reading) if reading else []
    links = _pictures(svc, dossier, n, entry, notes)
    return {
        "n": n,
        "page_count": len(dossier.pages),
        "file": entry.get("file"),
        "index": entry.get("index"),
        "doc_type": entry.get("doc_type"),
        "component_id": entry.get("component_id"),
        "method": entry.get("method"),
        "confidence": entry.get("confidence"),
        "rotation": entry.get("rotation", 0),
        "error": entry.get("error"),
        "width": reading.width if reading else None,
        "height": reading.height if reading else None,
        "text": nfc(reading.text) if reading else "",
        "lines": lines,
        "low_words": sum(w["low"] for line in lines for w in line["words"]),
        "image": links[0] if links else None,
        "thumbnail": links[1] if links else None,
        "note": "; ".join(notes) or None,
    }


def _reading(
    svc: Services, did: str, n: int, entry: dict[str, Any], notes: list[str]
) -> PageText | None:
    """The page's reading (``schemas/ocr/page.schema.json``), or None with a note."""
    where = keys.split_s3_uri(str(entry.get("artefact") or ""))
    if where is None or svc.objects.head(*where) is None:
        notes.append("the page's reading is not stored: no text to show")
        return None
    try:
        return PageText.from_dict(json.loads(svc.objects.get(*where)))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        log.warning("page %d of dossier %s: reading unreadable (%s)", n, did, type(exc).__name__)
        notes.append("the page's reading cannot be read: no text to show")
        return None


def _lines(reading: PageText) -> list[dict[str, Any]]:
    """The words by line, in reading order (the lines are numbered so), each marked ``low``
    when an OCR'd word's confidence is under LOW_WORD_CONFIDENCE."""
    ocr = reading.method == "ocr"
    lines: dict[int, dict[str, Any]] = {}
    for word in sorted(reading.words, key=lambda w: w.line):
        line = lines.setdefault(word.line, {"line": word.line, "block": word.block, "words": []})
        line["words"].append(_word(word, ocr))
    return list(lines.values())


def _word(word: Word, ocr: bool) -> dict[str, Any]:
    return {
        "text": nfc(word.text),
        "conf": word.conf,
        "low": ocr and word.conf < LOW_WORD_CONFIDENCE,
    }


def _pictures(
    svc: Services, dossier: Dossier, n: int, entry: dict[str, Any], notes: list[str]
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Links to the page's picture and thumbnail, drawn and kept on the first view."""
    art, did = svc.settings.artefact_bucket, dossier.dossier_id
    full, thumb = keys.page_image(did, n), keys.page_image(did, n, thumbnail=True)
    if svc.objects.head(art, full) is None or svc.objects.head(art, thumb) is None:
        drawn = _draw(svc, dossier, n, entry, notes)
        if drawn is None:
            return None
        svc.objects.put(art, full, drawn[0], content_type="image/jpeg")
        svc.objects.put(art, thumb, drawn[1], content_type="image/jpeg")
    expires = iso(svc.clock() + timedelta(seconds=LINK_TTL_S))
    return (
        {"url": svc.objects.presign(art, full, LINK_TTL_S), "expires_at": expires},
        {"url": svc.objects.presign(art, thumb, LINK_TTL_S), "expires_at": expires},
    )


def _draw(
    svc: Services, dossier: Dossier, n: int, entry: dict[str, Any], notes: list[str]
) -> list[bytes] | None:
    """The page's picture and thumbnail (JPEG) from the uploaded file, or None with a note."""
    from hoso.ocr.picture import page_jpegs

    name = str(entry.get("file") or "")
    stored = next((f for f in dossier.files if f.get("name") == name and f.get("key")), None)
    up = svc.settings.upload_bucket
    if stored is None or svc.objects.head(up, str(stored["key"])) is None:
        notes.append("the uploaded file is not stored: no picture to show")
        return None
    data = svc.objects.get(up, str(stored["key"]))
    rotation = int(entry.get("rotation") or 0)
    try:
        return page_jpegs(
            data,
            name,
            int(entry.get("index") or 0),
            rotation=rotation,
            sizes=(IMAGE_SIDE, THUMBNAIL_SIDE),
        )
    except BadInput as exc:  # its reason names the file: not for the log
        log.warning("page %d of dossier %s: not drawn (%s)", n, dossier.dossier_id, exc.code)
        notes.append(f"the page cannot be drawn: {exc.reason.removeprefix(name + ': ')}")
    except Exception as exc:  # a broken page object, a decoder's failure: the view goes on
        log.warning(
            "page %d of dossier %s: not drawn (%s)", n, dossier.dossier_id, type(exc).__name__
        )
        notes.append("the page cannot be drawn from the uploaded file")
    return None
