"""Ports: the only ways the core reaches storage, queues, the event bus and people.

AWS adapters live in ``hoso_aws`` (boto3); in-memory adapters for tests in ``tests/fakes.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from hoso.dossier import Dossier, parse_time
from hoso.status import DossierStatus


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
    def presign(self, bucket: str, key: str, expires_s: int) -> str:
        """A URL that lets whoever holds it download the object for ``expires_s`` seconds."""


@dataclass(frozen=True)
class WorkFilter:
    """Which dossiers a work list shows. ``agencies`` None: every agency (an empty tuple:
    none); the times are instants (aware), ``*_before``/``*_to`` exclusive."""

    status: DossierStatus | None = None
    agencies: tuple[str, ...] | None = None
    procedure: str | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None

    def matches(self, d: Dossier) -> bool:
        if self.status is not None and d.status != self.status:
            return False
        if self.agencies is not None and d.agency not in self.agencies:
            return False
        if self.procedure and d.procedure_code != self.procedure:
            return False
        received = parse_time(d.received_at)
        if self.received_from and received < self.received_from:
            return False
        if self.received_to and received >= self.received_to:
            return False
        if self.due_before or self.due_after:
            due = parse_time(d.effective_due_at) if d.effective_due_at else None
            if due is None:
                return False
            if self.due_before and due >= self.due_before:
                return False
            if self.due_after and due < self.due_after:
                return False
        return True


class ConflictError(Exception):
    """A conditional write lost: the record is not in the expected state."""


class RecordStore(Protocol):
    """Dossier records, their audit trails and counters. Queries are named for what the
    domain asks; how they are answered (the table's keys and indexes) is the adapter's."""

    def get(self, dossier_id: str) -> Dossier | None: ...

    def create(self, dossier: Dossier, audit: dict[str, Any]) -> None:
        """Create the record; raise ConflictError if it exists."""

    def transition(
        self,
        dossier_id: str,
        *,
        expected_revision: int,
        dossier: Dossier,
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

    def reserve_sequence(self, owner: str, scope: str) -> int:
        """The number of the counter ``scope`` that ``owner`` holds: taken once, in the same
        atomic write that moves the counter, and the same number on every later call (a
        retried decision never takes a second one)."""

    def claim(self, scope: str, token: str) -> bool:
        """Hold ``scope`` for ``token`` if nobody holds it; True when ``token`` holds it (now or
        already), False when another token does."""

    def audit_trail(self, dossier_id: str) -> list[dict[str, Any]]: ...

    # ------------------------------------------------------------------ named queries
    def in_status(
        self, status: DossierStatus, *, updated_before: str | None = None
    ) -> list[Dossier]:
        """Dossiers in ``status`` (last changed before ``updated_before``), oldest change first."""

    def agency_worklist(self, agency: str, status: DossierStatus) -> list[Dossier]:
        """An agency's dossiers in ``status``, oldest change first."""

    def due_before(self, until: str) -> list[Dossier]:
        """Open dossiers (received, in progress) whose appointment in force is before ``until``
        (and within the last year), earliest first."""

    def of_applicant(self, id_number: str) -> list[Dossier]:
        """A returning applicant's dossiers, oldest first."""

    def received_on(self, day: date) -> list[Dossier]:
        """Dossiers received on the local day ``day``, in order of reception."""

    def appointments_before(self, until: str, agencies: tuple[str, ...] | None) -> list[str]:
        """The appointments in force (ISO instants) before ``until`` (and within the last
        year) of open dossiers, of ``agencies`` only (None: all): the work list's overdue and
        due-soon numbers, without reading the records."""

    def count_by_status(self, agencies: tuple[str, ...] | None) -> dict[DossierStatus, int]:
        """How many dossiers each status holds (of ``agencies`` only; None: every agency)."""

    def search(
        self,
        filters: WorkFilter,
        limit: int,
        cursor: str | None = None,
        *,
        order: str = "changed",
    ) -> tuple[list[Dossier], str | None]:
        """A page of at most ``limit`` dossiers that match ``filters`` and the cursor of the
        next page (None: this was the last). The cursor is opaque to the caller, holds no
        personal data, and is meant for the same filters and order; one that cannot be read
        raises ValueError.

        ``order``: ``changed`` (by status, then last change, the oldest first) or ``due``
        (open dossiers only — received, in progress — by the appointment in force, the
        earliest first: overdue ones lead)."""


class WorkQueue(Protocol):
    def send(self, queue: str, body: Mapping[str, Any]) -> None: ...


class EventPublisher(Protocol):
    def publish(self, detail_type: str, detail: Mapping[str, Any]) -> None: ...


class Messenger(Protocol):
    """Telling people: the officers of an agency (one topic, filtered on ``agency``), an
    applicant by e-mail or by SMS. Each call sends one message or raises."""

    def to_officers(
        self, agency: str, subject: str | None, text: str, attributes: Mapping[str, str]
    ) -> None: ...
    def email(self, to: str, subject: str, text: str) -> None: ...
    def sms(self, phone: str, text: str) -> None:
        """``phone`` in E.164 (``+84912345678``)."""
