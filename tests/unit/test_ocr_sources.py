"""Image files turned into grey pages (hoso.ocr.sources.ImageSource): EXIF orientation,
declared resolution, frames of their own."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageOps

from hoso.ocr import OcrOptions
from hoso.ocr.sources import open_source

pytestmark = pytest.mark.unit


def _photo(mode: str = "RGB") -> Image.Image:
    """An asymmetric picture: any turn or flip of it is a different image."""
    img = Image.new(mode, (120, 80), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((5, 5, 40, 20), fill="black")
    draw.rectangle((90, 60, 100, 75), fill="gray")
    return img


def _jpeg(img: Image.Image, orientation: int, dpi: int = 150) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes(), dpi=(dpi, dpi), quality=95)
    return buf.getvalue()


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_a_photo_is_turned_as_its_exif_orientation_says(orientation: int, mode: str) -> None:
    data = _jpeg(_photo(mode), orientation)
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("L")
    page = open_source("jpeg", data, "photo.jpg", OcrOptions(least_dpi=100)).page(1)
    assert page.image.mode == "L"
    assert page.image.size == expected.size
    assert page.image.tobytes() == expected.tobytes()
    assert page.dpi == 150  # the declared resolution, kept through the turn


def test_each_page_is_an_image_of_its_own() -> None:
    """A grey file's page is a copy: drawing on one page leaves the source (and the next
    page made from it) as it was."""
    buf = io.BytesIO()
    _photo("L").save(buf, "PNG", dpi=(200, 200))
    source = open_source("png", buf.getvalue(), "scan.png", OcrOptions())
    first = source.page(1).image
    ImageDraw.Draw(first).rectangle((0, 0, 119, 79), fill=0)
    again = source.page(1).image
    assert again.getextrema() == (0, 255)


def test_every_frame_of_a_tiff_is_its_own_page() -> None:
    frames = [_photo("L"), _photo("L").transpose(Image.Transpose.ROTATE_180)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300))
    source = open_source("tiff", buf.getvalue(), "scan.tif", OcrOptions())
    assert source.count == 2
    pages = [source.page(2), source.page(1)]  # out of order, as page threads ask
    assert [p.image.tobytes() for p in pages] == [f.tobytes() for f in frames[::-1]]
    assert [p.dpi for p in pages] == [300, 300]
