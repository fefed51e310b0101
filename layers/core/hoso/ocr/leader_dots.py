"""The search for dotted leaders on a page's ~100 dpi analysis copy (:mod:`hoso.ocr.leaders`,
steps 1-3): ink, dot candidates, blobs, and chains of evenly spaced dots."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import pairwise

from PIL import Image, ImageChops

from hoso.ocr.image import otsu, percentile

_ANALYSIS_DPI = 100  # resolution of the search
_RUN = re.compile(rb"\xff+")
_MIN_DOTS = 5  # dots in a leader (an ellipsis is left alone)
_CLEAN_INK = 0.12  # share of ink under one threshold above which the page looks shaded
_MAX_INK = 0.25  # share of ink above which the page is a photo or a dark background
_MIN_CONTRAST = 30  # grey levels below the local paper that are ink at least
_EMPTY = 0.03  # share of ink in the gaps between leader dots and on their clear side
_NEARLY_EMPTY = 0.15  # ... and on their other side
_STEP_TOLERANCE = 0.25  # share of the median step a step may differ by


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
    links = _links(ink, dots, scale)
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


def _links(ink: Image.Image, dots: list[_Blob], scale: float) -> dict[int, _Blob]:
    """Each dot's link (by ``id``) to the next dot of its chain: the nearest one a step
    away on the same line, about as wide, with paper in between."""
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
        best = _nearest(d, rows, keys, min_step, max_step)
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
    return {k: e for k, (dx, e) in nxt.items() if best_in.get(id(e)) == dx}


def _nearest(
    d: _Blob,
    rows: dict[int, list[_Blob]],
    keys: dict[int, list[float]],
    min_step: float,
    max_step: float,
) -> tuple[float, _Blob] | None:
    """(step, dot): the nearest dot at least ``min_step`` and at most ``max_step`` to the
    right of ``d``, on its line (allowing for skew) and about as wide."""
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
    return best


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
