"""Ports: the only ways the core reaches storage, queues and the event bus.

AWS adapters live in ``hoso_aws`` (boto3); in-memory adapters in ``hoso.adapters.memory``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class StoredObject:
    bucket: str
    key: str
    size: int
    etag: str | None = None
    content_type: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    version_id: str | None = None


class ObjectStore(Protocol):
    def head(self, bucket: str, key: str) -> StoredObject | None: ...
    def get(self, bucket: str, key: str) -> bytes: ...
    def put(
        self, bucket: str, key: str, data: bytes, *, content_type: str = "application/octet-stream"
    ) -> None: ...
    def list(self, bucket: str, prefix: str) -> list[StoredObject]: ...


class ConflictError(Exception):
    """A conditional write lost: the record is not in the expected state."""


class RecordStore(Protocol):
    def get(self, dossier_id: str) -> dict[str, Any] | None: ...

    def create(self, record: dict[str, Any], audit: dict[str, Any]) -> None:
        """Create the record; raise ConflictError if it exists."""

    def transition(
        self,
        dossier_id: str,
        *,
        expected_revision: int,
        record: dict[str, Any],
        audit: dict[str, Any] | None,
    ) -> None:
        """Replace the record iff its revision is still ``expected_revision``; append ``audit``.

        Raise ConflictError otherwise. The write and the audit entry are atomic.
        """

    def mark_part_done(self, scope: str, part: str) -> int:
        """Record that ``part`` of a fanned-out job is done (idempotently); return how many
        distinct parts of ``scope`` are done."""

    def next_sequence(self, scope: str) -> int:
        """Atomically increment and return the counter named ``scope`` (starts at 1)."""

    def audit_trail(self, dossier_id: str) -> list[dict[str, Any]]: ...

    def by_status(
        self, status: str, *, updated_before: str | None = None
    ) -> list[dict[str, Any]]: ...

    def query_index(
        self, index: str, pk: str, *, lo: str | None = None, hi: str | None = None
    ) -> list[dict[str, Any]]:
        """Records whose ``index`` key (see ``hoso.records.index_keys``) is ``pk`` and whose
        sort key is within [lo, hi] (or < hi when only hi is given, >= lo when only lo)."""


class WorkQueue(Protocol):
    def send(self, queue: str, body: Mapping[str, Any]) -> None: ...


class EventPublisher(Protocol):
    def publish(self, detail_type: str, detail: Mapping[str, Any]) -> None: ...
