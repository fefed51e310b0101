"""The core Lambda layer as `sam build CoreLayer` makes it (layers/core/Makefile, no Docker).

It holds the production packages (hoso, hoso_aws), their data (schemas, catalog, fonts, models)
and the pinned dependencies of layers/core/requirements*.txt, and nothing else: no local runtime
(hoso_local), no dev code (hoso_dev: samples, evaluation, report), no in-memory fakes, no moto,
rich or PyYAML.

Needs the SAM CLI (``$SAM``, ``sam`` next to this interpreter or on PATH) and the package
registry (the build downloads the wheels). ``make test`` installs aws-sam-cli in a venv of its
own (.venv-sam: its pins clash with requirements.lock) and sets ``$SAM``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hoso.catalog import load_catalog

pytestmark = [pytest.mark.unit, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "layers" / "core"

# the Lambda python3.11 runtime: Amazon Linux 2, glibc 2.26; 250 MB unzipped, layers included
RUNTIME_GLIBC = (2, 26)
LAMBDA_UNZIPPED_BYTES = 262_144_000  # "250 MB"


def _sam() -> str | None:
    if os.environ.get("SAM"):
        return os.environ["SAM"]
    beside = Path(sys.executable).parent / "sam"
    return str(beside) if beside.is_file() else shutil.which("sam")


@pytest.fixture(scope="module")
def layer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sam = _sam()
    if sam is None:
        pytest.skip("the SAM CLI is not installed (`make test` installs it, or set SAM=/path/sam)")
    out = tmp_path_factory.mktemp("sam-build")
    env = {**os.environ, "SAM_CLI_TELEMETRY": "0", "PIP": f"{sys.executable} -m pip"}
    cmd = [sam, "build", "CoreLayer", "--template-file", str(ROOT / "template.yaml")]
    done = subprocess.run(
        [*cmd, "--build-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return out / "CoreLayer" / "python"


def _files(layer: Path) -> set[str]:
    return {p.relative_to(layer).as_posix() for p in layer.rglob("*") if p.is_file()}


def _pinned(name: str) -> set[str]:
    lines = (CORE / name).read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_layer_holds_the_production_packages_and_their_data(layer: Path) -> None:
    files = _files(layer)
    for path in (
        "hoso/__init__.py",
        "hoso/catalog.py",
        "hoso/fonts/DejaVuSans.ttf",
        "hoso/fonts/DejaVuSerif.ttf",
        "hoso/fonts/DejaVuSerif-vi.ttf",
        "hoso/ocr/digits.npz",
        "hoso_aws/__init__.py",
        "hoso_aws/bootstrap.py",
        "hoso/_schemas/records/dossier.schema.json",
        "hoso/_schemas/station/manifest.schema.json",
        "rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx",
    ):
        assert path in files, path
    shipped = {f.removeprefix("hoso/_schemas/") for f in files if f.startswith("hoso/_schemas/")}
    source = ROOT / "schemas"
    assert shipped == {p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()}


def test_layer_holds_no_local_runtime_dev_code_or_fakes(layer: Path) -> None:
    files = _files(layer)
    top = {f.split("/", 1)[0] for f in files}
    assert not top & {"hoso_local", "hoso_dev"}
    dev_only = ("hoso/samples/", "hoso/evaluation.py", "hoso/report.py", "hoso/adapters/memory.py")
    assert [f for f in files if f.startswith(dev_only)] == []
    assert not [f for f in files if "__pycache__" in f or f.endswith(".pyc")]


def test_layer_holds_no_local_or_runtime_provided_dependencies(layer: Path) -> None:
    top = {p.name for p in layer.iterdir()}
    for module in ("moto", "rich", "yaml", "_yaml", "werkzeug", "boto3", "botocore", "cv2"):
        assert module not in top, module


def test_layer_dependencies_are_the_generated_pins(layer: Path) -> None:
    installed = set()
    for info in layer.glob("*.dist-info"):
        meta = (info / "METADATA").read_text(encoding="utf-8")
        name = re.search(r"^Name: (.+)$", meta, re.M)
        version = re.search(r"^Version: (.+)$", meta, re.M)
        assert name and version, info
        installed.add(f"{_canonical(name[1].strip())}=={version[1].strip()}")
    assert installed == _pinned("requirements.txt") | _pinned("requirements-nodeps.txt")


def test_layer_loads_the_catalog_from_its_own_schemas(layer: Path) -> None:
    """Only the layer and the standard library on the path (-S: no site-packages)."""
    code = (
        "from hoso import resources; from hoso.catalog import load_catalog; "
        "print(resources.schemas_dir()); print(len(load_catalog().codes()))"
    )
    env = {k: v for k, v in os.environ.items() if k != "HOSO_SCHEMAS_DIR"}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code],
        env={**env, "PYTHONPATH": str(layer)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    where, count = done.stdout.split()
    assert Path(where) == layer / "hoso" / "_schemas"
    assert int(count) == len(load_catalog(ROOT / "schemas").codes()) > 0


@pytest.mark.xfail(
    strict=True,
    reason="the python3.11 runtime is Amazon Linux 2 (glibc 2.26); the locked numpy, pillow, "
    "rapidfuzz and onnxruntime ship only manylinux_2_27/2_28 wheels: needs older pins or a "
    "newer runtime",
)
def test_layer_binaries_load_on_the_lambda_runtime(layer: Path) -> None:
    too_new = []
    for wheel in layer.glob("*.dist-info/WHEEL"):
        text = wheel.read_text(encoding="utf-8")
        platforms = [tag.split("-")[2] for tag in re.findall(r"^Tag: (\S+)$", text, re.M)]
        glibc = [_glibc(p) for p in platforms if p.startswith("manylinux")]
        if glibc and min(glibc) > RUNTIME_GLIBC:
            too_new.append(wheel.parent.name)
    assert too_new == []


def _glibc(platform: str) -> tuple[int, int]:
    """The glibc a manylinux platform tag needs: manylinux_2_28_x86_64, manylinux2014_x86_64."""
    legacy = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
    m = re.match(r"manylinux_(\d+)_(\d+)_", platform)
    return (int(m[1]), int(m[2])) if m else legacy[platform.split("_")[0]]


def test_layer_fits_in_a_lambda_function(layer: Path) -> None:
    """A function's code and its layers, unzipped: 250 MB (the handlers are a few kB)."""
    size = sum(p.stat().st_size for p in layer.rglob("*") if p.is_file())
    assert size <= LAMBDA_UNZIPPED_BYTES
