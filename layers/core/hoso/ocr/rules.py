"""What would pass for text in a page's row and column profiles but is not (PIL only):
long straight lines (frames, table rules, a drawing's walls) and solid strips (a copier's
edge shadow, a dark band). Left out of the profiles of :func:`hoso.ocr.image.analyse`."""

from __future__ import annotations

from PIL import Image, ImageChops, ImageDraw

_RULE = 0.6  # share of ink over which a row or column is a rule, a frame or a dark edge
_RULE_SIDE = 0.2  # ... and its blurred sides
_RULE_LENGTH = 75  # pixels of the half-size analysis copy (1.5 in): longer runs are lines


def drop_rules(ana: Image.Image) -> Image.Image:
    """A deskewed binary analysis copy (about 100 dpi) without what is not text but would
    pass for it in the row and column profiles: straight lines over 1.5 inches long (border
    frames, table rules, walls of a drawing; text has none) with a pixel either side, and
    solid strips (a copier's edge shadow, a dark band: rows or columns over 60% ink) with
    their blurred sides. ``ana`` itself when there are none (about 3 ms)."""
    width, height = ana.size
    coarse = ana.reduce(2).point([0] * 64 + [255] * 192)  # any ink in a 2 x 2 block
    lines = ImageChops.lighter(
        _open_line(coarse, _RULE_LENGTH, 1, 0), _open_line(coarse, _RULE_LENGTH, 0, 1)
    )
    cols = _solid_runs(ana.resize((width, 1), Image.Resampling.BOX).tobytes())
    rows = _solid_runs(ana.resize((1, height), Image.Resampling.BOX).tobytes())
    if not cols and not rows and lines.getbbox() is None:
        return ana
    grown = ImageChops.lighter(lines, ImageChops.offset(lines, 1, 0))
    grown = ImageChops.lighter(grown, ImageChops.offset(grown, 0, 1))
    out = ImageChops.subtract(ana, grown.resize((width, height), Image.Resampling.NEAREST))
    draw = ImageDraw.Draw(out)
    for a, b in cols:
        draw.rectangle((a, 0, b, height - 1), fill=0)
    for a, b in rows:
        draw.rectangle((0, a, width - 1, b), fill=0)
    return out


def _open_line(mask: Image.Image, length: int, dx: int, dy: int) -> Image.Image:
    """Morphological opening of a 0/255 mask by a straight segment of ``length`` pixels
    along (dx, dy): the pixels of runs at least that long (shifted copies, in C)."""
    eroded, done = mask, 1
    while done < length:  # eroded(p) = min over p .. p + done * (dx, dy)
        step = min(done, length - done)
        eroded = ImageChops.darker(eroded, ImageChops.offset(eroded, -step * dx, -step * dy))
        done += step
        if done >= 8 and eroded.getbbox() is None:  # no run that long: no line
            return eroded
    opened, done = eroded, 1
    while done < length:  # back over the whole run
        step = min(done, length - done)
        opened = ImageChops.lighter(opened, ImageChops.offset(opened, step * dx, step * dy))
        done += step
    return opened


def _solid_runs(profile: bytes) -> list[tuple[int, int]]:
    """(first, last) index of the runs of a 0-255 ink profile over ``_RULE``, grown over
    their neighbours above ``_RULE_SIDE`` by at most a hundredth of the length."""
    n = len(profile)
    reach = max(2, n // 100)
    solid, side = _RULE * 255, _RULE_SIDE * 255
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if profile[i] < solid:
            i += 1
            continue
        j = i
        while j + 1 < n and profile[j + 1] >= solid:
            j += 1
        a, b = i, j
        while a > 0 and i - a < reach and profile[a - 1] >= side:
            a -= 1
        while b + 1 < n and b - j < reach and profile[b + 1] >= side:
            b += 1
        if runs and a <= runs[-1][1] + 1:
            a = runs.pop()[0]
        runs.append((a, b))
        i = b + 1
    return runs
