"""Dotted leader lines removed before Tesseract (hoso.ocr.leaders)."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from hoso.ocr import ocr_file
from hoso.ocr.image import small_gray
from hoso.ocr.leaders import find_leaders, remove_leaders
from tests.ocr_fixtures import (
    VI_LINES,
    cer,
    image_bytes,
    leader_form,
    mono_font,
    page_lines,
    render_scan,
)

pytestmark = pytest.mark.unit


def _ink_right_of_text(img: Image.Image, x0: int) -> int:
    """Dark pixels right of ``x0`` (where only the dots of the fixture are)."""
    hist = img.crop((x0, 0, img.width, img.height)).histogram()
    return sum(hist[:100])


def test_leaders_found_and_painted_over() -> None:
    img, truth = leader_form()
    assert _ink_right_of_text(img, 1650) > 1000
    out, note = remove_leaders(img, 300, small_gray(img, 300))
    assert note.startswith(f"dotted leaders removed: {len(truth)} line(s)")
    assert _ink_right_of_text(out, 1650) == 0
    # the same as the form without dots: no dot left, no stroke of the text painted over
    plain, _ = leader_form(leaders=False)
    ink = [im.point(lambda v: 255 if v < 110 else 0) for im in (out, plain)]
    loose = [im.point(lambda v: 255 if v < 190 else 0) for im in (out, plain)]
    assert ImageChops.subtract(ink[0], loose[1]).histogram()[255] == 0  # dots left
    assert ImageChops.subtract(ink[1], loose[0]).histogram()[255] == 0  # text erased


def test_turned_page_searched_across() -> None:
    img, truth = leader_form()
    turned = img.rotate(-90, expand=True)
    _, note = remove_leaders(turned, 300, small_gray(turned, 300), vertical=True)
    assert note.startswith(f"dotted leaders removed: {len(truth)} line(s)")


@pytest.mark.parametrize("serif", [True, False])
def test_text_without_leaders_is_left_alone(serif: bool) -> None:
    """Diacritics, i-dots, dots below and punctuation are not leaders: the page goes to
    Tesseract unchanged (so it reads the same)."""
    img = render_scan(page_lines(7, 24), seed=7, serif=serif)
    out, note = remove_leaders(img, 300, small_gray(img, 300))
    assert out is img and note == ""


@pytest.mark.parametrize("pt", [7.0, 9.0, 12.0])
def test_monospace_text_and_ellipses_are_left_alone(pt: float) -> None:
    """In a typewriter face letters sit on a fixed pitch (their tops and dots could pass
    for evenly spaced dots); small print makes letters dot-sized; a 3-dot ellipsis stays."""
    dpi = 300
    img = Image.new("L", (round(8 * dpi), round(6 * dpi)), 255)
    draw = ImageDraw.Draw(img)
    face = ImageFont.truetype(str(mono_font()), round(pt * dpi / 72))
    y = 60
    for line in [*VI_LINES[:20], "Xem thêm... ạ ị ọ ụ ự ộ ệ ...", "i i i i i i ị ị ị ị ị"]:
        draw.text((60, y), line, fill=20, font=face)
        y += round(pt * 1.5 * dpi / 72)
    small = small_gray(img, dpi)
    assert find_leaders(small, 100).leaders == []
    out, note = remove_leaders(img, dpi, small)
    assert out is img and note == ""


@pytest.mark.slow
def test_monospace_form_reads_as_without_dots() -> None:
    """A form typed in FreeMono with dotted guide lines reads as the same form without
    them (before the dots were removed: confidence 28, CER 1.7, nothing read)."""
    img, truth = leader_form()
    plain, _ = leader_form(leaders=False)
    got = ocr_file(image_bytes(img, "PNG"), "form.png")[0]
    ref = ocr_file(image_bytes(plain, "PNG"), "plain.png")[0]
    assert any(n.startswith("dotted leaders removed") for n in got.notes)
    assert got.rotation == 0
    assert cer("\n".join(truth), got.text) <= cer("\n".join(truth), ref.text) + 0.02
    assert got.confidence is not None and ref.confidence is not None
    assert got.confidence >= ref.confidence - 3
    for value in ("Mai Thùy Lụa", "079197602459", "Nguyễn Khánh Linh"):
        assert value in got.text
