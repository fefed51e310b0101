"""A moto server on loopback whose state survives restarts.

moto keeps its state in in-process backends. We serve them with werkzeug in a thread and
snapshot them (pickle) into the data directory whenever they changed, with requests paused by
a readers-writer lock so a snapshot is always consistent. On start the snapshot is restored.
Snapshots carry a header checked before unpickling (format, moto and Python versions, size,
checksum); the two previous ones are kept, and used when the newest cannot be. S3 object
bodies from 64 KB are files beside them, written once (:mod:`hoso_local.blobs`). Requests that
only read (a ``GetItem``, a ``ReceiveMessage`` that found nothing, a stream poll) do not make
the state dirty, so an idle stack does not save. Files are owner-only (0600, directory 0700):
they hold citizens' data.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import pickle
import platform
import re
import shutil
import stat
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any, cast

from hoso_local import blobs

log = logging.getLogger("hoso.local.server")

# Services whose state hoso uses; each is snapshotted as a whole.
SERVICES = ("s3", "sqs", "dynamodb", "dynamodbstreams", "events", "sns", "ses", "sts", "iam")
SNAPSHOT = "moto-state.pickle"
KEEP_OLDER = 2  # older snapshots kept beside it (.1, .2), rotated on each save
_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))


def _faster_string_keys() -> None:
    """moto compares DynamoDB values through ``DynamoType.cast_value``, which tries five other
    types before it returns a string as it is: a GSI query sorts every item of its partition
    that way (the console's due-ordered queue over 1,000 open dossiers: two thirds of the
    query's time). A string is returned at once; every other type goes the way moto goes."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    moto_get = DynamoType.__dict__["cast_value"].fget
    if moto_get is None or moto_get.__name__ == "hoso_cast_value":
        return

    def hoso_cast_value(self: Any) -> Any:
        if self.type == "S":
            return self.value
        return moto_get(self)

    for name, value in {"cast_value": property(hoso_cast_value)}.items():
        setattr(DynamoType, name, value)


_faster_string_keys()


class _RWLock:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    def acquire_read(self) -> None:
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._readers += 1

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            if not self._readers:
                self._cond.notify_all()

    def acquire_write(self) -> None:
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._writer = True
            while self._readers:
                self._cond.wait()

    def release_write(self) -> None:
        with self._cond:
            self._writer = False
            self._cond.notify_all()


def _versioned_store(cls: type, versions: dict[str, list[Any]]) -> Any:
    store = cls()
    for key, history in versions.items():
        dict.__setitem__(store, key, history)
    return store


class _Pickler(pickle.Pickler):
    def __init__(self, file: Any, saving: blobs.Saving | None = None, **kw: Any) -> None:
        super().__init__(file, **kw)
        self.saving = saving

    def reducer_override(self, obj: Any) -> Any:
        if self.saving is not None and blobs.is_s3_object(obj):
            reduced = self.saving.reduce(obj)
            if reduced is not None:
                return reduced
        # moto's versioned key store appends on __setitem__: keep every version as it is
        if type(obj).__name__ == "_VersionedKeyStore":
            return (
                _versioned_store,
                (type(obj), {k: list(dict.__getitem__(obj, k)) for k in dict.keys(obj)}),
            )
        if type(obj) in _LOCK_TYPES:
            return (type(obj) if type(obj) is not type(threading.Lock()) else threading.Lock, ())
        if isinstance(obj, threading.Condition):
            return (threading.Condition, ())
        if isinstance(obj, threading.Event):
            return (threading.Event, ())
        return NotImplemented


# What the stack sent (officers' notifications, SMS, e-mail), read straight from moto's SNS
# and SES backends: moto's /moto-api/data.json would serialise every object of every service.
MESSAGES_PATH = "/hoso-local/messages"


def sent_messages() -> dict[str, Any]:
    """``{"sns": {"Topic": [...], "SMS": [...]}, "ses": {"Message": [...]}}``, shaped as the
    same parts of moto's ``/moto-api/data.json``."""
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    topics: list[dict[str, Any]] = []
    sms: list[dict[str, Any]] = []
    mail: list[dict[str, Any]] = []
    for regions in list(sns_backends.values()):
        for backend in list(regions.values()):
            for topic in list(backend.topics.values()):
                topics.append(
                    {
                        "arn": topic.arn,
                        "name": topic.name,
                        "sent_notifications": [list(n) for n in topic.sent_notifications],
                    }
                )
            for message_id, (phone, text) in list(backend.sms_messages.items()):
                sms.append({"message_id": message_id, "phone_number": phone, "message": text})
    for ses_regions in list(ses_backends.values()):
        for ses in list(ses_regions.values()):
            for m in list(ses.sent_messages):
                mail.append(
                    {
                        "id": getattr(m, "id", None),
                        "source": getattr(m, "source", None),
                        "destinations": getattr(m, "destinations", None),
                        "subject": getattr(m, "subject", None),
                        "body": getattr(m, "body", None),
                    }
                )
    return {"sns": {"Topic": topics, "SMS": sms}, "ses": {"Message": mail}}


def _is_dynamodb(environ: dict[str, Any]) -> bool:
    """DynamoDB and DynamoDB Streams requests (JSON protocol: the target names the API)."""
    return str(environ.get("HTTP_X_AMZ_TARGET", "")).startswith("DynamoDB")


_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")


def _operation(environ: dict[str, Any]) -> str:
    """``service:operation`` of a request, for the request counts (``usage.json``): the JSON
    protocol's target, else the HTTP method (S3's REST calls)."""
    m = _SCOPE.search(str(environ.get("HTTP_AUTHORIZATION", "")))
    service = m.group(1) if m else "unsigned"
    target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
    return f"{service}:{target.rsplit('.', 1)[-1] if target else environ.get('REQUEST_METHOD')}"


# Operations that leave the state as it was (by ``service:operation``, see _operation). A
# stream's shard iterators are left out of it on purpose: they are handed out on every poll and
# mean nothing after a restart (moto_tuning keeps only the newest).
_READ_ONLY = frozenset(
    {
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:Scan",
        "dynamodb:DescribeTable",
        "dynamodb:ListTables",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:DescribeStream",
        "dynamodb:ListStreams",
        "dynamodb:GetShardIterator",
        "dynamodb:GetRecords",
        "sqs:GetQueueUrl",
        "sqs:GetQueueAttributes",
        "sqs:ListQueues",
        "events:DescribeEventBus",
        "events:DescribeRule",
        "events:ListRules",
        "events:ListTargetsByRule",
    }
)


def changes_state(op: str, environ: dict[str, Any], body: bytes) -> bool:
    """Whether a request may have changed the state (then the next save writes it)."""
    if environ.get("REQUEST_METHOD") in ("GET", "HEAD") or op in _READ_ONLY:
        return False
    if op == "sqs:ReceiveMessage":  # a message handed out counts a receive; none: nothing
        return b'"Messages"' in body or b"<Message>" in body
    return True


def _backends(services: Iterable[str]) -> dict[str, Any]:
    from moto.backends import get_backend

    return {s: get_backend(s) for s in services}  # type: ignore[call-overload]


class PersistentMotoServer:
    def __init__(self, data_dir: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        if not host.startswith("127.") and host not in ("localhost", "::1"):
            raise ValueError("the embedded AWS endpoint only listens on loopback")
        self.data_dir = data_dir
        self.host = host
        self.port = port
        self._lock = _RWLock()
        self._dirty = threading.Event()
        # DynamoDB requests one at a time: moto runs a transaction on a copy of the table and,
        # when a condition fails, puts the copy back, undoing whatever another request wrote
        # meanwhile (a notify's decision lost: issue 14); its tables are not safe to iterate
        # while written either. DynamoDB itself is serializable per item; this is stricter.
        self._table_lock = threading.Lock()
        self._save_lock = threading.Lock()  # one save at a time (the loop's, the final one)
        self._kept = blobs.Kept(data_dir / blobs.DIR, KEEP_OLDER + 1)
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.on_request: Callable[[str, str], None] | None = None
        self.requests: Counter[str] = Counter()  # by service:operation (see _operation)
        self.request_bytes: Counter[str] = Counter()  # their bodies' sizes, by the same
        self._count_lock = threading.Lock()

    # ------------------------------------------------------------------ serving
    def _app(self) -> Any:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        inner = DomainDispatcherApplication(create_backend_app)
        lock, dirty, table_lock = self._lock, self._dirty, self._table_lock
        requests, sizes, count_lock = self.requests, self.request_bytes, self._count_lock

        def app(environ: dict[str, Any], start_response: Any) -> Any:
            op = _operation(environ)
            with count_lock:
                requests[op] += 1
                sizes[op] += int(environ.get("CONTENT_LENGTH") or 0)
            lock.acquire_read()
            try:
                if environ.get("PATH_INFO") == MESSAGES_PATH:
                    body = json.dumps(sent_messages(), ensure_ascii=False).encode()
                    start_response("200 OK", [("Content-Type", "application/json")])
                    return [body]
                with table_lock if _is_dynamodb(environ) else contextlib.nullcontext():
                    result = inner(environ, start_response)
                    body = b"".join(result)  # finish the request while holding the lock
                    if hasattr(result, "close"):
                        result.close()
            finally:
                lock.release_read()
            if changes_state(op, environ, body):
                dirty.set()
            return [body]

        return app

    def start(self) -> str:
        from moto.moto_server.werkzeug_app import MotoRequestHandler
        from werkzeug.serving import make_server

        from hoso_local import moto_tuning

        moto_tuning.apply()
        self.restore()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._server = make_server(
            self.host, self.port, self._app(), threaded=True, request_handler=MotoRequestHandler
        )
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="moto-server"
        )
        self._thread.start()
        return self.endpoint_url

    @property
    def endpoint_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = None

    # ------------------------------------------------------------------ persistence
    @property
    def snapshot_path(self) -> Path:
        return self.data_dir / SNAPSHOT

    def snapshot_paths(self) -> list[Path]:
        """The snapshot and the older ones kept beside it, newest first."""
        return [self.snapshot_path] + [
            self.data_dir / f"{SNAPSHOT}.{n}" for n in range(1, KEEP_OLDER + 1)
        ]

    def snapshot(self, force: bool = False) -> bool:
        """Write the state if it changed since the last snapshot.

        Atomic: written to a temporary file, synced, then put in place, the older snapshots
        rotated (``.1``, ``.2``). When anything fails (a full disk) the temporary file is
        removed, the snapshot in place is left as it was and the state stays dirty, so the next
        call writes it again; the error is raised for the caller to report."""
        if not force and not self._dirty.is_set():
            return False
        with self._save_lock:
            return self._save()

    def _save(self) -> bool:
        blobs.install()
        saving = blobs.Saving(self.data_dir / blobs.DIR)
        self._lock.acquire_write()
        try:
            self._dirty.clear()
            try:
                buf = io.BytesIO()
                backends = _backends(SERVICES)
                _Pickler(buf, saving, protocol=pickle.HIGHEST_PROTOCOL).dump(
                    {
                        "backends": {name: dict(b) for name, b in backends.items()},
                        # global indexes kept beside the per-account backends (S3 bucket names)
                        "bucket_accounts": dict(getattr(backends["s3"], "bucket_accounts", {})),
                    }
                )
            except BaseException:
                self._dirty.set()
                raise
        finally:
            self._lock.release_write()
        try:
            self._private_dir()
            saving.write()  # the new bodies first: the snapshot names them
            self._write(buf.getbuffer())
        except BaseException:
            self._dirty.set()  # saved on the next tick
            raise
        self._kept.saved(saving.refs)
        return True

    def _write(self, payload: memoryview) -> None:
        self._private_dir()
        tmp = self.data_dir / f"{SNAPSHOT}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), 0o600)
                fh.write(_header(payload))
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            self._rotate()
            os.replace(tmp, self.snapshot_path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        blobs.fsync_dir(self.data_dir)

    def _rotate(self) -> None:
        """``.1`` -> ``.2``, the current snapshot -> ``.1`` (a hard link: the current one stays
        in place until the new one replaces it)."""
        paths = self.snapshot_paths()
        for n in range(len(paths) - 2, 0, -1):
            if paths[n].exists():
                os.replace(paths[n], paths[n + 1])
        if self.snapshot_path.exists():
            with contextlib.suppress(FileNotFoundError):
                paths[1].unlink()
            try:
                os.link(self.snapshot_path, paths[1])
            except OSError:  # a file system without hard links
                shutil.copy2(self.snapshot_path, paths[1])
                os.chmod(paths[1], 0o600)

    def _private_dir(self) -> None:
        """The state directory, owner-only: the snapshots hold citizens' data."""
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        if stat.S_IMODE(self.data_dir.stat().st_mode) != 0o700:
            os.chmod(self.data_dir, 0o700)

    def restore(self) -> bool:
        """Load the newest readable snapshot. One that cannot be used (truncated, damaged,
        written by another moto version) is reported and the next older one is used; the
        unusable one is moved aside (``*.unusable-<time>``), kept for inspection. When
        snapshots exist but none can be used, :class:`SnapshotError` says which and what to
        do, and nothing is changed."""
        backends = _backends(SERVICES)
        for b in backends.values():
            b.clear()
        _forget_tracked_models(SERVICES)
        if hasattr(backends["s3"], "bucket_accounts"):
            backends["s3"].bucket_accounts.clear()
        if not self.data_dir.exists():
            return False
        self._private_dir()
        with contextlib.suppress(FileNotFoundError):
            (self.data_dir / f"{SNAPSHOT}.tmp").unlink()  # half-written by a killed save
        started = time.monotonic()
        unusable: list[tuple[Path, str]] = []
        state: dict[str, Any] | None = None
        used: Path | None = None
        for path in self.snapshot_paths():
            if not path.exists():
                if path == self.snapshot_path:
                    unusable.append((path, "missing"))
                continue
            os.chmod(path, 0o600)  # written by an earlier version, perhaps world-readable
            try:
                state = read_snapshot(path)
            except SnapshotUnreadable as exc:
                unusable.append((path, str(exc)))
                _forget_tracked_models(SERVICES)
                continue
            used = path
            break
        if used is None or state is None:
            found = [(p, why) for p, why in unusable if why != "missing"]
            if not found:
                return False
            raise SnapshotError(_none_usable(self.data_dir, found))
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        for path, why in unusable:
            if why == "missing":
                log.warning("%s is missing; the state is restored from %s", path, used.name)
                continue
            aside = path.with_name(f"{path.name}.unusable-{stamp}")
            os.replace(path, aside)
            log.warning(
                "%s cannot be used (%s); the state is restored from the older %s (changes "
                "saved after it are lost); the unusable file is kept as %s",
                path,
                why,
                used.name,
                aside.name,
            )
        for name, accounts in state["backends"].items():
            if name in backends:
                backends[name].update(accounts)
        if hasattr(backends["s3"], "bucket_accounts"):
            backends["s3"].bucket_accounts.clear()
            backends["s3"].bucket_accounts.update(state.get("bucket_accounts", {}))
        _release_inflight_messages(backends["sqs"])
        log.info(
            "restored local AWS state", extra={"seconds": round(time.monotonic() - started, 3)}
        )
        return True


class SnapshotError(Exception):
    """Snapshots exist but none can be restored: the message names them and what to do."""


class SnapshotUnreadable(Exception):
    """One snapshot file cannot be used; the message says why."""


# A snapshot: MAGIC, one line of JSON (format, versions, the payload's size and CRC-32), then the
# pickle. Checked before anything is unpickled, so a damaged file or one written by another
# moto version (whose private classes the pickle holds) is reported as such.
MAGIC = b"HOSO-MOTO-SNAPSHOT\n"
FORMAT = 2  # 2: S3 bodies from blobs.BLOB_MIN bytes are files in blobs/ (hoso_local.blobs)
READS = (1, 2)


def _versions() -> dict[str, str]:
    return {"moto": metadata.version("moto"), "python": platform.python_version()}


def _header(payload: memoryview) -> bytes:
    head = {"format": FORMAT, **_versions(), "bytes": len(payload), "crc32": zlib.crc32(payload)}
    return MAGIC + json.dumps(head).encode() + b"\n"


def read_snapshot(path: Path) -> dict[str, Any]:
    """The state saved in ``path``; :class:`SnapshotUnreadable` when it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SnapshotUnreadable(f"cannot be read: {exc.strerror or exc}") from None
    if not data:
        raise SnapshotUnreadable("empty")
    mine = _versions()
    if data.startswith(MAGIC):
        end = data.find(b"\n", len(MAGIC))
        try:
            head = json.loads(data[len(MAGIC) : end]) if end > 0 else None
        except ValueError:
            head = None
        if not isinstance(head, dict):
            raise SnapshotUnreadable("damaged header")
        if head.get("format") not in READS:
            raise SnapshotUnreadable(
                f"snapshot format {head.get('format')!r}, this hoso reads format {FORMAT}"
            )
        if head.get("moto") != mine["moto"]:
            raise SnapshotUnreadable(
                f"written by moto {head.get('moto')}, this environment has moto {mine['moto']}"
            )
        payload = memoryview(data)[end + 1 :]
        if len(payload) != head.get("bytes"):
            raise SnapshotUnreadable(f"truncated: {len(payload)} of {head.get('bytes')} bytes")
        if zlib.crc32(payload) != head.get("crc32"):
            raise SnapshotUnreadable("damaged: checksum mismatch")
        written_by = f" (written with Python {head.get('python')})"
    elif data[:1] == b"\x80":  # a bare pickle, saved by hoso before snapshots had a header
        payload = memoryview(data)
        written_by = " (an old snapshot without a header, moto version unknown)"
    else:
        raise SnapshotUnreadable("not a hoso snapshot")
    try:
        blobs.install()
        with blobs.reading(path.parent / blobs.DIR):
            state = pickle.loads(payload)
    except Exception as exc:
        raise SnapshotUnreadable(
            f"cannot be unpickled{written_by}: {type(exc).__name__}: {str(exc)[:200]}"
        ) from None
    if not isinstance(state, dict) or not isinstance(state.get("backends"), dict):
        raise SnapshotUnreadable("not a hoso snapshot")
    return state


def _none_usable(data_dir: Path, found: list[tuple[Path, str]]) -> str:
    lines = ["cannot restore the local AWS state; no snapshot can be used:"]
    lines += [f"  {path}: {why}" for path, why in found]
    if any("written by moto" in why for _, why in found):
        lines.append(
            "They were written with another moto version: install that one "
            "(`pip install 'moto[server]==<version>'`) to keep the data."
        )
    lines.append(
        f"Nothing was changed. To start anyway, move the state aside (mv {data_dir} "
        f"{data_dir}.bad) and run `hoso up` again, or start empty with `hoso up --fresh` "
        f"(which deletes {data_dir})."
    )
    return "\n".join(lines)


def _forget_tracked_models(services: Iterable[str]) -> None:
    """moto's ``/moto-api/data.json`` lists the model instances it has seen made (unpickling
    makes them again): forget the old ones, so what it lists is the restored state only."""
    from moto.core.model_instances import model_data

    for service in services:
        for model in model_data.get(service, {}).values():
            cast(Any, model).instances_tracked = []


def _release_inflight_messages(sqs_backends: Any) -> None:
    """Messages that were being processed when we stopped become visible again at once."""
    for regions in sqs_backends.values():
        for backend in regions.values():
            for queue in getattr(backend, "queues", {}).values():
                for message in getattr(queue, "_messages", []):
                    if hasattr(message, "change_visibility"):
                        message.change_visibility(0)
                if hasattr(queue, "_pending_messages"):
                    queue._pending_messages = set()
