"""Tesseract runs, single-threaded, each with a timeout: in a reader process that keeps the
models loaded (:mod:`hoso.ocr.tess_pool`), or through pytesseract, one ``tesseract`` command
per call, when no reader can start or another command is configured (``tesseract_cmd``).

Images are handed over as uncompressed BMP files with the real resolution passed via
``--dpi``. The format matters: Leptonica reads a 300 dpi A4 page from BMP in about 0.01 s,
from JPEG in 0.03 s, but from PGM or PNG in 0.12 s (and PIL needs 0.3 s to write the PNG).
Output is Tesseract's TSV, parsed here (split on tabs with a bounded split, so words are
never truncated).

Every run sets ``invert_threshold`` to 0: Tesseract 5 reads every line it read under 70%
sure a second time as white on black, and keeps that reading when it scores better. The
papers of a dossier have no white-on-black text, and on the hard pages (phone photos,
hand-filled forms, stamps and signatures), where most lines are read unsurely, the
second reading of each was 2.5% of Tesseract's CPU on the independent corpus's pages.
What it changed moved a few decisions both ways on the dev sets (docs/benchmarks.md,
round 39).
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytesseract
from PIL import Image

from hoso.model import Word
from hoso.ocr import tess_pool
from hoso.text import nfc

_DEFAULT_CMD = pytesseract.pytesseract.tesseract_cmd
_NO_INVERTED = {"invert_threshold": "0"}  # see the module notes
_NO_INVERTED_ARGS = " ".join(f"-c {k}={v}" for k, v in _NO_INVERTED.items())


def ensure_env(cmd: str | None) -> None:
    """Tesseract's OpenMP threads fight each other when several pages run in parallel:
    pin each process to one thread. pytesseract passes ``os.environ`` to the subprocess."""
    pytesseract.pytesseract.tesseract_cmd = cmd or _DEFAULT_CMD
    if os.environ.get("OMP_THREAD_LIMIT") != "1":
        os.environ["OMP_THREAD_LIMIT"] = "1"


class TesseractFailed(Exception):
    """A tesseract run crashed or timed out (the page gets an error, the file goes on)."""


class TimedOut(TesseractFailed):
    """A tesseract run was stopped at its timeout."""


@dataclass
class OcrResult:
    words: list[Word] = field(default_factory=list)
    lines: list[list[Word]] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)  # block number of each line

    @property
    def confidence(self) -> float | None:
        if not self.words:
            return None
        return sum(w.conf for w in self.words) / len(self.words)

    @property
    def text(self) -> str:
        out: list[str] = []
        prev_block: int | None = None
        for line, block in zip(self.lines, self.blocks, strict=True):
            if prev_block is not None and block != prev_block:
                out.append("")
            out.append(" ".join(w.text for w in line))
            prev_block = block
        return "\n".join(out)


def write_image(img: Image.Image, directory: str) -> str:
    """The page as a temporary file for Tesseract (uncompressed BMP: see the module notes)."""
    fd, path = tempfile.mkstemp(suffix=".bmp", dir=directory)
    with os.fdopen(fd, "wb") as fh:
        img.save(fh, "BMP")
    return path


def _run(call: str, timeout: float, fn: object, *args: object, **kw: object) -> str:
    try:
        out = fn(*args, timeout=timeout, **kw)  # type: ignore[operator]
    except pytesseract.TesseractNotFoundError as exc:
        raise TesseractFailed("tesseract is not installed or not on PATH") from exc
    except pytesseract.TesseractError as exc:
        msg = exc.message.strip() if isinstance(exc.message, str) else str(exc.message)
        last = msg.splitlines()[-1] if msg else ""
        raise TesseractFailed(f"tesseract {call} crashed (exit {exc.status}): {last}") from exc
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise TimedOut(f"tesseract {call} timed out after {timeout:g} s") from exc
        raise TesseractFailed(f"tesseract {call} failed: {exc}") from exc
    if isinstance(out, bytes):
        return out.decode("utf-8", "replace")
    return str(out)


_GRACE_S = 2.0  # a reader past its own deadline is stopped this much later


def _library(cmd: str | None) -> bool:
    """Whether the run goes to a reader process (see the module notes)."""
    return cmd is None and tess_pool.available()


def _ask(call: str, request: dict[str, object], timeout: float) -> dict[str, object]:
    request = {**request, "timeout_ms": max(1, int(timeout * 1000))}
    try:
        reply = tess_pool.ask(request, timeout + _GRACE_S)
    except tess_pool.ReaderTimedOut as exc:
        raise TimedOut(f"tesseract {call} timed out after {timeout:g} s") from exc
    except (tess_pool.ReaderFailed, OSError) as exc:
        raise TesseractFailed(f"tesseract {call} crashed ({exc})") from exc
    if reply.get("timeout"):
        raise TimedOut(f"tesseract {call} timed out after {timeout:g} s")
    if "error" in reply:
        raise TesseractFailed(f"tesseract {call} failed: {reply['error']}")
    return reply


def ocr(
    path: str,
    *,
    lang: str,
    psm: int,
    dpi: int,
    timeout: float,
    cmd: str | None = None,
    whitelist: str | None = None,
) -> OcrResult:
    """One Tesseract run. ``whitelist``: the only characters it may output (numbers are
    read again with ``0123456789``, see :mod:`hoso.ocr.numbers`)."""
    ensure_env(cmd)
    if _library(cmd):
        variables = dict(_NO_INVERTED)
        if whitelist:
            variables["tessedit_char_whitelist"] = whitelist
        request = {"op": "ocr", "path": path, "lang": lang, "psm": psm, "dpi": dpi}
        return parse_tsv(str(_ask("OCR", {**request, "vars": variables}, timeout)["text"]))
    config = f"--psm {psm} --dpi {dpi} {_NO_INVERTED_ARGS}"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    tsv = _run("OCR", timeout, pytesseract.image_to_data, path, lang=lang, config=config)
    return parse_tsv(tsv)


@dataclass(frozen=True)
class Char:
    text: str
    conf: float
    bbox: tuple[int, int, int, int]  # x0, y0, x1, y1


_CINFO = re.compile(
    r"<span class='ocrx_cinfo' title='x_bboxes (\d+) (\d+) (\d+) (\d+); x_conf ([\d.]+)'>"
    r"([^<]*)</span>"
)


def ocr_chars(
    path: str,
    *,
    lang: str,
    psm: int,
    dpi: int,
    timeout: float,
    cmd: str | None = None,
    whitelist: str | None = None,
) -> list[Char]:
    """One Tesseract run, every character with its box and confidence (hOCR char boxes)."""
    ensure_env(cmd)
    if _library(cmd):
        variables = {"hocr_char_boxes": "1", **_NO_INVERTED}
        if whitelist:
            variables["tessedit_char_whitelist"] = whitelist
        request = {"op": "hocr", "path": path, "lang": lang, "psm": psm, "dpi": dpi}
        reply = _ask("OCR", {**request, "vars": variables}, timeout)
        return parse_hocr_chars(str(reply["text"]))
    config = f"--psm {psm} --dpi {dpi} -c hocr_char_boxes=1 {_NO_INVERTED_ARGS}"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    out = _run(
        "OCR",
        timeout,
        pytesseract.image_to_pdf_or_hocr,
        path,
        lang=lang,
        config=config,
        extension="hocr",
    )
    return parse_hocr_chars(out)


def parse_hocr_chars(hocr: str) -> list[Char]:
    chars = []
    for m in _CINFO.finditer(hocr):
        x0, y0, x1, y1 = (int(m.group(i)) for i in range(1, 5))
        ch = html.unescape(m.group(6))
        if ch.strip():
            chars.append(Char(ch, float(m.group(5)), (x0, y0, x1, y1)))
    return chars


def parse_tsv(tsv: str) -> OcrResult:
    """Tesseract TSV -> words grouped into lines in Tesseract's reading order."""
    res = OcrResult()
    keys: dict[tuple[int, int, int, int], int] = {}
    for raw in tsv.splitlines()[1:]:
        cols = raw.split("\t", 11)
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = nfc(cols[11].strip())
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
            key = (int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]))
        except ValueError:
            continue
        if not text or conf < 0:
            continue
        if key not in keys:
            keys[key] = len(res.lines)
            res.lines.append([])
            res.blocks.append(key[1])
        word = Word(
            text=text,
            conf=round(conf, 2),
            bbox=(float(left), float(top), float(left + width), float(top + height)),
            line=keys[key] + 1,
            block=key[1],
        )
        res.lines[keys[key]].append(word)
        res.words.append(word)
    return res


_OSD_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_OSD_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def osd(path: str, *, dpi: int, timeout: float, cmd: str | None = None) -> tuple[int, float]:
    """(clockwise rotation that makes the page upright, confidence); (0, 0.0) when Tesseract
    finds too little text to decide."""
    ensure_env(cmd)
    if _library(cmd):
        reply = _ask("OSD", {"op": "osd", "path": path, "dpi": dpi}, timeout)
        if reply.get("none"):
            return 0, 0.0
        return int(str(reply["rotate"])) % 360, float(str(reply["conf"]))
    try:
        out = _run("OSD", timeout, pytesseract.image_to_osd, path, config=f"--dpi {dpi}")
    except TesseractFailed as exc:
        if isinstance(exc, TimedOut) or "not installed" in str(exc):
            raise
        return 0, 0.0  # "Too few characters", etc.
    rot = _OSD_ROTATE.search(out)
    conf = _OSD_CONF.search(out)
    if not rot or not conf:
        return 0, 0.0
    return int(rot.group(1)) % 360, float(conf.group(1))


_LANGS: dict[str, frozenset[str]] = {}


def languages(cmd: str | None = None) -> frozenset[str]:
    """Installed traineddata (``tesseract --list-langs``), asked once per command."""
    key = cmd or _DEFAULT_CMD
    if key not in _LANGS:
        ensure_env(cmd)
        try:
            _LANGS[key] = frozenset(pytesseract.get_languages(config=""))
        except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, OSError):
            _LANGS[key] = frozenset()
    return _LANGS[key]


def tesseract_version(cmd: str | None = None) -> str:
    ensure_env(cmd)
    return str(pytesseract.get_tesseract_version())


def remove_quietly(path: str) -> None:
    Path(path).unlink(missing_ok=True)
