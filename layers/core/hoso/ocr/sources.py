"""Page sources: open a PDF or an image file once, then hand out one page at a time.

A source is shared by the worker threads; every access to PDFium (not thread-safe, not even
across documents), pdfplumber and the PIL decoder is serialised by a lock. Work per page is:
look at the text layer (cheap), and only if it is not trustworthy render the page image.
"""

from __future__ import annotations

import ctypes
import io
import math
import struct
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any, Protocol

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps, UnidentifiedImageError

from hoso.errors import BadInput
from hoso.model import PageText, Word
from hoso.ocr.image import to_gray
from hoso.ocr.legacy import convert_legacy, tcvn3_to_unicode, vni_to_unicode
from hoso.ocr.options import OcrOptions
from hoso.ocr.quality import text_quality
from hoso.ocr.sniff import Kind
from hoso.text import nfc

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


def choose_dpi(source_dpi: float | None, target: int) -> int:
    """Render at the target, except keep the scan's native resolution when it is close to the
    target (no resampling blur). Low-resolution scans are upsampled to the target: Tesseract
    reads small x-heights badly."""
    if source_dpi and 0.85 * target <= source_dpi <= 1.15 * target:
        return round(source_dpi)
    return target


# --------------------------------------------------------------------------- PDF


@dataclass
class _PdfPageInfo:
    chars: int
    invisible_share: float  # share of text objects drawn in render mode 3 (invisible)
    image_cover: float  # share of the page area covered by images
    image_dpi: float | None  # effective resolution of the largest image
    width: float
    height: float
    scan: Any = None  # the page is exactly one upright full-page image: that image object


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

    # -- inspection (under PDFIUM_LOCK)
    def _info(self, page: pdfium.PdfPage) -> _PdfPageInfo:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            chars = textpage.count_chars()
        finally:
            textpage.close()
        texts = invisible = others = 0
        cover = 0.0
        best_area, best_dpi, best_obj = 0.0, None, None
        images = []
        for obj in page.get_objects(max_depth=4):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                texts += 1
                mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
                invisible += mode == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
            elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images.append(obj)
                left, bottom, right, top = obj.get_bounds()
                area = max(0.0, right - left) * max(0.0, top - bottom)
                cover += area
                if area > best_area:
                    best_area, best_obj = area, obj
                    best_dpi = _image_dpi(obj, right - left, top - bottom)
            elif obj.type != pdfium_c.FPDF_PAGEOBJ_FORM:
                others += 1
        page_area = max(1.0, width * height)
        scan = None
        if (
            len(images) == 1
            and others == 0
            and texts == invisible
            and best_area >= 0.97 * page_area
            and page.get_rotation() == 0
        ):
            m = best_obj.get_matrix()  # type: ignore[union-attr]
            if m.b == 0 and m.c == 0 and m.a > 0 and m.d > 0:
                scan = best_obj
        return _PdfPageInfo(
            chars=chars,
            invisible_share=invisible / texts if texts else 0.0,
            image_cover=min(1.0, cover / page_area),
            image_dpi=best_dpi,
            width=width,
            height=height,
            scan=scan,
        )

    def page(self, index: int) -> PageText | PageImage:
        notes: list[str] = []
        with PDFIUM_LOCK:
            page = self.doc[index - 1]
            try:
                info = self._info(page)
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
        dpi = choose_dpi(info.image_dpi if info.image_cover >= 0.5 else None, self.opts.target_dpi)
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


def _image_dpi(obj: Any, width_pt: float, height_pt: float) -> float | None:
    try:
        w_px, h_px = obj.get_px_size()
    except Exception:
        return None
    if width_pt <= 0 or height_pt <= 0:
        return None
    # images may be placed rotated: pair the long sides
    long_px, long_pt = max(w_px, h_px), max(width_pt, height_pt)
    return float(long_px / (long_pt / 72)) if long_pt else None


RawWord = tuple[str, float, float, float, float]  # text, x0, top, x1, bottom (top-left origin)


def _pdfium_words(page: pdfium.PdfPage, height: float) -> list[RawWord]:
    """Words of the text layer with boxes, in reading order. Call under PDFIUM_LOCK."""
    textpage = page.get_textpage()
    try:
        raw_tp = textpage.raw
        n = textpage.count_chars()
        words: list[RawWord] = []
        chars: list[str] = []
        x0 = top = x1 = bottom = 0.0
        rect = pdfium_c.FS_RECTF()
        for i in range(n + 1):
            code = pdfium_c.FPDFText_GetUnicode(raw_tp, i) if i < n else 32
            ch = chr(code) if code else " "
            if ch.isspace() or ch in "\x00\ufffe\uffff":
                if chars:
                    words.append(("".join(chars), x0, top, x1, bottom))
                    chars = []
                continue
            # the loose box spans the font's ascent..descent, like pdfminer's, so all words
            # of a line share their top whatever their accents and descenders
            pdfium_c.FPDFText_GetLooseCharBox(raw_tp, i, ctypes.byref(rect))
            c_top, c_bottom = height - rect.top, height - rect.bottom
            if not chars:
                x0, top, x1, bottom = rect.left, c_top, rect.right, c_bottom
            else:
                x0, x1 = min(x0, rect.left), max(x1, rect.right)
                top, bottom = min(top, c_top), max(bottom, c_bottom)
            chars.append(ch)
    finally:
        textpage.close()
    return _order_words(words)


def _order_words(words: list[RawWord]) -> list[RawWord]:
    """Reading order: cluster words into lines by their top (3 pt tolerance, as pdfplumber),
    lines top to bottom, words left to right."""
    lines: list[list[RawWord]] = []
    line_top = 0.0
    for w in sorted(words, key=lambda w: w[2]):
        if lines and abs(w[2] - line_top) <= 3:
            lines[-1].append(w)
        else:
            lines.append([w])
            line_top = w[2]
    return [w for line in lines for w in sorted(line, key=lambda w: w[1])]


def _line_numbers(raw: list[RawWord]) -> list[int]:
    """1-based line number of each word of an ordered word list."""
    out: list[int] = []
    line = 0
    last_top: float | None = None
    for w in raw:
        if last_top is None or abs(w[2] - last_top) > 3:
            line += 1
            last_top = w[2]
        out.append(line)
    return out


def _join_lines(raw: list[RawWord]) -> str:
    lines: dict[int, list[str]] = {}
    for w, n in zip(raw, _line_numbers(raw), strict=True):
        lines.setdefault(n, []).append(w[0])
    return nfc("\n".join(" ".join(ws) for ws in lines.values()))


def _to_words(raw: list[RawWord], encoding: str | None) -> list[Word]:
    convert = {
        "TCVN3": lambda t: tcvn3_to_unicode(t, min_caps=2),
        "VNI": vni_to_unicode,
    }.get(encoding or "")
    words: list[Word] = []
    for (text, x0, top, x1, bottom), line in zip(raw, _line_numbers(raw), strict=True):
        t = nfc(text)
        if convert is not None:
            t = convert(t)
        words.append(Word(text=t, conf=100.0, bbox=(x0, top, x1, bottom), line=line, block=0))
    return words


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
            self._frame(i + 1, validate_only=True)

    def close(self) -> None:
        self.img.close()

    def _frame(self, index: int, validate_only: bool = False) -> Image.Image:
        with self._lock:
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
                if validate_only:
                    return self.img
                return ImageOps.exif_transpose(self.img) if self.kind == "jpeg" else self.img.copy()
            except BadInput:
                raise
            except Image.DecompressionBombError as exc:
                raise BadInput(f"{self.filename}: image too large ({exc})") from exc
            except _DECODE_ERRORS as exc:
                raise BadInput(
                    f"{self.filename}: the image is truncated or corrupt (page {index}: {exc})"
                ) from exc

    def page(self, index: int) -> PageImage:
        frame = self._frame(index)
        notes: list[str] = []
        src_dpi = _declared_dpi(frame)
        gray = to_gray(frame)
        if src_dpi is None:
            # no usable resolution tag: assume the long side is an A4 sheet
            src_dpi = max(gray.size) / 11.69
            notes.append(f"no resolution in file; assumed A4 ({src_dpi:.0f} dpi)")
        target = self.opts.target_dpi
        dpi = round(src_dpi)
        if src_dpi < 0.75 * target:
            scale = target / src_dpi
            new_size = (round(gray.width * scale), round(gray.height * scale))
            if new_size[0] * new_size[1] <= self.opts.max_pixels:
                gray = gray.resize(new_size, Image.Resampling.BICUBIC)
                notes.append(f"upscaled from {src_dpi:.0f} to {target} dpi")
                dpi = target
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
