"""Dependencies: every import declared in the extra its package installs with, every declared
requirement pinned in requirements.lock, the core layer's requirements generated from the lock.

pyproject.toml: ``[project] dependencies`` (core: hoso), extras ``aws`` (hoso_aws, functions/),
``local`` (hoso_local, hoso_dev: the local runtime and CLI) and ``dev`` (tests, infra scripts).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
FIRST_PARTY = {"hoso", "hoso_aws", "hoso_local", "hoso_dev", "tests"}

# source folder -> the extras its imports may come from (besides the core)
GROUPS = {
    "layers/core/hoso": (),
    "layers/core/hoso_aws": ("aws",),
    "functions": ("aws",),
    "infra/local": ("aws", "local"),
    "infra": ("aws", "local", "dev"),
    "tests": ("aws", "local", "dev"),
}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(requirements: list[str]) -> set[str]:
    return {_canonical(m[0]) for r in requirements if (m := re.match(r"[A-Za-z0-9._-]+", r))}


def _declared(extras: tuple[str, ...]) -> set[str]:
    project = PYPROJECT["project"]
    names = _names(project["dependencies"])
    for extra in extras:
        names |= _names(project["optional-dependencies"][extra])
    return names - {"hoso"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _third_party(folder: str) -> dict[str, set[Path]]:
    """Top-level modules imported under ``folder`` that are neither stdlib nor first-party."""
    out: dict[str, set[Path]] = {}
    for path in (ROOT / folder).rglob("*.py"):
        # sibling modules and packages (a handler's own modules sit beside it, as on Lambda)
        local = {p.stem for p in path.parent.glob("*.py")} | {
            p.parent.name for p in path.parent.glob("*/__init__.py")
        }
        for name in _imports(path) - set(sys.stdlib_module_names) - FIRST_PARTY - local:
            out.setdefault(name, set()).add(path)
    return out


@pytest.mark.parametrize("folder", GROUPS)
def test_every_import_is_declared(folder: str) -> None:
    declared = _declared(GROUPS[folder])
    dists = packages_distributions()
    undeclared = {}
    for module, paths in sorted(_third_party(folder).items()):
        provided_by = {_canonical(d) for d in dists.get(module, [])}
        if not provided_by & declared:
            where = sorted(str(p.relative_to(ROOT)) for p in paths)
            undeclared[module] = (sorted(provided_by) or ["not installed"], where[:3])
    assert undeclared == {}


def test_lock_pins_every_declared_requirement() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {_canonical(m[1]) for m in re.finditer(r"^([A-Za-z0-9._-]+)==", lock, re.M)}
    declared = _declared(tuple(PYPROJECT["project"]["optional-dependencies"]))
    assert declared - pinned == set(), "run `make lock`"


def test_layer_requirements_are_generated_from_the_lock() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "infra" / "layer_requirements.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_layer_requirements_hold_no_local_or_runtime_provided_package() -> None:
    text = (ROOT / "layers" / "core" / "requirements.txt").read_text(encoding="utf-8")
    names = {_canonical(m[1]) for m in re.finditer(r"^([A-Za-z0-9._-]+)==", text, re.M)}
    assert not names & {"boto3", "botocore", "moto", "rich", "pyyaml", "werkzeug", "pytest"}


def test_moto_is_pinned_exactly_to_the_locked_version() -> None:
    """The local runtime pickles moto's private classes into its snapshots: the `local` extra
    names the very version the lock installs, so an upgrade is a deliberate change."""
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    [locked] = re.findall(r"^moto==(\S+)$", lock, re.M)
    specs = [
        r for r in PYPROJECT["project"]["optional-dependencies"]["local"] if r.startswith("moto")
    ]
    assert specs == [f"moto[server]=={locked}"]
