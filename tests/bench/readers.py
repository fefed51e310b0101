"""The two readers the benchmarks put side by side: raw Tesseract and hoso's OCR stage, each
over a list of image files, one process per worker (``OMP_THREAD_LIMIT=1``)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path


def raw_tesseract(
    paths: Sequence[Path | str], workers: int, *, check: bool = False
) -> tuple[float, list[float], list[str]]:
    """``tesseract IMG stdout -l vie`` over every image: (wall seconds, seconds per image,
    texts). ``check``: a failed run raises (else its text is what it printed)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path | str) -> tuple[float, str]:
        t0 = time.perf_counter()
        out = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", "vie"],
            env=env,
            capture_output=True,
            check=check,
        )
        return time.perf_counter() - t0, out.stdout.decode("utf-8", "replace")

    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(one, paths))
    return time.perf_counter() - t0, [r[0] for r in results], [r[1] for r in results]


def _hoso_one(path: str) -> int:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from hoso.ocr import OcrOptions, ocr_file

    return len(ocr_file(Path(path).read_bytes(), Path(path).name, options=OcrOptions(workers=1)))


def hoso_ocr(paths: Sequence[Path | str], workers: int) -> float:
    """Wall seconds for hoso's OCR stage (``ocr_file``, as `hoso ocr` runs it) over every
    image, one process per worker (hoso.ocr must be importable: layers/core on the path)."""
    t0 = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_hoso_one, [str(p) for p in paths], chunksize=1))
    return time.perf_counter() - t0
