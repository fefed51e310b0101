"""Costs of moto (the local AWS) that grow with the local stack's data, removed for
`hoso up`. Written against moto 5.2.5 (the pin in pyproject.toml; :func:`apply` refuses
another version, so an upgrade is a conscious step: compare with moto's own code first).

1. ``TransactWriteItems`` deep-copies every table it touches before it writes, to put the
   copy back when a condition fails: its cost grows with the table (1,000 dossiers: about a
   second a transaction, most of the local stack's own CPU under `make load`). Here the
   conditions are checked first, on the items as they are (DynamoDB evaluates a
   transaction's conditions on the state before it, and its items are distinct), the writes
   made only when every condition holds, and when a write still fails (an invalid update
   expression) only the items already written are put back. The local server serves
   DynamoDB requests one at a time (:mod:`hoso_local.server`), so nothing changes between
   the check and the writes. A failed transaction so writes nothing, and leaves no stream
   record (moto's copy did the same); a write failing after others in the same transaction
   leaves stream records of the writes undone (moto's copy did not): a case hoso's own
   requests never make.
2. Every request lists moto's package folder (about 150 ``isdir`` calls) to tell a service's
   host name from a bucket's: listed once.
3. ``ReceiveMessage`` checks each message it hands out against the queue's retention period
   by asking for the queue's attributes, which computes all of them three times (the
   approximate counts walk every message of the queue, the timestamps are formatted): its
   cost grew with the queue, and the local pollers ask eleven queues every second. Here the
   retention period is read from the queue itself, the same number.
4. SQS asks the clock twice for every message of a queue whenever it lists the visible ones
   (every ``ReceiveMessage`` and every wake-up of a long poll) or counts them (every
   ``SendMessage`` computes the queue's attributes), and moto's clock builds two datetimes
   a call: with a backlog of thousands of OCR jobs that was most of `hoso up`'s own CPU
   (1,000 dossiers: benchmarks.md). SQS's millisecond clock is read from ``time.time()``,
   the same instant to the microsecond.
5. EventBridge builds every target's input by parsing the input paths (JSONPath) with
   ``jsonpath_ng``, whose parser is built anew, its grammar tables read, on every call:
   each ``PutEvents`` paid that once per path for every rule it matched (4% of `hoso up`'s
   own busy samples in a 1,000-dossier `make load`). Parsed expressions are kept (parsing
   is deterministic and finding with an expression does not change it).
6. DynamoDB Streams keeps every shard iterator it ever handed out, two for every poll of a
   stream (the local pollers poll every half second when idle): an idle `hoso up` grew by
   about 0.3 million iterators a day, each in every snapshot. On AWS an iterator expires
   after 15 minutes; here the newest 1,000 are kept (the pollers use theirs at once).
"""

from __future__ import annotations

import functools
import time
from importlib import metadata
from typing import Any

MOTO_VERSION = "5.2.5"
_applied = False


def apply() -> None:
    """Install the changes (once; the same process may start several local servers)."""
    global _applied
    if _applied:
        return
    found = metadata.version("moto")
    if found != MOTO_VERSION:
        raise RuntimeError(
            f"hoso_local.moto_tuning is written for moto {MOTO_VERSION}, found {found}: "
            "check moto's transact_write_items, list_of_moto_modules and "
            "is_message_valid_based_on_retention_period, unix_time_millis, events' "
            "EventTemplateParser.parse and dynamodbstreams' shard_iterators before moving "
            "the pin"
        )
    import jsonpath_ng.ext as jsonpath_ext
    from moto import backends
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodbstreams.models import DynamoDBStreamsBackend
    from moto.sqs import models as sqs_models
    from moto.sqs.models import SQSBackend

    listed = backends.list_of_moto_modules
    backends.list_of_moto_modules = functools.cache(lambda: tuple(listed()))
    DynamoDBBackend.transact_write_items = _transact_write_items  # type: ignore[method-assign]
    SQSBackend.is_message_valid_based_on_retention_period = _within_retention  # type: ignore[method-assign]
    sqs_models.unix_time_millis = _millis_now(sqs_models.unix_time_millis)  # type: ignore[attr-defined]
    jsonpath_ext.parse = functools.lru_cache(maxsize=256)(jsonpath_ext.parse)  # type: ignore[attr-defined]
    for name in ("get_shard_iterator", "get_records"):
        method = getattr(DynamoDBStreamsBackend, name)
        setattr(DynamoDBStreamsBackend, name, _newest_iterators(method))
    _applied = True


KEEP_ITERATORS = 1000  # shard iterators kept by the local DynamoDB Streams (change 6)


def _newest_iterators(method: Any) -> Any:
    """moto's method, after which only the newest :data:`KEEP_ITERATORS` iterators are kept
    (streams requests are served one at a time, with DynamoDB's: hoso_local.server)."""

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        finally:
            iterators = self.shard_iterators
            while len(iterators) > KEEP_ITERATORS:
                del iterators[next(iter(iterators))]

    return call


def _millis_now(moto_clock: Any) -> Any:
    """moto's ``unix_time_millis``; the current time (no argument) from ``time.time()``."""

    def millis(dt: Any = None) -> float:
        return time.time() * 1000.0 if dt is None else float(moto_clock(dt))

    return millis


def _within_retention(self: Any, queue_name: str, message: Any) -> bool:
    """moto's check, the period read from the queue instead of all its attributes."""
    from moto.core.utils import unix_time

    period = int(self.get_queue(queue_name).message_retention_period)
    return bool(period + message.sent_timestamp / 1000 > unix_time())


def _key(backend: Any, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return dict(op["Key"])
    attrs, table = op["Item"], backend.get_table(op["TableName"])
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


class _Failed(Exception):
    """An item's condition does not hold (``old``: the item, when the request asks for it)."""

    def __init__(self, old: Any) -> None:
        super().__init__("The conditional request failed")
        self.old = old


def _check(backend: Any, op: dict[str, Any], key: dict[str, Any]) -> None:
    """Raise :class:`_Failed` when the item's condition does not hold now."""
    from moto.dynamodb.comparisons import get_filter_expression

    expression = op.get("ConditionExpression")
    if expression is None:
        return
    current = backend.get_item(op["TableName"], key)
    condition = get_filter_expression(
        expression, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
    )
    if not condition.expr(current):
        old = None
        if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
            old = current.to_json()["Attributes"]
        raise _Failed(old)


def _write(backend: Any, op_type: str, op: dict[str, Any], key: dict[str, Any]) -> None:
    names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
    if op_type == "Put":
        backend.put_item(op["TableName"], op["Item"], expression_attribute_names=names,
                         expression_attribute_values=values)  # fmt: skip
    elif op_type == "Delete":
        backend.delete_item(op["TableName"], key, expression_attribute_names=names,
                            expression_attribute_values=values)  # fmt: skip
    elif op_type == "Update":
        backend.update_item(
            op["TableName"], key, update_expression=op["UpdateExpression"],
            expression_attribute_names=names, expression_attribute_values=values,
        )  # fmt: skip


def _transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
    from moto.dynamodb.exceptions import (
        MockValidationException,
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    seen: set[tuple[str, str]] = set()
    plan: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    errors: list[tuple[Any, Any, Any]] = []
    for item in transact_items:
        if len(item) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(item.items()))
        try:
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            key = _key(self, op_type, op)
            ident = (str(op["TableName"]), str(dict(sorted(key.items()))))
            if ident in seen:
                raise MultipleTransactionsException()
            seen.add(ident)
            _check(self, op, key)
            plan.append((op_type, op, key))
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            raise
        except _Failed as e:
            errors.append(("ConditionalCheckFailed", str(e), e.old))
        except Exception as e:  # as moto: the reason goes back with the item
            errors.append((type(e).__name__, str(e), None))
    if any(code is not None for code, _, _ in errors):
        raise TransactionCanceledException(errors)
    done: list[tuple[str, dict[str, Any], Any]] = []  # (table, key, the item before)
    try:
        for op_type, op, key in plan:
            if op_type == "ConditionCheck":
                continue
            before = self.get_item(op["TableName"], key)
            done.append((op["TableName"], key, before.to_json()["Attributes"] if before else None))
            _write(self, op_type, op, key)
    except Exception:
        for table, key, attrs in reversed(done):
            if attrs is None:
                self.delete_item(table, key)
            else:
                self.put_item(table, attrs)
        raise
