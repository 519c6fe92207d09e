"""The gateway: one port for users. `/<service>/…` goes to that service; `/readyz` is ready only
when every service is."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from libs.config import Settings, get_settings
from libs.http import create_app as create_http_app
from libs.http import error
from libs.observability import setup_logging, setup_tracing

# Hop-by-hop headers are the connection's business, not the message's.
_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    routes = settings.routes()
    client = httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=2.0))

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        yield
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
    app = create_http_app("gateway", title="双控 Shuangkong gateway", lifespan=lifespan, readiness=[all_ready])

    @app.get("/", include_in_schema=False)
    async def index():
        return {"name": "双控 Shuangkong", "services": {
            name: {"docs": f"/{name}/docs", "openapi": f"/{name}/openapi.json"} for name in routes}}

    @app.get("/services/readyz", include_in_schema=False)
    async def each_ready():
        states = await asyncio.gather(*(service_ready(u) for u in routes.values()))
        body = dict(zip(routes, ("ready" if s else "not ready" for s in states), strict=True))
        return JSONResponse(body, status_code=200 if all(states) else 503)

    @app.api_route("/{service}/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"],
                   include_in_schema=False)
    async def proxy(service: str, path: str, request: Request):
        base = routes.get(service)
        if base is None:
            return error(404, "unknown_service", f"没有名为 {service} 的服务", "service")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP}
        try:
            upstream = await client.request(request.method, f"{base}/{path}", params=request.query_params,
                                            headers=headers, content=await request.body())
        except httpx.HTTPError:
            return error(503, "unavailable", f"服务 {service} 暂时不可用")
        out = {k: v for k, v in upstream.headers.items() if k.lower() not in _HOP | {"content-encoding"}}
        return Response(upstream.content, status_code=upstream.status_code, headers=out)

    return app
