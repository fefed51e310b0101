"""Where a `make load` run's time went: a py-spy profile (``load.py --profile``, speedscope
JSON of `hoso up` and its OCR containers, every thread, idle samples included) summed up
per process as markdown.

    python tests/bench/profile_summary.py PROFILE.json [--top 25]

Per process: its share of the busy samples (a thread not waiting: on a lock, a socket, a
queue, a child process) and the functions they were in, inclusive (with what they called)
and as the innermost frame. Threads waiting for the interpreter's lock count as busy here:
the figures say what wanted the CPU, not what got it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

_IDLE = re.compile(
    r"(^|\.)(select|poll|_poll|wait|acquire|accept|_recv|recv|recv_into|readinto|readline|"
    r"sleep|_wait_for_tstate_lock|_try_wait|_communicate|communicate)$"
)


# files whose innermost frames are blocking reads: multiprocessing's resource tracker, a
# container's wait for its next event, an idle thread pool worker
_WAITERS = ("resource_tracker.py", "connection.py", "thread.py")


def _name(frame: dict[str, Any]) -> str:
    return f"{frame['name']} ({Path(frame.get('file') or '?').name})"


def summarise(profile: dict[str, Any], top: int) -> str:
    frames = profile["shared"]["frames"]
    per: dict[str, tuple[Counter[str], Counter[str]]] = {}
    busy: Counter[str] = Counter()
    label: dict[str, str] = {}
    for prof in profile["profiles"]:
        pid = prof["name"].split(" Thread")[0]
        incl, leaf = per.setdefault(pid, (Counter(), Counter()))
        for stack, weight in zip(prof["samples"], prof["weights"], strict=True):
            if not stack:
                continue
            heads = [frames[i]["name"] for i in stack if frames[i]["name"].startswith("process ")]
            if heads:  # a child's samples carry its parents' frames first
                label[pid] = heads[-1].split(":", 1)[1].strip('"')[:100]
            inner = frames[stack[-1]]
            if _IDLE.search(inner["name"]) or (inner.get("file") or "").endswith(_WAITERS):
                continue
            busy[pid] += weight
            seen: set[str] = set()
            for i in stack:
                k = _name(frames[i])
                if k not in seen and not frames[i]["name"].startswith("process "):
                    incl[k] += weight
                    seen.add(k)
            leaf[_name(inner)] += weight
    total = sum(busy.values()) or 1.0
    out = []
    for pid, n in busy.most_common():
        incl, leaf = per[pid]
        out += [f"## {pid}: {label.get(pid, '')}", "",
                f"{100 * n / total:.1f}% of all busy samples ({n:.0f} s).", "",
                "| inclusive | function |", "|---|---|"]  # fmt: skip
        skip = ("threading.py", "thread.py", "socketserver.py", "serving.py", "spawn.py",
                "process.py", "<string>")  # fmt: skip
        shown = [
            (k, v) for k, v in incl.most_common() if not k.endswith(tuple(f"({s})" for s in skip))
        ]
        out += [f"| {100 * v / n:.1f}% | `{k}` |" for k, v in shown[:top]]
        out += ["", "| innermost | function |", "|---|---|"]
        out += [f"| {100 * v / n:.1f}% | `{k}` |" for k, v in leaf.most_common(top // 2)]
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("profile", type=Path)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args(argv)
    print(summarise(json.loads(args.profile.read_text()), args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
