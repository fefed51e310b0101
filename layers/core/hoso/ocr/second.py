"""A second reader for the words with digits that Tesseract read unsurely.

Tesseract reads typed text well and handwriting-style digits badly, and badly in ways that
voting over binarisations cannot mend because every reading makes them: "1/11/4480" for a
hand-filled 14/11/1980, "7999" for 1999, "03/44%" for 03/1996. PP-OCRv4's text-line
recogniser (a convolutional network with a CTC head, Apache-2.0) reads those shapes far
better; it knows no Vietnamese tone marks, so it is asked only about words that hold digits.
Its weights ship inside the ``rapidocr-onnxruntime`` wheel (1.4.x, which carries them; later
versions fetch them at run time) and run on ``onnxruntime`` with one thread, like Tesseract
here (pages are read in parallel processes). Its character list is in the model's metadata.

For every word of the final reading that holds two digits or more and was read with a
confidence under :data:`UNSURE` (what the number re-read of :mod:`hoso.ocr.numbers` left
unsure included), and for every birth date, year or ID number however surely read, the
word's box is read again by the network:

* the two readings agree (the same characters once the dots of a dotted guide line are set
  aside): two independent readers agreeing is sure, and the word's confidence says so; when
  the network is sure of it, the word is ``confirmed`` (a "1989" beside a card's 1984 was
  written so, not a hand-written 4 read as 9: the understanding may decide on it);
* they differ, Tesseract's reading is unsure already (under 80), and the network is sure of
  a number or a date that can be one (:func:`_fits`): its reading is taken, with a
  confidence that stays under the "may be misread" line (:data:`TAKEN_CONFIDENCE`), so that
  it can agree with another paper but never decides a disagreement alone; Tesseract's
  reading goes to the word's ``alts``;
* otherwise the network's reading, when made of digits, is one more of the word's ``alts``.

A date Tesseract cut short ("02/11", its year left in the "." after it) is read over the
words of no letters right after it, a word's gap away at most.

Words of letters read unsurely (under :data:`UNSURE_LETTERS`: a name filled in by hand,
"K#án⁄" for Khánh, "Wquuêyi" for Nguyễn) are read by the network too: under 60, not 85 as
first, which halves the words asked about and kept every decision the reading had changed
on the dev sets (six dossiers of dev20–dev26, each of whose names was read under 60). It reads hand-written
letters far better than Tesseract but without tone marks, so its reading never replaces
Tesseract's: when it is sure of it (:data:`SURE_LETTERS`) and it differs from Tesseract's
once the tone marks are set aside, it goes to the word's ``letters``, for the understanding
stage to compare names by (a second, independent reading of the same ink). A word of
letters with one digit among them is such a word too (a stroke or a guide's dot read as a
digit: "Đóe..8ì⁄⁄" for "Đức Bình"), and so is a wider one whose words a guide's dots join.

Without the package (or its model) the reading is left as it was, with a note.
"""

from __future__ import annotations

import importlib.util
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from hoso.model import Word
from hoso.ocr.tess import OcrResult
from hoso.text import fold

UNSURE = 90.0  # Tesseract word confidence under which a word with digits is read again
SURE_NETWORK = 0.9  # the network's mean character probability to take its reading
REPLACE_BELOW = 80.0  # only a reading already unsure ("may be misread") is ever replaced
TAKEN_CONFIDENCE = 79.0  # a taken reading's confidence: under "may be misread" (80)
AGREED_CONFIDENCE = 95.0  # two readers agreeing
UNSURE_LETTERS = 60.0  # Tesseract word confidence under which a word of letters is read again
SURE_LETTERS = 0.8  # the network's mean character probability to keep its reading of letters
# a word of letters wider than this (its crop's width over height; a word of a name is far
# narrower) is words run together or no text: not read again (a sixth of the network's work)
MAX_LETTERS_ASPECT = 5.0
# ... unless a guide's dots join them: a name written across the dots ("ÍÊ.ÏrWfg@Anh" for
# "Lê Trung Anh"), one word of Tesseract's for the name's three
MAX_JOINED_ASPECT = 10.0
_JOINED = re.compile(r"[^\W\d_]\.+[^\W\d_]", re.UNICODE)
_HEIGHT = 48  # the recogniser's input height
_PAD = 0.25  # a crop's margin, in the word's heights: Tesseract's box may cut a digit's tail
_MAX_WORDS = 60  # a form has a few dozen numbers at most: more is a garbled reading
_MAX_LETTER_WORDS = 150  # ... and a page of hand-filled values a hundred-odd unsure words
_EDGE = ".,:;…_-'\"`~()[]| "  # a guide's dots read with a space between: ". ."
_NUMERIC = re.compile(r"\d[\d/.\-]*\d")
# what identifies a person (a birth date or year, an ID number): read again however surely
# Tesseract read it, for the understanding to know two readers agree on it ("1989" read at
# 97 beside a card's 1984: written so, or a hand-written 4 read as 9?)
_IDENTITY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|(?:19|20)\d\d|\d{12}|\d{9}")
_GAP = re.compile(r"(?<=[\d/]) +(?=[\d/])")
_ZERO_LOOKALIKES = str.maketrans({"Q": "0", "O": "0", "o": "0"})
# a date cut short: Tesseract's word ends before the year ("02/11" and "." for 02/11/1996)
_CUT_DATE = re.compile(r"\d{1,2}[/⁄]\d{1,2}(?:[/⁄]\d{0,3})?")
_REST_GAP = 1.0  # in the word's heights: the rest of a date further off is another word

# a reading: the characters read and the probability of each
ReadFn = Callable[[Sequence[Image.Image]], list[tuple[str, list[float]]]]


def _model_path() -> Path | None:
    spec = importlib.util.find_spec("rapidocr_onnxruntime")  # found, never imported
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "models"
    model = path / "ch_PP-OCRv4_rec_infer.onnx"
    return model if model.is_file() else None


@cache
def _session() -> tuple[Any, list[str]] | None:
    model = _model_path()
    if model is None:
        return None
    try:
        import onnxruntime as ort
    except ImportError:
        return None
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    session = ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])
    chars = session.get_modelmeta().custom_metadata_map["character"].splitlines()
    return session, ["", *chars, " "]  # CTC blank first; the space last


def available() -> bool:
    return _session() is not None


def _input(crop: Image.Image) -> np.ndarray:
    gray = crop.convert("L")
    width = max(8, math.ceil(_HEIGHT * gray.width / max(1, gray.height)))
    gray = gray.resize((width, _HEIGHT), Image.Resampling.BILINEAR)
    a = (np.asarray(gray, dtype=np.float32) / 255.0 - 0.5) / 0.5
    return np.repeat(a[None, None], 3, axis=1)


def read_crops(crops: Sequence[Image.Image]) -> list[tuple[str, list[float]]]:
    """The network's reading of each crop (one line of text) and the probability (0..1) of
    each character. Raises RuntimeError when the model is not installed."""
    loaded = _session()
    if loaded is None:
        raise RuntimeError("the second reader's model (rapidocr-onnxruntime) is not installed")
    session, chars = loaded
    out: list[tuple[str, list[float]]] = []
    for crop in crops:
        probs = session.run(None, {"x": _input(crop)})[0][0]
        best, p = probs.argmax(1), probs.max(1)
        text: list[str] = []
        confs: list[float] = []
        prev = -1
        for k, c in zip(best.tolist(), p.tolist(), strict=True):
            if k != prev and k != 0:
                text.append(chars[k])
                confs.append(c)
            prev = k
        out.append(("".join(text), confs))
    return out


def _core(text: str) -> str:
    return text.strip().strip(_EDGE)


def _numeric(text: str) -> str | None:
    """The network's reading as a number or a date ("Q01196453910." -> 011964539 10 without
    the dot; "075.49295.86" -> 0754929586: a guide line's dots inside a number), or None
    when it is not made of digits and separators."""
    # a gap between two of its digits is no second word ("03817715 9850": a hand-written
    # number's groups; one word of Tesseract's was read)
    core = _GAP.sub("", _core(text).translate(_ZERO_LOOKALIKES))
    if not _NUMERIC.fullmatch(core) or sum(ch.isdigit() for ch in core) < 2:
        return None
    if "/" not in core and "-" not in core:
        core = core.replace(".", "")
    elif "/" in core and _shaped(undotted := core.replace(".", "")):
        core = undotted  # "17/11/.1974", "20/06/19.79": a date written across the guide
    return core


def _same(a: str, b: str) -> bool:
    return a.replace(".", "") == b.replace(".", "")


def _certainty(reading: str, probs: Sequence[float]) -> float:
    """The network's mean probability over the characters of the number itself (a guide
    line's dots around it are read unsurely and say nothing of the digits)."""
    start = len(reading) - len(reading.lstrip().lstrip(_EDGE))
    end = len(reading.rstrip().rstrip(_EDGE))
    if end <= start or len(probs) != len(reading):
        return sum(probs) / len(probs) if probs else 0.0
    # ... nor are the guide's dots inside it ("19.79"): they are set aside (:func:`_numeric`)
    inner = [p for ch, p in zip(reading[start:end], probs[start:end], strict=True) if ch != "."]
    return sum(inner) / len(inner) if inner else 0.0


def _judge(word: Word, reading: str, probs: Sequence[float]) -> Word | None:
    """The word after the second reading (None: unchanged)."""
    got = _numeric(reading)
    if got is None:
        return None
    prob = _certainty(reading, probs)
    first = _core(word.text)
    if _same(first, got):
        conf = max(word.conf, min(AGREED_CONFIDENCE, 100.0 * prob))
        return replace(word, conf=conf, confirmed=prob >= SURE_NETWORK)
    alts = list(dict.fromkeys(a for a in (first, *word.alts, got) if a))
    if prob >= SURE_NETWORK and word.conf < REPLACE_BELOW and _fits(word, first, got):
        alts = [a for a in alts if not _same(a, got)]
        return replace(word, text=got, conf=TAKEN_CONFIDENCE, alts=alts, unanimous=False)
    if got in word.alts:
        return None
    return replace(word, alts=[a for a in alts if a != first], unanimous=False)


def _shaped(text: str) -> bool:
    """A number, or a date (day/month/year, month/year) that can be one."""
    if "/" not in text:
        return text.isdigit()
    parts = text.split("/")
    if not all(p.isdigit() for p in parts) or len(parts[-1]) != 4:
        return False
    if not 1900 <= int(parts[-1]) <= 2100 or not 1 <= int(parts[-2]) <= 12:
        return False
    return len(parts) == 2 or (len(parts) == 3 and 1 <= int(parts[0]) <= 31)


def _fits(word: Word, first: str, got: str) -> bool:
    """Whether the network's reading may replace Tesseract's: it must be a number or a date
    that can be one ("13/04/198", a digit cut off, is not); a digit more or less is taken
    only over a reading that is not one ("1/11/4480" -> 14/11/1980, not "2026" -> 202), and
    never over a whole ID number (twelve digits, or a number the number re-read voted on):
    there it is a box's wall read as a 1 ("0823011108512")."""
    if not _shaped(got):
        return False
    n_first, n_got = (sum(ch.isdigit() for ch in t) for t in (first, got))
    if n_first == n_got:
        return True
    if "/" not in first and (word.alts or n_first in (9, 12)):
        return False
    return not _shaped(first.replace("⁄", "/"))


def _twice(word: Word, line: Sequence[Word]) -> bool:
    """Ink another word of the line holds too (Tesseract reads a number's end twice, once
    as a crumb inside the number's box): reading it again would write the digits twice."""
    x0, _, x1, _ = word.bbox
    width = max(1.0, x1 - x0)
    return any(
        o is not word
        and min(x1, o.bbox[2]) - max(x0, o.bbox[0]) >= 0.5 * width
        and (o.bbox[2] - o.bbox[0]) >= width
        for o in line
    )


def _wanted(word: Word) -> bool:
    # a card's machine-readable zone ("<<") has its own check digits (hoso.understand.mrz)
    if "<" in word.text or sum(ch.isdigit() for ch in word.text) < 2:
        return False
    return word.conf < UNSURE or _IDENTITY.fullmatch(_core(word.text)) is not None


def _wanted_letters(word: Word) -> bool:
    """An unsure word of letters; one digit among three letters or more is a hand-written
    stroke or a guide's dot read so ("Đóe..8ì⁄⁄" for "Đức Bình" written across the dots),
    not a number (those hold two digits or more and are read as numbers)."""
    core = _core(word.text)
    n_digits = sum(ch.isdigit() for ch in word.text)
    widest = MAX_JOINED_ASPECT if _JOINED.search(core) else MAX_LETTERS_ASPECT
    return (
        word.conf < UNSURE_LETTERS
        and sum(ch.isalpha() for ch in core) >= (3 if n_digits else 2)
        and n_digits <= 1
        and "<" not in word.text
        and _aspect(word.bbox) <= widest
    )


def _with_rest(word: Word, line: Sequence[Word]) -> tuple[float, float, float, float]:
    """The box to read ``word`` in: a date Tesseract cut short ("02/11", the year left in
    the "." after it) goes on over the words of no letters right after it."""
    box = word.bbox
    if not _CUT_DATE.fullmatch(_core(word.text)):
        return box
    h = box[3] - box[1]
    after = sorted((w for w in line if w.bbox[0] >= box[2]), key=lambda w: w.bbox[0])
    for w in after[:2]:
        if w.bbox[0] - box[2] > _REST_GAP * h or any(ch.isalpha() for ch in w.text):
            break
        box = (box[0], min(box[1], w.bbox[1]), w.bbox[2], max(box[3], w.bbox[3]))
    return box


def _aspect(box: tuple[float, float, float, float]) -> float:
    """Width over height of the crop the network would read (:func:`_crop`)."""
    x0, y0, x1, y1 = box
    h = max(1.0, y1 - y0)
    return (x1 - x0 + 2 * _PAD * h) / ((1 + 2 * _PAD) * h)


def _plain(text: str) -> str:
    """The letters of ``text``, lower-cased, tone marks and everything else set aside."""
    return "".join(ch for ch in fold(text) if ch.isalpha())


def _judge_letters(word: Word, reading: str, probs: Sequence[float]) -> Word | None:
    """The word with the network's reading of its letters (None: nothing to add)."""
    got = _core(reading)
    if sum(ch.isalpha() for ch in got) < 2 or any(ch.isdigit() for ch in got):
        return None  # a digit among letters: a misreading of either kind
    if _certainty(reading, probs) < SURE_LETTERS or _plain(got) == _plain(word.text):
        return None
    return replace(word, letters=got)


def _crop(image: Image.Image, box: tuple[float, float, float, float]) -> Image.Image:
    x0, y0, x1, y1 = box
    pad = _PAD * (y1 - y0)
    return image.crop(
        (
            max(0, round(x0 - pad)),
            max(0, round(y0 - pad)),
            min(image.width, round(x1 + pad)),
            min(image.height, round(y1 + pad)),
        )
    )


def second_reading(
    image: Image.Image, result: OcrResult, notes: list[str], read: ReadFn | None = None
) -> OcrResult:
    """``result`` with its unsure words with digits read again (see the module notes).
    ``image`` is the image ``result`` was read from; ``read`` the network (tests)."""
    lines = {id(w): line for line in result.lines for w in line}
    words = [w for line in result.lines for w in line if _wanted(w) and not _twice(w, line)]
    letters = [w for line in result.lines for w in line if _wanted_letters(w)]
    unsure = [w for w in words if w.conf < UNSURE]
    if len(unsure) > _MAX_WORDS:
        notes.append(f"second reading skipped: {len(unsure)} unsure numbers (a garbled reading)")
        return result
    if len(words) > _MAX_WORDS:  # a table of people: its unsure numbers only
        words = unsure
    if len(letters) > _MAX_LETTER_WORDS:
        notes.append(f"second reading of letters skipped: {len(letters)} unsure words")
        letters = []
    if not (words or letters):
        return result
    if read is None:
        if not available():
            notes.append("second reading skipped: its model is not installed")
            return result
        read = read_crops
    boxes = [_with_rest(w, lines[id(w)]) for w in words] + [w.bbox for w in letters]
    got = read([_crop(image, box) for box in boxes])
    changed: dict[int, Word] = {}
    for word, (text, probs) in zip(words, got[: len(words)], strict=True):
        if (new := _judge(word, text, probs)) is not None:
            changed[id(word)] = new
    if words and changed:
        taken = sum(1 for w in words if id(w) in changed and changed[id(w)].text != w.text)
        notes.append(
            f"second reading: {len(words)} words, {taken} taken, {len(changed) - taken} kept"
        )
    n = len(changed)
    for word, (text, probs) in zip(letters, got[len(words) :], strict=True):
        if (new := _judge_letters(word, text, probs)) is not None:
            changed[id(word)] = new
    if letters:
        notes.append(
            f"second reading of letters: {len(letters)} words, {len(changed) - n} read otherwise"
        )
    if not changed:
        return result
    return OcrResult(
        words=[changed.get(id(w), w) for w in result.words],
        lines=[[changed.get(id(w), w) for w in line] for line in result.lines],
        blocks=list(result.blocks),
    )
