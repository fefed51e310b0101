"""The second reader (hoso.ocr.second): PP-OCR's recogniser asked about the words with
digits that Tesseract read unsurely, and how its reading is weighed against Tesseract's."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PIL import Image, ImageDraw, ImageFont

from hoso.model import Word
from hoso.ocr import second
from hoso.ocr.tess import OcrResult
from hoso.resources import font_path

pytestmark = pytest.mark.unit


def _w(text: str, conf: float, x: float = 10, alts: Sequence[str] = ()) -> Word:
    return Word(text, conf, (x, 10, x + 200, 40), alts=list(alts))


def _sure(text: str, p: float = 0.99) -> tuple[str, list[float]]:
    return text, [p] * len(text)


def _recording(asked: list[Image.Image], reading: str) -> second.ReadFn:
    """A network that reads ``reading`` from every crop, the crops kept in ``asked``."""

    def read(crops: Sequence[Image.Image]) -> list[tuple[str, list[float]]]:
        asked.extend(crops)
        return [_sure(reading) for _ in crops]

    return read


def test_a_sure_second_reading_of_digits_is_taken_below_the_misread_line() -> None:
    """Tesseract's "1/11/4480" for a hand-filled 14/11/1980: the network's sure reading is
    taken, unsure enough that it can agree with another paper but decide nothing alone."""
    got = second._judge(_w("1/11/4480", 68.9), *_sure("14/11/1980"))
    assert got is not None
    assert got.text == "14/11/1980"
    assert got.conf == second.TAKEN_CONFIDENCE < 80
    assert "1/11/4480" in got.alts


def test_two_readers_agreeing_make_a_sure_reading() -> None:
    got = second._judge(_w("19/01/1982", 53.1, alts=["1/0/1982"]), *_sure("19/01/1982"))
    assert got is not None and got.text == "19/01/1982" and got.conf >= 90
    assert got.alts == ["1/0/1982"]


def test_the_dots_of_a_dotted_line_are_not_the_number() -> None:
    """Around the value (read unsurely, and left out of the network's certainty) and inside
    a number written across the guide's dots."""
    reading = ".13/04/1986...."
    probs = [0.3] + [0.99] * 10 + [0.4] * 4
    got = second._judge(_w(".13⁄94/1966....", 0.0), reading, probs)
    assert got is not None and got.text == "13/04/1986"
    agreed = second._judge(_w("0754929586", 84.0), *_sure("075.49295.86"))
    assert agreed is not None and agreed.text == "0754929586" and agreed.conf > 84


def test_a_date_written_across_the_guides_dots_is_a_date() -> None:
    """A hand-filled 17/11/1974 on a dotted line: Tesseract ".1Z⁄11/19Z4." (a year of 1924),
    the network "17/11/.1974" — and "20/06/19.79" over "20/04/1979" read at 46, the dot
    inside read unsurely (dev31 17339, 17253)."""
    got = second._judge(_w(".1Z⁄11/19Z4.", 5.4), *_sure("17/11/.1974"))
    assert got is not None and got.text == "17/11/1974"
    reading = "20/06/19.79"
    probs = [0.97] * 8 + [0.35] + [0.97] * 2
    taken = second._judge(_w("20/04/1979", 46.1), reading, probs)
    assert taken is not None and taken.text == "20/06/1979" and "20/04/1979" in taken.alts
    assert second._numeric("1.2/2.5") == "1.2/2.5"  # no date: as read, and not taken


def test_a_gap_between_a_numbers_digits_is_no_second_word() -> None:
    """A hand-filled 038177159850 read "038177155850" at 75, the network reading the ink in
    two groups, "03817715 9850" (dev31 17395): one number, taken; a date likewise."""
    got = second._judge(_w("038177155850", 75.0, alts=["038177158850"]), *_sure("03817715 9850"))
    assert got is not None and got.text == "038177159850", got
    assert second._numeric("20/09/ 2003") == "20/09/2003"
    assert second._numeric("Ap 10,") is None


def test_a_second_reader_disagreeing_with_a_unanimous_re_read_ends_its_unanimity() -> None:
    """A number every re-read reading gave alike stays so when the second reader agrees;
    read otherwise by it, its readings are no longer all alike."""
    word = Word("038197165026", 95.0, (10, 10, 210, 40), unanimous=True)
    agreed = second._judge(word, *_sure("038197165026"))
    assert agreed is not None and agreed.unanimous
    other = second._judge(word, *_sure("038197165028", 0.7))
    assert other is not None and not other.unanimous and other.alts == ["038197165028"]


def test_an_unsure_second_reading_is_only_another_reading() -> None:
    got = second._judge(_w("7999", 56.4), *_sure("1999", 0.7))
    assert got is not None and got.text == "7999" and got.conf == 56.4
    assert got.alts == ["1999"]


@pytest.mark.parametrize("reading", ["CA. .PHE .QUAN", "0 31 4 0 91124121 d 819]", "", "5"])
def test_what_is_not_a_number_changes_nothing(reading: str) -> None:
    """Words, a boxed number read with its walls, nothing, a lone digit."""
    assert second._judge(_w("2001732010277", 16.8), *_sure(reading)) is None


def test_a_reading_is_rebuilt_word_for_word() -> None:
    sure = _w("0912.345.678", 97.0)  # a phone number read surely: not asked about
    dob = _w("1/11/4480", 40.0, x=300)
    name = _w("Nguyễn", 30.0, x=600)  # no digits: asked about its letters
    res = OcrResult(words=[sure, dob, name], lines=[[sure, dob], [name]], blocks=[0, 0])
    asked: list[Image.Image] = []
    read = _recording(asked, "14/11/1980")

    notes: list[str] = []
    got = second.second_reading(Image.new("L", (1000, 100), 255), res, notes, read=read)
    assert len(asked) == 2  # in one run
    assert [w.text for w in got.words] == ["0912.345.678", "14/11/1980", "Nguyễn"]
    assert [w.text for w in got.lines[0]] == ["0912.345.678", "14/11/1980"]
    assert notes == [
        "second reading: 1 words, 1 taken, 0 kept",
        "second reading of letters: 1 words, 0 read otherwise",  # digits read for letters
    ]
    assert res.words[1].text == "1/11/4480"  # the first reading is not changed in place


def test_an_unsure_word_of_letters_keeps_the_second_readers_letters_beside_it() -> None:
    """A name filled in by hand, "K#án⁄" for Khánh: the network reads its letters (without
    tone marks) and they are kept beside Tesseract's reading, which stays."""
    got = second._judge_letters(_w("K#án⁄", 37.2), *_sure("Khanh"))
    assert got is not None and got.letters == "Khanh"
    assert got.text == "K#án⁄" and got.conf == 37.2 and got.alts == []


@pytest.mark.parametrize(
    ("first", "reading", "p"),
    [
        ("Duyên", "Duyen", 0.99),  # alike once the tone marks are set aside
        ("Duuên", "Duyen", 0.6),  # the network unsure
        ("Ngàu", "Ng4y", 0.99),  # a digit among the letters
        ("Ngàu", "y", 0.99),  # a letter
    ],
)
def test_letters_read_alike_or_unsurely_add_nothing(first: str, reading: str, p: float) -> None:
    assert second._judge_letters(_w(first, 40.0), *_sure(reading, p)) is None


def test_only_unsure_words_of_letters_are_read_again() -> None:
    """A word Tesseract read fairly (70) is not asked about: every decision the second
    reader changed on the dev sets came from words read under 60, and each word asked
    about costs CPU."""
    sure = _w("Nguyễn", 96.0)
    fair = _w("Nguyên", 70.0, x=150)
    unsure = _w("Wquuêyi", 20.0, x=300)
    res = OcrResult(words=[sure, fair, unsure], lines=[[sure, fair, unsure]], blocks=[0])
    asked: list[Image.Image] = []
    read = _recording(asked, "Nguyen")

    notes: list[str] = []
    got = second.second_reading(Image.new("L", (1000, 100), 255), res, notes, read=read)
    assert len(asked) == 1
    assert [(w.text, w.letters) for w in got.words] == [
        ("Nguyễn", ""),
        ("Nguyên", ""),
        ("Wquuêyi", "Nguyen"),
    ]
    assert notes == ["second reading of letters: 1 words, 1 read otherwise"]


def test_a_word_of_letters_too_wide_for_a_word_of_a_name_is_not_read_again() -> None:
    """Words run together into one ("IEBBIKIIHDHUHE", a line of a stamp) or no text at all:
    a word of a name is far narrower, and the network's work grows with the width (words
    this wide were a sixth of it on the dev sets, and no decision used their letters)."""
    name = Word("Wquuêyi", 20.0, (10, 10, 130, 40))  # 4 heights wide
    wide = Word("IEBBIKIIHDHUHE", 20.0, (200, 10, 440, 40))  # 8 heights wide
    res = OcrResult(words=[name, wide], lines=[[name, wide]], blocks=[0])
    asked: list[Image.Image] = []
    read = _recording(asked, "Nguyen")

    got = second.second_reading(Image.new("L", (1000, 100), 255), res, [], read=read)
    assert len(asked) == 1 and asked[0].width < 200
    assert [w.letters for w in got.words] == ["Nguyen", ""]


def _line(text: str, font: str, size: int = 40) -> Image.Image:
    f = ImageFont.truetype(str(font_path().with_name(font)), size)
    w = round(ImageDraw.Draw(Image.new("L", (1, 1))).textlength(text, font=f))
    img = Image.new("L", (w + 40, size * 2), 255)
    ImageDraw.Draw(img).text((20, size // 3), text, font=f, fill=20)
    return img


def test_the_shipped_network_reads_dates_and_numbers() -> None:
    crops = [_line(".14/11/1980....", "DejaVuSans.ttf"), _line("015180200193", "DejaVuSerif.ttf")]
    got = [second._numeric(text) for text, _p in second.read_crops(crops)]
    assert got == ["14/11/1980", "015180200193"]


def test_the_network_ships_with_the_install() -> None:
    """A dependency of hoso (pyproject), not something fetched at run time."""
    assert second.available()


def test_a_boxed_number_is_not_rewritten_with_its_walls() -> None:
    """Twelve digits in boxes, voted on by the number re-read: the network reads a wall as
    a 1 ("0823011108512"); that reading is only one more of the word's readings."""
    voted = _w("082301108512", 77.0, alts=["082301108572"])
    got = second._judge(voted, *_sure("0823011108512"))
    assert got is not None and got.text == "082301108512" and got.conf == 77.0
    assert "0823011108512" in got.alts
    free = second._judge(_w("1/11/4480", 68.9), *_sure("14/11/1980"))  # a digit lost: taken
    assert free is not None and free.text == "14/11/1980"


def test_ink_read_twice_is_not_read_again() -> None:
    """Tesseract's crumb of a number's end lying inside the number's own box."""
    number = Word("008086072704", 95.0, (1803, 893, 2167, 935), alts=["008084072704"])
    crumb = Word("á072Z94.", 28.0, (1948, 893, 2172, 935))
    res = OcrResult(words=[number, crumb], lines=[[number, crumb]], blocks=[0])
    asked: list[Image.Image] = []
    read = _recording(asked, "86072704")

    got = second.second_reading(Image.new("L", (2400, 1000), 255), res, [], read=read)
    assert len(asked) == 1  # the number (an ID number is always asked about), not the crumb
    assert got.words[1] is crumb


@pytest.mark.parametrize(
    ("first", "conf", "reading", "confirmed"),
    [
        ("1989", 96.75, "1989", True),  # a birth year, however surely read
        ("008184587371", 97.0, "008184587371", True),
        ("09/03/1984", 96.1, "09/03/1984.", True),
        ("09/03/1984", 96.1, "09/08/1984", False),  # not the same: another reading
    ],
)
def test_what_identifies_a_person_is_read_twice_and_confirmed(
    first: str, conf: float, reading: str, confirmed: bool
) -> None:
    """A hand-filled mother's year "1989" read at 96.75 beside the card's 1984 (dev29
    16762): written so, or a 4 read as 9? The network reads every birth date, year and ID
    number whatever Tesseract's confidence; when it reads the same surely, the word is
    confirmed, two readers agreeing; otherwise its reading is one more of the word's."""
    word = _w(first, conf)
    res = OcrResult(words=[word], lines=[[word]], blocks=[0])
    asked: list[Image.Image] = []
    got = second.second_reading(
        Image.new("L", (1000, 100), 255), res, [], read=_recording(asked, reading)
    )
    assert len(asked) == 1
    (new,) = got.words
    assert new.text == first and new.conf == conf and new.confirmed is confirmed
    assert new.alts == ([] if confirmed else [reading])


@pytest.mark.parametrize(
    ("first", "conf", "reading"),
    [
        ("2026..", 72.0, "202"),  # a year: the network's lost a digit at the crop's edge
        ("13⁄94/1966", 0.0, "13/04/198"),  # no date anyone can have: a digit cut off
        ("14/01/1986", 87.0, "1401/1986"),  # Tesseract fairly sure: not replaced
    ],
)
def test_a_worse_or_unneeded_reading_is_not_taken(first: str, conf: float, reading: str) -> None:
    got = second._judge(_w(first, conf), *_sure(reading))
    assert got is None or got.text == first


def test_a_table_of_people_has_only_its_unsure_numbers_read_again() -> None:
    """A household's table: seventy dates and numbers read surely, one unsure: more than a
    garbled reading's worth of words, so only the unsure one is asked about (the reading is
    not skipped for the sure ones)."""
    sure = [Word("12/05/1990", 96.0, (10, 10 + 40 * i, 200, 40 + 40 * i)) for i in range(70)]
    unsure = _w("1/11/4480", 40.0, x=400)
    res = OcrResult(words=[*sure, unsure], lines=[[w] for w in [*sure, unsure]], blocks=[0])
    asked: list[Image.Image] = []
    got = second.second_reading(
        Image.new("L", (1000, 3000), 255), res, [], read=_recording(asked, "14/11/1980")
    )
    assert len(asked) == 1
    assert got.words[-1].text == "14/11/1980"


def test_a_guides_dots_read_with_a_space_after_a_date_are_not_the_date() -> None:
    """The network's "01/07/1991. ." for a hand-filled date over a dotted guide (dev41
    19611): the dots and the space between them are set aside, the date is a date."""
    got = second._judge(_w("1⁄9?⁄.", 30.6), *_sure("01/07/1991. ."))
    assert got is not None and got.text == "01/07/1991"


def test_a_date_cut_short_is_read_with_the_rest_of_its_ink() -> None:
    """Tesseract's "02/11" and "." for a hand-filled 02/11/1996 (dev41 19611): its word's
    box ends before the year; the network reads the date over the words of no letters
    right after it (a word's gap away), not over the next label's words."""
    date = Word("02/11", 67.9, (692, 579, 822, 612))
    rest = Word(".", 67.9, (852, 581, 865, 612))
    label = Word("Dân", 96.0, (928, 589, 987, 612))
    res = OcrResult(words=[date, rest, label], lines=[[date, rest, label]], blocks=[0])
    asked: list[Image.Image] = []
    got = second.second_reading(
        Image.new("L", (1200, 700), 255), res, [], read=_recording(asked, "02/11/1996")
    )
    assert len(asked) == 1
    pad = second._PAD * 33
    assert asked[0].width == round(865 + pad) - round(692 - pad)  # "02/11" and the "."
    assert [w.text for w in got.words] == ["02/11/1996", ".", "Dân"]


@pytest.mark.parametrize(
    ("text", "box", "asked"),
    [
        ("Đóe..8ì⁄⁄", (1112, 862, 1353, 941), True),  # one stray digit among letters
        ("ÍÊ.ÏrWfg@Anh", (10, 10, 290, 40), True),  # a guide's dots join a name's words
        ("IEBBIKIIHDHUHE", (10, 10, 290, 40), False),  # as wide, no dots: no name's words
    ],
)
def test_a_name_written_across_a_guides_dots_is_read_again(
    text: str, box: tuple[float, float, float, float], asked: bool
) -> None:
    """ "Đóe..8ì⁄⁄" for "Đức Bình" (dev41 19717): a stroke read as a digit, or the dots
    joining the words into one wider than a word of a name, kept the network from being
    asked; it reads "Duc. Binh." there, the name compared with the other papers'."""
    word = Word(text, 29.5, box)
    res = OcrResult(words=[word], lines=[[word]], blocks=[0])
    crops: list[Image.Image] = []
    got = second.second_reading(
        Image.new("L", (1500, 1000), 255), res, [], read=_recording(crops, "Duc. Binh.")
    )
    assert bool(crops) is asked
    assert got.words[0].letters == ("Duc. Binh" if asked else "")
