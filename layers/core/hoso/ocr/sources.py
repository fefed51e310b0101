"""Page sources: open a PDF or an image file once, then hand out one page at a time.

A source is shared by the worker threads; every access to PDFium (not thread-safe, not even
across documents), pdfplumber and the PIL decoder is serialised by a lock. Work per page is:
look at the text layer (cheap), and only if it is not trustworthy render the page image.
"""

from __future__ import annotations

import io
import math
import struct
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any, Protocol

import pypdfium2 as pdfium
from PIL import Image, ImageOps, UnidentifiedImageError

from hoso.errors import BadInput
from hoso.model import PageText
from hoso.ocr.image import to_gray
from hoso.ocr.legacy import convert_legacy
from hoso.ocr.options import OcrOptions
from hoso.ocr.pdf_page import (
    RawWord,
    _join_lines,
    _order_words,
    _page_info,
    _pdfium_words,
    _PdfPageInfo,
    _to_words,
)
from hoso.ocr.sniff import Kind
from hoso.spelling import text_quality

PDFIUM_LOCK = threading.RLock()  # one lock for the whole process: PDFium is not thread-safe


@dataclass
class PageImage:
    image: Image.Image  # 8-bit grey
    dpi: int
    notes: list[str] = field(default_factory=list)


class Source(Protocol):
    count: int

    def page(self, index: int) -> PageText | PageImage:
        """A finished PageText (good text layer) or the image to OCR. 1-based ``index``."""
        ...

    def close(self) -> None: ...


def open_source(kind: Kind, data: bytes, filename: str, opts: OcrOptions) -> Source:
    if kind == "pdf":
        return PdfSource(data, filename, opts)
    return ImageSource(data, filename, opts, kind)


def choose_dpi(source_dpi: float | None, target: int, least: int) -> int:
    """The resolution a page is read at. A scan keeps its own from ``least`` up to a little
    over the target: no resampling blur, and no pixels Tesseract pays for without reading
    better (upscaling 120-200 dpi phone photos to 300 dpi made the OCR stage 15% dearer on
    the load mix; decisions on the dev corpora moved within their noise: docs/benchmarks.md,
    "Reading resolution"). Lower resolutions are upsampled to ``least`` (Tesseract reads
    small x-heights badly); higher ones, and pages that are no scan, are rendered at the
    target."""
    if source_dpi and least <= round(source_dpi) <= 1.15 * target:
        return round(source_dpi)
    if source_dpi and source_dpi < least:
        return least
    return target


# --------------------------------------------------------------------------- PDF


class PdfSource:
    def __init__(self, data: bytes, filename: str, opts: OcrOptions) -> None:
        self.filename = filename
        self.opts = opts
        self.data = data
        tail = data.rstrip(b"\x00\r\n\t \x0c")[-1024:]
        if b"%%EOF" not in tail:
            raise BadInput(f"{filename}: the PDF is truncated or corrupt (no end-of-file marker)")
        with PDFIUM_LOCK:
            try:
                self.doc = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as exc:
                msg = str(exc)
                if "password" in msg.lower():
                    raise BadInput(
                        f"{filename}: the PDF is encrypted with a password; "
                        "upload an unprotected copy"
                    ) from exc
                raise BadInput(f"{filename}: the PDF cannot be read ({msg})") from exc
            self.count = len(self.doc)
        if self.count == 0:
            self.close()
            raise BadInput(f"{filename}: the PDF has no pages")
        self._plumber: Any = None
        self._plumber_failed: str | None = None
        self._plumber_lock = threading.Lock()

    def close(self) -> None:
        with PDFIUM_LOCK:
            self.doc.close()
        if self._plumber is not None:
            self._plumber.close()

    def page(self, index: int) -> PageText | PageImage:
        notes: list[str] = []
        with PDFIUM_LOCK:
            page = self.doc[index - 1]
            try:
                info = _page_info(page)
            except Exception:
                page.close()
                raise
        try:
            if info.chars:
                if info.invisible_share >= 0.5:
                    notes.append("invisible text layer (another tool's OCR) ignored; re-OCR")
                else:
                    done = self._text_layer(page, index, info, notes)
                    if done is not None:
                        return done
            return self._render(page, info, notes)
        finally:
            with PDFIUM_LOCK:
                page.close()

    def _plumber_raw_words(self, index: int, notes: list[str]) -> list[RawWord] | None:
        """Second opinion from pdfminer (via pdfplumber): it decodes some fonts PDFium cannot
        map to Unicode. 10x slower than PDFium, so only used on pages PDFium reads badly."""
        with self._plumber_lock:
            if self._plumber_failed:
                return None
            try:
                if self._plumber is None:
                    import pdfplumber

                    self._plumber = pdfplumber.open(io.BytesIO(self.data))
                pp = self._plumber.pages[index - 1]
                raw = pp.extract_words(use_text_flow=False, keep_blank_chars=False)
                pp.close()
            except Exception as exc:  # pdfminer chokes on some files PDFium reads fine
                self._plumber_failed = f"pdfplumber cannot read the text layer ({exc!r})"[:200]
                notes.append(self._plumber_failed)
                return None
        words = [
            (str(w["text"]), float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
            for w in raw
        ]
        return _order_words(words)

    def _text_layer(
        self, page: pdfium.PdfPage, index: int, info: _PdfPageInfo, notes: list[str]
    ) -> PageText | None:
        with PDFIUM_LOCK:
            raw = _pdfium_words(page, info.height)
        text = _join_lines(raw)
        q = text_quality(text)
        method: str = "text_layer"
        encoding: str | None = None
        minimum = self.opts.min_text_layer_quality
        if q.score < minimum:
            legacy = convert_legacy(text)
            q2 = text_quality(legacy[0]) if legacy else None
            if legacy and q2 and q2.score >= minimum:
                notes.append(f"text layer converted from {legacy[1]} (quality {q} -> {q2})")
                text, q, method, encoding = legacy[0], q2, "converted", legacy[1]
            else:
                other = self._plumber_raw_words(index, notes)
                q3 = text_quality(_join_lines(other)) if other else None
                if other and q3 and q3.score >= minimum:
                    notes.append(f"PDFium text unusable ({q}); pdfminer text used")
                    raw, text, q = other, _join_lines(other), q3
                else:
                    notes.append(f"text layer rejected: quality {q}; OCR used")
                    return None
        if info.image_cover >= 0.5 and q.chars < 200:
            notes.append(f"sparse text layer ({q.chars} chars) over a scanned image; OCR used")
            return None
        return PageText(
            file=self.filename,
            index=index,
            text=text.strip(),
            method=method,  # type: ignore[arg-type]
            confidence=None,
            width=info.width,
            height=info.height,
            words=_to_words(raw, encoding),
            notes=[*notes, f"text layer quality {q}"],
        )

    def _render(self, page: pdfium.PdfPage, info: _PdfPageInfo, notes: list[str]) -> PageImage:
        scan_dpi = info.image_dpi if info.image_cover >= 0.5 else None
        dpi = choose_dpi(scan_dpi, self.opts.target_dpi, self.opts.least_dpi)
        pixels = (info.width * dpi / 72) * (info.height * dpi / 72)
        if pixels > self.opts.max_pixels:
            new = max(50, int(dpi * math.sqrt(self.opts.max_pixels / pixels)))
            notes.append(f"page too large for {dpi} dpi; rendered at {new} dpi")
            dpi = new
        if info.scan is not None and info.image_dpi and dpi == round(info.image_dpi):
            # a plain scanned page at its native resolution: take the decoded image as is
            # (6x cheaper than rendering, and no resampling)
            with PDFIUM_LOCK:
                try:
                    bitmap = info.scan.get_bitmap(render=False)
                    img = to_gray(bitmap.to_pil()).copy()
                    del bitmap  # freed here, under the lock (closing a foreign bitmap warns)
                except Exception:
                    img = None
            if img is not None and img.width * img.height <= self.opts.max_pixels:
                return PageImage(img, dpi, notes)
        with PDFIUM_LOCK:
            bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
            try:
                img = to_gray(bitmap.to_pil()).copy()
            finally:
                bitmap.close()
        return PageImage(img, dpi, notes)


# --------------------------------------------------------------------------- images


# what PIL raises on broken files (TIFF decoding raises TypeError/KeyError on missing tags)
_DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    EOFError,
    struct.error,
    UserWarning,
)


class ImageSource:
    def __init__(self, data: bytes, filename: str, opts: OcrOptions, kind: Kind) -> None:
        self.filename = filename
        self.opts = opts
        self.kind = kind
        self._lock = threading.Lock()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                warnings.filterwarnings("error", message=".*[Tt]runcat.*")
                self.img = Image.open(io.BytesIO(data))
                self.count = int(getattr(self.img, "n_frames", 1))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise BadInput(f"{filename}: image too large ({exc})") from exc
        except UnidentifiedImageError as exc:
            raise BadInput(
                f"{filename}: the image is corrupt (its header cannot be decoded as {kind.upper()})"
            ) from exc
        except _DECODE_ERRORS as exc:
            raise BadInput(f"{filename}: the image is truncated or corrupt ({exc})") from exc
        # validate every frame now (size budget, complete data): a broken file fails as a
        # whole before any OCR work starts
        for i in range(self.count):
            with self._lock:
                self._frame(i + 1)

    def close(self) -> None:
        self.img.close()

    def _frame(self, index: int) -> Image.Image:
        """Frame ``index`` checked and loaded: the source's own image (hold the lock while
        using it, a multi-frame file seeks)."""
        try:
            self.img.seek(index - 1)
            w, h = self.img.size
            if w * h > self.opts.max_pixels:
                raise BadInput(
                    f"{self.filename}: image of {w}x{h} pixels exceeds the budget of "
                    f"{self.opts.max_pixels:,} pixels (page {index})"
                )
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                self.img.load()
            for warning in caught:  # libtiff/PIL report short reads as warnings
                if "truncat" in str(warning.message).lower():
                    raise OSError(str(warning.message))
            return self.img
        except BadInput:
            raise
        except Image.DecompressionBombError as exc:
            raise BadInput(f"{self.filename}: image too large ({exc})") from exc
        except _DECODE_ERRORS as exc:
            raise BadInput(
                f"{self.filename}: the image is truncated or corrupt (page {index}: {exc})"
            ) from exc

    def frame(self, index: int) -> Image.Image:
        """Frame ``index`` as an image of its own, turned as its EXIF orientation says (a
        JPEG): the page as the file shows it."""
        with self._lock:
            frame = self._frame(index)
            return ImageOps.exif_transpose(frame) if self.kind == "jpeg" else frame.copy()

    def _gray(self, index: int) -> tuple[Image.Image, float | None]:
        """Frame ``index`` as a grey image of its own, turned as its EXIF orientation says
        (a JPEG), and its declared resolution. Grey first, then turned: a third of the
        pixels to move (2 ms instead of 24 on an 8-megapixel photo)."""
        with self._lock:
            frame = self._frame(index)
            src_dpi = _declared_dpi(frame)
            gray = to_gray(frame)
            if gray is frame:  # already grey: the source's frame stays the source's
                gray = frame.copy()
        if self.kind == "jpeg":
            ImageOps.exif_transpose(gray, in_place=True)
        return gray, src_dpi

    def page(self, index: int) -> PageImage:
        gray, src_dpi = self._gray(index)
        notes: list[str] = []
        if src_dpi is None:
            # no usable resolution tag: assume the long side is an A4 sheet
            src_dpi = max(gray.size) / 11.69
            notes.append(f"no resolution in file; assumed A4 ({src_dpi:.0f} dpi)")
        least = self.opts.least_dpi  # below it, upscaled (choose_dpi)
        dpi = round(src_dpi)
        if dpi < least:  # (a PNG's 200 dpi is stored as 199.9996)
            scale = least / src_dpi
            new_size = (round(gray.width * scale), round(gray.height * scale))
            if new_size[0] * new_size[1] <= self.opts.max_pixels:
                gray = gray.resize(new_size, Image.Resampling.BICUBIC)
                notes.append(f"upscaled from {src_dpi:.0f} to {least} dpi")
                dpi = least
        return PageImage(gray, dpi, notes)


def _declared_dpi(img: Image.Image) -> float | None:
    dpi = img.info.get("dpi")
    if isinstance(dpi, tuple) and dpi:
        try:
            value = float(dpi[0])
        except (TypeError, ValueError):
            return None
        if 100 <= value <= 1200:
            return value
    return None
