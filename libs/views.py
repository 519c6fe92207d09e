"""Views of a JSON answer: what every response of a service passes through on its way out.

A view is a function of the decoded body and the request (who asks, for which enterprise) that
returns the body to send (and may have `wants(raw) -> bool`, to be skipped when the raw body
holds nothing it looks at): labels beside codes (libs/labels.py), personal details masked for
those who may not see them (libs/disclosure.py). They run in one plain ASGI middleware, so no
route can forget them and a body is decoded and encoded once, whatever the number of views.
Error answers, files (CSV, XLSX, SVG) and what is no answer of the API (its OpenAPI document,
health) pass untouched; exports apply the views to their rows.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import orjson
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from libs.edge import is_json

log = logging.getLogger(__name__)

View = Callable[[Any, Request], Awaitable[Any]]


async def apply(views: Sequence[View], body: Any, request: Request) -> Any:
    for view in views:
        body = await view(body, request)
    return body


async def apply_to(request: Request, rows: Any) -> Any:
    """`rows` through the app's views, for an answer that is no JSON (a CSV or XLSX export); a
    view with `exports = False` is left out (an export's columns write labels themselves)."""
    views = [v for v in getattr(request.app.state, "views", ()) if getattr(v, "exports", True)]
    return await apply(views, rows, request)


def document(app: Any, views: Sequence[View]) -> None:
    """Let views that add fields (`document(spec)`) say so in `app.openapi()`, on top of whatever
    builds the document."""
    documenting: list[Any] = [v for v in views if callable(getattr(v, "document", None))]
    if not documenting:
        return
    build = app.openapi

    def openapi() -> dict[str, Any]:
        spec = build()
        for view in documenting:
            view.document(spec)
        return spec

    app.openapi = openapi


def _documented(scope: Scope) -> bool:
    """An answer of the API (a route in its document), not the document itself, docs or health."""
    return bool(getattr(scope.get("route"), "include_in_schema", False))


class ResponseViews:
    """Plain ASGI middleware: a successful JSON body goes through `views` before it is sent."""

    def __init__(self, app: ASGIApp, views: Sequence[View]) -> None:
        self._app, self._views = app, tuple(views)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._views:
            return await self._app(scope, receive, send)
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if message["status"] < 300 and _documented(scope) and is_json(message.get("headers", [])):
                    start = message  # held until the whole body is here
                else:
                    await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            raw = b"".join(chunks)
            if not raw:  # HEAD, or an empty answer: nothing to view
                await send(start)
                await send(message)
                return
            status = start["status"]
            try:
                body = await self._rewrite(raw, scope)
            except Exception:
                # Never send a body a view did not finish with (it may still hold what it hides).
                log.exception("response view failed")
                status, body = 503, orjson.dumps(
                    {"code": "unavailable", "message": "服务暂时不可用，请稍后重试", "field": None})
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self._app(scope, receive, capture)

    async def _rewrite(self, raw: bytes, scope: Scope) -> bytes:
        # A view may say from the raw bytes that it has nothing to do (no field it looks at is
        # there): then the body is not decoded for it, nor at all when no view wants it.
        views = [v for v in self._views if _wants(v, raw)]
        if not views:
            return raw
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError:  # not ours to judge: send what the route made
            return raw
        return orjson.dumps(await apply(views, body, Request(scope)))


def _wants(view: View, raw: bytes) -> bool:
    wants = getattr(view, "wants", None)
    return wants is None or wants(raw)
