"""hoso.ocr.morph gives what PIL's filters and ImageMath gave, pixel for pixel."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFilter, ImageMath

from hoso.ocr import image as ocr_image
from hoso.ocr.morph import divide_background, max_filter, min_filter


def _random(w: int, h: int, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (h, w), dtype=np.uint8), "L")


def _blobs(w: int, h: int, seed: int) -> Image.Image:
    """Sparse dark marks on light paper (where edge handling and ties show)."""
    rng = np.random.default_rng(seed)
    a = np.full((h, w), 230, dtype=np.uint8)
    ys, xs = rng.integers(0, h, 40), rng.integers(0, w, 40)
    a[ys, xs] = rng.integers(0, 120, 40, dtype=np.uint8)
    a[0, :] = 10  # ink on the edges too
    a[:, -1] = 20
    return Image.fromarray(a, "L")


SIZES = [(1, 1), (2, 3), (7, 5), (64, 48), (301, 199)]


@pytest.mark.parametrize("w,h", SIZES)
@pytest.mark.parametrize("size", [3, 5, 7])
def test_rank_filters_equal_pil(w: int, h: int, size: int) -> None:
    for img in (_random(w, h, size), _blobs(w, h, size)):
        assert max_filter(img, size).tobytes() == img.filter(ImageFilter.MaxFilter(size)).tobytes()
        assert min_filter(img, size).tobytes() == img.filter(ImageFilter.MinFilter(size)).tobytes()


def test_one_seven_window_equals_three_threes() -> None:
    img = _blobs(120, 90, 1)
    three = img
    for _ in range(3):
        three = three.filter(ImageFilter.MaxFilter(3))
    assert max_filter(img, 7).tobytes() == three.tobytes()


def test_rank_filter_rejects_even_windows_and_colour() -> None:
    with pytest.raises(ValueError):
        max_filter(_random(10, 10, 0), 4)
    with pytest.raises(ValueError):
        max_filter(Image.new("RGB", (10, 10)), 3)


def _imagemath_division(page: Image.Image, bg: Image.Image) -> Image.Image:
    out: Image.Image = ImageMath.lambda_eval(
        lambda a: a["convert"](a["min"](a["a"] * 255 / (a["b"] + 1), 255), "L"), a=page, b=bg
    )
    return out


def test_division_equals_imagemath_on_every_pair_of_levels() -> None:
    levels = np.arange(256, dtype=np.uint8)
    page = Image.fromarray(np.tile(levels, (256, 1)), "L")  # page level along x
    bg = Image.fromarray(np.tile(levels[:, None], (1, 256)), "L")  # background along y
    assert divide_background(page, bg).tobytes() == _imagemath_division(page, bg).tobytes()


def test_flatten_background_unchanged_on_a_shaded_page() -> None:
    """The whole flattening (eighth-size copy, max filter, blur, division) as it was."""
    rng = np.random.default_rng(3)
    y, x = np.mgrid[0:800, 0:600]
    paper = 250 - (x / 600 * 90 + y / 800 * 40)  # light falling off to a corner
    a = paper.copy()
    for _ in range(60):  # text-like dark strokes
        r, c = rng.integers(0, 790), rng.integers(0, 560)
        a[r : r + 4, c : c + 40] *= 0.3
    gray = Image.fromarray(a.clip(0, 255).astype(np.uint8), "L")
    small = gray.reduce(8)
    bg = (
        small.filter(ImageFilter.MaxFilter(7))
        .filter(ImageFilter.BoxBlur(4))
        .resize(gray.size, Image.Resampling.BILINEAR)
    )
    assert ocr_image.flatten_background(gray).tobytes() == _imagemath_division(gray, bg).tobytes()


def test_division_rejects_different_sizes() -> None:
    with pytest.raises(ValueError):
        divide_background(_random(10, 10, 0), _random(11, 10, 0))
