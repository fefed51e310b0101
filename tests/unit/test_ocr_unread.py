"""Text a reading skipped (hoso.ocr.unread): the small block printed beside a picture on a
card, left out by Tesseract's layout analysis, found as ink no word covers and read again."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from hoso.model import Word
from hoso.ocr import tess
from hoso.ocr.combs import inked_for
from hoso.ocr.unread import find_blocks, read_skipped, reads_a_title, skipped_blocks
from hoso.resources import font_path

pytestmark = pytest.mark.unit

LINES = [
    "CĂN CƯỚC CÔNG DÂN",
    "Họ và tên: NGUYỄN VĂN AN",
    "Ngày sinh: 06/02/1985",
    "Giới tính: Nam Quốc tịch: Việt Nam",
    "Nơi thường trú: Tổ dân phố 25",
    "phường Tây Hồ, thành phố Hà Nội",
]


def _font(px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = f"DejaVuSans{'-Bold' if bold else ''}.ttf"
    return ImageFont.truetype(str(font_path().with_name(name)), px)


def _card() -> tuple[Image.Image, list[Word]]:
    """A card 1000 x 630 px: its text on the right (read, as ``words``), a photo on the
    left, the expiry under the photo (not read); a thin frame round the card."""
    img = Image.new("L", (1000, 630), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle((5, 5, 994, 624), outline=90, width=3)
    draw.rectangle((50, 120, 300, 430), fill=120)  # the photo
    draw.text((55, 470), "Có giá trị đến:", font=_font(20), fill=0)
    draw.text((55, 510), "06/02/2025", font=_font(30, bold=True), fill=0)
    words: list[Word] = []
    font = _font(28)
    for n, line in enumerate(LINES):
        y, x = 110 + n * 70, 360.0
        draw.text((x, y), line, font=font, fill=0)
        for token in line.split():
            x0, y0, x1, y1 = draw.textbbox((x, y), token, font=font)
            words.append(Word(token, 92.0, (x0, y0, x1, y1), line=n + 1, block=1))
            x = x1 + draw.textlength(" ", font=font)
    return img, words


def test_the_block_beside_the_photo_is_found_not_the_photo_or_the_frame() -> None:
    img, words = _card()
    boxes = skipped_blocks(img, words)
    assert len(boxes) == 1, boxes
    x0, y0, x1, y1 = boxes[0]
    assert x0 <= 55 and y0 <= 470 and x1 >= 200 and y1 >= 540, boxes
    assert y0 > 430, "the photo is not a block of text"
    assert skipped_blocks(img, []) == []  # nothing read: no line height to go by


def test_a_date_in_large_bold_print_is_found_whole_and_an_emblem_is_not() -> None:
    """Bold digits fill their cells beyond a text-like share of ink: the date is still one
    block (not cut where the print is densest); an emblem's dense cells, stacked, are no
    text."""
    img, words = _card()
    draw = ImageDraw.Draw(img)
    draw.rectangle((50, 505, 320, 560), fill=255)
    draw.text((55, 505), "21/12/2025", font=_font(40, bold=True), fill=0, stroke_width=1)
    draw.ellipse((60, 10, 160, 105), fill=70)  # an emblem: a dark disc ...
    draw.regular_polygon((110, 55, 25), 5, fill=255)  # ... with a light star in it
    boxes = skipped_blocks(img, words)
    date = [b for b in boxes if b[1] >= 460]
    assert len(date) == 1 and date[0][0] <= 55 and date[0][2] >= 290, boxes
    assert all(b[1] >= 110 for b in boxes), "the emblem is not a block of text"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_the_skipped_block_is_read_and_placed_where_it_was(tmp_path: object) -> None:
    img, words = _card()
    lines = [[w for w in words if w.line == n + 1] for n in range(len(LINES))]
    first = tess.OcrResult(words=words, lines=lines, blocks=[1] * len(lines))

    def read(sheet: Image.Image) -> tess.OcrResult:
        path = tess.write_image(sheet, str(tmp_path))
        return tess.ocr(path, lang="vie", psm=6, dpi=300, timeout=30)

    notes: list[str] = []
    res = read_skipped(img, first, read, notes)
    added = res.words[len(words) :]
    date = [w for w in added if "06/02/2025" in w.text]
    assert date, [w.text for w in added]
    x0, y0, x1, y1 = date[0].bbox
    assert 40 <= x0 < x1 <= 260 and 490 <= y0 < y1 <= 560, date[0].bbox
    assert res.words[: len(words)] == words and "06/02/2025" in res.text
    assert all(w.block == 2 for w in added) and notes


def test_nothing_skipped_leaves_the_reading_as_it_was() -> None:
    img, words = _card()
    ImageDraw.Draw(img).rectangle((40, 460, 320, 560), fill=255)  # no expiry printed
    first = tess.OcrResult(words=words, lines=[words], blocks=[1])
    calls: list[Image.Image] = []

    def read(sheet: Image.Image) -> tess.OcrResult:
        calls.append(sheet)
        return tess.OcrResult()

    assert read_skipped(img, first, read, []) is first
    assert calls == []


PAGE = [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
    ("Độc lập - Tự do - Hạnh phúc", False),
    ("GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH", True),  # skipped by the first reading
    ("Tôi là (ghi họ tên bằng chữ in hoa): NGUYỄN VĂN AN", False),
    ("Ngày, tháng, năm sinh: 06/02/1985 Giới tính: Nam", False),
    ("Dân tộc: Kinh Quốc tịch: Việt Nam", False),
    ("Số định danh cá nhân: 001085012345", False),
    ("Điện thoại: 0912345678", False),
]


def _page(dropped: frozenset[int] = frozenset({2})) -> tuple[Image.Image, tess.OcrResult]:
    """An A4 page at 150 dpi whose first reading has every line but those ``dropped`` (by
    default the title)."""
    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    lines: list[list[Word]] = []
    for n, (text, bold) in enumerate(PAGE):
        font = _font(34 if n == 2 else 24, bold)
        y = 120 + n * 70 + (20 if n >= 2 else 0)
        x = (1240 - draw.textlength(text, font=font)) / 2 if n < 3 else 120.0
        draw.text((x, y), text, font=font, fill=0)
        if n in dropped:
            continue
        line: list[Word] = []
        for token in text.split():
            x0, y0, x1, y1 = draw.textbbox((x, y), token, font=font)
            line.append(Word(token, 93.0, (x0, y0, x1, y1), line=len(lines) + 1, block=1))
            x = x1 + draw.textlength(" ", font=font)
        lines.append(line)
    words = [w for ln in lines for w in ln]
    return img, tess.OcrResult(words=words, lines=lines, blocks=[1] * len(lines))


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_a_title_skipped_on_a_page_is_read_in_its_place(tmp_path: object) -> None:
    """A form's title that the page's reading left out is read again and put between the
    motto and the body, where a classifier looks for a title."""
    img, first = _page()

    def read(sheet: Image.Image) -> tess.OcrResult:
        path = tess.write_image(sheet, str(tmp_path))
        return tess.ocr(path, lang="vie", psm=6, dpi=150, timeout=30)

    res = read_skipped(img, first, read, [], coarse=True)
    text = res.text.splitlines()
    title = next(i for i, ln in enumerate(text) if "ĐĂNG KÝ HỘ KINH DOANH" in ln)
    motto = next(i for i, ln in enumerate(text) if "Hạnh phúc" in ln)
    body = next(i for i, ln in enumerate(text) if ln.startswith("Tôi là"))
    assert motto < title < body, text


def test_a_page_reads_a_title_only_with_a_capitalised_line_besides_the_country() -> None:
    img, first = _page()
    assert not reads_a_title(first)  # the motto in capitals is every paper's, not a title
    assert reads_a_title(tess.OcrResult(lines=[*first.lines, _line("GIẤY ĐỀ NGHỊ ĐĂNG KÝ")]))
    assert not reads_a_title(tess.OcrResult(lines=[_line("Họ và tên: NGUYỄN VĂN AN")]))


def _line(text: str) -> list[Word]:
    return [Word(t, 90.0, (0, 0, 1, 1)) for t in text.split(" ")]


def _form(dropped: set[int]) -> tuple[Image.Image, tess.OcrResult]:
    """The page above with its title read, the lines ``dropped`` left out of the first
    reading (Tesseract's layout analysis drops a few lines of a form between lines it
    reads), and a signature, not read, at the lower right."""
    img, first = _page(frozenset(dropped))
    draw = ImageDraw.Draw(img)
    for k in range(4):  # a signature: loops of a pen over two lines' height
        draw.arc((820 + 60 * k, 900, 900 + 60 * k, 980), 0, 300, fill=0, width=3)
    draw.line((800, 960, 1080, 930), fill=0, width=3)
    return img, first


def test_body_lines_the_reading_dropped_are_found_at_the_margin_not_a_signature() -> None:
    img, first = _form({4, 5, 6})
    boxes = skipped_blocks(img, first.words, coarse=True, body=True)
    assert len(boxes) == 3, boxes  # one a line: the lines are well apart
    tops = [120 + n * 70 + 20 for n in (4, 5, 6)]
    for (x0, y0, x1, y1), top in zip(boxes, tops, strict=True):
        assert x0 <= 120 and y0 <= top < top + 24 <= y1 and x1 >= 500, boxes
    assert all(b[2] < 800 for b in boxes), "the signature is no line of the body"
    assert len(skipped_blocks(img, first.words, coarse=True)) == 4  # not only the body
    whole, full = _form(set())
    assert skipped_blocks(whole, full.words, coarse=True, body=True) == []


def test_a_body_line_keeps_its_unsure_number_and_drops_an_unsure_word() -> None:
    """Read again, a dropped line comes back with its label; its hand-written number read
    unsurely is kept for the number fields' re-read, a garbled name is not, and a word
    over a line read already is not added twice."""
    img, first = _form({6})
    read_word = first.words[-1]  # "0912345678", read by the first reading

    def read(sheet: Image.Image) -> tess.OcrResult:
        y = sheet.height / 2
        label = [Word(t, 90.0, (20 + 80 * i, y - 10, 90 + 80 * i, y + 10)) for i, t in
                 enumerate(["Số", "định", "danh:"])]  # fmt: skip
        number = Word("0#4068530%6", 31.0, (300, y - 10, 480, y + 10))
        name = Word("Wguuẫn", 21.0, (500, y - 10, 600, y + 10))
        return tess.OcrResult(words=[*label, number, name], lines=[[*label, number, name]])

    for body in (True, False):
        res = read_skipped(img, first, read, [], coarse=True, body=body)
        added = [w.text for w in res.words[len(first.words) :]]
        assert added[:3] == ["Số", "định", "danh:"], added
        assert ("0#4068530%6" in added) is body and "Wguuẫn" not in added
    again = Word("0912345678", 92.0, read_word.bbox)
    slot_read = read_skipped(
        img, first, lambda s: tess.OcrResult(words=[again], lines=[[again]]), [], body=True
    )
    assert slot_read is first  # the block's words all over words read already: nothing added


def test_a_value_dropped_after_its_label_is_read_onto_the_label_line() -> None:
    """A hand-written number the reading lost after its label, in the middle of a line (a
    two-column form's right column: "Số định danh cá nhân:" read, the number not), is found
    as a block right after the label and goes on the label's line."""
    img, whole = _form(set())
    number = next(w for w in whole.words if w.text == "001085012345")
    lines = [[w for w in ln if w is not number] for ln in whole.lines]
    first = tess.OcrResult(words=[w for ln in lines for w in ln], lines=lines, blocks=whole.blocks)
    boxes = skipped_blocks(img, first.words, coarse=True, body=True)
    assert len(boxes) == 1, boxes
    assert boxes[0][0] <= number.bbox[0] < number.bbox[2] <= boxes[0][2], (boxes, number)
    assert boxes[0][0] > 300, "not at the margin: after its label"

    def read(sheet: Image.Image) -> tess.OcrResult:
        y = sheet.height / 2
        w = Word("00108501234S", 45.0, (30, y - 10, 200, y + 10))
        return tess.OcrResult(words=[w], lines=[[w]])

    res = read_skipped(img, first, read, [], coarse=True, body=True)
    assert "Số định danh cá nhân: 00108501234S" in res.text.splitlines(), res.text
    assert len(res.lines) == len(first.lines)


def test_a_line_read_again_goes_on_no_line_but_a_label_awaiting_its_value() -> None:
    """A block read again beside a line that ends in no label (a crumb read at the top
    of a card, a tall stamp's garbage) is a line of its own, not that line's value."""
    img, first = _form({6})
    crumb = Word(")o°", 30.0, (60, 380, 110, 640), line=99, block=9)  # tall, ends in no colon
    first = tess.OcrResult(
        words=[*first.words, crumb], lines=[[crumb], *first.lines], blocks=[9, *first.blocks]
    )

    def read(sheet: Image.Image) -> tess.OcrResult:
        y = sheet.height / 2
        label = [Word(t, 90.0, (20 + 80 * i, y - 10, 90 + 80 * i, y + 10)) for i, t in
                 enumerate(["Số", "định", "danh:"])]  # fmt: skip
        return tess.OcrResult(words=label, lines=[label])

    res = read_skipped(img, first, read, [], coarse=True, body=True)
    assert res.lines[0] == [crumb] and len(res.lines) == len(first.lines) + 1
    assert "Số định danh:" in res.text.splitlines(), res.text


def test_long_runs_are_the_pixels_of_every_run_at_least_that_long() -> None:
    """The doubling shifts give exactly the runs a direct scan finds."""
    from hoso.ocr.inkgrid import long_runs as _long_runs

    rng = np.random.default_rng(7)
    for length in (1, 2, 3, 5, 8, 13, 60):
        ink = rng.random((9, 200)) < 0.85
        want = np.zeros_like(ink)
        for y in range(ink.shape[0]):
            x = 0
            while x < ink.shape[1]:
                end = x
                while end < ink.shape[1] and ink[y, end]:
                    end += 1
                if end - x >= length:
                    want[y, x:end] = True
                x = end + 1
        assert (_long_runs(ink, length) == want).all(), length
    assert not _long_runs(np.ones((2, 5), dtype=bool), 6).any()


def _portrait_card() -> tuple[Image.Image, list[Word]]:
    """The card with a portrait for its photo (a light box, a grey head on a neck, dark
    shoulders), as a phone photo of a card shows it once its background is flattened."""
    img, words = _card()
    draw = ImageDraw.Draw(img)
    draw.rectangle((50, 120, 300, 430), fill=255)
    draw.rectangle((100, 250, 210, 390), fill=235)  # the photo's box
    draw.ellipse((130, 265, 180, 320), fill=110)  # the head
    draw.rectangle((148, 315, 162, 335), fill=110)  # the neck
    draw.ellipse((105, 330, 205, 430), fill=40)  # the shoulders ...
    draw.rectangle((100, 391, 320, 560), fill=255)  # ... cut at the photo's foot
    draw.text((55, 470), "Có giá trị đến:", font=_font(20), fill=0)
    draw.text((55, 510), "29/04/2023", font=_font(30, bold=True), fill=0)
    return img, words


def test_a_portraits_remains_are_a_block_holding_a_picture_the_date_is_not() -> None:
    """The solid ink of a photo is long runs both ways: taken off with the rules, what is
    left (a head's outline) looks like text, a block of its own; its cells were solid
    before (dev32 17501). The date under it is plain text."""
    img, words = _portrait_card()
    blocks = find_blocks(img, words)
    portrait = [p for box, p in blocks if box[3] <= 440]
    date = [p for box, p in blocks if box[1] >= 440]
    assert portrait == [True] and date == [False], blocks


def _solid(sheet: Image.Image) -> bool:
    """Whether a sheet shows a picture's remains: a run of ink no print has."""
    ink = np.asarray(sheet.convert("L")) < 128
    return bool(inked_for(ink, 30).any())


def _date_slot(sheet: Image.Image) -> float:
    """The middle of the lowest line of ink on a sheet (the date, the last block)."""
    rows = np.flatnonzero((np.asarray(sheet.convert("L")) < 128).any(axis=1))
    foot = top = int(rows[-1])
    while top - 1 in rows:
        top -= 1
    return (top + foot) / 2


def test_a_date_stacked_under_a_portrait_is_read_again_without_it() -> None:
    """Stacked under a portrait's remains, the date under the photo read as nothing; the
    blocks are read again without the picture's, and the date is found. A date read
    unsurely (Tesseract gives a clean date cut out of a card 0 at times) is kept for the
    second reader; another unsure word is not."""
    img, words = _portrait_card()
    lines = [[w for w in words if w.line == n + 1] for n in range(len(LINES))]
    first = tess.OcrResult(words=words, lines=lines, blocks=[1] * len(lines))
    sheets: list[int] = []

    def read(sheet: Image.Image) -> tess.OcrResult:
        sheets.append(_solid(sheet))
        if sheets[-1]:  # the portrait with it: nothing read
            return tess.OcrResult()
        y = _date_slot(sheet)
        got = [Word("29/04/2023", 0.0, (20, y - 12, 160, y + 12)),
               Word("ợ", 53.0, (170, y - 12, 190, y + 12))]  # fmt: skip
        return tess.OcrResult(words=got, lines=[got], blocks=[1])

    res = read_skipped(img, first, read, [])
    added = [w for w in res.words[len(words) :]]
    assert [w.text for w in added] == ["29/04/2023"], added
    assert added[0].bbox[1] >= 440, added[0].bbox  # where the date is on the card
    assert sheets == [True, False], sheets
