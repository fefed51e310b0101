"""Number and date fields read again on their own (hand-filled forms).

Tesseract reads handwritten names well but misreads handwritten digits: narrow glyphs that
touch are merged ("038197165026" -> "03844345026"), and a number written one digit per
cell of a printed comb of boxes comes out as border garbage (``|0 |s |s |1 Ja |s``).
After the final reading of a page (or of a paper cut out of a photo):

1. *Candidates* (:func:`find_candidates`), found generically in the reading, not by label:
   runs of tokens on one line made of digits, digit look-alikes (O, l, S, Z, ...) and box
   border marks (|, [, J, Í, ...), with at least 6 digit-like characters (3 real digits,
   or a comb's 6 border marks), that are not a clean confident number (every token at
   least 85 and nothing but digits). A run with two slashes among its digits is a *date*
   candidate, unless it is a possible date read confidently (a hand-written 24/01/1977
   comes back as "21/94⁄41††"). Month/year pairs (07/2008), amounts (500.000) and vertical
   text are left alone; a wide gap ends a run. A comb's walls read with stray letters and
   signs between them ("[olo[r]li]s |s |7]: |s |5 |9 |š]"), six wall marks or more, and one
   unsure word of capitals are *comb* candidates: read again only where a comb is found.
   So is every comb seen in the page image that no candidate covers (:mod:`hoso.ocr.combs`):
   the words over it, or a placeholder where the reading has none (Tesseract drops a
   comb's line), dropped again when nothing is read there.
2. *Glyphs* (:func:`glyphs`), in a band of the image around the run: binarised; long
   horizontal rules removed; a *comb* is two rules with at least 7 regularly spaced walls
   between them (walls removed, one glyph per filled cell, the whole comb even when the
   run covered part of it); otherwise the components over the run, with the dots of a
   dotted guide line dropped (or cut off the glyphs), table walls removed, the ink of
   neighbouring lines ignored, pieces of a glyph merged and touching glyphs split at
   their thinnest column; glyphs going on past the run's right end at a glyph's spacing
   are the rest of the number (the first reading split it into words).
3. *Variants*: the glyphs of 5 segmentations (Otsu's threshold, lighter, darker, dots cut
   at two thresholds) laid out again 28 px high, bottoms aligned, well spaced, in 3
   renderings (as written, each glyph to full height, thickened): 9-15 lines (lines drawn
   alike stacked once), stacked with every other candidate's of the page into one image,
   read in *one* digits-only Tesseract run with character boxes (``eng``: it reads
   handwritten digits far better than ``vie``).
4. *Shapes* (:func:`shape_reading`): each segmentation's glyphs also go to a small digit
   classifier (:mod:`hoso.ocr.digits`), which reads shapes Tesseract reads wrong every
   time (a crossed 7 as 4); it votes per glyph with up to 3.5 votes (3.5 x its
   probability; none below 0.5), against Tesseract's 3 readings per segmentation.
5. *Vote* (:func:`vote`): each character goes to the glyph under it; glyph by glyph, the
   commonest reading wins (the first reading votes too, 1-3 times by its confidence, when
   it has as many digits as there are glyphs). A date's two slashes are the glyphs the
   classifier calls "/" (or where the first reading has them); its digits are voted on the
   same way, and the result must be a possible dd/mm/yyyy date, else the first reading
   stays (:func:`_decide_date`). The number replaces the run's tokens (and
   every token over a comb) as one word; its confidence is 40 + 55 x the share of
   readings that gave exactly that number (all agree: 95; split: below 80), the other
   readings go to ``Word.alts``, and the page's notes say what was re-read.

This module drives the re-read of a page (:func:`reread_numbers`); the steps live in
:mod:`hoso.ocr.number_candidates` (1), :mod:`hoso.ocr.number_bitmap` and
:mod:`hoso.ocr.number_glyphs` (2), :mod:`hoso.ocr.number_variants` (3, 4) and
:mod:`hoso.ocr.number_vote` (5).
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable

import numpy as np
from PIL import Image

from hoso.model import Word
from hoso.ocr import digits
from hoso.ocr.combs import comb_candidates, drop_placeholders
from hoso.ocr.image import otsu
from hoso.ocr.number_bitmap import render
from hoso.ocr.number_candidates import _EDGE, _LOOK, Candidate, _glued, find_candidates
from hoso.ocr.number_glyphs import Glyphs, glyphs
from hoso.ocr.number_variants import SHAPE_WEIGHT, Reading, Variant, shape_reading, variants
from hoso.ocr.number_vote import Reread, _decide, _Job, vote
from hoso.ocr.tess import Char, OcrResult

__all__ = [  # the number re-read, and what the tests look at in it
    "SHAPE_WEIGHT",
    "Candidate",
    "CharsFn",
    "Glyphs",
    "Reading",
    "Reread",
    "Variant",
    "find_candidates",
    "glyphs",
    "read_stack",
    "render",
    "reread_numbers",
    "shape_reading",
    "vote",
]

_MAX_STACK = 30000  # pixels: Tesseract refuses images over 32767 pixels high
_MAX_CANDIDATES = 40  # number fields re-read on a page: at most 5 on 304 dev pages

CharsFn = Callable[[Image.Image], list[Char]]  # a digits-only Tesseract run with char boxes


def stack(images: list[Image.Image], gap: int = 30) -> tuple[Image.Image, list[tuple[int, int]]]:
    width = max(i.width for i in images)
    height = sum(i.height for i in images) + gap * (len(images) - 1)
    canvas = Image.new("L", (width, height), 255)
    bands = []
    y = 0
    for img in images:
        canvas.paste(img, (0, y))
        bands.append((y, y + img.height))
        y += img.height + gap
    return canvas, bands


def read_stack(variants: list[Variant], read: CharsFn) -> list[Reading]:
    """All variants stacked in one image, read in one Tesseract run; each character goes
    to the glyph under its centre, each glyph to its reference glyph. One reading per
    variant, in order. Variants drawn alike (two segmentations that cut the same glyphs:
    a third of the lines on the independent corpus's pages) are stacked once, and each
    takes that line's characters."""
    images: list[Image.Image] = []
    line: list[int] = []  # each variant's image among ``images``
    drawn: dict[tuple[tuple[int, int], bytes], int] = {}
    for v in variants:
        k = drawn.setdefault((v.image.size, v.image.tobytes()), len(images))
        if k == len(images):
            images.append(v.image)
        line.append(k)
    read_lines = _read_lines(images, read)
    out = []
    for v, cs in zip(variants, (read_lines[k] for k in line), strict=True):
        got = [""] * len(v.spans)
        for ch in sorted(cs, key=lambda c: c.bbox[0]):
            if ch.text.isdigit() and v.spans:
                cx = (ch.bbox[0] + ch.bbox[2]) / 2
                k = min(range(len(v.spans)), key=lambda i: _dist(cx, v.spans[i]))
                got[k] += ch.text
        refd: list[str | None] = [None] * v.n_ref
        for k, r in enumerate(v.ref):
            if r is not None:
                refd[r] = (refd[r] or "") + got[k]
        conf = sum(c.conf for c in cs) / len(cs) if cs else 0.0
        out.append(Reading(v.label, refd, conf))
    return out


def _read_lines(images: list[Image.Image], read: CharsFn) -> list[list[Char]]:
    """The characters read on each image, the images stacked (in runs under Tesseract's
    image height limit) and read in one run each."""
    per: list[list[Char]] = []
    start = 0
    while start < len(images):
        end, height = start + 1, images[start].height
        while end < len(images) and height + 30 + images[end].height < _MAX_STACK:
            height += 30 + images[end].height
            end += 1
        img, bands = stack(images[start:end])
        part: list[list[Char]] = [[] for _ in bands]
        tops = [a for a, _ in bands]
        for ch in read(img):
            cy = (ch.bbox[1] + ch.bbox[3]) / 2
            k = bisect.bisect_right(tops, cy) - 1
            if 0 <= k < len(bands) and cy < bands[k][1]:
                part[k].append(ch)
        per += part
        start = end
    return per


def _dist(x: float, span: tuple[int, int]) -> float:
    a, b = span
    return 0.0 if a <= x <= b else min(abs(x - a), abs(x - b))


# ---------------------------------------------------------------------------- the page


def reread_numbers(
    image: Image.Image, result: OcrResult, read: CharsFn, notes: list[str]
) -> OcrResult:
    """``result`` with every number candidate read again on its own (see the module notes):
    its tokens (and, for a comb or a number reaching past the run, every token over it)
    replaced by one word holding
    the voted number, with a confidence from the agreement and the other readings in
    ``alts``. A candidate whose re-read gives nothing usable keeps its first reading.
    All the candidates of a page are read in one Tesseract run. ``image`` is the image
    ``result`` was read from."""
    cands = find_candidates(result)
    if len(cands) > _MAX_CANDIDATES:  # a form has a handful: this is a garbled reading
        notes.append(f"number re-read skipped: {len(cands)} candidates (a garbled reading)")
        return result
    gray = image if image.mode == "L" else image.convert("L")
    ink = np.asarray(gray) < otsu(gray.histogram())
    result, combs = comb_candidates(ink, result, cands)
    return drop_placeholders(_reread(gray, result, cands + combs, read, notes))


def _reread(
    gray: Image.Image, result: OcrResult, cands: list[Candidate], read: CharsFn, notes: list[str]
) -> OcrResult:
    if not cands:
        return result
    jobs: list[_Job] = []
    for cand in cands:
        cx = (cand.box[0] + cand.box[2]) / 2
        if any(
            j.cand.line == cand.line and j.x_range[0] - 1 <= cx <= j.x_range[1] + 1 for j in jobs
        ):
            continue  # part of a field already prepared (a comb read as two runs)
        job = _prepare(gray, result, cand)
        if job is not None:  # else nothing there to read (a dotted line read as digits)
            jobs.append(job)
    if not jobs:
        return result
    t0 = time.perf_counter()
    readings = read_stack([v for j in jobs for v in j.variants], read)
    seconds = (time.perf_counter() - t0) / len(jobs)
    k = 0
    done: dict[int, list[tuple[Candidate, Reread]]] = {}
    for job in jobs:
        job.readings = readings[k : k + len(job.variants)]
        k += len(job.variants)
        line = result.lines[job.cand.line]
        was = " ".join(w.text for w in line[job.cand.first : job.cand.last + 1])
        got = _decide(job)
        took = f"({job.seconds + seconds:.2f} s)"
        if isinstance(got, str):
            notes.append(f"number re-read: {got}; kept {was[:40]!r} {took}")
            continue
        notes.append(f"{got.note}, was {was[:40]!r} {took}")
        done.setdefault(job.cand.line, []).append((job.cand, got))
    if not done:
        return result
    return _replace(result, done)


def _prepare(gray: Image.Image, result: OcrResult, cand: Candidate) -> _Job | None:
    """The candidate's glyphs and variants, cut from a band of the page around it."""
    t0 = time.perf_counter()
    line = result.lines[cand.line]
    heights = sorted(w.bbox[3] - w.bbox[1] for w in line)
    line_h = float(heights[len(heights) // 2])
    x0 = max(0, round(cand.box[0] - 15 * line_h))  # room for the whole of a comb
    x1 = min(gray.width, round(cand.box[2] + 15 * line_h))
    y0 = max(0, round(cand.box[1] - 0.6 * line_h))
    y1 = min(gray.height, round(cand.box[3] + 0.6 * line_h))
    band = _level(gray.crop((x0, y0, x1, y1)), (cand.box[0] - x0, cand.box[2] - x0))
    span = (cand.box[0] - 0.3 * line_h - x0, cand.box[2] + 0.3 * line_h - x0)
    shapes: list[Reading] | None = [] if digits.available() else None
    rows = (cand.box[1] - y0, cand.box[3] - y0)
    vs, ref = variants(band, span, line_h, rows, shapes, open_left=cand.glued)
    if ref is None or not vs or (cand.kind == "comb" and ref.comb is None):
        return None  # nothing to read (no comb under what looked like one's garbage)
    words = line[cand.first : cand.last + 1]
    raw = "".join(_LOOK.get(ch, ch) for w in words for ch in w.text)
    raw = "".join(ch for ch in raw if ch.isdigit())
    raw_conf = min(w.conf for w in words)
    job = _Job(cand, vs, ref, x0, raw, raw_conf, time.perf_counter() - t0)
    job.shapes = shapes or []
    job.span_end = span[1]
    mapped = "".join(_LOOK.get(ch, ch) for w in words for ch in w.text.strip(_EDGE))
    job.first = "".join(ch for ch in mapped if ch.isdigit() or ch in "/⁄").replace("⁄", "/")
    return job


def _level(band: Image.Image, xs: tuple[float, float]) -> Image.Image:
    """The band turned level when its rules and text run at a slant (a page photographed
    at an angle is straight overall, not everywhere: a comb's rules slanting 1-2° break
    into runs too short to be rules). The angle is the one, in steps of a quarter degree up
    to 3°, under which the ink's rows are sharpest; the band turns about the field's
    middle, so the field stays where the reading has it."""
    small = band.reduce(2) if band.height >= 40 else band
    level = otsu(small.histogram())  # once: point() calls its function for every grey level
    ink = small.point(lambda v: 255 if v < level else 0)
    cx = (xs[0] + xs[1]) / 2 / (band.width / small.width)

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, center=(cx, ink.height / 2))
        rows = np.asarray(turned, dtype=np.float32).sum(axis=1)
        return float((rows * rows).sum())

    angles = [a / 4 for a in range(-_LEVEL_STEPS, _LEVEL_STEPS + 1)]
    scores = {a: sharpness(a) for a in angles}
    best = max(angles, key=lambda a: (scores[a], -abs(a)))
    if abs(best) < _LEVEL_MIN or scores[best] < _LEVEL_GAIN * scores[0.0]:
        return band
    return band.rotate(
        best,
        resample=Image.Resampling.BICUBIC,
        center=((xs[0] + xs[1]) / 2, band.height / 2),
        fillcolor=255,
    )


_LEVEL_STEPS = 12  # quarter degrees each way
_LEVEL_MIN = 0.5  # degrees: less is level enough
_LEVEL_GAIN = 1.1  # the rows' sharpness must gain this much


def _replace(result: OcrResult, done: dict[int, list[tuple[Candidate, Reread]]]) -> OcrResult:
    """The reading with each re-read field's tokens replaced by one word."""
    out = OcrResult()
    for li, (line, block) in enumerate(zip(result.lines, result.blocks, strict=True)):
        reads = done.get(li, [])
        new_line: list[Word] = []
        placed: set[int] = set()
        for k, w in enumerate(line):
            hit = next((n for n, (c, rr) in enumerate(reads) if _covers(c, rr, k, w)), None)
            if hit is None:
                new_line.append(w)
                continue
            if hit in placed:
                continue
            placed.add(hit)
            cand, rr = reads[hit]
            members = [x for j, x in enumerate(line) if _covers(cand, rr, j, x)]
            glued = cand.kind != "comb"  # a word of capitals over a comb is all comb
            before = _outside(_glued(members[0], first=True), rr) if glued else None
            after = _outside(_glued(members[-1], first=False), rr) if glued else None
            if before is not None:
                new_line.append(before)
            new_line.append(
                Word(
                    text=rr.text,
                    conf=rr.conf,
                    bbox=(
                        rr.x0,
                        min(x.bbox[1] for x in members),
                        rr.x1,
                        max(x.bbox[3] for x in members),
                    ),
                    line=w.line,
                    block=w.block,
                    alts=rr.alts,
                    unanimous=rr.unanimous,
                )
            )
            if after is not None:
                new_line.append(after)
        out.lines.append(new_line)
        out.blocks.append(block)
        out.words.extend(new_line)
    return out


def _outside(piece: Word | None, rr: Reread) -> Word | None:
    """A piece glued to the number's first or last token, unless it lies over the comb
    the re-read found: the comb's own cells read as garbage ("[@[@" and "e[4[s[s[2[e[s[z|"
    around 001304882092, dev41 19766), not a label's words ("nhân:" before the walls)."""
    if piece is None or not rr.comb:
        return piece
    return None if rr.x0 <= (piece.bbox[0] + piece.bbox[2]) / 2 <= rr.x1 else piece


def _covers(cand: Candidate, rr: Reread, k: int, w: Word) -> bool:
    """Token ``k`` of the line is part of the re-read field: one of the candidate's
    tokens, or any token over the comb (or the number reaching past the run)."""
    if cand.first <= k <= cand.last:
        return True
    return rr.whole and rr.x0 <= (w.bbox[0] + w.bbox[2]) / 2 <= rr.x1
