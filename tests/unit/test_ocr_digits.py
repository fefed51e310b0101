"""The handwritten-digit classifier (hoso.ocr.digits) and its place in the number vote.

Tesseract reads some handwritten digit shapes wrong every time (a crossed 7 as 4 or 1), so
the number re-read also asks a small classifier trained on other fonts
(infra/digits/train.py). Its training fonts must stay apart from the evaluation corpus's,
or the corpus's figures would not measure unseen handwriting.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from hoso.ocr import digits, numbers
from hoso.ocr.numbers import Reading, vote
from hoso.resources import font_path
from tests.corpus import fonts as corpus_fonts

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


def _glyph(text: str, size: int = 48, font: Path | None = None) -> Image.Image:
    """``text`` drawn white on black and cropped to its ink, as numbers.render gives it."""
    f = ImageFont.truetype(str(font or font_path()), size)
    img = Image.new("L", (size * 3, size * 2), 0)
    ImageDraw.Draw(img).text((size // 2, size // 4), text, font=f, fill=255)
    box = img.point(lambda v: 255 if v > 128 else 0).getbbox()
    assert box is not None
    return img.point(lambda v: 255 if v > 128 else 0).crop(box)


def _crossed_seven(size: int = 48) -> Image.Image:
    g = _glyph("7", size).copy()
    w, h = g.size
    ImageDraw.Draw(g).line((w * 0.2, h * 0.55, w * 0.8, h * 0.55), fill=255, width=4)
    return g


def test_the_model_ships_with_the_package() -> None:
    assert digits.available()
    assert digits.MODEL.stat().st_size < 1_000_000  # small enough for the layer


def test_typed_digits_of_a_font_it_was_not_trained_on() -> None:
    """DejaVu Sans (hoso's own font, not a training font) at three sizes."""
    glyphs = [_glyph(d, size) for size in (32, 44, 60) for d in "0123456789"]
    got = digits.classify(glyphs)
    right = sum(d == str(k % 10) for k, (d, _p) in enumerate(got))
    assert right >= 27, got


def test_a_crossed_seven_is_a_seven() -> None:
    """Tesseract's eng model reads a 7 with a bar across as 4 or 1."""
    for size in (36, 48, 64):
        d, p = digits.classify([_crossed_seven(size)])[0]
        assert d == "7" and p >= 0.5, (size, d, p)


def test_not_one_digit_is_no_opinion_or_unsure() -> None:
    """A dash or two digits glued together are not read as one confident digit."""
    for g in (_glyph("—"), _glyph("38", 48)):
        d, p = digits.classify([g])[0]
        assert d is None or p < 0.9, (d, p)


def test_features_are_the_same_for_training_and_reading() -> None:
    g = _glyph("5")
    f = digits.normalise(g)
    assert f.shape == (digits.GRID * digits.GRID + 1,)
    assert float(f.min()) >= 0.0 and float(f.max()) <= 1.0


def test_a_sure_shape_outvotes_a_misreading_every_tesseract_reading_makes() -> None:
    """Tesseract (three renderings of one segmentation) reads the crossed 7 as 4 every
    time; the classifier is sure it is a 7: the 7 wins, the 4 stays an alternative."""
    tess = [Reading(f"t{k}", ["0", "4", "1"], 80.0) for k in range(3)]
    shape = Reading("shape", ["0", "7", "1"], 95.0, weights=[3.4, 3.4, 3.4])
    v = vote([*tess, shape], 3)
    assert v.text == "071" and "041" in v.alts
    unsure = Reading("shape", ["0", "7", "1"], 55.0, weights=[1.8, 1.8, 1.8])
    assert vote([*tess, unsure], 3).text == "041"


def test_shape_reading_maps_glyphs_to_the_reference_and_abstains_when_unsure() -> None:
    g = numbers.Glyphs(
        [_glyph("3"), _crossed_seven(), _glyph("—")], [(0, 10), (12, 22), (24, 34)], None, 48.0
    )
    r = numbers.shape_reading("otsu", g, [0, 1, None], 3)
    assert r.per_glyph[:2] == ["3", "7"] and r.per_glyph[2] is None
    assert r.weights is not None and r.weights[2] == 0.0
    assert all(0 < w <= numbers.SHAPE_WEIGHT for w in r.weights[:2])


def _train_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("digits_train", ROOT / "infra/digits/train.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_training_fonts_are_not_the_evaluation_corpus_fonts() -> None:
    train = _train_module()
    corpus = {stem for _pkg, _v, stem in corpus_fonts.HAND_PACKAGES.values()}
    corpus |= {f.name.lower().replace(" ", "-") for f in corpus_fonts.TYPED}
    assert not set(train.FONTS) & corpus
    assert len(train.HAND) >= 15 and len(train.TYPED) >= 5


def test_training_samples_cover_every_class() -> None:
    """One font, a few samples a digit: every digit and "not one digit" present, each
    sample a valid feature row (the distortions never leave an empty glyph)."""
    train = _train_module()
    x, y = train.samples([font_path()], 4, seed=random.Random(3).randrange(100))
    assert x.shape[1] == digits.GRID * digits.GRID + 1
    assert set(y.tolist()) == set(range(digits.REJECT + 1))
