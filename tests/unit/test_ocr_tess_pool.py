"""Tesseract kept loaded in reader processes (hoso.ocr.tess_pool, hoso.ocr.tessd): the same
readings as the ``tesseract`` command, one failed reading for a crash or a hang, no state
carried from one reading to the next, none shared across a fork."""

from __future__ import annotations

import io
import json
import multiprocessing
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from hoso.ocr import OcrOptions, ocr_file, tess, tess_pool
from hoso.resources import font_path
from tests.ocr_fixtures import cer, id_card, scan_pdf, small_scan

MAX_CER = 0.05


@pytest.fixture(autouse=True)
def _fresh_readers() -> Iterator[None]:
    tess_pool.stop_all()
    yield
    tess_pool.stop_all()


def _bmp(img: Image.Image, directory: str) -> str:
    return tess.write_image(img, directory)


def _words(res: tess.OcrResult) -> list[tuple[str, float, tuple[float, ...]]]:
    return [(w.text, w.conf, w.bbox) for w in res.words]


def test_the_reader_reads_as_the_command_does(tmp_path: Path) -> None:
    img, lines = small_scan(31)
    path = _bmp(img, str(tmp_path))
    assert tess_pool.available()
    kw: dict[str, object] = {"lang": "vie", "psm": 3, "dpi": 300, "timeout": 60}
    lib, cmd = tess.ocr(path, **kw), tess.ocr(path, cmd="tesseract", **kw)  # type: ignore[arg-type]
    assert _words(lib) == _words(cmd) and cer("\n".join(lines), lib.text) < MAX_CER
    kw = {"lang": "eng", "psm": 6, "dpi": 300, "timeout": 60, "whitelist": "0123456789"}
    chars = tess.ocr_chars(path, **kw)  # type: ignore[arg-type]
    assert chars and chars == tess.ocr_chars(path, cmd="tesseract", **kw)  # type: ignore[arg-type]
    turned = _bmp(id_card("front").rotate(90, expand=True), str(tmp_path))
    osd = tess.osd(turned, dpi=300, timeout=60)
    assert osd == tess.osd(turned, dpi=300, timeout=60, cmd="tesseract")
    assert osd[0] in (90, 270) and osd[1] > 0


def test_a_reading_leaves_nothing_behind_for_the_next(tmp_path: Path) -> None:
    """One reader reads digits only, then the same page freely: letters again, as the
    command reads it, and a second reading of a page is the first one's."""
    img, _ = small_scan(32)
    path = _bmp(img, str(tmp_path))
    kw: dict[str, object] = {"lang": "vie", "psm": 3, "dpi": 300, "timeout": 60}
    cpu = tess_pool.reader_cpu()
    first = tess.ocr(path, **kw)  # type: ignore[arg-type]
    assert tess_pool.reader_cpu() > cpu  # what the readers spend is counted (benchmarks)
    digits = tess.ocr(path, whitelist="0123456789", **kw)  # type: ignore[arg-type]
    assert all(ch.isdigit() for w in digits.words for ch in w.text)
    again = tess.ocr(path, **kw)  # type: ignore[arg-type]
    assert _words(again) == _words(first) == _words(tess.ocr(path, cmd="tesseract", **kw))  # type: ignore[arg-type]
    assert any(ch.isalpha() for w in again.words for ch in w.text)
    assert len(tess_pool._idle) == 1  # one reader did all of it


def test_a_variable_a_request_may_not_set_is_refused(tmp_path: Path) -> None:
    path = _bmp(small_scan(33)[0], str(tmp_path))
    request = {"op": "ocr", "path": path, "lang": "vie", "psm": 3, "dpi": 300}
    reply = tess_pool.ask({**request, "vars": {"tessedit_write_images": "1"}}, 30)
    assert "not one a request may set" in reply["error"]


def _flaky_reader(tmp_path: Path) -> str:
    """A reader that is killed on medium page images (> 1.7 MB as BMP), hangs on big ones
    (> 3 MB), reads the others with the real reader, and logs its OMP_THREAD_LIMIT."""
    script = tmp_path / "flaky_tessd.py"
    script.write_text(
        "import os, sys, time\n"
        f"sys.path.insert(0, {str(Path(tess_pool._TESSD).parent)!r})\n"
        f"open({str(tmp_path / 'omp.log')!r}, 'a').write(os.environ.get('OMP_THREAD_LIMIT', '') + '\\n')\n"
        "import tessd\n"
        "real = tessd.Tesseract.run\n"
        "def run(self, req):\n"
        "    size = os.path.getsize(req['path']) if 'path' in req else 0\n"
        "    if size > 3_000_000: time.sleep(60)\n"
        "    if size > 1_700_000: os.kill(os.getpid(), 11)\n"
        "    return real(self, req)\n"
        "tessd.Tesseract.run = run\n"
        "tessd.serve()\n"
    )
    return str(script)


@pytest.mark.slow
def test_a_reader_that_crashes_or_hangs_fails_its_page_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)  # the stage must set it itself
    monkeypatch.setattr(tess_pool, "_TESSD", _flaky_reader(tmp_path))
    ok, gt = small_scan(50)  # 1950 x 780 px
    crash = Image.new("L", (1600, 1200), 255)  # ~1.9 MB as BMP
    hang = Image.new("L", (2000, 2000), 255)  # 4 MB as BMP
    for page in (crash, hang):  # text on them: a blank page is not read at all
        page.paste(ok.crop((0, 0, 1600, ok.height)), (0, 100))
    data = scan_pdf([ok, crash, hang, ok], fmt="PNG")
    t0 = time.perf_counter()
    pages = ocr_file(data, "flaky.pdf", options=OcrOptions(page_timeout_s=3, workers=1))
    assert time.perf_counter() - t0 < 30
    for good in (pages[0], pages[3]):  # the page after a crash and a hang is read
        assert cer("\n".join(gt), good.text) < MAX_CER and good.error is None
    assert pages[1].error and "crashed (the reader was killed by signal 11)" in pages[1].error
    assert pages[2].error and "timed out after" in pages[2].error
    logged = (tmp_path / "omp.log").read_text().split()
    assert len(logged) == 3 and set(logged) == {"1"}  # a new reader after each failure


def _idle_in_child(queue: multiprocessing.Queue[int]) -> None:
    queue.put(len(tess_pool._idle))


def test_a_forked_process_does_not_share_its_parents_readers() -> None:
    assert tess_pool.available() and tess_pool._idle
    ctx = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[int] = ctx.Queue()
    child = ctx.Process(target=_idle_in_child, args=(queue,))
    child.start()
    child.join(30)
    assert queue.get(timeout=5) == 0 and tess_pool._idle


def _white_on_black() -> Image.Image:
    font = ImageFont.truetype(str(font_path().with_name("DejaVuSans.ttf")), 44)
    img = Image.new("L", (1400, 400), 255)
    draw = ImageDraw.Draw(img)
    draw.text((60, 40), "Họ và tên: Nguyễn Văn An", font=font, fill=0)
    draw.rectangle((40, 150, 1300, 240), fill=0)
    draw.text((60, 165), "CĂN CƯỚC CÔNG DÂN 012345", font=font, fill=255)
    draw.text((60, 290), "Ngày sinh: 12/03/1990", font=font, fill=0)
    return img


@pytest.mark.parametrize("cmd", [None, "tesseract"])
def test_lines_are_not_read_again_as_white_on_black(tmp_path: Path, cmd: str | None) -> None:
    """Tesseract 5 reads every unsure line a second time inverted; the papers have no
    white-on-black text and that second reading was 2.5% of the OCR's Tesseract CPU on
    the independent corpus's pages, so hoso's readings (the reader's and the command's)
    turn it off, and a request that does not is back to Tesseract's default."""
    path = _bmp(_white_on_black(), str(tmp_path))
    kw: dict[str, object] = {"lang": "vie", "psm": 3, "dpi": 300, "timeout": 60, "cmd": cmd}
    read = tess.ocr(path, **kw)  # type: ignore[arg-type]
    assert "Nguyễn Văn An" in read.text and "12/03/1990" in read.text
    assert "CÔNG" not in read.text
    request = {"op": "ocr", "path": path, "lang": "vie", "psm": 3, "dpi": 300, "vars": {}}
    assert "CÔNG" in str(tess_pool.ask(request, 60)["text"])  # Tesseract's default


def test_the_command_when_asked_for(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOSO_TESSERACT", "command")
    assert not tess_pool.available()
    img, lines = small_scan(34)
    res = tess.ocr(_bmp(img, str(tmp_path)), lang="vie", psm=3, dpi=300, timeout=60)
    assert cer("\n".join(lines), res.text) < MAX_CER and not tess_pool._idle


def test_a_reader_that_cannot_start_leaves_the_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import sys\nsys.exit(3)\n")
    monkeypatch.setattr(tess_pool, "_TESSD", str(bad))
    monkeypatch.setattr(tess_pool, "_broken", [])
    assert not tess_pool.available()
    assert "exited with status 3" in tess_pool._broken[0]
    img, lines = small_scan(35)
    res = tess.ocr(_bmp(img, str(tmp_path)), lang="vie", psm=3, dpi=300, timeout=60)
    assert cer("\n".join(lines), res.text) < MAX_CER


def test_a_reader_without_the_library_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from hoso.ocr import tessd

    def missing(*names: str) -> None:
        raise OSError(f"none of {', '.join(names)} could be loaded")

    monkeypatch.setattr(tessd, "_load", missing)
    out = io.StringIO()
    tessd.serve(stdin=io.StringIO('{"op": "version"}\n'), stdout=out)
    hello = json.loads(out.getvalue().splitlines()[0])
    assert "libtesseract could not be loaded: none of tesseract" in hello["error"]
    assert len(out.getvalue().splitlines()) == 1  # no request is answered after it


def test_a_reading_past_its_time_stops_and_the_reader_reads_on(tmp_path: Path) -> None:
    """Tesseract's own deadline stops the recognition (the reader is not killed for it)."""
    path = _bmp(small_scan(40, n=12)[0], str(tmp_path))
    kw: dict[str, object] = {"lang": "vie", "psm": 3, "dpi": 300}
    with pytest.raises(tess.TimedOut, match=r"timed out after 0.02 s"):
        tess.ocr(path, timeout=0.02, **kw)  # type: ignore[arg-type]
    assert len(tess_pool._idle) == 1
    reader = tess_pool._idle[0]
    res = tess.ocr(path, timeout=60, **kw)  # type: ignore[arg-type]
    assert res.words and tess_pool._idle == [reader]  # the same reader, the whole reading
    assert _words(res) == _words(tess.ocr(path, timeout=60, cmd="tesseract", **kw))  # type: ignore[arg-type]
