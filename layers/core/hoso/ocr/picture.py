"""Pictures of pages for people (the officers' console): one page of an uploaded file, opened
the way the OCR opens it (:mod:`hoso.ocr.sources`: the same checks, the same page and frame
numbering, EXIF orientation applied to JPEG photos), turned by the rotation the OCR found so
that it stands upright, as JPEGs of bounded size.

Rendering is bounded: a PDF page is drawn at the scale that gives the largest size asked for
(never above :data:`MAX_DPI`), so it never has more than that side squared in pixels; an image
frame is decoded within the OCR's pixel budget (``OcrOptions.max_pixels``), then shrunk.
"""

from __future__ import annotations

import io

from PIL import Image

from hoso.errors import BadInput
from hoso.ocr.image import on_white, rotate_clockwise, to_gray
from hoso.ocr.options import OcrOptions
from hoso.ocr.sniff import detect
from hoso.ocr.sources import PDFIUM_LOCK, ImageSource, PdfSource

MAX_DPI = 300  # a small page (an ID card scanned alone) is not blown up past this
JPEG_QUALITY = 80


def page_jpegs(
    data: bytes, filename: str, index: int, *, rotation: int, sizes: tuple[int, ...]
) -> list[bytes]:
    """Page ``index`` (1-based: PDF page, TIFF frame) of an uploaded file as one JPEG per size
    in ``sizes`` (pixels on the long side, at most; a smaller image is not enlarged), turned
    ``rotation`` degrees clockwise. Raises BadInput for a file or page that cannot be read."""
    if not sizes or min(sizes) < 1:
        raise ValueError(f"sizes must be positive pixel counts, not {sizes!r}")
    picture = page_picture(data, filename, index, long_side=max(sizes))
    out: list[bytes] = []
    for side in sizes:
        small = picture.copy()
        small.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=2.0)
        out.append(_jpeg(rotate_clockwise(small, rotation)))
    return out


def page_picture(data: bytes, filename: str, index: int, *, long_side: int) -> Image.Image:
    """Page ``index`` as an RGB or grey image at most ``long_side`` pixels on its long side,
    as the file shows it (before the OCR's rotation)."""
    kind = detect(data, filename)
    if kind == "pdf":
        pdf = PdfSource(data, filename, OcrOptions())
        try:
            _check_index(filename, index, pdf.count)
            return _pdf_page(pdf, index, long_side)
        finally:
            pdf.close()
    images = ImageSource(data, filename, OcrOptions(), kind)
    try:
        _check_index(filename, index, images.count)
        frame = _displayable(images.frame(index))
    finally:
        images.close()
    frame.thumbnail((long_side, long_side), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return frame


def _check_index(filename: str, index: int, count: int) -> None:
    if not 1 <= index <= count:
        raise BadInput(f"{filename}: it has {count} page(s), not a page {index}")


def _pdf_page(source: PdfSource, index: int, long_side: int) -> Image.Image:
    with PDFIUM_LOCK:
        page = source.doc[index - 1]
        try:
            width, height = page.get_size()
            scale = min(long_side / max(width, height, 1.0), MAX_DPI / 72)
            bitmap = page.render(scale=scale, may_draw_forms=True)
            try:
                img = bitmap.to_pil().copy()
            finally:
                bitmap.close()
        finally:
            page.close()
    return _displayable(img)


def _displayable(img: Image.Image) -> Image.Image:
    """RGB or 8-bit grey (what a JPEG holds), transparent areas on white."""
    if img.mode in ("RGB", "L"):
        return img
    flat = on_white(img)
    if flat is not None:
        return flat
    if img.mode in ("1", "I", "F") or img.mode.startswith("I;16"):
        return to_gray(img)
    return img.convert("RGB")


def _jpeg(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buf.getvalue()
