"""Ink on a grid of text-line-sized cells: the long runs of ink that are rules and edges,
the share of ink in each cell, the dense cells that are a line of bold print, and the
blocks marked cells make (:mod:`hoso.ocr.unread` looks for text a reading skipped so)."""

from __future__ import annotations

import numpy as np

from hoso.ocr.combs import inked_for

MAX_INK = 0.40  # a text-like cell's share of ink at most
BOLD_INK = 0.75  # a cell of bold print has at most this share of ink (a picture's more)


def long_runs(ink: np.ndarray, length: int) -> np.ndarray:
    """Pixels of horizontal runs of ink at least ``length`` long (rules, a card's edge:
    printed text has gaps between its glyphs): the windows all inked
    (:func:`hoso.ocr.combs.inked_for`) spread over the ``length`` pixels they cover, by
    doubling shifts (a few boolean passes: a 12-megapixel page in a tenth of a second)."""
    h, w = ink.shape
    if w < length:
        return np.zeros_like(ink)
    out = np.zeros((h, w), dtype=bool)
    out[:, : w - length + 1] = inked_for(ink, length)  # the window starting at x all ink
    span = 1  # out[:, x]: a window starts in (x - span, x]
    while span * 2 <= length:
        out[:, span:] |= out[:, :-span].copy()
        span *= 2
    if span < length:  # the last step overlaps
        rest = length - span
        out[:, rest:] |= out[:, :-rest].copy()
    return out


def cells(ink: np.ndarray, cell: int) -> np.ndarray:
    """Share of ink in each ``cell`` x ``cell`` square."""
    h, w = ink.shape
    rows, cols = h // cell, w // cell
    sq = ink[: rows * cell, : cols * cell].reshape(rows, cell, cols, cell)
    share: np.ndarray = sq.mean(axis=(1, 3))
    return share


def bold_lines(share: np.ndarray) -> np.ndarray:
    """Cells denser than text-like but not solid, in a run along a row with no dense cell
    in the rows above and below it: a line of large bold print ("21/12/2025" under a card's
    photo), not a picture (an emblem's or a photo's dense cells are stacked)."""
    heavy = share > MAX_INK
    rows, cols = heavy.shape
    padded = np.pad(heavy, 1)
    near = np.zeros_like(heavy)  # a dense cell above or below, or diagonally so
    for dy in (0, 2):
        for dx in (0, 1, 2):
            near |= padded[dy : dy + rows, dx : dx + cols]
    out = np.zeros_like(heavy)
    for r in range(rows):
        c = 0
        while c < cols:
            if not heavy[r, c]:
                c += 1
                continue
            end = c
            while end < cols and heavy[r, end]:
                end += 1
            run = share[r, c:end]
            out[r, c:end] = bool((run <= BOLD_INK).all()) and not near[r, c:end].any()
            c = end
    return out


def blocks(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (row0, col0, row1, col1, exclusive) of 8-connected marked cells."""
    seen = np.zeros_like(mask, dtype=bool)
    rows, cols = mask.shape
    out: list[tuple[int, int, int, int]] = []
    for r in range(rows):
        for c in range(cols):
            if not mask[r, c] or seen[r, c]:
                continue
            stack, seen[r, c] = [(r, c)], True
            r0, c0, r1, c1, n = r, c, r, c, 0
            while stack:
                y, x = stack.pop()
                n += 1
                r0, c0, r1, c1 = min(r0, y), min(c0, x), max(r1, y), max(c1, x)
                for dy in (-1, 0, 1):
                    for dx in (-1, 0, 1):
                        yy, xx = y + dy, x + dx
                        if 0 <= yy < rows and 0 <= xx < cols and mask[yy, xx] and not seen[yy, xx]:
                            seen[yy, xx] = True
                            stack.append((yy, xx))
            if n >= 3:
                out.append((r0, c0, r1 + 1, c1 + 1))
    return out
