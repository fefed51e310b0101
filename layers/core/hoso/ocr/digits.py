"""A small classifier for handwritten digits, one glyph at a time (number fields re-read).

Tesseract's ``eng`` model reads most handwriting-style digits but reads some shapes wrong
every time, whatever the binarisation: a crossed 7 comes back as 4 or 1, an open 4 as 1.
Voting over many readings cannot fix an error every reading makes. This classifier looks
at the glyph's shape instead: a one-hidden-layer network over the glyph scaled into a
20 x 20 box (aspect kept) on a 24 x 24 grid, with its aspect ratio, giving 0-9, a date's
slash, or "not one digit" (a fragment, two touching digits, a stray mark).

The weights (``digits.npz``, about 400 KB) are trained by ``infra/digits/train.py`` on
digits drawn in fonts that the independent evaluation corpus does not use (handwriting
and typed faces from the npm registry's ``@fontsource`` packages), distorted the way
scans and photos distort them, with shapes of Vietnamese handwriting that fonts rarely
draw (a crossed 7, a 1 with a long flag) and a dotted guide line merged under the glyph.
:func:`normalise` is shared by training and reading.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image

GRID = 24  # the glyph is placed on a GRID x GRID canvas
BOX = 20  # scaled to fit a BOX x BOX square, aspect kept
CLASSES = "0123456789/"  # then: not one digit (index REJECT)
REJECT = len(CLASSES)
MODEL = Path(__file__).with_name("digits.npz")


def normalise(glyph: Image.Image) -> np.ndarray:
    """The features of one glyph (ink 255 on 0, cropped to its box): GRID x GRID pixels
    in 0..1, then the glyph's height-to-width ratio (capped at 6) / 6."""
    w, h = glyph.size
    s = BOX / max(w, h, 1)
    nw, nh = max(1, round(w * s)), max(1, round(h * s))
    small = glyph.resize((nw, nh), Image.Resampling.BILINEAR)
    canvas = Image.new("L", (GRID, GRID), 0)
    canvas.paste(small, ((GRID - nw) // 2, (GRID - nh) // 2))
    px = np.asarray(canvas, dtype=np.float32).reshape(-1) / 255.0
    ratio = min(6.0, h / max(1, w)) / 6.0
    return np.concatenate([px, np.array([ratio], dtype=np.float32)])


@cache
def _weights() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    with np.load(MODEL) as z:
        return z["w1"], z["b1"], z["w2"], z["b2"]


def available() -> bool:
    return MODEL.is_file()


def probabilities(features: np.ndarray) -> np.ndarray:
    """Class probabilities (n x (len(CLASSES) + 1)) for a batch of :func:`normalise` rows."""
    w1, b1, w2, b2 = _weights()
    hidden = np.maximum(features @ w1 + b1, 0.0)
    logits = hidden @ w2 + b2
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


def classify(glyphs: list[Image.Image]) -> list[tuple[str | None, float]]:
    """Each glyph's digit or "/" (None: neither) and the classifier's probability for it."""
    if not glyphs:
        return []
    p = probabilities(np.stack([normalise(g) for g in glyphs]))
    out: list[tuple[str | None, float]] = []
    for row in p:
        k = int(row.argmax())
        out.append((None if k == REJECT else CLASSES[k], float(row[k])))
    return out
