"""ApiFunction on API Gateway REST proxy events (tests/events/api-*.json): the routes answer
200, and map bad input to 400 naming the field, an unknown dossier or document to 404, and only
a transition the dossier's state does not allow to 409."""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from typing import Any

import pytest

from hoso.dossier import Dossier
from hoso.services import housekeeping
from hoso.status import DossierStatus
from tests.integration.conftest import FORM, A, B, Stack, event
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


def request(
    method: str,
    resource: str,
    *,
    body: Any = None,
    query: dict[str, str] | None = None,
    **params: str,
) -> dict[str, Any]:
    """A canonical request (IAM-signed, stage v1) to another route of the API."""
    evt = event("api-post-decision" if method == "POST" else "api-get-dossier")
    path = resource.format(**params)
    evt.update(resource=resource, path=path, httpMethod=method, pathParameters=params or None)
    evt["requestContext"].update(resourcePath=resource, httpMethod=method, path=f"/v1{path}")
    evt["queryStringParameters"] = query or None
    evt["multiValueQueryStringParameters"] = {k: [v] for k, v in (query or {}).items()} or None
    evt["body"] = None if body is None else json.dumps(body, ensure_ascii=False)
    return evt


def post(stack: Stack, action: str, body: Any = None, dossier_id: str = A) -> tuple[int, Any]:
    return call(stack, request("POST", "/dossiers/{dossier_id}/" + action, body=body,
                               dossier_id=dossier_id))  # fmt: skip


def review_assess(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """Understanding that abstains: an officer decides."""
    return {**fake_assess(*args, **kwargs), "status": "needs_review"}


def lacking_assess(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """Understanding that finds the birth certificate missing."""
    missing = [{"id": "giay_chung_sinh", "name": "Giấy chứng sinh", "reason": "Thiếu"}]
    return {**fake_assess(*args, **kwargs), "status": "supplement_requested",
            "missing_components": missing}  # fmt: skip


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
    assert body["next_cursor"] is None
    evt = event("api-list-dossiers")
    evt["queryStringParameters"]["agency"] = "H40.CAT"
    evt["multiValueQueryStringParameters"]["agency"] = ["H40.CAT"]
    assert call(received, evt) == (200, {"dossiers": [], "next_cursor": None})


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
    assert (body["field"], body["reason"]) == (
        "new_due_at",
        "the date-time needs a time-zone offset",
    )
    assert received.record(A)["status"] == "received"


@pytest.fixture
def awaiting(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Stack:
    """Dossier A with a supplement request sent (the birth certificate)."""
    monkeypatch.setattr(stack.svc, "assess", lacking_assess)
    stack.start(A)
    stack.run_stages()
    assert stack.record(A)["status"] == "supplement_requested"
    return stack


def ids(body: dict[str, Any]) -> list[str]:
    return [d["dossier_id"] for d in body["dossiers"]]


# ------------------------------------------------------------------ work list
def seed(stack: Stack, n: int, **values: Any) -> list[str]:
    """``n`` received dossiers of the commune's agency written straight to the table."""
    out = []
    for i in range(n):
        did = f"W-{i:03d}"
        at = f"2026-03-0{1 + i % 5}T0{i % 9}:00:00.000Z"
        d = Dossier(
            dossier_id=did,
            status=DossierStatus.RECEIVED,
            received_at=at,
            updated_at=at,
            revision=1,
            agency="H40.UBNDXA",
            procedure_code="KHAI_SINH",
            **values,
        )
        stack.svc.records.create(d, {"id": did, "at": at, "actor": "t", "action": "t",
                                     "from_status": None, "to_status": "received", "note": None})  # fmt: skip
        out.append(did)
    return out


def test_the_work_list_comes_in_pages_each_dossier_once(stack: Stack) -> None:
    expected = seed(stack, 7)
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        query = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        status, body = call(stack, request("GET", "/dossiers", query=query))
        assert status == 200 and len(body["dossiers"]) <= 3
        seen += ids(body)
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))


def test_the_work_list_filters(stack: Stack) -> None:
    seed(stack, 5)

    def q(**query: str) -> list[str]:
        status, body = call(stack, request("GET", "/dossiers", query=query))
        assert status == 200, body
        return sorted(ids(body))

    everything = q()
    assert everything == [f"W-00{i}" for i in range(5)]
    assert q(status="received") == everything
    assert q(status="in_progress") == []
    assert q(agency="H40.UBNDXA") == everything and q(agency="H40.CAT") == []
    assert q(procedure="KHAI_SINH") == everything and q(procedure="LLTP") == []
    # W-00i received on March (1 + i), 0i:00 UTC (i+7 o'clock in Vietnam)
    assert q(received_from="2026-03-03") == ["W-002", "W-003", "W-004"]
    assert q(received_to="2026-03-02") == ["W-000", "W-001"]
    assert q(received_from="2026-03-02T08:00:00+07:00", received_to="2026-03-03") == [
        "W-001",
        "W-002",
    ]
    assert q(due_before="2026-04-01") == []  # none has an appointment


def test_the_work_list_filters_on_the_appointment(stack: Stack) -> None:
    seed(stack, 1, due_at="2026-03-10T10:00:00.000Z")
    status, body = call(stack, request("GET", "/dossiers", query={"due_before": "2026-03-11"}))
    assert ids(body) == ["W-000"]
    status, body = call(stack, request("GET", "/dossiers", query={"due_after": "2026-03-11"}))
    assert ids(body) == []
    status, body = call(stack, request("GET", "/dossiers", query={"due_after": "2026-03-10"}))
    assert ids(body) == ["W-000"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "tiếp nhận"}, "status"),
        ({"limit": "0"}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"due_before": "next week"}, "due_before"),
        ({"received_from": "2026-13-01"}, "received_from"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_a_bad_work_list_query_is_400_naming_the_field(
    stack: Stack, query: dict[str, str], field: str
) -> None:
    status, body = call(stack, request("GET", "/dossiers", query=query))
    assert status == 400
    assert body["error"] == "bad_request" and body["field"] == field and body["reason"]


# ------------------------------------------------------------------ documents
def test_a_document_is_a_short_lived_link(received: Stack) -> None:
    path = "/dossiers/{dossier_id}/documents/{name}"
    status, body = call(received, event("api-get-document"))
    assert status == 200
    assert body["name"] == "receipt"
    url = urllib.parse.urlsplit(body["url"])
    assert re.search(rf"/dossiers/{A}/notices/r\d+-[0-9a-f]{{12}}/receipt\.pdf$", url.path)
    query = urllib.parse.parse_qs(url.query)
    expires = int(query["Expires"][0]) if "Expires" in query else int(query["X-Amz-Expires"][0])
    assert 0 < (expires - time.time() if expires > 10**9 else expires) <= 900
    assert body["expires_at"] > "2026-03-05T02:14:"
    status, body = call(received, request("GET", path, dossier_id=A, name="control-sheet"))
    assert status == 200
    key = f"dossiers/{A}/notices/control-sheet.pdf"
    art = received.name("ArtefactBucket")
    pdf = received.clients["s3"].get_object(Bucket=art, Key=key)["Body"].read()
    assert pdf.startswith(b"%PDF") and key in body["url"]
    status, body = call(received, request("GET", path, dossier_id=A, name="apology"))
    assert status == 404 and "no document 'apology'" in body["reason"]
    status, _ = call(received, request("GET", path, dossier_id="Q1-X", name="receipt"))
    assert status == 404


# ------------------------------------------------------------------ applicants
def test_an_applicant_is_looked_up_by_the_id_number_in_the_body(received: Stack) -> None:
    evt = event("api-post-applicant-search")
    assert json.loads(evt["body"]) == {"id_number": "040190001234"}
    status, body = call(received, evt)
    assert status == 200 and ids(body) == [A]
    assert "040190001234" not in evt["path"]
    evt = request("POST", "/applicants/search", body={"id_number": "040088005678"})
    assert call(received, evt) == (200, {"dossiers": []})


@pytest.mark.parametrize("body", [{"id_number": "04019000123"}, {}, {"id": "040190001234"}])
def test_a_bad_id_number_is_400_without_the_value(received: Stack, body: dict[str, str]) -> None:
    status, answer = call(received, request("POST", "/applicants/search", body=body))
    assert status == 400
    assert answer["field"] in ("id_number", "id")
    assert "0401900012" not in json.dumps(answer)


# ------------------------------------------------------------------ decisions and review
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "rejected"}, "status"),
        ({"status": "supplement_requested"}, "missing"),
        ({"status": "supplement_requested", "missing": [{"reason": "?"}]}, "missing[0].name"),
        ({"status": "received", "surprise": 1}, "surprise"),
        ([], "body"),
    ],
)
def test_a_bad_decision_is_400_naming_the_field(in_review: Stack, body: Any, field: str) -> None:
    status, answer = post(in_review, "decision", body)
    assert status == 400, answer
    assert answer["field"] == field
    assert in_review.record(A)["status"] == "needs_review"


def test_a_body_that_is_not_json_is_400(in_review: Stack) -> None:
    evt = request("POST", "/dossiers/{dossier_id}/decision", dossier_id=A)
    evt["body"] = "status=received"
    status, answer = call(in_review, evt)
    assert status == 400 and answer["error"] == "bad_request"


def test_the_supplement_request_is_sent_from_review(in_review: Stack) -> None:
    missing = [{"name": "Giấy chứng sinh", "reason": "Bản chụp mờ, chụp lại bản chính"}]
    status, body = post(in_review, "supplement-request", {"missing": missing, "note": "xem"})
    assert status == 200
    assert body["status"] == "supplement_requested"
    assert body["missing_components"] == missing
    assert "supplement-request" in body["documents"]
    last = in_review.svc.records.audit_trail(A)[-1]
    assert (last["action"], last["actor"]) == ("officer_decision", "can.bo.mot")
    status, body = post(in_review, "supplement-request", {"missing": missing})
    assert status == 409  # no longer in review
    status, body = post(in_review, "supplement-request", {"missing": []}, dossier_id=B)
    assert status == 400 and body["field"] == "missing"


def relabel_assess(*args: Any, labels: Any = None, **kwargs: Any) -> dict[str, Any]:
    """Understanding that abstains on its own, and receives the dossier when an officer says
    the second page is the birth certificate."""
    result = fake_assess(*args, **kwargs)
    if (labels or {}).get((FORM, 2)) == "giay_chung_sinh":
        pages = [{"file": FORM, "index": 2, "doc_type": "giay_chung_sinh"}]
        return {**result, "status": "received", "pages": pages}
    return {**result, "status": "needs_review"}


def test_a_classification_correction_changes_the_decision(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stack.svc, "assess", relabel_assess)
    stack.start(A)
    stack.run_stages()
    assert stack.record(A)["status"] == "needs_review"
    label = {"file": FORM, "index": 2, "doc_type": "giay_chung_sinh"}
    status, body = post(stack, "classification", {"pages": [label]})
    assert status == 200, body
    assert body["status"] == "received" and body["dossier_code"] and body["due_at"]
    assert body["decided_by"] == "can.bo.mot"
    page = next(p for p in body["pages"] if p["index"] == 2)
    assert (page["doc_type"], page["corrected_by"]) == ("giay_chung_sinh", "can.bo.mot")
    last = stack.svc.records.audit_trail(A)[-1]
    assert last["action"] == "classification_corrected" and last["actor"] == "can.bo.mot"
    assert f"{FORM} p2: giay_chung_sinh" in last["note"] and "received" in last["note"]
    assert last["event"]["detail_type"] == "DossierAccepted"
    status, body = post(stack, "classification", {"pages": [label]})
    assert status == 409  # received: nothing to correct any more


@pytest.mark.parametrize(
    ("page", "field"),
    [
        ({"file": FORM, "index": 9, "doc_type": "giay_chung_sinh"}, "pages[0]"),
        ({"file": FORM, "index": 1, "doc_type": "bang_lai_may_bay"}, "pages[0].doc_type"),
        ({"file": FORM, "index": 0, "doc_type": "giay_chung_sinh"}, "pages[0].index"),
    ],
)
def test_a_bad_classification_is_400(in_review: Stack, page: dict[str, Any], field: str) -> None:
    status, body = post(in_review, "classification", {"pages": [page]})
    assert status == 400 and body["field"] == field, body
    assert in_review.record(A)["status"] == "needs_review"


def test_a_complete_counter_supplement_receives_the_dossier(awaiting: Stack) -> None:
    status, body = call(awaiting, event("api-post-counter-supplement"))
    assert status == 200, body
    assert body["status"] == "received" and body["dossier_code"] and body["due_at"]
    assert body["supplements"] == 1 and body["supplement_received_at"]
    assert body["counting_from"] == body["supplement_received_at"]  # KHAI_SINH restarts
    assert "receipt" in body["documents"] and body["missing_components"] == []
    last = awaiting.svc.records.audit_trail(A)[-1]
    assert (last["action"], last["actor"], last["to_status"]) == (
        "counter_supplement_received",
        "can.bo.mot",
        "received",
    )
    assert "Nộp bản chính" in last["note"]


def test_an_incomplete_counter_supplement_goes_to_review(awaiting: Stack) -> None:
    still = [{"name": "Giấy chứng sinh", "reason": "Bản sao không chứng thực"}]
    body_in = {"complete": False, "note": "Nộp bản sao", "missing": still}
    status, body = post(awaiting, "counter-supplement", body_in)
    assert status == 200, body
    assert body["status"] == "needs_review" and body["missing_components"] == still
    assert not body.get("dossier_code")


def test_a_counter_supplement_needs_a_request_and_a_note(
    received: Stack,
) -> None:
    status, body = post(received, "counter-supplement", {"complete": True, "note": "x"})
    assert status == 409 and "status 'received'" in body["reason"]
    status, body = post(received, "counter-supplement", {"complete": True})
    assert status == 400 and body["field"] == "note"


# ------------------------------------------------------------------ the agency's side
def test_processing_result_delivery(received: Stack) -> None:
    status, body = post(received, "delivery", {})
    assert status == 409
    for action, to in (("processing", "in_progress"), ("result", "result_ready")):
        status, body = post(received, action, {})
        assert (status, body["status"]) == (200, to)
    status, body = post(received, "delivery")  # no body at all
    assert (status, body["status"]) == (200, "delivered")


def test_a_withdrawal_needs_a_reason(received: Stack) -> None:
    status, body = post(received, "withdrawal", {})
    assert status == 400 and body["field"] == "reason"
    status, body = post(received, "withdrawal", {"reason": "Công dân rút hồ sơ"})
    assert (status, body["status"]) == (200, "withdrawn")


def test_the_quality_report(received: Stack) -> None:
    query = {"from": "2026-03-01", "to": "2026-03-31"}
    status, body = call(received, request("GET", "/reports/quality", query=query))
    assert status == 200 and body
    status, body = call(received, request("GET", "/reports/quality", query={"to": "2026-03-31"}))
    assert status == 400 and body["field"] == "from"


# ------------------------------------------------------------------ the document
def test_the_openapi_document_validates_and_has_every_route(stack: Stack) -> None:
    from openapi_spec_validator import validate

    status, doc = call(stack, request("GET", "/openapi.json"))
    assert status == 200
    validate(doc)
    api = stack.resolver.functions()["ApiFunction"]
    routes = {
        (e["Properties"]["Path"], e["Properties"]["Method"].lower())
        for e in api["Events"].values()
        if e["Type"] == "Api" and e["Properties"]["RestApiId"] == {"Ref": "Api"}
    }  # the console's API (ConsoleApi) reaches the same routes through one proxy resource
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert routes == documented
    decision = doc["paths"]["/dossiers/{dossier_id}/decision"]["post"]
    assert {"200", "400", "404", "409"} <= set(decision["responses"])
    assert "422" not in json.dumps(doc["paths"])


def test_a_dossier_that_failed_in_a_stage_is_reprocessed(stack: Stack) -> None:
    stack.start(A)
    stack.messages("OcrQueue")  # the job died: its dead letter failed the dossier
    housekeeping.dead_letter(stack.svc, stage="ocr", dossier_id=A, attempts=3)
    assert stack.record(A)["status"] == "failed"
    status, body = post(stack, "reprocess", {"note": "Tesseract đã được sửa"})
    assert (status, body["status"], body["runs"]) == (200, "processing", 2)
    stack.run_stages()
    assert stack.record(A)["status"] == "received"
    trail = stack.svc.records.audit_trail(A)
    assert [a["action"] for a in trail][-2:] == ["reprocessed", "decided"]
    status, body = post(stack, "reprocess", {})
    assert status == 409 and "cannot reprocess" in body["reason"]
