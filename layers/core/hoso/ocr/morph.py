"""Grey-level morphology and background division in numpy, pixel for pixel what PIL gives.

PIL's ``MaxFilter``/``MinFilter`` sort every pixel's whole square window (a 7 x 7 max
filter looks at 49 values a pixel) and ``ImageMath`` builds 32-bit images of the page for
every operation: together they were a fifth of the OCR stage's own Python time on mixed
scans (``tests/bench/ocr_passes.py``). The same results here:

- :func:`max_filter`, :func:`min_filter`: a square window is a row window then a column
  window (max and min are separable), the image's edge pixels repeated outward as PIL
  does (``Image.expand``); so a k x k window costs 2k array passes. Three 3 x 3 max filters
  in a row equal one 7 x 7 (the window grows by one pixel a side each time, and repeating
  the edge commutes with the max).
- :func:`divide_background`: ``min(page * 255 // (background + 1), 255)`` (what
  ``ImageMath`` computed in 32-bit integers) looked up in a 256 x 256 table.

``tests/unit/test_ocr_morph.py`` checks each against PIL on random and real images.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image

_Reduce = Callable[..., np.ndarray]

_LEVELS = np.arange(256, dtype=np.int64)
# _DIVIDE[background * 256 + page] = min(page * 255 // (background + 1), 255)
_DIVIDE = (
    np.minimum((_LEVELS[None, :] * 255) // (_LEVELS[:, None] + 1), 255).astype(np.uint8).ravel()
)


def _gray(img: Image.Image) -> np.ndarray:
    if img.mode != "L":
        raise ValueError(f"grey (L) image expected, got {img.mode}")
    return np.asarray(img)


def _rank(img: Image.Image, size: int, reduce: _Reduce) -> Image.Image:
    if size < 1 or size % 2 == 0:
        raise ValueError("the window must be an odd number of pixels")
    a = _gray(img)
    if size == 1 or a.size == 0:
        return img.copy()
    r = size // 2
    h, w = a.shape
    padded = np.pad(a, r, mode="edge")
    across = padded[:, 0:w].copy()
    for k in range(1, size):
        reduce(across, padded[:, k : k + w], out=across)
    out = across[0:h].copy()
    for k in range(1, size):
        reduce(out, across[k : k + h], out=out)
    return Image.fromarray(out, "L")


def max_filter(img: Image.Image, size: int) -> Image.Image:
    """``img.filter(ImageFilter.MaxFilter(size))`` for a grey image."""
    return _rank(img, size, np.maximum)


def min_filter(img: Image.Image, size: int) -> Image.Image:
    """``img.filter(ImageFilter.MinFilter(size))`` for a grey image."""
    return _rank(img, size, np.minimum)


def divide_background(page: Image.Image, background: Image.Image) -> Image.Image:
    """The page divided by its background, scaled so the background turns white:
    ``min(page * 255 // (background + 1), 255)`` per pixel (both grey, the same size)."""
    a, b = _gray(page), _gray(background)
    if a.shape != b.shape:
        raise ValueError("the page and its background differ in size")
    index = (b.astype(np.uint16) << 8) | a
    return Image.fromarray(_DIVIDE[index], "L")
