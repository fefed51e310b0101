"""The officers' console's page view (hoso.services.pages, hoso.ocr.picture): the text by line
with the unsure words marked, the record's entry when the reading is gone, the page range, and
the pictures: drawn from the uploaded file, turned upright, bounded, kept and reused."""

from __future__ import annotations

import io
import json
import unicodedata
from datetime import UTC, datetime
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from hoso.dossier import Dossier
from hoso.model import PageText, Word
from hoso.ocr.picture import MAX_DPI, page_jpegs
from hoso.services import BadRequest, NotFound, keys, pages
from hoso.status import DossierStatus
from tests.fakes import MemoryObjectStore
from tests.ocr_fixtures import image_bytes, text_pdf, tiff_bytes
from tests.unit.conftest import ART, UP

pytestmark = pytest.mark.unit

DID = "Q1-20260305-0042"
FILE = "Nguyễn Thị Lan - tờ khai.png"  # an applicant's name in the file's name
TIFF = "Nguyễn Thị Lan - hồ sơ.tif"


def upright_page() -> Image.Image:
    """A portrait page, white, with a black band along its top edge."""
    img = Image.new("RGB", (600, 850), "white")
    ImageDraw.Draw(img).rectangle((0, 0, 599, 59), fill="black")
    return img


def reading(
    index: int,
    words: list[Word],
    method: Any = "ocr",
    confidence: float | None = None,
    file: str = FILE,
) -> PageText:
    text = "\n".join(w.text for w in words)
    return PageText(file, index, text, method, confidence, width=600.0, height=850.0, words=words)


def store(
    objects: MemoryObjectStore,
    page_readings: list[PageText],
    *,
    data: bytes,
    rotation: int = 0,
) -> Dossier:
    """A decided record of one file with these pages, the file uploaded and each page's
    reading stored where the OCR stage keeps it."""
    name = page_readings[0].file
    objects.put(UP, f"incoming/{DID}/{name}", data)
    entries = []
    for p in page_readings:
        key = keys.ocr_page(DID, "plan1", p.file, p.index)
        objects.put(ART, key, json.dumps(p.to_dict(), ensure_ascii=False).encode())
        entries.append(
            {
                "file": p.file,
                "index": p.index,
                "method": p.method,
                "confidence": p.confidence,
                "rotation": rotation,
                "doc_type": "to_khai_khai_sinh",
                "component_id": "to_khai",
                "error": None,
                "artefact": keys.s3_uri(ART, key),
            }
        )
    files = [{"name": name, "key": f"incoming/{DID}/{name}", "pages": len(entries), "size": 1}]
    return Dossier.new(
        DID,
        now=datetime(2026, 3, 5, 2, 0, tzinfo=UTC),
        status=DossierStatus.RECEIVED,
        files=files,
        pages=entries,
    )


def picture(objects: MemoryObjectStore, link: dict[str, Any]) -> Image.Image:
    """The JPEG a view's link points to (the fake store's URL ends in the key)."""
    key = link["url"].split(".s3.local/", 1)[1].split("?", 1)[0]
    data = objects.get(ART, key)
    img = Image.open(io.BytesIO(data))
    assert img.format == "JPEG"
    img.load()
    return img


def grey(img: Image.Image, box: tuple[int, int, int, int]) -> float:
    """The mean grey level of a box of the image (0 black, 255 white)."""
    return float(ImageStat.Stat(img.convert("L").crop(box)).mean[0])


def top_band_is_dark(img: Image.Image) -> bool:
    w, h = img.size
    return grey(img, (0, 0, w, h // 20)) < 80 and grey(img, (0, h - h // 20, w, h)) > 200


# ------------------------------------------------------------------ the text
def test_words_come_by_line_with_the_unsure_ocr_words_marked(env: Any) -> None:
    svc, objects, *_ = env
    words = [
        Word("Số", 96.0, (10, 60, 40, 80), line=2, block=1),
        Word("CỘNG", 95.0, (10, 10, 90, 30), line=1, block=1),
        Word("HÒA", 79.9, (100, 10, 160, 30), line=1, block=1),
        Word(unicodedata.normalize("NFD", "định"), 40.0, (50, 60, 90, 80), line=2, block=1),
        Word("danh", 80.0, (100, 60, 150, 80), line=2, block=1),
    ]
    dossier = store(
        objects, [reading(1, words, confidence=78.2)], data=image_bytes(upright_page(), "PNG")
    )
    view = pages.page_view(svc, dossier, 1)
    assert [[w["text"] for w in line["words"]] for line in view["lines"]] == [
        ["CỘNG", "HÒA"],
        ["Số", "định", "danh"],
    ]
    assert [line["line"] for line in view["lines"]] == [1, 2]
    marked = [w["text"] for line in view["lines"] for w in line["words"] if w["low"]]
    assert marked == ["HÒA", "định"]  # under 80; 80 itself is not low
    assert view["low_words"] == 2
    assert view["lines"][1]["words"][1] == {"text": "định", "conf": 40.0, "low": True}
    assert unicodedata.is_normalized("NFC", view["text"]) and "định" in view["text"]
    assert (view["n"], view["page_count"], view["file"], view["index"]) == (1, 1, FILE, 1)
    assert (view["method"], view["confidence"], view["doc_type"]) == (
        "ocr",
        78.2,
        "to_khai_khai_sinh",
    )
    assert (view["width"], view["height"], view["note"]) == (600.0, 850.0, None)


def test_text_layer_words_are_never_marked(env: Any) -> None:
    svc, objects, *_ = env
    words = [Word("Tờ", 100.0, (1, 1, 2, 2), line=1), Word("khai", 12.0, (3, 1, 4, 2), line=1)]
    for method in ("text_layer", "converted"):
        dossier = store(
            objects, [reading(1, words, method)], data=image_bytes(upright_page(), "PNG")
        )
        view = pages.page_view(svc, dossier, 1)
        assert view["low_words"] == 0
        assert not any(w["low"] for line in view["lines"] for w in line["words"])


def test_the_threshold_is_the_line_understanding_draws() -> None:
    from hoso.understand.identity import LOW_VALUE_CONFIDENCE

    assert pages.LOW_WORD_CONFIDENCE == LOW_VALUE_CONFIDENCE


def test_a_missing_or_broken_reading_leaves_the_records_entry_and_a_note(env: Any) -> None:
    svc, objects, *_ = env
    dossier = store(
        objects,
        [reading(1, [Word("x", 90.0, (0, 0, 1, 1), line=1)])],
        data=image_bytes(upright_page(), "PNG"),
    )
    artefact = dossier.pages[0]["artefact"].removeprefix(f"s3://{ART}/")
    objects.put(ART, artefact, b"{not json")
    view = pages.page_view(svc, dossier, 1)
    assert (view["text"], view["lines"], view["low_words"]) == ("", [], 0)
    assert "reading cannot be read" in view["note"]
    assert view["image"]["url"] and view["doc_type"] == "to_khai_khai_sinh"
    del objects.objects[(ART, artefact)]
    view = pages.page_view(svc, dossier, 1)
    assert (view["text"], view["lines"], view["width"]) == ("", [], None)
    assert view["note"] == "the page's reading is not stored: no text to show"
    assert view["method"] == "ocr" and view["thumbnail"]["url"]
    dossier.pages[0]["artefact"] = None
    assert pages.page_view(svc, dossier, 1)["note"] == view["note"]


def test_pages_are_numbered_from_one_up_to_the_records_count(env: Any) -> None:
    svc, objects, *_ = env
    dossier = store(objects, [reading(1, [])], data=image_bytes(upright_page(), "PNG"))
    with pytest.raises(BadRequest) as bad:
        pages.page_view(svc, dossier, 0)
    assert bad.value.field == "n"
    with pytest.raises(NotFound, match="has 1 page"):
        pages.page_view(svc, dossier, 2)
    with pytest.raises(NotFound):
        pages.page_view(svc, dossier.but(pages=[]), 1)


# ------------------------------------------------------------------ the pictures
def test_a_sideways_scan_is_shown_upright(env: Any) -> None:
    svc, objects, *_ = env
    # scanned lying on its side: the page's top (the band) is on the left; the OCR turned it
    # 90 degrees clockwise to read it
    sideways = upright_page().transpose(Image.Transpose.ROTATE_90)
    assert sideways.width > sideways.height
    dossier = store(objects, [reading(1, [])], data=image_bytes(sideways, "PNG"), rotation=90)
    view = pages.page_view(svc, dossier, 1)
    full, thumb = picture(objects, view["image"]), picture(objects, view["thumbnail"])
    for img in (full, thumb):
        assert img.height > img.width and top_band_is_dark(img)
    assert max(thumb.size) <= pages.THUMBNAIL_SIDE and thumb.size[1] == pages.THUMBNAIL_SIDE
    assert full.size == (600, 850)  # a smaller image is never enlarged
    # unturned, the same file shows the band on the left
    as_scanned = store(objects, [reading(1, [])], data=image_bytes(sideways, "PNG"))
    objects.objects = {k: v for k, v in objects.objects.items() if "/pages/0001" not in k[1]}
    img = picture(objects, pages.page_view(svc, as_scanned, 1)["image"])
    assert img.width > img.height and not top_band_is_dark(img)


def test_links_are_short_lived_and_name_the_dossier_and_the_number_only(env: Any) -> None:
    svc, objects, *_ = env
    dossier = store(
        objects,
        [reading(1, [], file=TIFF), reading(2, [], file=TIFF)],
        data=tiff_bytes([upright_page()] * 2),
    )
    view = pages.page_view(svc, dossier, 2)
    assert view["image"]["url"].startswith(f"https://{ART}.s3.local/dossiers/{DID}/pages/0002.jpg?")
    assert f"/dossiers/{DID}/pages/0002-thumb.jpg?" in view["thumbnail"]["url"]
    assert "X-Amz-Expires=900&" in view["image"]["url"]
    assert view["image"]["expires_at"] == "2026-03-05T02:15:00.000Z"
    stored = objects.head(ART, keys.page_image(DID, 2))
    assert stored is not None and stored.content_type == "image/jpeg"
    for link in (view["image"], view["thumbnail"]):
        assert "Nguy" not in link["url"] and "khai" not in link["url"]


def test_a_supplements_page_is_drawn_from_its_folder(env: Any) -> None:
    svc, objects, *_ = env
    name = "supplement-1/Giấy chứng sinh.png"  # as supplement.receive names a round's files
    sideways = upright_page().transpose(Image.Transpose.ROTATE_270)
    dossier = store(
        objects, [reading(1, [], file=name)], data=image_bytes(sideways, "PNG"), rotation=270
    )
    assert dossier.files[0]["key"] == f"incoming/{DID}/{name}"
    view = pages.page_view(svc, dossier, 1)
    assert view["file"] == name and view["note"] is None
    assert top_band_is_dark(picture(objects, view["image"]))
    assert view["image"]["url"].startswith(f"https://{ART}.s3.local/dossiers/{DID}/pages/0001.jpg?")


def test_the_page_of_a_multi_page_file_is_its_own(env: Any) -> None:
    svc, objects, *_ = env
    frames = [Image.new("RGB", (400, 500), "white"), Image.new("RGB", (500, 300), "black")]
    dossier = store(
        objects, [reading(1, [], file=TIFF), reading(2, [], file=TIFF)], data=tiff_bytes(frames)
    )
    second = picture(objects, pages.page_view(svc, dossier, 2)["image"])
    first = picture(objects, pages.page_view(svc, dossier, 1)["image"])
    assert (first.size, second.size) == ((400, 500), (500, 300))
    assert grey(first, (0, 0, 400, 500)) > 200 and grey(second, (0, 0, 500, 300)) < 50


def test_a_page_is_drawn_once_then_reused(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import hoso.ocr.picture

    svc, objects, *_ = env
    drawn: list[int] = []
    real = hoso.ocr.picture.page_jpegs

    def counted(data: bytes, name: str, index: int, **kw: Any) -> list[bytes]:
        drawn.append(index)
        return real(data, name, index, **kw)

    monkeypatch.setattr(hoso.ocr.picture, "page_jpegs", counted)
    dossier = store(objects, [reading(1, [])], data=image_bytes(upright_page(), "PNG"))
    first = pages.page_view(svc, dossier, 1)
    kept = objects.get(ART, keys.page_image(DID, 1))
    assert drawn == [1]
    del objects.objects[(UP, f"incoming/{DID}/{FILE}")]  # not even needed any more
    again = pages.page_view(svc, dossier, 1)
    assert drawn == [1] and again["note"] is None
    assert again["image"]["url"] == first["image"]["url"]
    assert objects.get(ART, keys.page_image(DID, 1)) == kept
    # a thumbnail lost: both drawn again (from the file, back again)
    objects.put(UP, f"incoming/{DID}/{FILE}", image_bytes(upright_page(), "PNG"))
    del objects.objects[(ART, keys.page_image(DID, 1, thumbnail=True))]
    assert pages.page_view(svc, dossier, 1)["thumbnail"] is not None
    assert drawn == [1, 1] and objects.head(ART, keys.page_image(DID, 1, thumbnail=True))


def test_without_the_file_the_view_answers_without_pictures(env: Any) -> None:
    svc, objects, *_ = env
    dossier = store(objects, [reading(1, [Word("Tờ", 91.0, (0, 0, 1, 1), line=1)])], data=b"")
    del objects.objects[(UP, f"incoming/{DID}/{FILE}")]
    view = pages.page_view(svc, dossier, 1)
    assert (view["image"], view["thumbnail"]) == (None, None)
    assert view["note"] == "the uploaded file is not stored: no picture to show"
    assert view["text"] == "Tờ" and view["lines"][0]["words"][0]["low"] is False
    assert pages.page_view(svc, dossier.but(files=[]), 1)["note"] == view["note"]


def test_a_broken_file_is_noted_without_its_name(
    env: Any, caplog: pytest.LogCaptureFixture
) -> None:
    svc, objects, *_ = env
    dossier = store(objects, [reading(1, [])], data=b"\x89PNG\r\n\x1a\n broken")
    view = pages.page_view(svc, dossier, 1)
    assert view["image"] is None and view["note"].startswith("the page cannot be drawn: ")
    assert "Nguy" not in view["note"]
    assert caplog.records and not any("Nguy" in r.getMessage() for r in caplog.records)
    assert objects.head(ART, keys.page_image(DID, 1)) is None


# ------------------------------------------------------------------ drawing, bounded
def test_a_pdf_page_is_drawn_at_a_bounded_size() -> None:
    pdf = text_pdf([["TỜ KHAI ĐĂNG KÝ KHAI SINH"], ["GIẤY CHỨNG SINH"]])
    full, thumb = page_jpegs(pdf, "a.pdf", 2, rotation=0, sizes=(1400, 240))
    full_img, thumb_img = Image.open(io.BytesIO(full)), Image.open(io.BytesIO(thumb))
    assert full_img.size == (990, 1400) and max(thumb_img.size) == 240  # A4, portrait
    turned = Image.open(io.BytesIO(page_jpegs(pdf, "a.pdf", 1, rotation=270, sizes=(1400,))[0]))
    assert turned.size == (1400, 990)


def test_a_small_pdf_page_is_not_blown_up_past_the_dpi_cap() -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(243, 153))  # an ID-1 card, scanned alone
    pdf.add_page()
    (img,) = page_jpegs(bytes(pdf.output()), "card.pdf", 1, rotation=0, sizes=(1400,))
    width, height = Image.open(io.BytesIO(img)).size
    assert abs(width - 243 * MAX_DPI / 72) <= 1 and abs(height - 153 * MAX_DPI / 72) <= 1


def test_a_page_beyond_the_file_is_bad_input() -> None:
    from hoso.errors import BadInput

    with pytest.raises(BadInput, match="1 page"):
        page_jpegs(image_bytes(upright_page(), "PNG"), "a.png", 2, rotation=0, sizes=(240,))


@pytest.mark.slow
def test_the_ocrs_rotation_turns_a_sideways_scan_upright() -> None:
    """End to end on the real OCR: a sheet fed sideways is read, and the rotation the reading
    records turns its picture upright."""
    from hoso.ocr import OcrOptions, ocr_file
    from tests.ocr_fixtures import page_lines, render_scan

    lines = page_lines(7, 8)
    upright = render_scan(lines, seed=7)
    data = image_bytes(render_scan(lines, seed=7, rotate=90), "PNG")
    (read,) = ocr_file(data, "scan.png", options=OcrOptions(workers=1, second_reading=False))
    assert read.rotation == 270 and not read.error
    (shown,) = page_jpegs(data, "scan.png", 1, rotation=read.rotation, sizes=(240,))
    view = Image.open(io.BytesIO(shown)).convert("L")
    expected = upright.convert("L").resize(view.size, Image.Resampling.BOX)
    turned = expected.transpose(Image.Transpose.ROTATE_180)

    def difference(a: Image.Image, b: Image.Image) -> float:
        return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])

    assert difference(view, expected) < 0.5 * difference(view, turned)
