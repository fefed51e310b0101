"""A moto server on loopback whose state survives restarts.

moto keeps its state in in-process backends. We serve them with werkzeug in a thread and
snapshot them (pickle) into the data directory whenever they changed, with requests paused by
a readers-writer lock so a snapshot is always consistent. On start the snapshot is restored.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

log = logging.getLogger("hoso.local.server")

# Services whose state hoso uses; each is snapshotted as a whole.
SERVICES = ("s3", "sqs", "dynamodb", "dynamodbstreams", "events", "sns", "ses", "sts", "iam")
SNAPSHOT = "moto-state.pickle"
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
    def reducer_override(self, obj: Any) -> Any:
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
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.on_request: Callable[[str, str], None] | None = None

    # ------------------------------------------------------------------ serving
    def _app(self) -> Any:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        inner = DomainDispatcherApplication(create_backend_app)
        lock, dirty, table_lock = self._lock, self._dirty, self._table_lock

        def app(environ: dict[str, Any], start_response: Any) -> Any:
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
            if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                dirty.set()
            return [body]

        return app

    def start(self) -> str:
        from moto.moto_server.werkzeug_app import MotoRequestHandler
        from werkzeug.serving import make_server

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

    def snapshot(self, force: bool = False) -> bool:
        """Write the state if it changed since the last snapshot. Atomic (tmp + rename)."""
        if not force and not self._dirty.is_set():
            return False
        self._lock.acquire_write()
        try:
            self._dirty.clear()
            buf = io.BytesIO()
            backends = _backends(SERVICES)
            _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(
                {
                    "backends": {name: dict(b) for name, b in backends.items()},
                    # global indexes kept beside the per-account backends (S3 bucket names)
                    "bucket_accounts": dict(getattr(backends["s3"], "bucket_accounts", {})),
                }
            )
        finally:
            self._lock.release_write()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.snapshot_path.with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            fh.write(buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.snapshot_path)
        return True

    def restore(self) -> bool:
        backends = _backends(SERVICES)
        for b in backends.values():
            b.clear()
        _forget_tracked_models(SERVICES)
        if hasattr(backends["s3"], "bucket_accounts"):
            backends["s3"].bucket_accounts.clear()
        if not self.snapshot_path.exists():
            return False
        started = time.monotonic()
        with open(self.snapshot_path, "rb") as fh:
            state = pickle.load(fh)
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
