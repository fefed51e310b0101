"""Who acts on the API, and what they may see (issue 12, part 1), on canonical API Gateway
events: the signed-in principal (``requestContext.identity.userArn``) mapped to an officer by
the officers table is who acts, whatever the headers or the body say; another agency's
dossier is 403 and logged; no principal is 401; a principal that is no officer is 403; an
agency system only reads."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from hoso.officers import local_principal
from hoso_aws.officers import DynamoOfficerDirectory
from hoso_local.template import ACCOUNT_ID
from tests.integration.conftest import CONSOLE, MANIFESTS, OFFICERS, A, Stack, event
from tests.integration.test_api_handler import call, in_review, on, received

pytestmark = pytest.mark.integration
__all__ = ["in_review", "received"]  # fixtures

POLICE = f"arn:aws:iam::{ACCOUNT_ID}:user/hoso-police"
CENTRE = f"arn:aws:iam::{ACCOUNT_ID}:role/hoso-centre"
SYSTEM = f"arn:aws:iam::{ACCOUNT_ID}:role/ubnd-xa-system"
STRANGER = f"arn:aws:iam::{ACCOUNT_ID}:user/not-an-officer"
assert {POLICE, CENTRE, SYSTEM} <= set(OFFICERS)


def signed_by(evt: dict[str, Any], principal: str | None) -> dict[str, Any]:
    """The same request signed by another principal (None: no identity at all)."""
    identity = evt["requestContext"]["identity"]
    identity["userArn"] = principal
    identity["user"] = identity["caller"] = principal.rsplit("/", 1)[-1] if principal else None
    if principal is None:
        identity["accessKey"] = identity["accountId"] = None
    return evt


def with_actor(evt: dict[str, Any], who: str) -> dict[str, Any]:
    """A self-declared actor in the header (a body naming one is refused: see below)."""
    evt["headers"]["X-Hoso-Actor"] = who
    evt["multiValueHeaders"]["X-Hoso-Actor"] = [who]
    return evt


def test_a_body_that_names_who_acts_is_refused(in_review: Stack) -> None:
    evt = event("api-post-decision")
    evt["body"] = json.dumps({**json.loads(evt["body"]), "actor": "chu.tich"})
    status, body = call(in_review, evt)
    assert (status, body["error"], body["field"]) == (400, "bad_request", "actor")
    assert "chu.tich" not in json.dumps(in_review.svc.records.audit_trail(A))


@pytest.fixture
def refusals() -> Iterator[list[logging.LogRecord]]:
    """Log records of the API's access checks."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.INFO)
    logger = logging.getLogger("hoso-api.access")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def _audit_actors(stack: Stack) -> list[str]:
    return [e["actor"] for e in stack.svc.records.audit_trail(A)]


def test_the_signed_principal_acts_whatever_the_request_says(in_review: Stack) -> None:
    evt = with_actor(event("api-post-decision"), "chu.tich")
    status, body = call(in_review, evt)
    assert status == 200
    assert body["decided_by"] == "can.bo.mot"
    last = in_review.svc.records.audit_trail(A)[-1]
    assert (last["action"], last["actor"]) == ("officer_decision", "can.bo.mot")
    assert "chu.tich" not in json.dumps(in_review.svc.records.audit_trail(A))


def test_on_aws_a_centre_principal_cannot_act_as_another(
    in_review: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HOSO_LOCAL", raising=False)
    evt = with_actor(signed_by(event("api-post-decision"), CENTRE), "can.bo.mot")
    status, body = call(in_review, evt)
    assert status == 200
    assert body["decided_by"] == "trung-tam"


def test_locally_a_centre_officer_may_act_as_another(
    in_review: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOSO_LOCAL", "1")
    directory = DynamoOfficerDirectory(
        in_review.clients["dynamodb"], in_review.env["OFFICERS_TABLE"]
    )
    directory.put(local_principal("can.bo.mot", ACCOUNT_ID), OFFICERS[CONSOLE])
    evt = with_actor(signed_by(event("api-post-decision"), CENTRE), "can.bo.mot")
    status, body = call(in_review, evt)
    assert status == 200
    assert body["decided_by"] == "can.bo.mot"


def test_locally_an_agency_officer_cannot_act_as_another(
    in_review: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOSO_LOCAL", "1")
    evt = with_actor(event("api-post-decision"), "trung-tam")
    status, body = call(in_review, evt)
    assert status == 200
    assert body["decided_by"] == "can.bo.mot"


def test_no_identity_is_401_and_nothing_changes(in_review: Stack) -> None:
    before = in_review.record(A)
    for evt in (event("api-post-decision"), event("api-get-dossier")):
        status, body = call(in_review, signed_by(evt, None))
        assert status == 401, body
    assert in_review.record(A) == before


def test_a_principal_that_is_no_officer_is_403(
    in_review: Stack, refusals: list[logging.LogRecord]
) -> None:
    before = in_review.record(A)
    for evt in (event("api-post-decision"), event("api-get-dossier")):
        status, _ = call(in_review, signed_by(evt, STRANGER))
        assert status == 403
    assert in_review.record(A) == before
    assert refusals, "a refusal is logged"
    assert all(STRANGER not in r.getMessage() for r in refusals)


def test_another_agencys_officer_is_refused_and_logged(
    in_review: Stack, refusals: list[logging.LogRecord]
) -> None:
    before = in_review.record(A)
    status, body = call(in_review, signed_by(event("api-post-decision"), POLICE))
    assert status == 403, body
    assert in_review.record(A) == before
    assert "can.bo.cong.an" not in _audit_actors(in_review)
    reads = [
        event("api-get-dossier"),
        on(event("api-get-dossier"), A, f"/dossiers/{A}/audit"),
    ]
    reads[1]["resource"] = reads[1]["requestContext"]["resourcePath"] = (
        "/dossiers/{dossier_id}/audit"
    )
    for evt in reads:
        status, _ = call(in_review, signed_by(evt, POLICE))
        assert status == 403
    lines = [r.getMessage() for r in refusals]
    assert len(lines) == 3
    for line in lines:
        assert "can.bo.cong.an" in line and A in line and "/dossiers/{dossier_id}" in line
        assert not any(str(v) in line for v in MANIFESTS[A]["applicant"].values())


def ids(body: dict[str, Any]) -> list[str]:
    return [d["dossier_id"] for d in body["dossiers"]]


def test_the_work_list_covers_the_officers_agencies_only(received: Stack) -> None:
    evt = event("api-list-dossiers")
    evt["queryStringParameters"].pop("agency", None)
    evt["multiValueQueryStringParameters"].pop("agency", None)
    for principal, seen in ((POLICE, []), (CENTRE, [A]), (SYSTEM, [A]), (None, None)):
        status, body = call(received, signed_by(json.loads(json.dumps(evt)), principal))
        if seen is None:
            assert status == 401
        else:
            assert (status, ids(body)) == (200, seen), principal
    status, body = call(received, signed_by(event("api-list-dossiers"), POLICE))
    assert (status, ids(body)) == (200, [])


def test_an_agency_system_reads_but_does_not_act(
    in_review: Stack, refusals: list[logging.LogRecord]
) -> None:
    status, body = call(in_review, signed_by(event("api-get-dossier"), SYSTEM))
    assert (status, body["dossier_id"]) == (200, A)
    status, _ = call(in_review, signed_by(event("api-post-decision"), SYSTEM))
    assert status == 403
    assert in_review.record(A)["status"] == "needs_review"
    assert any("he-thong-ubnd-xa" in r.getMessage() for r in refusals)


def test_the_quality_report_covers_the_officers_agencies(received: Stack) -> None:
    evt = on(event("api-get-dossier"), A, "/reports/quality")
    evt["resource"] = evt["requestContext"]["resourcePath"] = "/reports/quality"
    evt["pathParameters"] = None
    evt["queryStringParameters"] = {"from": "2026-03-01", "to": "2026-03-31"}
    evt["multiValueQueryStringParameters"] = {"from": ["2026-03-01"], "to": ["2026-03-31"]}
    seen = {}
    for principal in (POLICE, CENTRE, CONSOLE):
        status, body = call(received, signed_by(json.loads(json.dumps(evt)), principal))
        assert status == 200
        seen[principal] = body["period"]["records_in_window"]
    assert list(seen.values()) == [0, 1, 1]


def test_a_cognito_user_is_their_sub(in_review: Stack) -> None:
    """With a user pool authorizer (an option), the claims' ``sub`` is the principal."""
    directory = DynamoOfficerDirectory(
        in_review.clients["dynamodb"], in_review.env["OFFICERS_TABLE"]
    )
    directory.put("cognito:5f1c-officer", OFFICERS[CONSOLE])
    evt = with_actor(signed_by(event("api-post-decision"), None), "chu.tich")
    evt["requestContext"]["authorizer"] = {
        "claims": {"sub": "5f1c-officer", "cognito:username": "chu.tich"}
    }
    status, body = call(in_review, evt)
    assert (status, body["decided_by"]) == (200, "can.bo.mot")
    evt["requestContext"]["authorizer"] = {"claims": {"sub": "someone-else"}}
    assert call(in_review, evt)[0] == 403


def test_who_acts_is_known_before_any_route_runs(stack: Stack) -> None:
    """An unknown dossier is 404 to an officer only: a caller without identity learns 401,
    a principal that is no officer 403, on every route."""
    unknown = on(event("api-get-dossier"), "Q1-20260305-9999")
    assert call(stack, json.loads(json.dumps(unknown)))[0] == 404
    assert call(stack, signed_by(json.loads(json.dumps(unknown)), None))[0] == 401
    assert call(stack, signed_by(json.loads(json.dumps(unknown)), STRANGER))[0] == 403
    decide = on(event("api-post-decision"), "Q1-20260305-9999")
    assert call(stack, signed_by(decide, SYSTEM))[0] == 403


def test_an_assumed_role_is_its_session_or_else_its_role(in_review: Stack) -> None:
    """SSO officers sign as a session of a shared role; an agency system as its role."""
    session = f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/hoso-centre/lan.nguyen"
    directory = DynamoOfficerDirectory(
        in_review.clients["dynamodb"], in_review.env["OFFICERS_TABLE"]
    )
    status, body = call(in_review, signed_by(event("api-get-dossier"), session))
    assert status == 200  # the role: centre staff
    directory.put(session, OFFICERS[CONSOLE])
    status, body = call(in_review, signed_by(event("api-post-decision"), session))
    assert (status, body["decided_by"]) == (200, "can.bo.mot")
    system = f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/ubnd-xa-system/i-0abc"
    assert call(in_review, signed_by(event("api-get-dossier"), system))[0] == 200
    assert call(in_review, signed_by(event("api-post-decision"), system))[0] == 403


def test_an_applicant_lookup_returns_only_visible_dossiers(received: Stack) -> None:
    """POST /applicants/search: the ID number in the body, the answer limited to the
    officer's agencies."""
    id_number = MANIFESTS[A]["applicant"]["id_number"]
    evt = event("api-post-applicant-search")
    evt["body"] = json.dumps({"id_number": id_number})
    seen = {}
    for principal in (CONSOLE, POLICE, CENTRE):
        status, body = call(received, signed_by(json.loads(json.dumps(evt)), principal))
        assert status == 200
        seen[principal] = ids(body)
    assert seen == {CONSOLE: [A], POLICE: [], CENTRE: [A]}
