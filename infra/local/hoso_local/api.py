"""A loopback HTTP server standing in for API Gateway (REST, proxy integration): each request
becomes the event Lambda would receive from API Gateway, routed by the template's Api events.

Authentication stands in for the API's IAM auth: ``authenticate`` turns the request's
``Authorization`` header (a local officer's bearer token) into the principal it signs in; no
principal is 401 before any handler runs, and a principal is put in
``requestContext.identity.userArn`` as IAM auth puts the caller's ARN."""

from __future__ import annotations

import base64
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from hoso_local.template import ACCOUNT_ID


@dataclass
class Route:
    method: str
    resource: str  # e.g. /dossiers/{dossier_id}, /console/{file+}
    invoke: Any  # Callable[[dict], dict]
    public: bool = False  # the event's Auth says Authorizer: NONE

    def __post_init__(self) -> None:
        parts = re.split(r"\{(\w+\+?)\}", self.resource)
        pattern = "".join(
            re.escape(p)
            if i % 2 == 0
            else (f"(?P<{p[:-1]}>.+)" if p.endswith("+") else f"(?P<{p}>[^/]+)")
            for i, p in enumerate(parts)
        )
        self.regex = re.compile(f"^{pattern}/?$")

    @property
    def rank(self) -> tuple[bool, int, int]:
        """API Gateway picks the most specific resource: fixed paths before those with
        parameters, a greedy ``{name+}`` last (the longest fixed start first)."""
        fixed = self.resource.split("{", 1)[0]
        return ("+}" in self.resource, self.resource.count("{"), -len(fixed))


class LocalApi:
    def __init__(
        self,
        routes: list[Route],
        host: str = "127.0.0.1",
        port: int = 0,
        stage: str = "v1",
        authenticate: Callable[[str | None], str | None] | None = None,
    ) -> None:
        self.routes = sorted(routes, key=lambda r: r.rank)
        self.authenticate = authenticate
        self.stage = stage
        self._server = make_server(host, port, self._app, threaded=True)
        self.url = f"http://{host}:{self._server.server_address[1]}/{stage}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="local-api"
        )

    def start(self) -> str:
        self._thread.start()
        return self.url

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        path = request.path
        prefix = f"/{self.stage}"
        if path.startswith(prefix + "/"):
            path = path[len(prefix) :]
        allowed = False
        for route in self.routes:
            m = route.regex.match(path)
            if not m:
                continue
            allowed = True
            if route.method not in (request.method, "ANY"):
                continue
            principal = None
            if self.authenticate is not None and not route.public:
                principal = self.authenticate(request.headers.get("Authorization"))
                if principal is None:
                    return Response(
                        '{"message": "Unauthorized"}', status=401, content_type="application/json"
                    )(environ, start_response)
            event = self._event(request, route, path, m.groupdict(), principal)
            result = route.invoke(event)
            return self._response(result)(environ, start_response)
        status = 405 if allowed else 404
        body = (
            '{"message": "Missing Authentication Token"}'
            if status == 404
            else '{"message": "Method Not Allowed"}'
        )
        return Response(body, status=status, content_type="application/json")(
            environ, start_response
        )

    def _event(
        self,
        request: Request,
        route: Route,
        path: str,
        params: dict[str, str],
        principal: str | None = None,
    ) -> dict[str, Any]:
        raw = request.get_data()
        is_text = True
        try:
            body: str | None = raw.decode("utf-8") if raw else None
        except UnicodeDecodeError:
            body, is_text = base64.b64encode(raw).decode(), False
        query = {k: request.args.getlist(k) for k in request.args}
        headers = {k: v for k, v in request.headers.items()}
        return {
            "resource": route.resource,
            "path": path,
            "httpMethod": request.method,
            "headers": headers,
            "multiValueHeaders": {k: request.headers.getlist(k) for k in headers},
            "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
            "multiValueQueryStringParameters": query or None,
            "pathParameters": params or None,
            "stageVariables": None,
            "requestContext": {
                "resourcePath": route.resource,
                "httpMethod": request.method,
                "path": f"/{self.stage}{path}",
                "stage": self.stage,
                "accountId": ACCOUNT_ID,
                "requestId": str(uuid.uuid4()),
                "requestTimeEpoch": int(time.time() * 1000),
                "identity": {
                    "sourceIp": request.remote_addr or "127.0.0.1",
                    "userAgent": request.user_agent.string,
                    "accountId": ACCOUNT_ID if principal else None,
                    "userArn": principal,
                    "user": principal.rsplit("/", 1)[-1] if principal else None,
                    "caller": principal.rsplit("/", 1)[-1] if principal else None,
                },
                "protocol": "HTTP/1.1",
            },
            "body": body,
            "isBase64Encoded": not is_text,
        }

    @staticmethod
    def _response(result: Any) -> Response:
        if not isinstance(result, dict) or "statusCode" not in result:
            return Response(
                '{"message": "Internal server error"}', status=502, content_type="application/json"
            )
        body = result.get("body") or ""
        data = base64.b64decode(body) if result.get("isBase64Encoded") else body
        resp = Response(data, status=int(result["statusCode"]))
        for k, v in (result.get("headers") or {}).items():
            resp.headers[k] = str(v)
        for k, vs in (result.get("multiValueHeaders") or {}).items():
            for v in vs:
                resp.headers.add(k, str(v))
        return resp
