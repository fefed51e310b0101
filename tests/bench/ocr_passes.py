"""What each of the OCR stage's passes costs, on given page images, beside raw Tesseract.

    python tests/bench/ocr_passes.py IMAGES.txt [--workers 2] [--json OUT]

IMAGES.txt lists image files (one a line; `make load` leaves the page images of its dossiers
under its work directory). Every image is read by raw ``tesseract IMG - -l vie`` and by
hoso's ``ocr_file`` (one process per worker, ``OMP_THREAD_LIMIT=1``); for hoso, every
Tesseract run is timed and put under the pass that asked for it (by the hoso function on
its call stack), and the second reader's (ONNX) time is timed too. What is left of hoso's
time is its own Python work (decoding, orientation analysis, deskew, flattening, cutting
cards out of photos, number bitmaps).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "layers" / "core"), str(ROOT)]

from tests.bench.readers import raw_tesseract  # noqa: E402

# (function on the call stack, pass) in order of precedence: the first found names the pass
PASSES = [
    ("ask_osd", "orientation: Tesseract OSD"),
    ("_votes", "orientation: readings put to the vote"),
    ("_in_full", "orientation: the winner read in full"),
    ("turn_sideways", "orientation: a sideways page read again"),
    ("read_stack", "number fields read again (digits only)"),
    ("read_skipped", "skipped text read again"),
    ("read", "first reading"),
    ("best", "second strategies for a poor reading (psm 6, upscaled, flattened)"),
]


def _pass_of(stack: list[str]) -> str:
    for fn, name in PASSES:
        if fn in stack:
            return name
    return "other"


def _hoso_one(path: str) -> dict[str, Any]:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from hoso.ocr import OcrOptions, ocr_file, second, tess

    spent: dict[str, list[float]] = defaultdict(list)
    run = tess._run

    def timed(call: str, timeout: float, fn: Any, *a: Any, **kw: Any) -> str:
        names = [f.name for f in traceback.extract_stack() if "/hoso/" in f.filename]
        t0 = time.perf_counter()
        try:
            return run(call, timeout, fn, *a, **kw)
        finally:
            spent[_pass_of(names)].append(time.perf_counter() - t0)

    read_crops = second.read_crops

    def timed_crops(crops: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return read_crops(crops)
        finally:
            spent["second reader (ONNX) for unsure numbers"].append(time.perf_counter() - t0)

    tess._run, second.read_crops = timed, timed_crops  # type: ignore[assignment]
    try:
        t0 = time.perf_counter()
        pages = ocr_file(Path(path).read_bytes(), Path(path).name, options=OcrOptions(workers=1))
        total = time.perf_counter() - t0
    finally:
        tess._run, second.read_crops = run, read_crops  # type: ignore[assignment]
    return {"total": total, "pages": len(pages), "spent": dict(spent)}


def measure(images: list[str], workers: int) -> dict[str, Any]:
    raw_wall, raw_each, _ = raw_tesseract(images, workers)
    t0 = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(_hoso_one, images, chunksize=1))
    hoso_wall = time.perf_counter() - t0
    pages = sum(r["pages"] for r in results)
    rows: dict[str, dict[str, float]] = defaultdict(lambda: {"images": 0, "runs": 0, "s": 0.0})
    for r in results:
        for name, times in r["spent"].items():
            rows[name]["images"] += 1
            rows[name]["runs"] += len(times)
            rows[name]["s"] += sum(times)
    hoso_total = sum(r["total"] for r in results)
    accounted = sum(v["s"] for v in rows.values())
    rows["hoso's own Python work"] = {"images": len(images), "runs": 0,
                                      "s": hoso_total - accounted}  # fmt: skip
    return {
        "images": len(images),
        "pages": pages,
        "workers": workers,
        "raw_wall_s": round(raw_wall, 1),
        "raw_s_per_image": round(sum(raw_each) / len(images), 3),
        "hoso_wall_s": round(hoso_wall, 1),
        "hoso_s_per_image": round(hoso_total / len(images), 3),
        "hoso_vs_raw": round(raw_wall / hoso_wall, 3),
        "passes": {k: {"images": int(v["images"]), "runs": int(v["runs"]),
                       "s_per_image": round(v["s"] / len(images), 3)}
                   for k, v in sorted(rows.items(), key=lambda kv: -kv[1]["s"])},
    }  # fmt: skip


def markdown(m: dict[str, Any]) -> str:
    out = [
        f"{m['images']} images ({m['pages']} pages), {m['workers']} workers: raw Tesseract "
        f"{m['raw_wall_s']} s, hoso {m['hoso_wall_s']} s (**{m['hoso_vs_raw']}×** raw); "
        f"per image {m['raw_s_per_image']} s raw, {m['hoso_s_per_image']} s hoso.",
        "",
        "| pass | images that had it | Tesseract runs | seconds per image (all images) |",
        "|---|---|---|---|",
    ]
    for name, v in m["passes"].items():
        runs = v["runs"] or "–"
        out.append(f"| {name} | {v['images']} | {runs} | {v['s_per_image']:.3f} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("images", type=Path)
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    images = [ln.strip() for ln in args.images.read_text().splitlines() if ln.strip()]
    m = measure(images, args.workers)
    print(markdown(m))
    if args.json:
        args.json.write_text(json.dumps(m, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
