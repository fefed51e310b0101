"""python -m tests.corpus --split dev|holdout --n N --out DIR [--jobs 2] [--start K]

Dossier i of a split is generated from its own seed only (dev: 10000+i, holdout: 90000+i);
dossiers already present in DIR are skipped.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .output import generate


def _one(args: tuple[str, int, str]) -> dict[str, Any] | None:
    split, i, out = args
    truth = generate(split, i, Path(out))
    if truth is None:
        return None
    return {
        k: truth[k] for k in ("dossier_id", "procedure_code", "tier", "scenario", "expected_status")
    } | {"pages": len(truth["pages"])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.corpus", description=__doc__)
    ap.add_argument("--split", choices=["dev", "holdout"], required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--start", type=int, default=0)
    a = ap.parse_args(argv)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    a.out.mkdir(parents=True, exist_ok=True)
    jobs = [(a.split, i, str(a.out)) for i in range(a.start, a.start + a.n)]
    t0 = time.perf_counter()
    done: list[dict[str, Any]] = []
    skipped = 0
    if a.jobs <= 1:
        results = map(_one, jobs)
    else:
        pool = ProcessPoolExecutor(max_workers=a.jobs)
        results = pool.map(_one, jobs, chunksize=1)
    for res in results:
        if res is None:
            skipped += 1
            continue
        done.append(res)
        print(
            f"{res['dossier_id']} {res['procedure_code']:16} {res['tier']:11} "
            f"{res['scenario']:11} {res['expected_status']:20} {res['pages']:2d} pages",
            flush=True,
        )
    dt = time.perf_counter() - t0
    c = Counter((d["expected_status"]) for d in done)
    print(
        f"generated {len(done)}, skipped {skipped} (present) in {dt:.1f} s; {dict(c)}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
