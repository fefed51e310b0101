"""The embedded local runtime behind ``hoso up``.

Reads template.yaml, starts a persistent moto server on loopback, creates the declared
resources, and runs every declared function in-process, fed the way Lambda feeds it:

* ``SQS`` event sources: long-polled batches, ``batchItemFailures`` honoured (only failed
  messages stay on the queue; the queue's redrive policy moves poison messages to the DLQ);
* ``Schedule`` event sources: a timer per rule (``rate(...)``);
* ``DynamoDB`` stream sources: shards read in order with ``FilterCriteria`` applied and
  ``batchItemFailures`` honoured; the position is checkpointed in the local state, so a restart
  neither skips nor repeats a record that was handled;
* ``Api`` sources: a loopback HTTP server turning requests into API Gateway proxy events;
* ``EventBridgeRule`` / ``CloudWatchEvent`` sources: a rule on the bus targeting an internal
  queue that is polled and delivered one event per invocation.

A declared event source the runtime cannot run is an error at start, never silently ignored.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import json
import logging
import os
import re
import shutil
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from hoso_local.api import LocalApi, Route
from hoso_local.container import LocalContext, ProcessContainer
from hoso_local.provision import provision
from hoso_local.server import PersistentMotoServer, SnapshotError
from hoso_local.template import ACCOUNT_ID, REGION, Resolver, load_template

log = logging.getLogger("hoso.local.runtime")

_instance = itertools.count(1)
SUPPORTED_EVENTS = ("SQS", "DynamoDB", "Schedule", "EventBridgeRule", "CloudWatchEvent", "Api")
_POOL = 64  # connections each of the runtime's clients keeps (it has a thread a wire)
_SHARDS_LISTED_EVERY_S = 10.0  # a stream's shards listed again (the local streams never split)


class WiringError(Exception):
    pass


@dataclass
class Function:
    logical: str
    name: str
    handler: Callable[[Any, Any], Any]
    timeout: int
    memory: int
    invocations: int = 0
    errors: int = 0
    busy_seconds: float = 0.0  # wall time spent in invocations, all containers together
    counted_by: Function | None = None  # another container of the function: one tally

    def invoke(self, event: Any) -> Any:
        tally = self.counted_by or self
        tally.invocations += 1
        ctx = LocalContext(self.name, self.memory, self.timeout)
        started = time.monotonic()
        try:
            return self.handler(event, ctx)
        except Exception:
            tally.errors += 1
            raise
        finally:
            tally.busy_seconds += time.monotonic() - started


@dataclass
class Wire:
    function: str
    event: str
    kind: str
    source: str
    running: bool = False
    deliveries: int = 0


def reindex_records(ddb: Any, table: str) -> int:
    """Records kept in a local snapshot from an earlier version whose index keys had another
    shape (the due index was by month, ``DUE#<yyyy-mm>``, before it was one partition) get
    the keys this version writes; returns how many."""
    from hoso.dossier import Dossier
    from hoso_aws.dynamo import DUE_PARTITION, record_item

    moved = 0
    kwargs: dict[str, Any] = {
        "TableName": table,
        "FilterExpression": "sk = :r AND attribute_exists(gsi3pk)",
        "ExpressionAttributeValues": {":r": {"S": "RECORD"}},
    }
    while True:
        page = ddb.scan(**kwargs)
        for item in page.get("Items", []):
            if item["gsi3pk"]["S"] == DUE_PARTITION:
                continue
            fresh = record_item(Dossier.from_dict(json.loads(item["body"]["S"])))
            ddb.put_item(TableName=table, Item={**item, **fresh})
            moved += 1
        if "LastEvaluatedKey" not in page:
            return moved
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _rate_seconds(expr: str) -> float:
    m = re.fullmatch(r"rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)", expr.strip())
    if not m:
        raise WiringError(f"unsupported schedule expression {expr!r} (use rate(...))")
    n, unit = int(m.group(1)), m.group(2).rstrip("s")
    return n * {"minute": 60, "hour": 3600, "day": 86400}[unit]


class LocalRuntime:
    def __init__(
        self,
        root: Path,
        data_dir: Path,
        *,
        fresh: bool = False,
        port: int = 0,
        template: str = "template.yaml",
        stack: str = "hoso",
        parameters: dict[str, str] | None = None,
        schedule_every: float | None = None,
        retry_after: int = 5,
        processes: bool = True,
    ) -> None:
        """``processes``: run the containers of functions marked ``Metadata: LocalProcess``
        as processes of their own (False: every function in this process, e.g. for tests
        that patch a function's code while the stack runs)."""
        self.root = root.resolve()
        self.data_dir = data_dir.resolve()
        self.fresh = fresh
        self.template_path = self.root / template
        self.stack = stack
        self.parameters = parameters or {}
        self.schedule_every = schedule_every
        self.retry_after = retry_after
        self.processes = processes
        self._containers: list[ProcessContainer] = []
        self.server = PersistentMotoServer(self.data_dir / "state", port=port)
        self.functions: dict[str, Function] = {}
        self.wires: list[Wire] = []
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        self._inflight = 0
        self._inflight_cond = threading.Condition()
        self.info: dict[str, Any] = {}

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> dict[str, Any]:
        if self.fresh and self.data_dir.exists():
            shutil.rmtree(self.data_dir / "state", ignore_errors=True)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock_data_dir()
        template = load_template(self.template_path)
        try:
            endpoint = self.server.start()
        except SnapshotError as exc:
            self._lock_file.close()
            raise WiringError(str(exc)) from None
        self.resolver = Resolver(
            template, stack=self.stack, endpoint=endpoint, parameters=dict(self.parameters)
        )
        self._set_aws_env(endpoint)
        # every poller thread shares these clients: with fewer pooled connections than
        # threads, a connection is dropped after each request and the next opens another
        # (a TCP connection and a server thread: a tenth of `hoso up`'s own CPU under load)
        self.clients = {
            name: boto3.client(
                name,
                endpoint_url=endpoint,
                region_name=REGION,
                config=Config(retries={"max_attempts": 2}, max_pool_connections=_POOL),
            )
            for name in ("s3", "sqs", "dynamodb", "dynamodbstreams", "events", "sns", "ses")
        }
        provision(self.resolver, self.clients)
        self.runtime_bucket = f"{self.stack}-local-runtime"
        with contextlib.suppress(self.clients["s3"].exceptions.BucketAlreadyOwnedByYou):
            self.clients["s3"].create_bucket(
                Bucket=self.runtime_bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
            )
        for logical in self.resolver.template["Resources"]:
            if self.resolver.type_of(logical) == "AWS::DynamoDB::Table":
                table = self.clients["dynamodb"].describe_table(
                    TableName=self.resolver.names[logical]
                )["Table"]
                if table.get("LatestStreamArn"):
                    self.resolver.runtime_attrs[(logical, "StreamArn")] = table["LatestStreamArn"]
        if "RecordsTable" in self.resolver.names:
            moved = reindex_records(self.clients["dynamodb"], self.resolver.names["RecordsTable"])
            if moved:
                log.info("re-indexed %d records kept from an earlier version", moved)
        self.officers = self._load_officers()
        self._load_functions()
        self._api_routes: list[Route] = []
        self._api_locks: dict[str, threading.Lock] = {}
        self._wire()
        self.api: LocalApi | None = None
        if self._api_routes:
            self.api = LocalApi(self._api_routes, authenticate=self._authenticator)
            self.api.start()
        self._spawn("snapshotter", self._snapshot_loop)
        outputs = {
            k: str(self.resolver.resolve(v["Value"]))
            for k, v in (template.get("Outputs") or {}).items()
        }
        self.info = {
            "endpoint_url": endpoint,
            "region": REGION,
            "upload_bucket": outputs.get("UploadBucketName"),
            "artefact_bucket": outputs.get("ArtefactBucketName"),
            "table": outputs.get("RecordsTableName"),
            "event_bus": outputs.get("EventBusName"),
            "officer_topic": outputs.get("OfficerTopicArn"),
            "api_url": self.api.url if self.api else None,
            "console_url": f"{self.api.url}/console/" if self.api else None,
            "data_dir": str(self.data_dir),
            "functions": sorted(f.name for f in self.functions.values()),
            "pid": os.getpid(),
        }
        return self.info

    def stop(self, drain_timeout: float = 120.0) -> None:
        """Stop feeding functions, let running invocations finish, save state, stop moto."""
        self._stop.set()
        deadline = time.monotonic() + drain_timeout
        for t in self._threads:
            t.join(timeout=max(0.1, deadline - time.monotonic()))
        if self.api is not None:
            self.api.stop()
        for container in self._containers:
            container.close()
        with contextlib.suppress(OSError):
            (self.data_dir / "usage.json").write_text(json.dumps(self.usage(), indent=2))
        try:
            self.server.snapshot(force=True)
        except OSError as exc:
            raise WiringError(
                f"the local AWS state could not be saved at stop ({exc}); the last snapshot "
                f"saved in {self.server.data_dir} is kept, changes since are lost"
            ) from None
        finally:
            self.server.stop()
            if getattr(self, "_lock_file", None) is not None:
                self._lock_file.close()  # releases the lock

    def __enter__(self) -> LocalRuntime:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _lock_data_dir(self) -> None:
        """One runtime per data directory: two would overwrite each other's saved state."""
        import fcntl

        self._lock_file = open(self.data_dir / "runtime.lock", "a+")  # noqa: SIM115
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_file.seek(0)
            holder = self._lock_file.read().strip() or "another process"
            self._lock_file.close()
            raise WiringError(
                f"{self.data_dir} is in use by a running hoso stack (pid {holder}); stop it or "
                "use another --data-dir"
            ) from None
        self._lock_file.seek(0)
        self._lock_file.truncate()
        self._lock_file.write(str(os.getpid()))
        self._lock_file.flush()

    def _set_aws_env(self, endpoint: str) -> None:
        os.environ.update(
            {
                "AWS_ENDPOINT_URL": endpoint,
                "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "hoso-local"),
                "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "hoso-local"),
                "AWS_DEFAULT_REGION": REGION,
                "AWS_REGION": REGION,
                "HOSO_LOCAL": "1",
                "HOSO_LOG_FILE": str(self.data_dir / "functions.log"),
            }
        )

    def _load_officers(self) -> list[dict[str, Any]]:
        """``<data-dir>/officers.json`` (created with the default set when missing), loaded into
        the template's ``OfficersTable``; the local API's bearer tokens come from it."""
        from hoso_local.officers import Authenticator

        self._authenticator: Authenticator | None = None
        if "OfficersTable" not in self.resolver.names:
            return []
        self._authenticator = Authenticator(
            self.data_dir, self.clients["dynamodb"], self.resolver.names["OfficersTable"]
        )
        return self._authenticator.sync()

    # ------------------------------------------------------------------ functions
    def _load_functions(self) -> None:
        env: dict[str, tuple[str, str]] = {}
        specs = self.resolver.functions()
        for logical, props in specs.items():
            for k, v in props["ResolvedEnvironment"].items():
                if k in env and env[k][1] != v:
                    raise WiringError(
                        f"{logical} sets {k}={v!r} but {env[k][0]} sets {env[k][1]!r}: "
                        "in-process functions share one environment"
                    )
                env[k] = (logical, v)
        os.environ.update({k: v for k, (_, v) in env.items()})
        os.environ.setdefault("POWERTOOLS_DEV", "false")

        from hoso_aws import bootstrap

        bootstrap.reset()
        for logical, props in specs.items():
            self.functions[logical] = self._load_function(logical, props)

    def _load_function(self, logical: str, props: dict[str, Any]) -> Function:
        """One "container" of a function: its handler module loaded afresh (module state, such
        as powertools' idempotency context, is per container, as on Lambda); a process of its
        own when the function says ``Metadata: LocalProcess: true`` (see
        :mod:`hoso_local.container`) and the runtime runs such containers (``processes``)."""
        module_name, attr, code_dir = _handler_location(logical, props)
        path = self.root / code_dir / (module_name.replace(".", "/") + ".py")
        if str(path.parent) not in sys.path:  # as Lambda puts the code's root on the path
            sys.path.append(str(path.parent))
        name = f"hoso_fn_{logical}_{next(_instance)}"
        handler: Callable[[Any, Any], Any]
        if self.processes and (props.get("Metadata") or {}).get("LocalProcess"):
            container = ProcessContainer(path, name, attr, int(props["Timeout"]))
            self._containers.append(container)
            threading.Thread(target=container.start, name=f"start:{name}", daemon=True).start()
            handler = container
        else:
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is None or spec.loader is None:
                raise WiringError(f"{logical}: cannot load handler {path}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
            handler = getattr(module, attr)
        return Function(
            logical=logical,
            name=f"{self.stack}-{logical}",
            handler=handler,
            timeout=int(props["Timeout"]),
            memory=int(props["MemorySize"]),
        )

    def _another(self, fn: Function, props: dict[str, Any]) -> Function:
        """A further container of ``fn``, counted with it."""
        copy = self._load_function(fn.logical, props)
        copy.counted_by = fn
        return copy

    def _side_by_side(self, props: dict[str, Any], event: dict[str, Any]) -> int:
        """How many invocations of a queue's consumer run side by side here: the function's
        ``Metadata: LocalConcurrency`` (``cpus``: the cores this process may use; its work
        runs outside the interpreter, e.g. tesseract), within the event source's
        ``ScalingConfig.MaximumConcurrency``; else one at a time."""
        want = (props.get("Metadata") or {}).get("LocalConcurrency")
        if not want:
            return 1
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        n = int(cpus or 1) if want == "cpus" else int(want)
        most = (event.get("ScalingConfig") or {}).get("MaximumConcurrency")
        return max(1, min(n, int(most))) if most else max(1, n)

    def _wire(self) -> None:
        for logical, props in self.resolver.functions().items():
            fn = self.functions[logical]
            for event_name, ev in (props.get("Events") or {}).items():
                kind = ev["Type"]
                p = self.resolver.resolve(ev.get("Properties") or {})
                if kind not in SUPPORTED_EVENTS:
                    raise WiringError(
                        f"{logical}.{event_name}: event type {kind} is not run by the local runtime"
                    )
                if kind == "Api":
                    wire = Wire(logical, event_name, kind, f"{p['Method'].upper()} {p['Path']}")
                    public = (p.get("Auth") or {}).get("Authorizer") == "NONE"
                    self._api_routes.append(
                        Route(p["Method"].upper(), p["Path"], self._api_invoker(fn), public)
                    )
                elif kind == "DynamoDB":
                    wire = Wire(logical, event_name, kind, str(p["Stream"]))
                    self._spawn(f"stream:{logical}:{event_name}", self._poll_stream, fn, wire, p)
                elif kind == "SQS":
                    url = self._queue_url_from_arn(p["Queue"])
                    wire = Wire(logical, event_name, kind, url)
                    for i in range(self._side_by_side(props, p)):
                        self._spawn(
                            f"sqs:{logical}:{event_name}:{i}",
                            self._poll_sqs,
                            fn if i == 0 else self._another(fn, props),
                            wire,
                            url,
                            int(p.get("BatchSize", 10)),
                            "ReportBatchItemFailures" in (p.get("FunctionResponseTypes") or []),
                            p["Queue"],
                        )
                elif kind == "Schedule":
                    every = self.schedule_every or _rate_seconds(p["Schedule"])
                    wire = Wire(logical, event_name, kind, p["Schedule"])
                    self._spawn(f"schedule:{logical}:{event_name}", self._schedule, fn, wire, every)
                else:
                    wire = self._wire_rule(fn, event_name, kind, p)
                wire.running = True
                self.wires.append(wire)

    def _api_invoker(self, fn: Function) -> Callable[[dict[str, Any]], Any]:
        # One request at a time per function: a Lambda container serves one invocation at a
        # time, and the handler's module state (the resolver's current event) assumes it.
        one_at_a_time = self._api_locks.setdefault(fn.logical, threading.Lock())

        def invoke(event: dict[str, Any]) -> Any:
            with self._running(), one_at_a_time:
                try:
                    return fn.invoke(event)
                except Exception:
                    log.error("%s failed on a request: %s", fn.name, traceback.format_exc(5))
                    return {"statusCode": 502, "body": '{"message": "Internal server error"}'}

        return invoke

    def _stream_arn(self, stream: Any) -> str:
        if isinstance(stream, str) and stream.startswith("arn:"):
            return stream
        raise WiringError(f"cannot resolve stream {stream!r}")

    def _queue_url_from_arn(self, arn: str) -> str:
        name = arn.rsplit(":", 1)[-1]
        return str(self.clients["sqs"].get_queue_url(QueueName=name)["QueueUrl"])

    def _wire_rule(self, fn: Function, event_name: str, kind: str, p: dict[str, Any]) -> Wire:
        bus = p.get("EventBusName", "default")
        rule = f"{self.stack}-local-{fn.logical}-{event_name}"[:64]
        sqs, events = self.clients["sqs"], self.clients["events"]
        url = sqs.create_queue(QueueName=rule)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        events.put_rule(
            Name=rule, EventBusName=bus, EventPattern=json.dumps(p["Pattern"]), State="ENABLED"
        )
        events.put_targets(Rule=rule, EventBusName=bus, Targets=[{"Id": "local", "Arn": arn}])
        wire = Wire(fn.logical, event_name, kind, f"{bus}/{rule}")
        self._spawn(f"rule:{fn.logical}:{event_name}", self._poll_rule, fn, wire, url)
        return wire

    # ------------------------------------------------------------------ feeding
    def _spawn(self, name: str, target: Callable[..., None], *args: Any) -> None:
        t = threading.Thread(target=self._guard, args=(name, target, *args), name=name, daemon=True)
        self._threads.append(t)
        t.start()

    def _guard(self, name: str, target: Callable[..., None], *args: Any) -> None:
        while not self._stop.is_set():
            try:
                target(*args)
                return
            except Exception:
                if self._stop.is_set():
                    return
                log.error("local feeder %s crashed; restarting: %s", name, traceback.format_exc())
                self._stop.wait(1.0)

    @contextlib.contextmanager
    def _running(self) -> Iterator[None]:
        with self._inflight_cond:
            self._inflight += 1
        try:
            yield
        finally:
            with self._inflight_cond:
                self._inflight -= 1
                self._inflight_cond.notify_all()

    def _poll_sqs(
        self, fn: Function, wire: Wire, url: str, batch: int, partial: bool, arn: str
    ) -> None:
        sqs = self.clients["sqs"]
        # retried work comes back soon (a local convenience); a queue without a redrive
        # policy keeps what its consumer reports (dead letters awaiting redrive) for its own
        # visibility timeout, as on AWS
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])
        retried_soon = "RedrivePolicy" in attrs.get("Attributes", {})
        while not self._stop.is_set():
            msgs = sqs.receive_message(
                QueueUrl=url,
                MaxNumberOfMessages=min(batch, 10),
                WaitTimeSeconds=1,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            if not msgs:
                continue
            event = {"Records": [_sqs_record(m, arn) for m in msgs]}
            failed: set[str]
            with self._running():
                wire.deliveries += 1
                try:
                    response = fn.invoke(event)
                except Exception:
                    log.error(
                        "%s failed on a batch of %d: %s",
                        fn.name,
                        len(msgs),
                        traceback.format_exc(limit=5),
                    )
                    failed = {m["MessageId"] for m in msgs}
                else:
                    failed = set()
                    if partial and isinstance(response, dict):
                        failed = {
                            f["itemIdentifier"] for f in response.get("batchItemFailures") or []
                        }
            done = [m for m in msgs if m["MessageId"] not in failed]
            if done:
                sqs.delete_message_batch(
                    QueueUrl=url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                        for i, m in enumerate(done)
                    ],
                )
            for m in msgs:
                if m["MessageId"] in failed and retried_soon:
                    # Local convenience: retry soon instead of after the full visibility timeout.
                    with contextlib.suppress(Exception):
                        sqs.change_message_visibility(
                            QueueUrl=url,
                            ReceiptHandle=m["ReceiptHandle"],
                            VisibilityTimeout=self.retry_after,
                        )

    # -- DynamoDB streams ------------------------------------------------------------
    def _checkpoint_key(self, fn: Function, wire: Wire) -> str:
        return f"checkpoints/{fn.logical}-{wire.event}.json"

    def _load_checkpoint(self, key: str) -> dict[str, str]:
        try:
            body = self.clients["s3"].get_object(Bucket=self.runtime_bucket, Key=key)["Body"]
            data: dict[str, str] = json.loads(body.read())
            return data
        except self.clients["s3"].exceptions.NoSuchKey:
            return {}

    def _poll_stream(self, fn: Function, wire: Wire, p: dict[str, Any]) -> None:
        streams, s3 = self.clients["dynamodbstreams"], self.clients["s3"]
        arn = self._stream_arn(p["Stream"])
        batch = int(p.get("BatchSize", 100))
        partial = "ReportBatchItemFailures" in (p.get("FunctionResponseTypes") or [])
        filters = [
            json.loads(f["Pattern"]) for f in (p.get("FilterCriteria") or {}).get("Filters", [])
        ]
        start = "TRIM_HORIZON" if p.get("StartingPosition") == "TRIM_HORIZON" else "LATEST"
        key = self._checkpoint_key(fn, wire)
        checkpoint = self._load_checkpoint(key)
        # one request a poll: each reading's next iterator is kept for the next poll (made
        # again from the checkpoint after a failed delivery), the shards listed every 10 s
        following: dict[str, str] = {}
        shards: list[str] = []
        listed = 0.0
        while not self._stop.is_set():
            if not shards or time.monotonic() - listed >= _SHARDS_LISTED_EVERY_S:
                described = streams.describe_stream(StreamArn=arn)["StreamDescription"]
                shards, listed = [sh["ShardId"] for sh in described["Shards"]], time.monotonic()
            progressed = False
            for sid in shards:
                it = following.pop(sid, None) or self._shard_iterator(
                    arn, sid, checkpoint.get(sid), start
                )
                page = streams.get_records(ShardIterator=it, Limit=batch)
                records, after = page.get("Records", []), page.get("NextShardIterator")
                if not records:
                    if after:
                        following[sid] = after
                    continue
                last_ok = self._deliver_stream(fn, wire, arn, records, filters, partial)
                if last_ok is None:
                    self._stop.wait(self.retry_after)
                    continue
                checkpoint[sid] = last_ok
                s3.put_object(
                    Bucket=self.runtime_bucket, Key=key, Body=json.dumps(checkpoint).encode()
                )
                progressed = True
                if after and last_ok == str(records[-1]["dynamodb"]["SequenceNumber"]):
                    following[sid] = after
            if not progressed:
                self._stop.wait(0.5)

    def _shard_iterator(self, arn: str, sid: str, after: str | None, start: str) -> str:
        """An iterator just past ``after`` (the checkpoint), else at ``start``."""
        where: dict[str, str] = (
            {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": after}
            if after is not None
            else {"ShardIteratorType": start}
        )
        found = self.clients["dynamodbstreams"].get_shard_iterator(
            StreamArn=arn, ShardId=sid, **where
        )
        return str(found["ShardIterator"])

    def _deliver_stream(
        self,
        fn: Function,
        wire: Wire,
        arn: str,
        records: list[dict[str, Any]],
        filters: list[dict[str, Any]],
        partial: bool,
    ) -> str | None:
        """Invoke on the matching records; return the sequence number safely handled up to."""
        lambda_records = [_stream_record(r, arn) for r in records]
        matching = [r for r in lambda_records if not filters or any(matches(f, r) for f in filters)]
        if not matching:
            return str(records[-1]["dynamodb"]["SequenceNumber"])
        with self._running():
            wire.deliveries += 1
            try:
                response = fn.invoke({"Records": matching})
            except Exception:
                log.error("%s failed on a stream batch: %s", fn.name, traceback.format_exc(5))
                return None
        failures = []
        if partial and isinstance(response, dict):
            failures = [f["itemIdentifier"] for f in response.get("batchItemFailures") or []]
        if not failures:
            return str(records[-1]["dynamodb"]["SequenceNumber"])
        first_failed = min(failures, key=int)
        ok = [
            r["dynamodb"]["SequenceNumber"]
            for r in records
            if int(r["dynamodb"]["SequenceNumber"]) < int(first_failed)
        ]
        return str(ok[-1]) if ok else None

    def _poll_rule(self, fn: Function, wire: Wire, url: str) -> None:
        sqs = self.clients["sqs"]
        while not self._stop.is_set():
            msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
                "Messages", []
            )
            for m in msgs:
                with self._running():
                    wire.deliveries += 1
                    try:
                        fn.invoke(json.loads(m["Body"]))
                    except Exception:
                        log.error("%s failed on an event: %s", fn.name, traceback.format_exc(5))
                        continue
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])

    def _schedule(self, fn: Function, wire: Wire, every: float) -> None:
        while not self._stop.wait(every):
            event = {
                "version": "0",
                "id": str(uuid.uuid4()),
                "detail-type": "Scheduled Event",
                "source": "aws.events",
                "account": ACCOUNT_ID,
                "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "region": REGION,
                "resources": [f"arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/{fn.name}-{wire.event}"],
                "detail": {},
            }
            with self._running():
                wire.deliveries += 1
                try:
                    fn.invoke(event)
                except Exception:
                    log.error("%s failed on schedule: %s", fn.name, traceback.format_exc(5))

    def _snapshot_loop(self) -> None:
        """Save the state after changes: every second, or less often when saving is slow
        (a large state), so saving never takes more than about a tenth of the time."""
        interval = 1.0
        failures = 0
        while not self._stop.wait(interval):
            started = time.monotonic()
            try:
                self.server.snapshot()
            except Exception as exc:
                # the state stays dirty: written again on the next tick; reported on the first
                # failure, then every minute while it lasts (a full disk)
                if failures % 60 == 0:
                    reason = str(exc) if isinstance(exc, OSError) else traceback.format_exc(5)
                    log.error(
                        "could not save the local AWS state in %s (%s); the last snapshot is "
                        "kept, retrying every second (failed %d times)",
                        self.server.data_dir,
                        reason,
                        failures + 1,
                    )
                failures += 1
            else:
                if failures:
                    log.warning("local AWS state saved again after %d failed attempts", failures)
                failures = 0
            interval = max(1.0, 10 * (time.monotonic() - started))

    # ------------------------------------------------------------------ introspection
    def wiring(self) -> list[dict[str, Any]]:
        return [w.__dict__.copy() for w in self.wires]

    def usage(self) -> dict[str, Any]:
        """Per function: invocations, errors and the wall seconds spent in them (all of its
        containers together); and the local AWS's requests by ``service:operation`` (the
        runtime's own queue polling included), with their bodies' bytes. Written to
        ``usage.json`` at stop."""
        return {
            "functions": {
                name: {"invocations": f.invocations, "errors": f.errors,
                       "busy_seconds": round(f.busy_seconds, 1)}
                for name, f in sorted(self.functions.items())
            },
            "requests": dict(sorted(self.server.requests.items())),
            "request_bytes": dict(sorted(self.server.request_bytes.items())),
        }  # fmt: skip

    def idle(self) -> bool:
        """No invocation running and no visible or in-flight message on any queue."""
        with self._inflight_cond:
            if self._inflight:
                return False
        sqs = self.clients["sqs"]
        for url in sqs.list_queues().get("QueueUrls", []):
            a = sqs.get_queue_attributes(
                QueueUrl=url,
                AttributeNames=[
                    "ApproximateNumberOfMessages",
                    "ApproximateNumberOfMessagesNotVisible",
                ],
            )["Attributes"]
            if int(a["ApproximateNumberOfMessages"]) or int(
                a["ApproximateNumberOfMessagesNotVisible"]
            ):
                return False
        return True


def _handler_location(logical: str, props: dict[str, Any]) -> tuple[str, str, str]:
    """(module, attribute, code folder) of a function: zip (CodeUri + Handler) or container
    image (the Dockerfile's folder + ImageConfig.Command), both run in-process locally."""
    if props.get("PackageType") == "Image":
        meta = props.get("Metadata") or {}
        command = (props.get("ImageConfig") or {}).get("Command") or []
        if not meta.get("Dockerfile") or not command:
            raise WiringError(
                f"{logical}: image functions need Metadata.Dockerfile and "
                "ImageConfig.Command to run locally"
            )
        folder = Path(meta.get("DockerContext", ".")) / Path(meta["Dockerfile"]).parent
        module, attr = str(command[0]).rsplit(".", 1)
        return module, attr, str(folder)
    if not props.get("CodeUri") or not props.get("Handler"):
        raise WiringError(f"{logical}: a zip function needs CodeUri and Handler")
    module, attr = str(props["Handler"]).rsplit(".", 1)
    return module, attr, str(props["CodeUri"])


def _stream_record(r: dict[str, Any], arn: str) -> dict[str, Any]:
    ddb = dict(r["dynamodb"])
    created = ddb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        ddb["ApproximateCreationDateTime"] = int(created.timestamp())
    return {
        "eventID": r["eventID"],
        "eventName": r["eventName"],
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,
        "dynamodb": ddb,
        "eventSourceARN": arn,
    }


def matches(pattern: Any, event: Any) -> bool:
    """Event-filter pattern matching (the subset Lambda filter criteria use): nested objects,
    lists of allowed values, ``{"prefix": ...}``, ``{"exists": bool}``, ``{"anything-but": [...]}``."""
    if isinstance(pattern, dict):
        if not isinstance(event, dict):
            return False
        for k, sub in pattern.items():
            if isinstance(sub, list) and any(isinstance(x, dict) and "exists" in x for x in sub):
                want = next(x["exists"] for x in sub if isinstance(x, dict) and "exists" in x)
                if (k in event) != want:
                    return False
                continue
            if k not in event or not matches(sub, event[k]):
                return False
        return True
    if isinstance(pattern, list):
        for allowed in pattern:
            if isinstance(allowed, dict):
                if (
                    "prefix" in allowed
                    and isinstance(event, str)
                    and event.startswith(allowed["prefix"])
                ):
                    return True
                if "anything-but" in allowed:
                    banned = allowed["anything-but"]
                    banned = banned if isinstance(banned, list) else [banned]
                    if event not in banned:
                        return True
            elif allowed == event:
                return True
        return False
    return bool(pattern == event)


def _sqs_record(m: dict[str, Any], arn: str) -> dict[str, Any]:
    attrs = m.get("Attributes") or {}
    return {
        "messageId": m["MessageId"],
        "receiptHandle": m["ReceiptHandle"],
        "body": m["Body"],
        "attributes": {
            "ApproximateReceiveCount": attrs.get("ApproximateReceiveCount", "1"),
            "SentTimestamp": attrs.get("SentTimestamp", str(int(time.time() * 1000))),
            "SenderId": attrs.get("SenderId", ACCOUNT_ID),
            "ApproximateFirstReceiveTimestamp": attrs.get(
                "ApproximateFirstReceiveTimestamp", str(int(time.time() * 1000))
            ),
        },
        "messageAttributes": {
            k: {
                "stringValue": v.get("StringValue"),
                "binaryValue": v.get("BinaryValue"),
                "dataType": v.get("DataType"),
            }
            for k, v in (m.get("MessageAttributes") or {}).items()
        },
        "md5OfBody": m.get("MD5OfBody"),
        "eventSource": "aws:sqs",
        "eventSourceARN": arn,
        "awsRegion": REGION,
    }
