"""The OCR function's container image: its size computed from the Dockerfile's inputs, and
the handler's cold start (a fresh interpreter importing functions/ocr/app.py), on this
machine, where no container builder runs.

    python tests/bench/ocr_image.py [--json OUT]

Size, by the Dockerfile's steps:
- the apt packages: tesseract-ocr, -vie, -osd and every package they depend on (recursively,
  no recommends) that the base image does not already hold (Debian's required and important
  packages: what python:3.11-slim-bookworm is built on), at their installed sizes (dpkg);
- the pip packages: every distribution the core layer's requirements name, with awslambdaric
  and boto3, at the size of their installed files in this environment (same pins);
- hoso's code and schemas.
The base image itself is not measured here (no registry): its size is printed as unknown.

Cold start: seconds for a new ``python`` process to import the handler module and what its
first page needs (the OCR modules, numpy, PIL, and the second reader's ONNX model loaded),
median of ``--runs``, twice: with the code's bytecode cached (``__pycache__``, as the Dockerfile could
precompile it) and without (the image as built: PYTHONDONTWRITEBYTECODE=1, no .pyc copied).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
APT = ["tesseract-ocr", "tesseract-ocr-vie", "tesseract-ocr-osd"]
# what python:3.11-slim-bookworm installs beyond Debian's required packages (its Dockerfile)
BASE = {"ca-certificates", "netbase", "tzdata", "libssl3", "openssl", "libsqlite3-0",
        "libffi8", "libbz2-1.0", "liblzma5", "zlib1g", "libexpat1", "libuuid1",
        "libncursesw6", "libreadline8", "libtinfo6", "libgdbm6", "libdb5.3", "libnsl2",
        "libtirpc3", "libgcc-s1", "libc6", "libstdc++6", "libcrypt1"}  # fmt: skip


def _depends(pkg: str) -> list[str]:
    """A package's Depends and Pre-Depends, the first of each set of alternatives."""
    out = subprocess.run(
        ["apt-cache", "depends", "--no-recommends", "--no-suggests", "--no-conflicts",
         "--no-breaks", "--no-replaces", "--no-enhances", pkg],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    deps, alternative = [], False
    for line in out.splitlines()[1:]:
        m = re.match(r"\s+(\|)?(?:Pre)?Depends: (\S+)", line)
        if not m:
            alternative = False
            continue
        if not alternative and not m.group(2).startswith("<"):
            deps.append(m.group(2).split(":")[0])
        alternative = bool(m.group(1))  # "|": the next line is another choice for this one
    return deps


def _show(pkg: str) -> tuple[int, str]:
    info = subprocess.run(
        ["apt-cache", "show", "--no-all-versions", pkg], capture_output=True, text=True
    ).stdout
    size = re.search(r"^Installed-Size: (\d+)", info, re.M)
    prio = re.search(r"^Priority: (\S+)", info, re.M)
    return (int(size.group(1)) if size else 0), (prio.group(1) if prio else "optional")


def apt_size() -> dict[str, Any]:
    seen: dict[str, tuple[int, str]] = {}
    todo = list(APT)
    while todo:
        pkg = todo.pop()
        if pkg in seen:
            continue
        seen[pkg] = _show(pkg)
        todo += _depends(pkg)
    # the base holds Debian's required and important packages and Python's own libraries
    added = {n: s for n, (s, p) in seen.items() if p not in ("required", "important")}
    added = {n: s for n, s in added.items() if n not in BASE}
    return {
        "packages": len(added),
        "mb": round(sum(added.values()) / 1024, 1),
        "largest": sorted(added.items(), key=lambda kv: -kv[1])[:6],
    }


def _requirement_names() -> list[str]:
    names = ["awslambdaric", "boto3"]
    for f in ("layers/core/requirements.txt", "layers/core/requirements-nodeps.txt"):
        for line in (ROOT / f).read_text().splitlines():
            m = re.match(r"\s*([A-Za-z0-9_.\-]+)", line)
            if m and not line.lstrip().startswith(("#", "-")):
                names.append(m.group(1))
    return sorted(set(names))


def pip_size() -> dict[str, Any]:
    sizes: dict[str, int] = {}
    missing = []
    for name in _requirement_names():
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
            continue
        total = 0
        for f in dist.files or []:
            p = Path(str(dist.locate_file(f)))
            if p.is_file():
                total += p.stat().st_size
        sizes[name] = total
    return {
        "distributions": len(sizes),
        "mb": round(sum(sizes.values()) / 2**20, 1),
        "largest": sorted(((k, round(v / 2**20, 1)) for k, v in sizes.items()),
                          key=lambda kv: -kv[1])[:8],
        "not_installed_here": missing,
    }  # fmt: skip


def code_size() -> float:
    total = 0
    for d in ("layers/core/hoso", "layers/core/hoso_aws", "schemas"):
        for p in (ROOT / d).rglob("*"):
            if p.is_file() and "__pycache__" not in p.parts:
                total += p.stat().st_size
    return round(total / 2**20, 1)


def cold_start(runs: int, bytecode: bool) -> float:
    """Median seconds for a new interpreter to import the OCR handler (a copy of the code,
    so that its bytecode cache is what ``bytecode`` says)."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        opt = Path(tmp) / "python"
        for d in ("hoso", "hoso_aws"):
            shutil.copytree(
                ROOT / "layers/core" / d, opt / d, ignore=shutil.ignore_patterns("__pycache__")
            )
        shutil.copy(ROOT / "functions/ocr/app.py", Path(tmp) / "app.py")
        env = {**os.environ, "PYTHONPATH": f"{opt}:{os.pathsep.join(sys.path[1:])}",
               "OMP_THREAD_LIMIT": "1", "AWS_DEFAULT_REGION": "ap-southeast-1",
               "POWERTOOLS_SERVICE_NAME": "hoso-ocr"}  # fmt: skip
        flags = [] if bytecode else ["-B"]
        if bytecode:  # warm the cache once
            subprocess.run([sys.executable, "-c", "import app"], cwd=tmp, env=env, check=True)
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, *flags, "-c", "import app"], cwd=tmp, env=env, check=True
            )
            times.append(time.perf_counter() - t0)
    return round(statistics.median(times), 2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    figures = {
        "apt": apt_size(),
        "pip": pip_size(),
        "code_mb": code_size(),
        "base_image_mb": None,
        "cold_start_s_no_bytecode": cold_start(args.runs, bytecode=False),
        "cold_start_s_bytecode": cold_start(args.runs, bytecode=True),
    }
    figures["added_to_base_mb"] = round(
        figures["apt"]["mb"] + figures["pip"]["mb"] + figures["code_mb"], 1
    )
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
