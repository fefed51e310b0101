"""The officers' verbs of ``hoso``: the work list, one dossier, and every officer action,
through the HTTP API (the running ``hoso up``, or an embedded stack for the command's
duration) with an officer's bearer token from ``<data-dir>/officers.json``.

stdout carries only data (a table, or ``--json``: one JSON line per record); progress and
errors go to stderr. A refused request exits 1 with the API's reason; a bad command line 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from rich.table import Table

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console()
if not out.is_terminal:  # piped or captured: do not wrap tables at 80 columns
    out = Console(width=200)
VN = ZoneInfo("Asia/Ho_Chi_Minh")
CENTRE = "trung-tam"
STATUSES = (
    "uploading",
    "processing",
    "received",
    "supplement_requested",
    "needs_review",
    "failed",
    "in_progress",
    "result_ready",
    "delivered",
    "withdrawn",
    "closed",
)
WHAT = {
    400: "bad request",
    401: "not authenticated",
    403: "forbidden",
    404: "not found",
    405: "not available",
    409: "refused",
}
NO_ROUTE = "Missing Authentication Token"
HINT = {
    401: "the token of officer '{who}' was not accepted (see `hoso officers`)",
    405: "the API has no such route",
}


class ApiError(Exception):
    """A request the API refused (``status`` its HTTP status; 0: the API was not reached)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _reason(raw: bytes) -> tuple[str, str | None]:
    """The reason (and the field, for a 400) an error answer gives."""
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        return raw.decode("utf-8", "replace").strip(), None
    if not isinstance(data, dict):
        return str(data), None
    reason = data.get("reason") or data.get("message") or ""
    field = data.get("field")
    return str(reason), (str(field) if field else None)


@dataclass
class Api:
    """The hoso HTTP API, as one officer."""

    url: str
    token: str
    officer: str

    def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        query: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        target = self.url.rstrip("/") + path
        if query:
            target += "?" + urllib.parse.urlencode(query)
        headers = {
            "Authorization": f"Bearer {self.token}",  # the token says who acts
            "Accept": "application/json",
        }
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(target, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                answer: dict[str, Any] = json.loads(resp.read() or b"{}")
                return answer
        except urllib.error.HTTPError as exc:
            raise self._refused(exc.code, exc.read(), method, path) from None
        except urllib.error.URLError as exc:
            raise ApiError(0, f"cannot reach the API at {self.url}: {exc.reason}") from None

    def _refused(self, status: int, raw: bytes, method: str, path: str) -> ApiError:
        reason, field = _reason(raw)
        if reason == NO_ROUTE:  # API Gateway's answer for a path it has no route for
            reason = f"the API has no route {method} {path} ({NO_ROUTE})"
        hint = HINT.get(status, "").format(who=self.officer)
        text = f"{WHAT.get(status, 'API error')} ({status}, {method} {path})"
        if field:
            text += f": {field}"
        text += f": {reason or hint or 'no reason given'}"
        if hint and reason and hint not in reason:
            text += f" ({hint})"
        return ApiError(status, text)


def _q(part: str) -> str:
    return urllib.parse.quote(part, safe="")


def _data_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "data_dir", None)
    return Path(given or os.environ.get("HOSO_DATA_DIR", ".hoso")).resolve()


@contextlib.contextmanager
def session(args: argparse.Namespace) -> Iterator[Api]:
    """The API of the running ``hoso up`` (or of an embedded stack), as ``--as``."""
    from hoso_local import officers
    from hoso_local.stack import running_stack, stack

    data_dir = _data_dir(args)
    if running_stack(data_dir) is None:
        err.print(f"no running `hoso up` for {data_dir}: starting the embedded stack...")
    with stack(data_dir) as info:
        if not info.get("api_url"):
            raise ApiError(0, "the local stack serves no API (template.yaml declares none)")
        token = officers.token_for(data_dir, args.officer)
        yield Api(str(info["api_url"]), token, args.officer)


def _quiet_stdout() -> None:
    """The reader went away (``| head``): send what is left to /dev/null and stop quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _run(args: argparse.Namespace, work: Callable[[Api], int]) -> int:
    try:
        with session(args) as api:
            return work(api)
    except ApiError as exc:
        err.print(f"[red]hoso:[/] {escape(str(exc))}")
        return 1
    except KeyError as exc:  # an officer --as names that officers.json does not know
        err.print(f"[red]hoso:[/] {escape(str(exc.args[0]))}")
        return 2
    except BrokenPipeError:
        _quiet_stdout()
        return 0


# ---------------------------------------------------------------------- printing
def _local(ts: str | None) -> str:
    if not ts:
        return "-"
    dt = datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(VN)
    return f"{dt:%H:%M %d/%m/%Y}"


def _emit(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def _missing(record: dict[str, Any]) -> str:
    return "; ".join(m.get("name", "") for m in record.get("missing_components") or []) or "-"


def _print_state(records: list[dict[str, Any]], title: str) -> None:
    table = Table(title=title)
    for col in ("dossier", "status", "procedure", "agency", "code", "received", "due", "missing"):
        table.add_column(col, overflow="fold")
    for r in records:
        table.add_row(
            r.get("dossier_id", "?"),
            r.get("status", "?"),
            r.get("procedure_code") or "-",
            r.get("agency") or "-",
            r.get("dossier_code") or "-",
            _local(r.get("received_at")),
            _local(r.get("new_due_at") or r.get("due_at")),
            _missing(r),
        )
    out.print(table)


def _pages(pages: list[dict[str, Any]]) -> str:
    return ", ".join(f"{p.get('file')} p.{p.get('index')}" for p in pages) or "-"


def _print_dossier(rec: dict[str, Any], audit: list[dict[str, Any]]) -> None:
    head = Table(title=f"dossier {rec.get('dossier_id')}", show_header=False)
    head.add_column("field", style="bold")
    head.add_column("value", overflow="fold")
    rows = {
        "status": rec.get("status"),
        "code": rec.get("dossier_code"),
        "procedure": f"{rec.get('procedure_code')} {rec.get('procedure_name') or ''}",
        "agency": f"{rec.get('agency') or '-'} {rec.get('agency_name') or ''}",
        "channel": rec.get("channel"),
        "received": _local(rec.get("received_at")),
        "due": _local(rec.get("due_at")),
        "new due": _local(rec.get("new_due_at")) if rec.get("new_due_at") else None,
        "decided by": rec.get("decided_by"),
        "documents": ", ".join(sorted(rec.get("documents") or {})),
        "errors": "; ".join(e.get("reason", "") for e in rec.get("errors") or []),
        "warnings": "; ".join(rec.get("warnings") or []),
    }
    for k, v in rows.items():
        if v:
            head.add_row(k, escape(str(v)))
    out.print(head)
    comps = Table(title="components and their evidence")
    for col in ("component", "rule", "present", "valid", "pages", "confidence", "reason"):
        comps.add_column(col, overflow="fold")
    for c in rec.get("components") or []:
        conf = c.get("confidence")
        comps.add_row(
            escape(c.get("name", "")),
            c.get("rule") or "-",
            "yes" if c.get("present") else "no",
            {True: "yes", False: "no"}.get(c.get("valid"), "?"),
            escape(_pages(c.get("pages") or [])),
            "-" if conf is None else f"{conf:.2f}",
            escape(c.get("reason") or c.get("matched_title") or "-"),
        )
    out.print(comps)
    _print_pages(rec)
    _print_missing(rec)
    _print_audit(audit)


def _print_pages(rec: dict[str, Any]) -> None:
    table = Table(title="pages (hoso classify ID FILE:PAGE=DOC_TYPE corrects a page's type)")
    for col in ("file", "page", "method", "doc type", "component", "confidence"):
        table.add_column(col, overflow="fold")
    for p in rec.get("pages") or []:
        conf = p.get("confidence")
        table.add_row(
            escape(str(p.get("file"))),
            str(p.get("index")),
            str(p.get("method")),
            p.get("doc_type") or "-",
            p.get("component_id") or "-",
            "-" if conf is None else f"{conf:.2f}",
        )
    out.print(table)


def _print_missing(rec: dict[str, Any]) -> None:
    missing = rec.get("missing_components") or []
    if not missing:
        return
    table = Table(title="missing or to correct")
    for col in ("item", "kind", "reason"):
        table.add_column(col, overflow="fold")
    for m in missing:
        table.add_row(escape(m.get("name", "")), m.get("kind") or "-", escape(m.get("reason", "")))
    out.print(table)


def _print_audit(audit: list[dict[str, Any]]) -> None:
    table = Table(title="audit trail")
    for col in ("at", "actor", "action", "status", "note"):
        table.add_column(col, overflow="fold")
    for a in audit:
        table.add_row(
            _local(a.get("at")),
            escape(str(a.get("actor"))),
            str(a.get("action")),
            f"{a.get('from_status') or '-'} → {a.get('to_status')}",
            escape(a.get("note") or ""),
        )
    out.print(table)


# ---------------------------------------------------------------------- reading
FILTERS = (
    "status",
    "agency",
    "procedure",
    "due_before",
    "due_after",
    "received_from",
    "received_to",
    "limit",
)


def cmd_dossiers(args: argparse.Namespace) -> int:
    """The work list, page by page (all pages with ``--all``)."""
    query = {k: str(v) for k in FILTERS if (v := getattr(args, k, None)) is not None}

    def work(api: Api) -> int:
        found: list[dict[str, Any]] = []
        listed, cursor, seen = 0, None, set()
        while True:
            page = api.call(
                "GET", "/dossiers", query={**query, **({"cursor": cursor} if cursor else {})}
            )
            for rec in page.get("dossiers") or []:
                listed += 1
                if args.json:
                    _emit(rec)
                else:
                    found.append(rec)
            cursor = page.get("next_cursor")
            if not (args.all and cursor) or cursor in seen:
                break
            seen.add(cursor)
        if not args.json:
            _print_state(found, "hoso: dossiers")
        more = "; more with --all" if cursor and not args.all else ""
        err.print(f"{listed} dossier{'' if listed == 1 else 's'}{more}")
        return 0

    return _run(args, work)


def _save_pdfs(api: Api, rec: dict[str, Any], folder: Path) -> list[Path]:
    """Every document of the record, and the control sheet, through their presigned URLs."""
    did = str(rec["dossier_id"])
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for name in [*sorted(rec.get("documents") or {}), "control-sheet"]:
        doc = api.call("GET", f"/dossiers/{_q(did)}/documents/{_q(name)}")
        target = folder / re.sub(r"[^A-Za-z0-9._-]+", "-", f"{did}-{name}.pdf")
        try:
            with urllib.request.urlopen(str(doc["url"]), timeout=120) as resp:
                target.write_bytes(resp.read())
        except urllib.error.URLError as exc:
            raise ApiError(0, f"cannot download {name} of {did}: {exc}") from None
        saved.append(target)
    return saved


def cmd_show(args: argparse.Namespace) -> int:
    """One dossier: the record, its components with their evidence, the audit trail."""

    def work(api: Api) -> int:
        did = _q(args.dossier_id)
        rec = api.call("GET", f"/dossiers/{did}")
        audit = api.call("GET", f"/dossiers/{did}/audit").get("audit") or []
        saved = _save_pdfs(api, rec, Path(args.save_pdfs)) if args.save_pdfs else []
        if args.json:
            _emit({**rec, "audit": audit})
        else:
            _print_dossier(rec, audit)
        for p in saved:
            err.print(f"saved {p}")
        return 0

    return _run(args, work)


# ---------------------------------------------------------------------- actions
def _act(args: argparse.Namespace, action: str, body: dict[str, Any]) -> int:
    """POST an action on the dossier and print the state it left."""

    def work(api: Api) -> int:
        rec = api.call("POST", f"/dossiers/{_q(args.dossier_id)}/{action}", body)
        if args.json:
            _emit(rec)
        else:
            _print_state([rec], f"hoso: {action} by {api.officer}")
        return 0

    return _run(args, work)


def _with(body: dict[str, Any], **optional: Any) -> dict[str, Any]:
    return {**body, **{k: v for k, v in optional.items() if v is not None}}


def cmd_decide(args: argparse.Namespace) -> int:
    body = _with({"status": args.status}, missing=args.missing, note=args.note)
    return _act(args, "decision", body)


def cmd_request(args: argparse.Namespace) -> int:
    return _act(args, "supplement-request", _with({"missing": args.missing}, note=args.note))


def cmd_processing(args: argparse.Namespace) -> int:
    return _act(args, "processing", {})


def cmd_result(args: argparse.Namespace) -> int:
    return _act(args, "result", {})


def cmd_deliver(args: argparse.Namespace) -> int:
    return _act(args, "delivery", {})


def cmd_withdraw(args: argparse.Namespace) -> int:
    return _act(args, "withdrawal", {"reason": args.reason})


def cmd_reprocess(args: argparse.Namespace) -> int:
    return _act(args, "reprocess", _with({}, note=args.note))


def cmd_redrive(args: argparse.Namespace) -> int:
    """Every failed dossier that a new run may mend (a stage failed, or it stalled twice) is
    started again; those that failed at intake are listed (the station uploads them again)."""

    def work(api: Api) -> int:
        failed: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            query = {"status": "failed", **({"cursor": cursor} if cursor else {})}
            page = api.call("GET", "/dossiers", query=query)
            failed += page.get("dossiers") or []
            cursor = page.get("next_cursor")
            if not cursor:
                break
        again, left = 0, 0
        for rec in failed:
            did = str(rec["dossier_id"])
            if not _run_failure(rec):
                left += 1
                err.print(f"{did}: failed at intake; the station uploads it again")
                continue
            if args.dry_run:
                err.print(f"{did}: would be started again")
                again += 1
                continue
            try:
                done = api.call("POST", f"/dossiers/{_q(did)}/reprocess", _with({}, note=args.note))
            except ApiError as exc:
                left += 1
                err.print(f"[red]{escape(did)}:[/] {escape(str(exc))}")
                continue
            again += 1
            if args.json:
                _emit(done)
            else:
                out.print(f"{did}\t{done.get('status')}")
        verb = "would be started again" if args.dry_run else "started again"
        err.print(f"{len(failed)} failed dossiers: {again} {verb}, {left} left")
        return 0

    return _run(args, work)


def _run_failure(rec: dict[str, Any]) -> bool:
    """Did the dossier fail in a run (not at intake)? Then reading it again may mend it."""
    stages = {str(e.get("stage")) for e in rec.get("errors") or []}
    return bool(rec.get("procedure_name")) and bool(stages - {"intake", "None"})


def cmd_apology(args: argparse.Namespace) -> int:
    return _act(args, "apology", {"reason": args.reason, "new_due_at": args.new_due_at})


def cmd_classify(args: argparse.Namespace) -> int:
    return _act(args, "classification", {"pages": args.pages})


def cmd_counter_supplement(args: argparse.Namespace) -> int:
    body = _with({"complete": args.complete, "note": args.note}, missing=args.missing)
    return _act(args, "counter-supplement", body)


# ---------------------------------------------------------------------- arguments
def missing_item(text: str) -> dict[str, str]:
    """``"name: reason"`` as a missing item."""
    name, sep, reason = text.partition(":")
    if not sep or not name.strip() or not reason.strip():
        raise argparse.ArgumentTypeError(f"'{text}': give a missing item as \"name: reason\"")
    return {"name": name.strip(), "reason": reason.strip()}


def page_label(text: str) -> dict[str, Any]:
    """``FILE:PAGE=DOC_TYPE`` as a page's corrected paper type."""
    m = re.fullmatch(r"(?P<file>.+):(?P<index>\d+)=(?P<doc_type>[\w.-]+)", text.strip())
    if not m or int(m["index"]) < 1:
        raise argparse.ArgumentTypeError(
            f"'{text}': give a page as FILE:PAGE=DOC_TYPE (e.g. 01_to_khai.pdf:1=to_khai_khai_sinh)"
        )
    return {"file": m["file"], "index": int(m["index"]), "doc_type": m["doc_type"]}


def moment(text: str) -> str:
    """An ISO date-time; without an offset, Vietnam time."""
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}': give a date and time, e.g. 2026-12-20T16:30 (Vietnam time) "
            "or 2026-12-20T16:30+07:00"
        ) from None
    if len(text) <= len("2026-12-20"):
        raise argparse.ArgumentTypeError(f"'{text}': give the time too, e.g. {text}T16:30")
    return (dt if dt.tzinfo else dt.replace(tzinfo=VN)).isoformat()


def day_or_moment(text: str) -> str:
    """A filter bound: an ISO date or date-time, passed on as given."""
    try:
        (date if len(text) <= len("2026-12-20") else datetime).fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}': give an ISO date (2026-12-20) or date-time (2026-12-20T16:30+07:00)"
        ) from None
    return text


def positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 200:
        raise argparse.ArgumentTypeError(f"'{text}': give a number from 1 to 200")
    return n


def _officer_parent() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--as",
        dest="officer",
        default=CENTRE,
        metavar="OFFICER",
        help=f"act as this officer of officers.json (default: the centre's '{CENTRE}')",
    )
    p.add_argument("--json", action="store_true", help="the record(s) as JSON, one per line")
    return p


def add_officer_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """``dossiers``, ``show`` and the officer actions."""
    parents = [common, _officer_parent()]
    p = sub.add_parser("dossiers", parents=parents, help="officers' work list, with filters")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--agency", help="agency code, e.g. H40.UBNDXA")
    p.add_argument("--procedure", help="procedure code, e.g. KHAI_SINH")
    for bound, what in (
        ("--due-before", "due before"),
        ("--due-after", "due after"),
        ("--received-from", "received from"),
        ("--received-to", "received until"),
    ):
        p.add_argument(bound, type=day_or_moment, help=f"{what} (ISO date or date-time)")
    p.add_argument("--limit", type=positive, help="dossiers per page (1-200; API default 50)")
    p.add_argument("--all", action="store_true", help="every page, not only the first")
    p.set_defaults(func=cmd_dossiers)

    p = sub.add_parser(
        "redrive",
        parents=parents,
        help="start again every failed dossier a new run may mend (after dead letters)",
    )
    p.add_argument("--dry-run", action="store_true", help="only say what would be started")
    p.add_argument("--note", help="why (kept in each audit trail)")
    p.set_defaults(func=cmd_redrive)

    p = sub.add_parser(
        "show", parents=parents, help="a dossier: record, components, evidence, audit"
    )
    p.add_argument("dossier_id")
    p.add_argument("--save-pdfs", metavar="DIR", help="save its notices and control sheet here")
    p.set_defaults(func=cmd_show)
    _add_actions(sub, parents)


def _add_actions(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    def action(name: str, helptext: str, func: Callable[[argparse.Namespace], int]) -> Any:
        p = sub.add_parser(name, parents=parents, help=helptext)
        p.add_argument("dossier_id")
        p.set_defaults(func=func)
        return p

    missing = {"action": "append", "type": missing_item, "metavar": '"NAME: REASON"'}
    p = action("decide", "decide a dossier in review", cmd_decide)
    p.add_argument("status", choices=["received", "supplement_requested"])
    p.add_argument("--missing", help="an item to ask for (repeat)", **missing)
    p.add_argument("--note", help="the written reason (needed for a further request)")
    p = action("request", "send the supplement request of a dossier in review", cmd_request)
    p.add_argument("--missing", required=True, help="an item to ask for (repeat)", **missing)
    p.add_argument("--note")
    action("processing", "the agency starts processing a received dossier", cmd_processing)
    action("result", "the result is ready", cmd_result)
    action("deliver", "the result was handed to the applicant", cmd_deliver)
    p = action("withdraw", "the applicant withdraws the dossier", cmd_withdraw)
    p.add_argument("--reason", required=True)
    p = action("reprocess", "start a failed dossier's reading again", cmd_reprocess)
    p.add_argument("--note", help="why (kept in the audit trail)")
    p = action("apology", "issue an apology letter with a new due date", cmd_apology)
    p.add_argument("--reason", required=True)
    p.add_argument("--new-due-at", required=True, type=moment, help="ISO date-time")
    p = action("classify", "correct pages' paper types and judge the dossier again", cmd_classify)
    p.add_argument("pages", nargs="+", type=page_label, metavar="FILE:PAGE=DOC_TYPE")
    p = action(
        "counter-supplement",
        "record a supplement handed in on paper at the counter",
        cmd_counter_supplement,
    )
    done = p.add_mutually_exclusive_group(required=True)
    done.add_argument("--complete", dest="complete", action="store_true", default=None)
    done.add_argument("--incomplete", dest="complete", action="store_false")
    p.add_argument("--note", required=True, help="what was handed in")
    p.add_argument("--missing", help="what is still missing (repeat)", **missing)
