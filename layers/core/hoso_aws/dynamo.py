"""The records table (single-table design, docs/dynamodb.md): the record store port on
DynamoDB. The key design lives here and nowhere else.

Items: ``DOSSIER#<id>`` / ``RECORD`` (the record, as JSON in ``body``, with its sparse index
keys), ``DOSSIER#<id>`` / ``AUDIT#<at>#<id>`` (audit entries, the outbox the stream relays),
``COUNTER#<scope>`` and ``PARTS#<scope>``. Indexes (all sparse):

- gsi1 ``STATUS#<status>`` / updated_at: dossiers in a status
- gsi2 ``AGENCY#<agency>#<status>`` / updated_at: an agency's worklist
- gsi3 ``DUE`` / due: open dossiers by appointment in force (one partition)
- gsi4 ``APPLICANT#<hash of the ID number>`` / received_at: a returning applicant
- gsi5 ``RECEIVED#<local day>`` / received_at: dossiers received on a day
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from botocore.exceptions import ClientError

from hoso.dossier import Dossier, iso, local_date, parse_time
from hoso.ports import ConflictError, WorkFilter
from hoso.status import OPEN, DossierStatus

RECORD_SK = "RECORD"
DUE_DAYS_BACK = 366  # the overdue sweep does not look for an appointment older than a year
# The due index's one partition: open dossiers only (a centre's working set, a few thousand),
# written far below a partition's limit; one query answers the due-ordered queue.
DUE_PARTITION = "DUE"


def index_keys(record: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Secondary-index keys of a record (sparse: only those that apply). Keys hold no raw
    personal data: the applicant's ID number is hashed."""
    keys = {
        "gsi1": (f"STATUS#{record['status']}", record["updated_at"]),
        "gsi5": (
            f"RECEIVED#{local_date(parse_time(record['received_at'])).isoformat()}",
            record["received_at"],
        ),
    }
    if record.get("agency"):
        keys["gsi2"] = (f"AGENCY#{record['agency']}#{record['status']}", record["updated_at"])
    due = record.get("new_due_at") or record.get("due_at")
    if due and record["status"] in OPEN:
        keys["gsi3"] = (DUE_PARTITION, due)
    id_number = (record.get("applicant") or {}).get("id_number")
    if id_number:
        keys["gsi4"] = (f"APPLICANT#{applicant_key(id_number)}", record["received_at"])
    return keys


def applicant_key(id_number: str) -> str:
    """A returning applicant's index key: a hash, never the ID number itself."""
    return hashlib.sha256(f"hoso-applicant:{id_number}".encode()).hexdigest()[:32]


def due_since(until: str) -> str:
    """The oldest appointment the overdue sweep looks for (a year before ``until``)."""
    return iso(parse_time(until) - timedelta(days=DUE_DAYS_BACK))


def work_partitions(filters: WorkFilter, order: str = "changed") -> list[tuple[str, str]]:
    """The index partitions a work list reads, in order: an agency's dossiers in a status
    (gsi2) when the agencies are limited, else the dossiers in a status (gsi1); for the due
    order, the open dossiers by their appointment (gsi3), the earliest first."""
    if order == "due":
        return [("gsi3", DUE_PARTITION)]
    statuses = [filters.status] if filters.status else list(DossierStatus)
    if filters.agencies is not None:
        return [("gsi2", f"AGENCY#{a}#{s}") for a in sorted(filters.agencies) for s in statuses]
    return [("gsi1", f"STATUS#{s}") for s in statuses]


def encode_cursor(partition: int, key: dict[str, Any], order: str = "changed") -> str:
    """An opaque cursor: the partition's number and the last record's index key (a dossier id,
    its status, agency and time of change; no personal data)."""
    data = json.dumps([partition, key, order], sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def decode_cursor(cursor: str, order: str = "changed") -> tuple[int, dict[str, Any]]:
    """The partition's number and the key after which to go on; ValueError for a cursor
    that is not one of this order's."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        partition, key, made_for = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise ValueError("not a cursor of this list") from exc
    if not isinstance(partition, int) or not isinstance(key, dict) or made_for != order:
        raise ValueError("not a cursor of this list")
    return partition, key


def record_item(dossier: Dossier) -> dict[str, Any]:
    """The record item and its sparse index keys."""
    record = dossier.to_dict()
    status = record["status"]
    updated = record["updated_at"]
    item: dict[str, Any] = {
        "pk": {"S": f"DOSSIER#{record['dossier_id']}"},
        "sk": {"S": RECORD_SK},
        "status": {"S": status},
        "revision": {"N": str(record.get("revision", 1))},
        "updated_at": {"S": updated},
        "received_at": {"S": record["received_at"]},
        "body": {"S": json.dumps(record, ensure_ascii=False, sort_keys=True)},
    }
    for name, (pk, sk) in index_keys(record).items():
        item[f"{name}pk"] = {"S": pk}
        item[f"{name}sk"] = {"S": sk}
    for attr in ("procedure_code", "agency", "due_at", "dossier_code"):
        if record.get(attr):
            item[attr] = {"S": str(record[attr])}
    return item


def _audit_item(dossier_id: str, audit: dict[str, Any]) -> dict[str, Any]:
    item = {
        "pk": {"S": f"DOSSIER#{dossier_id}"},
        "sk": {"S": f"AUDIT#{audit['at']}#{audit['id']}"},
        "body": {"S": json.dumps(audit, ensure_ascii=False, sort_keys=True)},
    }
    if audit.get("event"):
        item["event_type"] = {"S": audit["event"]["detail_type"]}
    return item


def outbox_entry(image: dict[str, Any] | None) -> dict[str, Any] | None:
    """The audit entry of an item the table's stream shows (its new image, deserialised): the
    outbox the publisher relays. None for any other item."""
    if not image or not str(image.get("sk", "")).startswith("AUDIT#"):
        return None
    entry: dict[str, Any] = json.loads(image["body"])
    return entry


class DynamoRecordStore:
    """Single-table design: DOSSIER#<id> / RECORD, DOSSIER#<id> / AUDIT#<at>#<n>, counters."""

    def __init__(self, client: Any, table: str) -> None:
        self.ddb = client
        self.table = table

    def get(self, dossier_id: str) -> Dossier | None:
        r = self.ddb.get_item(
            TableName=self.table,
            Key={"pk": {"S": f"DOSSIER#{dossier_id}"}, "sk": {"S": RECORD_SK}},
            ConsistentRead=True,
        )
        item = r.get("Item")
        return Dossier.from_dict(json.loads(item["body"]["S"])) if item else None

    def create(self, dossier: Dossier, audit: dict[str, Any]) -> None:
        self._transact(dossier, audit, condition="attribute_not_exists(pk)", values=None)

    def transition(
        self,
        dossier_id: str,
        *,
        expected_revision: int,
        dossier: Dossier,
        audit: dict[str, Any] | None,
    ) -> None:
        if expected_revision:
            condition, values = "#rev = :rev", {":rev": {"N": str(expected_revision)}}
        else:  # written before revisions existed
            condition, values = "attribute_not_exists(#rev)", {}
        self._transact(dossier, audit, condition=condition, values=values)

    def _transact(
        self,
        dossier: Dossier,
        audit: dict[str, Any] | None,
        *,
        condition: str,
        values: dict[str, Any] | None,
    ) -> None:
        put: dict[str, Any] = {
            "TableName": self.table,
            "Item": record_item(dossier),
            "ConditionExpression": condition,
        }
        if "#rev" in condition:
            put["ExpressionAttributeNames"] = {"#rev": "revision"}
        if values:
            put["ExpressionAttributeValues"] = values
        items: list[dict[str, Any]] = [{"Put": put}]
        if audit is not None:
            items.append(
                {
                    "Put": {
                        "TableName": self.table,
                        "Item": _audit_item(dossier.dossier_id, audit),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                }
            )
        try:
            self.ddb.transact_write_items(TransactItems=items)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code")
            if code in ("TransactionCanceledException", "ConditionalCheckFailedException"):
                raise ConflictError(str(exc)) from exc
            raise

    def audit_trail(self, dossier_id: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :a)",
            "ExpressionAttributeValues": {
                ":pk": {"S": f"DOSSIER#{dossier_id}"},
                ":a": {"S": "AUDIT#"},
            },
            "ConsistentRead": True,
        }
        while True:
            r = self.ddb.query(**kwargs)
            out += [json.loads(i["body"]["S"]) for i in r.get("Items", [])]
            if "LastEvaluatedKey" not in r:
                return out
            kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]

    # ------------------------------------------------------------------ named queries
    def in_status(
        self, status: DossierStatus, *, updated_before: str | None = None
    ) -> list[Dossier]:
        return self._query("gsi1", f"STATUS#{status}", hi=updated_before)

    def agency_worklist(self, agency: str, status: DossierStatus) -> list[Dossier]:
        return self._query("gsi2", f"AGENCY#{agency}#{status}")

    def due_before(self, until: str) -> list[Dossier]:
        found = self._query("gsi3", DUE_PARTITION, lo=due_since(until), hi=until)
        return [d for d in found if (d.effective_due_at or "") < until]  # BETWEEN includes it

    def of_applicant(self, id_number: str) -> list[Dossier]:
        return self._query("gsi4", f"APPLICANT#{applicant_key(id_number)}")

    def received_on(self, day: date) -> list[Dossier]:
        return self._query("gsi5", f"RECEIVED#{day.isoformat()}")

    def appointments_before(self, until: str, agencies: tuple[str, ...] | None) -> list[str]:
        """The due index (gsi3) over the last year up to ``until``, reading only each
        entry's appointment and agency."""
        out: list[str] = []
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": "gsi3",
            "KeyConditionExpression": "gsi3pk = :p AND gsi3sk BETWEEN :lo AND :hi",
            "ExpressionAttributeValues": {
                ":p": {"S": DUE_PARTITION},
                ":lo": {"S": due_since(until)},
                ":hi": {"S": until},
            },
            "ProjectionExpression": "gsi3sk, agency",
        }
        while True:
            r = self.ddb.query(**kwargs)
            for item in r.get("Items", []):
                agency, due = item.get("agency", {}).get("S"), item["gsi3sk"]["S"]
                if (agencies is None or agency in agencies) and due < until:
                    out.append(due)
            if "LastEvaluatedKey" not in r:
                return out
            kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]

    def count_by_status(self, agencies: tuple[str, ...] | None) -> dict[DossierStatus, int]:
        """A COUNT query per partition of the work list (gsi2 per agency and status, else
        gsi1 per status): nothing but the counts crosses the wire."""
        counts = {s: 0 for s in DossierStatus}
        for status in DossierStatus:
            parts = work_partitions(WorkFilter(status=status, agencies=agencies))
            counts[status] = sum(self._count(index, pk) for index, pk in parts)
        return counts

    def _count(self, index: str, pk: str) -> int:
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": index,
            "KeyConditionExpression": f"{index}pk = :p",
            "ExpressionAttributeValues": {":p": {"S": pk}},
            "Select": "COUNT",
        }
        total = 0
        while True:
            r = self.ddb.query(**kwargs)
            total += int(r.get("Count", 0))
            if "LastEvaluatedKey" not in r:
                return total
            kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]

    def search(
        self,
        filters: WorkFilter,
        limit: int,
        cursor: str | None = None,
        *,
        order: str = "changed",
    ) -> tuple[list[Dossier], str | None]:
        """Walk the work list's partitions (``work_partitions``) in order, a page of at most
        ``limit + 1`` index entries at a time, keeping the records that match; the cursor is
        the partition's number and the index key of the last record returned."""
        parts = work_partitions(filters, order)
        start, after = decode_cursor(cursor, order) if cursor else (0, None)
        out: list[Dossier] = []
        last: tuple[int, dict[str, Any]] | None = None
        for n in range(start, len(parts)):
            index, pk = parts[n]
            for item in self._items(index, pk, after if n == start else None, page=limit + 1):
                dossier = self._dossier(item)
                if dossier is None or not filters.matches(dossier):
                    continue
                if len(out) == limit and last is not None:
                    return out, encode_cursor(*last, order)
                out.append(dossier)
                last = (n, {k: item[k] for k in ("pk", "sk", f"{index}pk", f"{index}sk")})
        return out, None

    def _items(
        self, index: str, pk: str, after: dict[str, Any] | None, *, page: int | None = None
    ) -> Iterator[dict[str, Any]]:
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": index,
            "KeyConditionExpression": f"{index}pk = :p",
            "ExpressionAttributeValues": {":p": {"S": pk}},
        }
        if page:
            kwargs["Limit"] = page
        if after:
            kwargs["ExclusiveStartKey"] = after
        while True:
            r = self.ddb.query(**kwargs)
            yield from r.get("Items", [])
            if "LastEvaluatedKey" not in r:
                return
            kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]

    def _dossier(self, item: dict[str, Any]) -> Dossier | None:
        if "body" in item:
            return Dossier.from_dict(json.loads(item["body"]["S"]))
        return self.get(item["pk"]["S"].removeprefix("DOSSIER#"))  # keys-only index

    def _query(
        self, index: str, pk: str, *, lo: str | None = None, hi: str | None = None
    ) -> list[Dossier]:
        """Records whose ``index`` key is ``pk`` and sort key within [lo, hi] (or < hi when
        only hi is given, >= lo when only lo)."""
        cond = f"{index}pk = :p"
        values: dict[str, Any] = {":p": {"S": pk}}
        if lo is not None and hi is not None:
            cond += f" AND {index}sk BETWEEN :lo AND :hi"
            values |= {":lo": {"S": lo}, ":hi": {"S": hi}}
        elif hi is not None:
            cond += f" AND {index}sk < :hi"
            values[":hi"] = {"S": hi}
        elif lo is not None:
            cond += f" AND {index}sk >= :lo"
            values[":lo"] = {"S": lo}
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": index,
            "KeyConditionExpression": cond,
            "ExpressionAttributeValues": values,
        }
        out: list[Dossier] = []
        while True:
            r = self.ddb.query(**kwargs)
            for i in r.get("Items", []):
                if "body" in i:
                    out.append(Dossier.from_dict(json.loads(i["body"]["S"])))
                else:  # keys-only index: fetch the record
                    rec = self.get(i["pk"]["S"].removeprefix("DOSSIER#"))
                    if rec is not None:
                        out.append(rec)
            if "LastEvaluatedKey" not in r:
                return out
            kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]

    def mark_part_done(self, scope: str, part: str) -> int:
        r = self.ddb.update_item(
            TableName=self.table,
            Key={"pk": {"S": f"PARTS#{scope}"}, "sk": {"S": "PARTS"}},
            UpdateExpression="ADD #p :part",
            ExpressionAttributeNames={"#p": "parts"},
            ExpressionAttributeValues={":part": {"SS": [part]}},
            # ALL_NEW: moto (the local stack) leaves an attribute the update did not change out
            # of UPDATED_NEW, as when a redelivered part is marked done again
            ReturnValues="ALL_NEW",
        )
        return len(r["Attributes"]["parts"]["SS"])

    def reserve_sequence(self, owner: str, scope: str) -> int:
        held = {"pk": {"S": f"NUMBER#{owner}"}, "sk": {"S": f"NUMBER#{scope}"}}
        counter = {"pk": {"S": f"COUNTER#{scope}"}, "sk": {"S": "COUNTER"}}
        for _ in range(50):  # each round loses only to another number taken meanwhile
            item = self.ddb.get_item(TableName=self.table, Key=held, ConsistentRead=True)
            if "Item" in item:
                return int(item["Item"]["n"]["N"])
            now = self.ddb.get_item(TableName=self.table, Key=counter, ConsistentRead=True)
            current = int(now.get("Item", {}).get("n", {}).get("N", "0"))
            condition = "#n = :cur" if current else "attribute_not_exists(#n)"
            values: dict[str, dict[str, str]] = {":next": {"N": str(current + 1)}}
            if current:
                values[":cur"] = {"N": str(current)}
            try:
                self.ddb.transact_write_items(
                    TransactItems=[
                        {
                            "Update": {
                                "TableName": self.table,
                                "Key": counter,
                                "UpdateExpression": "SET #n = :next",
                                "ConditionExpression": condition,
                                "ExpressionAttributeNames": {"#n": "n"},
                                "ExpressionAttributeValues": values,
                            }
                        },
                        {
                            "Put": {
                                "TableName": self.table,
                                "Item": {**held, "n": {"N": str(current + 1)}},
                                "ConditionExpression": "attribute_not_exists(pk)",
                            }
                        },
                    ]
                )
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                continue
            return current + 1
        raise ConflictError(f"could not reserve a number of {scope} for {owner}")

    def claim(self, scope: str, token: str) -> bool:
        try:
            self.ddb.put_item(
                TableName=self.table,
                Item={"pk": {"S": f"CLAIM#{scope}"}, "sk": {"S": "CLAIM"}, "token": {"S": token}},
                ConditionExpression="attribute_not_exists(pk) OR #t = :t",
                ExpressionAttributeNames={"#t": "token"},
                ExpressionAttributeValues={":t": {"S": token}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            return False
        return True

    def next_sequence(self, scope: str) -> int:
        r = self.ddb.update_item(
            TableName=self.table,
            Key={"pk": {"S": f"COUNTER#{scope}"}, "sk": {"S": "COUNTER"}},
            UpdateExpression="ADD #n :one",
            ExpressionAttributeNames={"#n": "n"},
            ExpressionAttributeValues={":one": {"N": "1"}},
            ReturnValues="UPDATED_NEW",
        )
        return int(r["Attributes"]["n"]["N"])
