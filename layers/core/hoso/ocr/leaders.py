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

import math

from PIL import Image, ImageDraw

from hoso.ocr.image import percentile
from hoso.ocr.leader_dots import (
    _ANALYSIS_DPI,
    _MIN_CONTRAST,
    _MIN_DOTS,
    Found,
    find_leaders,
)

_MIN_FILL = 0.45  # share of its box a dot fills at full resolution
_MIN_CONFIRMED = 0.7  # share of a leader's dots that must look like dots at full resolution


Box = tuple[int, int, int, int]


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
