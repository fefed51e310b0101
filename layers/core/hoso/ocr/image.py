"""Page-image geometry with PIL only (no numpy): deskew by projection profile, cheap
orientation hints, rotations.

All analysis runs on a small inverted binary copy of the page (about 100 dpi, ink = 255),
so it costs about 25 ms per page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageMath, ImageStat

_ANALYSIS_DPI = 100
_STRIPS = 32  # vertical strips of the skew search (see _Projector)
_INK_THRESHOLD = 150  # grey level below which a pixel is ink
_UNEVEN = 0.87  # paper darker than this share of its brightest on 5% of the page: uneven
_RULE = 0.6  # share of ink over which a row or column is a rule, a frame or a dark edge
_RULE_SIDE = 0.2  # ... and its blurred sides
_MIN_RULED_SIDE = 450  # pixels (4.5 in): smaller images (cards) keep their lines and edges
_RULE_LENGTH = 75  # pixels of the half-size analysis copy (1.5 in): longer runs are lines


def to_gray(img: Image.Image) -> Image.Image:
    """8-bit grey-scale, transparent areas composited on white."""
    if img.mode == "L":
        return img
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        white.alpha_composite(rgba)
        return white.convert("L")
    if img.mode.startswith("I;16") or img.mode == "I":
        return img.point(lambda v: v / 256).convert("L")
    return img.convert("L")


def small_gray(gray: Image.Image, dpi: int) -> Image.Image:
    """Grey copy at about 100 dpi."""
    factor = max(1, round(dpi / _ANALYSIS_DPI))
    return gray.reduce(factor) if factor > 1 else gray


def otsu(hist: list[int]) -> int:
    """Otsu's threshold of a 256-bin histogram."""
    total = sum(hist)
    if not total:
        return 128
    sum_all = sum(i * h for i, h in enumerate(hist))
    w0 = 0
    s0 = 0.0
    best, best_t = -1.0, 128
    for t in range(256):
        w0 += hist[t]
        if w0 == 0:
            continue
        w1 = total - w0
        if w1 == 0:
            break
        s0 += t * hist[t]
        m0, m1 = s0 / w0, (sum_all - s0) / w1
        var = w0 * w1 * (m0 - m1) ** 2
        if var > best:
            best, best_t = var, t
    return best_t


def percentile(hist: list[int], q: float) -> int:
    """The level under which a share ``q`` of a 256-bin histogram's pixels lie."""
    target, seen = q * sum(hist), 0
    for level, count in enumerate(hist):
        seen += count
        if seen >= target:
            return level
    return 255


def binarize(small: Image.Image) -> Image.Image:
    """Inverted binary copy (ink = 255, paper = 0)."""
    return small.point(lambda v: 255 if v < _INK_THRESHOLD else 0)


def row_profile(ana: Image.Image) -> list[float]:
    """Mean ink per row (0..255), via a 1-pixel-wide box resize."""
    col = ana.resize((1, ana.height), Image.Resampling.BOX)
    return [float(v) for v in col.tobytes()]


class _Projector:
    """Sharpness of a binary page's row profile as if the page were rotated by a few degrees.

    Rotating the whole page for every candidate angle is the costly way (2-3 ms an angle at
    100 dpi). For small angles a rotation moves each narrow vertical strip of the page up or
    down, so the page is cut once into ``_STRIPS`` strips, each reduced to its row profile,
    and an angle only shears that small strips-by-rows image (about 0.3 ms). On the
    benchmark's and the evaluation corpus's 275 scanned pages it finds the same angles as
    rotating the page (268 exactly, 7 one 0.25° step away) and the same orientations, and
    the whole analysis takes 24 ms a page instead of 56 ms.
    """

    def __init__(self, ana: Image.Image) -> None:
        width, self.height = ana.size
        self.k = max(1, min(_STRIPS, width))
        self.strip_width = width / self.k
        self.strips = ana.resize((self.k, self.height), Image.Resampling.BOX)

    def score(self, angle: float) -> float:
        if self.height < 2:
            return 0.0
        img = self.strips
        if angle:
            shift = self.strip_width * math.tan(math.radians(angle))  # rows per strip
            img = img.transform(
                (self.k, self.height),
                Image.Transform.AFFINE,
                (1, 0, 0, shift, 1, -shift * (self.k - 1) / 2),
                resample=Image.Resampling.NEAREST,
                fillcolor=0,
            )
        col = img.resize((1, self.height), Image.Resampling.BOX)  # the row profile
        # sum of squared differences of neighbouring rows, in C: sum2 of |row[i+1] - row[i]|
        steps = ImageChops.difference(
            col.crop((0, 1, 1, self.height)), col.crop((0, 0, 1, self.height - 1))
        )
        return float(ImageStat.Stat(steps).sum2[0])


def estimate_skew(ana: Image.Image, max_angle: float = 5.0) -> tuple[float, float]:
    """(angle, score): the counter-clockwise rotation in degrees that makes text lines
    horizontal (apply with ``img.rotate(angle)``), searched in [-max_angle, max_angle]:
    1° steps on a half-size copy, then 0.25° steps around the best one."""
    return _search_skew(_Projector(ana.reduce(2)), ana, max_angle)


def _search_skew(coarse: _Projector, ana: Image.Image, max_angle: float) -> tuple[float, float]:
    """:func:`estimate_skew` given the half-size copy's projector."""
    best, best_score = 0.0, coarse.score(0.0)
    steps = int(max_angle)
    for i in range(-steps, steps + 1):
        a = float(i)
        if a:
            s = coarse.score(a)
            if s > best_score:
                best, best_score = a, s
    centre = best
    fine = _Projector(ana)
    best_score = fine.score(centre)
    for i in range(-3, 4):
        a = round(centre + i * 0.25, 2)
        if i and abs(a) <= max_angle:
            s = fine.score(a)
            if s > best_score:
                best, best_score = a, s
    return best, best_score


@dataclass(frozen=True)
class Layout:
    angle: float  # deskew angle (counter-clockwise degrees), see estimate_skew
    vertical: bool  # text lines look vertical (page turned 90/270)
    upside_down: float  # > 0 suggests 180 degrees (ascender/descender asymmetry)
    ink: float  # share of ink pixels
    across: float = 0.0  # sharpness of the column profile over that of the row profile
    lines: int = 0  # text lines found in the row profile (at least 6 rows high)
    line_height: float = 0.0  # their median height in analysis pixels (about 100 dpi)
    span: float = 0.0  # share of the page height from the first line to the last

    @property
    def suspect(self) -> bool:
        """Worth asking Tesseract OSD about the orientation?"""
        return self.vertical or self.upside_down > 0.1


def analyse(small: Image.Image, max_angle: float = 5.0) -> Layout:
    """Skew angle plus cheap orientation hints deciding whether Tesseract OSD is worth
    running (OSD costs 0.7-1.4 s per page, about half an OCR pass). ``small`` is the
    ~100 dpi grey page from :func:`small_gray`."""
    ana = binarize(small)
    coarse = ana.reduce(2)
    along = _Projector(coarse)
    angle, _ = _search_skew(along, ana, max_angle)
    upright = (
        binarize(small.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255))
        if angle
        else ana
    )
    ink = ImageStat.Stat(upright).mean[0] / 255.0
    skew = angle
    clean = drop_rules(upright) if min(small.size) >= _MIN_RULED_SIDE else upright
    if clean is not upright:  # rules, frames, dark edges: not text, left out of the profiles
        upright, coarse, skew = clean, clean.reduce(2), 0.0
        along = _Projector(coarse)
    h_score = along.score(skew)
    turned = coarse.transpose(Image.Transpose.ROTATE_90)
    across = _Projector(turned)
    v_score = max(across.score(a) for a in (-4.5, -3.0, -1.5, 0.0, 1.5, 3.0, 4.5))
    profile = row_profile(upright)
    lines = _text_lines(profile)
    heights = sorted(end - start + 1 for start, end in lines)
    v_rel, h_rel = v_score / turned.height, h_score / coarse.height
    return Layout(
        angle=angle,
        vertical=v_rel > 0.7 * h_rel,
        upside_down=_asymmetry(profile, lines),
        ink=ink,
        across=v_rel / h_rel if h_rel > 0 else (9.0 if v_rel > 0 else 1.0),
        lines=len(lines),
        line_height=float(heights[len(heights) // 2]) if heights else 0.0,
        span=(lines[-1][1] - lines[0][0] + 1) / len(profile) if lines else 0.0,
    )


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


@dataclass(frozen=True)
class ProfileVerdict:
    """What the text-line profile says about a page's orientation, and whether to trust it.

    ``sure``: the up/down asymmetry is clear (on the benchmark's pages upright text scores
    <= -0.36 and upside-down text >= +0.45; "sure" needs -0.2 / +0.25; an image with no
    evidence at all, 0.0, is not sure). ``text_page``: the page looks like what the test
    was made for, an A4-like page of ordinary text lines; on anything else (an ID card, a
    photo of a paper on a table, a few big lines) the profile can be confidently wrong, so
    ``sure`` alone should not settle the orientation there (``why`` says what is off).
    ``axis``: the text direction when the row and column profiles tell it clearly:
    "horizontal" (the answer is 0 or 180), "vertical" (90 or 270), else None.
    """

    rotation: int
    sure: bool
    text_page: bool
    axis: str | None
    why: str = ""

    @property
    def trusted(self) -> bool:
        return self.sure and self.text_page


def profile_orientation(
    small: Image.Image, layout: Layout, max_angle: float, small_dpi: float | None = None
) -> ProfileVerdict:
    """Orientation from the text-line profile (see :class:`ProfileVerdict`). Turned pages
    (vertical lines) are turned a quarter clockwise and tested like upright ones.
    ``small_dpi``: the resolution of ``small`` when known (papers smaller than A5 are not
    text pages)."""
    lay = layout
    rotation, sure = 0, False
    if layout.vertical:
        lay = analyse(small.transpose(Image.Transpose.ROTATE_270), max_angle)
        if not lay.vertical:
            if lay.upside_down < -0.2:
                rotation, sure = 90, True
            elif lay.upside_down > 0.2:
                rotation, sure = 270, True
    elif layout.upside_down > 0.25:
        rotation, sure = 180, True
    elif layout.upside_down < -0.2:
        sure = True
    axis = None
    if layout.across > 1.0 or (layout.vertical and lay.across < 0.5):
        axis = "vertical"
    elif layout.across < 0.5:
        axis = "horizontal"
    why = _not_a_text_page(small.size, lay, small_dpi)
    return ProfileVerdict(rotation, sure, not why, axis, why)


def orientation_guess(small: Image.Image, layout: Layout, max_angle: float) -> tuple[int, bool]:
    """(clockwise rotation making the page upright, sure?) from text-line profiles: see
    :func:`profile_orientation`."""
    verdict = profile_orientation(small, layout, max_angle)
    return verdict.rotation, verdict.sure


def _not_a_text_page(size: tuple[int, int], lay: Layout, dpi: float | None) -> str:
    """Why the profile test should not be trusted on this page ("" if it may be).

    Scanned A4 pages of the benchmark and the evaluation corpus have 5-26 lines, 11-52
    pixels high at 100 dpi, spread over 18-71% of the page, and 1-4% ink; an ID card
    photographed on a table has 50-75% "ink" (the table), a cut-out card is 2.1 x 3.4 in
    with 1-9 lines.
    """
    width, height = size
    aspect = max(width, height) / max(1, min(width, height))
    if lay.ink > 0.15:
        return f"ink over {lay.ink:.0%} of the image (a photo, a dark background)"
    if not 1.2 <= aspect <= 1.8:
        return f"aspect ratio {aspect:.2f}, not an A4-like page"
    if dpi and min(width, height) / dpi < 4.5:
        return f"{min(width, height) / dpi:.1f} in wide, a card-sized paper"
    if lay.lines < 5:
        return f"{lay.lines} text line(s)"
    if lay.span < 0.15:
        return f"text over {lay.span:.0%} of the page height"
    if not 6 <= lay.line_height <= 64:
        return f"text lines {lay.line_height:.0f} px high at 100 dpi"
    return ""


def _text_lines(profile: list[float]) -> list[tuple[int, int]]:
    """(first row, last row) of each text line of a row profile: runs of rows with ink
    (an accent or dot-below row split off by up to 3 blank rows is merged back), only
    those at least 6 rows high."""
    if not profile or max(profile) <= 0:
        return []
    thr = max(profile) * 0.03
    lines: list[tuple[int, int]] = []
    y, n = 0, len(profile)
    while y < n:
        if profile[y] <= thr:
            y += 1
            continue
        start = y
        while y < n and profile[y] > thr:
            y += 1
        if lines and start - lines[-1][1] <= 3:
            lines[-1] = (lines[-1][0], y - 1)
        else:
            lines.append((start, y - 1))
    return [(start, end) for start, end in lines if end - start >= 5]


def _asymmetry(profile: list[float], lines: list[tuple[int, int]]) -> float:
    """Upside-down evidence from the row profile of a deskewed page, in [-1, 1].

    In each text line the x-height band is the run of dense rows. Upright Latin/Vietnamese
    text has more ink above that band (ascenders, capitals, tone marks) than below it
    (descenders, the dot-below mark); upside-down text the reverse. Returns
    (ink below - ink above) / (ink below + ink above) over all lines: > 0 suggests 180°;
    0.0 (no evidence) with fewer than two lines.
    """
    above = below = 0.0
    for start, end in lines:
        row = profile[start : end + 1]
        peak = max(row)
        band = [i for i, v in enumerate(row) if v >= 0.5 * peak]
        above += sum(row[: band[0]])
        below += sum(row[band[-1] + 1 :])
    if len(lines) < 2 or above + below <= 0:
        return 0.0
    return (below - above) / (below + above)


def rotate_clockwise(img: Image.Image, degrees: int) -> Image.Image:
    degrees %= 360
    if degrees == 90:
        return img.transpose(Image.Transpose.ROTATE_270)
    if degrees == 180:
        return img.transpose(Image.Transpose.ROTATE_180)
    if degrees == 270:
        return img.transpose(Image.Transpose.ROTATE_90)
    return img


def deskew(gray: Image.Image, angle: float) -> Image.Image:
    """Rotate a page by a few degrees. Nearest-neighbour: on 300 dpi scans Tesseract reads
    the result as well as a bilinear rotation (same CER on the benchmark's skewed pages) and
    it costs 0.035 s instead of 0.2 s (bicubic: 0.38 s) on an A4 page."""
    return gray.rotate(angle, resample=Image.Resampling.NEAREST, expand=True, fillcolor=255)


def uneven_background(small: Image.Image) -> bool:
    """The paper's brightness varies over the page (blotchy photocopier toner, a phone
    photo's light falling off): its 5th percentile under ``_UNEVEN`` of its 95th. The paper
    is estimated on a ~50 dpi copy of the ~100 dpi analysis copy (a max filter removes the
    text, a box blur smooths it); about 30 ms."""
    half = small.reduce(2) if min(small.size) >= 64 else small
    for _ in range(3):  # a 7 x 7 max filter as three 3 x 3 ones: the same, 3 times faster
        half = half.filter(ImageFilter.MaxFilter(3))
    paper = half.filter(ImageFilter.BoxBlur(4))
    hist = paper.histogram()
    return percentile(hist, 0.05) < _UNEVEN * percentile(hist, 0.95)


def flatten_background(gray: Image.Image) -> Image.Image:
    """Divide out the paper's background (shadows, grey photocopy toner, uneven light).

    The background is estimated on an eighth-size copy (a max filter removes the text, a box
    blur smooths it), so this costs about half a second on a 300 dpi A4 page: it is a second
    strategy for pages Tesseract cannot segment, not a step for every page.
    """
    small = gray.reduce(8) if min(gray.size) >= 64 else gray
    bg = (
        small.filter(ImageFilter.MaxFilter(7))
        .filter(ImageFilter.BoxBlur(4))
        .resize(gray.size, Image.Resampling.BILINEAR)
    )
    flat: Image.Image = ImageMath.lambda_eval(
        lambda a: a["convert"](a["min"](a["a"] * 255 / (a["b"] + 1), 255), "L"), a=gray, b=bg
    )
    return flat
