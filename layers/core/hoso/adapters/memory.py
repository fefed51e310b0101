"""In-memory implementations of the ports, for tests and for running stages without AWS."""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from hoso.ports import ConflictError, StoredObject
from hoso.records import index_keys


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


class MemoryRecordStore:
    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}
        self.audit: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.counters: dict[str, int] = defaultdict(int)
        self.parts: dict[str, set[str]] = defaultdict(set)
        self._lock = threading.Lock()

    def get(self, dossier_id: str) -> dict[str, Any] | None:
        r = self.records.get(dossier_id)
        return copy.deepcopy(r) if r else None

    def create(self, record: dict[str, Any], audit: dict[str, Any]) -> None:
        with self._lock:
            if record["dossier_id"] in self.records:
                raise ConflictError(record["dossier_id"])
            self.records[record["dossier_id"]] = copy.deepcopy(record)
            self.audit[record["dossier_id"]].append(dict(audit))

    def transition(
        self,
        dossier_id: str,
        *,
        expected_revision: int,
        record: dict[str, Any],
        audit: dict[str, Any] | None,
    ) -> None:
        with self._lock:
            current = self.records.get(dossier_id)
            if current is None or int(current.get("revision", 0)) != expected_revision:
                raise ConflictError(dossier_id)
            self.records[dossier_id] = copy.deepcopy(record)
            if audit is not None:
                self.audit[dossier_id].append(dict(audit))

    def audit_trail(self, dossier_id: str) -> list[dict[str, Any]]:
        return list(self.audit.get(dossier_id, []))

    def by_status(self, status: str, *, updated_before: str | None = None) -> list[dict[str, Any]]:
        return [
            copy.deepcopy(r)
            for r in self.records.values()
            if r["status"] == status
            and (updated_before is None or r["updated_at"] < updated_before)
        ]

    def query_index(
        self, index: str, pk: str, *, lo: str | None = None, hi: str | None = None
    ) -> list[dict[str, Any]]:
        out = []
        for r in self.records.values():
            key = index_keys(r).get(index)
            if key is None or key[0] != pk:
                continue
            sk = key[1]
            if lo is not None and hi is not None:
                if not lo <= sk <= hi:
                    continue
            elif (hi is not None and not sk < hi) or (lo is not None and not sk >= lo):
                continue
            out.append((sk, copy.deepcopy(r)))
        return [r for _, r in sorted(out, key=lambda x: x[0])]

    def mark_part_done(self, scope: str, part: str) -> int:
        with self._lock:
            self.parts[scope].add(part)
            return len(self.parts[scope])

    def next_sequence(self, scope: str) -> int:
        with self._lock:
            self.counters[scope] += 1
            return self.counters[scope]


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
