"""The gateway forwards a path exactly as the client sent it, or refuses it with a 4xx; never a
500. Through a real gateway to a real upstream (a service built on libs.http, echoing what it
received), over TCP."""

from __future__ import annotations

import httpx
import pytest
from fastapi import Request

from libs.http import create_app
from tests.integration.gateway.servers import gateway_to, serving

CONTROL = [*range(0x00, 0x20), 0x7F]


def echo_service():
    app = create_app("echo", title="echo")

    @app.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "DELETE"])
    async def echo(rest: str, request: Request):
        return {"raw_path": request.scope["raw_path"].decode(), "path": request.scope["path"], "rest": rest,
                "query": request.scope["query_string"].decode(), "prefix": request.headers.get("x-forwarded-prefix")}

    return app


@pytest.fixture
async def gateway():
    async with serving(echo_service()) as upstream, gateway_to(echo=upstream) as url:
        async with httpx.AsyncClient(base_url=url) as client:
            yield client


async def test_each_control_character_in_a_path_is_refused_with_400(gateway):
    answers = {}
    for code in CONTROL:
        r = await gateway.get(f"/echo/things/a%{code:02X}b")
        answers[f"%{code:02X}"] = (r.status_code, r.json())
    wrong = {k: v for k, v in answers.items()
             if v[0] != 400 or v[1]["field"] != "path" or v[1]["code"] != "invalid_path"}
    assert not wrong, wrong


@pytest.mark.parametrize("escape, char", [("%3F", "?"), ("%23", "#"), ("%3f", "?"), ("%2523", "%23")])
async def test_an_escaped_delimiter_stays_inside_its_segment(gateway, escape, char):
    r = await gateway.get(f"/echo/things/a{escape}b/c", params={"q": "1"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["raw_path"] == f"/things/a{escape}b/c"
    assert body["rest"] == f"things/a{char}b/c"
    assert body["query"] == "q=1"


async def test_the_query_is_forwarded_as_sent(gateway):
    r = await gateway.get("/echo/x?a=%26b&a=c&empty=&plus=1+2")
    assert r.json()["query"] == "a=%26b&a=c&empty=&plus=1+2"


async def test_the_forwarded_prefix_is_the_gateways_not_the_clients(gateway):
    r = await gateway.get("/echo/x", headers={"x-forwarded-prefix": "/evil"})
    assert r.json()["prefix"] == "/echo"


async def test_metrics_of_a_service_are_not_served_through_the_gateway(gateway):
    for path in ("/echo/metrics", "/echo/metrics/", "/echo/%6Detrics", "/metrics"):
        r = await gateway.get(path)
        assert r.status_code == 404, (path, r.status_code)
        assert set(r.json()) == {"code", "message", "field"}
