"""Bright regions of a mask and the quadrilateral each one fills (:mod:`hoso.ocr.cards`,
steps 2 and 4): regions labelled from row runs (union-find), their holes filled, the
extreme points of a region, and the sides refitted to its edge."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image

Point = tuple[float, float]


def _dist(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


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


def _region_mask(reg: _Region, i: int, rows: list[list[tuple[int, int, int]]]) -> Image.Image:
    """Region ``i`` alone, holes filled, in its bounding box (+1 pixel frame)."""
    bw, bh = reg.x1 - reg.x0 + 1, reg.y1 - reg.y0 + 1
    box = bytearray(b"\x00" * ((bw + 2) * (bh + 2)))
    for y in range(reg.y0, reg.y1 + 1):
        for s, e, r in rows[y]:
            if r != i:
                continue
            yy = y - reg.y0 + 1
            box[yy * (bw + 2) + s - reg.x0 + 1 : yy * (bw + 2) + e - reg.x0 + 1] = b"\xff" * (e - s)
    return _fill_holes(Image.frombytes("L", (bw + 2, bh + 2), bytes(box)))


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


_SAMPLES = 24  # points sampled along each side of a quadrilateral


def _refine(
    region: Image.Image, quad: tuple[Point, Point, Point, Point]
) -> tuple[Point, Point, Point, Point]:
    """Fit each side to the region's edge (middle 60% of the side) and intersect."""
    tl, tr, br, bl = quad
    top, right, bottom, left = _edge_points(region, quad)
    lines = [_fit_line(top), _fit_line(right), _fit_line(bottom), _fit_line(left)]
    if any(ln is None for ln in lines):
        return quad
    t, r_, b_, l_ = lines
    assert t and r_ and b_ and l_
    out = (_meet(t, l_), _meet(t, r_), _meet(b_, r_), _meet(b_, l_))
    if any(p is None for p in out):
        return quad
    fitted = (out[0], out[1], out[2], out[3])
    assert fitted[0] and fitted[1] and fitted[2] and fitted[3]
    # the fitted corners must stay near the extreme points (a bad fit is ignored)
    limit = 0.08 * max(_dist(tl, br), _dist(tr, bl))
    if any(_dist(p, q) > limit for p, q in zip(fitted, quad, strict=True)):  # type: ignore[arg-type]
        return quad
    return (fitted[0], fitted[1], fitted[2], fitted[3])


def _edge_points(
    region: Image.Image, quad: tuple[Point, Point, Point, Point]
) -> tuple[list[Point], list[Point], list[Point], list[Point]]:
    """Points of the region's edge along the middle 60% of each side of ``quad`` (top,
    right, bottom, left); left and right ones as (y, x)."""
    w, h = region.size
    tl, tr, br, bl = quad

    def column(x: int) -> bytes:
        return region.crop((x, 0, x + 1, h)).tobytes()

    def row(y: int) -> bytes:
        return region.crop((0, y, w, y + 1)).tobytes()

    top: list[Point] = []
    bottom: list[Point] = []
    for x in _samples(tl[0], tr[0], w):
        c = column(x)
        y = c.find(b"\xff")
        if y >= 0:
            top.append((x, y - 0.5))
    for x in _samples(bl[0], br[0], w):
        c = column(x)
        y = c.rfind(b"\xff")
        if y >= 0:
            bottom.append((x, y + 0.5))
    left: list[Point] = []
    right: list[Point] = []
    for y in _samples(tl[1], bl[1], h):
        r = row(y)
        x = r.find(b"\xff")
        if x >= 0:
            left.append((y, x - 0.5))
    for y in _samples(tr[1], br[1], h):
        r = row(y)
        x = r.rfind(b"\xff")
        if x >= 0:
            right.append((y, x + 0.5))
    return top, right, bottom, left


def _samples(a: float, b: float, size: int) -> list[int]:
    """The positions sampled over the middle 60% from ``a`` to ``b`` (within ``size``)."""
    lo, hi = a + 0.2 * (b - a), a + 0.8 * (b - a)
    return sorted(
        {min(size - 1, max(0, round(lo + (hi - lo) * i / _SAMPLES))) for i in range(_SAMPLES + 1)}
    )


def _meet(hor: tuple[float, float], ver: tuple[float, float]) -> Point | None:
    """Where a near-horizontal side meets a near-vertical one (None if they do not)."""
    # y = a1 x + b1 ; x = a2 y + b2
    a1, b1 = hor
    a2, b2 = ver
    d = 1 - a1 * a2
    if abs(d) < 1e-6:
        return None
    y = (a1 * b2 + b1) / d
    return a2 * y + b2, y


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
