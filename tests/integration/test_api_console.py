"""ApiFunction's routes for the officers' console (commit "Console: ..."), on API Gateway REST
proxy events: who is signed in (``GET /me``), the work list's numbers, finding a dossier, the
work list by urgency, the paper types, the supplement request's preview, and the console's
own static files (public, from ``functions/api/console/``).

The console's API (``ConsoleApi`` in template.yaml) reaches the same routes through one
``/{proxy+}`` resource; what acts and what only reads is then told by the path."""

from __future__ import annotations

import base64
import copy
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from hoso.agencies import load_agencies
from hoso.dossier import Dossier, vn_today
from hoso.status import LABELS, DossierStatus
from hoso_aws import bootstrap
from tests.integration.conftest import CONSOLE, MANIFESTS, OFFICERS, A, B, Stack
from tests.integration.test_api_handler import call, in_review, received, request
from tests.integration.test_api_identity import CENTRE, POLICE, STRANGER, SYSTEM, signed_by

pytestmark = pytest.mark.integration
__all__ = ["in_review", "received"]  # fixtures

XA = "H40.UBNDXA"
NAME = "Nguyễn Văn An"  # the applicant as (fake) understanding read the form
ID_NUMBER = MANIFESTS[A]["applicant"]["id_number"]


def as_(principal: str | None, evt: dict[str, Any]) -> dict[str, Any]:
    return signed_by(copy.deepcopy(evt), principal)


def ids(body: dict[str, Any]) -> list[str]:
    return [d["dossier_id"] for d in body["dossiers"]]


def through_console(evt: dict[str, Any]) -> dict[str, Any]:
    """The same request as ConsoleApi delivers it: one greedy proxy resource."""
    evt = copy.deepcopy(evt)
    evt["resource"] = evt["requestContext"]["resourcePath"] = "/{proxy+}"
    evt["pathParameters"] = {"proxy": evt["path"].lstrip("/")}
    return evt


# ------------------------------------------------------------------ who is signed in
def test_me_is_the_officer_their_agencies_and_the_status_labels(stack: Stack) -> None:
    status, body = call(stack, request("GET", "/me"))
    assert status == 200, body
    officer = OFFICERS[CONSOLE]
    assert (body["id"], body["name"], body["role"]) == (officer.id, officer.name, "agency")
    assert body["agencies"] == [XA] and body["counters"] == []
    assert (body["sees_all"], body["may_act"]) == (False, True)
    in_force = {a.code: a.name for a in load_agencies().agencies(vn_today())}
    assert body["visible"] == [{"code": XA, "name": in_force[XA]}]
    assert body["status_labels"] == {str(s): label for s, label in LABELS.items()}
    assert set(body["status_labels"]) == {str(s) for s in DossierStatus}


def test_me_for_the_centre_a_system_and_strangers(stack: Stack) -> None:
    status, centre = call(stack, as_(CENTRE, request("GET", "/me")))
    assert status == 200 and centre["sees_all"] and centre["may_act"]
    in_force = load_agencies().agencies(vn_today())
    assert {a["code"] for a in centre["visible"]} == {a.code for a in in_force}
    status, police = call(stack, as_(POLICE, request("GET", "/me")))
    assert status == 200
    assert sorted(a["code"] for a in police["visible"]) == ["H40.CAT", "H40.CAXA"]
    status, system = call(stack, as_(SYSTEM, request("GET", "/me")))
    assert (status, system["role"], system["may_act"]) == (200, "system", False)
    assert call(stack, as_(None, request("GET", "/me")))[0] == 401
    assert call(stack, as_(STRANGER, request("GET", "/me")))[0] == 403


# ------------------------------------------------------------------ the work list's numbers
def seed(stack: Stack, *dossiers: tuple[str, DossierStatus, str, str | None]) -> None:
    """Dossiers (id, status, agency, appointment) written straight to the table."""
    at = "2026-03-01T02:00:00.000Z"
    for did, status, agency, due in dossiers:
        d = Dossier(dossier_id=did, status=status, received_at=at, updated_at=at, revision=1,
                    agency=agency, procedure_code="KHAI_SINH", due_at=due)  # fmt: skip
        entry = {"id": did, "at": at, "actor": "t", "action": "t", "note": None}
        stack.svc.records.create(d, {**entry, "from_status": None, "to_status": str(status)})


R, IP, NR = DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS, DossierStatus.NEEDS_REVIEW


def test_the_workload_covers_the_officers_agencies(stack: Stack) -> None:
    # the clock: Thursday 5/3/2026 09:00 in Vietnam; due soon: before Friday 09:30
    seed(
        stack,
        ("x-overdue", R, XA, "2026-03-04T10:00:00.000Z"),
        ("x-soon", IP, XA, "2026-03-05T09:00:00.000Z"),
        ("x-later", R, XA, "2026-03-20T10:00:00.000Z"),
        ("x-review", NR, XA, None),
        ("c-overdue", R, "H40.CAT", "2026-03-02T10:00:00.000Z"),
        ("c-soon", R, "H40.CAXA", "2026-03-06T01:00:00.000Z"),
    )
    seen = {}
    for who in (CONSOLE, POLICE, CENTRE, SYSTEM):
        status, body = call(stack, as_(who, request("GET", "/reports/workload")))
        assert status == 200, body
        seen[who] = body
    mine = seen[CONSOLE]
    assert mine["statuses"] == {**{str(s): 0 for s in DossierStatus},
                                "received": 2, "in_progress": 1, "needs_review": 1}  # fmt: skip
    assert (mine["total"], mine["overdue"], mine["due_soon"]) == (4, 1, 1)
    assert mine["at"].startswith("2026-03-05T02:00:00")
    assert mine["due_soon_before"].startswith("2026-03-06T02:30:00")
    assert (seen[POLICE]["total"], seen[POLICE]["overdue"], seen[POLICE]["due_soon"]) == (2, 1, 1)
    assert (seen[CENTRE]["total"], seen[CENTRE]["overdue"], seen[CENTRE]["due_soon"]) == (6, 2, 2)
    assert seen[SYSTEM]["total"] == 4
    # one of the officer's agencies, or one that is not theirs (nothing)
    query = {"agency": "H40.CAT"}
    status, body = call(stack, as_(POLICE, request("GET", "/reports/workload", query=query)))
    assert (status, body["total"], body["overdue"], body["due_soon"]) == (200, 1, 1, 0)
    status, body = call(stack, request("GET", "/reports/workload", query=query))
    assert (status, body["total"], body["overdue"]) == (200, 0, 0)
    assert call(stack, as_(None, request("GET", "/reports/workload")))[0] == 401


# ------------------------------------------------------------------ finding a dossier
@pytest.fixture
def logged() -> Iterator[list[logging.LogRecord]]:
    """Every log record from INFO up, of the handler's logger and of every other one."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    keep = Keep(level=logging.INFO)
    loggers = [logging.getLogger(), logging.getLogger("hoso-api")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(keep)
        lg.setLevel(min(lg.level or logging.INFO, logging.INFO))
    try:
        yield records
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.removeHandler(keep)
            lg.setLevel(level)


def search(text: str, **extra: str) -> dict[str, Any]:
    return request("POST", "/dossiers/search", body={"text": text, **extra})


def test_search_by_name_id_number_or_code_within_the_officers_agencies(received: Stack) -> None:
    code = received.record(A)["dossier_code"]
    assert code and received.record(A)["applicant"]["full_name"] == NAME
    looked_for = [NAME, "nguyen van an", "VĂN AN", ID_NUMBER, code, code[-9:], A]
    for text in looked_for:
        status, body = call(received, search(text))
        assert (status, ids(body)) == (200, [A]), text
        assert call(received, as_(CENTRE, search(text)))[1]["dossiers"][0]["dossier_id"] == A
        assert call(received, as_(POLICE, search(text))) == (200, {"dossiers": []}), text
    # an agency the officer does not work for covers nothing
    assert call(received, search(ID_NUMBER, agency="H40.CAT")) == (200, {"dossiers": []})
    assert ids(call(received, as_(CENTRE, search(ID_NUMBER, agency=XA)))[1]) == [A]
    assert call(received, search("Trần Văn Bình")) == (200, {"dossiers": []})
    assert call(received, search(MANIFESTS[B]["applicant"]["id_number"])) == (200, {"dossiers": []})


def test_what_is_searched_for_never_reaches_a_log_line(
    received: Stack, logged: list[logging.LogRecord]
) -> None:
    for who in (CONSOLE, POLICE, CENTRE, SYSTEM, STRANGER, None):
        for text in (NAME, ID_NUMBER):
            call(received, as_(who, search(text)))
            call(received, as_(who, through_console(search(text))))
    for bad in ({"text": ID_NUMBER * 20}, {"text": ID_NUMBER, "id_number": ID_NUMBER}):
        status, body = call(received, request("POST", "/dossiers/search", body=bad))
        assert status == 400 and ID_NUMBER not in json.dumps(body)
    assert any("no officer" in r.getMessage() for r in logged), "the capture works"
    for r in logged:
        line = logging.Formatter().format(r) + json.dumps(getattr(r, "__dict__", {}), default=str)
        for value in (NAME, ID_NUMBER, "nguyen van an"):
            assert value not in line, (r.name, r.getMessage())


@pytest.mark.parametrize(
    ("body", "field"),
    [({"text": ""}, "text"), ({"text": "x" * 201}, "text"), ({}, "text"), ({"text": " "}, "text")],
)
def test_a_bad_search_is_400(stack: Stack, body: dict[str, Any], field: str) -> None:
    status, answer = call(stack, request("POST", "/dossiers/search", body=body))
    assert (status, answer["field"]) == (400, field), answer


def test_an_agency_system_may_search_and_preview_but_not_act(
    in_review: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both are POSTs that only read (routes/common.py READING_POSTS), on either API."""
    before = in_review.record(A)
    missing = [{"name": "Giấy chứng sinh", "reason": "Bản chụp mờ"}]
    preview = request("POST", "/dossiers/{dossier_id}/supplement-request/preview",
                      body={"missing": missing}, dossier_id=A)  # fmt: skip
    decide = request("POST", "/dossiers/{dossier_id}/supplement-request",
                     body={"missing": missing}, dossier_id=A)  # fmt: skip
    for shape in (lambda e: e, through_console):
        status, body = call(in_review, shape(as_(SYSTEM, search(NAME))))
        assert (status, ids(body)) == (200, [A])
        status, body = call(in_review, shape(as_(SYSTEM, preview)))
        assert status == 200 and base64.b64decode(body["pdf"]).startswith(b"%PDF")
        assert call(in_review, shape(as_(SYSTEM, decide)))[0] == 403
    assert in_review.record(A) == before


# ------------------------------------------------------------------ the work list by urgency
def test_the_work_list_by_urgency_a_page_at_a_time(stack: Stack) -> None:
    seed(
        stack,
        ("later", R, XA, "2026-03-20T10:00:00.000Z"),
        ("none", NR, XA, None),
        ("overdue", R, XA, "2026-03-02T10:00:00.000Z"),
        ("soon", IP, XA, "2026-03-05T09:00:00.000Z"),
        ("police", R, "H40.CAT", "2026-03-01T10:00:00.000Z"),
    )
    seen, cursors = [], []
    query: dict[str, str] = {"order": "due", "limit": "2"}
    while True:
        status, body = call(stack, request("GET", "/dossiers", query=query))
        assert status == 200, body
        seen += ids(body)
        if body["next_cursor"] is None:
            break
        cursors.append(body["next_cursor"])
        query = {**query, "cursor": body["next_cursor"]}
    assert seen == ["overdue", "soon", "later"]  # open dossiers, by their appointment
    assert len(cursors) == 1
    status, body = call(stack, as_(CENTRE, request("GET", "/dossiers", query={"order": "due"})))
    assert ids(body) == ["police", "overdue", "soon", "later"]
    status, body = call(stack, request("GET", "/dossiers"))  # the default: by last change
    assert sorted(ids(body)) == ["later", "none", "overdue", "soon"]
    assert ids(body) != seen


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"order": "urgency"}, "order"),
        ({"order": "due", "cursor": "not-a-cursor"}, "cursor"),
        ({"order": "changed", "cursor": "due-2"}, "cursor"),
    ],
)
def test_a_bad_order_or_cursor_is_400(stack: Stack, query: dict[str, str], field: str) -> None:
    seed(stack, ("one", R, XA, None))
    status, body = call(stack, request("GET", "/dossiers", query=query))
    assert (status, body["field"]) == (400, field), body


# ------------------------------------------------------------------ paper types
def test_the_paper_types_of_a_dossier(received: Stack) -> None:
    path = "/dossiers/{dossier_id}/paper-types"
    status, body = call(received, request("GET", path, dossier_id=A))
    assert status == 200, body
    types = body["paper_types"]
    assert {"doc_type": "giay_chung_sinh", "name": "Giấy chứng sinh",
            "component_id": "giay_chung_sinh",
            "component_name": "Bản chính Giấy chứng sinh"} in types  # fmt: skip
    assert [t["doc_type"] for t in types if t["component_id"] == "giay_to_tuy_than"] == [
        "cccd",
        "ho_chieu",
    ]
    assert call(received, as_(POLICE, request("GET", path, dossier_id=A)))[0] == 403
    assert call(received, as_(SYSTEM, request("GET", path, dossier_id=A)))[0] == 200
    assert call(received, request("GET", path, dossier_id=B))[0] == 404
    assert call(received, as_(None, request("GET", path, dossier_id=B)))[0] == 401


# ------------------------------------------------------------------ supplement request preview
def preview(body: Any, dossier_id: str = A) -> dict[str, Any]:
    return request("POST", "/dossiers/{dossier_id}/supplement-request/preview", body=body,
                   dossier_id=dossier_id)  # fmt: skip


def notices(stack: Stack) -> list[str]:
    listed = stack.clients["s3"].list_objects_v2(Bucket=stack.name("ArtefactBucket"))
    return sorted(o["Key"] for o in listed.get("Contents", []))


def test_the_preview_is_a_pdf_and_nothing_is_kept(in_review: Stack) -> None:
    before, trail, stored = (
        in_review.record(A),
        in_review.svc.records.audit_trail(A),
        notices(in_review),
    )
    missing = [{"name": "Giấy chứng sinh", "reason": "Bản chụp mờ, chụp lại bản chính"}]
    status, body = call(in_review, preview({"missing": missing, "note": "xem"}))
    assert status == 200, body
    assert body["media_type"] == "application/pdf"
    assert base64.b64decode(body["pdf"]).startswith(b"%PDF")
    assert in_review.record(A) == before
    assert in_review.svc.records.audit_trail(A) == trail
    assert notices(in_review) == stored
    assert in_review.messages("NotifyQueue") == []
    # the same request, sent: now it is stored
    status, sent = call(in_review, request("POST", "/dossiers/{dossier_id}/supplement-request",
                                           body={"missing": missing}, dossier_id=A))  # fmt: skip
    assert (status, sent["status"]) == (200, "supplement_requested")
    assert len(notices(in_review)) == len(stored) + 1


def test_the_preview_answers_like_the_request(in_review: Stack) -> None:
    missing = [{"name": "Giấy chứng sinh"}]
    status, body = call(in_review, preview({"missing": []}))
    assert (status, body["field"]) == (400, "missing")
    status, body = call(in_review, preview({"missing": [{"reason": "?"}]}))
    assert (status, body["field"]) == (400, "missing[0].name")
    status, body = call(in_review, preview({"missing": missing}, dossier_id="Q1-20260305-9999"))
    assert status == 404
    assert call(in_review, as_(POLICE, preview({"missing": missing})))[0] == 403
    assert call(in_review, as_(None, preview({"missing": missing})))[0] == 401


def test_no_preview_from_a_status_that_allows_no_request(received: Stack) -> None:
    status, body = call(received, preview({"missing": [{"name": "Giấy chứng sinh"}]}))
    assert (status, body["error"]) == (409, "invalid_action")
    assert "status 'received'" in body["reason"]


# ------------------------------------------------------------------ the console's files
def static(path: str, principal: str | None = None) -> dict[str, Any]:
    """A request of the console's files as ConsoleApi delivers it (no authorizer)."""
    evt = as_(principal, request("GET", "/me"))
    file = path.removeprefix("/console").strip("/")
    resource = "/console/{file+}" if file else "/console"
    evt.update(resource=resource, path=path, pathParameters={"file": file} if file else None)
    evt["requestContext"].update(resourcePath=resource, path=f"/v1{path}")
    return evt


def answer(stack: Stack, evt: dict[str, Any]) -> tuple[int, dict[str, str], str]:
    response = stack.invoke("ApiFunction", evt)
    headers = {k: v[0] for k, v in (response.get("multiValueHeaders") or {}).items()}
    headers.update(response.get("headers") or {})
    return response["statusCode"], headers, response["body"]


def console_module() -> Any:
    return sys.modules["routes.console"]


def test_the_console_page_is_served_to_anyone_with_its_policy(stack: Stack) -> None:
    for who in (None, STRANGER, CONSOLE):
        status, headers, body = answer(stack, static("/console/", who))
        assert status == 200, body
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert body.lstrip().lower().startswith("<!doctype html>")
        assert '<script type="module" src="app.js">' in body
        assert headers["Content-Security-Policy"] == console_module().POLICY
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cache-Control"] == "no-cache"


def test_the_console_without_its_slash_is_sent_there(stack: Stack) -> None:
    status, headers, body = answer(stack, static("/console"))
    assert (status, headers["Location"], body) == (301, "/v1/console/", "")


@pytest.mark.parametrize(
    ("path", "kind", "starts"),
    [
        ("/console/app.js", "text/javascript; charset=utf-8", None),
        ("/console/app.css", "text/css; charset=utf-8", None),
        ("/console/index.html", "text/html; charset=utf-8", "<!doctype html>"),
        ("/console/vendor/preact-htm.mjs", "text/javascript; charset=utf-8", None),
        ("/console/vendor/LICENSES.txt", "text/plain; charset=utf-8", None),
    ],
)
def test_the_console_files(stack: Stack, path: str, kind: str, starts: str | None) -> None:
    status, headers, body = answer(stack, static(path))
    assert status == 200, body
    assert headers["Content-Type"] == kind
    on_disk = (console_module().ROOT / path.removeprefix("/console/")).read_text("utf-8")
    assert body == on_disk and body
    if starts:
        assert body.lower().startswith(starts)
    cache = "no-cache" if path.endswith(".html") else "private, max-age=300"
    assert headers["Cache-Control"] == cache


@pytest.mark.parametrize(
    "path",
    [
        "/console/../app.py",
        "/console/../routes/common.py",
        "/console/vendor/../../app.py",
        "/console/..",
        "/console/vendor",
        "/console/vendor/..",
        "/console/routes/console.py",
        "/console/nothing.js",
        "/console/%2e%2e/app.py",
        "/console/..%2fapp.py",
    ],
)
def test_nothing_outside_the_console_folder_is_served(stack: Stack, path: str) -> None:
    status, _, body = answer(stack, static(path))
    assert status == 404, body
    assert "lambda_handler" not in body and "import" not in body


def test_the_console_config_says_how_officers_sign_in(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONSOLE_CONFIG_PARAMETER", raising=False)
    status, headers, body = answer(stack, static("/console/config.json"))
    named = {"status_labels": {str(s): label for s, label in LABELS.items()}}
    assert (status, headers["Content-Type"], json.loads(body)) == (
        200,
        "application/json",
        {"auth": "token", **named},
    )
    # on AWS: the user pool's sign-in settings, from the stack's parameter
    settings = {"domain": "https://hoso-officers.auth.example", "client_id": "abc123"}
    name = "/hoso-test/console"
    boto3.client("ssm").put_parameter(Name=name, Value=json.dumps(settings), Type="String")
    monkeypatch.setenv("CONSOLE_CONFIG_PARAMETER", name)
    bootstrap.console_config.cache_clear()
    status, _, body = answer(stack, static("/console/config.json", None))
    assert (status, json.loads(body)) == (200, {"auth": "cognito", **settings, **named})
    # the local runtime signs officers in with tokens whatever the parameter says
    monkeypatch.setenv("HOSO_LOCAL", "1")
    local = json.loads(answer(stack, static("/console/config.json"))[2])
    assert local == {"auth": "token", **named}
    bootstrap.console_config.cache_clear()


def test_only_the_console_files_are_public(stack: Stack) -> None:
    """``/console...`` is public; the same prefix elsewhere is not."""
    for path in ("/consoles", "/me/console"):
        evt = static("/console/")
        evt.update(path=path, resource="/{proxy+}", pathParameters={"proxy": path[1:]})
        assert answer(stack, evt)[0] == 401, path
    # the routes through the console's API still need a signed-in officer
    assert call(stack, as_(None, through_console(request("GET", "/me"))))[0] == 401
    status, body = call(stack, through_console(request("GET", "/me")))
    assert (status, body["id"]) == (200, "can.bo.mot")


# ------------------------------------------------------------------ the API's document
def test_the_openapi_document_says_what_the_new_routes_answer(stack: Stack) -> None:
    status, doc = call(stack, request("GET", "/openapi.json"))
    assert status == 200
    routes = [
        ("/me", "get"),
        ("/reports/workload", "get"),
        ("/dossiers/search", "post"),
        ("/dossiers/{dossier_id}/paper-types", "get"),
        ("/dossiers/{dossier_id}/supplement-request/preview", "post"),
    ]
    for path, method in routes:
        answers = doc["paths"][path][method]["responses"]
        assert answers["200"]["description"] != "The record as the action left it", path
    assert "pdf" in doc["paths"][routes[-1][0]]["post"]["responses"]["200"]["description"]
    search = doc["paths"]["/dossiers/search"]["post"]["responses"]
    assert "409" not in search and "404" not in search  # it changes nothing, names no dossier
    assert "409" in doc["paths"][routes[-1][0]]["post"]["responses"]  # preview: as the request
