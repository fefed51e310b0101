"""Render paper specs to born-digital PDF pages, and turn pages into scans with defects."""

from __future__ import annotations

import io
import itertools
import random
import unicodedata
from collections.abc import Callable, Sequence

import pypdfium2 as pdfium
from fpdf import FPDF
from fpdf.enums import TextMode, XPos, YPos
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

from hoso.resources import font_path
from hoso_dev.samples.papers import Block, PaperSpec


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics keeping case (forms typed without accents)."""
    d = unicodedata.normalize("NFD", text)
    s = "".join(ch for ch in d if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", s.replace("đ", "d").replace("Đ", "D"))


class _Doc(FPDF):
    def __init__(self, sans: bool = True) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        fonts = font_path().parent
        self.add_font("Serif", "", str(fonts / "DejaVuSerif.ttf"))
        self.add_font("Serif", "B", str(fonts / "DejaVuSerif-Bold.ttf"))
        if sans:  # loading a TrueType font costs ~0.1 s: only when a card or stamp needs it
            self.add_font("Sans", "", str(fonts / "DejaVuSans.ttf"))
            self.add_font("Sans", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(20, 15, 15)


def _block(pdf: _Doc, b: Block, fix: object) -> None:
    t = fix  # callable str -> str
    assert callable(t)
    kind = b[0]
    w = pdf.w - pdf.l_margin - pdf.r_margin
    if kind == "header":
        _header(pdf, t(b[1]), t(b[2]), w)
    elif kind == "title":
        pdf.ln(2)
        pdf.set_font("Serif", "B", 13.5)
        pdf.multi_cell(w, 7, t(b[1]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
    elif kind == "title2":
        pdf.set_font("Serif", "B", 11.5)
        pdf.multi_cell(w, 6.5, t(b[1]), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif kind == "sub":
        pdf.set_font("Serif", "", 11)
        pdf.multi_cell(w, 6, t(b[1]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    elif kind == "field":
        pdf.set_font("Serif", "", 11.5)
        pdf.multi_cell(w, 6.6, t(f"{b[1]}: {b[2]}"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif kind == "p":
        pdf.set_font("Serif", "", 11.5)
        pdf.multi_cell(w, 6.6, t(b[1]), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
    elif kind == "sign":
        pdf.set_font("Serif", "", 11)
        pdf.ln(2)
        pdf.set_x(pdf.l_margin + w * 0.35)
        pdf.multi_cell(w * 0.65, 6, t(b[1]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif kind == "stamp":
        _stamp(pdf, t(b[1]))
    elif kind == "drawing":
        _drawing(pdf, w)
    elif kind == "card":
        _card(pdf, b[1], b[2], t, w)


def _header(pdf: _Doc, left: str, right: str, w: float) -> None:
    """Two centred columns side by side (the issuing body, the national motto)."""
    y = pdf.get_y()
    pdf.set_font("Serif", "B", 10.5)
    if left:
        pdf.set_xy(pdf.l_margin, y)
        pdf.multi_cell(72, 5.5, left, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y_left = pdf.get_y()
    pdf.set_xy(pdf.l_margin + 72, y)
    pdf.multi_cell(w - 72, 5.5, right, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(y_left, pdf.get_y()) + 4)


def _stamp(pdf: _Doc, text: str) -> None:
    """A blue boxed stamp."""
    pdf.ln(4)
    pdf.set_font("Sans", "B", 10)
    pdf.set_draw_color(40, 40, 160)
    pdf.set_text_color(40, 40, 160)
    x, y = pdf.l_margin + 5, pdf.get_y()
    pdf.set_xy(x, y + 2)
    pdf.multi_cell(110, 5.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.rect(x - 2, y, 114, pdf.get_y() - y + 2)
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)


def _drawing(pdf: _Doc, w: float) -> None:
    """A drawing (site plan): a few rectangles and a line."""
    y = pdf.get_y() + 3
    pdf.set_line_width(0.6)
    pdf.rect(pdf.l_margin + 10, y, w - 20, 110)
    pdf.rect(pdf.l_margin + 25, y + 15, 60, 45)
    pdf.rect(pdf.l_margin + 90, y + 15, 45, 70)
    pdf.line(pdf.l_margin + 25, y + 95, pdf.l_margin + 135, y + 95)
    pdf.set_line_width(0.2)
    pdf.set_y(y + 115)


def _card(
    pdf: _Doc, front: Sequence[str], back: Sequence[str], t: Callable[[str], str], w: float
) -> None:
    """An ID card photocopy: its two sides framed, one above the other."""
    for side, (lines, top) in enumerate(((front, 20.0), (back, 150.0))):
        pdf.set_draw_color(90, 90, 90)
        pdf.rect(pdf.l_margin, top, w * 0.9, 118 if lines is front else 80)
        pdf.set_xy(pdf.l_margin + 4, top + 4)
        for i, ln in enumerate(lines):
            head = side == 0 and i < 6
            bold = ln.isupper() and head
            pdf.set_font("Sans", "B" if bold else "", 10.5 if bold else 10)
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(
                w * 0.9 - 8,
                5.6,
                t(ln),
                align="C" if i < 6 else "L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
    pdf.set_draw_color(0, 0, 0)


def render_paper(paper: PaperSpec) -> bytes:
    return render_papers([paper])[0]


def render_papers(papers: Sequence[PaperSpec]) -> list[bytes]:
    """Render papers into one document (fonts loaded once), then split it: one PDF each."""
    sans = any(b[0] in ("card", "stamp") for p in papers for page in p.pages for b in page)
    pdf = _Doc(sans=sans)
    starts = []
    for paper in papers:

        def fix(s: str, paper: PaperSpec = paper) -> str:
            return strip_marks(s) if paper.unaccented else s

        starts.append(pdf.page_no())
        for blocks in paper.pages:
            pdf.add_page()
            for b in blocks:
                _block(pdf, b, fix)
    starts.append(pdf.page_no())
    whole = bytes(pdf.output())
    if len(papers) == 1:
        return [whole]
    src = pdfium.PdfDocument(whole)
    try:
        out = []
        for first, stop in itertools.pairwise(starts):
            dest = pdfium.PdfDocument.new()
            dest.import_pages(src, list(range(first, stop)))
            buf = io.BytesIO()
            dest.save(buf)
            dest.close()
            out.append(buf.getvalue())
        return out
    finally:
        src.close()


def page_images(pdf_bytes: bytes, dpi: int) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        out = []
        for i in range(len(doc)):
            bitmap = doc[i].render(scale=dpi / 72.0)
            out.append(bitmap.to_pil().convert("RGB"))
        return out
    finally:
        doc.close()


def degrade(img: Image.Image, rng: random.Random, level: float = 1.0) -> Image.Image:
    """Scanner / phone-photo defects: skew, blur, noise, grey paper, specks, shadow, faded ink.

    ``level`` 1 is an ordinary office scan; 2 a poor photocopy; 3 a bad phone photo.
    """
    angle = rng.uniform(-1.2, 1.2) * level
    img = img.rotate(
        angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(255, 255, 255)
    )
    if rng.random() < 0.7:
        img = img.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.2, 0.6) * level))
    grey = img.convert("L")
    # paper tone, faded toner
    lo, hi = rng.randint(0, int(30 * level)), rng.randint(max(150, 255 - int(25 * level)), 255)
    grey = grey.point(lambda v: lo + (hi - lo) * v // 255)
    if rng.random() < 0.8:
        noise = Image.effect_noise(grey.size, rng.uniform(8, 20) * level).point(lambda v: v - 128)
        grey = Image.blend(grey, ImageOps.autocontrast(noise), min(0.3, 0.07 * level))
    if level >= 1.5:
        # photocopier specks and a shadow across one side (phone photos)
        w, h = grey.size
        draw = ImageDraw.Draw(grey)
        for _ in range(int(300 * level)):
            x, y = rng.randrange(w), rng.randrange(h)
            r = rng.choice([1, 1, 2, 3])
            draw.ellipse((x, y, x + r, y + r), fill=rng.randint(0, 90))
        if rng.random() < 0.5:
            shade = Image.linear_gradient("L").resize((w, h))
            if rng.random() < 0.5:
                shade = shade.rotate(90, expand=False).resize((w, h))
            grey = ImageChops.multiply(grey, shade.point(lambda v: 255 - int(v * 0.12 * level)))
    return grey.convert("RGB") if rng.random() < 0.5 else grey


OCR_CONFUSIONS = {
    "l": "1", "1": "l", "O": "0", "0": "O", "5": "S", "8": "B", "e": "c", "c": "e",
    "n": "u", "u": "n", "h": "b", "i": "í", "ư": "u", "ơ": "o", "ă": "a", "đ": "d",
    "Đ": "D", "ê": "e", "ô": "o", "ạ": "a", "ộ": "o", "m": "rn", "y": "v",
}  # fmt: skip


def ocr_noise(text: str, rng: random.Random, rate: float = 0.03, unmark: float = 0.2) -> str:
    """What a poor OCR layer reads: words without marks, look-alike characters."""
    out_lines = []
    for line in text.splitlines():
        words = []
        for w in line.split(" "):
            if rng.random() < unmark:
                w = strip_marks(w)
            w = "".join(OCR_CONFUSIONS.get(ch, ch) if rng.random() < rate else ch for ch in w)
            words.append(w)
        out_lines.append(" ".join(words))
    return "\n".join(out_lines)


def searchable_pdf(
    images: Sequence[Image.Image], texts: Sequence[str], dpi: int, rng: random.Random
) -> bytes:
    """Scanned pages with an invisible OCR text layer, as scanning stations produce them."""
    pdf = _Doc(sans=False)
    for img, text in zip(images, texts, strict=True):
        pdf.add_page()
        buf = io.BytesIO()
        img.convert("RGB").save(buf, "JPEG", quality=rng.randint(55, 80))
        pdf.image(buf, x=0, y=0, w=pdf.w, h=pdf.h)
        lines = [ln for ln in text.splitlines() if ln.strip()]
        pdf.set_font("Serif", "", 10)
        pdf.text_mode = TextMode.INVISIBLE
        step = min(7.0, (pdf.h - 30) / max(1, len(lines)))
        for k, ln in enumerate(lines):
            pdf.text(15, 20 + k * step, ln)
        pdf.text_mode = TextMode.FILL
    return bytes(pdf.output())


def encode(img: Image.Image, fmt: str, rng: random.Random, dpi: int) -> bytes:
    buf = io.BytesIO()
    if fmt == "jpg":
        img.convert("RGB").save(buf, "JPEG", quality=rng.randint(55, 85), dpi=(dpi, dpi))
    elif fmt == "png":
        img.save(buf, "PNG", dpi=(dpi, dpi))
    elif fmt == "tif":
        img.save(buf, "TIFF", compression="tiff_lzw", dpi=(dpi, dpi))
    else:
        raise ValueError(fmt)
    return buf.getvalue()


def images_to_pdf(images: Sequence[Image.Image], dpi: int, rng: random.Random) -> bytes:
    """Image-only PDF (what a scanner without OCR produces); JPEG-compressed pages."""
    buf = io.BytesIO()
    rgb = [im.convert("RGB") for im in images]
    rgb[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=rgb[1:],
                quality=rng.randint(60, 85))  # fmt: skip
    return buf.getvalue()


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    dest = pdfium.PdfDocument.new()
    srcs = []
    try:
        for data in parts:
            src = pdfium.PdfDocument(data)
            srcs.append(src)
            dest.import_pages(src)
        buf = io.BytesIO()
        dest.save(buf)
        return buf.getvalue()
    finally:
        for s in srcs:
            s.close()
        dest.close()


def paper_text(paper: PaperSpec) -> list[str]:
    """Plain text of each page, roughly as a PDF text layer reads (no rendering: fast tests)."""
    pages = []
    for blocks in paper.pages:
        lines: list[str] = []
        for b in blocks:
            kind = b[0]
            if kind == "header":
                left, right = b[1].splitlines(), b[2].splitlines()
                for i in range(max(len(left), len(right))):
                    parts = [x[i] for x in (left, right) if i < len(x)]
                    lines.append(" ".join(parts))
            elif kind in ("title", "title2", "sub", "p", "sign", "stamp"):
                lines.extend(b[1].splitlines())
            elif kind == "field":
                lines.append(f"{b[1]}: {b[2]}")
            elif kind == "card":
                lines.extend(b[1])
                lines.extend(b[2])
        text = "\n".join(lines)
        pages.append(strip_marks(text) if paper.unaccented else text)
    return pages
