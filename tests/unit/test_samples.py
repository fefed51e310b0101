"""Sample dossiers (hoso_dev.samples) and the evaluation harness (hoso_dev.evaluation)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pdfplumber
import pytest

from hoso.model import PageText
from hoso.resources import schema_errors
from hoso_dev.evaluation import evaluate, format_report
from hoso_dev.samples import generate_corpus, write_demo_set

pytestmark = pytest.mark.unit

UPLOADABLE = {".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}


def text_layer_only(data: bytes, filename: str) -> list[PageText]:
    """A test OCR: the PDF text layer; image pages come back empty (no Tesseract here)."""
    if not filename.endswith(".pdf"):
        return [PageText(filename, 1, "", "none", error="image: no OCR in unit tests")]
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for i, p in enumerate(pdf.pages, 1):
            text = p.extract_text() or ""
            error = None if text.strip() else "image page: no OCR in unit tests"
            out.append(PageText(filename, i, text, "text_layer", error=error))
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("demo")
    return out, write_demo_set(out)


def test_demo_set_shape(demo: tuple[Path, list]) -> None:  # type: ignore[type-arg]
    out, ds = demo
    assert 5 <= len(ds) <= 8
    assert len({d.procedure_code for d in ds}) >= 2
    assert {d.expected_status for d in ds} >= {"received", "supplement_requested"}
    assert any("làm chứng" in d.description or "cam đoan" in d.description for d in ds)
    scanned = sum(d.scanned_pages for d in ds)
    assert 1 <= scanned <= 8
    layouts = set()
    for d in ds:
        assert d.dir.name == d.dossier_id
        names = {p.name for p in d.dir.iterdir()}
        assert "manifest.json" in names
        assert all(Path(n).suffix.lower() in UPLOADABLE for n in names - {"manifest.json"})
        manifest = json.loads((d.dir / "manifest.json").read_text(encoding="utf-8"))
        assert schema_errors("station/manifest.schema.json", manifest) == []
        assert manifest["dossier_id"] == d.dossier_id
        assert manifest["procedure_code"] == d.procedure_code
        assert set(manifest["files"]) == names - {"manifest.json"}
        truth = json.loads((out / f"{d.dossier_id}.truth.json").read_text(encoding="utf-8"))
        assert truth["expected_status"] == d.expected_status
        assert truth["pages"]
        layouts.add(truth["layout"])
    assert layouts == {"single", "files"}


def test_demo_born_digital_pages_are_understood(demo: tuple[Path, list]) -> None:  # type: ignore[type-arg]
    out, ds = demo
    r = evaluate(out, ocr=text_layer_only)
    assert r["dossiers"] == len(ds)
    assert r["accepted_with_missing"] == 0
    # every page with a text layer is classified right; image pages are unreadable here
    wrong = [
        x for x in r["classification"]["confusion"]
        if x["expected"] != x["predicted"] and x["predicted"] != "(none)"
    ]  # fmt: skip
    assert wrong == []


def test_corpus_is_deterministic_and_labelled(tmp_path: Path) -> None:
    a = generate_corpus(tmp_path / "a", 6, seed=3, scanned_share=0.0, ocr_layer_share=0.0)
    b = generate_corpus(tmp_path / "b", 6, seed=3, scanned_share=0.0, ocr_layer_share=0.0)
    assert [d.expected_status for d in a] == [d.expected_status for d in b]
    assert len({d.procedure_code for d in a}) == 6  # round-robin over the catalog
    ta = json.loads(a[0].truth_path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    tb = json.loads(b[0].truth_path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert ta == tb
    assert {"pages", "applicant", "missing_components", "invalid_components"} <= set(ta)
    r = evaluate(tmp_path / "a", ocr=text_layer_only)
    assert r["dossiers"] == 6
    assert r["accepted_with_missing"] == 0
    assert r["classification"]["accuracy"] >= 0.95
    report = format_report(r)
    assert "| page classification accuracy |" in report
    assert "| decision right (review counted as not right) |" in report
    assert "| supplement requests for a paper that is present |" in report
    r["errors"] = [{"dossier_id": "hs-1", "expected": "received", "got": "needs_review"}]
    assert "`hs-1`" in format_report(r)
    unlisted = format_report(r, list_errors=False)
    assert "hs-1" not in unlisted and "Decisions not right: 1 (not listed)" in unlisted


@pytest.mark.slow
def test_demo_with_tesseract(demo: tuple[Path, list]) -> None:  # type: ignore[type-arg]
    out, ds = demo
    r = evaluate(out)
    assert r["accepted_with_missing"] == 0
    assert r["decision"]["accuracy"] >= 5 / 6


def test_a_page_named_as_a_paper_no_procedure_takes_counts_as_unknown() -> None:
    """The independent generator labels a fee receipt "unknown" (no procedure's paper);
    hoso names it as one (an extraneous type): the same answer. A procedure's paper taken
    for a receipt is still an error."""
    from hoso_dev.evaluation import _Accumulator

    acc = _Accumulator({"bien_lai_thu_tien"})
    truth = {
        "dossier_id": "x",
        "pages": [
            {"file": "a.jpg", "index": 1, "doc_type": None},
            {"file": "b.jpg", "index": 1, "doc_type": "to_khai_lltp"},
        ],
    }
    out = {
        "pages": [
            {"file": "a.jpg", "index": 1, "doc_type": "bien_lai_thu_tien"},
            {"file": "b.jpg", "index": 1, "doc_type": "bien_lai_thu_tien"},
        ]
    }
    acc._pages(truth, out)
    assert (acc.page_total, acc.page_correct) == (2, 1)
    assert [e["file"] for e in acc.page_errors] == ["b.jpg"]
