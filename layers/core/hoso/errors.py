"""Errors the core raises for bad input: each carries a reason readable by an officer."""

from __future__ import annotations


class HosoError(Exception):
    """Base class. ``reason`` is the human-readable text stored on the record."""

    code = "error"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BadInput(HosoError):
    """A file cannot be read as what it claims to be (empty, truncated, encrypted, ...)."""

    code = "bad_input"


class ManifestError(HosoError):
    """The station manifest is not valid JSON or breaks the manifest schema."""

    code = "invalid_manifest"


class UnknownProcedure(HosoError):
    """The procedure code is not in the catalog (or not in force on the receipt date)."""

    code = "unknown_procedure"


class UploadLayoutError(HosoError):
    """An object was uploaded outside the station contract (e.g. not under incoming/<id>/)."""

    code = "bad_upload_layout"


class LimitExceeded(HosoError):
    """An upload is over one of the deployment's bounds (manifest size or depth, files, file
    size, pages): the reason names the limit and the template parameter that sets it."""

    code = "limit_exceeded"
