"""Waiting for Ctrl-C or SIGTERM.

A Python signal handler runs in the main thread between two bytecodes, wherever that thread
is, including inside ``threading.Event.wait`` while it holds the event's internal lock: a
handler that calls ``Event.set()`` then waits for a lock its own thread holds, and the
process never stops (``hoso up`` hung on a SIGTERM once in CI this way). The handler here
only records the signal; the main thread looks at the record between short sleeps (a
signal cuts the sleep short, so the stop begins at once).

SIGUSR1 writes every thread's stack to stderr (``kill -USR1 <pid>``): what a stack that
does not stop, or does not move, is waiting for.
"""

from __future__ import annotations

import faulthandler
import signal
import sys
import time
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopSignal:
    """Installed before the first output, so a stop right after it is graceful."""

    def __init__(self) -> None:
        self.received: int | None = None

    def install(self) -> StopSignal:
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._handle)
        faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=True)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum  # an assignment: no lock taken inside a signal handler

    def wait(self, poll: float = 0.5) -> int:
        """Block until a stop signal has arrived; return it."""
        while self.received is None:
            time.sleep(poll)
        return self.received
