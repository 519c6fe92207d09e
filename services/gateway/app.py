"""The gateway: one port for users. `/<service>/…` goes to that service; `/readyz` is ready only
when every service is.

What it forwards is exactly what it received: the path in its raw, still percent-encoded form
(so `%3F` and `%23` stay inside their segment), the query, and every header as sent, repeated
ones included. A path the HTTP client would rewrite on the way is refused with 400 instead: one
with a `.` or `..` segment (`%2e` too), which it would resolve into another path, and one with a
character it would escape. Control characters never get this far (libs/edge.py refuses them).
No service serves `/metrics` on the port the gateway reaches (each has a metrics port of its
own, the gateway too: `SK_METRICS_PORT`), so there is nothing to hide here. An idempotent
request whose pooled keep-alive connection turns out dropped is sent once more on a fresh one;
a POST never is.

It is deployed like a service (`shuangkong serve gateway`, a container of its own) but has no
`ServiceSpec`: no store, no events, no read model. The composition root (shuangkong/catalog.py)
places it after the services and gives it their routes (`SK_GATEWAY_ROUTES`).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from urllib.parse import unquote

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from libs.config import Settings, get_settings
from libs.errors import error
from libs.http import create_app as create_http_app
from libs.observability import setup_logging, setup_tracing
from libs.startup import refuse_unsafe_start

log = logging.getLogger(__name__)

# Hop-by-hop headers are the connection's business, not the message's; the forwarded prefix is
# ours to say, never the client's. The client's address is appended to X-Forwarded-For (after any
# the client sent itself, which a service trusting only us never reads: services/identity).
_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length",
        "x-forwarded-prefix"}
# Safe methods only (RFC 9110 §9.2.1): they change nothing, so sending one twice is harmless.
# PUT is idempotent by the RFC but not here: a revision repeated without `expected_version`
# records one more revision in the item's history, and one with it answers a confusing 409.
_IDEMPOTENT = {"GET", "HEAD", "OPTIONS"}
# The connection died before an answer came: what a keep-alive connection closed by the
# service looks like when it is taken from the pool.
_DROPPED = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)
_DOT_SEGMENTS = {".", ".."}


def has_dot_segment(target: bytes) -> bool:
    """Whether a raw path has a `.` or `..` segment, spelt out or percent-encoded (`%2e`, `%2E`):
    the HTTP client resolves those (RFC 3986 §5.2.4), so `/x/../metrics` would reach `/metrics`."""
    path = target.split(b"?", 1)[0]
    return any(unquote(segment.decode("latin-1")) in _DOT_SEGMENTS for segment in path.split(b"/"))


def upstream_target(scope: dict) -> bytes | None:
    """The raw path after `/<service>` plus the raw query: the bytes the client sent, so no
    escape is decoded into a separator on the way. None when the raw path does not agree with
    the decoded one (it always does from a real server)."""
    raw = scope.get("raw_path") or scope["path"].encode()
    raw = raw.split(b"?", 1)[0]  # some ASGI servers include the query
    _, service, rest = (raw.split(b"/", 2) + [b""])[:3]
    if unquote(service.decode("latin-1")) != scope["path_params"]["service"]:
        return None
    target = b"/" + rest
    query = scope.get("query_string", b"")
    return target + b"?" + query if query else target


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    refuse_unsafe_start(settings, "gateway")
    routes = settings.routes()
    client = httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=2.0))

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        try:
            yield
        finally:
            await client.aclose()

    async def service_ready(url: str) -> bool:
        try:
            return (await client.get(f"{url}/readyz", timeout=2.0)).status_code == 200
        except httpx.HTTPError:
            return False

    async def all_ready() -> bool:
        return all(await asyncio.gather(*(service_ready(u) for u in routes.values())))

    setup_logging("gateway", settings.log_level)
    setup_tracing("gateway", settings.otlp_endpoint)
    app = create_http_app("gateway", title="双控 Shuangkong gateway", lifespan=lifespan, readiness=[all_ready],
                          max_body_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes,
                          metrics_port=settings.metrics_port,
                          metrics_host=settings.metrics_host, docs=False)
    # `/x` would be redirected to `/x/` and read as a service named "x": a path the gateway does
    # not serve is a plain 404.
    app.router.redirect_slashes = False

    @app.get("/", include_in_schema=False)
    async def index():
        return {"name": "双控 Shuangkong", "services": {
            name: {"docs": f"/{name}/docs", "openapi": f"/{name}/openapi.json"} for name in routes}}

    @app.get("/services/readyz", include_in_schema=False)
    async def each_ready():
        states = await asyncio.gather(*(service_ready(u) for u in routes.values()))
        body = dict(zip(routes, ("ready" if s else "not ready" for s in states), strict=True))
        return JSONResponse(body, status_code=200 if all(states) else 503)

    async def send(request: httpx.Request) -> httpx.Response:
        try:
            return await client.send(request, stream=True)
        except _DROPPED:
            if request.method not in _IDEMPOTENT:
                raise
            log.info("upstream dropped the connection; sending %s %s once more", request.method, request.url.path)
            return await client.send(request, stream=True)

    @app.api_route("/{service}/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"],
                   include_in_schema=False)
    async def proxy(service: str, path: str, request: Request):
        base = routes.get(service)
        if base is None:
            return error(404, "unknown_service", f"没有名为 {service} 的服务", "service")
        target = upstream_target(request.scope)
        if target is None:
            return error(400, "invalid_path", "请求路径无效", "path")
        if has_dot_segment(target):
            return error(400, "invalid_path", "请求路径不能包含 . 或 .. 段（含 %2e 的写法）", "path")
        headers = [(k, v) for k, v in request.headers.raw if k.decode("latin-1").lower() not in _HOP]
        headers.append((b"x-forwarded-prefix", f"/{service}".encode()))
        headers.append((b"x-forwarded-for", (request.client.host if request.client else "unknown").encode()))
        try:
            url = httpx.URL(base)
            raw_path = url.raw_path.rstrip(b"/") + target
            url = url.copy_with(raw_path=raw_path)
            outgoing = client.build_request(request.method, url, headers=headers, content=await request.body())
        except (httpx.InvalidURL, UnicodeError):
            return error(400, "invalid_path", "请求路径无效", "path")
        if outgoing.url.raw_path != raw_path:  # the client would escape a character of it
            return error(400, "invalid_path", "请求路径包含须转义的字符", "path")
        try:
            upstream = await send(outgoing)
        except httpx.HTTPError:
            return error(503, "unavailable", f"服务 {service} 暂时不可用")
        # The body is decoded (httpx undoes any content-encoding); Set-Cookie and other repeated
        # headers stay one line each.
        passed = [(k, v) for k, v in upstream.headers.raw
                  if k.decode("latin-1").lower() not in _HOP | {"content-encoding"}]
        if upstream.headers.get("content-type", "").startswith("text/event-stream"):
            # A live stream (alerting's inbox) is passed on as it comes; read whole, it never would be.
            streamed = StreamingResponse(upstream.aiter_bytes(), status_code=upstream.status_code,
                                         background=BackgroundTask(upstream.aclose))
            streamed.raw_headers = [(k, v) for k, v in streamed.raw_headers if k != b"content-type"] + [
                (k, v) for k, v in passed if k.lower() != b"content-length"]
            return streamed
        try:
            body = await upstream.aread()
        except httpx.HTTPError:
            return error(503, "unavailable", f"服务 {service} 暂时不可用")
        finally:
            await upstream.aclose()
        response = Response(body, status_code=upstream.status_code)
        response.raw_headers += passed
        return response

    return app
