"""What happens to paper on its way to a file: office scans, photocopies, phone photos.

All randomness comes from the ``random.Random`` passed in (numpy generators are seeded from
it), so a dossier's images are a function of its seed.
"""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

WHITE = (255, 255, 255)


def _gen(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.randrange(2**32))


def turn(img: Image.Image, rotation: int) -> Image.Image:
    """Turn the content clockwise by ``rotation`` degrees (0/90/180/270)."""
    t = {
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    return img.transpose(t[rotation]) if rotation else img


def _smooth_field(
    gen: np.random.Generator, shape: tuple[int, int], cells: int, lo: float, hi: float
) -> np.ndarray:
    h, w = shape
    small = gen.uniform(lo, hi, (max(2, cells * h // max(w, 1)), cells)).astype(np.float32)
    im = Image.fromarray(small, mode="F").resize((w, h), Image.Resampling.BICUBIC)
    return np.asarray(im, dtype=np.float32)


def _noise(a: np.ndarray, gen: np.random.Generator, sigma: float) -> np.ndarray:
    if sigma <= 0:
        return a
    n = gen.standard_normal(a.shape, dtype=np.float32)
    n *= sigma
    n += a
    return n


def _to_img(a: np.ndarray, mode: str) -> Image.Image:
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), mode=mode)


def skew(img: Image.Image, angle: float, fill: int | tuple[int, int, int]) -> Image.Image:
    if abs(angle) < 0.05:
        return img
    return img.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=fill)


def office_scan(img: Image.Image, rng: random.Random, colour: bool) -> Image.Image:
    """Flatbed / feeder scan: slight skew (≤1.5°), light noise, a touch of blur."""
    gen = _gen(rng)
    img = img if colour else img.convert("L")
    fill = WHITE if colour else 255
    img = skew(img, rng.uniform(-1.5, 1.5) if rng.random() < 0.8 else 0.0, fill)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    a = np.asarray(img, dtype=np.float32)
    white = rng.uniform(238, 252)
    a = a * (white / 255.0) + rng.uniform(0, 4)
    a = _noise(a, gen, rng.uniform(1.5, 4.5))
    return _to_img(a, "RGB" if colour else "L")


def photocopy(img: Image.Image, rng: random.Random, heavy: bool) -> Image.Image:
    """A photocopy, then scanned: grey toner, contrast pushed, speckles, uneven density, dark
    margins from the copier lid, skew up to ~3°."""
    gen = _gen(rng)
    g = img.convert("L").filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.1)))
    a = np.asarray(g, dtype=np.float32) / 255.0
    dark = (
        rng.uniform(0.85, 1.25)
        if not heavy
        else rng.choice([rng.uniform(0.7, 0.85), rng.uniform(1.25, 1.5)])
    )
    a = np.power(a, dark)  # >1 darker, <1 lighter
    k = rng.uniform(1.3, 2.0)  # contrast around mid-grey
    a = np.clip(0.5 + (a - 0.5) * k, 0, 1)
    paper = rng.uniform(0.8, 0.93)
    toner = rng.uniform(0.05, 0.22 if not heavy else 0.35)
    a = toner + a * (paper - toner)
    h, w = a.shape
    a *= _smooth_field(gen, (h, w), 6, 0.84 if heavy else 0.9, 1.04)
    # drum streaks
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        x = gen.integers(0, w)
        sw = int(gen.integers(1, 4))
        a[:, x : x + sw] *= rng.uniform(0.75, 0.92)
    a = a * 255.0
    a = _noise(a, gen, rng.uniform(6, 12 if heavy else 9))
    # speckles (toner dust)
    n = int(h * w * rng.uniform(6e-5, 2e-4 if not heavy else 5e-4))
    ys, xs = gen.integers(0, h, n), gen.integers(0, w, n)
    a[ys, xs] = rng.uniform(10, 80)
    a[np.clip(ys + 1, 0, h - 1), xs] = rng.uniform(30, 100)
    out = _to_img(a, "L")
    d = ImageDraw.Draw(out)
    # dark lid margins on one or two sides
    for side in rng.sample(["top", "bottom", "left", "right"], rng.choice([0, 1, 1, 2])):
        t = int(rng.uniform(0.004, 0.02) * w)
        box = {
            "top": [0, 0, w, t],
            "bottom": [0, h - t, w, h],
            "left": [0, 0, t, h],
            "right": [w - t, 0, w, h],
        }[side]
        d.rectangle(box, fill=rng.randint(20, 70))
    limit = 3.0 if heavy else 2.0
    out = skew(out, rng.uniform(-limit, limit), int(paper * 255))
    return out


def bilevel(img: Image.Image, rng: random.Random) -> Image.Image:
    """Black-and-white fax-like scan (1 bit)."""
    g = img.convert("L")
    thr = rng.randint(150, 185)
    return g.point(lambda v: 255 if v > thr else 0, mode="1")


# ------------------------------------------------------------------------ phone photos
def _texture(size: tuple[int, int], rng: random.Random) -> tuple[Image.Image, str]:
    gen = _gen(rng)
    w, h = size
    kind = rng.choice(["wood", "cloth", "desk", "desk_dark", "wood"])
    if kind == "wood":
        base = np.array(rng.choice([(150, 105, 65), (120, 80, 45), (185, 145, 100)]), np.float32)
        small = gen.normal(0, 1, (max(2, h // 40), max(2, w // 3))).astype(np.float32)
        grain = np.asarray(
            Image.fromarray(small, mode="F").resize((w, h), Image.Resampling.BICUBIC)
        )
        rings = np.sin(grain * 3.0 + np.linspace(0, 40, w)[None, :]) * 0.5 + 0.5
        a = base[None, None, :] * (0.78 + 0.3 * rings[..., None])
    elif kind == "cloth":
        base = np.array(
            rng.choice([(60, 80, 140), (150, 40, 50), (70, 110, 80), (200, 190, 170)]), np.float32
        )
        yy, xx = np.ogrid[0:h, 0:w]
        f = rng.uniform(0.5, 0.9)
        weave = (np.sin(xx * f).astype(np.float32) * np.sin(yy * f).astype(np.float32)) * 0.08
        a = base[None, None, :] * (1.0 + weave[..., None])
    else:
        col = (
            rng.choice([(225, 225, 220), (200, 205, 210), (240, 236, 228)])
            if kind == "desk"
            else rng.choice([(45, 45, 50), (30, 35, 40), (70, 60, 55)])
        )
        a = np.broadcast_to(np.array(col, np.float32), (h, w, 3)).copy()
    a = _noise(a, gen, 6.0)
    return _to_img(a, "RGB"), kind


def _coeffs(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    """PIL perspective coefficients mapping output (dst) points to input (src) points."""
    m = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        m.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        m.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    rhs = [c for p in src for c in p]
    return list(np.linalg.solve(np.array(m, dtype=np.float64), np.array(rhs, dtype=np.float64)))


def photograph(
    obj: Image.Image,
    rng: random.Random,
    *,
    fill_frac: float,
    tilt: float = 0.04,
    skew_deg: float = 2.0,
    rotation: int = 0,
) -> Image.Image:
    """Photograph ``obj`` (RGB or RGBA) lying on a table: background texture, perspective,
    a little skew, shadow, uneven light, colour cast; rotated by ``rotation`` (clockwise)."""
    gen = _gen(rng)
    obj = obj.convert("RGBA")
    ow, oh = obj.size
    W = int(ow / fill_frac)
    H = int(oh / fill_frac)
    bg, _ = _texture((W, H), rng)
    # where the object's corners land
    x0 = (W - ow) / 2 + rng.uniform(-0.3, 0.3) * (W - ow) / 2
    y0 = (H - oh) / 2 + rng.uniform(-0.3, 0.3) * (H - oh) / 2
    ang = math.radians(rng.uniform(-skew_deg, skew_deg))
    cx, cy = x0 + ow / 2, y0 + oh / 2
    corners = []
    for px, py in ((0, 0), (ow, 0), (ow, oh), (0, oh)):
        dx, dy = px - ow / 2, py - oh / 2
        rx = cx + dx * math.cos(ang) - dy * math.sin(ang)
        ry = cy + dx * math.sin(ang) + dy * math.cos(ang)
        corners.append((rx + rng.uniform(-tilt, tilt) * ow, ry + rng.uniform(-tilt, tilt) * oh))
    coeffs = _coeffs([(0, 0), (ow, 0), (ow, oh), (0, oh)], corners)
    warped = obj.transform(
        (W, H), Image.Transform.PERSPECTIVE, coeffs, resample=Image.Resampling.BILINEAR
    )
    # soft shadow
    alpha = warped.getchannel("A")
    shadow = alpha.filter(ImageFilter.GaussianBlur(max(2, W // 120)))
    off = max(2, W // 150)
    sh = Image.new("L", (W, H), 0)
    sh.paste(shadow, (off, off))
    bg = Image.composite(
        Image.new("RGB", (W, H), (20, 20, 20)), bg, sh.point(lambda v: int(v * 0.45))
    )
    bg.paste(warped.convert("RGB"), (0, 0), alpha)
    # light: a gradient from one side plus a soft hot spot, and a colour cast
    a = np.asarray(bg, dtype=np.float32)
    yy, xx = np.ogrid[0:H, 0:W]
    yy, xx = yy.astype(np.float32), xx.astype(np.float32)
    th = rng.uniform(0, 2 * math.pi)
    grad = (xx / W - 0.5) * math.cos(th) + (yy / H - 0.5) * math.sin(th)
    light = 1.0 + grad * rng.uniform(0.2, 0.45)
    hx, hy = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H
    spot = np.exp(-(((xx - hx) / (0.5 * W)) ** 2 + ((yy - hy) / (0.5 * H)) ** 2))
    light = light * (0.82 + 0.25 * spot)
    cast = np.array(
        rng.choice([(1.0, 0.97, 0.9), (0.95, 0.98, 1.04), (1.02, 1.0, 0.96), (1.0, 1.0, 1.0)]),
        np.float32,
    )
    a = a * light[..., None] * cast[None, None, :]
    a = _noise(a, gen, rng.uniform(2.5, 5.0))
    out = _to_img(a, "RGB").filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
    return turn(out, rotation)


# ------------------------------------------------------------------------ page helpers
def blank_back(front: Image.Image, rng: random.Random) -> Image.Image:
    """The empty back of a sheet, with the front faintly showing through."""
    ghost = ImageOps.mirror(front.convert("L")).filter(ImageFilter.GaussianBlur(2.0))
    k = rng.uniform(0.03, 0.09)
    a = np.asarray(ghost, dtype=np.float32)
    a = 255.0 - (255.0 - a) * k
    return _to_img(a, "L").convert(front.mode if front.mode in ("RGB", "L") else "RGB")


def a4_sheet(dpi: int) -> Image.Image:
    s = dpi / 25.4
    return Image.new("RGB", (round(210 * s), round(297 * s)), WHITE)


def place(
    sheet: Image.Image, obj: Image.Image, x_mm: float, y_mm: float, dpi: int, angle: float = 0.0
) -> None:
    s = dpi / 25.4
    o = obj.convert("RGBA")
    if angle:
        o = o.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    sheet.paste(o, (round(x_mm * s), round(y_mm * s)), o)


def fit(img: Image.Image, src_dpi: int, dst_dpi: int) -> Image.Image:
    if src_dpi == dst_dpi:
        return img
    k = dst_dpi / src_dpi
    return img.resize(
        (max(1, round(img.size[0] * k)), max(1, round(img.size[1] * k))),
        Image.Resampling.LANCZOS if k < 1 else Image.Resampling.BICUBIC,
    )
