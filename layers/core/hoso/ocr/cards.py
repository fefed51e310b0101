"""Papers lying on a background (phone photos of ID cards): find them and cut them out.

PIL only (no numpy). A card photographed on a table is a bright, roughly uniform, rounded
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

from PIL import Image, ImageFilter, ImageStat

_SIDE = 400  # analysis copy: about this many pixels on the long side
_MIN_AREA = 0.03  # a paper covers at least this share of the photo...
_MAX_AREA = 0.85  # ...and leaves some background
_MIN_CONTRAST = 35.0  # grey levels between paper and background
_MIN_FILL = 0.88  # region area / quadrilateral area
_MAX_CORNER_DEVIATION = 16.0  # degrees away from a right angle

Point = tuple[float, float]


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


def _dist(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


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


def _runs(row: bytes) -> list[tuple[int, int]]:
    """[start, end) of the runs of 255 in a row of 0/255 bytes."""
    out: list[tuple[int, int]] = []
    x, n = 0, len(row)
    while x < n:
        s = row.find(b"\xff", x)
        if s < 0:
            break
        e = row.find(b"\x00", s)
        if e < 0:
            e = n
        out.append((s, e))
        x = e
    return out


@dataclass
class _Region:
    area: int = 0
    x0: int = 1 << 30
    y0: int = 1 << 30
    x1: int = -1
    y1: int = -1
    touches_border: bool = False


def _label(mask: Image.Image) -> tuple[list[list[tuple[int, int, int]]], list[_Region]]:
    """Connected regions (4-connectivity) of a 0/255 mask: per row the runs as
    (start, end, region), and each region's area and bounding box."""
    w, h = mask.size
    data = mask.tobytes()
    parent: list[int] = []

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    rows: list[list[tuple[int, int, int]]] = []
    prev: list[tuple[int, int, int]] = []
    for y in range(h):
        cur: list[tuple[int, int, int]] = []
        j = 0
        for s, e in _runs(data[y * w : (y + 1) * w]):
            label = -1
            while j < len(prev) and prev[j][1] <= s:
                j += 1
            k = j
            while k < len(prev) and prev[k][0] < e:
                other = find(prev[k][2])
                if label < 0:
                    label = other
                elif other != label:
                    parent[other] = label
                k += 1
            if label < 0:
                label = len(parent)
                parent.append(label)
            cur.append((s, e, label))
        rows.append(cur)
        prev = cur
    regions: dict[int, _Region] = {}
    out_rows: list[list[tuple[int, int, int]]] = []
    for y, cur in enumerate(rows):
        fixed = []
        for s, e, label in cur:
            root = find(label)
            r = regions.setdefault(root, _Region())
            r.area += e - s
            r.x0, r.x1 = min(r.x0, s), max(r.x1, e - 1)
            r.y0, r.y1 = min(r.y0, y), max(r.y1, y)
            if s == 0 or e == w or y == 0 or y == h - 1:
                r.touches_border = True
            fixed.append((s, e, root))
        out_rows.append(fixed)
    ids = {root: i for i, root in enumerate(regions)}
    return (
        [[(s, e, ids[r]) for s, e, r in row] for row in out_rows],
        list(regions.values()),
    )


def _fill_holes(mask: Image.Image) -> Image.Image:
    """The mask with every dark region that does not touch the border turned bright."""
    inverse = mask.point(lambda v: 0 if v else 255)
    rows, regions = _label(inverse)
    holes = {i for i, r in enumerate(regions) if not r.touches_border}
    if not holes:
        return mask
    out = bytearray(mask.tobytes())
    w = mask.width
    for y, row in enumerate(rows):
        for s, e, r in row:
            if r in holes:
                out[y * w + s : y * w + e] = b"\xff" * (e - s)
    return Image.frombytes("L", mask.size, bytes(out))


def _quad_area(q: tuple[Point, Point, Point, Point]) -> float:
    s = 0.0
    for i in range(4):
        (x0, y0), (x1, y1) = q[i], q[(i + 1) % 4]
        s += x0 * y1 - x1 * y0
    return abs(s) / 2


def _corner_angles(q: tuple[Point, Point, Point, Point]) -> list[float]:
    out = []
    for i in range(4):
        p, a, b = q[i], q[i - 1], q[(i + 1) % 4]
        v1, v2 = (a[0] - p[0], a[1] - p[1]), (b[0] - p[0], b[1] - p[1])
        n = math.hypot(*v1) * math.hypot(*v2)
        if n == 0:
            return [0.0] * 4
        cos = max(-1.0, min(1.0, (v1[0] * v2[0] + v1[1] * v2[1]) / n))
        out.append(math.degrees(math.acos(cos)))
    return out


def _fit_line(points: list[Point]) -> tuple[float, float] | None:
    """Least-squares v = a*u + b over (u, v) points, refitted without outliers."""
    pts = points
    for _ in range(2):
        if len(pts) < 4:
            return None
        n = len(pts)
        mu = sum(p[0] for p in pts) / n
        mv = sum(p[1] for p in pts) / n
        suu = sum((p[0] - mu) ** 2 for p in pts)
        if suu == 0:
            return None
        a = sum((p[0] - mu) * (p[1] - mv) for p in pts) / suu
        b = mv - a * mu
        res = sorted(abs(p[1] - (a * p[0] + b)) for p in pts)
        limit = max(1.5, 3 * res[len(res) // 2])
        pts = [p for p in pts if abs(p[1] - (a * p[0] + b)) <= limit]
    return a, b


def _refine(
    region: Image.Image, quad: tuple[Point, Point, Point, Point]
) -> tuple[Point, Point, Point, Point]:
    """Fit each side to the region's edge (middle 60% of the side) and intersect."""
    w, h = region.size
    tl, tr, br, bl = quad
    samples = 24

    def column(x: int) -> bytes:
        return region.crop((x, 0, x + 1, h)).tobytes()

    def row(y: int) -> bytes:
        return region.crop((0, y, w, y + 1)).tobytes()

    def xs(a: Point, b: Point) -> list[int]:
        lo, hi = a[0] + 0.2 * (b[0] - a[0]), a[0] + 0.8 * (b[0] - a[0])
        return sorted(
            {min(w - 1, max(0, round(lo + (hi - lo) * i / samples))) for i in range(samples + 1)}
        )

    def ys(a: Point, b: Point) -> list[int]:
        lo, hi = a[1] + 0.2 * (b[1] - a[1]), a[1] + 0.8 * (b[1] - a[1])
        return sorted(
            {min(h - 1, max(0, round(lo + (hi - lo) * i / samples))) for i in range(samples + 1)}
        )

    top: list[Point] = []
    bottom: list[Point] = []
    for x in xs(tl, tr):
        c = column(x)
        y = c.find(b"\xff")
        if y >= 0:
            top.append((x, y - 0.5))
    for x in xs(bl, br):
        c = column(x)
        y = c.rfind(b"\xff")
        if y >= 0:
            bottom.append((x, y + 0.5))
    left: list[Point] = []
    right: list[Point] = []
    for y in ys(tl, bl):
        r = row(y)
        x = r.find(b"\xff")
        if x >= 0:
            left.append((y, x - 0.5))
    for y in ys(tr, br):
        r = row(y)
        x = r.rfind(b"\xff")
        if x >= 0:
            right.append((y, x + 0.5))
    lines = [_fit_line(top), _fit_line(right), _fit_line(bottom), _fit_line(left)]
    if any(ln is None for ln in lines):
        return quad
    t, r_, b_, l_ = lines
    assert t and r_ and b_ and l_

    def meet(hor: tuple[float, float], ver: tuple[float, float]) -> Point | None:
        # y = a1 x + b1 ; x = a2 y + b2
        a1, b1 = hor
        a2, b2 = ver
        d = 1 - a1 * a2
        if abs(d) < 1e-6:
            return None
        y = (a1 * b2 + b1) / d
        return a2 * y + b2, y

    out = (meet(t, l_), meet(t, r_), meet(b_, r_), meet(b_, l_))
    if any(p is None for p in out):
        return quad
    fitted = (out[0], out[1], out[2], out[3])
    assert fitted[0] and fitted[1] and fitted[2] and fitted[3]
    # the fitted corners must stay near the extreme points (a bad fit is ignored)
    limit = 0.08 * max(_dist(tl, br), _dist(tr, bl))
    if any(_dist(p, q) > limit for p, q in zip(fitted, quad, strict=True)):  # type: ignore[arg-type]
        return quad
    return (fitted[0], fitted[1], fitted[2], fitted[3])


def find_papers(gray: Image.Image, scale: float = 1.0, max_papers: int = 4) -> list[Paper]:
    """Papers (cards, sheets) lying on a darker background; [] when the image is not a
    photo of papers on a background (e.g. an ordinary scan). ``gray`` may be a reduced
    copy of the page: corners are returned in its pixels times ``scale``."""
    factor = max(1, round(max(gray.size) / _SIDE))
    small = gray.reduce(factor) if factor > 1 else gray
    if min(small.size) < 32 or not _background_around(small):
        return []
    factor_out = factor * scale
    closed = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.MinFilter(5))
    t, separation = _otsu(closed.histogram())
    if separation < 0.5:
        return []
    mask = closed.point(lambda v: 255 if v > t else 0)
    # cut thin bright bridges (a highlight on the table touching the card)
    mask = mask.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.MaxFilter(3))
    rows, regions = _label(mask)
    w, h = small.size
    total = w * h
    papers: list[tuple[float, Paper]] = []
    background = ImageStat.Stat(closed, mask.point(lambda v: 0 if v else 255)).mean[0]
    for i, reg in enumerate(regions):
        if not _MIN_AREA * total <= reg.area <= _MAX_AREA * total:
            continue
        bw, bh = reg.x1 - reg.x0 + 1, reg.y1 - reg.y0 + 1
        sides_free = sum(
            (reg.x0 > 1, reg.y0 > 1, reg.x1 < w - 2, reg.y1 < h - 2)
        )  # background on this side
        if sides_free < 3:
            continue
        # this region alone, holes filled, in its bounding box (+1 pixel frame)
        box = bytearray(b"\x00" * ((bw + 2) * (bh + 2)))
        for y in range(reg.y0, reg.y1 + 1):
            for s, e, r in rows[y]:
                if r != i:
                    continue
                yy = y - reg.y0 + 1
                box[yy * (bw + 2) + s - reg.x0 + 1 : yy * (bw + 2) + e - reg.x0 + 1] = b"\xff" * (
                    e - s
                )
        region = _fill_holes(Image.frombytes("L", (bw + 2, bh + 2), bytes(box)))
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


def _extremes(region: Image.Image) -> tuple[Point, Point, Point, Point]:
    """Corners of a roughly axis-aligned bright region: the points extreme in x+y and x-y
    (top-left, top-right, bottom-right, bottom-left)."""
    w = region.width
    data = region.tobytes()
    tl = tr = br = bl = (0.0, 0.0)
    s_min = d_min = float("inf")
    s_max = d_max = float("-inf")
    for y in range(region.height):
        for s, e in _runs(data[y * w : (y + 1) * w]):
            for x in (s, e - 1):
                if x + y < s_min:
                    s_min, tl = x + y, (float(x), float(y))
                if x + y > s_max:
                    s_max, br = x + y, (float(x), float(y))
                if x - y > d_max:
                    d_max, tr = x - y, (float(x), float(y))
                if x - y < d_min:
                    d_min, bl = x - y, (float(x), float(y))
    return tl, tr, br, bl


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
    corrected), on a white frame of ``margin`` times its shorter side."""
    width, height = paper.size
    m = round(margin * min(width, height))
    w, h = round(width), round(height)
    dst = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
    coeffs = perspective_coefficients(list(paper.corners), dst)
    warped = gray.transform(
        (w, h),
        Image.Transform.PERSPECTIVE,
        coeffs,
        resample=Image.Resampling.BICUBIC,
        fillcolor=255,
    )
    frame = Image.new("L", (w + 2 * m, h + 2 * m), 255)
    frame.paste(warped, (m, m))
    return frame
