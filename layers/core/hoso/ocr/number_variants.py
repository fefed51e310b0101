"""The variants of a number field (:mod:`hoso.ocr.numbers`, steps 3 and 4): its glyphs
from several segmentations, each laid out in several renderings for Tesseract, and each
segmentation's glyphs put to the digit classifier."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from hoso.ocr import digits
from hoso.ocr.image import otsu
from hoso.ocr.number_glyphs import Glyphs, assemble, glyphs


@dataclass
class Variant:
    label: str
    image: Image.Image
    spans: list[tuple[int, int]]  # x-range of each glyph in the image
    ref: list[int | None]  # the reference glyph each glyph stands for
    n_ref: int  # glyphs of the reference segmentation


@dataclass
class Reading:
    label: str
    per_glyph: list[str | None]  # digits read over each reference glyph (None: no opinion)
    conf: float
    weight: float = 1.0  # votes it casts
    weights: list[float] | None = None  # votes per glyph, when they differ (shape readings)

    @property
    def complete(self) -> bool:
        return all(g is not None for g in self.per_glyph)

    @property
    def text(self) -> str:
        return "".join(g or "" for g in self.per_glyph)


# (label, threshold offset from Otsu's, dots cut off the glyphs): the first is the reference
SEGMENTATIONS = (
    ("otsu", 0, False),
    ("light", -25, False),
    ("dark", 20, False),
    ("otsu-cut", 0, True),
    ("light-cut", -25, True),
)
# (label, glyph height, each glyph to that height, thickened by, gap)
RENDERS = (
    ("", 28, False, 0, 0.4),
    ("norm", 28, True, 0, 0.4),
    ("bold", 28, False, 1, 0.4),
)


def variants(
    band: Image.Image,
    span: tuple[float, float],
    line_h: float,
    rows: tuple[float, float] | None = None,
    shapes: list[Reading] | None = None,
    open_left: int = 0,
) -> tuple[list[Variant], Glyphs | None]:
    """Every binarisation x rendering of the field; the Otsu glyphs are the reference,
    unless another threshold finds more cells of a comb (a wall too faint or too broken
    at Otsu's merges two cells). With ``shapes``, each segmentation's glyphs are also put
    to the digit classifier (:func:`shape_reading`), one reading per segmentation
    appended to it."""
    base = otsu(band.histogram())
    out: list[Variant] = []
    segs = [
        (tlabel, glyphs(band, max(1, min(254, base + delta)), span, line_h, cut, rows, open_left))
        for tlabel, delta, cut in SEGMENTATIONS
        if not cut
    ]
    ref = max((g for _, g in segs), key=lambda g: len(g.comb.cells) if g.comb else 0)
    if ref.comb is None:
        ref = segs[0][1]
        segs += [  # guide line dots cut off: not in a comb
            (
                tlabel,
                glyphs(band, max(1, min(254, base + delta)), span, line_h, cut, rows, open_left),
            )
            for tlabel, delta, cut in SEGMENTATIONS
            if cut
        ]
    else:  # only the thresholds that see the same cells: the others' glyphs straddle them
        n = len(ref.comb.cells)
        segs = [(t, g) for t, g in segs if g.comb is not None and len(g.comb.cells) == n]
    if not ref.images:
        return [], ref
    for tlabel, g in segs:
        if not g.images:
            continue
        mapping = _map(g.xs, ref.xs)
        if shapes is not None:
            shapes.append(shape_reading(tlabel, g, mapping, len(ref.images)))
        for rlabel, target, norm, bold, gap in RENDERS:
            img, spans = assemble(g, target=target, per_glyph=norm, bold=bold, gap=gap)
            label = f"{tlabel}{'+' + rlabel if rlabel else ''}"
            out.append(Variant(label, img, spans, mapping, len(ref.images)))
    return out, ref


SHAPE_WEIGHT = 3.5  # votes of a certain shape reading per glyph (Tesseract: 3 per segmentation)
SHAPE_MIN_P = 0.5  # below this the classifier gives no opinion on a glyph


def shape_reading(label: str, g: Glyphs, mapping: list[int | None], n_ref: int) -> Reading:
    """The digit classifier's reading of one segmentation's glyphs (:mod:`hoso.ocr.digits`):
    per reference glyph the digit it sees, weighing ``SHAPE_WEIGHT`` x its probability (no
    opinion when it is unsure or sees no single digit there)."""
    per: list[str | None] = [None] * n_ref
    weights = [0.0] * n_ref
    probs = []
    for (digit, p), r in zip(digits.classify(g.images), mapping, strict=True):
        probs.append(p)
        if r is None or digit is None or p < SHAPE_MIN_P:
            continue
        per[r] = (per[r] or "") + digit
        weights[r] = max(weights[r], SHAPE_WEIGHT * p)
    conf = 100 * sum(probs) / len(probs) if probs else 0.0
    return Reading(f"shape:{label}", per, conf, weights=weights)


def _map(xs: list[tuple[int, int]], ref: list[tuple[int, int]]) -> list[int | None]:
    """Each glyph's reference glyph: the one it overlaps by half the narrower width."""
    out: list[int | None] = []
    for a, b in xs:
        hits = [
            i for i, (c, d) in enumerate(ref) if min(b, d) - max(a, c) >= 0.5 * min(b - a, d - c)
        ]
        out.append(hits[0] if len(hits) == 1 else None)
    return out
