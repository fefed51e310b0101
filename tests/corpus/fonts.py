"""Fonts of the independent corpus: Vietnamese-complete faces only, glyphs checked.

Typed faces come from Debian packages (DejaVu, ``fonts-liberation2``, ``fonts-freefont-ttf``;
FreeMono is the typewriter face). Handwriting faces come from the npm registry
(``@fontsource/<name>``): each ships a ``latin`` and a ``vietnamese`` subset (WOFF) that are
merged with fontTools into one TTF under ``.hoso/fonts/`` (git-ignored; never committed).

``python -m tests.corpus.fonts`` installs what is missing (``make corpus-fonts``).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("HOSO_CORPUS_FONTS", REPO / ".hoso" / "fonts"))
SYS = Path("/usr/share/fonts/truetype")

# npm package -> (pinned version, file stem inside package/files, output TTF name)
HAND_PACKAGES = {
    "Patrick Hand": ("@fontsource/patrick-hand", "5.3.0", "patrick-hand"),
    "Pangolin": ("@fontsource/pangolin", "5.3.0", "pangolin"),
    "Sriracha": ("@fontsource/sriracha", "5.3.0", "sriracha"),
}
APT_PACKAGES = ("fonts-dejavu-core", "fonts-liberation2", "fonts-freefont-ttf")


@dataclass(frozen=True)
class Face:
    """A font family; ``kind`` is serif, sans, mono (typewriter) or hand."""

    name: str
    kind: str
    regular: Path
    bold: Path | None = None
    italic: Path | None = None

    def path(self, bold: bool = False, italic: bool = False) -> Path:
        if bold and self.bold is not None:
            return self.bold
        if italic and self.italic is not None:
            return self.italic
        return self.regular


def _sys(sub: str, reg: str, bold: str | None, ital: str | None) -> tuple[Path, ...]:
    d = SYS / sub
    return (d / reg, d / bold if bold else None, d / ital if ital else None)  # type: ignore[return-value]


TYPED: tuple[Face, ...] = (
    Face(
        "Liberation Serif",
        "serif",
        *_sys(
            "liberation2",
            "LiberationSerif-Regular.ttf",
            "LiberationSerif-Bold.ttf",
            "LiberationSerif-Italic.ttf",
        ),
    ),
    Face(
        "DejaVu Serif",
        "serif",
        *_sys("dejavu", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    ),
    Face(
        "FreeSerif",
        "serif",
        *_sys("freefont", "FreeSerif.ttf", "FreeSerifBold.ttf", "FreeSerifItalic.ttf"),
    ),
    Face(
        "Liberation Sans",
        "sans",
        *_sys(
            "liberation2",
            "LiberationSans-Regular.ttf",
            "LiberationSans-Bold.ttf",
            "LiberationSans-Italic.ttf",
        ),
    ),
    Face(
        "DejaVu Sans",
        "sans",
        *_sys("dejavu", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    ),
    Face(
        "FreeSans",
        "sans",
        *_sys("freefont", "FreeSans.ttf", "FreeSansBold.ttf", "FreeSansOblique.ttf"),
    ),
    Face(
        "FreeMono",
        "mono",
        *_sys("freefont", "FreeMono.ttf", "FreeMonoBold.ttf", "FreeMonoOblique.ttf"),
    ),
    Face(
        "Liberation Mono",
        "mono",
        *_sys(
            "liberation2",
            "LiberationMono-Regular.ttf",
            "LiberationMono-Bold.ttf",
            "LiberationMono-Italic.ttf",
        ),
    ),
)
HAND: tuple[Face, ...] = tuple(
    Face(name, "hand", CACHE / f"{stem}.ttf") for name, (_, _, stem) in HAND_PACKAGES.items()
)
ALL = {f.name: f for f in (*TYPED, *HAND)}

# Every letter Vietnamese needs (checked at install time against every face).
VI_LETTERS = (
    "ĂăÂâĐđÊêÔôƠơƯưÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)


class MissingGlyph(RuntimeError):
    """A string to render has a character the chosen font cannot draw."""


def available(face: Face) -> bool:
    return all(p is not None and p.is_file() for p in (face.regular, face.bold, face.italic) if p)


def hand_faces() -> list[Face]:
    return [f for f in HAND if available(f)]


def typed_faces() -> list[Face]:
    missing = [f.name for f in TYPED if not available(f)]
    if missing:
        raise FileNotFoundError(
            f"typed fonts missing: {missing}; run `make corpus-fonts` (apt: {APT_PACKAGES})"
        )
    return list(TYPED)


@functools.lru_cache(maxsize=64)
def cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as f:
        return frozenset(f.getBestCmap())


def check_text(path: Path, text: str) -> None:
    """Fail loudly when ``text`` is not NFC or has a character missing from the font."""
    if unicodedata.normalize("NFC", text) != text:
        raise ValueError(f"text not NFC: {text!r}")
    cm = cmap(path)
    bad = sorted({c for c in text if not c.isspace() and ord(c) not in cm})
    if bad:
        raise MissingGlyph(f"{path.name} lacks {bad!r} (in {text[:60]!r})")


@functools.lru_cache(maxsize=512)
def pil_font(path: Path, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), max(4, size_px), layout_engine=ImageFont.Layout.BASIC)


# ---------------------------------------------------------------------------------- install


def _merge_subsets(latin: Path, vietnamese: Path, out: Path) -> None:
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        for src in (latin, vietnamese):
            f = TTFont(str(src))
            f.flavor = None  # WOFF -> plain sfnt
            p = Path(tmp) / (src.stem + ".ttf")
            f.save(str(p))
            parts.append(str(p))
        merged = Merger().merge(parts)
        merged.save(str(out))


def install_hand(verbose: bool = True) -> list[Path]:
    """npm pack each handwriting package (pinned) and merge its subsets into one TTF."""
    CACHE.mkdir(parents=True, exist_ok=True)
    done = []
    npm = shutil.which("npm")
    for name, (pkg, version, stem) in HAND_PACKAGES.items():
        out = CACHE / f"{stem}.ttf"
        if not out.is_file():
            if npm is None:
                raise FileNotFoundError("npm is needed to fetch the handwriting fonts")
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run(
                    [npm, "pack", f"{pkg}@{version}", "--pack-destination", tmp, "--silent"],
                    check=True,
                    capture_output=True,
                )
                tgz = next(Path(tmp).glob("*.tgz"))
                with tarfile.open(tgz) as tar:
                    tar.extractall(tmp, filter="data")
                files = Path(tmp) / "package" / "files"
                _merge_subsets(
                    files / f"{stem}-latin-400-normal.woff",
                    files / f"{stem}-vietnamese-400-normal.woff",
                    out,
                )
            if verbose:
                print(f"installed {name} -> {out}")
        done.append(out)
    return done


def install_system() -> None:
    if all(available(f) for f in TYPED):
        return
    if os.geteuid() != 0:
        raise PermissionError(f"need root to apt-get install {' '.join(APT_PACKAGES)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *APT_PACKAGES], check=True, env=env)


def verify() -> None:
    """Every face must draw every Vietnamese letter, digits and the punctuation we use."""
    needed = VI_LETTERS + "0123456789/.,:;()-–_…%\"'<>*+#&@"
    for face in (*TYPED, *HAND):
        for p in {face.regular, face.bold, face.italic}:
            if p is not None:
                check_text(p, needed)


def main() -> int:
    install_system()
    install_hand()
    verify()
    print(f"corpus fonts ok: {', '.join(ALL)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
