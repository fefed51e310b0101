"""Officers: the record of who acts (``hoso.officers``), the local officers file
(``hoso_local.officers``: default set, tokens, mode 0600, adding), the local API's bearer-token
check, and schema messages that never quote the value that failed."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from hoso.agencies import load_agencies
from hoso.dossier import Dossier
from hoso.officers import Officer, local_principal, principal_keys
from hoso.resources import schema_errors
from hoso.status import DossierStatus
from hoso_local import officers
from hoso_local.api import LocalApi, Route

pytestmark = pytest.mark.unit


def test_an_officer_round_trips_and_refuses_an_unknown_role() -> None:
    o = Officer("can-bo", "Cán bộ", "agency", frozenset({"H40.CAT", "H40.CAXA"}))
    assert Officer.from_dict(o.to_dict()) == o
    assert o.to_dict()["agencies"] == ["H40.CAT", "H40.CAXA"]
    with pytest.raises(ValueError, match="role 'admin'"):
        Officer("x", role="admin")
    assert not Officer("s", role="system", agencies=frozenset({"H40.CAT"})).may_act
    assert Officer("c", role="centre").may_act


def test_an_assumed_role_is_looked_up_by_session_then_role() -> None:
    session = "arn:aws:sts::123456789012:assumed-role/hoso-officers/lan.nguyen"
    assert principal_keys(session) == [session, "arn:aws:iam::123456789012:role/hoso-officers"]
    user = "arn:aws:iam::123456789012:user/hoso-console"
    assert principal_keys(user) == [user]
    assert principal_keys("cognito:5f1c") == ["cognito:5f1c"]


def test_a_system_sees_its_agency_like_an_officer() -> None:
    system = Officer("s", role="system", agencies=frozenset({"H40.CAT"}))
    d = Dossier.new("D1", now=datetime(2026, 3, 5, tzinfo=UTC), status=DossierStatus.RECEIVED)
    assert not system.may_access(d)  # no agency yet: nobody's but the centre's
    assert system.may_access(d.but(agency="H40.CAT"))
    assert not system.may_access(d.but(agency="H40.UBNDXA"))
    assert Officer("c", role="centre").may_access(d)


def test_the_default_officers_are_the_centre_and_one_per_agency_in_force(tmp_path: Path) -> None:
    listed = officers.load(tmp_path)
    path = tmp_path / "officers.json"
    assert path.stat().st_mode & 0o777 == 0o600
    codes = {a.code for a in load_agencies().agencies(date.today())}
    assert listed[0]["id"] == "trung-tam" and listed[0]["role"] == "centre"
    per_agency = [o for o in listed[1:] if not o.get("counters")]
    assert {o["agencies"][0] for o in per_agency} == codes
    assert {o["id"] for o in per_agency} == {f"can-bo-{c.lower()}" for c in codes}
    assert len({o["token"] for o in listed}) == len(listed)
    assert all(len(o["token"]) >= 32 for o in listed)
    assert officers.load(tmp_path) == listed  # made once, then read
    assert officers.token_for(tmp_path, "trung-tam") == listed[0]["token"]
    with pytest.raises(KeyError):
        officers.token_for(tmp_path, "nobody")


def test_adding_an_officer_keeps_the_file_private_and_a_replaced_token(tmp_path: Path) -> None:
    entry = officers.add(tmp_path, "lan", agencies=["H40.CAT"], name="Nguyễn Lan")
    assert entry["agencies"] == ["H40.CAT"] and entry["role"] == "agency"
    assert officers.token_for(tmp_path, "lan") == entry["token"]
    again = officers.add(tmp_path, "lan", agencies=["H40.CAT", "H40.CAXA"])
    assert again["token"] == entry["token"] and again["agencies"] == ["H40.CAT", "H40.CAXA"]
    assert [o["id"] for o in officers.load(tmp_path)].count("lan") == 1
    assert (tmp_path / "officers.json").stat().st_mode & 0o777 == 0o600
    with pytest.raises(ValueError, match="needs --agency"):
        officers.add(tmp_path, "x", agencies=[])
    with pytest.raises(ValueError, match="role"):
        officers.add(tmp_path, "x", agencies=["H40.CAT"], role="boss")
    assert officers.principal_for_token(tmp_path, entry["token"]) == local_principal("lan")
    assert officers.principal_for_token(tmp_path, "nope") is None


class _Table:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, object]] = {}

    def put_item(self, TableName: str, Item: dict[str, dict[str, str]]) -> None:
        self.items[Item["principal"]["S"]] = Item


def test_the_local_api_signs_a_bearer_in_as_its_officer_or_answers_401(tmp_path: Path) -> None:
    import urllib.error
    import urllib.request

    table = _Table()
    auth = officers.Authenticator(tmp_path, table, "officers")
    auth.sync()
    assert local_principal("trung-tam") in table.items
    seen: list[dict[str, Any]] = []

    def handler(event: dict[str, Any]) -> dict[str, Any]:
        seen.append(event)
        return {"statusCode": 200, "body": "{}", "headers": {"Content-Type": "application/json"}}

    server = LocalApi([Route("GET", "/dossiers", handler)], authenticate=auth)
    server.start()
    try:

        def get(headers: dict[str, str]) -> int:
            req = urllib.request.Request(server.url + "/dossiers", headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=10) as resp:
                    return int(resp.status)
            except urllib.error.HTTPError as exc:
                return exc.code

        assert get({}) == 401
        assert get({"Authorization": "Bearer wrong"}) == 401
        assert seen == []
        token = officers.token_for(tmp_path, "trung-tam")
        assert get({"Authorization": f"Bearer {token}"}) == 200
        identity = seen[0]["requestContext"]["identity"]
        assert identity["userArn"] == local_principal("trung-tam")
        added = officers.add(tmp_path, "moi", agencies=["H40.CAT"])
        assert get({"Authorization": f"Bearer {added['token']}"}) == 200
        assert local_principal("moi") in table.items  # the table follows the file
    finally:
        server.stop()


def test_schema_messages_never_quote_the_value_that_failed() -> None:
    manifest = {
        "schema_version": "1",
        "dossier_id": "D1",
        "procedure_code": "KHAI_SINH",
        "files": ["a.pdf"],
        "applicant": {"name": "Trần Văn Bình", "id_number": "0400880056789", "phone": 912345678},
    }
    problems = schema_errors("station/manifest.schema.json", manifest)
    assert len(problems) == 2
    text = json.dumps(problems, ensure_ascii=False)
    assert "0400880056789" not in text and "912345678" not in text
    assert "applicant.id_number: must be 12 digits" in text
    assert "applicant.phone: must be of type string" in text


def test_whoever_staffs_a_shared_counter_works_for_its_agencies() -> None:
    """Merged counters: the shared counter's officer sees the dossiers of every agency it
    receives for on the day (2021: seven departments; since 1/7/2025: five after mergers)."""
    directory = load_agencies()

    def on(day: date) -> dict[str, tuple[str, ...]]:
        return {c.id: c.receives_for for c in directory.counters(day)}

    clerk = Officer.from_dict({"id": "quay", "role": "agency", "counters": ["quay-chung"]})
    assert Officer.from_dict(clerk.to_dict()) == clerk
    now, then = clerk.staffing(on(date(2026, 3, 5))), clerk.staffing(on(date(2024, 3, 5)))
    assert "H40.SNGV" in now.agencies and "H40.SDL" not in now.agencies
    assert "H40.SDL" in then.agencies  # tourism had its own department then
    seen = Dossier.new("D", now=datetime(2026, 3, 5, tzinfo=UTC), status=DossierStatus.RECEIVED)
    assert now.may_access(seen.but(agency="H40.SNGV"))
    assert not now.may_access(seen.but(agency="H40.CAT"))
    assert clerk.staffing({}) == clerk  # a counter no longer in force gives nothing


def test_the_default_officers_staff_each_shared_counter(tmp_path: Path) -> None:
    listed = officers.load(tmp_path)
    staff = {o["id"]: o for o in listed if o.get("counters")}
    assert staff["can-bo-quay-chung"]["counters"] == ["quay-chung"]
    entry = officers.add(tmp_path, "thu-ly", agencies=[], counters=["quay-chung"])
    assert entry["counters"] == ["quay-chung"] and entry["agencies"] == []
    with pytest.raises(ValueError, match="--agency"):
        officers.add(tmp_path, "khong-ai", agencies=[])
