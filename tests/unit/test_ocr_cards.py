"""OCR of ID cards that are not A4 pages ("failure class 1"): a card photographed on a table
at any quarter turn, front and back on one photo, front and back copied on an A4 sheet.

The cards are drawn by tests/ocr_fixtures.py (2021 chip CCCD layout, DejaVu fonts) and
photographed at about 150 dpi with tilt, mild perspective, uneven light and JPEG artefacts.
"""

from __future__ import annotations

import collections

import pytest
from PIL import Image

from hoso.model import PageText, Word
from hoso.ocr import OcrOptions, engine, ocr_file, tess
from hoso.ocr.cards import find_papers, rectify
from hoso.ocr.image import analyse, small_gray
from hoso.ocr.sources import PageImage
from hoso.ocr.upright import profile_orientation
from hoso.resources import schema_errors
from tests.ocr_fixtures import (
    CARD_ID,
    CARD_MM,
    VI_LINES,
    card_photo,
    cards_on_a4,
    id_card,
    image_bytes,
    page_lines,
    page_photo,
    render_scan,
)

pytestmark = pytest.mark.unit

FRONT = id_card("front")
BACK = id_card("back", seed=1)


def _flat(text: str) -> str:
    return "".join(text.split())


def _assert_front(p: PageText) -> None:
    flat = _flat(p.text)
    assert CARD_ID in flat, p.text
    assert "CĂNCƯỚCCÔNGDÂN" in flat or "CitizenIdentityCard" in flat, p.text


def _assert_back(p: PageText) -> None:
    assert "Đặc điểm nhân dạng" in p.text or "Personal identification" in p.text, p.text


def _assert_valid(p: PageText) -> None:
    assert p.error is None
    assert schema_errors("ocr/page.schema.json", p.to_dict()) == []
    assert p.words and all(0 <= w.bbox[0] < w.bbox[2] <= p.width for w in p.words)
    assert all(0 <= w.bbox[1] < w.bbox[3] <= p.height for w in p.words)


# --------------------------------------------------------------------------- cheap parts


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_card_found_on_background_and_cut_out(rotate: int) -> None:
    photo = card_photo([FRONT], rotate=rotate, seed=rotate).convert("L")
    papers = find_papers(photo)
    assert len(papers) == 1
    width, height = papers[0].size
    long_mm = max(width, height) / 150 * 25.4
    short_mm = min(width, height) / 150 * 25.4
    assert long_mm == pytest.approx(CARD_MM[0], abs=4)
    assert short_mm == pytest.approx(CARD_MM[1], abs=3)
    assert (width > height) == (rotate in (0, 180))  # quarter turns are left to orientation
    crop = rectify(photo, papers[0])  # with a small white margin
    assert width < crop.width < 1.1 * width and height < crop.height < 1.1 * height
    # the cut-out is straight (tilt and perspective gone): what is left is deskewed later
    assert abs(analyse(small_gray(crop, 150)).angle) <= 1.5


def test_two_cards_found_and_no_paper_on_ordinary_pages() -> None:
    photo = card_photo([FRONT, BACK], seed=3, background="cloth").convert("L")
    papers = find_papers(photo)
    assert len(papers) == 2
    assert {round(p.centre[0] > photo.width / 2) for p in papers} == {0, 1}  # side by side
    # ordinary scans (white to the edges), cards copied on an A4 sheet: nothing to cut out
    for page in (
        render_scan(page_lines(1, 24), seed=1),
        render_scan(page_lines(2, 24), seed=2, rotate=90, skew=1.5),
        cards_on_a4([FRONT, BACK], dpi=150),
        Image.new("L", (900, 600), 255),
    ):
        gray = page.convert("L")
        assert find_papers(small_gray(gray, 300)) == []


def test_profile_not_trusted_off_a4_text_pages() -> None:
    """No evidence is not 'sure upright' (the old bug), and a sure profile on a card-sized
    or photo-like image is not trusted; A4 text pages keep their fast path."""
    a4 = render_scan(page_lines(3, 24), seed=3, rotate=180)
    small = small_gray(a4.convert("L"), 300)
    verdict = profile_orientation(small, analyse(small), 5.0, 100)
    assert verdict.trusted and verdict.rotation == 180 and verdict.axis == "horizontal"
    photo = card_photo([FRONT], rotate=180, seed=5).convert("L")
    small = small_gray(photo, 150)
    verdict = profile_orientation(small, analyse(small), 5.0, 75)
    assert not verdict.trusted and "ink" in verdict.why
    crop = rectify(photo, find_papers(photo)[0])
    small = small_gray(crop, 150)
    verdict = profile_orientation(small, analyse(small), 5.0, 75)
    assert not verdict.trusted and verdict.axis == "horizontal"
    empty = Image.new("L", (850, 1100), 255)
    layout = analyse(empty)
    assert not profile_orientation(empty, layout, 5.0, 100).sure


@pytest.mark.slow
def test_bench_page_kinds_add_no_tesseract_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark's A4 pages (upright, skewed, 180°, 90°) are read exactly once, without
    OSD, in the profile's orientation: Tesseract is replaced by a fake good reading here,
    so only the analysis runs (a few ms a page). The fake reading has a title: a page whose
    reading has none has the ink its words leave uncovered looked at (test_ocr_unread), and
    the fake's words cover nothing."""
    words = [
        Word(text=w, conf=95.0, bbox=(0.0, 0.0, 9.0, 9.0), line=1, block=1)
        for w in VI_LINES[4].split()
    ]
    title = [
        Word(text=w, conf=95.0, bbox=(0.0, 0.0, 9.0, 9.0), line=2, block=1)
        for w in ("TỜ", "KHAI", "THAY", "ĐỔI", "THÔNG", "TIN")
    ]

    runs: collections.Counter[str] = collections.Counter()

    def fake_ocr(*a: object, **k: object) -> tess.OcrResult:
        runs["ocr"] += 1
        return tess.OcrResult(words=[*words, *title], lines=[words, title], blocks=[1, 1])

    def fake_osd(*a: object, **k: object) -> tuple[int, float]:
        runs["osd"] += 1
        return 0, 0.0

    monkeypatch.setattr(tess, "ocr", fake_ocr)
    monkeypatch.setattr(tess, "osd", fake_osd)
    for i, (rotate, skew) in enumerate([(0, 0.0), (0, 1.5), (180, 0.0), (90, 0.0), (0, -1.2)]):
        img = render_scan(page_lines(1000 + i, 24), seed=i, rotate=rotate, skew=skew)
        runs.clear()
        page = engine.ocr_page_image(PageImage(img.convert("L"), 300), "b.pdf", 1, OcrOptions(), "")
        assert runs == {"ocr": 1}, (rotate, skew, page.notes)
        assert page.rotation == (360 - rotate) % 360
        assert not any("paper" in n or "reading" in n for n in page.notes), page.notes


# --------------------------------------------------------------------------- with tesseract


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_card_photo_read_upright_at_any_quarter_turn(
    rotate: int, calls: collections.Counter[str]
) -> None:
    photo = card_photo([FRONT], rotate=rotate, seed=10 + rotate)
    p = ocr_file(image_bytes(photo, "JPEG", dpi=150, quality=85), "cccd.jpg")[0]
    _assert_front(p)
    assert p.rotation == (360 - rotate) % 360, p.notes
    assert any("found on a background" in n for n in p.notes), p.notes
    assert any("reading" in n for n in p.notes), p.notes  # how orientation was decided
    # three readings to orient and read the card, and one more of the text the reading
    # skipped beside the photo when the photo's remains share that reading (hoso.ocr.unread)
    assert calls["osd"] == 0 and calls["ocr"] <= 4, (calls, p.notes)
    _assert_valid(p)


@pytest.mark.slow
@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_card_back_photo_read_upright(rotate: int) -> None:
    """Back sides fooled both the profile test and Tesseract OSD (confidently wrong on all
    four turns): reading decides."""
    photo = card_photo([BACK], rotate=rotate, seed=20 + rotate, background="green")
    p = ocr_file(image_bytes(photo, "JPEG", dpi=150, quality=85), "cccd_back.jpg")[0]
    _assert_back(p)
    assert p.rotation == (360 - rotate) % 360, p.notes


@pytest.mark.slow
@pytest.mark.parametrize("rotate", [0, 90])
def test_front_and_back_on_one_photo(rotate: int) -> None:
    photo = card_photo([FRONT, BACK], rotate=rotate, seed=30 + rotate, background="cloth")
    p = ocr_file(image_bytes(photo, "JPEG", dpi=150, quality=85), "cccd_2mat.jpg")[0]
    _assert_front(p)
    _assert_back(p)
    assert p.rotation == (360 - rotate) % 360, p.notes
    # front (left on the table) before back (right), whatever way the phone was held
    assert p.text.index("Citizen") < p.text.index("nhân dạng"), p.text
    assert any(n.startswith("paper 2 of 2") for n in p.notes), p.notes
    _assert_valid(p)
    assert max(w.line for w in p.words) == len({w.line for w in p.words})


@pytest.mark.slow
@pytest.mark.parametrize("rotate", [0, 180])
def test_front_and_back_copied_on_a4(rotate: int) -> None:
    page = cards_on_a4([FRONT, BACK], rotate=rotate, seed=rotate)
    p = ocr_file(image_bytes(page, "JPEG", dpi=300, quality=85), "cccd_a4.jpg")[0]
    _assert_front(p)
    _assert_back(p)
    assert p.rotation == rotate, p.notes
    assert any("not trusted" in n for n in p.notes), p.notes
    assert not any("found on a background" in n for n in p.notes), p.notes


def test_card_photo_without_resolution(calls: collections.Counter[str]) -> None:
    """A phone photo with no dpi tag (assumed A4, so upscaled a lot) is read all the same."""
    photo = card_photo([FRONT], rotate=180, seed=40)
    p = ocr_file(image_bytes(photo, "JPEG", dpi=72, quality=85), "zalo.jpg")[0]
    _assert_front(p)
    assert p.rotation == 180, p.notes


@pytest.mark.parametrize(("stretch", "dpi"), [(1.0, 110), (1.1, 130)])
def test_page_photo_read_whole(stretch: float, dpi: int) -> None:
    """A phone photo of an A4 page, the light falling off across it, is cut out and read
    whole: its background is flattened as on any page (one threshold lost half the lines),
    and a page whose cut-out has an ID card's proportions (taken at a slant) is not shrunk
    to a card's size (a third of the lines were lost)."""
    lines = page_lines(7, 24)
    photo = page_photo(
        render_scan(lines, noise=False, seed=3, font_pt=10), stretch=stretch, dpi=dpi, seed=5
    )
    p = ocr_file(image_bytes(photo, "JPEG", dpi=dpi, quality=85), "IMG_1.jpg")[0]
    assert any("found on a background" in n for n in p.notes), p.notes
    assert not any("card-sized" in n for n in p.notes), p.notes
    assert sum(line in p.text for line in lines) >= 22, p.text
