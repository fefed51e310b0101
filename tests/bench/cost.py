"""What 1,000 pages would cost on AWS, from a `make load` run's measurements.

    python tests/bench/cost.py .hoso/load.json

Inputs, all measured by tests/bench/load.py on the local stack: each function's invocations
and the wall seconds its containers spent in them (``functions``), and the local AWS's
requests by ``service:operation`` with their bodies' bytes (``requests``,
``request_bytes``). Memory sizes come from template.yaml. Prices are AWS's published list
prices (on-demand, US East; Asia Pacific (Singapore) lists Lambda at the same rates and
DynamoDB, S3 and SQS a little higher), written below by hand, not fetched (the machines this
runs on reach no price list): they change, so check them before quoting a figure.

What it is not: a local second is not a Lambda second (the local stack runs every function
on the same 2 cores, moto answers slower than DynamoDB does), so the Lambda figure is an
estimate from local durations, not a bill. DynamoDB units are estimated from request bytes
(a write unit per started KB of each write request, two for a transaction's); reads at one
unit per request (items here are under 4 KB). SQS ``ReceiveMessage`` is counted as one per
message deleted (the local pollers ask every second, Lambda's long-poll). Storage and logs
are left out (retention is a parameter).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "infra" / "local")]

from hoso_local.template import Resolver, load_template  # noqa: E402

# USD, on-demand list prices, us-east-1, as written here (see the module notes; not fetched)
PRICES = {
    "lambda_gb_s_x86_64": 0.0000166667,
    "lambda_gb_s_arm64": 0.0000133334,
    "lambda_request": 0.20 / 1e6,
    "sqs_request": 0.40 / 1e6,
    "dynamodb_wru": 0.625 / 1e6,
    "dynamodb_rru": 0.125 / 1e6,
    "s3_put": 0.005 / 1000,
    "s3_get": 0.0004 / 1000,
    "events_put": 1.00 / 1e6,
    "textract_detect_page": 1.50 / 1000,  # DetectDocumentText, first million pages a month
}
_DDB_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"}
_DDB_READS = {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"}


def memory_gb(template: dict[str, Any]) -> dict[str, float]:
    """Each function's memory in GB, as deployed (the template's Globals applied)."""
    return {n: int(p["MemorySize"]) / 1024 for n, p in Resolver(template).functions().items()}


def model(figures: dict[str, Any], template: dict[str, Any]) -> dict[str, Any]:
    pages = figures["pages"]
    per = 1000 / pages
    mem = memory_gb(template)
    rows: list[tuple[str, str, float, float]] = []  # (what, basis, x86 $, arm64 $)
    for fn, use in sorted(figures["functions"].items()):
        gb_s = use["busy_seconds"] * mem.get(fn, 1.0) * per
        reqs = use["invocations"] * per * PRICES["lambda_request"]
        rows.append(
            (
                f"Lambda {fn} ({mem.get(fn, 1.0) * 1024:.0f} MB)",
                f"{gb_s:,.0f} GB-s, {use['invocations'] * per:,.0f} invocations",
                gb_s * PRICES["lambda_gb_s_x86_64"] + reqs,
                gb_s * PRICES["lambda_gb_s_arm64"] + reqs,
            )
        )
    req, size = figures.get("requests", {}), figures.get("request_bytes", {})

    def n(op: str) -> float:
        return float(req.get(op, 0)) * per

    sqs = sum(n(f"sqs:{op}") for op in ("SendMessage", "SendMessageBatch", "DeleteMessage",
                                          "DeleteMessageBatch", "ChangeMessageVisibility"))  # fmt: skip
    sqs += n("sqs:DeleteMessage") + n("sqs:DeleteMessageBatch")  # one receive per delete
    rows.append(("SQS", f"{sqs:,.0f} requests", sqs * PRICES["sqs_request"], 0.0))
    wru = 0.0
    for op, count in req.items():
        service, _, name = op.partition(":")
        if service != "dynamodb" or not count:
            continue
        kb = math.ceil(size.get(op, 0) / count / 1024) or 1
        if name in _DDB_WRITES:
            wru += count * kb * per
        elif name == "TransactWriteItems":
            wru += 2 * count * kb * per
    rru = sum(n(f"dynamodb:{op}") for op in _DDB_READS)
    rows.append(
        (
            "DynamoDB (on demand)",
            f"≈ {wru:,.0f} write units, {rru:,.0f} read units",
            wru * PRICES["dynamodb_wru"] + rru * PRICES["dynamodb_rru"],
            0.0,
        )
    )
    puts, gets = n("s3:PUT") + n("s3:POST"), n("s3:GET") + n("s3:HEAD")
    rows.append(
        ("S3", f"{puts:,.0f} PUT, {gets:,.0f} GET/HEAD",
         puts * PRICES["s3_put"] + gets * PRICES["s3_get"], 0.0)
    )  # fmt: skip
    events = n("events:PutEvents")
    rows.append(("EventBridge", f"{events:,.0f} PutEvents", events * PRICES["events_put"], 0.0))
    # services priced the same on either architecture: the arm64 column repeats them
    rows = [(w, b, x, a if w.startswith("Lambda") else x) for w, b, x, a in rows]
    return {
        "pages": pages,
        "rows": rows,
        "total_x86_64": sum(r[2] for r in rows),
        "total_arm64": sum(r[3] for r in rows),
        "textract": 1000 * PRICES["textract_detect_page"],
    }


def markdown(m: dict[str, Any]) -> str:
    out = [
        "| per 1,000 pages | measured basis | x86_64 (as deployed), USD | arm64, USD |",
        "|---|---|---|---|",
    ]
    for what, basis, x86, arm in m["rows"]:
        out.append(f"| {what} | {basis} | {x86:.4f} | {arm:.4f} |")
    out.append(f"| **total** | | **{m['total_x86_64']:.3f}** | **{m['total_arm64']:.3f}** |")
    out.append(
        f"| Amazon Textract DetectDocumentText (list price; its documented languages do not include Vietnamese) | 1,000 pages "
        f"| {m['textract']:.2f} | {m['textract']:.2f} |"
    )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("figures", type=Path, help="a load.json written by tests/bench/load.py")
    args = ap.parse_args(argv)
    figures = json.loads(args.figures.read_text())
    m = model(figures, load_template(ROOT / "template.yaml"))
    print(markdown(m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
