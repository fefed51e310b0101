"""The local runtime's saved state: a damaged snapshot falls back to an older one or stops with
a clear message, a failed write keeps the good snapshot and is retried, files are owner-only
(issue 14, "Local runtime")."""

from __future__ import annotations

import errno
import json
import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from hoso_local.runtime import LocalRuntime
from hoso_local.server import (
    MAGIC,
    SNAPSHOT,
    PersistentMotoServer,
    SnapshotError,
    SnapshotUnreadable,
    read_snapshot,
)

pytestmark = pytest.mark.integration
BUCKET = "snap-bucket"


def _s3(url: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=url,
        region_name="ap-southeast-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def serve() -> Iterator[Callable[[Path], tuple[PersistentMotoServer, Any]]]:
    started: list[PersistentMotoServer] = []

    def start(data_dir: Path) -> tuple[PersistentMotoServer, Any]:
        server = PersistentMotoServer(data_dir)
        started.append(server)
        return server, _s3(server.start())

    yield start
    for server in started:
        server.stop()


def _keys(s3: Any) -> list[str]:
    if BUCKET not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        return []
    return [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def _three_snapshots(state: Path, serve: Any) -> None:
    """Snapshots holding a, then a+b, then a+b+c (current, .1, .2: newest first)."""
    server, s3 = serve(state)
    s3.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
    )
    for key in ("a", "b", "c"):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"x")
        assert server.snapshot()
    server.stop()


def _restored_keys(state: Path, serve: Any) -> list[str]:
    _, s3 = serve(state)
    return _keys(s3)


def test_older_snapshots_are_kept_and_rotated(state: Path, serve: Any) -> None:
    _three_snapshots(state, serve)
    names = sorted(p.name for p in state.iterdir())
    assert names == [SNAPSHOT, f"{SNAPSHOT}.1", f"{SNAPSHOT}.2"]
    assert _restored_keys(state, serve) == ["a", "b", "c"]
    for path, keys in ((state / f"{SNAPSHOT}.1", ["a", "b"]), (state / f"{SNAPSHOT}.2", ["a"])):
        backends = read_snapshot(path)["backends"]["s3"]
        buckets = [b for regions in backends.values() for b in regions["global"].buckets.values()]
        assert sorted(buckets[0].keys.keys()) == keys


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = os.urandom(64)
    path.write_bytes(bytes(data))


def _other_moto(path: Path) -> None:
    data = path.read_bytes()
    end = data.index(b"\n", len(MAGIC))
    head = json.loads(data[len(MAGIC) : end])
    head["moto"] = "4.2.14"
    path.write_bytes(MAGIC + json.dumps(head).encode() + data[end:])


def _old_unreadable_pickle(path: Path) -> None:
    """A bare pickle (hoso's format before the header) of a class this moto does not have."""
    path.write_bytes(b"\x80\x02cmoto.s3.models\nGone99\n.")


DAMAGES = {
    "truncated": (_truncate, "truncated"),
    "garbage": (_garbage, "checksum"),
    "another moto version": (_other_moto, "written by moto 4.2.14"),
    "old pickle of another moto": (_old_unreadable_pickle, "cannot be unpickled"),
    "not a snapshot": (lambda p: p.write_bytes(b"hello"), "not a hoso snapshot"),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_snapshot_falls_back_to_the_previous_one(
    state: Path, serve: Any, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    _three_snapshots(state, serve)
    spoil, reason = DAMAGES[damage]
    spoil(state / SNAPSHOT)
    with caplog.at_level(logging.WARNING, logger="hoso.local.server"):
        assert _restored_keys(state, serve) == ["a", "b"]
    [aside] = [p for p in state.iterdir() if ".unusable-" in p.name]
    # the server's own records (a local stack of the same test session, whose state these
    # tests replace, may log its own troubles meanwhile)
    mine = [r for r in caplog.records if r.name == "hoso.local.server"]
    message = "\n".join(r.getMessage() + (r.exc_text or "") for r in mine)
    assert str(state / SNAPSHOT) in message and reason in message, message
    assert aside.name in message and "restored from the older moto-state.pickle.1" in message
    assert "Traceback" not in message


def test_no_usable_snapshot_stops_with_what_to_do(state: Path, serve: Any) -> None:
    _three_snapshots(state, serve)
    for path in state.iterdir():
        _truncate(path)
    before = {p.name: p.read_bytes() for p in state.iterdir()}
    with pytest.raises(SnapshotError) as caught:
        serve(state)
    message = str(caught.value)
    for name in before:
        assert str(state / name) in message
    assert "truncated" in message and "--fresh" in message and f"mv {state}" in message
    assert {p.name: p.read_bytes() for p in state.iterdir()} == before  # nothing changed


def test_a_moto_upgrade_is_named_as_such(state: Path, serve: Any) -> None:
    _three_snapshots(state, serve)
    for path in state.iterdir():
        _other_moto(path)
    with pytest.raises(SnapshotError, match=r"moto 4\.2\.14.*\n(.*\n)*.*install that one"):
        serve(state)


def test_the_runtime_reports_no_usable_snapshot_as_a_wiring_error(tmp_path: Path) -> None:
    from hoso_local.runtime import WiringError
    from hoso_local.stack import project_root

    state = tmp_path / "data" / "state"
    state.mkdir(parents=True)
    (state / SNAPSHOT).write_bytes(b"\x80\x04garbage")
    rt = LocalRuntime(project_root(), tmp_path / "data")
    with pytest.raises(WiringError, match="cannot restore the local AWS state"):
        rt.start()
    rt.server.stop()


def test_snapshot_files_and_their_directory_are_owner_only(state: Path, serve: Any) -> None:
    state.mkdir(mode=0o755)
    os.chmod(state, 0o755)
    old = os.umask(0o022)
    try:
        _three_snapshots(state, serve)
    finally:
        os.umask(old)
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    for path in state.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_older_world_readable_snapshot_is_made_owner_only_on_restore(
    state: Path, serve: Any
) -> None:
    _three_snapshots(state, serve)
    os.chmod(state, 0o755)
    os.chmod(state / SNAPSHOT, 0o644)
    _restored_keys(state, serve)
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE((state / SNAPSHOT).stat().st_mode) == 0o600


class _DiskFull:
    """``os.fdopen`` whose files accept some bytes, then fail as a full disk does."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        fh = self.real(*args, **kwargs)
        real_write = fh.write

        def write(data: Any) -> int:
            real_write(bytes(data)[:100])
            raise OSError(errno.ENOSPC, "No space left on device")

        fh.write = write
        return fh


def test_a_failed_write_keeps_the_good_snapshot_and_is_retried(
    state: Path, serve: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, s3 = serve(state)
    s3.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
    )
    s3.put_object(Bucket=BUCKET, Key="a", Body=b"x")
    assert server.snapshot()
    good = (state / SNAPSHOT).read_bytes()
    s3.put_object(Bucket=BUCKET, Key="b", Body=b"x")
    full = _DiskFull(os.fdopen)
    monkeypatch.setattr(os, "fdopen", full)
    with pytest.raises(OSError, match="No space left"):
        server.snapshot()
    assert full.calls == 1
    assert (state / SNAPSHOT).read_bytes() == good  # the good one still in place
    assert sorted(p.name for p in state.iterdir()) == [SNAPSHOT]  # no half-written file
    monkeypatch.undo()
    assert server.snapshot()  # still dirty: written on the next tick
    server.stop()
    assert _restored_keys(state, serve) == ["a", "b"]


def test_the_snapshot_loop_reports_failures_and_recovery(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from hoso_local.stack import project_root

    rt = LocalRuntime(project_root(), tmp_path)
    outcomes = [OSError(errno.ENOSPC, "No space left on device")] * 3 + [True, True]
    calls: list[float] = []

    def snapshot(force: bool = False) -> bool:
        calls.append(time.monotonic())
        outcome = outcomes.pop(0) if outcomes else False
        if isinstance(outcome, Exception):
            raise outcome
        return bool(outcome)

    rt.server.snapshot = snapshot  # type: ignore[method-assign]
    loop = threading.Thread(target=rt._snapshot_loop)
    with caplog.at_level(logging.WARNING, logger="hoso.local.runtime"):
        loop.start()
        deadline = time.monotonic() + 10
        while outcomes and time.monotonic() < deadline:
            time.sleep(0.1)
        rt._stop.set()
        loop.join()
    loop_records = [r for r in caplog.records if r.funcName == "_snapshot_loop"]
    errors = [r for r in loop_records if r.levelno == logging.ERROR]
    assert len(errors) == 1, caplog.text  # reported once, not every second
    assert "No space left on device" in errors[0].getMessage()
    assert str(tmp_path / "state") in errors[0].getMessage()
    assert any("saved again after 3 failed attempts" in r.getMessage() for r in loop_records)


def test_read_snapshot_reports_an_empty_file(tmp_path: Path) -> None:
    (tmp_path / "s").write_bytes(b"")
    with pytest.raises(SnapshotUnreadable, match="empty"):
        read_snapshot(tmp_path / "s")


def test_a_failed_save_at_stop_is_an_error_and_the_stack_still_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoso_local.runtime import WiringError
    from hoso_local.stack import project_root

    for name in list(os.environ):  # the runtime points AWS_* at its endpoint: undone after
        monkeypatch.setenv(name, os.environ[name])
    rt = LocalRuntime(project_root(), tmp_path / "data")
    rt.start()
    state = tmp_path / "data" / "state"
    rt.server.snapshot(force=True)
    kept = {p.name: p.read_bytes() for p in state.iterdir()}
    monkeypatch.setattr(os, "fdopen", _DiskFull(os.fdopen))
    with pytest.raises(WiringError, match=r"could not be saved at stop .*No space left"):
        rt.stop()
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in state.iterdir()} == kept  # no half-written file
    assert rt.server._server is None and rt._lock_file.closed  # stopped, data dir released
