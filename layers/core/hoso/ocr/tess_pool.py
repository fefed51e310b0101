"""Tesseract kept loaded in reader processes (:mod:`hoso.ocr.tessd`), one per thread reading.

A ``tesseract`` command loads its language model every time it starts: about 0.13 s of CPU
before it reads anything, paid by every reading hoso asks for (a page's first reading,
orientation votes, OSD, number fields read again: two to three a page on photos and
hand-filled forms). A reader process loads each model once and then reads the images it is
sent, as the command would (the same library, the same steps, the same output).

A reader is a child process, not a library loaded into this one, so that what the command
gave stays true: a crash of Tesseract fails one reading (the page gets the error, the file
goes on) and a reading past its time is stopped (the reader is killed and a new one starts
for the next reading). Readers are taken from an idle list and put back after a reading, so
there are as many as threads read at once; a process made by ``fork`` starts with none.

``available()`` is false when the reader cannot start (no ``libtesseract`` to load) or when
``HOSO_TESSERACT=command`` asks for the command: :mod:`hoso.ocr.tess` then runs the command.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

_TESSD = str(Path(__file__).with_name("tessd.py"))
_START_S = 30.0  # a reader that has not said it is ready by then is given up


class ReaderFailed(Exception):
    """The reader process ended or could not start (``str`` says how)."""


class ReaderTimedOut(Exception):
    """A reading did not finish in its time; its reader was stopped."""


class _Reader:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-u", _TESSD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # Tesseract's warnings ("Estimating resolution")
            close_fds=True,
        )
        self.buf = b""
        try:
            ready = self._read(time.monotonic() + _START_S)
        except BaseException:
            self.stop()
            raise
        _count(ready)
        if "ready" not in ready:
            self.stop()
            raise ReaderFailed(str(ready.get("error", "the reader did not start")))

    def ask(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()
        except OSError as exc:
            raise ReaderFailed(self._ended()) from exc
        return _count(self._read(time.monotonic() + timeout))

    def _read(self, deadline: float) -> dict[str, Any]:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ReaderTimedOut()
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise ReaderFailed(self._ended())
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        reply: dict[str, Any] = json.loads(line)
        return reply

    def _ended(self) -> str:
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "the reader stopped answering"
        if code < 0:
            return f"the reader was killed by signal {-code}"
        return f"the reader exited with status {code}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


def _count(reply: dict[str, Any]) -> dict[str, Any]:
    with _cpu_lock:
        _cpu[0] += float(reply.get("cpu", 0.0))
    return reply


def reader_cpu() -> float:
    """CPU seconds the readers of this process have reported (starting, and every request):
    their CPU is not the process's own, nor its children's until they end (benchmarks)."""
    return _cpu[0]


_cpu = [0.0]
_cpu_lock = threading.Lock()
_lock = threading.Lock()
_idle: list[_Reader] = []
_broken: list[str] = []  # why a reader could not start (then the command is used)


def _forget_after_fork() -> None:
    """A forked process must not talk to its parent's readers."""
    global _lock, _cpu_lock
    _lock, _cpu_lock = threading.Lock(), threading.Lock()
    _idle.clear()
    _cpu[0] = 0.0


os.register_at_fork(after_in_child=_forget_after_fork)


def available() -> bool:
    if os.environ.get("HOSO_TESSERACT", "library") == "command" or _broken:
        return False
    if _idle:
        return True
    try:
        reader = _Reader()
    except (OSError, ReaderFailed, ReaderTimedOut) as exc:
        _broken.append(str(exc) or type(exc).__name__)
        return False
    with _lock:
        _idle.append(reader)
    return True


def ask(request: dict[str, Any], timeout: float) -> dict[str, Any]:
    """One request to an idle reader (a new one when none is idle). Raises ReaderFailed or
    ReaderTimedOut; the reader is then stopped and a later request starts another."""
    with _lock:
        reader = _idle.pop() if _idle else None
    if reader is None:
        reader = _Reader()
    try:
        reply = reader.ask(request, timeout)
    except BaseException:
        reader.stop()
        raise
    with _lock:
        _idle.append(reader)
    return reply


def stop_all() -> None:
    """Stop the idle readers (tests, and a process about to measure its children)."""
    with _lock:
        readers = list(_idle)
        _idle.clear()
    for reader in readers:
        reader.stop()
