"""Real HTTP servers for the gateway's tests: an ASGI app under uvicorn on a free port, in the
test's own event loop, so requests cross real TCP connections (keep-alive, raw paths)."""

from __future__ import annotations

import asyncio
import threading
from contextlib import asynccontextmanager, nullcontext

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
