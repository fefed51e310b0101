"""`make load`: many dossiers through the local stack from parallel stations, as a reception
centre runs it, and the counts that prove nothing was lost or done twice.

A fresh `hoso up` (its own process and data directory) is started; N dossiers from hoso's
sample generator (every procedure, files or single PDFs, digital papers and scans of three
qualities; the share of scans is ``--scanned-share``) are uploaded by ``--stations`` parallel
uploaders with boto3, each station putting every manifest twice (a station retrying) and, for
``--redeliver`` of them, every file twice too. The script then waits until every dossier is
decided and reports:

- counts: records, records in a final state, decisions per dossier (audit), events per
  dossier on the bus (a subscriber rule to a queue), dossier numbers given and distinct;
- throughput: pages read per second and dossiers per minute, first upload to last decision;
- latency: upload (manifest put) to decision, p50/p95 overall and for 3-page dossiers;
- the stack's peak RSS (the `hoso up` process and its children).

It exits 1 when a dossier is lost (no final record within ``--timeout``), decided twice, or
given a number another dossier has, or when an event is missing or duplicated.

    python tests/bench/load.py --n 80 --stations 8 --json .hoso/load.json
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any

import boto3

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "layers" / "core"), str(ROOT / "infra" / "local"), str(ROOT)]

from hoso.status import DECIDED  # noqa: E402
from hoso_dev.samples import generate_corpus  # noqa: E402
from hoso_local.stack import Client  # noqa: E402

REGION = "ap-southeast-1"
for _k, _v in (("AWS_ACCESS_KEY_ID", "hoso-local"), ("AWS_SECRET_ACCESS_KEY", "hoso-local")):
    os.environ.setdefault(_k, _v)  # the local stack takes any
DECISION_EVENTS = {"DossierAccepted", "SupplementRequested", "ReviewRequested", "ProcessingFailed"}


def _log(msg: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def start_stack(data_dir: Path) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    hoso = Path(sys.executable).parent / "hoso"
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.Popen(
        [str(hoso), "up", "--fresh", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=open(data_dir / "up.log", "w"),  # noqa: SIM115
        text=True,
        env=env,
        start_new_session=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise SystemExit(f"hoso up did not start: see {data_dir / 'up.log'}")
    return proc, json.loads(line)


def stop_stack(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


class PeakRss(threading.Thread):
    """Peak resident memory of a process and its children (/proc), sampled every 0.5 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self._stop = pid, 0, threading.Event()

    def _tree(self) -> list[int]:
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            try:
                kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                continue
            todo += [int(k) for k in kids]
        return out

    def run(self) -> None:
        while not self._stop.wait(0.5):
            total = 0
            for pid in self._tree():
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                except OSError:
                    pass
            self.peak_kb = max(self.peak_kb, total)

    def stop(self) -> None:
        self._stop.set()


def subscribe(info: dict[str, Any]) -> tuple[Any, str]:
    """A queue that receives every dossier event on the bus (an agency's catch-all rule)."""
    kw = {"endpoint_url": info["endpoint_url"], "region_name": REGION}
    sqs, events = boto3.client("sqs", **kw), boto3.client("events", **kw)
    url = sqs.create_queue(QueueName="load-subscriber")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    bus = info["event_bus"]
    events.put_rule(
        Name="load-all", EventBusName=bus, EventPattern=json.dumps({"source": ["hoso.dossiers"]})
    )
    events.put_targets(Rule="load-all", EventBusName=bus, Targets=[{"Id": "q", "Arn": arn}])
    return sqs, url


def drain_events(sqs: Any, url: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    while msgs := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
        for m in msgs:
            out.append(json.loads(m["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return out


def station_upload(s3: Any, bucket: str, folder: Path, redeliver: bool) -> float:
    """Upload one dossier folder as a station does (files, then manifest.json), the manifest
    twice; return when the first manifest went in."""
    did = json.loads((folder / "manifest.json").read_bytes())["dossier_id"]
    files = sorted(p for p in folder.iterdir() if p.name != "manifest.json" and p.is_file())
    for f in files:
        for _ in range(2 if redeliver else 1):
            s3.put_object(Bucket=bucket, Key=f"incoming/{did}/{f.name}", Body=f.read_bytes())
    body = (folder / "manifest.json").read_bytes()
    at = time.time()
    s3.put_object(Bucket=bucket, Key=f"incoming/{did}/manifest.json", Body=body)
    s3.put_object(Bucket=bucket, Key=f"incoming/{did}/manifest.json", Body=body)  # a retry
    return at


def _corpus(corpus_dir: Path, args: argparse.Namespace) -> list[dict[str, Any]]:
    """The sample dossiers, generated once per (n, seed, scanned share) and kept."""
    index = corpus_dir / "index.json"
    if index.exists():
        return list(json.loads(index.read_text()))
    _log(f"generating {args.n} dossiers in {corpus_dir}")
    made = generate_corpus(
        corpus_dir, args.n, seed=args.seed, scanned_share=args.scanned_share, today=date(2026, 3, 5)
    )
    out = [
        {"dossier_id": s.dossier_id, "dir": str(s.dir), "pages": s.pages,
         "scanned_pages": s.scanned_pages}
        for s in made
    ]  # fmt: skip
    index.write_text(json.dumps(out))
    return out


def page_images(folders: list[Path], out: Path) -> list[Path]:
    """Every page of the dossiers as an image file, for raw Tesseract: image files as they
    are, PDF pages rendered at 300 dpi (PDFium; a scan's page is its picture)."""
    import pypdfium2 as pdfium

    out.mkdir(parents=True, exist_ok=True)
    images: list[Path] = []
    for folder in folders:
        for f in sorted(folder.iterdir()):
            ext = f.suffix.lower()
            if ext in (".jpg", ".jpeg", ".png", ".tif", ".tiff"):
                images.append(f)
            elif ext == ".pdf":
                pdf = pdfium.PdfDocument(str(f))
                for i in range(len(pdf)):
                    target = out / f"{folder.name}-{f.stem}-{i + 1}.png"
                    if not target.exists():
                        pdf[i].render(scale=300 / 72).to_pil().convert("L").save(target)
                    images.append(target)
    return images


def raw_tesseract(images: list[Path], workers: int) -> float:
    """Seconds for `tesseract IMG - -l vie` over every image, one process per core."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(img: Path) -> None:
        subprocess.run(
            ["tesseract", str(img), "-", "-l", "vie"], capture_output=True, check=False, env=env
        )

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, images))
    return time.monotonic() - started


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--stations", type=int, default=8)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scanned-share", type=float, default=0.5)
    ap.add_argument(
        "--redeliver", type=float, default=0.1, help="share of dossiers whose files are put twice"
    )
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--work", type=Path, help="where the samples and the stack's data go")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument(
        "--raw",
        action="store_true",
        help="also read every page image with raw tesseract (same cores, same run): the ratio",
    )
    args = ap.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="hoso-load-"))
    corpus_dir = work / f"corpus-{args.n}-{args.seed}-{args.scanned_share}"
    data_dir = work / "stack"
    data_dir.mkdir(parents=True, exist_ok=True)
    samples = _corpus(corpus_dir, args)
    pages = {s["dossier_id"]: s["pages"] for s in samples}
    folders = [Path(s["dir"]) for s in samples]
    raw: dict[str, Any] = {}
    if args.raw:
        images = page_images(folders, work / f"pages-{args.n}-{args.seed}-{args.scanned_share}")
        cpus = len(os.sched_getaffinity(0))
        _log(f"raw tesseract on {len(images)} page images, {cpus} processes")
        seconds = raw_tesseract(images, cpus)
        raw = {"raw_pages": len(images), "raw_seconds": round(seconds, 1),
               "raw_pages_per_s": round(len(images) / seconds, 3)}  # fmt: skip
    proc, info = start_stack(data_dir)
    rss = PeakRss(proc.pid)
    rss.start()
    try:
        sqs, sub = subscribe(info)
        client = Client(info)
        s3 = boto3.client("s3", endpoint_url=info["endpoint_url"], region_name=REGION)
        bucket = info["upload_bucket"]
        _log(f"uploading from {args.stations} stations to {info['endpoint_url']}")
        started = time.time()
        every = max(1, round(1 / args.redeliver)) if args.redeliver > 0 else 0
        with ThreadPoolExecutor(max_workers=args.stations) as pool:
            ups = list(
                pool.map(
                    lambda ix: station_upload(
                        s3, bucket, ix[1], bool(every) and ix[0] % every == 0
                    ),
                    enumerate(folders),
                )
            )
        uploaded_at = dict(zip((s["dossier_id"] for s in samples), ups, strict=True))
        _log(f"uploaded in {time.time() - started:.1f} s; waiting for decisions")
        deadline = time.time() + args.timeout
        records: dict[str, dict[str, Any]] = {}
        waiting = set(uploaded_at)
        while waiting and time.time() < deadline:
            for did in list(waiting):
                rec = client.record(did)
                if rec is not None and rec["status"] in {str(s) for s in DECIDED}:
                    records[did] = rec
                    waiting.discard(did)
            if waiting:
                _log(f"{len(records)}/{len(uploaded_at)} decided")
                time.sleep(5)
        finished = time.time()
        time.sleep(3)  # the last events through the outbox
        events = drain_events(sqs, sub)
        audits = {did: client.audit(did) for did in uploaded_at}
    finally:
        rss.stop()
        stop_stack(proc)

    decided_at: dict[str, float] = {}
    decisions = Counter()
    for did, trail in audits.items():
        ds = [a for a in trail if a["action"] == "decided"]
        decisions[did] = len(ds)
        if ds:
            decided_at[did] = datetime.fromisoformat(ds[0]["at"].replace("Z", "+00:00")).timestamp()
    per_dossier_events = Counter(
        e["detail"]["dossier_id"] for e in events if e.get("detail-type") in DECISION_EVENTS
    )
    codes = [r["dossier_code"] for r in records.values() if r.get("dossier_code")]
    latency = {d: decided_at[d] - uploaded_at[d] for d in decided_at}
    three = [v for d, v in latency.items() if pages.get(d) == 3]
    last = max(decided_at.values()) if decided_at else finished
    span = max(1e-9, last - min(uploaded_at.values()))
    total_pages = sum(pages[d] for d in decided_at)
    figures = {
        "machine": {"cpus": os.cpu_count(), "affinity": len(os.sched_getaffinity(0))},
        "n": args.n,
        "stations": args.stations,
        "seed": args.seed,
        "scanned_share": args.scanned_share,
        "pages": sum(pages.values()),
        "scanned_pages": sum(s["scanned_pages"] for s in samples),
        "records_final": len(records),
        "lost": len(uploaded_at) - len(records),
        "decided_twice": sum(1 for n in decisions.values() if n > 1),
        "decision_events_missing": sum(1 for d in records if per_dossier_events[d] == 0),
        "decision_events_duplicated": sum(1 for n in per_dossier_events.values() if n > 1),
        "dossier_numbers": len(codes),
        "dossier_numbers_distinct": len(set(codes)),
        "statuses": dict(Counter(r["status"] for r in records.values())),
        "seconds": round(span, 1),
        "pages_per_s": round(total_pages / span, 3),
        "dossiers_per_min": round(60 * len(decided_at) / span, 2),
        "latency_p50_s": _pct(list(latency.values()), 0.5),
        "latency_p95_s": _pct(list(latency.values()), 0.95),
        "latency_3_pages_p95_s": _pct(three, 0.95),
        "peak_rss_mb": round(rss.peak_kb / 1024, 1),
        **raw,
    }
    if raw:
        figures["pages_per_s_vs_raw"] = round(figures["pages_per_s"] / raw["raw_pages_per_s"], 3)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    bad = (
        figures["lost"]
        or figures["decided_twice"]
        or figures["decision_events_missing"]
        or figures["decision_events_duplicated"]
        or figures["dossier_numbers"] != figures["dossier_numbers_distinct"]
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
