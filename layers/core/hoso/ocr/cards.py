"""Papers lying on a background (phone photos of ID cards): find them and cut them out.

PIL (numpy for morphology, :mod:`hoso.ocr.morph`). A card photographed on a table is a bright, roughly uniform, rounded
rectangle on a darker, textured background, tilted by a few degrees and slightly in
perspective. :func:`find_papers` works on a copy of about 400 pixels a side (a few tens of
ms):

1. a closing of the bright areas (max filter, then min filter) erases the card's text and
   patterns, an Otsu threshold splits bright paper from background;
2. connected bright regions are labelled from row runs (union-find), their holes (photo
   box, QR code) filled;
3. a region is a paper when it is large, nearly fills the quadrilateral of its extreme
   points, has four near-right angles and background on at least three sides;
4. each side of the quadrilateral is then refitted to the region's edge (rounded corners
   cut the extreme points short) and the corners are the fitted lines' intersections.

:func:`rectify` maps the quadrilateral onto an upright rectangle (a true perspective
transform, so a small rotation and mild perspective are corrected in one resampling), with
a small white margin. Whole pages scanned on white (A4 scans, photocopies) never qualify:
there is no background around them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageStat

from hoso.ocr.morph import max_filter, min_filter
from hoso.ocr.regions import (
    Point,
    _corner_angles,
    _dist,
    _extremes,
    _label,
    _quad_area,
    _refine,
    _region_mask,
)

_SIDE = 400  # analysis copy: about this many pixels on the long side
_MIN_AREA = 0.03  # a paper covers at least this share of the photo...
_MAX_AREA = 0.85  # ...and leaves some background
_MIN_CONTRAST = 35.0  # grey levels between paper and background
_MIN_FILL = 0.88  # region area / quadrilateral area
_MAX_CORNER_DEVIATION = 16.0  # degrees away from a right angle
_BICUBIC_PIXELS = 3_000_000  # larger cut-outs (pages photographed on a table): bilinear


@dataclass(frozen=True)
class Paper:
    """A paper found on a background: its corners in page pixels, clockwise from the
    top-left as seen in the image (top-left, top-right, bottom-right, bottom-left)."""

    corners: tuple[Point, Point, Point, Point]

    @property
    def centre(self) -> Point:
        return (
            sum(p[0] for p in self.corners) / 4,
            sum(p[1] for p in self.corners) / 4,
        )

    @property
    def size(self) -> tuple[float, float]:
        """(width, height): mean lengths of the top/bottom and left/right sides."""
        tl, tr, br, bl = self.corners
        return (_dist(tl, tr) + _dist(bl, br)) / 2, (_dist(tl, bl) + _dist(tr, br)) / 2

    @property
    def tilt(self) -> float:
        """Angle of the top side in degrees (clockwise positive, image coordinates)."""
        tl, tr, _, _ = self.corners
        return math.degrees(math.atan2(tr[1] - tl[1], tr[0] - tl[0]))


def _percentile(hist: list[int], q: float) -> int:
    target = q * sum(hist)
    seen = 0
    for level, count in enumerate(hist):
        seen += count
        if seen >= target:
            return level
    return 255


def _background_around(small: Image.Image) -> bool:
    """Could a paper lie on a background here? Not when two or more of the image's edge
    strips are as bright as its paper (an ordinary scan is paper to the edges): a cheap
    test (about 1 ms) sparing ordinary pages the rank filters and labelling."""
    w, h = small.size
    paper = _percentile(small.histogram(), 0.95)
    d = max(2, min(w, h) // 40)
    strips = [(0, 0, w, d), (0, h - d, w, h), (0, 0, d, h), (w - d, 0, w, h)]
    bright = sum(ImageStat.Stat(small.crop(box)).median[0] >= paper - 40 for box in strips)
    return bright < 2


def _otsu(hist: list[int]) -> tuple[int, float]:
    """(threshold, between-class variance share of the total variance)."""
    total = sum(hist)
    if not total:
        return 128, 0.0
    s_all = sum(i * h for i, h in enumerate(hist))
    mean = s_all / total
    var_total = sum(h * (i - mean) ** 2 for i, h in enumerate(hist)) / total
    best_t, best = 128, -1.0
    w0 = 0
    s0 = 0.0
    for t in range(256):
        w0 += hist[t]
        s0 += t * hist[t]
        w1 = total - w0
        if w0 == 0 or w1 == 0:
            continue
        m0, m1 = s0 / w0, (s_all - s0) / w1
        between = w0 * w1 * (m0 - m1) ** 2 / total**2
        if between > best:
            best_t, best = t, between
    return best_t, (best / var_total if var_total > 0 else 0.0)


def find_papers(gray: Image.Image, scale: float = 1.0, max_papers: int = 4) -> list[Paper]:
    """Papers (cards, sheets) lying on a darker background; [] when the image is not a
    photo of papers on a background (e.g. an ordinary scan). ``gray`` may be a reduced
    copy of the page: corners are returned in its pixels times ``scale``."""
    factor = max(1, round(max(gray.size) / _SIDE))
    small = gray.reduce(factor) if factor > 1 else gray
    if min(small.size) < 32 or not _background_around(small):
        return []
    factor_out = factor * scale
    closed = min_filter(max_filter(small, 5), 5)
    t, separation = _otsu(closed.histogram())
    if separation < 0.5:
        return []
    mask = closed.point(lambda v: 255 if v > t else 0)
    # cut thin bright bridges (a highlight on the table touching the card)
    mask = max_filter(min_filter(mask, 3), 3)
    rows, regions = _label(mask)
    w, h = small.size
    total = w * h
    papers: list[tuple[float, Paper]] = []
    background = ImageStat.Stat(closed, mask.point(lambda v: 0 if v else 255)).mean[0]
    for i, reg in enumerate(regions):
        if not _MIN_AREA * total <= reg.area <= _MAX_AREA * total:
            continue
        sides_free = sum(
            (reg.x0 > 1, reg.y0 > 1, reg.x1 < w - 2, reg.y1 < h - 2)
        )  # background on this side
        if sides_free < 3:
            continue
        region = _region_mask(reg, i, rows)
        filled = region.histogram()[255]
        quad = _extremes(region)
        area = _quad_area(quad)
        if area <= 0 or not _MIN_FILL <= filled / area <= 1.12:
            continue
        quad = _refine(region, quad)
        if any(abs(a - 90) > _MAX_CORNER_DEVIATION for a in _corner_angles(quad)):
            continue
        inside = ImageStat.Stat(closed.crop((reg.x0, reg.y0, reg.x1 + 1, reg.y1 + 1))).median[0]
        if inside - background < _MIN_CONTRAST:
            continue
        # back to page pixels: region box coordinates -> small -> page
        page_quad = tuple(
            (
                (x - 1 + reg.x0 + 0.5) * factor_out,
                (y - 1 + reg.y0 + 0.5) * factor_out,
            )
            for x, y in quad
        )
        papers.append((filled, Paper(page_quad)))  # type: ignore[arg-type]
    papers.sort(key=lambda p: -p[0])
    return [p for _, p in papers[:max_papers]]


def perspective_coefficients(src: list[Point], dst: list[Point]) -> tuple[float, ...]:
    """PIL ``PERSPECTIVE`` coefficients mapping output points ``dst`` to input points
    ``src`` (four pairs; Gaussian elimination of the 8x8 system)."""
    m: list[list[float]] = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        m.append([x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u])
        m.append([0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v])
    n = 8
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            raise ValueError("degenerate quadrilateral")
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                m[r] = [a - f * b for a, b in zip(m[r], m[c], strict=True)]
    return tuple(m[i][n] / m[i][i] for i in range(n))


def rectify(gray: Image.Image, paper: Paper, margin: float = 0.03) -> Image.Image:
    """The paper cut out and mapped onto an upright rectangle (rotation and perspective
    corrected), on a white frame of ``margin`` times its shorter side.

    Cards are resampled bicubic; a whole page cut out of a phone photo (8-9 megapixels)
    bilinear: 0.09 s instead of 0.27 s, its text as large as a 300 dpi scan's (deskewing,
    the same resampling at that size, showed no difference in character errors even with
    nearest neighbour)."""
    width, height = paper.size
    m = round(margin * min(width, height))
    w, h = round(width), round(height)
    dst = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
    coeffs = perspective_coefficients(list(paper.corners), dst)
    warped = gray.transform(
        (w, h),
        Image.Transform.PERSPECTIVE,
        coeffs,
        resample=(
            Image.Resampling.BICUBIC if w * h <= _BICUBIC_PIXELS else Image.Resampling.BILINEAR
        ),
        fillcolor=255,
    )
    frame = Image.new("L", (w + 2 * m, h + 2 * m), 255)
    frame.paste(warped, (m, m))
    return frame
