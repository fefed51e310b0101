"""Small binary crops of a number field (:mod:`hoso.ocr.numbers`, step 2): ink runs,
horizontal rules, connected components, and the comb of printed boxes a number may be
written in (one digit per cell)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from PIL import Image, ImageDraw

# ----------------------------------------------------------------------------- binary crops


_INK = re.compile(rb"[^\x00]+")


class Bitmap:
    """A small binary image as rows of bytes (ink = 255), with run-based operations."""

    def __init__(self, img: Image.Image) -> None:
        self.w, self.h = img.size
        data = img.tobytes()
        self.rows = [bytearray(data[y * self.w : (y + 1) * self.w]) for y in range(self.h)]

    def image(self) -> Image.Image:
        return Image.frombytes("L", (self.w, self.h), b"".join(bytes(r) for r in self.rows))

    def runs(self, y: int, x0: int = 0, x1: int | None = None) -> list[tuple[int, int]]:
        """Ink runs (start, end) of row ``y``, between ``x0`` and ``x1``."""
        end = self.w if x1 is None else x1
        return [(m.start(), m.end()) for m in _INK.finditer(self.rows[y], x0, end)]

    def clear(self, y: int, x0: int, x1: int) -> None:
        self.rows[y][x0:x1] = bytes(x1 - x0)


def binarize(gray: Image.Image, threshold: int) -> Image.Image:
    return gray.point(lambda v: 255 if v < threshold else 0)


def remove_rules(bm: Bitmap, min_len: int) -> list[tuple[int, int, int]]:
    """Clear horizontal ink runs of at least ``min_len`` pixels; returns them (y, x0, x1)."""
    found = []
    for y in range(bm.h):
        for x0, x1 in bm.runs(y):
            if x1 - x0 >= min_len:
                found.append((y, x0, x1))
                bm.clear(y, x0, x1)
    return found


def group_rules(found: list[tuple[int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Runs on neighbouring rows overlapping in x -> lines (y0, y1, x0, x1)."""
    lines: list[list[int]] = []
    for y, x0, x1 in sorted(found):
        for ln in lines:
            if y - ln[1] <= 2 and x0 < ln[3] and x1 > ln[2]:
                ln[1] = y
                ln[2], ln[3] = min(ln[2], x0), max(ln[3], x1)
                break
        else:
            lines.append([y, y, x0, x1])
    return [(a, b, c, d) for a, b, c, d in lines]


@dataclass
class Comp:
    x0: int
    y0: int
    x1: int  # exclusive
    y1: int  # exclusive
    area: int
    runs: list[tuple[int, int, int]]  # y, x0, x1

    @property
    def w(self) -> int:
        return self.x1 - self.x0

    @property
    def h(self) -> int:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def merge(self, other: Comp) -> Comp:
        return Comp(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
            self.area + other.area,
            self.runs + other.runs,
        )


def components(bm: Bitmap, x0: int = 0, x1: int | None = None) -> list[Comp]:
    """8-connected components (between ``x0`` and ``x1``), by union of overlapping runs on
    neighbouring rows."""
    parent: list[int] = []
    all_runs: list[tuple[int, int, int]] = []

    def find(r: int) -> int:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    prev: list[tuple[int, int, int]] = []  # (start, end, run id) on the row above
    for y in range(bm.h):
        cur: list[tuple[int, int, int]] = []
        k = 0
        for a, b in bm.runs(y, x0, x1):
            rid = len(all_runs)
            all_runs.append((y, a, b))
            parent.append(rid)
            while k < len(prev) and prev[k][1] < a:  # ends left of this run (8-connected)
                k += 1
            m = k
            while m < len(prev) and prev[m][0] <= b:
                ra, rb = find(rid), find(prev[m][2])
                if ra != rb:
                    parent[ra] = rb
                m += 1
            cur.append((a, b, rid))
        prev = cur
    groups: dict[int, Comp] = {}
    for rid, (y, a, b) in enumerate(all_runs):
        root = find(rid)
        c = groups.get(root)
        if c is None:
            groups[root] = Comp(a, y, b, y + 1, b - a, [(y, a, b)])
        else:
            c.x0, c.x1 = min(c.x0, a), max(c.x1, b)
            c.y1 = max(c.y1, y + 1)
            c.area += b - a
            c.runs.append((y, a, b))
    return sorted(groups.values(), key=lambda c: c.x0)


def render(comp: Comp) -> Image.Image:
    """The component's ink (255) on black, cropped to its box."""
    img = Image.new("L", (comp.w, comp.h), 0)
    draw = ImageDraw.Draw(img)
    for y, x0, x1 in comp.runs:
        draw.line((x0 - comp.x0, y - comp.y0, x1 - 1 - comp.x0, y - comp.y0), fill=255)
    return img


# ---------------------------------------------------------------------------- combs


_MISSING_WALLS = 2  # walls in a row a comb may have lost (too faint to be found)
_SQUARE = 0.75  # a comb's cells are about as wide as high: narrower, walls are doubtful


@dataclass
class Comb:
    cells: list[tuple[int, int]]  # x0, x1 of each cell, inside the walls
    top: int
    bottom: int


def find_comb(bm: Bitmap, rules: list[tuple[int, int, int, int]]) -> Comb | None:
    """A row of at least 6 similar box cells: two long horizontal rules (already removed
    from ``bm``) with vertical walls between them at a regular spacing. The walls are
    removed from ``bm``."""
    best: Comb | None = None
    for i, top in enumerate(rules):
        for bot in rules[i + 1 :]:
            d = bot[0] - top[1]
            x0, x1 = max(top[2], bot[2]), min(top[3], bot[3])
            if d < 8 or x1 - x0 < 5 * d:
                continue
            comb = _walls(bm, top[1] + 1, bot[0], x0, x1, d)
            if comb is not None and (best is None or len(comb.cells) > len(best.cells)):
                best = comb
    return best


def _walls(bm: Bitmap, y0: int, y1: int, x0: int, x1: int, d: int) -> Comb | None:
    """Columns inked over most of the height between the rules; cells between them (a gap
    two or three cells wide is that many cells: walls too faint to be found)."""
    need = 0.75 * (y1 - y0)
    cols: list[int] = []
    for x in range(max(0, x0 - 2), min(bm.w, x1 + 2)):
        n = 0
        best = 0
        for y in range(y0, y1):
            if bm.rows[y][x]:
                n += 1
                best = max(best, n)
            else:
                n = 0
        if best >= need:
            cols.append(x)
    walls: list[list[int]] = []
    for x in cols:
        if walls and x - walls[-1][1] <= 2:
            walls[-1][1] = x
        else:
            walls.append([x, x])
    if len(walls) < 7:
        return None
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(walls)]
    med = sorted(gaps)[len(gaps) // 2]
    if med < 0.5 * d or med > 2.0 * d:
        return None
    cells = []
    for a, b in itertools.pairwise(walls):
        gap = b[0] - a[1]
        k = round(gap / med)  # cells between the two walls: more than one where walls are
        if med < _SQUARE * d:  # too faint; unless the cells are narrower than the comb is
            k = min(k, 1)  # high (digits' strokes taken for walls): then none is split
        if 1 <= k <= _MISSING_WALLS + 1 and abs(gap - k * med) <= 0.3 * med:
            step = gap / k
            cuts = [a[1] + 1 + round(j * step) for j in range(k)] + [b[0]]
            cells += list(itertools.pairwise(cuts))
    cells = _outer_cells(cells, walls, x0, x1, med)
    if len(cells) < 6:
        return None
    for w0, w1 in walls:  # remove the walls
        lo, hi = max(0, w0 - 1), min(bm.w, w1 + 2)
        for y in range(max(0, y0 - 3), min(bm.h, y1 + 3)):
            bm.rows[y][lo:hi] = bytes(hi - lo)
    return Comb(cells, y0, y1)


def _outer_cells(
    cells: list[tuple[int, int]], walls: list[list[int]], x0: int, x1: int, med: int
) -> list[tuple[int, int]]:
    """The first or last cell whose outer wall was not found (a digit written across it,
    a photo's slant): the comb's rules run on one cell's width past the outermost wall
    found, and end there."""
    if cells and abs(x1 - walls[-1][1] - med) <= 0.3 * med:
        cells = [*cells, (walls[-1][1] + 1, x1)]
    if cells and abs(walls[0][0] - x0 - med) <= 0.3 * med:
        cells = [(x0, walls[0][0]), *cells]
    return cells
