"""ApiFunction on API Gateway REST proxy events (tests/events/api-*.json): the routes answer
200, and map bad input to 400, an unknown dossier to 404, a disallowed action to 409."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.conftest import A, Stack, event
from tests.unit.conftest import fake_assess

pytestmark = pytest.mark.integration


def call(stack: Stack, evt: dict[str, Any]) -> tuple[int, Any]:
    response = stack.invoke("ApiFunction", evt)
    body = response["body"]
    ctype = response["multiValueHeaders"]["Content-Type"][0]
    return response["statusCode"], json.loads(body) if ctype == "application/json" else body


def on(evt: dict[str, Any], dossier_id: str, path: str | None = None) -> dict[str, Any]:
    """The same request about another dossier (or another route of it)."""
    path = path or evt["resource"].replace("{dossier_id}", dossier_id)
    evt["path"] = path
    evt["requestContext"]["path"] = f"/v1{path}"
    evt["pathParameters"] = {"dossier_id": dossier_id}
    return evt


def review_assess(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """Understanding that abstains: an officer decides."""
    return {**fake_assess(*args, **kwargs), "status": "needs_review"}


@pytest.fixture
def received(stack: Stack) -> Stack:
    stack.start(A)
    stack.run_stages()
    assert stack.record(A)["status"] == "received"
    return stack


@pytest.fixture
def in_review(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Stack:
    monkeypatch.setattr(stack.svc, "assess", review_assess)
    stack.start(A)
    stack.run_stages()
    assert stack.record(A)["status"] == "needs_review"
    return stack


def test_get_a_dossier(received: Stack) -> None:
    status, body = call(received, event("api-get-dossier"))
    assert status == 200
    assert body == received.record(A)


def test_get_an_unknown_dossier_is_404(stack: Stack) -> None:
    status, body = call(stack, event("api-get-dossier"))
    assert status == 404
    assert body == {"error": "not_found", "reason": f"no dossier '{A}'"}


def test_get_the_audit_trail(received: Stack) -> None:
    evt = on(event("api-get-dossier"), A, f"/dossiers/{A}/audit")
    evt["resource"] = evt["requestContext"]["resourcePath"] = "/dossiers/{dossier_id}/audit"
    status, body = call(received, evt)
    assert status == 200
    assert [a["to_status"] for a in body["audit"]] == ["processing", "received"]


def test_list_an_agencys_dossiers_in_a_status(received: Stack) -> None:
    status, body = call(received, event("api-list-dossiers"))
    assert status == 200
    assert [d["dossier_id"] for d in body["dossiers"]] == [A]
    evt = event("api-list-dossiers")
    evt["queryStringParameters"]["agency"] = "H40.CAT"
    assert call(received, evt) == (200, {"dossiers": []})


@pytest.mark.parametrize("query", [{"status": "tiếp nhận"}, {"agency": "UBND"}, None])
def test_list_without_a_known_status_is_400(stack: Stack, query: dict[str, str] | None) -> None:
    evt = event("api-list-dossiers")
    evt["queryStringParameters"] = query
    evt["multiValueQueryStringParameters"] = {k: [v] for k, v in (query or {}).items()} or None
    status, body = call(stack, evt)
    assert status == 400
    assert body["statusCode"] == 400


def test_an_officer_decides_a_dossier_in_review(in_review: Stack) -> None:
    status, body = call(in_review, event("api-post-decision"))
    assert status == 200
    assert body["status"] == "received" and body["decided_by"] == "can.bo.mot"
    assert body == in_review.record(A)
    last = in_review.svc.records.audit_trail(A)[-1]
    assert (last["action"], last["actor"], last["note"]) == (
        "officer_decision",
        "can.bo.mot",
        "Đã đối chiếu bản chính Giấy chứng sinh",
    )


def test_deciding_a_dossier_not_in_review_is_409(received: Stack) -> None:
    before = received.record(A)
    status, body = call(received, event("api-post-decision"))
    assert status == 409
    assert body["error"] == "invalid_action" and "status 'received'" in body["reason"]
    assert received.record(A) == before


def test_deciding_an_unknown_dossier_is_404(stack: Stack) -> None:
    status, _ = call(stack, on(event("api-post-decision"), "Q1-20260305-9999"))
    assert status == 404


def test_an_apology_needs_a_new_appointment_with_an_offset(received: Stack) -> None:
    evt = on(event("api-post-decision"), A, f"/dossiers/{A}/apology")
    evt["resource"] = evt["requestContext"]["resourcePath"] = "/dossiers/{dossier_id}/apology"
    evt["body"] = json.dumps({"reason": "Chờ xác minh", "new_due_at": "2026-03-20T17:00:00"})
    status, body = call(received, evt)
    assert status == 400
    assert "offset" in body["message"]
