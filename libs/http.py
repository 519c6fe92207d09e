"""The HTTP app factory: every service answers errors, health and metrics the same way."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from opentelemetry import context, trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from libs.aggregate import DomainError
from libs.db import UNAVAILABLE
from libs.errors import AppError
from libs.eventstore.port import ConcurrencyError
from libs.observability import COMMAND_LATENCY, tracer
from libs.openapi import install as install_contract

log = logging.getLogger(__name__)
_propagator = TraceContextTextMapPropagator()
_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

ReadinessCheck = Callable[[], Awaitable[bool]]


def error(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "field": field}, status_code=status)


def _field_of(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(_: Request, exc: AppError):
        return error(exc.status, exc.code, exc.message, exc.field)

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError):
        return error(422, exc.code, exc.message, exc.field)

    @app.exception_handler(ConcurrencyError)
    async def concurrency_error(_: Request, exc: ConcurrencyError):
        return error(409, "version_conflict", f"数据已被他人修改，请刷新后重试 ({exc})", "expected_version")

    @app.exception_handler(asyncpg.UniqueViolationError)
    async def duplicate(_: Request, exc: asyncpg.UniqueViolationError):
        # An inline read model's unique index refused the append; its detail names the column.
        match = re.search(r"Key \((?:[\w]+, )*(\w+)\)", exc.detail or "")
        field = match.group(1) if match else None
        return error(409, "duplicate", f"已存在相同的{field or '记录'}", field)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError):
        first = exc.errors()[0]
        field = _field_of(tuple(first.get("loc", ())))
        return error(422, "invalid_input", f"{field}: {first.get('msg')}", field)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        return error(exc.status_code, "http_error", str(exc.detail))

    async def unavailable(_: Request, exc: Exception):
        log.warning("dependency unavailable: %r", exc)
        return error(503, "unavailable", "服务暂时不可用（数据库不可达），请稍后重试")

    for kind in UNAVAILABLE:
        app.add_exception_handler(kind, unavailable)

    @app.exception_handler(Exception)
    async def internal(_: Request, exc: Exception):
        log.exception("unhandled error")
        return error(500, "internal", "服务器内部错误")


class RequestMiddleware:
    """Plain ASGI, around every request: refuse NUL in the path or query (PostgreSQL cannot store
    it), continue the caller's trace in a server span, time commands. Not `@app.middleware`:
    Starlette's BaseHTTPMiddleware runs each request through an extra task and stream, which
    showed in the tail latency of commands."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self._app, self._service = app, service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self._app(scope, receive, send)
        refused = _nul_in(scope)
        if refused is not None:
            return await refused(scope, receive, send)
        carrier = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        token = context.attach(_propagator.extract(carrier))
        start = time.perf_counter()
        try:
            with tracer.start_as_current_span(f"{scope['method']} {scope['path']}", kind=trace.SpanKind.SERVER):
                await self._app(scope, receive, send)
        finally:
            context.detach(token)
        if scope["method"] in _WRITE_METHODS:
            route = scope.get("route")
            COMMAND_LATENCY.labels(self._service, getattr(route, "path", "unmatched")).observe(
                time.perf_counter() - start)


def _nul_in(scope: Scope) -> JSONResponse | None:
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    for name, value in [("path", scope["path"]), *query]:
        if "\x00" in name or "\x00" in value:
            return error(400, "invalid_input", f"{name}: 不能包含空字符 (NUL)", name)
    return None


def create_app(service: str, *, title: str, lifespan=None, readiness: list[ReadinessCheck] | None = None,
               version: str = "0.1.0") -> FastAPI:
    app = FastAPI(title=title, version=version, lifespan=lifespan,
                  openapi_url="/openapi.json", docs_url="/docs", redoc_url=None)
    checks = readiness if readiness is not None else []
    app.state.readiness = checks
    install_error_handlers(app)
    install_contract(app)

    app.add_middleware(RequestMiddleware, service=service)

    @app.get("/healthz", include_in_schema=False)
    async def healthz():
        return {"status": "ok", "service": service}

    @app.get("/readyz", include_in_schema=False)
    async def readyz():
        for check in app.state.readiness:
            try:
                ok = await check()
            except Exception:
                ok = False
            if not ok:
                return JSONResponse({"status": "starting", "service": service}, status_code=503)
        return {"status": "ready", "service": service}

    @app.get("/metrics", include_in_schema=False)
    async def metrics():
        return PlainTextResponse(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app
