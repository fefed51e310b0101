"""Where the OCR stage's CPU goes, page by page, against raw Tesseract on the same image.

    python tests/bench/ocr_cpu.py run --corpus .hoso/load/corpus-200-7-0.5-0.5 --out A.jsonl
    python tests/bench/ocr_cpu.py report A.jsonl [B.jsonl]

``run`` takes every page image of a `make load` corpus (``tests/bench/load.py``'s
``page_images``: image files as they are, a PDF page's scan as it is stored) and, for each,
one page at a time in ``--jobs`` processes: raw ``tesseract IMG stdout -l vie``, then hoso's
``ocr_file`` on the same file. CPU seconds come from ``getrusage``: the process's own (hoso's
Python work) and its children's (every Tesseract command), with what Tesseract's reader
processes report (``tess_pool.reader_cpu``), so other load on the machine changes them little; every Tesseract run is put under the pass that asked for it (the passes of
``ocr_passes.py``, which times them in wall seconds) with its command line's mode. One JSON
line per image. ``--root`` reads with another checkout's code (a worktree: A/B).

``report`` sums them per kind of dossier (the independent corpus, hoso's samples): raw
Tesseract CPU, hoso's Python and Tesseract CPU, the ratio, and the passes that cost
most; with two files, side by side.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _own() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _worker(job: tuple[str, list[str], str]) -> int:
    root, paths, out = job
    sys.path[:0] = [str(Path(root) / "layers" / "core")]
    import hoso

    assert Path(hoso.__file__).is_relative_to(root), (hoso.__file__, root)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from hoso.ocr import OcrOptions, ocr_file, tess

    sys.path.insert(0, str(ROOT))  # after hoso: its checkout stays ``root``'s
    from tests.bench.ocr_passes import _pass_of

    calls: list[tuple[str, str, float]] = []
    run, ask = tess._run, getattr(tess, "_ask", None)  # no readers in an older checkout
    # Tesseract's CPU: the commands' (children, when they end) and the readers' (reported)
    readers = getattr(tess, "tess_pool", None)

    def tesseract_cpu() -> float:
        return _children() + (readers.reader_cpu() if readers else 0.0)

    def counted(call: str, timeout: float, fn: object, *args: object, **kw: object) -> str:
        # the pass that asked, named as ocr_passes.py names them (one table for both)
        names = [f.name for f in traceback.extract_stack() if "/hoso/" in f.filename]
        config = str(kw.get("config", ""))
        mode = config.split(" -c")[0] + (" digits" if "whitelist" in config else "")
        before = tesseract_cpu()
        try:
            return run(call, timeout, fn, *args, **kw)
        finally:
            calls.append((_pass_of(names), mode or call, tesseract_cpu() - before))

    def asked(call: str, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        names = [f.name for f in traceback.extract_stack() if "/hoso/" in f.filename]
        mode = f"--psm {request.get('psm')} --dpi {request.get('dpi')}" if "psm" in request else ""
        mode += " digits" if "tessedit_char_whitelist" in request.get("vars", {}) else ""
        before = tesseract_cpu()
        try:
            return ask(call, request, timeout)  # type: ignore[no-any-return]
        finally:
            calls.append((_pass_of(names), mode or call, tesseract_cpu() - before))

    tess._run = counted  # type: ignore[assignment]
    if ask is not None:
        tess._ask = asked  # type: ignore[assignment]
    with open(out, "a", encoding="utf-8") as fh:
        for path in paths:
            before = _children()
            subprocess.run(["tesseract", path, "stdout", "-l", "vie"], capture_output=True)
            raw = _children() - before
            calls.clear()
            c0, s0, t0 = tesseract_cpu(), _own(), time.perf_counter()
            pages = ocr_file(
                Path(path).read_bytes(), Path(path).name, options=OcrOptions(workers=1)
            )
            rec = {
                "path": path,
                "raw": round(raw, 3),
                "wall": round(time.perf_counter() - t0, 3),
                "python": round(_own() - s0, 3),
                "tesseract": round(tesseract_cpu() - c0, 3),
                "calls": calls,
                "notes": [n for p in pages for n in p.notes],
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return len(paths)


def run(args: argparse.Namespace) -> int:
    sys.path[:0] = [str(ROOT / "layers" / "core"), str(ROOT / "infra" / "local"), str(ROOT)]
    from tests.bench.load import page_images

    corpus = Path(args.corpus)
    folders = sorted(
        {f.parent for f in corpus.rglob("*") if f.is_file() and f.name != "index.json"} - {corpus}
    )
    images = [str(p) for p, _ in page_images(folders, corpus.parent / f"pages-{corpus.name}")]
    if args.kind != "all":
        images = [p for p in images if _kind({"path": p}) == args.kind]
    if args.limit and len(images) > args.limit:  # spread over the corpus, not its first ones
        step = len(images) / args.limit
        images = [images[int(k * step)] for k in range(args.limit)]
    Path(args.out).unlink(missing_ok=True)
    jobs = [(args.root, images[k :: args.jobs], args.out) for k in range(args.jobs)]
    # fresh interpreters: this process imported hoso already (from this checkout)
    with ProcessPoolExecutor(args.jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = sum(pool.map(_worker, jobs))
    print(f"{done} page images read", file=sys.stderr)
    return 0


def _kind(rec: dict[str, Any]) -> str:
    return "independent" if "/independent/" in rec["path"] or "ind-dev" in rec["path"] else "own"


def _summary(path: str) -> dict[str, Any]:
    recs = [json.loads(line) for line in Path(path).read_text().splitlines() if line]
    out: dict[str, Any] = {}
    for kind in ("independent", "own", "all"):
        rs = [r for r in recs if kind == "all" or _kind(r) == kind]
        raw = sum(r["raw"] for r in rs)
        py = sum(r["python"] for r in rs)
        te = sum(r["tesseract"] for r in rs)
        sites: Counter[str] = Counter()
        for r in rs:
            for who, mode, secs in r["calls"]:
                sites[f"{who} ({mode})"] += secs
        out[kind] = {"images": len(rs), "raw": raw, "python": py, "tesseract": te,
                     "ratio": raw / (py + te) if py + te else None, "sites": sites}  # fmt: skip
    return out


def report(args: argparse.Namespace) -> int:
    runs = [_summary(f) for f in args.files]
    for kind in ("independent", "own", "all"):
        print(f"\n{kind}")
        print("| | " + " | ".join(Path(f).name for f in args.files) + " |")
        print("|---|" + "---|" * len(runs))
        for label, key in (("images", "images"), ("raw tesseract CPU s", "raw"),
                           ("hoso Python CPU s", "python"), ("hoso tesseract CPU s", "tesseract"),
                           ("raw / hoso", "ratio")):  # fmt: skip
            cells = [
                "–" if s[kind][key] is None else
                f"{s[kind][key]:.3f}" if key == "ratio" else
                str(s[kind][key]) if key == "images" else f"{s[kind][key]:.1f}"
                for s in runs
            ]  # fmt: skip
            print(f"| {label} | " + " | ".join(cells) + " |")
        for n, s in enumerate(runs if args.top else []):
            print(f"\n  {args.files[n]}: passes, tesseract CPU s")
            for site, secs in s[kind]["sites"].most_common(args.top):
                print(f"  {secs:8.1f}  {site}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--corpus", required=True, help="a make load corpus directory")
    r.add_argument("--out", required=True)
    r.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    r.add_argument("--root", default=str(ROOT), help="the checkout whose hoso.ocr reads")
    r.add_argument("--kind", choices=("all", "independent", "own"), default="all")
    r.add_argument("--limit", type=int, default=0, help="at most this many images")
    p = sub.add_parser("report")
    p.add_argument("files", nargs="+")
    p.add_argument("--top", type=int, default=8)
    args = ap.parse_args(argv)
    return run(args) if args.cmd == "run" else report(args)


if __name__ == "__main__":
    sys.exit(main())
