"""The HTTP edge every service shares (libs/edge.py, installed by libs.http.create_app): what any
route gets before and after its handler.

The app here is a service to come: `libs.http.create_app` with routes of its own, an in-memory
event store behind one of them. Every refusal is `{code, message, field}`, Chinese, never a 500.
"""

from __future__ import annotations

import math

import httpx
import pytest
from fastapi import APIRouter, Depends, Request
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import REGISTRY
from pydantic import BaseModel, Field

from libs.auth import enterprise_scope, issue_token
from libs.commands import Command
from libs.config import Settings
from libs.edge import HEADER_LIMITS, is_json
from libs.events import NewEvent
from libs.eventstore import ConcurrencyError, InMemoryEventStore
from libs.http import create_app
from libs.messages import has_chinese
from libs.observability import setup_tracing

LIMIT = 4096


class Outline(Command):
    name: str = Field(max_length=20)
    outline: list[tuple[float, float]]
    q: float = 1.0


class Ratio(BaseModel):
    value: float


def app_under_test():
    app = create_app("svc", title="svc", max_body_bytes=LIMIT)
    store = InMemoryEventStore()

    @app.post("/things", status_code=201)
    async def create(cmd: Outline):
        # The domain computes something from finite inputs; nobody guarded the result.
        data = cmd.model_dump(mode="json") | {"ratio": cmd.q * 1e308}
        await store.append("thing-1", 0, [NewEvent(type="t", data=data, metadata={})])
        return {"ok": True}

    @app.post("/raw")
    async def raw(request: Request):
        return {"length": len(await request.body())}

    @app.get("/computed")
    async def computed():
        return {"ratio": math.inf, "nested": [math.nan]}

    @app.get("/computed-model", response_model=Ratio)
    async def computed_model():
        return Ratio(value=math.inf)

    @app.post("/conflict")
    async def conflict():
        raise ConcurrencyError("thing-1", 3)

    @app.get("/boom")
    async def boom():
        raise RuntimeError("a bug")

    return app, store


@pytest.fixture
async def client():
    app, store = app_under_test()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                                 base_url="http://test") as c:
        c.store = store
        yield c


def refusal(r: httpx.Response, status: int, field: str | None) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"code", "message", "field"}
    assert body["field"] == field
    assert has_chinese(body["message"]), body
    return body


BODY = '{{"name": "罐区", "outline": {outline}, "q": {q}}}'


@pytest.mark.parametrize("outline, q, field", [
    ("[[NaN, 1], [2, 3]]", "1", "outline.0.0"),
    ("[[0, 1], [2, Infinity]]", "1", "outline.1.1"),
    ("[[0, 1]]", "-Infinity", "q"),
    ("[[0, 1]]", "1e400", "q"),
])
async def test_non_finite_numbers_in_a_body_are_422_with_their_path(client, outline, q, field):
    r = await client.post("/things", content=BODY.format(outline=outline, q=q),
                          headers={"content-type": "application/json"})
    refusal(r, 422, field)
    assert r.json()["code"] == "non_finite_number"
    assert await client.store.load("thing-1") == []


async def test_a_value_computed_out_of_range_is_refused_by_the_store_as_422(client):
    r = await client.post("/things", json={"name": "罐区", "outline": [[0, 1]], "q": 1e300})
    refusal(r, 422, "ratio")
    assert await client.store.load("thing-1") == []


async def test_a_json_syntax_error_names_the_body_not_an_offset(client):
    r = await client.post("/things", content=b'{"name": "x",', headers={"content-type": "application/json"})
    assert refusal(r, 422, "body")["code"] == "invalid_json"


async def test_a_body_over_the_limit_is_413_by_its_content_length(client):
    r = await client.post("/raw", content=b"x" * (LIMIT + 1))
    refusal(r, 413, "body")
    assert (await client.post("/raw", content=b"x" * LIMIT)).json() == {"length": LIMIT}


async def test_a_chunked_body_over_the_limit_is_413(client):
    async def chunks():
        for _ in range(LIMIT // 1000 + 2):
            yield b"x" * 1000

    r = await client.post("/raw", content=chunks())
    assert "content-length" not in r.request.headers
    refusal(r, 413, "body")


async def test_a_large_json_body_is_413_before_parsing(client):
    big = '{"name": "x", "outline": [' + ",".join(["[1, 2]"] * LIMIT) + "]}"
    refusal(await client.post("/things", content=big, headers={"content-type": "application/json"}), 413, "body")


@pytest.mark.parametrize("header", sorted(HEADER_LIMITS))
async def test_every_bounded_header_is_400_past_its_bound(client, header):
    r = await client.get("/computed", headers={header: "a" * (HEADER_LIMITS[header] + 1)})
    refusal(r, 400, header)


async def test_a_correlation_id_is_visible_ascii(client):
    ok = await client.get("/computed", headers={"x-correlation-id": "order-42/7"})
    assert ok.status_code == 200
    refusal(await client.get("/computed", headers={"x-correlation-id": "a b"}), 400, "x-correlation-id")


@pytest.mark.parametrize("code", [*range(0x00, 0x20), 0x7F])
async def test_control_characters_in_a_path_are_400(client, code):
    refusal(await client.get(f"/things/a%{code:02X}b"), 400, "path")


async def test_a_response_holding_a_non_finite_float_is_not_a_500(client):
    r = await client.get("/computed")
    assert r.status_code == 200 and r.json() == {"ratio": None, "nested": [None]}
    r = await client.get("/computed-model")
    assert r.status_code == 200 and r.json() == {"value": None}


async def test_a_version_conflict_is_chinese_without_the_stream_id(client):
    body = refusal(await client.post("/conflict"), 409, "expected_version")
    assert "thing-1" not in body["message"] and "stream" not in body["message"]


@pytest.mark.parametrize("request_, status", [(("GET", "/nowhere"), 404), (("DELETE", "/computed"), 405)])
async def test_the_frameworks_own_refusals_are_chinese(client, request_, status):
    refusal(await client.request(*request_), status, None)


async def test_an_unexpected_error_is_a_500_in_the_same_shape(client):
    r = await client.get("/boom")
    assert r.status_code == 500 and r.json() == {"code": "internal", "message": "服务器内部错误", "field": None}


@pytest.mark.parametrize("body, field, words", [
    ({"name": "x" * 21, "outline": [[0, 1]]}, "name", ["20"]),
    ({"outline": [[0, 1]]}, "name", ["必填"]),
    ({"name": "x", "outline": [["a", 1]]}, "outline.0.0", ["数字"]),
    ({"name": "x", "outline": [[0, 1]], "extra": 1}, "extra", []),
    ({"name": "x\x01", "outline": [[0, 1]]}, "name", ["控制字符"]),
])
async def test_validation_errors_are_chinese_and_keep_path_and_limits(client, body, field, words):
    message = refusal(await client.post("/things", json=body), 422, field)["message"]
    assert all(w in message for w in words), message


def tenant_app():
    app = create_app("svc", title="svc")
    scoped = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])

    @scoped.get("/things")
    async def things(enterprise_id: str):
        return {"enterprise_id": enterprise_id}

    app.include_router(scoped)
    app.state.settings = Settings(_env_file=None, dev_mode=True, jwt_key="")

    async def exists(enterprise_id: str) -> bool:
        return enterprise_id == "ent-1"

    app.state.enterprise_exists = exists
    return app


@pytest.mark.parametrize("who, enterprise, status", [
    ("platform_admin", "ent-unknown", 404),  # they register enterprises: existence is theirs to know
    ("platform_admin", "ent-1", 403),  # but no tenant data
    ("safety_officer", "ent-unknown", 403),  # a tenant learns nothing about other ids
    ("safety_officer", "ent-1", 403),
])
async def test_only_a_platform_admin_learns_that_an_enterprise_does_not_exist(who, enterprise, status):
    app = tenant_app()
    bearer = issue_token(app.state.settings, person_id="p", enterprise_id=None if who == "platform_admin" else "ent-2",
                         roles=[who])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        r = await c.get(f"/enterprises/{enterprise}/things", headers={"Authorization": f"Bearer {bearer}"})
    refusal(r, status, "enterprise_id" if status == 404 else None)


@pytest.mark.parametrize("outline, q, field", [
    ('[["NaN", 1]]', "1", "outline.0.0"),
    ("[[0, 1]]", '"Infinity"', "q"),
    ("[[0, 1]]", '"1e400"', "q"),
    ("[[0, 1]]", '"-inf"', "q"),
])
async def test_non_finite_numbers_spelt_as_strings_are_422_too(client, outline, q, field):
    r = await client.post("/things", content=BODY.format(outline=outline, q=q),
                          headers={"content-type": "application/json"})
    refused = refusal(r, 422, field)
    assert "有限" in refused["message"] and refused["code"] == "non_finite_number"
    assert await client.store.load("thing-1") == []


# ---- what the edge gives every request, refused or not ------------------------------------------

@pytest.fixture
def spans():
    """The spans finished during the test."""
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        setup_tracing("svc")
    exporter = InMemorySpanExporter()
    trace.get_tracer_provider().add_span_processor(SimpleSpanProcessor(exporter))
    yield exporter
    exporter.shutdown()


def commands_timed(route: str) -> float:
    return REGISTRY.get_sample_value("sk_command_seconds_count", {"service": "svc", "command": route}) or 0.0


TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.mark.parametrize("what, content, headers, status", [
    ("not JSON", b'{"name": "x",', {"content-type": "application/json"}, 422),
    ("not finite", b'{"name": "x", "outline": [[NaN, 1]]}', {"content-type": "application/json"}, 422),
    ("too large", b"x" * (LIMIT + 1), {}, 413),
    ("a header too long", b"{}", {"content-type": "a" * 300}, 400),
])
async def test_a_refused_request_gets_a_server_span_and_is_timed_as_its_command(client, spans, what, content,
                                                                                 headers, status):
    before = commands_timed("/things")
    parent = {} if status == 400 else {"traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01"}
    r = await client.post("/things", content=content, headers={**headers, **parent})
    assert r.status_code == status, (what, r.text)
    server = [s for s in spans.get_finished_spans() if s.kind == trace.SpanKind.SERVER]
    assert [s.name for s in server] == ["POST /things"], what
    assert server[0].attributes["http.response.status_code"] == status
    if parent:  # the caller's trace goes on, unless its headers were refused
        assert format(server[0].context.trace_id, "032x") == TRACE_ID
    assert commands_timed("/things") == before + 1, what


async def test_an_answered_and_a_failed_request_get_their_span_with_the_status(client, spans):
    assert (await client.get("/computed")).status_code == 200
    assert (await client.get("/boom")).status_code == 500
    assert [(s.name, s.attributes["http.response.status_code"]) for s in spans.get_finished_spans()
            if s.kind == trace.SpanKind.SERVER] == [("GET /computed", 200), ("GET /boom", 500)]


class Raising:
    """A middleware added after the app was made, failing on every request."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            raise RuntimeError("a bug in a middleware")
        await self.app(scope, receive, send)


async def test_the_edge_answers_an_exception_of_a_middleware_added_later_too():
    app, _ = app_under_test()
    app.add_middleware(Raising)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                                 base_url="http://test") as c:
        r = await c.get("/computed")
    assert r.status_code == 500 and r.json() == {"code": "internal", "message": "服务器内部错误", "field": None}


@pytest.mark.parametrize("content_type, expected", [
    (b"application/json", True), (b"Application/JSON; charset=utf-8", True),
    (b"application/merge-patch+json", True), (b"application/problem+json", True),
    (b"text/json", False), (b"application/jsonx", False), (b"text/plain", False), (None, False),
])
def test_json_is_application_json_or_a_plus_json_type(content_type, expected):
    headers = [(b"accept", b"*/*")] + ([(b"Content-Type", content_type)] if content_type else [])
    assert is_json(headers) is expected


async def test_a_plus_json_body_is_read_as_strictly_as_json(client):
    r = await client.post("/things", content=b'{"name": "x", "outline": [[NaN, 1]]}',
                          headers={"content-type": "application/merge-patch+json"})
    assert refusal(r, 422, "outline.0.0")["code"] == "non_finite_number"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
async def test_a_json_body_under_another_content_type_is_415_naming_the_header(client, content_type):
    headers = {"content-type": content_type} if content_type else {}
    r = await client.post("/things", content=b'{"name": "x", "outline": [[0, 1]]}', headers=headers)
    assert r.status_code == 415, r.text
    assert r.json()["field"] == "content-type" and has_chinese(r.json()["message"])
