"""The officers table: who a signed-in principal is (``hoso.officers.OfficerDirectory`` on
DynamoDB).

One item per principal: ``principal`` (the key: an IAM user or role ARN as API Gateway's IAM
auth names it in ``requestContext.identity.userArn``, or ``cognito:<sub>``), ``id`` (the
officer's stable username, written in the audit trail), ``name``, ``role`` (``agency``,
``centre`` or ``system``), ``agencies`` (a list of agency codes) and ``counters`` (the shared
reception counters the officer staffs: they work on the dossiers of every agency those
receive for, as ``schemas/agencies/`` says on the day)."""

from __future__ import annotations

from typing import Any

from hoso.officers import Officer


class DynamoOfficerDirectory:
    def __init__(self, client: Any, table: str) -> None:
        self.ddb = client
        self.table = table

    def for_principal(self, principal: str) -> Officer | None:
        r = self.ddb.get_item(TableName=self.table, Key={"principal": {"S": principal}})
        item = r.get("Item")
        if not item:
            return None
        return Officer.from_dict(
            {
                "id": item["id"]["S"],
                "name": item.get("name", {}).get("S", ""),
                "role": item.get("role", {}).get("S", "agency"),
                "agencies": [a["S"] for a in item.get("agencies", {}).get("L", [])],
                "counters": [c["S"] for c in item.get("counters", {}).get("L", [])],
            }
        )

    def put(self, principal: str, officer: Officer) -> None:
        """Record (or replace) the officer a principal is."""
        self.ddb.put_item(TableName=self.table, Item=item(principal, officer))


def item(principal: str, officer: Officer) -> dict[str, Any]:
    """The table item for ``principal`` signed in as ``officer``."""
    return {
        "principal": {"S": principal},
        "id": {"S": officer.id},
        "name": {"S": officer.name},
        "role": {"S": officer.role},
        "agencies": {"L": [{"S": a} for a in sorted(officer.agencies)]},
        "counters": {"L": [{"S": c} for c in sorted(officer.counters)]},
    }
