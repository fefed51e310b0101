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
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any

import boto3

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "layers" / "core"), str(ROOT / "infra" / "local"), str(ROOT)]

from hoso.status import DECIDED  # noqa: E402
from hoso_dev.samples import generate_corpus  # noqa: E402
from hoso_local.stack import Client  # noqa: E402
from tests.bench.readers import hoso_ocr, raw_tesseract  # noqa: E402

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


# how often every waiting record is read while waiting (seconds); in between, only the records
# whose decision event arrived: reading all N every few seconds was the harness's own load on
# the stack (one DynamoDB read per waiting dossier, served one at a time with the pipeline's)
SWEEP_S = 60.0


def cpu_times(pid: int) -> dict[str, float]:
    """CPU seconds so far: the machine's (user + system, leaving out niced work) and the
    stack process's own (its Python: moto, pollers, handlers) and its reaped children's
    (tesseract)."""
    tick = os.sysconf("SC_CLK_TCK")
    cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, _nice, system, _idle, _iowait, irq, softirq = (int(x) for x in cpu[:7])
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return {
        "machine": (user + system + irq + softirq) / tick,
        "stack_python": (utime + stime) / tick,
        "stack_children": (cutime + cstime) / tick,
    }


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
        out += [json.loads(m["Body"]) for m in msgs]
        gone = sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(msgs)
            ],
        )
        if gone.get("Failed"):  # it would come back and count as a duplicated event
            raise RuntimeError(f"subscriber queue: delete failed: {gone['Failed']}")
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


def _own_chunk(job: tuple[str, int, int, float]) -> list[dict[str, Any]]:
    """One process's share of the sample dossiers (its own seed, so ids never collide)."""
    out_dir, n, seed, share = job
    made = generate_corpus(Path(out_dir), n, seed=seed, scanned_share=share, today=date(2026, 3, 5))
    return [
        {"dossier_id": s.dossier_id, "dir": str(s.dir), "pages": s.pages,
         "scanned_pages": s.scanned_pages, "source": "samples"}
        for s in made
    ]  # fmt: skip


def _independent(out_dir: Path, n: int, start: int, jobs: int) -> list[dict[str, Any]]:
    """``n`` dossiers of the independent corpus (tests/corpus, dev split, seeds 10000+start
    on: far from the seeds `make eval` reads), generated in ``jobs`` processes."""
    subprocess.run(
        [sys.executable, "-m", "tests.corpus", "--split", "dev", "--n", str(n),
         "--start", str(start), "--out", str(out_dir), "--jobs", str(jobs)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    out = []
    for truth_path in sorted(out_dir.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text())
        out.append(
            {"dossier_id": truth["dossier_id"], "dir": str(out_dir / truth["dossier_id"]),
             "pages": len(truth["pages"]),
             "scanned_pages": sum(1 for p in truth["pages"] if p.get("scanned")),
             "source": "independent"}
        )  # fmt: skip
    return out


def _corpus(corpus_dir: Path, args: argparse.Namespace) -> list[dict[str, Any]]:
    """The dossiers, generated once per (n, seed, shares) in one process per core and kept:
    hoso's sample generator and the independent corpus (``--independent-share``),
    interleaved so that both kinds arrive all along the run."""
    index = corpus_dir / "index.json"
    if index.exists():
        return list(json.loads(index.read_text()))
    jobs = len(os.sched_getaffinity(0))
    n_ind = round(args.n * args.independent_share)
    n_own = args.n - n_ind
    _log(f"generating {n_own} sample and {n_ind} independent dossiers in {corpus_dir}")
    started = time.monotonic()
    chunk = 10
    chunks = [
        (str(corpus_dir / f"samples-{k}"), min(chunk, n_own - k * chunk),
         args.seed * 1000 + k, args.scanned_share)
        for k in range((n_own + chunk - 1) // chunk)
    ]  # fmt: skip
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        own = [d for part in pool.map(_own_chunk, chunks) for d in part]
    ind = (
        _independent(corpus_dir / "independent", n_ind, 5000 + args.seed * 1000, jobs)
        if n_ind
        else []
    )
    out: list[dict[str, Any]] = []
    for i in range(max(len(own), len(ind))):
        out += own[i : i + 1] + ind[i : i + 1]
    _log(f"generated {len(out)} dossiers in {time.monotonic() - started:.0f} s")
    index.write_text(json.dumps(out))
    return out


def _frames(path: Path) -> int:
    from PIL import Image

    with Image.open(path) as im:
        return int(getattr(im, "n_frames", 1))


def page_images(folders: list[Path], out: Path) -> list[tuple[Path, int]]:
    """Every page image the stack has to read, as files for raw Tesseract, with their page
    counts: image files as they are (a TIFF may hold several pages), and a PDF page's scan
    (a picture covering most of the page) taken out as it is stored (a JPEG stays that JPEG,
    at its own resolution). Born-digital pages (text, no page picture) are left out: the
    stack reads their text, so counting them would flatter it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    out.mkdir(parents=True, exist_ok=True)
    images: list[tuple[Path, int]] = []
    for folder in folders:
        for f in sorted(folder.iterdir()):
            ext = f.suffix.lower()
            if ext in (".jpg", ".jpeg", ".png", ".tif", ".tiff"):
                images.append((f, _frames(f)))
            elif ext == ".pdf":
                pdf = pdfium.PdfDocument(str(f))
                for i in range(len(pdf)):
                    page = pdf[i]
                    area = page.get_width() * page.get_height()
                    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
                        left, bottom, right, top = obj.get_bounds()
                        if (right - left) * (top - bottom) < 0.5 * area:
                            continue  # a stamp or a logo on a born-digital page
                        prefix = out / f"{folder.name}-{f.stem}-{i + 1}"
                        done = sorted(out.glob(prefix.name + ".*"))
                        if not done:
                            obj.extract(prefix, fb_format="png")
                            done = sorted(out.glob(prefix.name + ".*"))
                        images.append((done[0], 1))
                        break
    return images


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
        "--independent-share",
        type=float,
        default=0.5,
        help="share of dossiers from the independent corpus (tests/corpus), the rest samples",
    )
    ap.add_argument(
        "--raw",
        action="store_true",
        help="also read every page image with raw tesseract (same cores, same run): the ratio",
    )
    ap.add_argument(
        "--ocr",
        action="store_true",
        help="also read every page image with hoso's OCR stage (`hoso ocr`), one process a core",
    )
    ap.add_argument("--profile", type=Path, help="py-spy profile of `hoso up` (speedscope JSON)")
    args = ap.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="hoso-load-"))
    tag = f"{args.n}-{args.seed}-{args.scanned_share}-{args.independent_share}"
    corpus_dir = work / f"corpus-{tag}"
    data_dir = work / "stack"
    data_dir.mkdir(parents=True, exist_ok=True)
    samples = _corpus(corpus_dir, args)
    pages = {s["dossier_id"]: s["pages"] for s in samples}
    folders = [Path(s["dir"]) for s in samples]
    raw: dict[str, Any] = {}
    images = page_images(folders, work / f"pages-{tag}")
    image_pages = sum(n for _, n in images)
    cpus = len(os.sched_getaffinity(0))
    if args.raw:
        _log(f"raw tesseract on {len(images)} image files ({image_pages} pages), {cpus} processes")
        seconds = raw_tesseract([p for p, _ in images], cpus)[0]
        raw = {"raw_seconds": round(seconds, 1),
               "raw_pages_per_s": round(image_pages / seconds, 3)}  # fmt: skip
    if args.ocr:
        _log(f"hoso ocr on the same {len(images)} image files, {cpus} processes")
        seconds = hoso_ocr([p for p, _ in images], cpus)
        raw |= {"hoso_ocr_seconds": round(seconds, 1),
                "hoso_ocr_pages_per_s": round(image_pages / seconds, 3)}  # fmt: skip
    proc, info = start_stack(data_dir)
    rss = PeakRss(proc.pid)
    rss.start()
    spy = None
    if args.profile:
        args.profile.parent.mkdir(parents=True, exist_ok=True)
        spy = subprocess.Popen(
            [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(proc.pid),
             "--subprocesses", "--idle", "--rate", "20", "--nonblocking",
             "--format", "speedscope",
             "--output", str(args.profile)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        sqs, sub = subscribe(info)
        client = Client(info)
        s3 = boto3.client("s3", endpoint_url=info["endpoint_url"], region_name=REGION)
        bucket = info["upload_bucket"]
        _log(f"uploading from {args.stations} stations to {info['endpoint_url']}")
        started = time.time()
        cpu_before = cpu_times(proc.pid)
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
        events: list[dict[str, Any]] = []
        swept = time.time()
        while waiting and time.time() < deadline:
            # watching costs the stack little: a record is read when its decision event came
            # (the subscriber queue), and every waiting record once a minute (a dossier whose
            # event never comes is still seen decided, and counted as an event missing)
            new = drain_events(sqs, sub)
            events += new
            named = {e.get("detail", {}).get("dossier_id") for e in new}
            sweep = time.time() - swept >= SWEEP_S
            swept = time.time() if sweep else swept
            for did in [d for d in waiting if sweep or d in named]:
                rec = client.record(did)
                if rec is not None and rec["status"] in {str(s) for s in DECIDED}:
                    records[did] = rec
                    waiting.discard(did)
            if waiting:
                _log(f"{len(records)}/{len(uploaded_at)} decided")
                time.sleep(5)
        finished = time.time()
        cpu_after = cpu_times(proc.pid)
        time.sleep(3)  # the last events through the outbox
        events += drain_events(sqs, sub)
        audits = {did: client.audit(did) for did in uploaded_at}
    finally:
        rss.stop()
        if spy is not None:
            spy.send_signal(signal.SIGINT)  # py-spy writes its profile on SIGINT
            spy.wait(timeout=120)
        stop_stack(proc)
    usage_file = data_dir / "usage.json"
    usage = json.loads(usage_file.read_text()) if usage_file.exists() else {}

    decided_at: dict[str, float] = {}
    decisions: Counter[str] = Counter()
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
        "independent_share": args.independent_share,
        "pages": sum(pages.values()),
        "scanned_pages": sum(s["scanned_pages"] for s in samples),
        "image_pages": image_pages,
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
        # cores busy over the run (the machine, niced work left out), and whose CPU it was
        "cores_busy": round(
            (cpu_after["machine"] - cpu_before["machine"]) / (finished - started), 2
        ),
        "cpu_seconds": {k: round(cpu_after[k] - cpu_before[k], 1) for k in cpu_after},
        # per function: invocations and the wall seconds its containers spent in them
        "functions": {k: v for k, v in usage.get("functions", {}).items() if v["invocations"]},
        # the local AWS's requests by service:operation (its queue polling included)
        "requests": usage.get("requests", {}),
        "request_bytes": usage.get("request_bytes", {}),
        **raw,
    }
    # the headline: the stack's time for everything against raw tesseract's time for the page
    # images alone (the same images; the stack's born-digital pages are not counted for it)
    figures["image_pages_per_s"] = round(image_pages / span, 3)
    if "raw_seconds" in raw:
        figures["stack_vs_raw"] = round(raw["raw_seconds"] / span, 3)
    if "hoso_ocr_seconds" in raw:
        figures["hoso_ocr_vs_raw"] = (
            round(raw["raw_seconds"] / raw["hoso_ocr_seconds"], 3) if "raw_seconds" in raw else None
        )
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
