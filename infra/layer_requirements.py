"""Generate the core layer's requirements from the lock file.

    python infra/layer_requirements.py           # write layers/core/requirements*.txt
    python infra/layer_requirements.py --check   # exit 1 when the committed files are stale

``requirements.lock`` (``make lock``: ``uv pip compile`` of every extra) pins every package of
the development environment. The Lambda layer (``layers/core/Makefile``) and the OCR image
(``functions/ocr/Dockerfile``) install a subset with the same pins:

* ``layers/core/requirements.txt``: what ``hoso`` needs (``[project] dependencies``) and the
  ``aws`` extra, with their dependencies, minus boto3 and botocore (the Lambda runtime has
  them) and what only they need;
* ``layers/core/requirements-nodeps.txt``: packages installed without their dependencies:
  rapidocr-onnxruntime, of which hoso.ocr.second uses only the model files (not its OpenCV).

The dependency graph is read from the lock's ``# via`` annotations, so this needs no network
and no installed packages (stdlib only).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
OUT = ROOT / "layers" / "core" / "requirements.txt"
OUT_NODEPS = ROOT / "layers" / "core" / "requirements-nodeps.txt"

EXTRAS = ("aws",)  # what the handlers import besides the core
RUNTIME = frozenset({"boto3", "botocore"})  # in the Lambda runtime: never shipped
NO_DEPS = frozenset({"rapidocr-onnxruntime"})  # installed with --no-deps

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")
_VIA = re.compile(r"^\s+#\s+(?:via\s+)?([A-Za-z0-9][A-Za-z0-9._-]*)(?:\s+\(.*\))?\s*$")


def canonical(name: str) -> str:
    """PEP 503 normalised name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(text: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Pinned version of each package, and each package's dependants (from ``# via``)."""
    pins: dict[str, str] = {}
    parents: dict[str, set[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        pin = _PIN.match(line)
        if pin:
            current = canonical(pin[1])
            pins[current] = pin[2]
            parents[current] = set()
            continue
        via = _VIA.match(line)
        if via and current is not None:
            parents[current].add(canonical(via[1]))
    return pins, parents


def roots(pyproject: dict[str, object]) -> set[str]:
    """The core's direct requirements and those of :data:`EXTRAS`, by name."""
    project = pyproject["project"]
    assert isinstance(project, dict)
    reqs = list(project["dependencies"])
    for extra in EXTRAS:
        reqs += project["optional-dependencies"][extra]
    names = {canonical(m[0]) for r in reqs if (m := _NAME.match(r))}
    return names - {canonical(project["name"])}


def layer_packages(lock_text: str, pyproject: dict[str, object]) -> tuple[list[str], list[str]]:
    """(requirements, no-deps requirements) of the layer, pinned as in the lock."""
    pins, parents = parse_lock(lock_text)
    children: dict[str, set[str]] = {}
    for child, of in parents.items():
        for parent in of:
            children.setdefault(parent, set()).add(child)
    wanted = roots(pyproject)
    missing = sorted(wanted - pins.keys())
    if missing:
        raise SystemExit(f"not in {LOCK.name} (run `make lock`): {', '.join(missing)}")
    seen: set[str] = set()
    todo = sorted(wanted - RUNTIME - NO_DEPS)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += sorted(children.get(name, set()) - RUNTIME - NO_DEPS - seen)
    with_deps = [f"{n}=={pins[n]}" for n in sorted(seen)]
    no_deps = [f"{n}=={pins[n]}" for n in sorted(wanted & NO_DEPS)]
    return with_deps, no_deps


HEADER = """\
# Generated from requirements.lock by infra/layer_requirements.py (`make lock`): do not edit.
"""


def render(lock_text: str, pyproject: dict[str, object]) -> dict[Path, str]:
    with_deps, no_deps = layer_packages(lock_text, pyproject)
    return {
        OUT: HEADER
        + "# The core layer's packages: hoso's dependencies and the aws extra's, without boto3\n"
        + "# and botocore (the Lambda runtime has them).\n"
        + "".join(f"{r}\n" for r in with_deps),
        OUT_NODEPS: HEADER
        + "# Installed with --no-deps: hoso.ocr.second needs only rapidocr-onnxruntime's model.\n"
        + "".join(f"{r}\n" for r in no_deps),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail when the files are stale")
    args = ap.parse_args(argv)
    with open(PYPROJECT, "rb") as fh:
        pyproject = tomllib.load(fh)
    files = render(LOCK.read_text(encoding="utf-8"), pyproject)
    stale = [p for p, text in files.items() if not p.is_file() or p.read_text() != text]
    if args.check:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is stale: run `make lock`", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        p.write_text(files[p], encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
