"""The gateway forwards a path exactly as the client sent it, or refuses it with a 4xx; never a
500. Through a real gateway to a real upstream (a service built on libs.http, echoing what it
received), over TCP."""

from __future__ import annotations

import httpx
import pytest
from fastapi import Request
from fastapi.responses import JSONResponse

from libs.http import create_app
from libs.messages import has_chinese
from tests.integration.gateway.servers import gateway_to, raw_request, serving

CONTROL = [*range(0x00, 0x20), 0x7F]


def echo_service():
    app = create_app("echo", title="echo")
    app.state.received = []

    @app.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "DELETE"])
    async def echo(rest: str, request: Request):
        app.state.received.append(request.scope["raw_path"])
        answer = JSONResponse({
            "raw_path": request.scope["raw_path"].decode(), "path": request.scope["path"], "rest": rest,
            "query": request.scope["query_string"].decode(), "prefix": request.headers.get("x-forwarded-prefix"),
            "repeated": request.headers.getlist("x-repeated")})
        answer.raw_headers += [(b"set-cookie", b"a=1"), (b"set-cookie", b"b=2")]
        return answer

    return app


@pytest.fixture
async def upstream():
    """The echo service, and what reached it."""
    app = echo_service()
    async with serving(app) as url:
        yield url, app.state.received


@pytest.fixture
async def gateway_url(upstream):
    # `plain` is a service with no route of its own: what it serves, every service serves.
    async with serving(create_app("plain", title="plain")) as plain, gateway_to(echo=upstream[0], plain=plain) as url:
        yield url


@pytest.fixture
async def gateway(gateway_url):
    async with httpx.AsyncClient(base_url=gateway_url) as client:
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


async def test_no_service_serves_metrics_on_the_port_the_gateway_reaches(gateway):
    for path in ("/plain/metrics", "/plain/metrics/", "/plain/%6Detrics", "/metrics"):
        r = await gateway.get(path)
        assert r.status_code == 404, (path, r.status_code)
        assert set(r.json()) == {"code", "message", "field"}


DOT_SEGMENTS = [b"/echo/./metrics", b"/echo/x/../metrics", b"/echo/%2e%2e/metrics", b"/echo/x/%2E%2E/metrics",
                b"/echo/%2e/metrics", b"/echo/.%2E/metrics", b"/echo/x/..", b"/echo/x/.", b"/echo/..",
                b"/echo/a/./b?q=1", b"/plain/x/../metrics", b"/echo/x/%2e%2E"]


@pytest.mark.parametrize("target", DOT_SEGMENTS, ids=[t.decode() for t in DOT_SEGMENTS])
async def test_a_path_with_a_dot_segment_is_refused_not_resolved(gateway_url, upstream, target):
    r = await raw_request(gateway_url, target)
    assert r.status == 400, (r.status, r.body)
    body = r.json()
    assert body["code"] == "invalid_path" and body["field"] == "path" and has_chinese(body["message"])
    assert upstream[1] == [], "nothing reached the service"


EXACT = [b"/a.b", b"/a..b/.x/x./...", b"/.well-known/x", b"/%2e%2ex/x%2e", b"/a%2Fb/%2E%2E%2Fc",
         b"/v1.2/items..json", b"/a;b=c/..;/d", b"//x", b"/x/"]


@pytest.mark.parametrize("target", EXACT, ids=[t.decode() for t in EXACT])
async def test_a_path_without_a_dot_segment_is_forwarded_byte_for_byte(gateway_url, upstream, target):
    r = await raw_request(gateway_url, b"/echo" + target + b"?k=v.w&x=..")
    assert r.status == 200, r.body
    assert upstream[1] == [target]
    assert r.json()["raw_path"] == target.decode() and r.json()["query"] == "k=v.w&x=.."


@pytest.mark.parametrize("target", [b'/echo/a"b', b"/echo/a<b>", b"/echo/a{b}", b"/echo/a`b",
                                    "/echo/罐区".encode()])
async def test_a_path_the_client_would_escape_is_refused_not_rewritten(gateway_url, upstream, target):
    r = await raw_request(gateway_url, target)
    assert 400 <= r.status < 500, (r.status, r.body)
    assert upstream[1] == [], "nothing reached the service"


async def test_repeated_headers_are_forwarded_as_received_both_ways(gateway_url):
    r = await raw_request(gateway_url, b"/echo/x", headers=[(b"X-Repeated", b"a"), (b"X-Other", b"o"),
                                                            (b"x-repeated", b"b")])
    assert r.status == 200
    assert r.json()["repeated"] == ["a", "b"]
    assert [v for k, v in r.headers if k.lower() == "set-cookie"] == ["a=1", "b=2"]
