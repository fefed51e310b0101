"""The time one page may take (:class:`PageTime`): its own limit, which every Tesseract run
on it counts toward (orientation, OSD, readings, retries, number re-reads), and the
deadline of the whole job (``time_left``: seconds before the invocation must stop reading).

Each Tesseract run gets what is left as its timeout. A pass beyond the first reading runs
only when a pass as long as the longest one so far still fits (:meth:`PageTime.affords`);
otherwise the page keeps its best reading and says what was skipped. When the time is out
before the page has a first reading: past its own limit the page gets the reason
(:class:`tess.TesseractFailed`); at the job's deadline it is left for the job's continuation
(:class:`OutOfTime`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from hoso.ocr import tess

T = TypeVar("T")
TimeLeft = Callable[[], float]  # seconds before the job must stop reading

MIN_PASS_S = 1.0  # a pass is assumed to take at least this long before one was timed


class OutOfTime(tess.TesseractFailed):
    """The job's deadline came before the page was read: the page is left for later."""


class PageTime:
    """What one page may still spend (see the module notes). ``clock``: seconds on a
    monotonic clock (tests give a fake one)."""

    def __init__(
        self,
        limit_s: float,
        time_left: TimeLeft | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit_s
        self.time_left = time_left
        self.clock = clock
        self.end = clock() + limit_s
        self.longest = 0.0  # the longest Tesseract run so far on this page

    def _left(self) -> tuple[float, bool]:
        """Seconds left, and whether the job's deadline (not the page's limit) binds."""
        own = self.end - self.clock()
        if self.time_left is None:
            return own, False
        job = self.time_left()
        return min(own, job), job < own

    def left(self) -> float:
        return self._left()[0]

    def affords(self) -> tuple[bool, float, float]:
        """Whether one more pass fits: (fits, seconds left, seconds a pass takes)."""
        left = self.left()
        need = max(self.longest, MIN_PASS_S)
        return left >= need, left, need

    def run(self, call: Callable[[float], T]) -> T:
        """``call(timeout)``: one Tesseract run with what is left of the page's time."""
        left, by_job = self._left()
        if left <= 0:
            raise self._out(by_job)
        t0 = self.clock()
        try:
            return call(left)
        except tess.TimedOut as exc:
            raise self._out(by_job) from exc
        finally:
            self.longest = max(self.longest, self.clock() - t0)

    def _out(self, by_job: bool) -> tess.TesseractFailed:
        if by_job:
            return OutOfTime("the job's time ran out before the page was read")
        return tess.TimedOut(
            f"timed out after {self.limit:g} s, the time limit of one page "
            "(all its readings counted)"
        )
