"""Real HTTP servers for the gateway's tests: an ASGI app under uvicorn on a free port, in the
test's own event loop, so requests cross real TCP connections (keep-alive, raw paths)."""

from __future__ import annotations

import asyncio
import json
import threading
from contextlib import asynccontextmanager, nullcontext
from dataclasses import dataclass

import uvicorn

from libs.config import Settings
from libs.runtime.process import free_port
from services.gateway.app import create_app as create_gateway


@asynccontextmanager
async def serving(app):
    """Serve `app` (its lifespan included) and yield its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                           access_log=False, lifespan="on"))
    server.capture_signals = nullcontext  # the test runner keeps its own signal handlers
    task = asyncio.create_task(server.serve())
    for _ in range(400):
        if server.started:
            break
        if task.done():
            task.result()
        await asyncio.sleep(0.025)
    else:
        raise TimeoutError("server did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def serving_in_thread(app):
    """Like `serving`, but on an event loop of its own in another thread: what blocks that server
    (a slow log line) does not block the gateway and the client, as between two processes."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                           access_log=False, lifespan="on", loop="asyncio"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            break
        await asyncio.sleep(0.025)
    else:
        raise TimeoutError("server did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.to_thread(thread.join, 10)


@asynccontextmanager
async def gateway_to(**routes: str):
    """A real gateway routing `/<name>/…` to each of `routes` (name=base URL)."""
    settings = Settings(_env_file=None, gateway_routes=",".join(f"{k}={v}" for k, v in routes.items()))
    async with serving(create_gateway(settings)) as url:
        yield url


@dataclass
class RawAnswer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def json(self):
        return json.loads(self.body)


async def raw_request(url: str, target: bytes, method: bytes = b"GET",
                      headers: list[tuple[bytes, bytes]] = ()) -> RawAnswer:
    """One request with its target sent byte for byte, over a connection of its own: httpx would
    resolve `.` and `..` segments and escape some characters before they left the client."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        lines = [method + b" " + target + b" HTTP/1.1", b"Host: " + host.encode(), b"Connection: close",
                 *(name + b": " + value for name, value in headers)]
        writer.write(b"\r\n".join(lines) + b"\r\n\r\n")
        await writer.drain()
        head, _, body = (await asyncio.wait_for(reader.read(), 10)).partition(b"\r\n\r\n")
    finally:
        writer.close()
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    pairs = [tuple(part.strip() for part in line.split(":", 1)) for line in header_lines]
    return RawAnswer(int(status_line.split()[1]), pairs, body)
