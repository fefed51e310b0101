"""Text a reading skipped: blocks of ink no word covers, read again on their own.

Tesseract's page layout analysis takes a small block of text beside a picture for part of
the picture and leaves it out: on a photographed ID card, the expiry date printed under the
holder's photo ("Có giá trị đến / Date of expiry / 06/02/2025") is lost this way although,
cut out and read alone, it reads cleanly. The card's validity then cannot be judged.

After the final reading of a small paper (a card, or a photo of one):

1. the ink (Otsu's threshold) is taken off under every word read, with a margin;
2. what remains is looked at in cells of about a text line's height: a cell with some ink
   but not a solid area (a photo, a QR code, an emblem are mostly solid or empty) is
   text-like, and so is a row of denser cells with light rows above and below (a line of
   large bold print); text-like cells touching each other make a block;
3. blocks a few lines high and at least two cells wide are cut out, stacked one under the
   other on a white page and read in *one* Tesseract run (``psm 6``: a block of text);
   a block holding what is left of a picture once its solid ink went with the rules (a
   portrait's outline) is in that run, and when there are others they are read once more
   without it: stacked above the expiry date, a portrait's remains made Tesseract read
   nothing of the date (dev32 17501, an expired card received), while a date sharing a
   block with them reads best among all the blocks (which it does, on seven cards of
   dev32–33, and not alone or on a sheet cleaned of the picture);
4. the words read surely enough (confidence, letters or digits) go back to where they were
   found on the paper, as lines of blocks of their own; a whole date is kept however
   unsurely read (a clean "29/04/2023" at 0: the second reader reads it after this).

A block that reads as nothing (a signature, the photo's edge) adds nothing: what the
reading had is never changed, and a word read again over a word it has is not added.

On a page whose title was read, only lines of the body are looked for (``body``): Tesseract's
layout analysis drops a few lines of a form between lines it reads (a typewriter face's
dashes at the start of each line taken for a column of their own: "- Số CCCD: 0940…",
"- Ngày sinh: …" gone, the lines around them read), or a hand-written value after its
label ("Số định danh cá nhân:" read in a two-column form's right column, the number not).
Such a block starts at the body's left margin and is a label and its value wide (up to a
dozen lines of it are read again at once), or starts right after a label read on the same
line, and then goes on that line. Its numbers are kept however unsure (a hand-written "094068550469" comes back as
"0#4068530%6"): the number fields are read again after this (:mod:`hoso.ocr.numbers`), and
need the digits where they are; its other words keep the confidence floor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from statistics import median

import numpy as np
from PIL import Image

from hoso.model import Word
from hoso.ocr.image import otsu
from hoso.ocr.inkgrid import MAX_INK, blocks, bold_lines, cells, long_runs
from hoso.ocr.number_candidates import MIN_DIGITS, _token
from hoso.ocr.tess import OcrResult
from hoso.text import fold

_MIN_INK = 0.04  # a text-like cell's share of ink at least
_MAX_LINES = 6  # a block taller than this many text lines is a picture, not skipped text
_MAX_BLOCKS = 6  # blocks read again per paper (the run's cost stays bounded)
_MIN_CONF = 60.0  # words of a block kept at least this sure
_RULE_LINES = 3  # a straight run of ink this many text lines long is a rule or an edge
_GAP = 0.6  # white space between stacked blocks, in text-line heights
_COARSE_LINE = 12  # pixels a text line when looking at a reduced copy
_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
_COUNTRY = ("cong hoa xa hoi chu nghia", "socialist republic")  # the national header
# a page's body lines the reading skipped (``body``): Tesseract's layout analysis drops a
# few lines of a form between lines it reads (a typewriter face's dashes taken for a column)
_BODY_LINES = 12  # a skipped run of body lines is at most this many text lines high
_BODY_WIDTH = 6  # and at least this many text-line heights wide (a label and its value)
_BODY_MARGIN = 2.0  # and starts within this many text-line heights of the body's margin


def reads_a_title(result: OcrResult) -> bool:
    """Whether the reading has a title: a line of three words or more, in capitals, other
    than the country's name at the top of every official paper. A page whose reading has
    none may have had its title skipped (a large bold line between the motto and the
    body, taken for a picture): its skipped blocks are worth a second look."""
    for line in result.lines:
        letters = [ch for w in line for ch in w.text if ch.isalpha()]
        if len(line) < 3 or len(letters) < 12:
            continue
        if sum(ch.isupper() for ch in letters) < 0.85 * len(letters):
            continue
        folded = fold(" ".join(w.text for w in line))
        if not any(c in folded for c in _COUNTRY):
            return True
    return False


def _margin(words: list[Word]) -> float:
    """The body's left margin: where the leftmost tenth of the lines of two sure words or
    more start (a crumb read at the paper's edge does not move it)."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    lefts = sorted(
        min(w.bbox[0] for w in ln)
        for ln in lines.values()
        if len(ln) >= 2 and any(w.conf >= _MIN_CONF for w in ln)
    )
    return lefts[len(lefts) // 10] if lefts else 0.0


def _in_body(
    block: tuple[int, int, int, int], cell: int, margin: float, labels: list[Word]
) -> bool:
    """Whether a block of cells (row0, col0, row1, col1; ``cell`` image pixels a side) is
    lines of the body the reading skipped: lines starting at its left ``margin``, a label
    and its value wide, or a value right after its label (``labels``: words read ending in
    a colon) on the same line."""
    r0, c0, r1, c1 = block
    if r1 - r0 > _BODY_LINES or c1 - c0 < 2:
        return False
    if c0 * cell <= margin + _BODY_MARGIN * cell and c1 - c0 >= _BODY_WIDTH:
        return True
    x0, top, foot = c0 * cell, r0 * cell, r1 * cell
    return any(
        top <= (w.bbox[1] + w.bbox[3]) / 2 <= foot and x0 - 2 * cell <= w.bbox[2] <= x0 + cell
        for w in labels
    )


Box = tuple[int, int, int, int]


def skipped_blocks(
    image: Image.Image, words: list[Word], *, coarse: bool = False, body: bool = False
) -> list[Box]:
    """Boxes (x0, y0, x1, y1, image pixels) of text-like ink that no word covers
    (:func:`find_blocks`)."""
    return [box for box, _ in find_blocks(image, words, coarse=coarse, body=body)]


def find_blocks(
    image: Image.Image, words: list[Word], *, coarse: bool = False, body: bool = False
) -> list[tuple[Box, bool]]:
    """Boxes (x0, y0, x1, y1, image pixels) of text-like ink that no word covers, each with
    whether it holds a picture's remains: cells solid with ink before the rules and edges
    were taken off (a portrait's face and shoulders are long runs both ways; what is left
    of them looks like text, and may share a block with a date beside it).

    ``coarse``: look at a copy reduced to about a dozen pixels a text line (a page at
    300 dpi: a quarter of the size, a sixteenth of the work); the boxes are the page's.
    ``body``: only lines of the page's body, up to ``_BODY_LINES`` of them at once
    (:func:`_in_body`: a signature, a seal or a picture beside the text is left alone)."""
    heights = [w.bbox[3] - w.bbox[1] for w in words if w.conf >= _MIN_CONF and len(w.text) >= 3]
    if len(heights) < 5:
        return []
    full_line = max(6, round(median(heights)))
    f = max(1, full_line // _COARSE_LINE) if coarse else 1
    line = max(6, round(full_line / f))
    gray = image.convert("L")
    if f > 1:
        gray = gray.reduce(f)
    threshold = otsu(gray.histogram())
    ink = np.asarray(gray) < threshold
    pad = round(0.3 * line)
    h, w = ink.shape
    for word in words:
        x0, y0, x1, y1 = (round(v / f) for v in word.bbox)
        ink[max(0, y0 - pad) : min(h, y1 + pad), max(0, x0 - pad) : min(w, x1 + pad)] = False
    rule = _RULE_LINES * line
    whole = cells(ink, line)
    ink &= ~(long_runs(ink, rule) | long_runs(ink.T, rule).T)
    share = cells(ink, line)
    text_like = (share >= _MIN_INK) & (share <= MAX_INK)
    bold = bold_lines(share)
    boxes: list[tuple[Box, bool]] = []
    margin = _margin(words) if body else 0.0
    labels = [w for w in words if body and w.conf >= _MIN_CONF and w.text.endswith(":")]
    for r0, c0, r1, c1 in blocks(text_like | bold):
        if body:
            if not _in_body((r0, c0, r1, c1), line * f, margin, labels):
                continue
        elif c1 - c0 < 2 or r1 - r0 > _MAX_LINES:
            continue
        # the solid cells inside (a picture) make it no block of text; bold print is text
        cut = (slice(r0, r1), slice(c0, c1))
        if _solid(share[cut], bold[cut]):
            continue
        pictured = _solid(whole[cut], bold[cut])
        x0, y0 = max(0, c0 * line - pad), max(0, r0 * line - pad)
        x1, y1 = min(w, c1 * line + pad), min(h, r1 * line + pad)
        iw, ih = image.size
        boxes.append(((x0 * f, y0 * f, min(iw, x1 * f), min(ih, y1 * f)), pictured))
    boxes.sort(key=lambda b: (b[0][2] - b[0][0]) * (b[0][3] - b[0][1]), reverse=True)
    return sorted(boxes[:_MAX_BLOCKS], key=lambda b: (b[0][1], b[0][0]))


def _solid(share: np.ndarray, bold: np.ndarray) -> bool:
    """Whether a block's cells are a picture's: a quarter of them denser than text, bold
    print aside."""
    return bool(((share > MAX_INK) & ~bold).mean() > 0.25)


def read_skipped(
    image: Image.Image,
    result: OcrResult,
    read: Callable[[Image.Image], OcrResult],
    notes: list[str],
    *,
    coarse: bool = False,
    body: bool = False,
) -> OcrResult:
    """``result`` with the text of the blocks it skipped read again and added (``read``:
    one Tesseract run, psm 6, on the blocks stacked, and one more without those holding a
    picture's remains, when some do: stacked above a date, a portrait's remains made
    Tesseract read nothing of it, dev32 17501; a date sharing a block with such remains,
    read without the other blocks, came out worse); ``result`` itself when none read.
    ``coarse``, ``body``: see :func:`skipped_blocks` (pages; a card is looked at in full).
    A word read again where the reading has one already is not added twice; in a body
    line, a number however unsure is kept (the number fields are read again after this),
    and anywhere a whole date (the second reader reads it again after this)."""
    found = find_blocks(image, result.words, coarse=coarse, body=body)
    if not found:
        return result
    gray = image.convert("L")
    gap = round(_GAP * max(10.0, median(w.bbox[3] - w.bbox[1] for w in result.words)))
    block = max((w.block for w in result.words), default=0) + 1
    line_no = max((w.line for w in result.words), default=0)
    added: list[list[Word]] = []
    plain = [box for box, pictured in found if not pictured]
    for boxes in [[box for box, _ in found]] + ([plain] if 0 < len(plain) < len(found) else []):
        had = result.words + [w for ln in added for w in ln]
        for ln in _read_stacked(gray, boxes, read, gap):
            keep = [w for w in ln if _kept(w, body) and not _over_read(w, had)]
            if keep:
                line_no += 1
                added.append([replace(w, line=line_no, block=block) for w in keep])
    if not added:
        return result
    notes.append(
        f"{len(found)} block(s) of text the reading skipped read again: "
        f"{sum(len(ln) for ln in added)} word(s) added"
    )
    return _added(result, added, block, body)


def _read_stacked(
    gray: Image.Image, boxes: list[Box], read: Callable[[Image.Image], OcrResult], gap: int
) -> list[list[Word]]:
    """The lines read off ``boxes`` cut out and stacked one under the other on a white
    sheet, in one run, each word moved back to where it is on the paper."""
    width = max(b[2] - b[0] for b in boxes) + 2 * gap
    height = sum(b[3] - b[1] + gap for b in boxes) + gap
    sheet = Image.new("L", (width, height), 255)
    slots: list[tuple[int, int, Box]] = []  # top, bottom, box
    top = gap
    for box in boxes:
        sheet.paste(gray.crop(box), (gap, top))
        slots.append((top, top + box[3] - box[1], box))
        top += box[3] - box[1] + gap
    lines: list[list[Word]] = []
    for ln in read(sheet).lines:
        moved: list[Word] = []
        for w in ln:
            yc = (w.bbox[1] + w.bbox[3]) / 2
            slot = next((s for s in slots if s[0] <= yc <= s[1]), None)
            if slot is not None:
                moved.append(_moved(w, slot[2][0] - gap, slot[2][1] - slot[0]))
        lines.append(moved)
    return lines


def _kept(w: Word, body: bool) -> bool:
    """A word read again worth adding: letters or digits, read surely enough, or a number
    in a body line, or a whole date."""
    if not any(ch.isalnum() for ch in w.text):
        return False
    return w.conf >= _MIN_CONF or (body and _numberish(w)) or _a_date(w)


def _moved(w: Word, dx: float, dy: float) -> Word:
    x0, y0, x1, y1 = w.bbox
    return replace(w, bbox=(x0 + dx, y0 + dy, x1 + dx, y1 + dy))


def _added(result: OcrResult, added: list[list[Word]], block: int, body: bool) -> OcrResult:
    """``result`` with the lines read again: each where it goes in the reading order, or, in
    a body, a value after its label on the label's line (:func:`_continued`)."""
    lines, blocks = list(result.lines), list(result.blocks)
    words = list(result.words)
    for ln in added:
        at = _continued(lines, ln) if body else None
        if at is not None:  # a value after its label: it goes on the label's line
            ln = [replace(w, line=lines[at][-1].line, block=lines[at][-1].block) for w in ln]
            lines[at] = [*lines[at], *ln]
        else:
            at = _place(lines, ln)
            lines.insert(at, ln)
            blocks.insert(at, block)
        words.extend(ln)
    return OcrResult(words=words, lines=lines, blocks=blocks)


def _continued(lines: list[list[Word]], line: list[Word]) -> int | None:
    """The line read that ``line`` is the value of: a line ending in a label (its last
    word's colon), as high as ``line``, whose height holds ``line``'s middle and whose end
    ``line`` starts just past (within a few text lines); None when no line is."""
    yc = sum((w.bbox[1] + w.bbox[3]) / 2 for w in line) / len(line)
    x0 = min(w.bbox[0] for w in line)
    own = max(w.bbox[3] for w in line) - min(w.bbox[1] for w in line)
    for i, other in enumerate(lines):
        if not other or not other[-1].text.endswith(":"):
            continue
        top, foot = min(w.bbox[1] for w in other), max(w.bbox[3] for w in other)
        end, height = other[-1].bbox[2], foot - top
        if height > 2 * own or own > 2 * height:
            continue
        if top <= yc <= foot and end - height / 2 <= x0 <= end + 4 * height:
            return i
    return None


def _numberish(word: Word) -> bool:
    """A number read unsurely: three digits or more, most of the word digits or their
    look-alikes ("0#4068530%6" for a hand-written 094068550469)."""
    t = _token(word)
    return t.digits >= 3 and t.digits + t.looks >= MIN_DIGITS and t.others <= t.digits // 3


def _a_date(word: Word) -> bool:
    """A whole date however unsurely read ("29/04/2023" at 0 under a card's photo, where it
    reads cleanly): the second reader (:mod:`hoso.ocr.second`) reads it again after this."""
    return _DATE.fullmatch(word.text.strip(".,:;")) is not None


def _over_read(word: Word, words: list[Word]) -> bool:
    """Whether ``word``'s middle lies in a word the reading has (a block's box takes in
    a line read already when it spans the lines around it)."""
    xc, yc = (word.bbox[0] + word.bbox[2]) / 2, (word.bbox[1] + word.bbox[3]) / 2
    return any(w.bbox[0] <= xc <= w.bbox[2] and w.bbox[1] <= yc <= w.bbox[3] for w in words)


def _place(lines: list[list[Word]], line: list[Word]) -> int:
    """Where ``line`` goes in the reading order: before the first line that starts below
    its foot, or below its top in the same column (a title skipped between the motto and
    the body is read there, where a classifier looks for it); at the end when none does."""
    top, foot = min(w.bbox[1] for w in line), max(w.bbox[3] for w in line)
    x0, x1 = min(w.bbox[0] for w in line), max(w.bbox[2] for w in line)
    for i, other in enumerate(lines):
        if not other:
            continue
        o_top = min(w.bbox[1] for w in other)
        o_x0, o_x1 = min(w.bbox[0] for w in other), max(w.bbox[2] for w in other)
        if o_top >= foot or (o_top > top and min(x1, o_x1) > max(x0, o_x0)):
            return i
    return len(lines)
