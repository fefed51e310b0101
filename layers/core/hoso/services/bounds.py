"""The bounds of what one upload may ask of hoso: manifest size and nesting, files, file size,
pages. Each is a setting (:class:`~hoso.services.context.Settings`, a template parameter on
AWS); a breach raises :class:`~hoso.errors.LimitExceeded`, whose reason names the limit and the
parameter, never a value the station sent."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from hoso.errors import LimitExceeded, ManifestError
from hoso.services.context import Settings

MB = 1024 * 1024
# No manifest field is a number; a long one is someone testing the parser (Python's int()
# refuses more than 4,300 digits with a ValueError json does not turn into a JSONDecodeError).
MAX_NUMBER_DIGITS = 30
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def manifest_size(settings: Settings, size: int | None) -> None:
    """A manifest.json over the limit is refused before it is downloaded (its size as S3
    lists it) and again after (what was read)."""
    limit = settings.max_manifest_kb
    if size is not None and size > limit * 1024:
        raise LimitExceeded(
            f"manifest.json is {_kb(size)} KB, over the limit of {limit} KB (MaxManifestKilobytes)"
        )


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f}"


def read_json(raw: bytes, settings: Settings) -> Any:
    """manifest.json's document; ManifestError (not JSON) or LimitExceeded (too large, nested
    too deeply, a number too long) with a reason, never a crash."""
    manifest_size(settings, len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"manifest.json is not UTF-8 text: {exc.reason}") from exc
    depth, limit = nesting(text), settings.max_manifest_depth
    if depth > limit:
        raise LimitExceeded(
            f"manifest.json is nested {depth:,} levels deep, over the limit of {limit} "
            "(MaxManifestDepth)"
        )
    try:
        return json.loads(text, parse_int=_int, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ManifestError(
            f"manifest.json is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc
    except (ValueError, RecursionError) as exc:  # whatever the checks above did not foresee
        raise ManifestError(f"manifest.json cannot be read: {type(exc).__name__}") from exc


def nesting(text: str) -> int:
    """How deep a JSON text's arrays and objects nest (strings left out), without parsing it:
    ``json.loads`` raises RecursionError on a deep enough document."""
    depth = peak = 0
    for ch in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if ch in "[{" else -1
        peak = max(peak, depth)
    return peak


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise LimitExceeded(
            f"manifest.json has a number of {len(digits.lstrip('-')):,} digits: "
            f"at most {MAX_NUMBER_DIGITS} are read"
        )
    return int(digits)


def _constant(name: str) -> Any:
    raise ManifestError(f"manifest.json is not valid JSON: {name} is not a JSON value")


def file_count(settings: Settings, count: int) -> None:
    limit = settings.max_files
    if count > limit:
        raise LimitExceeded(
            f"the dossier has {count:,} files, over the limit of {limit:,} (MaxFilesPerDossier)"
        )


def file_sizes(settings: Settings, files: Iterable[Mapping[str, Any]]) -> None:
    """Every file within the size limit, by the size S3 lists (nothing is downloaded)."""
    limit = settings.max_file_mb
    big = [f for f in files if (f.get("size") or 0) > limit * MB]
    if big:
        named = ", ".join(f"'{f['name']}' ({f['size'] / MB:,.1f} MB)" for f in big[:5])
        more = f" and {len(big) - 5} more" if len(big) > 5 else ""
        raise LimitExceeded(
            f"files over the limit of {limit:,} MB per file (MaxFileMegabytes): {named}{more}"
        )


def page_count(settings: Settings, count: int) -> None:
    """Called as pages are counted, file by file: stops at the first file over the limit."""
    limit = settings.max_pages
    if count > limit:
        raise LimitExceeded(
            f"the dossier has {count:,} pages or more, over the limit of {limit:,} "
            "(MaxPagesPerDossier)"
        )
