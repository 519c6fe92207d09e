"""The response views: every successful JSON answer passes through them once, with a correct
Content-Length; errors, files and empty answers pass untouched; a view that fails sends no body
it has not finished with."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse

from libs.views import ResponseViews, document


async def shout(body, _request):
    if isinstance(body, dict):
        body["seen"] = True
    return body


async def broken(_body, _request):
    raise RuntimeError("the directory is gone")


def app_with(*views) -> FastAPI:
    app = FastAPI()

    @app.get("/item")
    async def item():
        return {"mobile": "13900000001"}

    @app.get("/missing")
    async def missing():
        return JSONResponse({"code": "not_found", "message": "不存在", "field": None}, status_code=404)

    @app.get("/file")
    async def file():
        return PlainTextResponse('{"not": "json"}')

    app.add_middleware(ResponseViews, views=list(views))
    return app


async def get(app: FastAPI, path: str, method: str = "GET") -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        return await client.request(method, path)


async def test_json_answers_pass_through_the_views():
    r = await get(app_with(shout), "/item")
    assert r.json() == {"mobile": "13900000001", "seen": True}
    assert int(r.headers["content-length"]) == len(r.content)


async def test_errors_files_and_heads_pass_untouched():
    app = app_with(shout)
    assert "seen" not in (await get(app, "/missing")).json()
    assert (await get(app, "/file")).text == '{"not": "json"}'
    head = await get(app, "/item", "HEAD")
    assert head.status_code in (200, 405) and head.content == b""


async def test_a_failing_view_sends_nothing_it_was_to_hide():
    r = await get(app_with(broken), "/item")
    assert r.status_code == 503 and "13900000001" not in r.text
    assert set(r.json()) == {"code", "message", "field"}


def test_views_that_add_fields_document_them():
    class Adds:
        async def __call__(self, body, _request):
            return body

        def document(self, spec):
            spec["x-documented"] = True
            return spec

    app = app_with()
    document(app, [Adds()])
    assert app.openapi()["x-documented"] is True


async def test_a_view_that_wants_nothing_of_a_body_leaves_it_undecoded():
    class Picky:
        calls = 0

        def wants(self, raw: bytes) -> bool:
            return b'"colour"' in raw

        async def __call__(self, body, _request):
            Picky.calls += 1
            return body

    r = await get(app_with(Picky()), "/item")
    assert r.json() == {"mobile": "13900000001"} and Picky.calls == 0


async def test_the_api_document_and_health_are_no_answers_to_view():
    app = app_with(shout)

    @app.get("/healthz", include_in_schema=False)
    async def healthz():
        return {"status": "ok"}

    assert "seen" not in (await get(app, "/openapi.json")).json()
    assert "seen" not in (await get(app, "/healthz")).json()


async def test_a_plus_json_answer_passes_through_the_views_too():
    app = app_with(shout)

    @app.get("/patched")
    async def patched():
        return JSONResponse({"mobile": "13900000001"}, media_type="application/merge-patch+json")

    assert (await get(app, "/patched")).json() == {"mobile": "13900000001", "seen": True}
