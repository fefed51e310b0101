"""Combs of printed boxes found in the page image (hoso.ocr.combs): a number written one
digit per box is read even where the first reading has nothing over the comb (Tesseract
dropped its line) or letters no digit rule takes for a number."""

from __future__ import annotations

import collections
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from hoso.catalog import load_catalog
from hoso.model import PageText, Word
from hoso.ocr import combs, numbers, tess
from hoso.ocr.tess import OcrResult
from hoso.resources import font_path
from hoso.understand.fields import extract
from tests.ocr_fixtures import digits_reader

pytestmark = pytest.mark.unit

CELL = 64  # px: a 5.4 mm box at 300 dpi
COMB_X, COMB_Y = 900, 230
LABEL = "4. Số định danh cá nhân:"


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path().with_name(name)), size)


def _page(number: str, *, table: bool = True, seed: int = 0) -> Image.Image:
    """A strip of a form at 300 dpi: the label on one line, a 12-box comb under its end
    with ``number`` in it (a digit per box, jittered; blank boxes where it has spaces), a
    wide-celled table below (two rows of five cells: not a comb)."""
    rng = random.Random(seed)
    img = Image.new("L", (1900, 700), 255)
    draw = ImageDraw.Draw(img)
    draw.text(
        (60, 170), "3. Giới tính: Nam", font=_font("DejaVuSerif.ttf", 52), fill=0, anchor="ls"
    )
    draw.text((COMB_X, 170), LABEL, font=_font("DejaVuSerif.ttf", 52), fill=0, anchor="ls")
    digit = _font("DejaVuSans.ttf", 46)
    for i, ch in enumerate(number):
        x = COMB_X + i * CELL
        draw.rectangle((x, COMB_Y, x + CELL, COMB_Y + CELL), outline=0, width=2)
        if ch != " ":
            cx = x + CELL * 0.3 + rng.uniform(-3, 3)
            draw.text(
                (cx, COMB_Y + CELL * 0.82 + rng.uniform(-2, 2)),
                ch,
                font=digit,
                fill=20,
                anchor="ls",
            )
    if table:
        for row in range(3):
            y = 420 + row * 80
            draw.line((60, y, 1840, y), fill=0, width=3)
        for col in range(6):
            x = 60 + col * 356
            draw.line((x, 420, x, 580), fill=0, width=3)
    return img


def _label_line(conf: float = 95.0) -> OcrResult:
    """The first reading: the two printed fields, nothing over the comb."""
    res = OcrResult()
    words, x = [], 60.0
    for t in ["3.", "Giới", "tính:", "Nam"]:
        words.append(Word(t, conf, (x, 130, x + 28 * len(t), 180), line=1, block=1))
        x += 28 * len(t) + 20
    x = float(COMB_X)
    for t in LABEL.split():
        words.append(Word(t, conf, (x, 130, x + 28 * len(t), 180), line=1, block=1))
        x += 28 * len(t) + 20
    res.lines.append(words)
    res.blocks.append(1)
    res.words.extend(words)
    return res


@pytest.fixture(autouse=True)
def _tesseract_env() -> None:
    tess.ensure_env(None)


def _ink(img: Image.Image) -> np.ndarray:
    return np.asarray(img) < 128


@pytest.mark.parametrize(("slant", "scale"), [(0.0, 1.0), (1.0, 1.0), (0.0, 1.5)])
def test_a_comb_is_found_and_a_table_is_not(slant: float, scale: float) -> None:
    """Level or photographed a little askew; at 300 dpi or 450 (searched at half that)."""
    img = _page("038197165026")
    if slant:  # a photographed page, not quite level
        img = img.rotate(slant, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if scale != 1:
        img = img.resize((round(img.width * scale), round(img.height * scale)))
    found = combs.find_combs(_ink(img))
    assert len(found) == 1
    x0, y0, x1, y1 = (v / scale for v in found[0])
    tol = 4 + 12 * slant  # the rotation moves the corners
    assert abs(x0 - COMB_X) <= tol and abs(x1 - (COMB_X + 12 * CELL)) <= tol
    assert abs(y0 - COMB_Y) <= tol and abs(y1 - (COMB_Y + CELL)) <= tol


def test_a_page_of_text_and_tables_has_no_comb() -> None:
    img = _page("038197165026")
    ImageDraw.Draw(img).rectangle((COMB_X - 10, COMB_Y - 10, 1899, COMB_Y + CELL + 10), fill=255)
    assert combs.find_combs(_ink(img)) == []


def test_a_comb_the_first_reading_dropped_is_read_under_its_label(
    calls: collections.Counter[str],
) -> None:
    number = "079185001234"
    notes: list[str] = []
    out = numbers.reread_numbers(_page(number, seed=1), _label_line(), digits_reader(), notes)
    got = [w for w in out.words if w.text == number]
    assert len(got) == 1, (out.text, notes)
    assert got[0].bbox[0] == pytest.approx(COMB_X, abs=6)
    assert got[0].bbox[1] >= 180  # under the label, on a line of its own
    assert calls["chars"] == 1 and any("comb of 12 cells" in n for n in notes)
    # and the field extractor takes it as the number under "Số định danh cá nhân:"
    page = PageText("ct01.jpg", 1, out.text, "ocr", confidence=95.0, words=out.words)
    fv = extract(load_catalog().document_types["to_khai_ct01"], [page])["id_number"]
    assert fv.value == number and fv.valid


def test_letters_over_a_comb_are_replaced_by_its_number(calls: collections.Counter[str]) -> None:
    number = "052066159825"
    res = _label_line()
    garbage = Word(
        "IIKHHUMHHEHuLBm_„.",
        41.0,
        (COMB_X + 4, COMB_Y + 4, COMB_X + 12 * CELL, COMB_Y + CELL),
        2,
        2,
    )
    res.lines.append([garbage])
    res.blocks.append(2)
    res.words.append(garbage)
    notes: list[str] = []
    out = numbers.reread_numbers(_page(number, seed=2), res, digits_reader(), notes)
    assert [w.text for w in out.lines[1]] == [number], notes
    assert len(out.lines) == 2 and calls["chars"] == 1


def test_a_comb_read_already_is_not_read_again(calls: collections.Counter[str]) -> None:
    """Typed digits in boxes, read confidently: no extra Tesseract run, nothing added."""
    number = "001198718595"
    res = _label_line()
    typed = [
        Word(
            ch,
            93.0,
            (COMB_X + i * CELL + 18, COMB_Y + 12, COMB_X + i * CELL + 46, COMB_Y + 52),
            2,
            2,
        )
        for i, ch in enumerate(number)
    ]
    res.lines.append(typed)
    res.blocks.append(2)
    res.words.extend(typed)
    notes: list[str] = []
    out = numbers.reread_numbers(_page(number, seed=3), res, digits_reader(), notes)
    assert out.text == res.text and calls["chars"] == 0 and notes == []


def test_an_empty_comb_leaves_the_reading_as_it_was(calls: collections.Counter[str]) -> None:
    """Nothing written in the boxes: the placeholder for the comb goes again."""
    res = _label_line()
    notes: list[str] = []
    out = numbers.reread_numbers(_page(" " * 12, seed=4), res, digits_reader(), notes)
    assert out.text == res.text and len(out.lines) == 1
    assert all(w.text for w in out.words)


@pytest.mark.parametrize("length", [1, 2, 3, 5, 8, 31, 60, 64, 65, 99])
def test_long_runs_are_found_exactly(length: int) -> None:
    """Every span of ``length`` inked pixels and no other, as a direct check finds them."""
    rng = np.random.default_rng(length)
    ink = rng.random((40, 240)) < 0.9  # long runs and short ones
    ink[5, 20:140] = True
    full = combs.inked_for(ink, length)
    assert full.shape == (40, 240 - length + 1)
    expected = np.array(
        [[ink[y, x : x + length].all() for x in range(240 - length + 1)] for y in range(40)]
    )
    assert (full == expected).all()
    assert full[5, 20 : 141 - length].all()
