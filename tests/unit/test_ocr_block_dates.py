"""Dates a card's reading lost (hoso.ocr.block_dates, hoso.ocr.unread.garbled): a card's
expiry under its photo read as garbage or not at all by Tesseract, read by the second
reader in the ink no word covers, or in the box of an unsure number that is no date."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PIL import Image, ImageDraw

from hoso.model import Word
from hoso.ocr import tess
from hoso.ocr.block_dates import GUESS, dates_in_blocks, garbled
from tests.unit.test_ocr_unread import LINES, _card, _font

pytestmark = pytest.mark.unit

DATE_BOX = (50, 500, 260, 550)  # where _card prints its expiry, 06/02/2025


def _result(words: list[Word]) -> tess.OcrResult:
    lines = [[w for w in words if w.line == n] for n in sorted({w.line for w in words})]
    return tess.OcrResult(words=words, lines=lines, blocks=[1] * len(lines))


def _unlabelled() -> tuple[Image.Image, list[Word]]:
    """:func:`_card` without the expiry's small label: the date alone under the photo."""
    img, words = _card()
    ImageDraw.Draw(img).rectangle((50, 465, 300, 498), fill=255)
    return img, words


def _network(text: str) -> tuple[list[Image.Image], object]:
    """A stand-in for the second reader reading every crop as ``text``, surely."""
    seen: list[Image.Image] = []

    def read(crops: Sequence[Image.Image]) -> list[tuple[str, list[float]]]:
        seen.extend(crops)
        return [(text, [0.99] * len(text)) for _ in crops]

    return seen, read


def test_a_garbled_word_is_no_reading_of_its_ink() -> None:
    assert garbled(Word("km", 68.0, (19, 605, 187, 642)))  # 2 letters in 4.5 heights
    assert garbled(Word(".—„.-...---", 0.0, (20, 627, 535, 666)))
    assert garbled(Word("lì", 12.0, (19, 611, 67, 673)))
    assert not garbled(Word("NGUYỄN", 92.0, (329, 356, 466, 391)))
    assert not garbled(Word("km", 92.0, (19, 605, 187, 642)))  # read surely: kept
    assert not garbled(Word("Quốc", 96.0, (634, 428, 834, 450)))


def test_ink_under_a_garbled_word_is_read_and_the_date_replaces_it() -> None:
    """The expiry under the photo read as "km" at 68 (dev40 19529): the word hides no ink;
    the date read there replaces it. Read surely, the word hides its ink."""
    img, words = _unlabelled()
    km = Word("km", 68.0, (52.0, 500.0, 250.0, 545.0), line=9, block=2)
    _, read = _network("06/05/2038")
    res = dates_in_blocks(img, _result([*words, km]), [], read=read)  # type: ignore[arg-type]
    assert "06/05/2038" in res.text and "km" not in [w.text for w in res.words], res.text
    sure = _result([*words, Word("km", 92.0, km.bbox, line=9, block=2)])
    assert dates_in_blocks(img, sure, [], read=read) is sure  # type: ignore[arg-type]


def test_the_date_no_reading_of_tesseracts_found_is_read_by_the_network() -> None:
    img, words = _unlabelled()
    seen, read = _network("06:02/2025")
    notes: list[str] = []
    res = dates_in_blocks(img, _result(words), notes, read=read)  # type: ignore[arg-type]
    got = [w for w in res.words if w.text == "06/02/2025"]
    assert got and got[0].conf == GUESS, [w.text for w in res.words]
    x0, y0, x1, y1 = got[0].bbox
    assert DATE_BOX[0] <= x0 < x1 <= DATE_BOX[2] and DATE_BOX[1] <= y0 < y1 <= DATE_BOX[3]
    assert res.words[: len(words)] == words and notes
    assert got in res.lines  # a line of its own


@pytest.mark.parametrize("text", ["06/02/20", "31/02/2025", "Nguyen Van An", ""])
def test_what_is_no_date_adds_nothing(text: str) -> None:
    img, words = _unlabelled()
    first = _result(words)
    _, read = _network(text)
    assert dates_in_blocks(img, first, [], read=read) is first  # type: ignore[arg-type]


def test_a_card_that_does_not_expire_says_so() -> None:
    """ "Không thời hạn" under the photo (a holder over 60), read without its tone marks by
    the network (dev38 19052): the card's text says it does not expire."""
    img, words = _unlabelled()
    draw = ImageDraw.Draw(img)
    draw.rectangle(DATE_BOX, fill=255)
    draw.text((55, 510), "Không thời hạn", font=_font(24, bold=True), fill=0)
    _, read = _network("Khong thoi han")
    res = dates_in_blocks(img, _result(words), [], read=read)  # type: ignore[arg-type]
    assert "Không thời hạn" in res.text


def test_an_unsure_number_over_a_date_is_read_again_as_one() -> None:
    """Tesseract read the date's box as "9920" at 65, taking in the card's edge (dev36
    18600): the piece of ink in it is read again and the date replaces it."""
    img, words = _unlabelled()
    ImageDraw.Draw(img).line((20, 560, 400, 560), fill=0, width=2)  # the card's edge
    nn = Word("9920", 65.0, (52.0, 505.0, 250.0, 565.0), line=9, block=2)
    _, read = _network("06/02/2025")
    res = dates_in_blocks(img, _result([*words, nn]), [], read=read)  # type: ignore[arg-type]
    assert "06/02/2025" in res.text and "9920" not in res.text, res.text
    assert len(res.words) == len(words) + 1


def test_nothing_left_unread_leaves_the_reading_as_it_was() -> None:
    img, words = _card()
    ImageDraw.Draw(img).rectangle((40, 460, 320, 560), fill=255)  # no expiry printed
    first = _result(words)
    seen, read = _network("06/02/2025")
    assert dates_in_blocks(img, first, [], read=read) is first  # type: ignore[arg-type]
    assert seen == [] and len(first.lines) == len(LINES)
