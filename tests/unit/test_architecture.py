"""The core package stays free of AWS: boto3 and powertools live behind ports.

What production imports (``layers/core``: ``hoso``, ``hoso_aws``; ``functions/``) never reaches
the local runtime (``infra/local/hoso_local``), the dev package (``infra/local/hoso_dev``) or
their dependencies (moto, rich, PyYAML).

Size limits (issue 10): no module of the core over 400 lines, no function there over 60 (from
its ``def`` line to its last line), no handler module over 40. Ruff keeps every function's
complexity in check (C90, PLR0915); import-linter the layers (``[tool.importlinter]``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = (
    "boto3",
    "botocore",
    "aws_lambda_powertools",
    "moto",
    "hoso_aws",
    "hoso_local",
    "hoso_dev",
)
LOCAL_ONLY = ("hoso_local", "hoso_dev", "moto", "rich", "yaml", "werkzeug")
CORE = ROOT / "layers" / "core" / "hoso"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_HANDLER_LINES = 40


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_aws_or_the_runtime():
    offenders = {
        str(p.relative_to(ROOT)): sorted(_imports(p) & set(FORBIDDEN))
        for p in (ROOT / "layers" / "core" / "hoso").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_handlers_are_thin():
    """Handlers adapt events and call the core through the composition root only."""
    apps = sorted((ROOT / "functions").glob("*/app.py"))
    assert apps
    for app in apps:
        assert "hoso_aws" in _imports(app), app
    long = {str(a.relative_to(ROOT)): n for a in apps if (n := _lines(a)) > MAX_HANDLER_LINES}
    assert long == {}


def test_core_modules_stay_small():
    long = {
        str(p.relative_to(ROOT)): n
        for p in CORE.rglob("*.py")
        if (n := _lines(p)) > MAX_MODULE_LINES
    }
    assert long == {}


def test_core_functions_stay_short():
    """Every function and method of the core, nested ones too, from ``def`` to its last line."""
    long = {}
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = length
    assert long == {}


def test_production_never_imports_the_local_runtime_or_dev_code():
    production = [*(ROOT / "layers" / "core").rglob("*.py"), *(ROOT / "functions").rglob("*.py")]
    offenders = {
        str(p.relative_to(ROOT)): sorted(_imports(p) & set(LOCAL_ONLY)) for p in production
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_layer_folder_holds_only_production_packages():
    packages = {
        p.name for p in (ROOT / "layers" / "core").iterdir() if (p / "__init__.py").is_file()
    }
    assert packages == {"hoso", "hoso_aws"}
