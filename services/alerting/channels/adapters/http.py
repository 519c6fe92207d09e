"""One POST with the same timeouts, TLS verification and failure classification for every
HTTP channel. Redirects are not followed: a robot or webhook URL that moved is a configuration
to fix, and following it would send a signed body somewhere nobody configured."""

from __future__ import annotations

import ssl
from dataclasses import dataclass

import httpx
import orjson

from ..domain.classify import retry_after_seconds
from ..domain.delivery import Outcome, OutcomeKind


@dataclass(frozen=True)
class HttpOptions:
    timeout_s: float = 10.0
    connect_timeout_s: float = 5.0
    # A plant behind a TLS-inspecting proxy trusts its own CA: add it, never turn verification off.
    # (HTTPS_PROXY/NO_PROXY from the environment are honoured: many plants reach the internet only
    # through one.)
    ca_file: str | None = None


def client(options: HttpOptions) -> httpx.AsyncClient:
    context = ssl.create_default_context(cafile=options.ca_file)
    return httpx.AsyncClient(timeout=httpx.Timeout(options.timeout_s, connect=options.connect_timeout_s),
                             verify=context, follow_redirects=False)


@dataclass(frozen=True)
class Answer:
    status: int
    json: object
    retry_after: float | None


def _tls_refused(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def post(http: httpx.AsyncClient, url: str | httpx.URL, body: bytes, digest: str,
               headers: dict[str, str] | None = None) -> Answer | Outcome:
    """The answer, or the outcome of a request that got none."""
    try:
        response = await http.post(url, content=body,
                                   headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})
    except httpx.TimeoutException:
        return Outcome(OutcomeKind.TRANSIENT, "timeout", "请求超时", digest)
    except httpx.TransportError as exc:
        if _tls_refused(exc):
            # A certificate that does not verify will not verify on the next try either.
            return Outcome(OutcomeKind.PERMANENT, "tls_verify_failed", "对方证书校验失败", digest)
        return Outcome(OutcomeKind.TRANSIENT, "network", f"网络错误：{type(exc).__name__}", digest)
    try:
        answer: object = orjson.loads(response.content) if response.content else None
    except orjson.JSONDecodeError:
        answer = None
    return Answer(response.status_code, answer, retry_after_seconds(response.headers.get("Retry-After")))


def json_bytes(payload: dict) -> bytes:
    return orjson.dumps(payload)
