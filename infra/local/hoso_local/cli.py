"""The ``hoso`` command: run the local stack, submit dossiers, inspect OCR and the catalog."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from hoso_local.officer_cli import add_officer_commands
from hoso_local.stopping import StopSignal

err = Console(stderr=True)
out = Console()
if not out.is_terminal:  # piped or captured: do not wrap tables at 80 columns
    out = Console(width=200)
VN_TZ = "Asia/Ho_Chi_Minh"


def _local(ts: str | None) -> str:
    """An ISO timestamp as local (Vietnam) time, the way a receipt shows it."""
    if not ts:
        return "-"
    from datetime import datetime
    from zoneinfo import ZoneInfo

    dt = datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(ZoneInfo(VN_TZ))
    return f"{dt:%H:%M %d/%m/%Y}"


STATUS_STYLE = {
    "received": "green",
    "supplement_requested": "yellow",
    "needs_review": "cyan",
    "failed": "red",
}


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir or os.environ.get("HOSO_DATA_DIR", ".hoso")).resolve()


# ---------------------------------------------------------------------- up
def cmd_up(args: argparse.Namespace) -> int:
    from hoso_local.runtime import LocalRuntime
    from hoso_local.stack import STACK_FILE, project_root

    data_dir = _data_dir(args)
    stopping = StopSignal().install()  # before anything is printed
    rt = LocalRuntime(
        project_root(),
        data_dir,
        fresh=args.fresh,
        port=args.port,
        schedule_every=args.schedule_every,
    )
    info = rt.start()
    print(json.dumps(info), flush=True)
    (data_dir / STACK_FILE).write_text(json.dumps(info))
    err.print(
        f"[bold]hoso[/] serving on {info['endpoint_url']} "
        f"(upload bucket {info['upload_bucket']}); Ctrl-C to stop",
        highlight=False,
    )
    if info.get("api_url"):
        err.print(
            f"API {info['api_url']}: send [bold]Authorization: Bearer <token>[/] "
            f"(officers in {data_dir / 'officers.json'}; `hoso officers add` for more)",
            highlight=False,
        )
        _print_officers(rt.officers, Console(stderr=True, width=200))
        centre = next((o for o in rt.officers if o["role"] == "centre"), None)
        if centre is not None:
            err.print(
                f"Console {info['api_url']}/console/ - sign in as {centre['id']}: "
                f"{sign_in_link(str(info['api_url']), centre['token'])}",
                highlight=False,
                soft_wrap=True,
            )
    stopping.wait()
    err.print("stopping: finishing running invocations and saving state...")
    rt.stop()
    (data_dir / STACK_FILE).unlink(missing_ok=True)
    return 0


# ---------------------------------------------------------------------- submit
def _submit(
    paths: list[Path], args: argparse.Namespace, data_dir: Path, *, fresh: bool = False
) -> list[dict[str, Any]]:
    from hoso_local.stack import Client, stack

    with stack(data_dir, fresh=fresh) as info:
        return _upload_and_wait(Client(info), paths, args)


def _upload_and_wait(
    client: Any, paths: list[Path], args: argparse.Namespace
) -> list[dict[str, Any]]:
    """Upload each dossier as a station does (an id already used is refused) and wait."""
    results: list[dict[str, Any]] = []
    ids = []
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=args.json and not err.is_terminal,
    ) as progress:
        up = progress.add_task("uploading", total=len(paths))
        for p in paths:
            existing = client.record(client.dossier_id_of(p))
            if existing is not None:
                results.append(_refused_resubmission(existing))
                progress.advance(up)
                continue
            ids.append(client.upload_dossier(p, procedure=args.procedure))
            progress.advance(up)
        if not args.wait:
            return results + [{"dossier_id": i, "status": "submitted"} for i in ids]
        task = progress.add_task("processing", total=len(ids))
        for did in ids:
            rec = client.wait(did, timeout=args.timeout)
            results.append(rec or {"dossier_id": did, "status": "timeout"})
            progress.advance(task)
    return results


def _refused_resubmission(existing: dict[str, Any]) -> dict[str, Any]:
    did, status = existing["dossier_id"], existing["status"]
    reason = (
        f"dossier {did} already exists (status {status}): a dossier id is used once; "
        f"send missing papers with `hoso supplement {did} DIR`"
    )
    err.print(f"[red]refused:[/] {reason}")
    return {"dossier_id": did, "status": "refused", "reason": reason}


def _print_records(
    records: list[dict[str, Any]],
    as_json: bool,
    expected: dict[str, str] | None = None,
    *,
    title: str = "hoso: dossier outcomes",
) -> None:
    if as_json:
        for r in records:
            print(json.dumps(r, ensure_ascii=False), flush=True)
        return
    table = Table(title=title, show_lines=False)
    for col in ("dossier", "procedure", "status", "pages", "missing / errors", "code", "due"):
        table.add_column(col, overflow="fold")
    if expected is not None:
        table.add_column("expected")
    for r in records:
        status = r.get("status", "?")
        issues = [_short(m.get("name", "")) for m in r.get("missing_components") or []]
        issues += [_short(e.get("reason", "")) for e in r.get("errors") or []][:2]
        row = [
            r.get("dossier_id", "?"),
            r.get("procedure_code") or "-",
            f"[{STATUS_STYLE.get(status, 'white')}]{status}[/]",
            str(len(r.get("pages") or [])),
            "; ".join(i for i in issues if i) or "-",
            r.get("dossier_code") or "-",
            _local(r.get("due_at")),
        ]
        if expected is not None:
            exp = expected.get(r.get("dossier_id", ""), "?")
            mark = "✓" if exp == status else "✗"
            row.append(f"{exp} {mark}")
        table.add_row(*row)
    out.print(table)


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cmd_submit(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    for p in paths:
        if not p.exists():
            err.print(f"[red]no such file or folder:[/] {p}")
            return 2
    records = _submit(paths, args, _data_dir(args))
    _print_records(records, args.json)
    return 0 if all(r.get("status") not in ("timeout", "refused") for r in records) else 1


# ---------------------------------------------------------------------- supplement
def cmd_supplement(args: argparse.Namespace) -> int:
    """Send a supplement for a dossier hoso asked one for, and wait for the new outcome."""
    from hoso_local.stack import Client, stack

    path = Path(args.path)
    if not path.exists():
        err.print(f"[red]no such file or folder:[/] {path}")
        return 2
    with stack(_data_dir(args)) as info:
        client = Client(info)
        seen = len(client.audit(args.dossier_id))
        n = client.upload_supplement(args.dossier_id, path)
        err.print(f"uploaded as incoming/{args.dossier_id}/supplement-{n}/")
        if not args.wait:
            print(json.dumps({"dossier_id": args.dossier_id, "supplement": n}))
            return 0
        rec = client.wait_supplement(args.dossier_id, seen, timeout=args.timeout)
        refusals = [
            e for e in client.audit(args.dossier_id)[seen:] if e["action"] == "supplement_refused"
        ]
    if rec is None:
        err.print(f"[red]timeout:[/] no outcome for the supplement within {args.timeout:g} s")
        return 1
    _print_records([rec], args.json)
    if refusals:
        err.print(f"[red]refused:[/] {refusals[-1].get('note')}")
        return 1
    return 0


# ---------------------------------------------------------------------- ocr
def cmd_ocr(args: argparse.Namespace) -> int:
    from hoso.errors import BadInput
    from hoso.ocr import render_text_report
    from hoso.services.defaults import ocr_reader

    path = Path(args.file)
    try:
        pages = ocr_reader()(path.read_bytes(), path.name)
    except BadInput as exc:
        err.print(f"[red]cannot read {path.name}:[/] {exc.reason}")
        return 1
    if args.json:
        for p in pages:
            print(json.dumps(p.to_dict(), ensure_ascii=False))
    else:
        print(render_text_report(pages))
    return 0


# ---------------------------------------------------------------------- procedures
def cmd_procedures(args: argparse.Namespace) -> int:
    from hoso.services.defaults import catalog

    procs = catalog().procedures()
    if args.json:
        for p in procs:
            print(json.dumps(p.summary(), ensure_ascii=False, default=str))
        return 0
    table = Table(title="hoso: procedure catalog", show_lines=True)
    for col in ("code", "name", "agency", "time", "components"):
        table.add_column(col, overflow="fold")
    for p in procs:
        s = p.summary()
        pt = s.get("processing_time") or {}
        comps = "\n".join(f"• {c['name']} [{c.get('rule')}]" for c in s.get("components", []))
        table.add_row(
            s["code"],
            s["name"],
            str(s.get("agency") or "-"),
            f"{pt.get('amount', '')} {pt.get('unit', '')}",
            comps,
        )
    out.print(table)
    return 0


# ---------------------------------------------------------------------- demo
def cmd_demo(args: argparse.Namespace) -> int:
    from hoso_dev.samples import write_demo_set
    from hoso_local.stack import Client, stack

    data_dir = _data_dir(args) / "demo"
    samples_dir = data_dir / "samples"
    import shutil

    shutil.rmtree(samples_dir, ignore_errors=True)
    samples_dir.mkdir(parents=True)
    err.print("generating sample dossiers...")
    samples = write_demo_set(samples_dir)
    err.print(f"{len(samples)} dossiers; starting the embedded stack and submitting them...")
    sub = argparse.Namespace(procedure=None, wait=True, timeout=args.timeout, json=args.json)
    started = time.monotonic()
    with stack(data_dir / "stack", fresh=True) as info:
        client = Client(info)
        records = _upload_and_wait(client, [s.dir for s in samples], sub)
        _print_records(
            records, args.json, expected={s.dossier_id: s.expected_status for s in samples}
        )
        later = _demo_supplements(client, samples, args)
    ok = all(r.get("status") == s.expected_status for r, s in zip(records, samples, strict=True))
    ok = ok and all(r.get("status") == s.final_status for r, s in later)
    err.print(
        f"done in {time.monotonic() - started:.1f}s; records and notices are in "
        f"{data_dir / 'stack'} (start `hoso up --data-dir {data_dir / 'stack'}` to explore, "
        f"`hoso messages --data-dir {data_dir / 'stack'}` for what applicants and officers were told)"
    )
    return 0 if ok else 1


def _demo_supplements(
    client: Any, samples: list[Any], args: argparse.Namespace
) -> list[tuple[dict[str, Any], Any]]:
    """The demo's second act: the applicant brings the missing paper as a supplement."""
    later = [s for s in samples if s.supplement_dir is not None]
    if not later:
        return []
    err.print(
        f"the applicant of {', '.join(s.dossier_id for s in later)} brings the missing paper..."
    )
    out = []
    for s in later:
        seen = len(client.audit(s.dossier_id))
        client.upload_supplement(s.dossier_id, s.supplement_dir)
        rec = client.wait_supplement(s.dossier_id, seen, timeout=args.timeout)
        out.append((rec or {"dossier_id": s.dossier_id, "status": "timeout"}, s))
    _print_records(
        [r for r, _ in out],
        args.json,
        expected={s.dossier_id: s.final_status for _, s in out},
        title="hoso: after the supplement",
    )
    return out


# ---------------------------------------------------------------------- eval
def cmd_eval(args: argparse.Namespace) -> int:
    from hoso_dev.evaluation import evaluate, format_report

    result = evaluate(
        Path(args.dir),
        cache=Path(args.cache) if args.cache else None,
        limit=args.limit,
        jobs=args.jobs,
    )
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        print(format_report(result))
    return 0


# ---------------------------------------------------------------------- report
def cmd_report(args: argparse.Namespace) -> int:
    from datetime import date

    from hoso.metrics import compute_metrics
    from hoso.services import queries
    from hoso_dev.report import write_report
    from hoso_local.stack import services_of, stack

    start, end = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
    if end < start:
        err.print("--to is before --from")
        return 2
    with stack(_data_dir(args)) as info:
        found = queries.received_between(services_of(info), start, end)
        records = [d.to_dict() for d in found]
    metrics = compute_metrics(records, start=start, end=end)
    out_dir = Path(args.out)
    paths = write_report(metrics, out_dir)
    if args.json:
        print(json.dumps(metrics, ensure_ascii=False, default=str))
    else:
        _print_metrics(metrics)
    err.print(f"wrote {paths['csv']} and {paths['html']}")
    return 0


def _print_metrics(metrics: dict[str, Any]) -> None:
    def pct(v: Any) -> str:
        return "-" if v is None else f"{100 * v:.1f}%"

    table = Table(
        title=f"Chỉ số chất lượng phục vụ (service quality) "
        f"{metrics['period']['start']} → {metrics['period']['end']}"
    )
    for col in (
        "scope",
        "key",
        "received",
        "processed",
        "on-time rate",
        "overdue",
        "avg days",
        "supplement rate",
        "digitised",
    ):
        table.add_column(col, overflow="fold")
    groups = [("overall", "", metrics["overall"])]
    for scope in ("by_agency", "by_procedure", "by_officer"):
        groups += [(scope.removeprefix("by_"), k, v) for k, v in metrics.get(scope, {}).items()]
    for scope, key, g in groups:
        avg = g.get("avg_processing_days")
        table.add_row(
            scope,
            key,
            str(g.get("received", 0)),
            str(g.get("processed", 0)),
            pct(g.get("on_time_rate")),
            str(g.get("overdue", 0)),
            "-" if avg is None else f"{avg:.1f}",
            pct(g.get("supplement_rate")),
            pct(g.get("digitised_share")),
        )
    out.print(table)


# ---------------------------------------------------------------------- record
def cmd_record(args: argparse.Namespace) -> int:
    from hoso_local.stack import Client, stack

    with stack(_data_dir(args)) as info:
        client = Client(info)
        rec = client.record(args.dossier_id)
        if rec is None:
            err.print(f"no record for {args.dossier_id}")
            return 1
        if args.audit:
            rec = {**rec, "audit": client.audit(args.dossier_id)}
    print(json.dumps(rec, ensure_ascii=False, indent=2))
    return 0


# ---------------------------------------------------------------------- messages
def cmd_messages(args: argparse.Namespace) -> int:
    from collections import Counter

    from hoso_local.messages import about, captured, line
    from hoso_local.stack import Client, stack

    with stack(_data_dir(args)) as info:
        err.print(f"reading the messages captured on {info['endpoint_url']}...", highlight=False)
        found = captured(info["endpoint_url"])
        if args.dossier_id:
            rec = Client(info).record(args.dossier_id)
            found = about(found, args.dossier_id, (rec or {}).get("dossier_code"))
    for m in found:
        print(json.dumps(m, ensure_ascii=False) if args.json else line(m), flush=True)
    counts = Counter(m["channel"] for m in found)
    summary = ", ".join(f"{n} {channel}" for channel, n in sorted(counts.items()))
    err.print(f"{len(found)} messages" + (f" ({summary})" if summary else ""), highlight=False)
    return 0


# ---------------------------------------------------------------------- env
def cmd_env(args: argparse.Namespace) -> int:
    from hoso_local.stack import running_stack
    from hoso_local.template import REGION

    info = running_stack(_data_dir(args))
    if info is None:
        err.print("no running stack: start `hoso up` first")
        return 2
    for k, v in {
        "AWS_ENDPOINT_URL": info["endpoint_url"],
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "hoso-local",
        "AWS_SECRET_ACCESS_KEY": "hoso-local",
        "HOSO_UPLOAD_BUCKET": info["upload_bucket"],
        "HOSO_TABLE": info["table"],
        "HOSO_EVENT_BUS": info["event_bus"],
    }.items():
        print(f"export {k}={v}")
    return 0


# ---------------------------------------------------------------------- docs
def cmd_docs(args: argparse.Namespace) -> int:
    from hoso_local.docs import render_api_doc, render_events_doc

    sys.stdout.write(render_api_doc() if args.topic == "api" else render_events_doc())
    return 0


# ---------------------------------------------------------------------- officers
def sign_in_link(api_url: str, token: str) -> str:
    """The console's address that signs a local officer in: the token rides in the fragment,
    which the browser never sends to a server (nor into its logs)."""
    return f"{api_url}/console/#token={token}"


def _print_officers(officers: list[dict[str, Any]], console: Console) -> None:
    table = Table("officer", "role", "agencies", "token", box=None)
    for o in officers:
        works_for = ", ".join(o["agencies"] + [f"counter {c}" for c in o.get("counters", [])])
        table.add_row(o["id"], o["role"], works_for or "all", o["token"])
    console.print(table)


def cmd_officers(args: argparse.Namespace) -> int:
    from hoso_local import officers

    data_dir = _data_dir(args)
    if args.action == "add":
        if not args.officer_id:
            err.print("[red]hoso:[/] hoso officers add ID --agency CODE")
            return 2
        try:
            entry = officers.add(
                data_dir,
                args.officer_id,
                agencies=args.agency,
                role=args.role,
                name=args.name,
                counters=args.counter,
            )
        except ValueError as exc:
            err.print(f"[red]hoso:[/] {exc}")
            return 2
        print(json.dumps(entry, ensure_ascii=False) if args.json else entry["token"])
        return 0
    listed = officers.load(data_dir)
    if args.json:
        for o in listed:
            print(json.dumps(o, ensure_ascii=False))
    else:
        _print_officers(listed, out)
    return 0


def _add_officer_commands(sub: Any) -> None:
    p = sub.add_parser(
        "officers",
        parents=[COMMON],
        help="local officers and their API tokens: list, or add ID --agency CODE",
    )
    p.add_argument("action", nargs="?", choices=["list", "add"], default="list")
    p.add_argument("officer_id", nargs="?", help="add: the officer's id (their username)")
    p.add_argument("--agency", action="append", default=[], help="agency code (repeatable)")
    p.add_argument(
        "--counter",
        action="append",
        default=[],
        help="a shared counter the officer staffs: its agencies' dossiers (repeatable)",
    )
    p.add_argument("--role", choices=["agency", "centre", "system"], default="agency")
    p.add_argument("--name", default="", help="the officer's name")
    p.add_argument("--json", action="store_true", help="one JSON officer per line")
    p.set_defaults(func=cmd_officers)


def _add_dossier_commands(sub: Any) -> None:
    """``submit`` and ``supplement``: what a station does."""
    p = sub.add_parser(
        "submit", parents=[COMMON], help="upload dossiers as a station does and wait for records"
    )
    p.add_argument("paths", nargs="+", help="dossier folders or single files")
    p.add_argument("--procedure", help="procedure code (when there is no manifest.json)")
    p.add_argument("--wait", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument("--timeout", type=float, default=900.0)
    p.add_argument("--json", action="store_true", help="one JSON record per line")
    p.set_defaults(func=cmd_submit)

    p = sub.add_parser(
        "supplement", parents=[COMMON], help="send a supplement for a dossier and wait for it"
    )
    p.add_argument("dossier_id")
    p.add_argument("path", help="a folder of the new papers (manifest.json optional) or a file")
    p.add_argument("--wait", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument("--timeout", type=float, default=900.0)
    p.add_argument("--json", action="store_true", help="the record as one JSON line")
    p.set_defaults(func=cmd_supplement)


def _common() -> argparse.ArgumentParser:
    """Options every command takes, before or after the command's name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="local state folder (default .hoso, or $HOSO_DATA_DIR)",
    )
    common.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log activity"
    )
    return common


COMMON = _common()


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="hoso", description=__doc__)
    ap.add_argument("--data-dir", help="local state folder (default .hoso, or $HOSO_DATA_DIR)")
    ap.add_argument("-v", "--verbose", action="store_true", help="log pipeline activity")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "up", parents=[COMMON], help="run the whole pipeline locally (moto on loopback)"
    )
    p.add_argument("--fresh", action="store_true", help="start from empty state")
    p.add_argument("--port", type=int, default=0, help="AWS endpoint port (default: any free)")
    p.add_argument(
        "--schedule-every",
        type=float,
        default=None,
        help="run scheduled functions every N seconds instead of their rate()",
    )
    p.set_defaults(func=cmd_up)

    _add_dossier_commands(sub)
    add_officer_commands(sub, COMMON)

    p = sub.add_parser("ocr", parents=[COMMON], help="print the text of each page of a file")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ocr)

    p = sub.add_parser("procedures", parents=[COMMON], help="list the procedure catalog")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_procedures)

    p = sub.add_parser(
        "demo", parents=[COMMON], help="generate sample dossiers, run them through, show outcomes"
    )
    p.add_argument("--timeout", type=float, default=900.0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("eval", parents=[COMMON], help="evaluate understanding on a labelled corpus")
    p.add_argument("dir")
    p.add_argument("--cache", help="keep each dossier's OCR output here and reuse it")
    p.add_argument("--limit", type=int, help="only the first N dossiers")
    p.add_argument("--jobs", type=int, default=1, help="dossiers read side by side (needs --cache)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser(
        "report", parents=[COMMON], help="service-quality indicators (Decision 766) as CSV + HTML"
    )
    p.add_argument("--from", dest="date_from", required=True, help="first day (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", required=True, help="last day (YYYY-MM-DD)")
    p.add_argument("--out", default="report", help="folder for metrics.csv and report.html")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=cmd_report)

    _add_inspection_commands(sub)
    _add_officer_commands(sub)
    return ap


def _add_inspection_commands(sub: Any) -> None:
    """docs, messages, env, record: reading what the stack holds."""
    p = sub.add_parser(
        "docs",
        parents=[COMMON],
        help="print generated documentation (events from their schemas, the API from OpenAPI)",
    )
    p.add_argument("topic", choices=["events", "api"])
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser(
        "messages",
        parents=[COMMON],
        help="messages the local stack sent (officers, e-mail, SMS), one per line",
    )
    p.add_argument("dossier_id", nargs="?", help="only the messages about this dossier")
    p.add_argument("--json", action="store_true", help="one JSON message per line, whole text")
    p.set_defaults(func=cmd_messages)

    p = sub.add_parser(
        "env", parents=[COMMON], help="print shell exports pointing AWS clients at the local stack"
    )
    p.set_defaults(func=cmd_env)

    p = sub.add_parser(
        "record", parents=[COMMON], help="a dossier's record as JSON (running or embedded stack)"
    )
    p.add_argument("dossier_id")
    p.add_argument("--audit", action="store_true", help="include the audit trail")
    p.set_defaults(func=cmd_record)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(message)s",
    )
    if not args.verbose:
        os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
        for noisy in ("werkzeug", "botocore", "urllib3"):
            logging.getLogger(noisy).setLevel(logging.ERROR)
    from hoso_local.runtime import WiringError

    try:
        return int(args.func(args) or 0)
    except (WiringError, FileNotFoundError) as exc:
        err.print(f"[red]hoso:[/] {exc}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
