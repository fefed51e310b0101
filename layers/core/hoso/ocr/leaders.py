"""Dotted leader lines found and painted over before Tesseract (PIL only, no numpy).

Vietnamese forms print a dotted guide line after each label ("Họ và tên: Mai Thùy Lụa
..........", "Năm sinh: 1997 ........"). Tesseract reads the dots as characters, and in
typewriter faces (whose dots sit a whole character cell apart) or small print it loses the
words next to them: "Năm sinh: 1997 ....." came out as "Ngm;sinh:: 199.". Dots are removed
only where they form a leader, a run of small, evenly spaced dots on a common line:

1. The search runs on the page's ~100 dpi analysis copy. Ink is darker than an Otsu
   threshold; on shaded pages and photos (too much "ink" under one threshold) darker than
   the paper around it. A *dot candidate* is ink with no ink 2 to 5 rows above or below
   it within 3 columns either side: the middle rows of a blob standing alone vertically.
   Letter stems and bars never qualify; i-dots and tone marks sit a row or two from their
   letter, so they do not either; the top or bottom arc of a round letter may.
2. Candidate runs of neighbouring rows are joined into blobs; a blob is a dot when it is at
   most 3 pixels (0.76 mm) wide and high and has paper on both sides in every row.
3. Dots are chained left to right: the next dot 0.76-4.4 mm further, on the same line
   (allowing for a few degrees of skew), about as wide, with paper in between. A chain is
   a leader when it has at least 5 dots (an ellipsis stays), evenly spaced (every step
   within a quarter of the median step), with paper between the dots and in the bands a
   letter high above and below them (empty on one side, nearly so on the other, where the
   next line may come close): letter tops chain up in a monospace word too, but the
   letters' bodies then fill a band.
4. At 100 dpi the letters of small print are dot-sized, so each dot is confirmed at full
   resolution: a compact blob (at most 1 mm, at most twice as long as wide, filling 45% of
   its box) alone in its box, as big as the leader's other dots. A leader whose dots mostly
   pass has them painted over with the lightest grey around (boxes grown by 1/150 in).

Text lines are assumed horizontal; pages whose lines look vertical (turned a quarter) are
searched transposed first. On the dev corpus leaders were found on 52 of 80 office scans of
"dots" forms (the others have none, or their dots touch a table rule) and on no ID card
copy or card photo. A page without leaders costs 5-10 ms (300 dpi A4; the analysis copy is
there already), one with leaders 20-50 ms.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from itertools import pairwise

from PIL import Image, ImageChops, ImageDraw

from hoso.ocr.image import otsu, percentile

_ANALYSIS_DPI = 100  # resolution of the search
_RUN = re.compile(rb"\xff+")
_MIN_DOTS = 5  # dots in a leader (an ellipsis is left alone)
_CLEAN_INK = 0.12  # share of ink under one threshold above which the page looks shaded
_MAX_INK = 0.25  # share of ink above which the page is a photo or a dark background
_MIN_CONTRAST = 30  # grey levels below the local paper that are ink at least
_EMPTY = 0.03  # share of ink in the gaps between leader dots and on their clear side
_NEARLY_EMPTY = 0.15  # ... and on their other side
_MIN_FILL = 0.45  # share of its box a dot fills at full resolution
_MIN_CONFIRMED = 0.7  # share of a leader's dots that must look like dots at full resolution
_STEP_TOLERANCE = 0.25  # share of the median step a step may differ by


Box = tuple[int, int, int, int]


@dataclass
class _Blob:
    x0: int
    x1: int  # exclusive
    y0: int
    y1: int  # exclusive
    bad: bool = False

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Leader:
    """A run of evenly spaced dots: their boxes (x0, y0, x1, y1, exclusive) in pixels of
    the analysed image, in order along the line."""

    dots: tuple[tuple[int, int, int, int], ...]
    step: float  # median distance between neighbouring dots


@dataclass(frozen=True)
class Found:
    leaders: list[Leader]
    paper: int  # grey level of the paper
    transposed: bool  # the search ran on the transposed page (x and y swapped)

    @property
    def dots(self) -> int:
        return sum(len(lead.dots) for lead in self.leaders)


def find_leaders(small: Image.Image, dpi: float, *, transposed: bool = False) -> Found:
    """Dotted leaders of a grey page copy of about 100 dpi (``dpi``: its resolution), see
    the module notes. ``transposed``: search it with x and y swapped (text lines running
    down the page)."""
    if transposed:
        small = small.transpose(Image.Transpose.TRANSPOSE)
    ink, paper = _ink(small)
    none = Found([], paper, transposed)
    if ink is None:
        return none
    scale = dpi / _ANALYSIS_DPI
    cand = _candidates(ink, max(2, round(2 * scale)), max(1, round(3 * scale)))
    blobs = _blobs(ink, cand, max(2, round(3 * scale)))
    if len(blobs) < _MIN_DOTS:
        return none
    return Found(_chains(ink, blobs, scale), paper, transposed)


def _ink(small: Image.Image) -> tuple[Image.Image | None, int]:
    """(ink mask, or None when there is too little contrast or too much ink; the paper's
    grey level). Ink is darker than an Otsu threshold; on photos and shaded pages, where
    one threshold cannot split ink from paper everywhere, darker than the paper around it
    (a background estimated at a quarter size) by more than an Otsu threshold."""
    hist = small.histogram()
    paper = percentile(hist, 0.9)
    total = sum(hist)
    threshold = otsu(hist)
    if paper - threshold >= _MIN_CONTRAST and sum(hist[:threshold]) <= _CLEAN_INK * total:
        return small.point([255 if v < threshold else 0 for v in range(256)]), paper
    bg = _spread(small.reduce(4), 2).resize(small.size, Image.Resampling.NEAREST)
    depth = ImageChops.subtract(bg, small)  # how much darker than the paper around
    dh = depth.histogram()
    threshold = max(_MIN_CONTRAST, otsu(dh))
    if sum(dh[threshold + 1 :]) > _MAX_INK * total:
        return None, paper
    return depth.point([255 if v > threshold else 0 for v in range(256)]), paper


def _spread(img: Image.Image, reach: int) -> Image.Image:
    """Grey dilation: the lightest value within ``reach`` pixels (a square), from shifted
    copies (PIL's rank filters are ten times slower)."""
    done = 0
    while done < reach:
        step = min(done + 1, reach - done)
        img = ImageChops.lighter(img, ImageChops.offset(img, step, 0))
        img = ImageChops.lighter(img, ImageChops.offset(img, -step, 0))
        img = ImageChops.lighter(img, ImageChops.offset(img, 0, step))
        img = ImageChops.lighter(img, ImageChops.offset(img, 0, -step))
        done += step
    return img


def _candidates(ink: Image.Image, near: int, spread: int) -> Image.Image:
    """Ink with no ink ``near`` to ``near + 3`` rows above or below it, within ``spread``
    columns either side."""
    wide, done = ink, 0
    while done < spread:
        step = min(done + 1, spread - done)
        wide = ImageChops.lighter(wide, ImageChops.offset(wide, step, 0))
        wide = ImageChops.lighter(wide, ImageChops.offset(wide, -step, 0))
        done += step
    two = ImageChops.lighter(wide, ImageChops.offset(wide, 0, -1))  # rows y, y+1
    four = ImageChops.lighter(two, ImageChops.offset(two, 0, -2))  # rows y .. y+3
    below = ImageChops.offset(four, 0, -near)  # rows y+near .. y+near+3
    above = ImageChops.offset(four, 0, near + 3)  # rows y-near-3 .. y-near
    return ImageChops.subtract(ink, ImageChops.lighter(above, below))


def _rows_with_ink(mask: Image.Image) -> list[int]:
    """Rows of a 0/255 mask holding any ink (reductions that keep any ink non-zero)."""
    col = mask
    while col.width > 1:
        step = min(col.width, 16)
        col = col.reduce((step, 1)).point([0] + [255] * 255)
    return [y for y, v in enumerate(col.tobytes()) if v]


def _blobs(ink: Image.Image, cand: Image.Image, max_size: int) -> list[_Blob]:
    """Candidate runs joined into blobs; those small and alone in their rows."""
    width = cand.width
    data, full = cand.tobytes(), ink.tobytes()
    blobs: list[_Blob] = []
    prev: list[tuple[int, int, _Blob]] = []
    prev_y = -2
    for y in _rows_with_ink(cand):
        start = y * width
        if prev and prev_y != y - 1:
            prev = []
        prev_y = y
        cur: list[tuple[int, int, _Blob]] = []
        k = 0
        for m in _RUN.finditer(data, start, start + width):
            x0, x1 = m.start() - start, m.end() - start
            alone = (x0 == 0 or not full[start + x0 - 1]) and (x1 == width or not full[start + x1])
            while k < len(prev) and prev[k][1] < x0:  # prev run ends left of this one
                k += 1
            owner: _Blob | None = None
            j = k
            while j < len(prev) and prev[j][0] <= x1:  # 8-connected overlap
                if owner is None:
                    owner = prev[j][2]
                elif prev[j][2] is not owner:
                    owner.bad = prev[j][2].bad = True
                j += 1
            if owner is None:
                owner = _Blob(x0, x1, y, y + 1)
                blobs.append(owner)
            else:
                owner.x0, owner.x1 = min(owner.x0, x0), max(owner.x1, x1)
                owner.y1 = y + 1
            if not alone or x1 - x0 > max_size:
                owner.bad = True
            cur.append((x0, x1, owner))
        prev = cur
    return [b for b in blobs if not b.bad and b.x1 - b.x0 <= max_size and b.y1 - b.y0 <= max_size]


def _chains(ink: Image.Image, dots: list[_Blob], scale: float) -> list[Leader]:
    """Dots chained into evenly spaced leaders with empty bands above and below."""
    min_step, max_step = max(3.0, 3 * scale), 17.5 * scale
    rows: dict[int, list[_Blob]] = {}
    for d in sorted(dots, key=lambda d: d.cx):
        rows.setdefault(int(d.cy) // 4, []).append(d)
    keys = {k: [d.cx for d in v] for k, v in rows.items()}
    width = ink.width
    data = ink.tobytes()
    nxt: dict[int, tuple[float, _Blob]] = {}
    best_in: dict[int, float] = {}
    for d in dots:
        best: tuple[float, _Blob] | None = None
        band = int(d.cy) // 4
        for k in (band - 1, band, band + 1):
            row = rows.get(k)
            if not row:
                continue
            i = bisect.bisect_right(keys[k], d.cx + min_step - 1e-9)
            while i < len(row) and row[i].cx <= d.cx + max_step:
                e = row[i]
                i += 1
                dx = e.cx - d.cx
                if abs(e.cy - d.cy) > 1 + 0.1 * dx:
                    continue
                if abs((e.x1 - e.x0) - (d.x1 - d.x0)) > max(1, 0.5 * (d.x1 - d.x0)):
                    continue
                if best is None or dx < best[0]:
                    best = (dx, e)
        if best is None:
            continue
        dx, e = best
        y = round((d.cy + e.cy) / 2 - 0.5)
        if data.find(b"\xff", y * width + d.x1, y * width + e.x0) >= 0:
            continue  # ink between the two: not a leader step
        if best_in.get(id(e), 1e9) <= dx:
            continue
        best_in[id(e)] = dx
        nxt[id(d)] = (dx, e)
    # a dot keeps only the link of its nearest predecessor
    links = {k: e for k, (dx, e) in nxt.items() if best_in.get(id(e)) == dx}
    targets = {id(e) for e in links.values()}
    leaders: list[Leader] = []
    for d in dots:
        if id(d) in targets or id(d) not in links:
            continue
        chain = [d]
        while id(chain[-1]) in links:
            chain.append(links[id(chain[-1])])
        for run in _even_runs(chain):
            if len(run) >= _MIN_DOTS and _gaps_empty(ink, run, scale):
                steps = sorted(b.cx - a.cx for a, b in pairwise(run))
                leaders.append(Leader(tuple(_dot_box(ink, b) for b in run), steps[len(steps) // 2]))
    return leaders


def _even_runs(chain: list[_Blob]) -> list[list[_Blob]]:
    """The chain cut where a step differs from the median step by more than a quarter."""
    if len(chain) < _MIN_DOTS:
        return []
    steps = [b.cx - a.cx for a, b in pairwise(chain)]
    med = sorted(steps)[len(steps) // 2]
    tol = max(1.5, _STEP_TOLERANCE * med)
    runs: list[list[_Blob]] = [[chain[0]]]
    for step, b in zip(steps, chain[1:], strict=True):
        if abs(step - med) <= tol:
            runs[-1].append(b)
        else:
            runs.append([b])
    return runs


def _gaps_empty(ink: Image.Image, run: list[_Blob], scale: float) -> bool:
    """Paper between neighbouring dots, and in the bands a letter high above and below the
    run (a row away from the dots' middle rows): empty on one side, nearly so on the other
    (the next line may come close)."""
    band = max(3, round(7 * scale))
    above = middle = below = area = 0
    for a, b in pairwise(run):
        top, bottom = min(a.y0, b.y0), max(a.y1, b.y1)
        if b.x0 > a.x1:
            middle += ink.crop((a.x1, top, b.x0, bottom)).histogram()[255]
        above += ink.crop((a.x0, top - 1 - band, b.x0, top - 1)).histogram()[255]
        below += ink.crop((a.x0, bottom + 1, b.x0, bottom + 1 + band)).histogram()[255]
        area += (b.x0 - a.x0) * band
    low, high = sorted((above, below))
    return (
        area > 0
        and middle <= _EMPTY * area
        and low <= _EMPTY * area
        and high <= _NEARLY_EMPTY * area
    )


def _dot_box(ink: Image.Image, d: _Blob) -> tuple[int, int, int, int]:
    """The whole dot: its candidate rows grown to the ink around them."""
    reach = max(2, d.y1 - d.y0)
    box = (d.x0 - 1, d.y0 - reach, d.x1 + 1, d.y1 + reach)
    got = ink.crop(box).getbbox()
    if got is None:
        return d.x0, d.y0, d.x1, d.y1
    return box[0] + got[0], box[1] + got[1], box[0] + got[2], box[1] + got[3]


def _extrema(gray: Image.Image) -> tuple[int, int]:
    lo, hi = gray.getextrema()
    return int(lo), int(hi)  # type: ignore[arg-type]


def confirm(gray: Image.Image, found: Found, factor: float, dpi: float) -> list[list[Box]]:
    """The dots of each leader that still look like dots at full resolution: a compact
    blob (at most 1 mm, at most twice as long as wide, filling at least 45% of its box)
    alone in its box grown by a searched pixel, about as big as the leader's other dots;
    as boxes (x0, y0, x1, y1, exclusive) of full-resolution pixels. A leader keeps its dots
    when most of them pass: at about 100 dpi the letters of small print are dot-sized too,
    at 300 dpi they are not."""
    margin = max(2, math.ceil(factor))
    max_side = dpi / 25.4
    luts: dict[int, list[int]] = {}
    out: list[list[Box]] = []
    for lead in found.leaders:
        boxes: list[tuple[Box, int]] = []
        for x0, y0, x1, y1 in lead.dots:
            if found.transposed:
                x0, y0, x1, y1 = y0, x0, y1, x1
            left, top = math.floor(x0 * factor) - margin, math.floor(y0 * factor) - margin
            crop = gray.crop(
                (left, top, math.ceil(x1 * factor) + margin, math.ceil(y1 * factor) + margin)
            )
            lo, hi = _extrema(crop)
            if hi - lo < _MIN_CONTRAST:
                continue
            t = (lo + hi) // 2
            lut = luts.setdefault(t, [255 if v < t else 0 for v in range(256)])
            mask = crop.point(lut)
            bb = mask.getbbox()
            if (
                bb is None
                or bb[0] == 0
                or bb[1] == 0
                or bb[2] == crop.width
                or bb[3] == crop.height
            ):
                continue  # cut off by the box: part of something bigger
            w, h = bb[2] - bb[0], bb[3] - bb[1]
            if max(w, h) > max_side or max(w, h) > 2 * min(w, h):
                continue
            if mask.histogram()[255] < _MIN_FILL * w * h:
                continue
            boxes.append(((left + bb[0], top + bb[1], left + bb[2], top + bb[3]), max(w, h)))
        if not boxes:
            continue
        sizes = sorted(size for _, size in boxes)
        med = sizes[len(sizes) // 2]
        kept = [box for box, size in boxes if med / 2 <= size <= med * 2]
        if len(kept) >= max(_MIN_DOTS, _MIN_CONFIRMED * len(lead.dots)):
            out.append(kept)
    return out


def paint_over(gray: Image.Image, leaders: list[list[Box]], grow: int) -> Image.Image:
    """A copy of the page with every dot box (grown by ``grow`` pixels for the blur)
    painted over with the median grey of a ring two pixels wide around it."""
    out = gray.copy()
    draw = ImageDraw.Draw(out)
    for boxes in leaders:
        for x0, y0, x1, y1 in boxes:
            inner = (x0 - grow, y0 - grow, x1 + grow, y1 + grow)
            outer = (inner[0] - 2, inner[1] - 2, inner[2] + 2, inner[3] + 2)
            ring = [
                a - b
                for a, b in zip(
                    gray.crop(outer).histogram(), gray.crop(inner).histogram(), strict=True
                )
            ]
            draw.rectangle((inner[0], inner[1], inner[2] - 1, inner[3] - 1), fill=_median(ring))
    return out


def _median(hist: list[int]) -> int:
    return percentile(hist, 0.5)


def remove_leaders(
    gray: Image.Image, dpi: int, small: Image.Image | None = None, *, vertical: bool = False
) -> tuple[Image.Image, str]:
    """(the page without its dotted leaders, a note; "" when none were found).

    ``small``: the page at about 100 dpi when there is one already. ``vertical``: the text
    lines look vertical; they are searched across first, then along (the guess may be
    wrong)."""
    if small is None:
        factor = max(1, round(dpi / _ANALYSIS_DPI))
        small = gray.reduce(factor) if factor > 1 else gray
    scale = gray.width / small.width
    small_dpi = dpi / scale
    found = find_leaders(small, small_dpi, transposed=vertical)
    if not found.leaders and vertical:
        found = find_leaders(small, small_dpi, transposed=False)
    leaders = confirm(gray, found, scale, dpi) if found.leaders else []
    if not leaders:
        return gray, ""
    dots = sum(len(b) for b in leaders)
    grow = max(1, round(dpi / 150))
    return paint_over(gray, leaders, grow), (
        f"dotted leaders removed: {len(leaders)} line(s), {dots} dots"
    )
