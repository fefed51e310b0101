"""Evaluate dossier understanding on a labelled corpus (see :mod:`hoso_dev.samples`).

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
from functools import cache
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


@cache
def reader_fingerprint(ocr: OcrFn) -> str:
    """Changes whenever the reading code changes, so a cache never serves stale OCR.

    Computed once per process, before any dossier is read (:func:`evaluate` asks for it
    first; the readers it forks inherit it, they start after it has asked which dossiers
    are cached): the code an evaluation runs is the code it started with, so an edit made
    while it runs must not file its readings under the edited code's key."""
    import hashlib

    name = f"{getattr(ocr, '__module__', '')}.{getattr(ocr, '__name__', '')}"
    if ocr is _single_worker_ocr or name.startswith("hoso.ocr"):
        from hoso import ocr as ocr_pkg

        h = hashlib.sha256(b"hoso.ocr")
        folder = Path(ocr_pkg.__file__).parent
        for path in sorted([*folder.glob("*.py"), *folder.glob("*.npz")]):
            h.update(path.read_bytes())
    else:
        h = hashlib.sha256(name.encode())
    return h.hexdigest()[:12]


def _read_pages(
    d: Path, ocr: OcrFn, cache: Path | None = None
) -> tuple[list[PageText], dict[str, Any]]:
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    names = manifest.get("files") or sorted(
        p.name for p in d.iterdir() if p.suffix.lower() in UPLOADABLE
    )
    cached = cache / reader_fingerprint(ocr) / f"{d.name}.pages.json" if cache is not None else None
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


def _read_one(
    args: tuple[Path, OcrFn, Path | None],
) -> tuple[str, float]:
    d, ocr, cache = args
    t0 = time.perf_counter()
    _read_pages(d, ocr, cache)
    return d.name, time.perf_counter() - t0


def _single_worker_ocr(data: bytes, filename: str) -> list[PageText]:
    """``hoso.ocr.ocr_file`` with one tesseract at a time (dossiers run side by side)."""
    from hoso.ocr import OcrOptions, ocr_file

    return ocr_file(data, filename, options=OcrOptions(workers=1))


def evaluate(
    corpus_dir: Path,
    *,
    ocr: OcrFn | None = None,
    catalog: Catalog | None = None,
    limit: int | None = None,
    cache: Path | None = None,
    manifest_applicant: bool = True,
    jobs: int = 1,
) -> dict[str, Any]:
    """Run understanding over every dossier of ``corpus_dir`` and compare with the truth.

    ``cache``: a directory where the OCR output of each dossier is kept (and reused, as long
    as the reading code is unchanged), so the understanding can be re-evaluated in seconds
    after a change. ``manifest_applicant=False`` hides the applicant block of the manifests
    (fields then come from the papers only). ``jobs`` > 1 reads that many dossiers side by
    side (each with one tesseract process; needs ``cache``).
    """
    ocr_fn = ocr or default_ocr()
    cat = catalog or load_catalog()
    t_start = time.perf_counter()
    items = _dossiers(corpus_dir)[:limit] if limit else _dossiers(corpus_dir)
    read_seconds: dict[str, float] = {}
    reader_fingerprint(ocr_fn)  # now: the readers below may run for an hour
    if jobs > 1 and cache is not None:
        from concurrent.futures import ProcessPoolExecutor

        # dossiers side by side, one tesseract each (same reading, same cache key)
        fn = _single_worker_ocr if ocr is None and ocr_fn is not fallback_ocr else ocr_fn
        todo = [(d, fn, cache) for d, _ in items if not _cached(d, fn, cache)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for name, secs in pool.map(_read_one, todo):
                read_seconds[name] = secs
    acc = _Accumulator(cat.extraneous())
    for d, truth in items:
        t0 = time.perf_counter()
        pages, manifest = _read_pages(d, ocr_fn, cache)
        t1 = time.perf_counter()
        acc.ocr_seconds += read_seconds.get(d.name, t1 - t0)
        today = date.fromisoformat(truth["received_on"])
        proc = cat.get(truth["procedure_code"], today)
        if proc is None:
            acc.errors.append({"dossier_id": truth["dossier_id"], "error": "unknown procedure"})
            continue
        if not manifest_applicant:
            manifest = {k: v for k, v in manifest.items() if k != "applicant"}
        a = assess(proc, pages, catalog=cat, manifest=manifest, today=today)
        acc.understand_seconds += time.perf_counter() - t1
        acc.add(truth, a.to_dict(), "".join("".join(p.text.split()) for p in pages))
    return acc.result(len(items), time.perf_counter() - t_start)


def _cached(d: Path, ocr: OcrFn, cache: Path) -> bool:
    return (cache / reader_fingerprint(ocr) / f"{d.name}.pages.json").is_file()


class _Accumulator:
    """Figures over the dossiers of one corpus."""

    def __init__(self, extraneous: set[str] | None = None) -> None:
        # papers no procedure takes (a receipt): the generator labels them unknown (None)
        self.extraneous = extraneous or set()
        self.page_total = self.page_correct = self.page_abstain = self.page_known = 0
        self.page_correct_scanned = self.page_scanned = 0
        self.confusion: Counter[tuple[str, str]] = Counter()
        self.field_tp: Counter[str] = Counter()
        self.field_fp: Counter[str] = Counter()
        self.field_fn: Counter[str] = Counter()
        self.id_exact = self.id_total = 0
        self.id_exact_stated = self.id_total_stated = 0  # some paper of the procedure present
        self.id_exact_read = self.id_total_read = 0  # the number in some page's OCR text
        self.decision_ok = 0
        self.decisions: Counter[tuple[str, str]] = Counter()
        self.review = self.decided = self.decided_ok = self.needless_review = 0
        self.accepted_missing: list[str] = []
        self.asked_present: list[str] = []
        self.missing_list_exact = self.missing_list_total = 0
        self.errors: list[dict[str, Any]] = []
        self.page_errors: list[dict[str, Any]] = []
        self.ocr_seconds = self.understand_seconds = 0.0
        self.by_proc: dict[str, Counter[str]] = {}
        self.by_tier: dict[str, Counter[str]] = {}

    def add(self, truth: dict[str, Any], out: dict[str, Any], read: str = "") -> None:
        """``read``: the dossier's OCR text, spaces removed (where its numbers were read)."""
        self._pages(truth, out)
        self._fields(truth, out, read)
        self._decision(truth, out)

    def _pages(self, truth: dict[str, Any], out: dict[str, Any]) -> None:
        predicted = {(p["file"], p["index"]): p["doc_type"] for p in out["pages"]}
        for tp in truth["pages"]:
            self.page_total += 1
            exp = tp["doc_type"]
            got = predicted.get((tp["file"], tp["index"]))
            got = None if got in self.extraneous else got
            self.confusion[(exp or "(none)", got or "(none)")] += 1
            if exp is not None:
                self.page_known += 1
                if got is None:
                    self.page_abstain += 1
            ok = got == exp
            self.page_correct += ok
            if not ok:
                self.page_errors.append({
                    "dossier_id": truth["dossier_id"], "file": tp["file"], "index": tp["index"],
                    "expected": exp, "predicted": got, "mode": tp.get("mode"),
                    "defect_level": tp.get("defect_level"),
                })  # fmt: skip
            if tp.get("scanned"):
                self.page_scanned += 1
                self.page_correct_scanned += ok

    def _fields(self, truth: dict[str, Any], out: dict[str, Any], read: str = "") -> None:
        for key in FIELDS:
            exp_v = _norm(key, truth["applicant"].get(key))
            got_v = _norm(key, out["applicant"].get(key))
            if got_v is not None and exp_v is not None and got_v == exp_v:
                self.field_tp[key] += 1
            else:
                if got_v is not None:
                    self.field_fp[key] += 1
                if exp_v is not None:
                    self.field_fn[key] += 1
        if truth["applicant"].get("id_number"):
            exact = out["applicant"].get("id_number") == truth["applicant"]["id_number"]
            self.id_total += 1
            self.id_exact += exact
            # a dossier none of whose required papers is there may hold the number nowhere
            if truth.get("present_components", True):
                self.id_total_stated += 1
                self.id_exact_stated += exact
            # the OCR read the number right somewhere: what understanding made of it
            if truth["applicant"]["id_number"] in read:
                self.id_total_read += 1
                self.id_exact_read += exact

    def _decision(self, truth: dict[str, Any], out: dict[str, Any]) -> None:
        exp_s, got_s = truth["expected_status"], out["status"]
        self.decisions[(exp_s, got_s)] += 1
        self.decision_ok += exp_s == got_s
        self.review += got_s == "needs_review"
        if got_s != "needs_review":
            self.decided += 1
            self.decided_ok += exp_s == got_s
        elif exp_s != "needs_review":
            self.needless_review += 1
        for key, group in (
            (truth["procedure_code"], self.by_proc),
            (truth.get("tier") or "-", self.by_tier),
        ):
            c = group.setdefault(key, Counter())
            c["n"] += 1
            c["ok"] += exp_s == got_s
            c["review"] += got_s == "needs_review"
            if got_s != "needs_review":
                c["decided"] += 1
                c["decided_ok"] += exp_s == got_s
            if truth["applicant"].get("id_number"):
                c["ids"] += 1
                c["id_ok"] += out["applicant"].get("id_number") == truth["applicant"]["id_number"]
        if got_s == "received" and (truth["missing_components"] or truth["invalid_components"]):
            self.accepted_missing.append(truth["dossier_id"])
        asked = {
            m.get("id")
            for m in out["missing_components"]
            if m.get("kind", "absent") == "absent" and got_s == "supplement_requested"
        }
        if asked & set(truth.get("present_components") or []):
            self.asked_present.append(truth["dossier_id"])
        if exp_s == "supplement_requested" and got_s == "supplement_requested":
            self.missing_list_total += 1
            want = set(truth["missing_components"]) | set(truth["invalid_components"])
            got_ids = {m.get("id") for m in out["missing_components"]}
            self.missing_list_exact += want == got_ids
        if exp_s != got_s:
            self.errors.append({
                "dossier_id": truth["dossier_id"], "expected": exp_s, "got": got_s,
                "description": truth["description"], "tier": truth.get("tier"),
                "missing": [m["reason"] for m in out["missing_components"]],
                "review": out.get("review_reasons", []),
            })  # fmt: skip

    def result(self, n: int, seconds: float) -> dict[str, Any]:
        field_scores = {}
        for key in FIELDS:
            tp, fp, fn = self.field_tp[key], self.field_fp[key], self.field_fn[key]
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fn) if tp + fn else 1.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            field_scores[key] = {"precision": round(p, 4), "recall": round(r, 4),
                                 "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}  # fmt: skip

        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        def groups(g: dict[str, Counter[str]]) -> dict[str, dict[str, Any]]:
            return {
                k: {
                    "dossiers": v["n"],
                    "accuracy": ratio(v["ok"], v["n"]),
                    "review_rate": ratio(v["review"], v["n"]),
                    "decided_accuracy": ratio(v["decided_ok"], v["decided"]),
                    "id_exact": ratio(v["id_ok"], v["ids"]),
                }
                for k, v in sorted(g.items())
            }

        return {
            "dossiers": n,
            "pages": self.page_total,
            "scanned_pages": self.page_scanned,
            "classification": {
                "accuracy": ratio(self.page_correct, self.page_total),
                "accuracy_scanned": ratio(self.page_correct_scanned, self.page_scanned),
                "abstention_rate": ratio(self.page_abstain, self.page_known),
                "confusion": [
                    {"expected": e, "predicted": g, "count": c}
                    for (e, g), c in sorted(self.confusion.items())
                ],
            },
            "fields": field_scores,
            "applicant_id_exact": ratio(self.id_exact, self.id_total),
            "applicant_id_exact_with_papers": ratio(self.id_exact_stated, self.id_total_stated),
            "applicant_id_exact_where_read": ratio(self.id_exact_read, self.id_total_read),
            "applicant_id_read_somewhere": ratio(self.id_total_read, self.id_total),
            "decision": {
                "accuracy": ratio(self.decision_ok, n),
                "review_rate": ratio(self.review, n),
                "decided_accuracy": ratio(self.decided_ok, self.decided),
                "wrong_decisions": self.decided - self.decided_ok,
                "needless_review_rate": ratio(self.needless_review, n),
                "confusion": [
                    {"expected": e, "predicted": g, "count": c}
                    for (e, g), c in sorted(self.decisions.items())
                ],
                "by_procedure": groups(self.by_proc),
                "by_tier": groups(self.by_tier),
                "supplement_list_exact": ratio(self.missing_list_exact, self.missing_list_total),
            },
            "accepted_with_missing": len(self.accepted_missing),
            "accepted_with_missing_ids": self.accepted_missing,
            "requested_present": len(self.asked_present),
            "requested_present_ids": self.asked_present,
            "errors": self.errors,
            "page_errors": self.page_errors,
            "seconds": {
                "total": round(seconds, 1),
                "ocr": round(self.ocr_seconds, 1),
                "understand": round(self.understand_seconds, 2),
            },
        }


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def format_report(result: dict[str, Any], *, list_errors: bool = True) -> str:
    """Markdown summary of :func:`evaluate`'s result; ``list_errors`` False leaves out the
    dossiers decided wrongly (a holdout's are not to be looked at, only counted)."""
    c, d, f = result["classification"], result["decision"], result["fields"]
    lines = [
        f"Dossiers: {result['dossiers']}, pages: {result['pages']} "
        f"(scanned, OCR: {result['scanned_pages']}); "
        f"time {result['seconds']['total']} s (reading/OCR {result['seconds']['ocr']} s, "
        f"understanding {result['seconds']['understand']} s).",
        "",
        "| metric | value |",
        "|---|---|",
        f"| page classification accuracy | {_pct(c['accuracy'])} |",
        f"| … on scanned pages | {_pct(c['accuracy_scanned'])} |",
        f"| page abstention rate | {_pct(c['abstention_rate'])} |",
        f"| decision right (review counted as not right) | {_pct(d['accuracy'])} |",
        f"| dossiers sent to review | {_pct(d['review_rate'])} |",
        f"| … of which the truth did not need review | {_pct(d['needless_review_rate'])} |",
        f"| decisions taken (received / supplement) right | {_pct(d['decided_accuracy'])} |",
        f"| wrong decisions taken (received ↔ supplement) | {d['wrong_decisions']} |",
        f"| supplement list exactly right | {_pct(d['supplement_list_exact'])} |",
        f"| incomplete or invalid dossiers accepted as complete | {result['accepted_with_missing']} |",
        f"| supplement requests for a paper that is present | {result['requested_present']} |",
        f"| applicant ID number exact | {_pct(result['applicant_id_exact'])} |",
        "| … on dossiers holding a paper of the procedure (the others may show it nowhere) | "
        f"{_pct(result.get('applicant_id_exact_with_papers'))} |",
        "| … on dossiers where the OCR read the number right on some page (share of all) | "
        f"{_pct(result.get('applicant_id_exact_where_read'))} "
        f"({_pct(result.get('applicant_id_read_somewhere'))}) |",
    ]
    for key, s in f.items():
        lines.append(
            f"| field {key}: P / R / F1 | {s['precision']:.3f} / {s['recall']:.3f} / {s['f1']:.3f} |"
        )
    lines += [
        "",
        "Decision confusion (expected → predicted):",
        "",
        "| expected | predicted | n |",
        "|---|---|---|",
    ]
    lines += [f"| {x['expected']} | {x['predicted']} | {x['count']} |" for x in d["confusion"]]
    for title, key in (("procedure", "by_procedure"), ("tier", "by_tier")):
        if key == "by_tier" and list(d[key]) == ["-"]:
            continue
        lines += [
            "",
            f"Per {title}:",
            "",
            f"| {title} | dossiers | decision right | review | decisions taken right | ID exact |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {k} | {v['dossiers']} | {_pct(v['accuracy'])} | {_pct(v['review_rate'])} | "
            f"{_pct(v['decided_accuracy'])} | {_pct(v['id_exact'])} |"
            for k, v in d[key].items()
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
    if result["errors"] and not list_errors:
        lines += ["", f"Decisions not right: {len(result['errors'])} (not listed)"]
    elif result["errors"]:
        lines += ["", "Decisions not right (first 15):", ""]
        for e in result["errors"][:15]:
            why = "; ".join((e.get("missing") or []) + (e.get("review") or []))[:200]
            lines.append(f"- `{e['dossier_id']}` ({e.get('description', '')}): expected "
                         f"{e.get('expected')}, got {e.get('got')}: {why}")  # fmt: skip
    return "\n".join(lines) + "\n"
