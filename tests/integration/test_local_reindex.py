"""`hoso up` keeps local state across versions: records written when the due index was by
month get this version's keys when the stack starts (hoso_local.runtime.reindex_records)."""

from __future__ import annotations

import pytest

from hoso.dossier import Dossier
from hoso_aws.dynamo import DynamoRecordStore, record_item
from hoso_local.provision import provision
from hoso_local.runtime import reindex_records
from tests.integration.conftest import resolver

pytestmark = pytest.mark.integration


def test_records_indexed_by_month_get_the_one_due_partition(aws):
    res = resolver(only=("RecordsTable",))
    provision(res, aws)
    table, ddb = res.names["RecordsTable"], aws["dynamodb"]
    store = DynamoRecordStore(ddb, table)
    old = Dossier(
        dossier_id="cu",
        status="received",
        received_at="2026-03-01T02:00:00.000Z",
        updated_at="2026-03-01T02:00:00.000Z",
        due_at="2026-03-10T10:00:00.000Z",
        revision=1,
    )
    item = record_item(old)
    item["gsi3pk"] = {"S": "DUE#2026-03"}  # as an earlier version wrote it
    ddb.put_item(TableName=table, Item=item)
    store.create(
        Dossier(
            dossier_id="moi",
            status="received",
            received_at="2026-03-02T02:00:00.000Z",
            updated_at="2026-03-02T02:00:00.000Z",
            due_at="2026-03-12T10:00:00.000Z",
            revision=1,
        ),
        {"id": "a", "at": "2026-03-02T02:00:00.000Z", "actor": "t", "action": "t"},
    )
    assert [d.dossier_id for d in store.due_before("2026-04-01T00:00:00.000Z")] == ["moi"]
    assert reindex_records(ddb, table) == 1
    assert reindex_records(ddb, table) == 0  # once
    found = store.due_before("2026-04-01T00:00:00.000Z")
    assert [d.dossier_id for d in found] == ["cu", "moi"]
    assert store.get("cu") == old
