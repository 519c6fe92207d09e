"""Real receiving servers the channel tests send to: a DingTalk robot, a WeCom robot and a
webhook receiver (one Starlette app under uvicorn, on a real TCP port), each checking what it
gets exactly as the platform or an integrator would, and answering in the platform's JSON.

Each can be told to fail its next requests (`fail_next`): an HTTP 5xx, a rate-limit errcode, a
refused signature, a hang until the client gives up. The signatures are checked here with
`cryptography`'s HMAC, not the code under test."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac as std_hmac
from collections import deque
from collections.abc import Callable
from contextlib import asynccontextmanager, nullcontext
from dataclasses import dataclass, field

import orjson
import uvicorn
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hmac import HMAC
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from libs.runtime.process import free_port

DINGTALK_TOKEN = "3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c"
DINGTALK_SECRET = "SECf0e1d2c3b4a5968778695a4b3c2d1e0f1e2d3c4b5a69788796a5b4c3d2e1f0"
WECOM_KEY = "693a91f6-7a0c-4bc4-97a0-0ec2f1fa5aaa"
WEBHOOK_SECRET = "whsec-一车间-2026"


def _mac(key: bytes, message: bytes) -> bytes:
    mac = HMAC(key, hashes.SHA256())
    mac.update(message)
    return mac.finalize()


@dataclass
class Received:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    verified: bool

    @property
    def json(self) -> dict:
        return orjson.loads(self.body)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


@dataclass
class Receivers:
    now_ms: Callable[[], int]
    url: str = ""
    received: list[Received] = field(default_factory=list)
    failures: deque[str] = field(default_factory=deque)
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def fail_next(self, *modes: str) -> None:
        self.failures.extend(modes)

    def of(self, path: str) -> list[Received]:
        return [one for one in self.received if one.path == path]

    def _failure(self) -> str | None:
        return self.failures.popleft() if self.failures else None

    async def _common_failure(self, mode: str | None) -> Response | None:
        if mode == "http_503":
            return Response("busy", status_code=503, headers={"Retry-After": "12"})
        if mode == "hang":
            await self.released.wait()  # until the test ends; the client gave up long before
            return Response(status_code=204)
        return None

    async def dingtalk(self, request: Request) -> Response:
        body = await request.body()
        query = dict(request.query_params)
        # As the platform checks 加签: the timestamp within an hour of its clock, then the sign.
        verified = False
        if "timestamp" in query and "sign" in query:
            timestamp = query["timestamp"]
            expected = base64.b64encode(_mac(DINGTALK_SECRET.encode(), f"{timestamp}\n{DINGTALK_SECRET}".encode()))
            fresh = abs(self.now_ms() - int(timestamp)) <= 3600 * 1000
            verified = fresh and std_hmac.compare_digest(expected.decode(), query["sign"])
        self.received.append(Received("dingtalk", query, dict(request.headers), body, verified))
        mode = self._failure()
        if (answer := await self._common_failure(mode)) is not None:
            return answer
        if query.get("access_token") != DINGTALK_TOKEN:
            return JSONResponse({"errcode": 300001, "errmsg": "token is not exist"})
        if not verified or mode == "bad_sign":
            return JSONResponse({"errcode": 310000, "errmsg": "sign not match, more: [https://ding-doc.dingtalk.com]"})
        if mode == "rate_limit":
            return JSONResponse({"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"})
        message = orjson.loads(body)
        if message.get("msgtype") not in {"text", "markdown"}:
            return JSONResponse({"errcode": 40035, "errmsg": "缺少参数 msgtype"})
        return JSONResponse({"errcode": 0, "errmsg": "ok"})

    async def wecom(self, request: Request) -> Response:
        body = await request.body()
        query = dict(request.query_params)
        self.received.append(Received("wecom", query, dict(request.headers), body, query.get("key") == WECOM_KEY))
        mode = self._failure()
        if (answer := await self._common_failure(mode)) is not None:
            return answer
        if query.get("key") != WECOM_KEY:
            return JSONResponse({"errcode": 93000, "errmsg": "invalid webhook url, hint: [test]"})
        if mode == "rate_limit":
            return JSONResponse({"errcode": 45009, "errmsg": "api freq out of limit, hint: [test]"})
        message = orjson.loads(body)
        content = (message.get(message.get("msgtype"), {}) or {}).get("content")
        if not content:
            return JSONResponse({"errcode": 44004, "errmsg": "empty content"})
        limit = 4096 if message["msgtype"] == "markdown" else 2048
        if len(content.encode()) > limit:
            return JSONResponse({"errcode": 40058, "errmsg": "content exceed max length"})
        return JSONResponse({"errcode": 0, "errmsg": "ok"})

    async def webhook(self, request: Request) -> Response:
        body = await request.body()
        headers = dict(request.headers)
        # As docs/webhooks.md tells an integrator: the raw body, the timestamp header, any v1.
        timestamp = headers.get("x-shuangkong-timestamp", "")
        offered = [part.strip().removeprefix("v1=") for part in headers.get("x-shuangkong-signature", "").split(",")]
        expected = _mac(WEBHOOK_SECRET.encode(), timestamp.encode() + b"." + body).hex()
        fresh = timestamp.isdigit() and abs(self.now_ms() // 1000 - int(timestamp)) <= 300
        verified = fresh and any(std_hmac.compare_digest(expected, one) for one in offered)
        self.received.append(Received("webhook", dict(request.query_params), headers, body, verified))
        mode = self._failure()
        if (answer := await self._common_failure(mode)) is not None:
            return answer
        if not verified:
            return JSONResponse({"error": "bad signature"}, status_code=401)
        if mode == "gone":
            return JSONResponse({"error": "subscription removed"}, status_code=410)
        if mode == "too_many":
            return Response(status_code=429, headers={"Retry-After": "30"})
        return Response(status_code=204)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/robot/send", self.dingtalk, methods=["POST"]),
                                 Route("/cgi-bin/webhook/send", self.wecom, methods=["POST"]),
                                 Route("/hooks/shuangkong", self.webhook, methods=["POST"])])


@asynccontextmanager
async def serving(app, certfile: str | None = None, keyfile: str | None = None):
    """Serve `app` on a free port in this event loop; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="off",
                            ssl_certfile=certfile, ssl_keyfile=keyfile, timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
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
        yield f"{'https' if certfile else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
