"""Evaluate dossier understanding on a labelled corpus (see :mod:`hoso.samples`).

Measures page classification (accuracy, confusion matrix, abstentions), applicant fields
(precision / recall / F1 for full_name, id_number, date_of_birth), the decision (accuracy,
confusion, review rate) and the one number that must stay 0: dossiers accepted as complete
while a required component is missing or invalid.
"""

from __future__ import annotations

import io
import json
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from hoso.catalog import Catalog, load_catalog
from hoso.model import PageText
from hoso.text import nfc, squash
from hoso.understand import assess

OcrFn = Callable[[bytes, str], list[PageText]]
FIELDS = ("full_name", "id_number", "date_of_birth")
UPLOADABLE = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")


def fallback_ocr(data: bytes, filename: str) -> list[PageText]:
    """Text layer with pdfplumber; Tesseract (vie) for image pages and image files.

    Used only when :func:`hoso.ocr.ocr_file` is not available.
    """
    import pdfplumber
    import pytesseract
    from PIL import Image

    def tess(img: Image.Image, index: int, dpi: int | None) -> PageText:
        t0 = time.perf_counter()
        data_ = pytesseract.image_to_data(img, lang="vie", output_type=pytesseract.Output.DICT)
        lines: dict[tuple[int, int, int], list[str]] = {}
        confs = []
        for i, word in enumerate(data_["text"]):
            if not word.strip():
                continue
            key = (data_["block_num"][i], data_["par_num"][i], data_["line_num"][i])
            lines.setdefault(key, []).append(word)
            c = float(data_["conf"][i])
            if c >= 0:
                confs.append(c)
        text = "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))
        return PageText(
            file=filename, index=index, text=nfc(text), method="ocr",
            confidence=sum(confs) / len(confs) if confs else None,
            width=float(img.width), height=float(img.height), dpi=dpi,
            seconds=time.perf_counter() - t0,
        )  # fmt: skip

    if filename.lower().endswith(".pdf"):
        out = []
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i, page in enumerate(pdf.pages, 1):
                text = page.extract_text() or ""
                if len(text.strip()) >= 20:
                    out.append(PageText(filename, i, nfc(text), "text_layer",
                                        width=float(page.width), height=float(page.height)))  # fmt: skip
                    continue
                img = page.to_image(resolution=250).original.convert("L")
                out.append(tess(img, i, 250))
        return out
    img = Image.open(io.BytesIO(data))
    dpi_info = img.info.get("dpi")
    dpi = int(dpi_info[0]) if dpi_info else None
    pages = []
    for i in range(getattr(img, "n_frames", 1)):
        img.seek(i)
        pages.append(tess(img.convert("L"), i + 1, dpi))
    return pages


def default_ocr() -> OcrFn:
    try:
        from hoso.ocr import ocr_file  # type: ignore[attr-defined]
    except ImportError:
        return fallback_ocr
    return ocr_file  # type: ignore[no-any-return]


def _norm(key: str, value: str | None) -> str | None:
    if value is None:
        return None
    v = squash(nfc(value))
    return v.lower() if key == "full_name" else v


def _dossiers(corpus_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for truth_path in sorted(corpus_dir.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        d = corpus_dir / truth["dossier_id"]
        if d.is_dir():
            out.append((d, truth))
    return out


def _read_pages(
    d: Path, ocr: OcrFn, cache: Path | None = None
) -> tuple[list[PageText], dict[str, Any]]:
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    names = manifest.get("files") or sorted(
        p.name for p in d.iterdir() if p.suffix.lower() in UPLOADABLE
    )
    cached = cache / f"{d.name}.pages.json" if cache is not None else None
    if cached is not None and cached.is_file():
        data = json.loads(cached.read_text(encoding="utf-8"))
        return [PageText.from_dict(p) for p in data], manifest
    pages: list[PageText] = []
    for name in names:
        try:
            pages.extend(ocr((d / name).read_bytes(), name))
        except Exception as exc:  # one unreadable file must not stop the run
            pages.append(PageText(name, 1, "", "none", error=f"{type(exc).__name__}: {exc}"))
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(
            json.dumps([p.to_dict() for p in pages], ensure_ascii=False), encoding="utf-8"
        )
    return pages, manifest


def evaluate(
    corpus_dir: Path,
    *,
    ocr: OcrFn | None = None,
    catalog: Catalog | None = None,
    limit: int | None = None,
    cache: Path | None = None,
    manifest_applicant: bool = True,
) -> dict[str, Any]:
    """Run understanding over every dossier of ``corpus_dir`` and compare with the truth.

    ``cache``: a directory where the OCR output of each dossier is kept (and reused), so the
    understanding can be re-evaluated in seconds after a change. ``manifest_applicant=False``
    hides the applicant block of the manifests (fields then come from the papers only).
    """
    ocr_fn = ocr or default_ocr()
    cat = catalog or load_catalog()
    t_start = time.perf_counter()
    page_total = page_correct = page_abstain = page_known = 0
    page_correct_scanned = page_scanned = 0
    confusion: Counter[tuple[str, str]] = Counter()
    field_tp: Counter[str] = Counter()
    field_fp: Counter[str] = Counter()
    field_fn: Counter[str] = Counter()
    decision_ok = 0
    decisions: Counter[tuple[str, str]] = Counter()
    review = decided = decided_ok = needless_review = 0
    accepted_missing: list[str] = []
    missing_list_exact = missing_list_total = 0
    errors: list[dict[str, Any]] = []
    page_errors: list[dict[str, Any]] = []
    ocr_seconds = understand_seconds = 0.0
    by_proc: dict[str, Counter[str]] = {}
    items = _dossiers(corpus_dir)[:limit] if limit else _dossiers(corpus_dir)
    for d, truth in items:
        t0 = time.perf_counter()
        pages, manifest = _read_pages(d, ocr_fn, cache)
        t1 = time.perf_counter()
        ocr_seconds += t1 - t0
        today = date.fromisoformat(truth["received_on"])
        proc = cat.get(truth["procedure_code"], today)
        if proc is None:
            errors.append({"dossier_id": truth["dossier_id"], "error": "unknown procedure"})
            continue
        if not manifest_applicant:
            manifest = {k: v for k, v in manifest.items() if k != "applicant"}
        a = assess(proc, pages, catalog=cat, manifest=manifest, today=today)
        understand_seconds += time.perf_counter() - t1
        out = a.to_dict()
        # pages
        predicted = {(p["file"], p["index"]): p["doc_type"] for p in out["pages"]}
        for tp in truth["pages"]:
            page_total += 1
            exp = tp["doc_type"]
            got = predicted.get((tp["file"], tp["index"]))
            confusion[(exp or "(none)", got or "(none)")] += 1
            if exp is not None:
                page_known += 1
                if got is None:
                    page_abstain += 1
            ok = got == exp
            page_correct += ok
            if not ok:
                page_errors.append({
                    "dossier_id": truth["dossier_id"], "file": tp["file"], "index": tp["index"],
                    "expected": exp, "predicted": got, "mode": tp.get("mode"),
                    "defect_level": tp.get("defect_level"),
                })  # fmt: skip
            if tp.get("scanned"):
                page_scanned += 1
                page_correct_scanned += ok
        # fields
        for key in FIELDS:
            exp_v = _norm(key, truth["applicant"].get(key))
            got_v = _norm(key, out["applicant"].get(key))
            if got_v is not None and exp_v is not None and got_v == exp_v:
                field_tp[key] += 1
            else:
                if got_v is not None:
                    field_fp[key] += 1
                if exp_v is not None:
                    field_fn[key] += 1
        # decision
        exp_s, got_s = truth["expected_status"], out["status"]
        decisions[(exp_s, got_s)] += 1
        decision_ok += exp_s == got_s
        review += got_s == "needs_review"
        if got_s != "needs_review":
            decided += 1
            decided_ok += exp_s == got_s
        elif exp_s != "needs_review":
            needless_review += 1
        pc = by_proc.setdefault(truth["procedure_code"], Counter())
        pc["n"] += 1
        pc["ok"] += exp_s == got_s
        if got_s == "received" and (truth["missing_components"] or truth["invalid_components"]):
            accepted_missing.append(truth["dossier_id"])
        if exp_s == "supplement_requested" and got_s == "supplement_requested":
            missing_list_total += 1
            want = set(truth["missing_components"]) | set(truth["invalid_components"])
            got_ids = {m.get("id") for m in out["missing_components"]}
            missing_list_exact += want == got_ids
        if exp_s != got_s:
            errors.append({
                "dossier_id": truth["dossier_id"], "expected": exp_s, "got": got_s,
                "description": truth["description"],
                "missing": [m["reason"] for m in out["missing_components"]],
                "review": out.get("review_reasons", []),
            })  # fmt: skip
    n = len(items)
    field_scores = {}
    for key in FIELDS:
        tp, fp, fn = field_tp[key], field_fp[key], field_fn[key]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        field_scores[key] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
                             "tp": tp, "fp": fp, "fn": fn}  # fmt: skip
    return {
        "dossiers": n,
        "pages": page_total,
        "scanned_pages": page_scanned,
        "classification": {
            "accuracy": round(page_correct / page_total, 4) if page_total else None,
            "accuracy_scanned": round(page_correct_scanned / page_scanned, 4)
            if page_scanned
            else None,
            "abstention_rate": round(page_abstain / page_known, 4) if page_known else None,
            "confusion": [
                {"expected": e, "predicted": g, "count": c}
                for (e, g), c in sorted(confusion.items())
            ],
        },
        "fields": field_scores,
        "decision": {
            "accuracy": round(decision_ok / n, 4) if n else None,
            "review_rate": round(review / n, 4) if n else None,
            "decided_accuracy": round(decided_ok / decided, 4) if decided else None,
            "wrong_decisions": decided - decided_ok,
            "needless_review_rate": round(needless_review / n, 4) if n else None,
            "confusion": [
                {"expected": e, "predicted": g, "count": c}
                for (e, g), c in sorted(decisions.items())
            ],
            "by_procedure": {
                k: {"dossiers": v["n"], "accuracy": round(v["ok"] / v["n"], 4)}
                for k, v in sorted(by_proc.items())
            },
            "supplement_list_exact": (
                round(missing_list_exact / missing_list_total, 4) if missing_list_total else None
            ),
        },
        "accepted_with_missing": len(accepted_missing),
        "accepted_with_missing_ids": accepted_missing,
        "errors": errors,
        "page_errors": page_errors,
        "seconds": {
            "total": round(time.perf_counter() - t_start, 1),
            "ocr": round(ocr_seconds, 1),
            "understand": round(understand_seconds, 2),
        },
    }


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def format_report(result: dict[str, Any]) -> str:
    """Markdown summary of :func:`evaluate`'s result."""
    c, d, f = result["classification"], result["decision"], result["fields"]
    lines = [
        f"Dossiers: {result['dossiers']}, pages: {result['pages']} "
        f"(scanned, OCR: {result['scanned_pages']}); "
        f"time {result['seconds']['total']} s (reading/OCR {result['seconds']['ocr']} s, "
        f"understanding {result['seconds']['understand']} s).",
        "",
        "| metric | value | target |",
        "|---|---|---|",
        f"| page classification accuracy | {_pct(c['accuracy'])} | ≥ 98% |",
        f"| … on scanned pages | {_pct(c['accuracy_scanned'])} | |",
        f"| page abstention rate | {_pct(c['abstention_rate'])} | ≤ 5% |",
        f"| decision accuracy | {_pct(d['accuracy'])} | ≥ 97% |",
        f"| dossiers sent to review (dossier abstention) | {_pct(d['review_rate'])} | |",
        f"| … of which the truth did not need review | {_pct(d['needless_review_rate'])} | |",
        f"| accuracy of the decisions taken (review excluded) | {_pct(d['decided_accuracy'])} | |",
        f"| wrong decisions taken (received ↔ supplement) | {d['wrong_decisions']} | |",
        f"| supplement list exactly right | {_pct(d['supplement_list_exact'])} | |",
        f"| accepted as complete with a required component missing/invalid | {result['accepted_with_missing']} | 0 |",
    ]
    for key, s in f.items():
        lines.append(
            f"| field {key}: P / R / F1 | {s['precision']:.3f} / {s['recall']:.3f} / {s['f1']:.3f} | F1 ≥ 0.95 |"
        )
    lines += [
        "",
        "Decision confusion (expected → predicted):",
        "",
        "| expected | predicted | n |",
        "|---|---|---|",
    ]
    lines += [f"| {x['expected']} | {x['predicted']} | {x['count']} |" for x in d["confusion"]]
    lines += [
        "",
        "Per procedure:",
        "",
        "| procedure | dossiers | decision accuracy |",
        "|---|---|---|",
    ]
    lines += [
        f"| {k} | {v['dossiers']} | {_pct(v['accuracy'])} |" for k, v in d["by_procedure"].items()
    ]
    wrong = [x for x in c["confusion"] if x["expected"] != x["predicted"]]
    if wrong:
        lines += [
            "",
            "Page confusions (expected → predicted):",
            "",
            "| expected | predicted | n |",
            "|---|---|---|",
        ]
        lines += [f"| {x['expected']} | {x['predicted']} | {x['count']} |" for x in wrong]
    if result["errors"]:
        lines += ["", "Wrong decisions (first 15):", ""]
        for e in result["errors"][:15]:
            why = "; ".join((e.get("missing") or []) + (e.get("review") or []))[:200]
            lines.append(f"- `{e['dossier_id']}` ({e.get('description', '')}): expected "
                         f"{e.get('expected')}, got {e.get('got')}: {why}")  # fmt: skip
    return "\n".join(lines) + "\n"
