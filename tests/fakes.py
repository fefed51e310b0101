"""In-memory implementations of the ports, for tests (the same contract tests run against
these and against the moto-backed AWS adapters)."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import threading
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from hoso.dossier import Dossier, iso, parse_time
from hoso.ports import ConflictError, StoredObject, WorkFilter
from hoso.status import OPEN, DossierStatus


class MemoryObjectStore:
    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], tuple[bytes, str, dict[str, str]]] = {}

    def put(
        self,
        bucket: str,
        key: str,
        data: bytes,
        *,
        content_type: str = "application/octet-stream",
        metadata: Mapping[str, str] | None = None,
    ) -> None:
        self.objects[(bucket, key)] = (data, content_type, dict(metadata or {}))

    def head(self, bucket: str, key: str) -> StoredObject | None:
        if (bucket, key) not in self.objects:
            return None
        data, ctype, meta = self.objects[(bucket, key)]
        return StoredObject(bucket, key, len(data), hashlib.md5(data).hexdigest(), ctype, meta)

    def get(self, bucket: str, key: str) -> bytes:
        return self.objects[(bucket, key)][0]

    def list(self, bucket: str, prefix: str) -> list[StoredObject]:
        out = []
        for b, k in sorted(self.objects):
            if b == bucket and k.startswith(prefix):
                head = self.head(b, k)
                assert head is not None
                out.append(head)
        return out

    def presign(self, bucket: str, key: str, expires_s: int) -> str:
        if (bucket, key) not in self.objects:
            raise KeyError(f"no object {bucket}/{key}")
        return f"https://{bucket}.s3.local/{key}?X-Amz-Expires={expires_s}&X-Amz-Signature=fake"


class MemoryRecordStore:
    def __init__(self) -> None:
        self.records: dict[str, Dossier] = {}
        self.audit: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.counters: dict[str, int] = defaultdict(int)
        self.reserved: dict[tuple[str, str], int] = {}
        self.claims: dict[str, str] = {}
        self.parts: dict[str, set[str]] = defaultdict(set)
        self._lock = threading.Lock()

    def get(self, dossier_id: str) -> Dossier | None:
        r = self.records.get(dossier_id)
        return copy.deepcopy(r) if r else None

    def create(self, dossier: Dossier, audit: dict[str, Any]) -> None:
        with self._lock:
            if dossier.dossier_id in self.records:
                raise ConflictError(dossier.dossier_id)
            self.records[dossier.dossier_id] = copy.deepcopy(dossier)
            self.audit[dossier.dossier_id].append(dict(audit))

    def transition(
        self,
        dossier_id: str,
        *,
        expected_revision: int,
        dossier: Dossier,
        audit: dict[str, Any] | None,
    ) -> None:
        with self._lock:
            current = self.records.get(dossier_id)
            if current is None or int(current.revision or 0) != expected_revision:
                raise ConflictError(dossier_id)
            self.records[dossier_id] = copy.deepcopy(dossier)
            if audit is not None:
                self.audit[dossier_id].append(dict(audit))

    def audit_trail(self, dossier_id: str) -> list[dict[str, Any]]:
        return list(self.audit.get(dossier_id, []))

    def record(self, dossier_id: str) -> dict[str, Any] | None:
        """The stored record as its JSON object (for assertions)."""
        r = self.records.get(dossier_id)
        return r.to_dict() if r else None

    def _where(self, keep: Any, order: Any) -> list[Dossier]:
        return [copy.deepcopy(d) for d in sorted(filter(keep, self.records.values()), key=order)]

    def in_status(
        self, status: DossierStatus, *, updated_before: str | None = None
    ) -> list[Dossier]:
        return self._where(
            lambda d: (
                d.status == status and (updated_before is None or d.updated_at < updated_before)
            ),
            lambda d: d.updated_at,
        )

    def agency_worklist(self, agency: str, status: DossierStatus) -> list[Dossier]:
        return self._where(
            lambda d: d.agency == agency and d.status == status, lambda d: d.updated_at
        )

    def due_before(self, until: str) -> list[Dossier]:
        since = iso(parse_time(until) - timedelta(days=365))  # "within the last year"
        return self._where(
            lambda d: (
                d.status in OPEN
                and bool(d.effective_due_at)
                and since <= (d.effective_due_at or "") < until
            ),
            lambda d: d.effective_due_at,
        )

    def of_applicant(self, id_number: str) -> list[Dossier]:
        return self._where(
            lambda d: d.applicant_id == id_number,
            lambda d: d.received_at,
        )

    def received_on(self, day: date) -> list[Dossier]:
        return self._where(lambda d: d.received_day == day, lambda d: d.received_at)

    def appointments_before(self, until: str, agencies: tuple[str, ...] | None) -> list[str]:
        return [
            d.effective_due_at or ""
            for d in self.due_before(until)
            if agencies is None or d.agency in agencies
        ]

    def count_by_status(self, agencies: tuple[str, ...] | None) -> dict[DossierStatus, int]:
        counts = {s: 0 for s in DossierStatus}
        for d in self.records.values():
            if agencies is None or d.agency in agencies:
                counts[d.status] += 1
        return counts

    def search(
        self,
        filters: WorkFilter,
        limit: int,
        cursor: str | None = None,
        *,
        order: str = "changed",
    ) -> tuple[list[Dossier], str | None]:
        def key(d: Dossier) -> tuple[str, str]:
            if order == "due":
                return (d.effective_due_at or "", d.dossier_id)
            return (d.updated_at, d.dossier_id)

        def wanted(d: Dossier) -> bool:
            due = order != "due" or (d.status in OPEN and bool(d.effective_due_at))
            return due and filters.matches(d)

        rows = self._where(wanted, key)
        if cursor:
            try:
                after = json.loads(base64.urlsafe_b64decode(cursor))
                assert after[0] == order
            except (ValueError, AssertionError, IndexError, TypeError) as exc:
                raise ValueError("not a cursor of this list") from exc
            rows = [d for d in rows if key(d) > tuple(after[1:])]
        page = rows[:limit]
        if len(rows) <= limit:
            return page, None
        last = json.dumps([order, *key(page[-1])]).encode()
        return page, base64.urlsafe_b64encode(last).decode()

    def mark_part_done(self, scope: str, part: str) -> int:
        with self._lock:
            self.parts[scope].add(part)
            return len(self.parts[scope])

    def next_sequence(self, scope: str) -> int:
        with self._lock:
            self.counters[scope] += 1
            return self.counters[scope]

    def reserve_sequence(self, owner: str, scope: str) -> int:
        with self._lock:
            if (owner, scope) not in self.reserved:
                self.counters[scope] += 1
                self.reserved[(owner, scope)] = self.counters[scope]
            return self.reserved[(owner, scope)]

    def claim(self, scope: str, token: str) -> bool:
        with self._lock:
            return self.claims.setdefault(scope, token) == token


class MemoryQueue:
    def __init__(self) -> None:
        self.messages: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def send(self, queue: str, body: Mapping[str, Any]) -> None:
        self.messages[queue].append(copy.deepcopy(dict(body)))

    def pop(self, queue: str) -> dict[str, Any] | None:
        return self.messages[queue].pop(0) if self.messages[queue] else None


class MemoryEvents:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    def publish(self, detail_type: str, detail: Mapping[str, Any]) -> None:
        self.events.append((detail_type, dict(detail)))


class MemoryMessenger:
    """Keeps what would have been sent: (channel, recipient, subject, text, attributes)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str | None, str, dict[str, str]]] = []

    def to_officers(
        self, agency: str, subject: str | None, text: str, attributes: Mapping[str, str]
    ) -> None:
        self.sent.append(("officers", agency, subject, text, dict(attributes)))

    def email(self, to: str, subject: str, text: str) -> None:
        self.sent.append(("email", to, subject, text, {}))

    def sms(self, phone: str, text: str) -> None:
        self.sent.append(("sms", phone, None, text, {}))
