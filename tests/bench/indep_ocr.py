"""OCR figures on the independent dev corpus (``tests.corpus``, ``.hoso/indep-dev``).

    python tests/bench/indep_ocr.py run --out /tmp/before.jsonl [--all] [--quota 10]
    python tests/bench/indep_ocr.py report /tmp/before.jsonl [/tmp/after.jsonl]

``run`` reads scanned pages with ``hoso.ocr.ocr_file`` (one worker, one page at a time)
and writes one JSON line per page: the truth entry, hoso's rotation, confidence, seconds,
notes, text. By default a stratified sample: up to ``--quota`` pages of every
(mode, layout family, turned or not) group plus up to ``--quota`` pages of every
monospace font, chosen by a fixed seed; ``--all`` reads every scanned page.

``report`` prints, per mode (and per font for the field strings): orientation correct
(the truth ``rotation`` is the clockwise turn the generator gave the content, hoso's
``rotation`` the clockwise turn it applied, so a page is right when they add up to 0 or
360), mean page confidence, seconds per page, and the share of pages whose text holds the
applicant's ID number, full name (case-insensitive) and date of birth (dd/mm/yyyy). With
two files, only pages present in both are compared, side by side.

Only the dev split: never point this at a holdout.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "layers" / "core"))

from hoso.ocr import OcrOptions, ocr_file  # noqa: E402
from hoso.text import nfc  # noqa: E402

CORPUS = ROOT / ".hoso" / "indep-dev"
Page = dict[str, Any]
# pages that showed the problems worked on (always in the sample)
EXAMPLES = {
    ("ind-dev-10000", "ho_so_day_du.pdf", 1),
    ("ind-dev-10011", "Document_2026-02-12_114497.pdf", 1),
}


def scanned_pages(corpus: Path) -> list[Page]:
    out: list[Page] = []
    for truth_path in sorted(corpus.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text())
        if truth.get("split") != "dev":
            continue
        folder = corpus / truth_path.name.removesuffix(".truth.json")
        for pg in truth["pages"]:
            if not pg.get("scanned") or not (folder / pg["file"]).exists():
                continue
            out.append({**pg, "dossier": folder.name, "applicant": truth.get("applicant") or {}})
    return out


def family(layout: str) -> str:
    return layout.rsplit(".", 1)[-1]


def sample(pages: list[Page], quota: int, seed: int = 7) -> list[Page]:
    rng = random.Random(seed)
    groups: dict[tuple[str, ...], list[Page]] = defaultdict(list)
    for p in pages:
        groups[(p["mode"], family(p["layout"]), str(p["rotation"] > 0))].append(p)
        if "Mono" in p["font"] and p["mode"] != "card_photo":
            groups[("mono", p["font"])].append(p)
    chosen = {
        (p["dossier"], p["file"], p["index"]): p
        for p in pages
        if (p["dossier"], p["file"], p["index"]) in EXAMPLES
    }
    for key in sorted(groups):
        members = groups[key]
        for p in rng.sample(members, min(quota, len(members))):
            chosen[(p["dossier"], p["file"], p["index"])] = p
    return sorted(chosen.values(), key=lambda p: (p["dossier"], p["file"], p["index"]))


def run(pages: list[Page], out: Path, corpus: Path, numbers: bool = True) -> None:
    done: set[tuple[str, str, int]] = set()
    if out.exists():
        for line in out.read_text().splitlines():
            r = json.loads(line)
            done.add((r["dossier"], r["file"], r["index"]))
    opts = OcrOptions(workers=1)
    if not numbers:  # the number re-reading left out (to compare with a reader without it)
        opts.reread_numbers = False
    with out.open("a") as fh:
        for n, p in enumerate(pages, 1):
            key = (p["dossier"], p["file"], p["index"])
            if key in done:
                continue
            data = (corpus / p["dossier"] / p["file"]).read_bytes()
            t0 = time.perf_counter()
            got = ocr_file(data, p["file"], options=opts, page_range=(p["index"], p["index"]))[0]
            secs = time.perf_counter() - t0
            rec = {
                **p,
                "got_rotation": got.rotation,
                "confidence": got.confidence,
                "seconds": round(secs, 3),
                "notes": got.notes,
                "text": got.text,
                "error": got.error,
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fh.flush()
            ok = (p["rotation"] + (got.rotation or 0)) % 360 == 0
            print(
                f"{n}/{len(pages)} {p['dossier']}/{p['file']}#{p['index']} {p['mode']} "
                f"truth {p['rotation']} got {got.rotation} {'ok' if ok else 'WRONG'} "
                f"conf {got.confidence} {secs:.1f}s",
                flush=True,
            )


# ---------------------------------------------------------------- report


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", nfc(s)).strip().lower()


def fields_found(rec: Page) -> dict[str, bool]:
    app = rec.get("applicant") or {}
    text = _norm(rec.get("text") or "")
    found: dict[str, bool] = {}
    if app.get("id_number"):
        found["id"] = app["id_number"] in text.replace(" ", "")
    if app.get("full_name"):
        found["name"] = _norm(app["full_name"]) in text
    if app.get("date_of_birth"):
        y, m, d = app["date_of_birth"].split("-")
        found["dob"] = f"{d}/{m}/{y}" in text.replace(" ", "")
    return found


def orientation_ok(rec: Page) -> bool:
    return bool((int(rec["rotation"]) + int(rec.get("got_rotation") or 0)) % 360 == 0)


def load(path: Path) -> dict[tuple[str, str, int], Page]:
    out = {}
    for line in path.read_text().splitlines():
        r = json.loads(line)
        out[(r["dossier"], r["file"], r["index"])] = r
    return out


def _mean(xs: Iterable[float]) -> float:
    v = list(xs)
    return sum(v) / len(v) if v else float("nan")


def _stats(recs: list[Page]) -> dict[str, float]:
    n = len(recs)
    f = [fields_found(r) for r in recs]
    return {
        "n": n,
        "orient": sum(orientation_ok(r) for r in recs),
        "turned_ok": sum(orientation_ok(r) for r in recs if r["rotation"]),
        "turned": sum(1 for r in recs if r["rotation"]),
        "conf": _mean(r["confidence"] or 0.0 for r in recs),
        "secs": _mean(r["seconds"] for r in recs),
        "id": sum(x.get("id", False) for x in f),
        "name": sum(x.get("name", False) for x in f),
        "dob": sum(x.get("dob", False) for x in f),
    }


def _row(label: str, runs: list[list[Page]]) -> str:
    cells = [label, str(len(runs[0]))]
    for key in ("orient", "turned_ok", "conf", "id", "name", "dob", "secs"):
        vals = []
        for recs in runs:
            s = _stats(recs)
            if key == "orient":
                vals.append(f"{s['orient']}/{s['n']}")
            elif key == "turned_ok":
                vals.append(f"{s['turned_ok']}/{s['turned']}")
            elif key in ("conf", "secs"):
                vals.append(f"{s[key]:.1f}")
            else:
                vals.append(f"{s[key]}")
        cells.append(" → ".join(vals))
    return "| " + " | ".join(cells) + " |"


def report(paths: list[Path], show_wrong: bool) -> None:
    loaded = [load(p) for p in paths]
    keys = sorted(set.intersection(*(set(d) for d in loaded)))
    runs = [[d[k] for k in keys] for d in loaded]
    head = "| group | pages | orientation ok | turned ok | mean conf | ID | name | DOB | s/page |"
    print(head)
    print("|---" * 9 + "|")

    def grouped(by: str) -> None:
        values = sorted({str(r[by] if by != "layout" else family(r[by])) for r in runs[0]})
        for v in values:
            idx = [
                i
                for i, r in enumerate(runs[0])
                if str(r[by] if by != "layout" else family(r[by])) == v
            ]
            print(_row(f"{by}={v}", [[rs[i] for i in idx] for rs in runs]))

    print(_row("all", runs))
    grouped("mode")
    grouped("layout")
    fonts = sorted({r["font"] for r in runs[0]})
    base = {f: re.split(r" [+/] ", f)[0] for f in fonts}
    for b in sorted(set(base.values())):
        idx = [i for i, r in enumerate(runs[0]) if base[r["font"]] == b]
        print(_row(f"font={b}", [[rs[i] for i in idx] for rs in runs]))
    if show_wrong:
        for i, r in enumerate(runs[-1]):
            if not orientation_ok(r):
                before = "" if len(runs) == 1 else f" (before: {runs[0][i]['got_rotation']})"
                print(
                    f"WRONG {r['dossier']}/{r['file']}#{r['index']} {r['mode']} "
                    f"{r['layout']} truth {r['rotation']} got {r['got_rotation']}{before} "
                    f"conf {r['confidence']}"
                )


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--corpus", type=Path, default=CORPUS)
    r.add_argument("--all", action="store_true")
    r.add_argument("--quota", type=int, default=10)
    r.add_argument("--only", default="", help="comma-separated dossier ids")
    r.add_argument("--no-numbers", action="store_true", help="without the number re-reading")
    p = sub.add_parser("report")
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("--wrong", action="store_true", help="list wrongly oriented pages")
    args = ap.parse_args()
    if args.cmd == "run":
        pages = scanned_pages(args.corpus)
        if args.only:
            keep = set(args.only.split(","))
            pages = [p for p in pages if p["dossier"] in keep]
        elif not args.all:
            pages = sample(pages, args.quota)
        print(f"{len(pages)} pages", flush=True)
        run(pages, args.out, args.corpus, numbers=not args.no_numbers)
    else:
        report(args.files, args.wrong)


if __name__ == "__main__":
    main()
