"""The notices' cut fonts (infra/notice_fonts.py): current, complete for Vietnamese, the same
glyphs and widths as the full font, and the full font used for any character they lack."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

from hoso.forms import render_receipt, render_supplement_request
from hoso.resources import font_path
from tests.unit.test_forms import record

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
FONTS = font_path().parent

# every letter of Vietnamese with every tone, both cases, as NFC builds them
_BASES = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
VIETNAMESE = {
    unicodedata.normalize("NFC", b + t) for b in _BASES + _BASES.upper() for t in _TONES
} | set("đĐbcdghklmnpqrstvxBCDGHKLMNPQRSTVX0123456789")


def _pdf_text(pdf: bytes) -> tuple[str, set[str]]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = [c for p in doc.pages for c in p.chars]
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
    return text, {c["fontname"] for c in chars}


def test_cut_fonts_are_generated_from_the_full_ones() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "infra" / "notice_fonts.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", ["DejaVuSerif", "DejaVuSerif-Bold"])
def test_cut_font_has_every_vietnamese_letter_as_the_full_font_draws_it(name: str) -> None:
    full, cut = TTFont(FONTS / f"{name}.ttf"), TTFont(FONTS / f"{name}-vi.ttf")
    full_map, cut_map = full.getBestCmap(), cut.getBestCmap()
    assert len(cut.getGlyphOrder()) < len(full.getGlyphOrder()) / 5
    for ch in sorted(VIETNAMESE):
        assert ord(ch) in cut_map, ch
        glyph = cut_map[ord(ch)]
        assert cut["hmtx"][glyph] == full["hmtx"][full_map[ord(ch)]], ch  # same width
        assert (
            cut["glyf"][glyph].numberOfContours == full["glyf"][full_map[ord(ch)]].numberOfContours
        )


def test_notice_prints_with_the_cut_font() -> None:
    text, fonts = _pdf_text(render_receipt(record()))
    assert "Nguyễn Văn Ánh" in text
    assert fonts and all("DejaVuSerif" in f for f in fonts), fonts


def test_a_character_the_cut_font_lacks_comes_from_the_full_font() -> None:
    # a reason carrying what OCR read ("∑" is in DejaVu Serif, not in the cut font)
    reason = "Tổng số trang ∑ = 3 không khớp."
    rec = record(missing_components=[{"name": "Bản chụp Căn cước", "reason": reason}])
    pdf = render_supplement_request(rec)
    text, fonts = _pdf_text(pdf)
    assert reason in " ".join(text.split()), text
    assert all("DejaVuSerif" in f for f in fonts), fonts
    # embedded font programs: the cut regular and bold, and the full ones as fallbacks
    assert pdf.count(b"/FontFile2") == 4
    assert render_supplement_request(record()).count(b"/FontFile2") == 2


def _embedded_fonts(pdf: bytes) -> dict[str, TTFont]:
    fonts = {}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for xref in doc.doc.xrefs:
            for oid in xref.get_objids():
                obj = doc.doc.getobj(oid)
                if isinstance(obj, dict) and "FontFile2" in obj:
                    data = obj["FontFile2"].resolve().get_data()
                    fonts[str(obj["FontName"])] = TTFont(io.BytesIO(data))
    return fonts


def test_glyphs_are_embedded_as_the_font_file_has_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # decoding every glyph of the subset to recompute the bounding boxes the file already
    # holds, and encoding it again, was a third of a receipt's time
    decoded: list[Glyph] = []
    expand = Glyph.expand

    def counted(glyph: Glyph, table: object) -> None:
        decoded.append(glyph)
        expand(glyph, table)

    monkeypatch.setattr(Glyph, "expand", counted)
    pdf = render_receipt(record())
    assert not decoded
    monkeypatch.undo()
    embedded = _embedded_fonts(pdf)
    assert len(embedded) == 2
    for name, font in embedded.items():
        source = TTFont(
            FONTS / ("DejaVuSerif-Bold-vi.ttf" if "Bold" in name else "DejaVuSerif-vi.ttf")
        )
        ours_map, theirs_map = font.getBestCmap(), source.getBestCmap()
        drawn = [c for c in ours_map if font["glyf"][ours_map[c]].numberOfContours > 0]
        assert len(drawn) > 40, name
        for code in drawn:  # the same outlines and bounding boxes as the font file's
            ours, theirs = font["glyf"][ours_map[code]], source["glyf"][theirs_map[code]]
            assert ours.getCoordinates(font["glyf"]) == theirs.getCoordinates(source["glyf"])
            assert (ours.xMin, ours.yMin, ours.xMax, ours.yMax) == (
                theirs.xMin,
                theirs.yMin,
                theirs.xMax,
                theirs.yMax,
            ), chr(code)
