"""The officer verbs against an API that answers as the route table says (a loopback stand-in,
so the answers today's API does not give yet — 400 with the field, 401, 403, a cursor — are
covered): what is sent, what is printed, the exit codes."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from hoso_local import cli, officer_cli
from hoso_local.officer_cli import Api

pytestmark = pytest.mark.integration
TOKEN = "t0k3n"


def record(did: str, status: str = "received") -> dict[str, Any]:
    return {"dossier_id": did, "status": status, "procedure_code": "KHAI_SINH"}


class FakeApi(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, Any]]] = []
    pages: ClassVar[dict[str | None, list[str]]] = {None: ["A", "B"], "c1": ["C", "D"], "c2": ["E"]}
    cursors: ClassVar[dict[str | None, str | None]] = {None: "c1", "c1": "c2", "c2": None}

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _note(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        FakeApi.seen.append(
            {
                "method": self.command,
                "path": urlsplit(self.path).path,
                "query": parse_qs(urlsplit(self.path).query),
                "auth": self.headers.get("Authorization"),
                "actor": self.headers.get("X-Hoso-Actor"),
                "body": json.loads(self.rfile.read(length)) if length else None,
            }
        )

    def do_GET(self) -> None:
        self._note()
        url = urlsplit(self.path)
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._answer(401, {"message": "Unauthorized"})
        if url.path == "/v1/dossiers":
            cursor = parse_qs(url.query).get("cursor", [None])[0]
            found = [record(d) for d in self.pages[cursor]]
            return self._answer(200, {"dossiers": found, "next_cursor": self.cursors[cursor]})
        if url.path == "/v1/dossiers/B-1":
            return self._answer(403, {"message": "dossier 'B-1' belongs to another agency"})
        return self._answer(404, {"error": "not_found", "reason": "no dossier 'X'"})

    def do_POST(self) -> None:
        self._note()
        path = urlsplit(self.path).path
        if path.endswith("/classification"):
            return self._answer(
                400,
                {
                    "error": "bad_request",
                    "field": "pages[0].doc_type",
                    "reason": "unknown paper type 'x'",
                },
            )
        if path.endswith("/processing"):
            return self._answer(
                409, {"error": "invalid_action", "reason": "cannot start processing [x]"}
            )
        return self._answer(200, record("A", "supplement_requested"))


@pytest.fixture(autouse=True)
def _keep_log_level(monkeypatch: pytest.MonkeyPatch) -> None:
    """cli.main() quiets the functions' logs for a terminal (POWERTOOLS_LOG_LEVEL): undo it
    after each test, so the process's later tests log as before."""
    monkeypatch.setenv("POWERTOOLS_LOG_LEVEL", "INFO")  # records the value to restore
    monkeypatch.delenv("POWERTOOLS_LOG_LEVEL")


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    FakeApi.seen = []

    @contextlib.contextmanager
    def session(args: Any) -> Iterator[Api]:
        token = TOKEN if args.officer != "het-han" else "expired"
        yield Api(url, token, args.officer)

    monkeypatch.setattr(officer_cli, "session", session)
    try:
        yield FakeApi.seen
    finally:
        server.shutdown()
        server.server_close()


def test_all_follows_the_cursor_to_the_last_page(fake_api, capsys):
    assert cli.main(["dossiers", "--status", "received", "--limit", "2", "--all", "--json"]) == 0
    got = [json.loads(line)["dossier_id"] for line in capsys.readouterr().out.splitlines()]
    assert got == ["A", "B", "C", "D", "E"]
    assert [s["query"].get("cursor") for s in fake_api] == [None, ["c1"], ["c2"]]
    assert all(
        s["query"]["status"] == ["received"] and s["query"]["limit"] == ["2"] for s in fake_api
    )


def test_without_all_one_page_and_a_hint(fake_api, capsys):
    assert cli.main(["dossiers", "--due-before", "2030-01-15"]) == 0
    captured = capsys.readouterr()
    assert "A" in captured.out and "C" not in captured.out
    assert "2 dossiers; more with --all" in captured.err
    assert fake_api[0]["query"] == {"due_before": ["2030-01-15"]}


def test_actions_send_the_body_the_token_and_who_acts(fake_api, capsys):
    argv = ["request", "A", "--missing", "Giấy chứng sinh: bản chính", "--note", "n", "--json"]
    assert cli.main([*argv, "--as", "can-bo-h40.ubndxa"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "supplement_requested"
    sent = fake_api[-1]
    assert (sent["method"], sent["path"]) == ("POST", "/v1/dossiers/A/supplement-request")
    assert sent["body"] == {
        "missing": [{"name": "Giấy chứng sinh", "reason": "bản chính"}],
        "note": "n",
    }
    # the token alone says who acts: no self-declared actor is sent
    assert (sent["auth"], sent["actor"]) == (f"Bearer {TOKEN}", None)
    assert cli.main(["counter-supplement", "A", "--incomplete", "--note", "thiếu bản chính"]) == 0
    assert fake_api[-1]["body"] == {"complete": False, "note": "thiếu bản chính"}
    assert fake_api[-1]["path"] == "/v1/dossiers/A/counter-supplement"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["classify", "A", "a.pdf:1=x"],
            "bad request (400, POST /dossiers/A/classification): "
            "pages[0].doc_type: unknown paper type 'x'",
        ),
        (
            ["show", "A", "--as", "het-han"],
            "not authenticated (401, GET /dossiers/A): "
            "Unauthorized (the token of officer 'het-han' was not accepted",
        ),
        (["show", "B-1"], "forbidden (403, GET /dossiers/B-1): dossier 'B-1' belongs to another"),
        (["show", "X"], "not found (404, GET /dossiers/X): no dossier 'X'"),
        (
            ["processing", "A"],
            "refused (409, POST /dossiers/A/processing): cannot start processing [x]",
        ),
    ],
)
def test_refusals_exit_1_with_the_reason(fake_api, capsys, argv, expected):
    assert cli.main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert expected in " ".join(captured.err.split()), captured.err
