"""Each service's API docs (Swagger UI) and OpenAPI document, usable directly and through the
gateway, with no asset from the internet.

Behind the gateway a service lives under `/<service>`; the gateway says so in
`X-Forwarded-Prefix`. The page then loads its assets and `…/openapi.json` under that prefix, and
the document names the prefix as its server so that "Try it out" goes through the gateway too.
The Swagger UI files come from the fastapi-offline package (a plant network reaches no CDN).
"""

from __future__ import annotations

import re
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"
ASSETS_PATH = "/docs/assets"
# The prefix ends up in HTML and JavaScript: only path segments of plain characters.
_PREFIX = re.compile(r"(?:/[A-Za-z0-9_-]+)+")


def forwarded_prefix(request: Request) -> str:
    """The path prefix the gateway serves this service under, or "" when called directly."""
    value = request.headers.get("x-forwarded-prefix", "")
    return value if _PREFIX.fullmatch(value) else ""


def install_docs(app: FastAPI) -> None:
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS), name="docs-assets")

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi(request: Request) -> JSONResponse:
        spec = app.openapi()
        prefix = forwarded_prefix(request)
        if prefix:
            spec = {**spec, "servers": [{"url": prefix}]}
        return JSONResponse(spec)

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        prefix = forwarded_prefix(request)
        return get_swagger_ui_html(
            openapi_url=f"{prefix}/openapi.json", title=f"{app.title} · 接口文档",
            swagger_js_url=f"{prefix}{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{prefix}{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{prefix}{ASSETS_PATH}/favicon.png",
            oauth2_redirect_url=None)
