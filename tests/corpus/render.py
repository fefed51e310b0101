"""Document model and layout engine: papers are laid out in millimetres and drawn either on a
pixel canvas (Pillow, for anything that gets scanned or photographed) or on a PDF canvas (fpdf2,
for born-digital files with a real text layer).

A paper (``Doc``) is a list of blocks. Values the citizen or the office fills in are ``V``
segments: typed in the form's font, or written by hand (handwriting face, ink colour, per-word
jitter) over the printed dotted lines or inside the printed ID-number boxes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from .fonts import Face, check_text, pil_font

PT = 25.4 / 72  # mm per point
REF = 8  # px per point at which widths are measured


# ----------------------------------------------------------------------------------- model
@dataclass
class V:
    """A filled-in value. ``w``: printed blank width (mm; 0 = to the end of the line).
    ``boxes``: printed as that many digit boxes (ID number)."""

    text: str
    w: float = 0.0
    boxes: int = 0
    bold: bool = False


Seg = str | V


@dataclass
class Header:
    left: list[list[Seg]]  # issuing unit lines (may hold values: "Số: ...")
    motto: bool = True  # motto in the right column
    left_w: float = 0.42  # share of the width


@dataclass
class Motto:
    """Motto alone, centred."""


@dataclass
class Corner:
    lines: list[str]
    align: str = "right"


@dataclass
class Title:
    text: str
    sub: list[str] = field(default_factory=list)
    size: float = 1.2  # relative to the base size


@dataclass
class Text:
    segs: list[Seg]
    align: str = "left"  # left | center | right | justify
    bold: bool = False
    italic: bool = False
    size: float = 1.0
    indent: float = 0.0  # mm, every line
    first: float = 0.0  # extra mm, first line


@dataclass
class Fields:
    """Rows of (label, value) pairs. ``style``: dots | plain | table | grid."""

    rows: list[list[tuple[str, V]]]
    style: str = "dots"
    label_w: float = 0.38  # table style: label column share


@dataclass
class Table:
    head: list[str]
    rows: list[list[list[Seg]]]
    widths: list[float]
    size: float = 0.9


@dataclass
class Checks:
    label: str
    options: list[tuple[str, bool]]


@dataclass
class SignCol:
    title: str
    note: str = "(Ký, ghi rõ họ tên)"
    name: V | None = None
    signed: bool = True
    seal: str | None = None  # rim text of a round seal over the signature


@dataclass
class Sign:
    cols: list[SignCol]
    date_line: list[Seg] | None = None
    right_only: bool = False  # a single column on the right half


@dataclass
class Space:
    mm: float


@dataclass
class Rule:
    pass


@dataclass
class Draw:
    fn: Callable[[Any, float, float, float, float], None]
    h: float


@dataclass
class Break:
    pass


@dataclass
class Doc:
    kind: str
    blocks: list[Any]
    size: tuple[float, float] = (210.0, 297.0)
    margins: tuple[float, float, float, float] = (18.0, 15.0, 20.0, 25.0)  # top right bottom left
    base: float = 12.5  # pt
    layout: str = ""
    frame: bool = False  # a border around the page (certificates)
    tint: tuple[int, int, int] = (255, 255, 255)  # paper colour


@dataclass
class Fill:
    """How values are written: typed (in ``face``) or by hand (``hand`` face, ``ink``)."""

    face: Face
    hand: Face | None = None
    ink: tuple[int, int, int] = (0, 0, 0)
    value_face: Face | None = None  # typed values in another face than the form
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    signatures: bool = True
    seals: bool = True
    seal_over_text: bool = False  # harder tier: seals shifted partly over text


# ---------------------------------------------------------------------------------- canvas
class Canvas:
    """Millimetre drawing surface; subclasses draw pixels or PDF."""

    w: float
    h: float
    default_face: Face

    def measure(
        self, s: str, face: Face, size: float, bold: bool = False, ital: bool = False
    ) -> float:
        path = face.path(bold, ital)
        f = pil_font(path, round(size * REF))
        return f.getlength(s) / REF * PT

    def check(self, s: str, face: Face, bold: bool = False, ital: bool = False) -> None:
        check_text(face.path(bold, ital), s)

    # to implement
    def new_page(self, w: float, h: float, tint: tuple[int, int, int]) -> None: ...
    def text(
        self,
        x: float,
        y: float,
        s: str,
        face: Face,
        size: float,
        bold: bool = False,
        ital: bool = False,
        color: tuple[int, int, int] = (0, 0, 0),
    ) -> None: ...
    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        w: float = 0.25,
        color: tuple[int, int, int] = (0, 0, 0),
    ) -> None: ...
    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        lw: float = 0.25,
        color: tuple[int, int, int] = (0, 0, 0),
        fill: tuple[int, int, int] | None = None,
    ) -> None: ...
    def ellipse(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        lw: float = 0.25,
        color: tuple[int, int, int] = (0, 0, 0),
    ) -> None: ...

    def hand(self, x: float, y: float, s: str, fill: Fill, size: float) -> float:
        raise NotImplementedError("handwriting needs a pixel canvas")

    def scribble(
        self, x: float, y: float, w: float, h: float, rng: random.Random, ink: tuple[int, int, int]
    ) -> None: ...

    def seal(self, cx: float, cy: float, rim: str, rng: random.Random, face: Face) -> None: ...


class PilCanvas(Canvas):
    def __init__(self, dpi: int) -> None:
        self.dpi = dpi
        self.s = dpi / 25.4
        self.pages: list[Image.Image] = []
        self.img: Image.Image | None = None
        self.d: ImageDraw.ImageDraw | None = None

    def new_page(self, w: float, h: float, tint: tuple[int, int, int]) -> None:
        self.w, self.h = w, h
        self.img = Image.new("RGB", (round(w * self.s), round(h * self.s)), tint)
        self.d = ImageDraw.Draw(self.img)
        self.pages.append(self.img)

    def _f(self, face: Face, size: float, bold: bool, ital: bool) -> Any:
        return pil_font(face.path(bold, ital), round(size * self.dpi / 72))

    def text(self, x, y, s, face, size, bold=False, ital=False, color=(0, 0, 0)):  # type: ignore[no-untyped-def]
        self.check(s, face, bold, ital)
        assert self.d is not None
        self.d.text(
            (x * self.s, y * self.s),
            s,
            font=self._f(face, size, bold, ital),
            fill=color,
            anchor="ls",
        )

    def line(self, x1, y1, x2, y2, w=0.25, color=(0, 0, 0)):  # type: ignore[no-untyped-def]
        assert self.d is not None
        s = self.s
        self.d.line([(x1 * s, y1 * s), (x2 * s, y2 * s)], fill=color, width=max(1, round(w * s)))

    def rect(self, x, y, w, h, lw=0.25, color=(0, 0, 0), fill=None):  # type: ignore[no-untyped-def]
        assert self.d is not None
        s = self.s
        box = [x * s, y * s, (x + w) * s, (y + h) * s]
        width = max(1, round(lw * s)) if lw > 0 else 0
        self.d.rectangle(box, outline=color if lw > 0 else None, fill=fill, width=width)

    def ellipse(self, x, y, w, h, lw=0.25, color=(0, 0, 0)):  # type: ignore[no-untyped-def]
        assert self.d is not None
        s = self.s
        self.d.ellipse(
            [x * s, y * s, (x + w) * s, (y + h) * s], outline=color, width=max(1, round(lw * s))
        )

    def hand(self, x: float, y: float, s: str, fill: Fill, size: float) -> float:
        """Write ``s`` by hand with its baseline at ``y``; returns the width used (mm)."""
        assert fill.hand is not None and self.img is not None
        rng = fill.rng
        path = fill.hand.path()
        check_text(path, s)
        cx = x
        for word in s.split(" "):
            if not word:
                cx += size * 0.3 * PT
                continue
            scale = rng.uniform(0.92, 1.1)
            px = max(6, round(size * scale * self.dpi / 72))
            f = pil_font(path, px)
            bl, bt, br, bb = f.getbbox(word, anchor="ls")
            pad = px // 2
            wimg = Image.new("L", (br - bl + 2 * pad, bb - bt + 2 * pad), 0)
            ImageDraw.Draw(wimg).text((pad - bl, pad - bt), word, font=f, fill=255, anchor="ls")
            shear = rng.uniform(-0.05, 0.22)
            ww, hh = wimg.size
            wimg = wimg.transform(
                (ww + int(abs(shear) * hh), hh),
                Image.Transform.AFFINE,
                (1, shear, -max(shear, 0) * hh, 0, 1, 0),
                resample=Image.Resampling.BILINEAR,
            )
            ang = rng.uniform(-2.5, 2.5)
            wimg = wimg.rotate(ang, resample=Image.Resampling.BILINEAR, expand=True)
            dy = rng.uniform(-0.5, 0.4) * self.s
            ox = round(cx * self.s - pad + bl)
            oy = round(y * self.s + dy - pad + bt - (wimg.size[1] - hh) / 2)
            ink = tuple(max(0, min(255, c + rng.randint(-12, 12))) for c in fill.ink)
            self.img.paste(ink, (ox, oy), wimg)  # type: ignore[arg-type]
            cx += (br - bl) / self.s + rng.uniform(0.9, 1.7) * size * 0.3 * PT
        return cx - x

    def scribble(self, x, y, w, h, rng, ink):  # type: ignore[no-untyped-def]
        """A signature: a few loops and a flourish, drawn with a pen."""
        assert self.d is not None
        s = self.s
        pts = []
        n = rng.randint(3, 6)
        f1, f2 = rng.uniform(1.5, 3.5), rng.uniform(0.5, 1.5)
        ph = rng.uniform(0, 6.28)
        for i in range(120):
            t = i / 119
            px = x + w * t + w * 0.08 * math.sin(t * n * 2 * math.pi + ph)
            py = y + h / 2 + h * 0.42 * math.sin(t * n * f1 * math.pi + ph) * math.cos(t * f2)
            pts.append((px * s, py * s))
        width = max(1, round(0.35 * s))
        self.d.line(pts, fill=ink, width=width, joint="curve")
        # underline flourish
        y2 = y + h * rng.uniform(0.75, 1.0)
        self.d.line(
            [((x - 2) * s, y2 * s), ((x + w * 0.9) * s, (y2 - h * 0.3) * s)], fill=ink, width=width
        )

    def seal(self, cx, cy, rim, rng, face):  # type: ignore[no-untyped-def]
        assert self.img is not None
        im = seal_image(rim, self.s, rng, face)
        ang = rng.uniform(-25, 25)
        im = im.rotate(ang, resample=Image.Resampling.BICUBIC, expand=True)
        box = (round(cx * self.s - im.size[0] / 2), round(cy * self.s - im.size[1] / 2))
        stamp_multiply(self.img, im, box)


def stamp_multiply(page: Image.Image, stamp: Image.Image, box: tuple[int, int]) -> None:
    """Ink-like blend: darken only (the paper's print stays visible under the stamp)."""
    from PIL import ImageChops

    x, y = box
    w, h = stamp.size
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(page.size[0], x + w), min(page.size[1], y + h)
    if x1 <= x0 or y1 <= y0:
        return
    region = page.crop((x0, y0, x1, y1))
    st = stamp.crop((x0 - x, y0 - y, x1 - x, y1 - y))
    white = Image.new("RGB", st.size, (255, 255, 255))
    colour = Image.composite(st.convert("RGB"), white, st.getchannel("A"))
    page.paste(ImageChops.multiply(region, colour), (x0, y0))


def seal_image(rim: str, s: float, rng: random.Random, face: Face) -> Image.Image:
    """A round red seal (con dấu): double rim, text around the top, a star in the middle."""
    d_mm = rng.uniform(32, 40)
    size = round(d_mm * s)
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    dr = ImageDraw.Draw(im)
    red = (rng.randint(185, 220), rng.randint(20, 50), rng.randint(35, 60), rng.randint(170, 215))
    r = size / 2
    dr.ellipse([1, 1, size - 2, size - 2], outline=red, width=max(2, round(0.7 * s)))
    inner = r * 0.66
    dr.ellipse(
        [r - inner, r - inner, r + inner, r + inner], outline=red, width=max(1, round(0.35 * s))
    )
    # star
    pts = []
    rs = r * 0.22
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rad = rs if k % 2 == 0 else rs * 0.42
        pts.append((r + rad * math.cos(a), r + rad * math.sin(a)))
    dr.polygon(pts, fill=red)
    # rim text
    text = rim.upper()
    check_text(face.path(True), text)
    px = max(8, round(2.6 * s))
    f = pil_font(face.path(True), px)
    rr = r * 0.83
    total = sum(f.getlength(c) for c in text) * 1.08
    span = min(1.85 * math.pi, total / rr)
    a = -math.pi / 2 - span / 2
    for c in text:
        cw = f.getlength(c) * 1.08
        a_c = a + cw / 2 / rr
        if c != " ":
            g = Image.new("RGBA", (px * 2, px * 2), (0, 0, 0, 0))
            ImageDraw.Draw(g).text((px, px), c, font=f, fill=red, anchor="mm")
            g = g.rotate(-math.degrees(a_c + math.pi / 2), resample=Image.Resampling.BICUBIC)
            gx = r + rr * math.cos(a_c) - px
            gy = r + rr * math.sin(a_c) - px
            im.alpha_composite(g, (max(0, round(gx)), max(0, round(gy))))
        a += cw / rr
    # inner text line
    inner_txt = rim.split("*")[-1].strip().upper()[:18] if "*" in rim else ""
    if inner_txt:
        f2 = pil_font(face.path(True), max(7, round(2.2 * s)))
        dr.text((r, r + rs * 1.6), inner_txt, font=f2, fill=red, anchor="mm")
    # ink irregularity: knock out random specks
    import numpy as np

    gen = np.random.default_rng(rng.randrange(2**32))
    a = np.asarray(im.getchannel("A")).astype(np.float32)
    a *= gen.uniform(0.55, 1.0, a.shape).astype(np.float32)
    a[gen.random(a.shape) < 0.06] = 0
    im.putalpha(Image.fromarray(a.astype(np.uint8)))
    return im


class PdfCanvas(Canvas):
    """Born-digital PDF (vector text with a text layer)."""

    def __init__(self, when: datetime | None = None) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(unit="mm")
        self.pdf.set_creation_date(when or datetime(2026, 1, 1, tzinfo=UTC))
        self.pdf.set_producer("Microsoft Word")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_compression(True)
        self._fonts: dict[Path, str] = {}
        self.npages = 0

    def new_page(self, w: float, h: float, tint: tuple[int, int, int]) -> None:
        self.w, self.h = w, h
        self.pdf.add_page(format=(w, h))
        self.npages += 1

    def _font(self, face: Face, size: float, bold: bool, ital: bool) -> None:
        path = face.path(bold, ital)
        fam = self._fonts.get(path)
        if fam is None:
            fam = f"f{len(self._fonts)}"
            self.pdf.add_font(fam, "", str(path))
            self._fonts[path] = fam
        self.pdf.set_font(fam, "", size)

    def text(self, x, y, s, face, size, bold=False, ital=False, color=(0, 0, 0)):  # type: ignore[no-untyped-def]
        self.check(s, face, bold, ital)
        self._font(face, size, bold, ital)
        self.pdf.set_text_color(*color)
        self.pdf.text(x, y, s)

    def line(self, x1, y1, x2, y2, w=0.25, color=(0, 0, 0)):  # type: ignore[no-untyped-def]
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(w)
        self.pdf.line(x1, y1, x2, y2)

    def rect(self, x, y, w, h, lw=0.25, color=(0, 0, 0), fill=None):  # type: ignore[no-untyped-def]
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(max(lw, 0.01))
        if fill is not None:
            self.pdf.set_fill_color(*fill)
        style = ("F" if lw <= 0 else "DF") if fill is not None else "D"
        self.pdf.rect(x, y, w, h, style=style)

    def ellipse(self, x, y, w, h, lw=0.25, color=(0, 0, 0)):  # type: ignore[no-untyped-def]
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(lw)
        self.pdf.ellipse(x, y, w, h)

    def scribble(self, x, y, w, h, rng, ink):  # type: ignore[no-untyped-def]
        return None

    def seal(self, cx, cy, rim, rng, face):  # type: ignore[no-untyped-def]
        return None

    def output(self) -> bytes:
        return bytes(self.pdf.output())


# ---------------------------------------------------------------------------------- layout
@dataclass
class _Item:
    kind: str  # lit | val | dots | boxes
    text: str
    w: float
    field_id: int = -1
    bold: bool = False
    ital: bool = False
    stretch: bool = False  # dots that grow to the end of the line
    nboxes: int = 0
    glue: bool = False  # no space before (punctuation)


class Layout:
    """Lays a Doc out page by page on a canvas."""

    def __init__(self, doc: Doc, canvas: Canvas, fill: Fill) -> None:
        self.doc, self.c, self.fill = doc, canvas, fill
        canvas.default_face = fill.face
        self.face = fill.face
        top, right, bottom, left = doc.margins
        self.x0, self.x1 = left, doc.size[0] - right
        self.top, self.bottom = top, doc.size[1] - bottom
        self.base = doc.base
        self.y = 0.0
        self.rng = fill.rng
        self._fid = 0
        self.hand_mode = fill.hand is not None

    # ----- helpers
    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def lh(self, size: float) -> float:
        return size * PT * 1.45

    def page(self) -> None:
        self.c.new_page(*self.doc.size, self.doc.tint)
        self.y = self.top
        if self.doc.frame:
            w, h = self.doc.size
            self.c.rect(8, 8, w - 16, h - 16, 0.8, (60, 60, 60))
            self.c.rect(10, 10, w - 20, h - 20, 0.3, (60, 60, 60))

    def need(self, h: float) -> None:
        if self.y + h > self.bottom:
            self.page()

    def run(self) -> None:
        self.page()
        for b in self.doc.blocks:
            getattr(self, "b_" + type(b).__name__.lower())(b)

    # ----- value drawing
    def value_text(self, x: float, y: float, s: str, size: float, bold: bool = False) -> float:
        if not s:
            return 0.0
        if self.hand_mode:
            return self.c.hand(x, y - 0.4, s, self.fill, size * 1.12)
        face = self.fill.value_face or self.face
        self.c.text(x, y, s, face, size, bold=bold, color=self.fill.ink)
        return self.c.measure(s, face, size, bold)

    def dots(self, x1: float, x2: float, y: float, size: float) -> None:
        if x2 - x1 < 1.0:
            return
        dw = self.c.measure(".", self.face, size)
        n = int((x2 - x1) / dw) - 1
        if n > 0:
            self.c.text(x1, y, "." * n, self.face, size, color=(40, 40, 40))

    def boxes(self, x: float, y: float, digits: str, n: int, size: float) -> float:
        bw = size * PT * 1.25
        top = y - bw * 0.85
        for i in range(n):
            self.c.rect(x + i * bw, top, bw, bw, 0.2)
        for i, ch in enumerate(digits[:n]):
            cx = x + i * bw + bw * 0.25
            if self.hand_mode:
                self.c.hand(cx + self.rng.uniform(-0.3, 0.3), y - 0.3, ch, self.fill, size * 1.05)
            else:
                face = self.fill.value_face or self.face
                self.c.text(cx, y - 0.2, ch, face, size, color=self.fill.ink)
        return n * bw

    # ----- segments -> items -> lines
    def items(
        self, segs: list[Seg], size: float, bold: bool, ital: bool, dotted: bool
    ) -> list[_Item]:
        out: list[_Item] = []
        for k, seg in enumerate(segs):
            last = k == len(segs) - 1
            if isinstance(seg, str):
                for i, word in enumerate(seg.split(" ")):
                    if word == "":
                        continue
                    glue = i == 0 and word[0] in ",.;:)/" and bool(out)
                    out.append(
                        _Item(
                            "lit",
                            word,
                            self.c.measure(word, self.face, size, bold, ital),
                            bold=bold,
                            ital=ital,
                            glue=glue,
                        )
                    )
                continue
            self._fid += 1
            fid = self._fid
            if seg.boxes:
                bw = size * PT * 1.25
                out.append(_Item("boxes", seg.text, seg.boxes * bw, fid, nboxes=seg.boxes))
                continue
            used = 0.0
            words = seg.text.split() if seg.text else []
            vface = self.fill.value_face or self.face
            for wd in words:
                if self.fill.hand is not None:
                    wlen = self.c.measure(wd, self.fill.hand, size * 1.12) * 1.06 + 0.4
                else:
                    wlen = self.c.measure(wd, vface, size, seg.bold)
                out.append(_Item("val", wd, wlen, fid, bold=seg.bold))
                used += wlen + self.c.measure(" ", self.face, size)
            if seg.w < 0:  # inline value (dates): a short blank only when written by hand
                if self.hand_mode or not words:
                    out.append(_Item("dots", "", 2.0 if words else 10.0, fid))
                continue
            if dotted or not words:
                rest = max(seg.w - used, 4.0 if words else max(seg.w, 8.0))
                if seg.w == 0 and not words:
                    rest = 10.0
                stretch = seg.w == 0 and (last or not words)
                out.append(_Item("dots", "", rest if not stretch else 3.0, fid, stretch=stretch))
        return out

    def lines(
        self, items: list[_Item], width: float, first: float, size: float
    ) -> list[list[_Item]]:
        sp = self.c.measure(" ", self.face, size)
        lines: list[list[_Item]] = [[]]
        x = first
        for it in items:
            w = it.w
            gap = 0.0 if it.glue else sp
            if lines[-1] and x + gap + w > width:
                if it.kind == "dots" and width - x - sp > 2:
                    it.w = width - x - sp  # shrink the blank to the end of the line
                    lines[-1].append(it)
                    x = width
                    continue
                if it.kind == "val" and w > width:  # a very long word: let it overflow
                    pass
                lines.append([])
                x = 0.0
            lines[-1].append(it)
            x += (gap if len(lines[-1]) > 1 else 0) + w
        return lines

    def draw_line(
        self,
        line: list[_Item],
        x: float,
        y: float,
        width: float,
        size: float,
        align: str,
        last: bool,
        dotted: bool = True,
    ) -> None:
        sp = self.c.measure(" ", self.face, size)
        nglue = sum(1 for it in line[1:] if it.glue)
        total = sum(it.w for it in line) + sp * max(0, len(line) - 1 - nglue)
        stretch = [it for it in line if it.kind == "dots" and it.stretch]
        extra = max(0.0, width - total)
        if stretch:
            for it in stretch:
                it.w += extra / len(stretch)
            extra = 0.0
        gap = sp
        if align == "center":
            x += extra / 2
        elif align == "right":
            x += extra
        elif align == "justify" and not last and len(line) > 1:
            gap = sp + extra / (len(line) - 1)
        # field runs (for dots under handwriting)
        pos = []
        cx = x
        for k, it in enumerate(line):
            if k and it.glue:
                cx -= gap
            pos.append(cx)
            cx += it.w + gap
        if self.hand_mode and dotted:
            runs: dict[int, list[float]] = {}
            for it, px in zip(line, pos, strict=True):
                if it.kind in ("val", "dots"):
                    r = runs.setdefault(it.field_id, [px, px + it.w])
                    r[1] = px + it.w
            for a, b in runs.values():
                self.dots(a, b, y, size)
        spaced = isinstance(self.c, PdfCanvas)  # real space characters in the text layer
        for k, (it, px) in enumerate(zip(line, pos, strict=True)):
            nxt = line[k + 1] if k + 1 < len(line) else None
            sp_after = " " if spaced and nxt is not None and not nxt.glue else ""
            if it.kind == "lit":
                self.c.text(px, y, it.text + sp_after, self.face, size, it.bold, it.ital)
            elif it.kind == "val":
                self.value_text(px, y, it.text + sp_after, size, it.bold)
            elif it.kind == "dots" and not self.hand_mode:
                self.dots(px, px + it.w, y, size)
            elif it.kind == "boxes":
                self.boxes(px, y, it.text, it.nboxes, size)

    def flow(
        self,
        segs: list[Seg],
        x: float,
        width: float,
        size: float,
        *,
        align: str = "left",
        bold: bool = False,
        ital: bool = False,
        first: float = 0.0,
        dotted: bool = True,
    ) -> None:
        its = self.items(segs, size, bold, ital, dotted)
        lines = self.lines(its, width, first, size)
        lh = self.lh(size)
        for i, ln in enumerate(lines):
            self.need(lh)
            self.y += lh
            off = first if i == 0 else 0.0
            self.draw_line(
                ln, x + off, self.y, width - off, size, align, i == len(lines) - 1, dotted
            )
        self.y += lh * 0.12

    # ----- blocks
    def b_header(self, b: Header) -> None:
        size = self.base * 0.95
        lw = self.width * b.left_w
        y0 = self.y
        plain = [
            any(isinstance(s, V) for s in segs) or str(segs[0]).startswith(("Số", "Khoa", "Mã"))
            for segs in b.left
        ]
        last_bold = max((i for i, p in enumerate(plain) if not p), default=0)
        for i, segs in enumerate(b.left):
            self.flow(segs, self.x0, lw, size, align="center", bold=not plain[i])
            if i == last_bold:
                u = lw * 0.3
                yy = self.y + 1.2
                self.c.line(self.x0 + lw / 2 - u / 2, yy, self.x0 + lw / 2 + u / 2, yy, 0.2)
                self.y += 1.5
        yl = self.y
        self.y = y0
        yr = y0
        if b.motto:
            rx = self.x0 + lw
            rw = self.width - lw
            yr = self.motto(rx, rw, size)
        self.y = max(yl, yr) + 3

    def motto(self, x: float, w: float, size: float) -> float:
        y = self.y
        s1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        k = min(1.0, w / (self.c.measure(s1, self.face, size, True) + 1))
        y += self.lh(size * k)
        self.c.text(
            x + (w - self.c.measure(s1, self.face, size * k, True)) / 2,
            y,
            s1,
            self.face,
            size * k,
            True,
        )
        s2 = "Độc lập - Tự do - Hạnh phúc"
        y += self.lh(size)
        w2 = self.c.measure(s2, self.face, size, True)
        self.c.text(x + (w - w2) / 2, y, s2, self.face, size, True)
        self.c.line(x + (w - w2) / 2, y + 1.5, x + (w + w2) / 2, y + 1.5, 0.25)
        return y

    def b_motto(self, b: Motto) -> None:
        self.y = self.motto(self.x0, self.width, self.base) + 4

    def b_corner(self, b: Corner) -> None:
        size = self.base * 0.78
        y = self.y
        for ln in b.lines:
            y += self.lh(size)
            w = self.c.measure(ln, self.face, size, False, True)
            x = self.x1 - w if b.align == "right" else self.x0
            self.c.text(x, y, ln, self.face, size, False, True)
        self.y = y + 1.5

    def b_title(self, b: Title) -> None:
        size = self.base * b.size
        self.y += 2
        for part in _wrap_words(
            b.text, lambda s: self.c.measure(s, self.face, size, True), self.width
        ):
            self.need(self.lh(size))
            self.y += self.lh(size)
            w = self.c.measure(part, self.face, size, True)
            self.c.text(self.x0 + (self.width - w) / 2, self.y, part, self.face, size, True)
        for s in b.sub:
            self.flow([s], self.x0, self.width, self.base * 0.95, align="center", ital=True)
        self.y += 3

    def b_text(self, b: Text) -> None:
        self.flow(
            b.segs,
            self.x0 + b.indent,
            self.width - b.indent,
            self.base * b.size,
            align=b.align,
            bold=b.bold,
            ital=b.italic,
            first=b.first,
        )

    def b_space(self, b: Space) -> None:
        self.y += b.mm
        if self.y > self.bottom:
            self.page()

    def b_rule(self, b: Rule) -> None:
        self.y += 2
        self.c.line(self.x0, self.y, self.x1, self.y, 0.3)
        self.y += 2

    def b_break(self, b: Break) -> None:
        self.page()

    def b_draw(self, b: Draw) -> None:
        self.need(b.h)
        b.fn(self.c, self.x0, self.y, self.width, b.h)
        self.y += b.h

    def b_checks(self, b: Checks) -> None:
        size = self.base
        lh = self.lh(size)
        self.need(lh)
        self.y += lh
        x = self.x0
        self.c.text(x, self.y, b.label, self.face, size)
        x += self.c.measure(b.label + "  ", self.face, size)
        bw = size * PT * 0.95
        for text, on in b.options:
            self.c.text(x, self.y, text, self.face, size)
            x += self.c.measure(text + " ", self.face, size)
            self.c.rect(x, self.y - bw * 0.9, bw, bw, 0.25)
            if on:
                if self.hand_mode:
                    ink = self.fill.ink
                    self.c.line(x + bw * 0.15, self.y - bw * 0.4, x + bw * 0.45, self.y, 0.4, ink)
                    self.c.line(x + bw * 0.45, self.y, x + bw * 1.2, self.y - bw * 1.3, 0.4, ink)
                else:
                    self.c.text(x + bw * 0.12, self.y - bw * 0.1, "x", self.face, size, True)
            x += bw + 6
        self.y += lh * 0.12

    def b_fields(self, b: Fields) -> None:
        size = self.base
        if b.style in ("dots", "plain") or (b.style == "plain" and self.hand_mode):
            dotted = b.style == "dots" or self.hand_mode
            for row in b.rows:
                segs: list[Seg] = []
                for i, (label, v) in enumerate(row):
                    last = i == len(row) - 1
                    if not last and v.w == 0 and not v.boxes:
                        v = V(
                            v.text,
                            self.width / len(row) - self.c.measure(label, self.face, size) - 3,
                            bold=v.bold,
                        )
                    segs += [f"{label}:" if label else "", v]
                    if not last:
                        segs.append("")
                self.flow([s for s in segs if s != ""], self.x0, self.width, size, dotted=dotted)
            return
        if b.style == "grid":
            pairs = [p for row in b.rows for p in row]
            half = self.width / 2
            for i in range(0, len(pairs), 2):
                y_start = self.y
                ys = []
                for j, (label, v) in enumerate(pairs[i : i + 2]):
                    self.y = y_start
                    if v.boxes:  # boxes need the full width
                        v = V(v.text, 0, boxes=v.boxes)
                    self.flow(
                        [f"{label}:", V(v.text, 0, v.boxes, v.bold)],
                        self.x0 + j * half,
                        half - 3,
                        size,
                    )
                    ys.append(self.y)
                self.y = max(ys)
            return
        # table: ruled cells
        pad = 1.5
        for row in b.rows:
            n = len(row)
            cw = self.width / n
            lab_w = cw * b.label_w
            hs = []
            cells = []
            for label, v in row:
                lab_lines = _wrap_words(
                    label,
                    lambda s: self.c.measure(s, self.face, size * 0.95, True),
                    lab_w - 2 * pad,
                )
                val_lines = 1
                if v.text and not v.boxes:
                    k = 1.15 if self.hand_mode else 1.0
                    wd = self.c.measure(v.text, self.fill.value_face or self.face, size * k)
                    val_lines = max(1, math.ceil(wd * 1.18 / (cw - lab_w - 2 * pad - 2)))
                cells.append((lab_lines, val_lines))
                hs.append(max(len(lab_lines), val_lines) * self.lh(size) + pad * 2)
            h = max(hs)
            self.need(h)
            top = self.y
            for j, ((_label, v), (lab_lines, _)) in enumerate(zip(row, cells, strict=True)):
                cx = self.x0 + j * cw
                self.c.rect(cx, top, lab_w, h, 0.25)
                self.c.rect(cx + lab_w, top, cw - lab_w, h, 0.25)
                yy = top + pad - self.lh(size) * 0.2
                for ln in lab_lines:
                    yy += self.lh(size)
                    self.c.text(cx + pad, yy, ln, self.face, size * 0.95, True)
                self.y = top + pad - self.lh(size) * 0.2
                if v.boxes:
                    self.y += self.lh(size)
                    self.boxes(cx + lab_w + pad, self.y - 0.5, v.text, v.boxes, size)
                elif v.text:
                    self.flow(
                        [V(v.text, 0.1, bold=v.bold)],
                        cx + lab_w + pad,
                        cw - lab_w - 2 * pad,
                        size,
                        dotted=False,
                    )
            self.y = top + h
        self.y += 2

    def b_table(self, b: Table) -> None:
        size = self.base * b.size
        tot = sum(b.widths)
        ws = [self.width * w / tot for w in b.widths]
        pad = 1.2
        # header
        heads = [
            _wrap_words(h, lambda s: self.c.measure(s, self.face, size, True), w - 2 * pad)
            for h, w in zip(b.head, ws, strict=True)
        ]
        hh = max(len(h) for h in heads) * self.lh(size) + 2 * pad
        self.need(hh + self.lh(size) * 2)
        x = self.x0
        top = self.y
        for lines, w in zip(heads, ws, strict=True):
            self.c.rect(x, top, w, hh, 0.3)
            yy = top + pad
            for ln in lines:
                yy += self.lh(size)
                tw = self.c.measure(ln, self.face, size, True)
                self.c.text(x + (w - tw) / 2, yy - 0.6, ln, self.face, size, True)
            x += w
        self.y = top + hh
        for row in b.rows:
            # estimate height
            nl = 1
            for cell, w in zip(row, ws, strict=True):
                t = " ".join(s if isinstance(s, str) else s.text for s in cell)
                k = 1.15 if self.hand_mode else 1.0
                nl = max(
                    nl, math.ceil((self.c.measure(t, self.face, size * k) + 2) / (w - 2 * pad))
                )
            h = nl * self.lh(size) + 2 * pad
            self.need(h)
            top = self.y
            x = self.x0
            for cell, w in zip(row, ws, strict=True):
                self.c.rect(x, top, w, h, 0.25)
                self.y = top + pad - self.lh(size) * 0.25
                segs = [
                    c if isinstance(c, str) else V(c.text, 0.1)
                    for c in cell
                    if isinstance(c, str) or c.text
                ]
                if segs:
                    self.flow(segs, x + pad, w - 2 * pad, size, dotted=False)
                x += w
            self.y = top + h
        self.y += 2

    def b_sign(self, b: Sign) -> None:
        size = self.base
        n = len(b.cols)
        if b.right_only and n == 1:
            xs, cw = [self.x0 + self.width * 0.45], self.width * 0.55
        else:
            cw = self.width / n
            xs = [self.x0 + i * cw for i in range(n)]
        block_h = self.lh(size) * 4 + 24
        self.need(block_h + (self.lh(size) if b.date_line else 0))
        if b.date_line:
            self.flow(b.date_line, xs[-1], cw, size, align="center", ital=True, dotted=True)
        top = self.y
        for x, col in zip(xs, b.cols, strict=True):
            self.y = top
            for part in _wrap_words(
                col.title, lambda s: self.c.measure(s, self.face, size, True), cw - 2
            ):
                self.y += self.lh(size)
                w = self.c.measure(part, self.face, size, True)
                self.c.text(x + (cw - w) / 2, self.y, part, self.face, size, True)
            if col.note:
                ns = size * 0.85
                for part in _wrap_words(
                    col.note, lambda s, ns=ns: self.c.measure(s, self.face, ns, False, True), cw - 2
                ):
                    self.y += self.lh(ns)
                    w = self.c.measure(part, self.face, ns, False, True)
                    self.c.text(x + (cw - w) / 2, self.y, part, self.face, ns, False, True)
            sig_top = self.y + 2
            if col.signed and self.fill.signatures:
                sw = min(cw * 0.55, 38)
                self.c.scribble(
                    x + (cw - sw) / 2 + self.rng.uniform(-4, 4),
                    sig_top + 3,
                    sw,
                    10,
                    self.rng,
                    _pen(self.rng),
                )
            if col.seal and self.fill.seals:
                dx = -cw * 0.22 if not self.fill.seal_over_text else -cw * 0.05
                dy = 9 if not self.fill.seal_over_text else 2
                self.c.seal(
                    x + cw / 2 + dx + self.rng.uniform(-3, 3),
                    sig_top + dy,
                    col.seal,
                    self.rng,
                    self.face,
                )
            self.y = sig_top + 20
            if col.name is not None and col.name.text:
                self.y += self.lh(size)
                k = 1.12 if self.hand_mode else 1.0
                w = self.c.measure(col.name.text, self.fill.value_face or self.face, size * k, True)
                self.value_text(x + max(0, (cw - w) / 2), self.y, col.name.text, size, bold=True)
        self.y = top + block_h - self.lh(size) * 2 + 4


def _pen(rng: random.Random) -> tuple[int, int, int]:
    return rng.choice([(20, 30, 120), (25, 40, 150), (30, 30, 30), (15, 50, 140)])


def _wrap_words(text: str, measure: Callable[[str], float], width: float) -> list[str]:
    words = text.split()
    lines: list[str] = []
    cur = ""
    for w in words:
        t = f"{cur} {w}".strip()
        if cur and measure(t) > width:
            lines.append(cur)
            cur = w
        else:
            cur = t
    if cur:
        lines.append(cur)
    return lines or [""]


class NullCanvas(Canvas):
    """Measures only: how many pages, and how full the last one is."""

    def __init__(self) -> None:
        self.npages = 0

    def new_page(self, w: float, h: float, tint: tuple[int, int, int]) -> None:
        self.w, self.h = w, h
        self.npages += 1

    def text(self, *a: Any, **k: Any) -> None:  # type: ignore[override]
        return None

    def line(self, *a: Any, **k: Any) -> None:  # type: ignore[override]
        return None

    def rect(self, *a: Any, **k: Any) -> None:  # type: ignore[override]
        return None

    def ellipse(self, *a: Any, **k: Any) -> None:  # type: ignore[override]
        return None

    def hand(self, x: float, y: float, s: str, fill: Fill, size: float) -> float:
        return 0.0

    def scribble(self, *a: Any, **k: Any) -> None:  # type: ignore[override]
        return None

    def seal(self, *a: Any, **k: Any) -> None:  # type: ignore[override]
        return None


def fit_pages(doc: Doc, fill: Fill) -> Doc:
    """Avoid an almost empty last page (a signature alone): shrink the type a little."""
    import copy

    for _ in range(4):
        c = NullCanvas()
        lay = Layout(doc, c, Fill(fill.face, fill.hand, value_face=fill.value_face))
        lay.run()
        if c.npages == 1 or lay.y - lay.top > 45 or doc.base <= 10.0:
            return doc
        doc = copy.copy(doc)
        doc.base = round(doc.base - 0.7, 1)
        top, right, bottom, left = doc.margins
        doc.margins = (max(10.0, top - 3), right, max(12.0, bottom - 4), left)
    return doc


def render_pil(doc: Doc, fill: Fill, dpi: int) -> list[Image.Image]:
    doc = fit_pages(doc, fill)
    c = PilCanvas(dpi)
    Layout(doc, c, fill).run()
    return c.pages


def render_pdf(doc: Doc, fill: Fill, when: datetime | None = None) -> tuple[bytes, int]:
    doc = fit_pages(doc, fill)
    c = PdfCanvas(when)
    Layout(doc, c, fill).run()
    return c.output(), c.npages
