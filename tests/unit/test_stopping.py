"""`hoso up` stops on SIGTERM whenever it arrives (a signal handler must take no lock)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = pytest.mark.unit

# the main thread waits as `hoso up` does, polling as fast as it can: a handler that took
# a lock the waiting thread holds (Event.set inside Event.wait) hangs here in most runs
CHILD = textwrap.dedent(
    """
    from hoso_local.stopping import StopSignal
    stopping = StopSignal().install()
    print("up", flush=True)
    raise SystemExit(100 + stopping.wait(poll=0))
    """
)


def test_a_stop_signal_at_any_moment_ends_the_wait() -> None:
    rng = random.Random(15)
    for _ in range(40):
        proc = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline() == b"up\n"
        time.sleep(rng.random() * 0.005)
        sig = rng.choice([signal.SIGTERM, signal.SIGINT])
        proc.send_signal(sig)
        try:
            assert proc.wait(timeout=10) == 100 + sig
        finally:
            proc.kill()
            proc.stdout.close()


def test_sigusr1_shows_every_threads_stack_and_does_not_stop() -> None:
    child = textwrap.dedent(
        """
        import threading, time
        from hoso_local.stopping import StopSignal
        stopping = StopSignal().install()
        threading.Thread(target=time.sleep, args=(60,), name="poller", daemon=True).start()
        print("up", flush=True)
        raise SystemExit(100 + stopping.wait(poll=0.05))
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", child], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stdout.readline() == b"up\n"
    proc.send_signal(signal.SIGUSR1)
    time.sleep(0.5)
    assert proc.poll() is None  # still running
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 100 + signal.SIGTERM
    # both threads, wherever the main one was when the signal came (faulthandler names
    # the thread it runs in "Current thread")
    assert b"Current thread 0x" in err and b"\nThread 0x" in b"\n" + err, err
