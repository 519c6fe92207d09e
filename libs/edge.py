"""The HTTP edge (docs/decisions.md §23): what every request of every service, the gateway
included, passes before any route runs, whatever route it is for.

The target and the header values we read are bounded, the body is read up to the configured
limit (a file upload's, `multipart/form-data`, up to the photo limit and its envelope) and
refused when it is not standard JSON, the caller's trace continues in a server span,
commands are timed, and an unexpected exception becomes a 500 answer that keeps the connection
open for the next request. A refused request gets its span and its time too: it is a request
the service answered.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from urllib.parse import parse_qsl

from fastapi import FastAPI
from opentelemetry import context, trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from libs.errors import error
from libs.observability import COMMAND_LATENCY, tracer
from libs.strict_json import problem_of

log = logging.getLogger(__name__)
_propagator = TraceContextTextMapPropagator()
_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# What a multipart body carries beside its file: boundaries, part headers, a long file name.
UPLOAD_ENVELOPE_BYTES = 64 * 1024
NON_FINITE_MESSAGE = "须为有限的数（不能是 NaN、Infinity 或超出范围的数）"

# Header values that are read, stored (X-Correlation-Id goes verbatim into every event's
# metadata) or forwarded, and how long each may be. A bearer token carries a regulator's whole
# jurisdiction, hence its room; W3C Trace Context bounds tracestate at 512.
HEADER_LIMITS = {
    "authorization": 16 * 1024,
    "x-correlation-id": 128,
    "traceparent": 128,
    "tracestate": 512,
    "x-forwarded-prefix": 64,
    "content-type": 256,
}
HEADER_LABELS = {"x-correlation-id": "关联标识", "authorization": "身份令牌", "traceparent": "追踪上下文",
                 "tracestate": "追踪状态", "x-forwarded-prefix": "转发前缀", "content-type": "内容类型"}
# A correlation id is a tag, not text: visible ASCII only, so it is stored as it was sent.
_VISIBLE_ASCII = re.compile(rb"[\x21-\x7e]+")

# Never in a path; in a query only what a command body refuses too (tab and newlines are text).
_PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_QUERY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_json(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    """Whether a message with these (ASGI) headers carries JSON: `application/json` or
    `application/*+json`, as FastAPI decides for a request body. No content type is no JSON."""
    for name, value in headers:
        if name.lower() == b"content-type":
            kind = value.split(b";", 1)[0].strip().lower()
            main, _, sub = kind.partition(b"/")
            return main == b"application" and (sub == b"json" or sub.endswith(b"+json"))
    return False


def is_upload(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    """Whether a request with these (ASGI) headers sends files: `multipart/form-data`."""
    for name, value in headers:
        if name.lower() == b"content-type":
            return value.split(b";", 1)[0].strip().lower() == b"multipart/form-data"
    return False


def upload_too_large(max_upload_bytes: int) -> str:
    return f"上传的文件过大，最多 {max_upload_bytes:,} 字节（{max_upload_bytes / 1024 / 1024:g} MB）"


def install(app: FastAPI, service: str, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
            max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES) -> None:
    """Put the edge around `app`, outside whatever middleware is added to it later too (response
    views, say): it sees every request first and answers whatever exception any of them lets out.
    Starlette would put a middleware added later outside it."""
    build = app.build_middleware_stack

    def build_with_the_edge_outermost() -> ASGIApp:
        if not any(m.cls is Edge for m in app.user_middleware):
            app.user_middleware.insert(0, Middleware(Edge, service=service, max_body_bytes=max_body_bytes,
                                                     max_upload_bytes=max_upload_bytes, routes=app.router.routes))
        return build()

    app.build_middleware_stack = build_with_the_edge_outermost  # type: ignore[method-assign]


class Edge:
    """Plain ASGI, around every request. Not `@app.middleware`: Starlette's BaseHTTPMiddleware
    runs each request through an extra task and stream, which showed in the tail latency of
    commands."""

    def __init__(self, app: ASGIApp, service: str, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
                 routes: list[BaseRoute] | None = None, max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES) -> None:
        self._app, self._service, self._max_body = app, service, max_body_bytes
        self._max_upload = max_upload_bytes
        self._routes = routes if routes is not None else []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self._app(scope, receive, send)
        refused = _refuse_target(scope) or _refuse_headers(scope)
        # The caller's trace, unless its headers were just refused: a refused value is not read.
        carrier = {} if refused else {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        token = context.attach(_propagator.extract(carrier))
        start = time.perf_counter()
        try:
            with tracer.start_as_current_span(f"{scope['method']} {scope['path']}", kind=trace.SpanKind.SERVER) as span:
                status = await self._answer(scope, receive, send, refused)
                if status is not None:
                    span.set_attribute("http.response.status_code", status)
        finally:
            context.detach(token)
        if scope["method"] in _WRITE_METHODS:
            COMMAND_LATENCY.labels(self._service, self._route_of(scope)).observe(time.perf_counter() - start)

    async def _answer(self, scope: Scope, receive: Receive, send: Send, refused) -> int | None:
        """Refuse or run the app; the status sent, if any. An exception is logged and answered
        500 here, and not raised on: Starlette's outermost middleware would send the same 500 and
        then re-raise for the server to log, and uvicorn closes the connection of a request that
        raised: the gateway's pooled keep-alive connection to this service died under it, and
        the next request got a 503."""
        status: int | None = None

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            if refused is None:
                refused, receive = await _read_body(scope, receive, self._limit(scope))
            await (refused or self._app)(scope, receive, watch)
        except Exception:
            log.exception("unhandled error")
            if status is None:
                await error(500, "internal", "服务器内部错误")(scope, receive, watch)
        return status

    def _limit(self, scope: Scope) -> tuple[int, str, str]:
        """How large this request's body may be, and the refusal (message, field) past it. A file
        upload may carry a photo: the gateway cannot tell which route takes one, and a service's
        JSON route refuses a multipart body anyway (415)."""
        if is_upload(scope["headers"]):
            return self._max_upload + UPLOAD_ENVELOPE_BYTES, upload_too_large(self._max_upload), "file"
        return self._max_body, f"请求体过大，最多 {self._max_body:,} 字节", "body"

    def _route_of(self, scope: Scope) -> str:
        """The route's template: from the router when it ran, else (a request refused before it
        got there) the route that would have taken it."""
        route = scope.get("route")
        if route is None:
            route = next((r for r in self._routes if r.matches(scope)[0] is Match.FULL), None)
        return getattr(route, "path", "unmatched")


def _refuse_target(scope: Scope):
    if _PATH_CONTROL.search(scope["path"]):
        return error(400, "invalid_path", "请求路径不能包含控制字符", "path")
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    for name, value in query:
        if _QUERY_CONTROL.search(name) or _QUERY_CONTROL.search(value):
            return error(400, "invalid_input", f"{name}: 不能包含控制字符", name)
    return None


def _refuse_headers(scope: Scope):
    for raw_name, value in scope["headers"]:
        name = raw_name.decode("latin-1").lower()
        limit = HEADER_LIMITS.get(name)
        if limit is None:
            continue
        label = HEADER_LABELS[name]
        if len(value) > limit:
            return error(400, "invalid_header", f"请求头 {name}（{label}）过长，最多 {limit} 个字符", name)
        if name == "x-correlation-id" and not _VISIBLE_ASCII.fullmatch(value):
            return error(400, "invalid_header", f"请求头 {name}（{label}）只能包含可见的 ASCII 字符", name)
    return None


def _too_large(message: str, field: str):
    return error(413, "too_large", message, field, headers={"Connection": "close"})


async def _read_body(scope: Scope, receive: Receive, refusal: tuple[int, str, str]):
    """The whole body, refused early when it is larger than the limit (by its Content-Length, or
    by counting a chunked one) or is JSON that is not standard; else a `receive` that hands the
    app the body already read and then the connection's own messages."""
    limit, refusal_message, field = refusal
    for name, value in scope["headers"]:
        if name == b"content-length":
            if not value.isdigit():
                return error(400, "invalid_header", "请求头 content-length 须为非负整数", "content-length"), receive
            if int(value) > limit:
                return _too_large(refusal_message, field), receive
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away: let the app see it
            return None, _replaying([message], receive)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return _too_large(refusal_message, field), receive
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    if body and is_json(scope["headers"]):
        problem = problem_of(body)
        if problem is not None and problem.kind == "non_finite":
            return error(422, "non_finite_number", f"{problem.field}: {NON_FINITE_MESSAGE}", problem.field), receive
        if problem is not None:
            return error(422, "invalid_json", "请求体不是合法的 JSON", "body"), receive
    return None, _replaying([{"type": "http.request", "body": body, "more_body": False}], receive)


def _replaying(messages: list[Message], receive: Receive) -> Receive:
    async def replay() -> Message:
        if messages:
            return messages.pop(0)
        return await receive()

    return replay
