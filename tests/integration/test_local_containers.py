"""Process containers of the local runtime (`Metadata: LocalProcess: true`): the handler runs
in a process of its own, errors come back as failures, a timed-out invocation is stopped and
its container replaced, as Lambda does."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from hoso_local.container import (
    InvocationFailed,
    InvocationTimedOut,
    LocalContext,
    ProcessContainer,
)

HANDLER = textwrap.dedent(
    """
    import os, time

    CALLS = []  # module state: per container

    def handler(event, context):
        CALLS.append(event)
        if event.get("raise"):
            raise ValueError("bad record")
        if event.get("sleep"):
            time.sleep(event["sleep"])
        return {"pid": os.getpid(), "calls": len(CALLS),
                "left_ms": context.get_remaining_time_in_millis(),
                "request": context.aws_request_id, "env": os.environ.get("HOSO_TEST_ENV")}
    """
)


@pytest.fixture
def container(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "app.py"
    path.write_text(HANDLER)
    monkeypatch.setenv("HOSO_TEST_ENV", "from-the-runtime")
    c = ProcessContainer(path, "hoso_fn_test_1", "handler", timeout=2)
    yield c
    c.close()


def ctx(timeout: int = 2) -> LocalContext:
    return LocalContext("hoso-TestFunction", 128, timeout)


def test_the_handler_runs_in_a_process_of_its_own_with_its_own_state(container):
    first = container({"n": 1}, ctx())
    second = container({"n": 2}, ctx())
    assert first["pid"] != os.getpid() and first["pid"] == container.pid
    assert (first["calls"], second["calls"]) == (1, 2)  # one module, kept between calls
    assert first["env"] == "from-the-runtime"  # the runtime's environment
    assert 0 < first["left_ms"] <= 2000  # the invocation's deadline travels with it
    c = ctx()
    assert container({}, c)["request"] == c.aws_request_id


def test_an_error_in_the_handler_is_a_failed_invocation_not_a_dead_container(container):
    with pytest.raises(InvocationFailed, match="ValueError: bad record"):
        container({"raise": True}, ctx())
    assert container({}, ctx())["calls"] == 2  # same container, still serving
    assert container.started == 1


def test_a_timed_out_invocation_is_stopped_and_the_container_replaced(container):
    pid = container({}, ctx(timeout=1))["pid"]
    with pytest.raises(InvocationTimedOut, match="timed out"):
        container({"sleep": 30}, ctx(timeout=1))  # stopped after 1 s + the grace
    again = container({}, ctx())
    assert again["pid"] != pid and again["calls"] == 1  # a new container, fresh state
    assert container.started == 2
