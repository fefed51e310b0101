"""The local stand-in for API Gateway (``hoso_local.api``) and the runtime's API invoker:
the most specific resource answers (fixed paths, then parameters, then a greedy ``{name+}``,
the longest fixed start first), public routes (``Auth: {Authorizer: NONE}``) skip sign-in
while the others are 401 without a token, and one function serves one request at a time."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hoso_local.api import LocalApi, Route
from hoso_local.runtime import Function, LocalRuntime

pytestmark = pytest.mark.unit

PRINCIPAL = "arn:aws:iam::123456789012:user/hoso-local-can-bo"
# as template.yaml declares them, in no particular order
RESOURCES = [
    ("ANY", "/{proxy+}", False),
    ("GET", "/console/{file+}", True),
    ("GET", "/dossiers/{dossier_id}/documents/{name}", False),
    ("GET", "/dossiers/{dossier_id}", False),
    ("POST", "/dossiers/search", False),
    ("GET", "/console", True),
    ("GET", "/dossiers", False),
    ("POST", "/dossiers/{dossier_id}/supplement-request/preview", False),
]


def answering(resource: str, seen: list[dict[str, Any]]) -> Any:
    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        seen.append(event)
        body = json.dumps({"resource": resource, "params": event["pathParameters"]})
        return {"statusCode": 200, "body": body, "headers": {"Content-Type": "application/json"}}

    return invoke


def authenticate(header: str | None) -> str | None:
    return PRINCIPAL if header == "Bearer good" else None


@pytest.fixture(scope="module")
def api() -> Iterator[tuple[LocalApi, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []
    routes = [Route(m, r, answering(r, seen), public) for m, r, public in RESOURCES]
    server = LocalApi(routes, authenticate=authenticate)
    server.start()
    try:
        yield server, seen
    finally:
        server.stop()


def fetch(
    server: LocalApi, method: str, path: str, token: str | None = "good"
) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = b"{}" if method == "POST" else None
    req = urllib.request.Request(server.url + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return int(resp.status), json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_routes_rank_fixed_then_parameters_then_greedy() -> None:
    routes = [Route(m, r, None, public) for m, r, public in RESOURCES]
    ranked = [r.resource for r in sorted(routes, key=lambda r: r.rank)]
    groups = [
        {"/dossiers/search", "/dossiers", "/console"},  # fixed
        {"/dossiers/{dossier_id}", "/dossiers/{dossier_id}/supplement-request/preview"},
        {"/dossiers/{dossier_id}/documents/{name}"},  # two parameters
        {"/console/{file+}"},  # greedy, the longer fixed start first
        {"/{proxy+}"},
    ]
    at = 0
    for group in groups:
        assert set(ranked[at : at + len(group)]) == group, ranked
        at += len(group)


@pytest.mark.parametrize(
    ("method", "path", "resource", "params"),
    [
        ("POST", "/dossiers/search", "/dossiers/search", None),
        ("GET", "/dossiers/search", "/dossiers/{dossier_id}", {"dossier_id": "search"}),
        ("GET", "/dossiers/D-1", "/dossiers/{dossier_id}", {"dossier_id": "D-1"}),
        ("GET", "/dossiers/D-1/", "/dossiers/{dossier_id}", {"dossier_id": "D-1"}),
        ("GET", "/dossiers", "/dossiers", None),
        (
            "GET",
            "/dossiers/D-1/documents/receipt",
            "/dossiers/{dossier_id}/documents/{name}",
            {"dossier_id": "D-1", "name": "receipt"},
        ),
        (
            "POST",
            "/dossiers/D-1/supplement-request/preview",
            "/dossiers/{dossier_id}/supplement-request/preview",
            {"dossier_id": "D-1"},
        ),
        ("GET", "/console", "/console", None),
        ("GET", "/console/", "/console", None),
        ("GET", "/console/app.js", "/console/{file+}", {"file": "app.js"}),
        ("GET", "/console/vendor/preact-htm.mjs", "/console/{file+}", {"file": "vendor/preact-htm.mjs"}),
        ("GET", "/me", "/{proxy+}", {"proxy": "me"}),
        ("GET", "/reports/workload", "/{proxy+}", {"proxy": "reports/workload"}),
        ("POST", "/dossiers/D-1/decision", "/{proxy+}", {"proxy": "dossiers/D-1/decision"}),
        # the console's resource is GET only: another method falls to the proxy
        ("POST", "/console/app.js", "/{proxy+}", {"proxy": "console/app.js"}),
    ],
)  # fmt: skip
def test_the_most_specific_resource_answers(
    api: tuple[LocalApi, list[dict[str, Any]]],
    method: str,
    path: str,
    resource: str,
    params: dict[str, str] | None,
) -> None:
    server, seen = api
    status, body = fetch(server, method, path)
    assert status == 200, body
    assert body == {"resource": resource, "params": params}
    event = seen[-1]
    assert (event["resource"], event["requestContext"]["resourcePath"]) == (resource, resource)
    assert event["httpMethod"] == method
    assert event["requestContext"]["path"] == f"/v1{path}"


def test_public_routes_need_no_token_the_others_401(
    api: tuple[LocalApi, list[dict[str, Any]]],
) -> None:
    server, seen = api
    for path in ("/console", "/console/", "/console/app.js", "/console/vendor/x.mjs"):
        for token in (None, "wrong"):
            status, body = fetch(server, "GET", path, token=token)
            assert status == 200, (path, token)
            assert seen[-1]["requestContext"]["identity"]["userArn"] is None
    # signed in on a public route: still no principal (the console's files hold no data)
    fetch(server, "GET", "/console/app.js")
    assert seen[-1]["requestContext"]["identity"]["userArn"] is None
    before = len(seen)
    for method, path in (
        ("GET", "/me"),
        ("GET", "/dossiers"),
        ("POST", "/dossiers/search"),
        ("GET", "/dossiers/D-1"),
        ("POST", "/console/app.js"),  # not the public resource's method
        ("GET", "/consoles"),
    ):
        for token in (None, "wrong"):
            assert fetch(server, method, path, token=token) == (
                401,
                {"message": "Unauthorized"},
            ), (method, path)
    assert len(seen) == before, "no handler ran"
    status, _ = fetch(server, "GET", "/me")
    assert status == 200
    identity = seen[-1]["requestContext"]["identity"]
    assert (identity["userArn"], identity["user"]) == (PRINCIPAL, "hoso-local-can-bo")


def test_an_unknown_path_or_method_is_answered_like_api_gateway() -> None:
    seen: list[dict[str, Any]] = []
    server = LocalApi([Route("GET", "/dossiers", answering("/dossiers", seen))])
    server.start()
    try:
        assert fetch(server, "DELETE", "/dossiers")[0] == 405
        assert fetch(server, "GET", "/nothing")[0] == 404
        assert seen == []
    finally:
        server.stop()


# ------------------------------------------------------------------ the runtime's invoker
class Tracking:
    """A handler that notes how many invocations run at once."""

    def __init__(self, hold_s: float = 0.2) -> None:
        self.hold_s = hold_s
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, event: Any, context: Any) -> dict[str, Any]:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(self.hold_s)
        with self.lock:
            self.running -= 1
        return {"statusCode": 200, "body": json.dumps(event)}


def runtime(tmp_path: Path) -> LocalRuntime:
    """A runtime that is not started: only its API invoker is used."""
    rt = LocalRuntime(tmp_path, tmp_path / "data")
    rt._api_locks = {}  # made by start()
    return rt


def function(logical: str, handler: Any) -> Function:
    return Function(logical, f"hoso-{logical}", handler, timeout=30, memory=512)


def concurrently(*calls: Any) -> list[Any]:
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    return results


def test_one_function_serves_one_request_at_a_time(tmp_path: Path) -> None:
    rt = runtime(tmp_path)
    handler = Tracking()
    fn = function("ApiFunction", handler)
    invoke = rt._api_invoker(fn)
    again = rt._api_invoker(fn)  # another route of the same function: the same lock
    results = concurrently(
        lambda: invoke({"n": 1}), lambda: again({"n": 2}), lambda: invoke({"n": 3})
    )
    assert [json.loads(r["body"])["n"] for r in results] == [1, 2, 3]
    assert handler.most == 1
    assert fn.invocations == 3


def test_two_functions_are_not_held_by_each_other(tmp_path: Path) -> None:
    rt = runtime(tmp_path)
    both = threading.Barrier(2, timeout=5)

    def meets(event: Any, context: Any) -> dict[str, Any]:
        both.wait()  # returns only when the other function runs at the same time
        return {"statusCode": 200, "body": "{}"}

    one = rt._api_invoker(function("ApiFunction", meets))
    other = rt._api_invoker(function("OtherApiFunction", meets))
    assert [r["statusCode"] for r in concurrently(lambda: one({}), lambda: other({}))] == [200, 200]


def test_a_failing_handler_is_a_502_and_frees_the_function(tmp_path: Path) -> None:
    rt = runtime(tmp_path)

    def fails(event: Any, context: Any) -> Any:
        raise RuntimeError("boom")

    invoke = rt._api_invoker(function("ApiFunction", fails))
    assert invoke({})["statusCode"] == 502
    assert invoke({})["statusCode"] == 502  # the lock was released
    assert rt._inflight == 0
