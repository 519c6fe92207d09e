"""What the HTTP parser refuses before any app code runs still gets the one error shape, in
Chinese: sent as raw bytes over TCP to a server configured as every service's is."""

from __future__ import annotations

import asyncio
from contextlib import nullcontext

import orjson
import pytest
import uvicorn

from libs.http import create_app
from libs.http_server import server_config
from libs.runtime.process import free_port

MALFORMED = {
    "control byte in the request line": b"GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n",
    "control byte in a header value": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Correlation-Id: ab\x01cd\r\n\r\n",
    "a Content-Length that is no number": b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n",
    "no request line at all": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",  # TLS to a plain port
}


@pytest.fixture
async def port():
    number = free_port()
    server = uvicorn.Server(server_config(create_app("probe", title="probe"), "127.0.0.1", number,
                                          lifespan="on"))
    server.capture_signals = nullcontext
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    yield number
    server.should_exit = True
    await task


@pytest.mark.parametrize("raw", MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_request_the_parser_refuses_gets_the_error_shape_in_chinese(port, raw):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), answer
    assert b"content-type: application/json" in head.lower()
    error = orjson.loads(body)
    assert set(error) == {"code", "message", "field"} and error["code"] == "invalid_request"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
