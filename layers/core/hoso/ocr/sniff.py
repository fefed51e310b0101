"""What kind of file is this? Magic bytes win; the extension must agree."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Literal

from hoso.errors import BadInput

Kind = Literal["pdf", "jpeg", "png", "tiff"]

_EXT: dict[str, Kind] = {
    ".pdf": "pdf",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".png": "png",
    ".tif": "tiff",
    ".tiff": "tiff",
}
# recognised but unsupported formats, for a clearer message
_OTHER = [
    (b"GIF8", "GIF image"),
    (b"BM", "BMP image"),
    (b"PK\x03\x04", "ZIP/Office document"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
    (b"{\\rtf", "RTF document"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000 image"),
    (b"RIFF", "WebP/RIFF file"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7z archive"),
]
SUPPORTED = "PDF, JPEG, PNG, TIFF"


def magic_kind(data: bytes) -> Kind | None:
    head = data[:1024]
    if b"%PDF-" in head:  # the spec allows junk before the header
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    return None


def detect(data: bytes, filename: str) -> Kind:
    """The file kind, or BadInput (empty, unsupported, content not matching the extension)."""
    if not data:
        raise BadInput(f"{filename}: the file is empty (0 bytes)")
    ext = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    kind = magic_kind(data)
    if kind is None:
        other = next((name for sig, name in _OTHER if data.startswith(sig)), None)
        if ext in _EXT:
            what = f"a {other}" if other else "not a recognisable file of that type"
            raise BadInput(
                f"{filename}: content does not match the extension {ext} (the file is {what})"
            )
        what = other or "unknown content"
        raise BadInput(f"{filename}: unsupported file type ({what}); accepted: {SUPPORTED}")
    if ext and ext not in _EXT:
        raise BadInput(f"{filename}: unsupported file extension {ext}; accepted: {SUPPORTED}")
    if ext and _EXT[ext] != kind:
        raise BadInput(
            f"{filename}: content does not match the extension {ext} (the file is a {kind.upper()})"
        )
    return kind
