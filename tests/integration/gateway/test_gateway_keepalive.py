"""A 500 does not poison the next request, and a dropped keep-alive connection costs an idempotent
request nothing. Real servers over TCP: a service built on libs.http whose route raises, and a
bare HTTP/1.1 server that drops a kept-alive connection the way a restarting upstream does."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from libs.http import create_app
from tests.integration.gateway.servers import gateway_to, serving, serving_in_thread


class SlowToLog(RuntimeError):
    """A bug whose traceback takes a while to log: the window between the 500 on the wire and
    what the server does next, which real logging (a busy disk, a remote sink) opens anyway."""

    def __str__(self) -> str:
        time.sleep(0.05)
        return "a bug in a handler"


def failing_service():
    app = create_app("flaky", title="flaky")

    @app.get("/boom")
    async def boom():
        raise SlowToLog()

    @app.get("/ok")
    async def ok():
        return {"ok": True}

    return app


class FailingOnBoom:
    """A middleware added after the app was made (as response views are), raising on `/late-boom`."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"] == "/late-boom":
            raise SlowToLog()
        await self.app(scope, receive, send)


@pytest.mark.parametrize("boom", ["/boom", "/late-boom"])
async def test_a_service_keeps_the_connection_open_after_a_500(boom):
    """Two requests on one TCP connection: the second is answered. (The server used to close the
    connection of a request whose handler raised, after sending the 500.) Whether a route or a
    middleware added later raised: the edge stays outermost and answers either."""
    app = failing_service()
    app.add_middleware(FailingOnBoom)
    async with serving(app) as url:
        port = int(url.rsplit(":", 1)[1])
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for path, status in ((boom, b"500"), ("/ok", b"200"), (boom, b"500"), ("/ok", b"200")):
                writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                await writer.drain()
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
                assert head.split(b" ")[1] == status, head
                assert b"connection: close" not in head.lower()
                length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                                  if line.lower().startswith(b"content-length")))
                body = await reader.readexactly(length)
                if status == b"500":
                    assert json.loads(body) == {"code": "internal", "message": "服务器内部错误", "field": None}
        finally:
            writer.close()


async def test_the_request_after_a_500_through_the_gateway_is_answered():
    """The upstream runs in its own thread, as another process would: the gateway reads the 500
    and sends the next request on the same kept-alive connection while the upstream still logs."""
    async with serving_in_thread(failing_service()) as upstream, gateway_to(flaky=upstream) as url:
        async with httpx.AsyncClient(base_url=url) as client:
            statuses = []
            for _ in range(15):
                statuses.append((await client.get("/flaky/boom")).status_code)
                statuses.append((await client.get("/flaky/ok")).status_code)
    assert statuses == [500, 200] * 15


class DroppingUpstream:
    """Answers the first request of each connection (keep-alive) and drops the connection on the
    second without a word, as a server does that closed an idle connection just as it was reused."""

    def __init__(self) -> None:
        self.received: list[str] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            for n in range(2):
                head = await reader.readuntil(b"\r\n\r\n")
                self.received.append(head.split(b" ")[0].decode())
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length")), 0)
                await reader.readexactly(length)
                if n == 1:
                    break
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}")
                await writer.drain()
        except asyncio.IncompleteReadError:
            pass
        finally:
            writer.close()


@pytest.fixture
async def dropping():
    upstream = DroppingUpstream()
    server = await asyncio.start_server(upstream.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with gateway_to(drop=f"http://127.0.0.1:{port}") as url:
        async with httpx.AsyncClient(base_url=url) as client:
            yield client, upstream
    server.close()
    await server.wait_closed()


@pytest.mark.parametrize("method", ["GET", "HEAD"])
async def test_a_safe_request_is_sent_again_once_on_a_dropped_connection(dropping, method):
    client, upstream = dropping
    assert (await client.get("/drop/first")).status_code == 200
    r = await client.request(method, "/drop/second")
    assert r.status_code == 200, r.text
    assert upstream.received == ["GET", method, method]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_a_command_is_never_sent_twice(dropping, method):
    client, upstream = dropping
    assert (await client.get("/drop/first")).status_code == 200
    r = await client.request(method, "/drop/second", json={})
    assert r.status_code == 503 and r.json()["code"] == "unavailable"
    assert upstream.received == ["GET", method]
