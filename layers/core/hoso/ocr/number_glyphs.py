"""The glyphs of a number field (:mod:`hoso.ocr.numbers`, step 2), and their layout
again, side by side, for a digits-only reading (step 3)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from PIL import Image

from hoso.ocr.morph import max_filter
from hoso.ocr.number_bitmap import (
    Bitmap,
    Comb,
    Comp,
    binarize,
    components,
    find_comb,
    group_rules,
    remove_rules,
    render,
)

# ---------------------------------------------------------------------------- glyphs


@dataclass
class Glyphs:
    images: list[Image.Image]  # ink 255 on 0, each cropped to its box
    xs: list[tuple[int, int]]  # x-range of each in the band
    comb: Comb | None
    height: float  # median glyph height


def glyphs(
    gray: Image.Image,
    threshold: int,
    span: tuple[float, float],
    line_h: float,
    cut: bool = False,
    rows: tuple[float, float] | None = None,
    open_left: int = 0,
) -> Glyphs:
    """The glyphs of a number field in ``gray`` (a band of the page around it), binarised
    at ``threshold``: rules removed, a comb's walls too (one glyph per filled cell), else
    the components whose centre lies in the ``span`` of x (and ``rows`` of y), guide line
    dots dropped (``cut`` off the glyphs too), table walls removed, touching glyphs split."""
    bm = Bitmap(binarize(gray, threshold))
    comb = find_comb(bm, _remove_rules(bm, line_h))
    a, b = span
    if comb is not None and (comb.cells[-1][1] < a or comb.cells[0][0] > b):
        comb = None  # a comb elsewhere on the line
    speck = max(4, round(0.003 * line_h * line_h))
    if comb is not None:  # components only where the glyphs can be
        wx0, wx1 = comb.cells[0][0] - 5, comb.cells[-1][1] + 5
    else:  # room on the right for the rest of a number read as two words
        wx0, wx1 = round(a - 2 * line_h), round(b + 8 * line_h)
    wx0, wx1 = max(0, wx0), min(bm.w, wx1)
    walls = _remove_walls(bm, wx0, wx1, round(1.5 * line_h)) if comb is None else []
    comps = [c for c in components(bm, wx0, wx1) if c.area >= speck and not _sliver(c, walls)]
    if comb is None and _cut_dots(bm, comps, line_h, cut):
        comps = [c for c in components(bm, wx0, wx1) if c.area >= speck and not _sliver(c, walls)]
    if comb is None and rows is not None:  # not the neighbouring lines' ink
        lo, hi = rows[0] - 0.25 * line_h, rows[1] + 0.25 * line_h
        comps = [c for c in comps if lo <= c.cy <= hi]
    if comb is not None:
        groups = _cell_glyphs(comps, comb)
    else:
        end = _cell_end(span, walls, line_h)
        groups = _free_glyphs(comps, span, line_h, bm, open_left, end)
    heights = sorted(g.h for g in groups) or [1]
    return Glyphs(
        [render(g) for g in groups],
        [(g.x0, g.x1) for g in groups],
        comb,
        float(heights[len(heights) // 2]),
    )


def _remove_rules(bm: Bitmap, line_h: float) -> list[tuple[int, int, int, int]]:
    """Long horizontal rules cleared from ``bm``, with their fuzzy edges; returns them as
    lines (y0, y1, x0, x1)."""
    rules = group_rules(remove_rules(bm, max(20, round(3 * line_h))))
    for y0, y1, x0, x1 in rules:  # the rule's fuzzy edges too
        for y in range(max(0, y0 - 2), min(bm.h, y1 + 3)):
            bm.clear(y, max(0, x0 - 2), min(bm.w, x1 + 2))
    return rules


def _cell_glyphs(comps: list[Comp], comb: Comb) -> list[Comp]:
    """One glyph per filled cell of a comb: the components inside the cell, merged."""
    groups = []
    for x0, x1 in comb.cells:
        inside = [
            c
            for c in comps
            if x0 <= c.cx < x1
            and comb.top - 4 <= c.cy <= comb.bottom + 4
            and not _wall_left(c, x0, x1, comb)
        ]
        if inside:
            g = inside[0]
            for c in inside[1:]:
                g = g.merge(c)
            groups.append(g)
    return groups


def _free_glyphs(
    comps: list[Comp],
    span: tuple[float, float],
    line_h: float,
    bm: Bitmap,
    open_left: int,
    end: float = float("inf"),
) -> list[Comp]:
    """The glyphs of a number written free: the components over the ``span`` (and past
    it, see :func:`_reach`; before it too, up to ``open_left`` glyphs in all, see
    :func:`_reach_left`) up to its cell's ``end``, pieces of a glyph merged, specks
    dropped, touching glyphs split."""
    a, b = span[0], min(span[1], end)
    if open_left:
        a = _reach_left(comps, a, b, line_h, open_left)
    comps = [c for c in comps if a <= c.cx <= min(end, _reach(comps, a, b, line_h))]
    groups = _merge_x(comps)
    big = [g for g in groups if g.h >= 0.3 * line_h]
    groups = big
    return _split_wide(groups, bm)


def _wall_left(c: Comp, x0: int, x1: int, comb: Comb) -> bool:
    """What is left of a cell's wall or rule where the comb slants a little (a sliver
    along a side of the cell), read as a 1 beside the digit if kept."""
    cw, ch = x1 - x0, comb.bottom - comb.top
    along_side = c.w <= max(3, 0.12 * cw) and (c.x0 - x0 < 0.2 * cw or x1 - c.x1 < 0.2 * cw)
    along_rule = c.h <= max(3, 0.12 * ch) and (
        c.y0 - comb.top < 0.2 * ch or comb.bottom - c.y1 < 0.2 * ch
    )
    return along_side or along_rule


def _reach(comps: list[Comp], a: float, b: float, line_h: float) -> float:
    """Where the number ends: ``b``, or further right when glyphs go on past the run
    (the first reading split the number and left its tail out of the run, "0701424 463
    47"): each next glyph-sized component at most 0.8 x line height from the last."""
    inside = [c for c in comps if a <= c.cx <= b]
    if not inside:
        return b
    right = max(c.x1 for c in inside)
    for c in sorted((c for c in comps if c.cx > b and c.h >= 0.5 * line_h), key=lambda c: c.x0):
        if c.x0 - right > 0.8 * line_h:
            break
        right = max(right, c.x1)
    return max(b, right - 0.5)


def _reach_left(comps: list[Comp], a: float, b: float, line_h: float, seen: int) -> float:
    """Where a number glued to its label in the first reading starts ("số.Q31991078719."
    for "số 031091078710"): ``a`` was estimated from the token's characters, and the
    reading's box of a hand-written token may hold less than its text (the label), so the
    first digits may lie left of it. Each glyph-sized component before the number, as
    close to the next as digits are to each other, is the number's, until it has the
    ``seen`` glyphs the first reading saw; the label stands further off."""
    inside = sorted(
        (c for c in comps if a <= c.cx <= b and c.h >= 0.5 * line_h), key=lambda c: c.x0
    )
    if len(inside) < 4:
        return a
    gaps = sorted(max(0, q.x0 - p.x1) for p, q in itertools.pairwise(inside))
    limit = min(_WORD_GAP * line_h, max(2 * gaps[len(gaps) // 2], _DIGIT_GAP * line_h))
    left, n = inside[0].x0, len(inside)
    for c in sorted((c for c in comps if c.cx < a and c.h >= 0.5 * line_h), key=lambda c: -c.x1):
        if c.x1 > left:
            continue  # a piece overlapping the first glyph: merged with it later
        if left - c.x1 > limit or n >= seen:
            break
        left, n = c.x0, n + 1
    return min(a, left - 0.5)


_WORD_GAP = 0.25  # line heights: more between two glyphs is a word's gap, not a digit's
_DIGIT_GAP = 0.06  # ... and up to this, or twice the number's usual gap, a digit's


def _remove_walls(bm: Bitmap, x0: int, x1: int, min_len: int) -> list[int]:
    """Clear vertical ink runs of at least ``min_len`` pixels between ``x0`` and ``x1``
    (a table cell's walls: digits are never that tall); returns the columns cleared."""
    if x1 <= x0 or bm.h < min_len:
        return []
    cols = bm.image().crop((x0, 0, x1, bm.h)).transpose(Image.Transpose.TRANSPOSE)
    data = cols.tobytes()
    long = re.compile(rb"[^\x00]{%d,}" % min_len)
    cleared: list[int] = []
    for i in range(x1 - x0):
        for m in long.finditer(data, i * bm.h, (i + 1) * bm.h):
            x = x0 + i
            cleared.append(x)
            for y in range(m.start() - i * bm.h, m.end() - i * bm.h):
                bm.rows[y][x] = 0
    return sorted(set(cleared))


def _sliver(c: Comp, walls: list[int]) -> bool:
    """What is left of a wall beside its cleared columns (a pixel or two wide)."""
    return c.w <= 2 and any(x - 3 <= c.cx <= x + 3 for x in walls)


_LONE_WALL = 3.0  # line heights: a wall no other is this near is a table's, not a comb's


def _cell_end(span: tuple[float, float], walls: list[int], line_h: float) -> float:
    """Where the cell a number is written in ends: the table's wall right of the middle of
    the number's run (the first reading took the wall for a "|", and the next cell's "Căn cước số"
    reached on from it: dev45 20763); infinity when there is none. A comb's walls (others
    a cell's width away) end nothing."""
    runs: list[list[int]] = []
    for x in walls:  # a wall is a run of cleared columns
        if runs and x - runs[-1][-1] <= 2:
            runs[-1].append(x)
        else:
            runs.append([x])
    centres = [(r[0] + r[-1]) / 2 for r in runs]
    # past the run's middle: a wall the first reading began with ("| 2Z⁄72⁄7974", the
    # cell's left wall: dev44 20546) is no end
    after = [x for x in centres if x > (span[0] + span[1]) / 2]
    if not after:
        return float("inf")
    first = after[0]
    if any(0 < abs(x - first) <= _LONE_WALL * line_h for x in centres):
        return float("inf")
    return first


def _cut_dots(bm: Bitmap, comps: list[Comp], line_h: float, cut: bool) -> bool:
    """Remove the dots of a dotted guide line from ``bm``: at least 4 small, evenly spaced
    blobs on one row. With ``cut``, dots touching the handwriting are cut off it too: every
    place the row's spacing puts a dot is cleared. True if a guide line was found."""
    small = [c for c in comps if c.h <= 0.3 * line_h and c.w <= 0.35 * line_h]
    if len(small) < 4:
        return False
    ys = sorted(c.cy for c in small)
    best_y, best_n = ys[0], 0  # the densest row of small blobs
    tol = max(2.0, 0.1 * line_h)
    for y in ys:
        n = sum(1 for v in ys if abs(v - y) <= tol)
        if n > best_n:
            best_y, best_n = y, n
    if best_n < 4:
        return False
    dots = sorted((c for c in small if abs(c.cy - best_y) <= tol), key=lambda c: c.cx)
    steps = sorted(b.cx - a.cx for a, b in itertools.pairwise(dots))
    pitch = steps[len(steps) // 2]
    widths = sorted(c.w for c in dots)
    heights = sorted(c.h for c in dots)
    dw, dh = widths[len(widths) // 2], heights[len(heights) // 2]
    y0 = max(0, round(best_y - dh / 2 - 1.5))
    y1 = min(bm.h, round(best_y + dh / 2 + 2.5))
    for c in dots:  # the dots themselves
        for y, a, b in c.runs:
            bm.clear(y, a, b)
    if pitch < 1.5 * dw or not cut:
        return True
    half = 0.6 * dw + 1
    phase = dots[0].cx % pitch
    x = phase
    while x < bm.w:  # where the row puts a dot, under the handwriting too
        a, b = max(0, round(x - half)), min(bm.w, round(x + half) + 1)
        for y in range(y0, y1):
            bm.clear(y, a, b)
        x += pitch
    return True


def _merge_x(comps: list[Comp]) -> list[Comp]:
    """Pieces of one glyph (overlapping in x by half the narrower one) merged."""
    out: list[Comp] = []
    for c in sorted(comps, key=lambda c: c.x0):
        if out:
            p = out[-1]
            ov = min(p.x1, c.x1) - max(p.x0, c.x0)
            if ov >= 0.5 * min(p.w, c.w):
                out[-1] = p.merge(c)
                continue
        out.append(c)
    return out


def _split_wide(groups: list[Comp], bm: Bitmap) -> list[Comp]:
    """Split glyphs much wider than usual (touching digits) at their thinnest columns."""
    if len(groups) < 3:
        return groups
    widths = sorted(g.w for g in groups)
    med = widths[len(widths) // 2]
    heights = sorted(g.h for g in groups)
    ref = max(med, 0.45 * heights[len(heights) // 2])
    out: list[Comp] = []
    for g in groups:
        n = round(g.w / ref)
        if g.w < 1.5 * ref or n < 2:
            out.append(g)
            continue
        prof = [0] * g.w
        for _y, x0, x1 in g.runs:
            for x in range(x0, x1):
                prof[x - g.x0] += 1
        cuts = []
        for k in range(1, n):
            ideal = round(k * g.w / n)
            lo, hi = max(1, ideal - round(0.3 * ref)), min(g.w - 1, ideal + round(0.3 * ref))
            cut = min(range(lo, hi + 1), key=lambda x: (prof[x], abs(x - ideal)))
            cuts.append(g.x0 + cut)
        edges = [g.x0, *cuts, g.x1]
        for a, b in itertools.pairwise(edges):
            runs = [(y, max(x0, a), min(x1, b)) for y, x0, x1 in g.runs if x0 < b and x1 > a]
            if not runs:
                continue
            ys = [r[0] for r in runs]
            out.append(
                Comp(
                    min(r[1] for r in runs),
                    min(ys),
                    max(r[2] for r in runs),
                    max(ys) + 1,
                    sum(r[2] - r[1] for r in runs),
                    runs,
                )
            )
    return out


def assemble(
    g: Glyphs, target: int = 28, per_glyph: bool = False, gap: float = 0.4, bold: int = 0
) -> tuple[Image.Image, list[tuple[int, int]]]:
    """The glyphs side by side, black on white, scaled to ``target`` pixels high (each glyph
    on its own with ``per_glyph``), bottoms aligned, ``gap`` x target apart, strokes
    thickened by ``bold`` pixels. Returns the image and each glyph's x-range in it."""
    scale = target / max(1.0, g.height)
    pieces = []
    for img in g.images:
        s = min(target / max(1, img.height), 2.0 * scale) if per_glyph else scale
        w, h = max(1, round(img.width * s)), max(1, round(img.height * s))
        pieces.append(img.resize((w, h), Image.Resampling.BILINEAR))
    pad = target
    step = round(gap * target)
    width = sum(p.width for p in pieces) + step * max(0, len(pieces) - 1) + 2 * pad
    height = max([p.height for p in pieces] + [target]) + 2 * pad
    canvas = Image.new("L", (width, height), 0)
    x = pad
    base = pad + target
    spans = []
    for p in pieces:
        y = base - p.height if p.height <= target * 1.3 else pad
        canvas.paste(p, (x, max(0, y)))
        spans.append((x, x + p.width))
        x += p.width + step
    if bold:
        canvas = max_filter(canvas, 2 * bold + 1)
    return canvas.point(lambda v: 255 - v), spans
