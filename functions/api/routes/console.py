"""The officers' console: static files (``functions/api/console/``) served by the API itself,
so a closed provincial network needs nothing else: no CDN, no font service. The console holds
no data; once an officer signs in it calls this API like any client (same identity, same
scoping, same actions).

``/console/config.json`` tells the console how officers sign in: with a local officer's token
(the local runtime, ``HOSO_LOCAL=1``) or through the officers' Cognito user pool (its hosted
sign-in page, authorization code with PKCE), whose client and domain the stack keeps in an
SSM parameter (``CONSOLE_CONFIG_PARAMETER``)."""

import json
import mimetypes
import os
from pathlib import Path
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.status import LABELS
from hoso_aws import bootstrap

router = APIGatewayRouter()

ROOT = Path(__file__).resolve().parent.parent / "console"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}
# The console's own files only; page images and PDFs come from short-lived S3 links.
POLICY = (
    "default-src 'self'; img-src 'self' data: blob: https: http://127.0.0.1:* "
    "http://localhost:*; frame-src 'self' blob: https: http://127.0.0.1:* http://localhost:*; "
    "object-src 'self' blob:; connect-src 'self' https:; style-src 'self'; script-src 'self'; "
    "base-uri 'none'; form-action 'self' https:; frame-ancestors 'none'"
)


def headers(content_type: str, *, cache_s: int = 0) -> dict[str, str]:
    return {
        "Content-Type": content_type,
        "Cache-Control": f"private, max-age={cache_s}" if cache_s else "no-cache",
        "Content-Security-Policy": POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


@router.get("/console", include_in_schema=False)
def console_root() -> Response[str]:
    """``/console/`` is the console; ``/console`` sends the browser there (the console's
    files are addressed relative to it)."""
    event = router.current_event
    if event.path.endswith("/"):
        return _file("index.html")
    stage_path = str(event.request_context.path or event.path)
    return Response(301, body="", headers={"Location": stage_path.rstrip("/") + "/"})


@router.get("/console/config.json", include_in_schema=False)
def console_config() -> Response[str]:
    return Response(200, body=json.dumps(config()), headers=headers("application/json"))


@router.get("/console/<asset>", include_in_schema=False)
def console_asset(asset: str) -> Response[str]:
    return _file(asset or "index.html")


@router.get("/console/<folder>/<asset>", include_in_schema=False)
def console_nested(folder: str, asset: str) -> Response[str]:
    return _file(f"{folder}/{asset}")


def _file(name: str) -> Response[str]:
    path = (ROOT / name).resolve()
    if ROOT not in path.parents or not path.is_file():
        raise NotFoundError(f"no console file '{name}'")
    suffix = path.suffix.lower()
    kind = TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    cache_s = 0 if suffix == ".html" else 300
    return Response(200, body=path.read_text("utf-8"), headers=headers(kind, cache_s=cache_s))


def config() -> dict[str, Any]:
    """How officers sign in, and how each status is named (what the queue shows before it
    knows who is signed in)."""
    labels = {"status_labels": {str(s): label for s, label in LABELS.items()}}
    name = os.environ.get("CONSOLE_CONFIG_PARAMETER")
    if os.environ.get("HOSO_LOCAL") == "1" or not name:
        return {"auth": "token", **labels}
    return {"auth": "cognito", **bootstrap.console_config(name), **labels}
