"""Generate the notices' fonts: DejaVu Serif cut to the characters Vietnamese notices print.

    python infra/notice_fonts.py           # write layers/core/hoso/fonts/DejaVuSerif*-vi.ttf
    python infra/notice_fonts.py --check   # exit 1 when the committed files are stale

Every notice (receipt, supplement request, apology letter ...) is a PDF that embeds the
characters it prints. fpdf2 parses the whole font for each document and cuts it down when
writing the PDF; DejaVu Serif's 3,500 glyphs made that about 40% of a notice's CPU time
(issue 15, docs/benchmarks.md). The cut fonts keep about 550 glyphs: Latin with Latin-1 and
Latin Extended-A, Ơ/Ư, every Vietnamese letter with its tone (U+1EA0-1EF9) and the combining
marks, punctuation, ₫ € № ℃, arrows, boxes and check marks, each glyph's outline and width as
in the full font (a notice lays out the same). A character outside them (a name in another
script, a symbol an OCR reading carried into a reason) is printed from the full font, loaded
only then (``hoso.forms._layout.FormPDF``).

Needs fontTools (a dependency of fpdf2), no network.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "layers" / "core" / "hoso" / "fonts"
SOURCES = ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf")

# (first, last) code points, both included
RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A (Đ đ)
    (0x01A0, 0x01A1),  # Ơ ơ
    (0x01AF, 0x01B0),  # Ư ư
    (0x02C6, 0x02C7),  # ˆ ˇ
    (0x02D8, 0x02DD),  # ˘ ˙ ˚ ˛ ˜ ˝
    (0x0300, 0x0323),  # combining marks (tones written decomposed)
    (0x1EA0, 0x1EF9),  # Vietnamese letters with tones
    (0x2010, 0x2027),  # dashes, quotes, bullet, ellipsis
    (0x2030, 0x203A),  # per mille, primes, angle quotes
    (0x2044, 0x2044),  # fraction slash
    (0x20AB, 0x20AC),  # ₫ €
    (0x2103, 0x2103),  # ℃
    (0x2116, 0x2116),  # №
    (0x2190, 0x2199),  # arrows
    (0x25A0, 0x25A1),  # ■ □
    (0x25CB, 0x25CF),  # ○ ● and their kin
    (0x2610, 0x2612),  # ☐ ☑ ☒
    (0x2713, 0x2718),  # ✓ ✔ ✕ ✖ ✗ ✘
)


def code_points() -> list[int]:
    return [c for first, last in RANGES for c in range(first, last + 1)]


def target(source: str) -> Path:
    return FONTS / source.replace(".ttf", "-vi.ttf")


def cut(source: Path) -> bytes:
    """The font cut to ``RANGES``: outlines, widths and names kept, no layout tables (fpdf2
    does not shape text), no hinting (a PDF viewer does not use it)."""
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.hinting = False
    options.drop_tables += ["FFTM"]
    font = TTFont(source, recalcTimestamp=False)  # same bytes on every run
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=code_points())
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the files are stale")
    args = parser.parse_args(argv)
    stale = []
    for source in SOURCES:
        data, path = cut(FONTS / source), target(source)
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(path.name)
        else:
            path.write_bytes(data)
            print(f"{path.relative_to(ROOT)}: {len(data):,} bytes", file=sys.stderr)
    if stale:
        print(f"stale: {', '.join(stale)} (run python infra/notice_fonts.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
