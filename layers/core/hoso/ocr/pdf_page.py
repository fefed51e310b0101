"""What a PDF page holds (PDFium): its objects (is it one plain scanned image?) and the
words of its text layer, with boxes, in reading order (:mod:`hoso.ocr.sources`)."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from hoso.model import Word
from hoso.ocr.legacy import tcvn3_to_unicode, vni_to_unicode
from hoso.text import nfc


@dataclass
class _PdfPageInfo:
    chars: int
    invisible_share: float  # share of text objects drawn in render mode 3 (invisible)
    image_cover: float  # share of the page area covered by images
    image_dpi: float | None  # effective resolution of the largest image
    width: float
    height: float
    scan: Any = None  # the page is exactly one upright full-page image: that image object


def _page_info(page: pdfium.PdfPage) -> _PdfPageInfo:
    """What the page holds: characters, invisible text, images. Call under PDFIUM_LOCK."""
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
