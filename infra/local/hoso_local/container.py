"""A function's container as a process of its own (``Metadata: LocalProcess: true``).

In-process functions share one interpreter and so one GIL with moto and every other
function: a function whose own Python work is heavy (the OCR stage prepares every page
image in Python before and after Tesseract) then waits for the lock while cores stay idle.
A process container is what Lambda gives a function: its own interpreter, its module state
per container, the invocation stopped at the function's ``Timeout`` (the container is then
replaced, as Lambda replaces a timed-out sandbox).

The runtime calls :class:`ProcessContainer` as it would call the handler: ``(event,
context)``; the event goes to the child, which builds its own context with the same
deadline, and the handler's response (or its error) comes back.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from hoso_local.template import ACCOUNT_ID, REGION

_GRACE_S = 5.0  # beyond the function's timeout before the container is stopped


class InvocationFailed(Exception):
    """The handler raised in its container (the child's traceback is the message)."""


class InvocationTimedOut(InvocationFailed):
    """The invocation ran past the function's timeout: the container was stopped."""


@dataclass
class LocalContext:
    """What Lambda passes as ``context`` (the attributes handlers and powertools read)."""

    function_name: str
    memory_limit_in_mb: int
    timeout_s: int
    invoked_function_arn: str = ""
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = ""
    log_stream_name: str = "local"
    remaining_s: float | None = None  # what is left of an invocation begun elsewhere
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        left = self.timeout_s if self.remaining_s is None else self.remaining_s
        self._deadline = time.monotonic() + left
        self.invoked_function_arn = (
            f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"
        )
        self.log_group_name = f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _serve(conn: Connection, path: str, module_name: str, attr: str) -> None:
    """The child: load the handler module once, then serve invocations until told to stop."""
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        conn.send(("error", f"cannot load handler {path}"))
        return
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    handler = getattr(module, attr)
    conn.send(("ready", None))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        event, name, memory, timeout, remaining_ms, request_id = msg
        ctx = LocalContext(
            name, memory, timeout, aws_request_id=request_id, remaining_s=remaining_ms / 1000
        )  # the parent's deadline
        try:
            conn.send(("ok", handler(event, ctx)))
        except BaseException:  # the parent decides what a failure means
            conn.send(("error", traceback.format_exc(limit=8)))


class ProcessContainer:
    """A handler running in a child process; called like the handler itself."""

    def __init__(self, path: Path, module_name: str, attr: str, timeout: int) -> None:
        self.path, self.module_name, self.attr, self.timeout = path, module_name, attr, timeout
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Connection | None = None
        self.started = 0  # containers started so far (a timed-out one is replaced)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _start(self) -> Connection:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(
            target=_serve,
            args=(child, str(self.path), self.module_name, self.attr),
            name=f"container:{self.module_name}",
            daemon=True,
        )
        proc.start()
        child.close()
        if not parent.poll(120):
            proc.kill()
            raise InvocationFailed(f"container for {self.path} did not start in 120 s")
        kind, detail = parent.recv()
        if kind != "ready":
            proc.kill()
            raise InvocationFailed(str(detail))
        self._proc, self._conn = proc, parent
        self.started += 1
        return parent

    def start(self) -> None:
        """Start the child now (a cold start before the first event, not during it)."""
        with self._lock:
            if self._conn is None:
                self._start()

    def _discard(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(timeout=10)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def __call__(self, event: Any, context: Any) -> Any:
        with self._lock:
            conn = self._conn or self._start()
            remaining = context.get_remaining_time_in_millis()
            try:
                conn.send(
                    (event, context.function_name, context.memory_limit_in_mb,
                     context.timeout_s, remaining, context.aws_request_id)
                )  # fmt: skip
                if not conn.poll(remaining / 1000 + _GRACE_S):
                    self._discard()
                    raise InvocationTimedOut(
                        f"{context.function_name}: task timed out after {self.timeout} s"
                    )
                kind, detail = conn.recv()
            except (EOFError, OSError, BrokenPipeError) as exc:
                self._discard()
                raise InvocationFailed(f"the container stopped ({exc!r})") from None
        if kind == "error":
            raise InvocationFailed(detail)
        return detail

    def close(self, timeout: float = 10.0) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.send(None)
                    self._proc.join(timeout=timeout)
                except (OSError, BrokenPipeError):
                    pass
            self._discard()
