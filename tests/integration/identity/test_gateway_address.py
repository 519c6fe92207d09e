"""Through the real gateway, as real HTTP servers: the gateway appends the client's address to
X-Forwarded-For, identity believes it because the gateway is a trusted proxy, and ignores what
the client wrote there itself — so failures are counted per real client address: one that keeps
failing is answered 429, another is not."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

import asyncpg
import httpx

from services.gateway.app import create_app as gateway_app
from services.identity.app import create_app as identity_app
from services.identity.settings import IdentitySettings
from tests.integration.service_client import settings_for
from tests.whole_system import serving


def client_from(gateway: str, address: str) -> httpx.AsyncClient:
    """A client whose connections come from `address` (another loopback address than the gateway's)."""
    return httpx.AsyncClient(base_url=gateway, transport=httpx.AsyncHTTPTransport(local_address=address), timeout=30)


async def test_failures_are_counted_per_real_client_behind_the_gateway(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    # The gateway reaches identity from 127.0.0.1; the clients come from 127.0.0.5 and .6.
    identity = IdentitySettings(trusted_proxies="127.0.0.1/32", address_limit=3, argon2_time_cost=1,
                                argon2_memory_kib=8)
    async with AsyncExitStack() as stack:
        upstream = await stack.enter_async_context(serving(identity_app(settings, identity)))
        gateway = await stack.enter_async_context(serving(gateway_app(settings_for(
            database_url, runtime.bootstrap, topic_prefix, gateway_routes=f"identity={upstream}"))))
        one = await stack.enter_async_context(client_from(gateway, "127.0.0.5"))
        other = await stack.enter_async_context(client_from(gateway, "127.0.0.6"))
        for _ in range(200):
            if (await one.get("/readyz")).status_code == 200:
                break
            await asyncio.sleep(0.05)
        attempt = {"mobile": "13700000001", "password": "wrong-pass1"}
        for n in range(3):  # each claims another address: the claim is not read
            r = await one.post("/identity/sign-in", json=attempt, headers={"X-Forwarded-For": f"198.51.100.{n}"})
            assert r.status_code == 401, r.text
        turned_away = await one.post("/identity/sign-in", json=attempt, headers={"X-Forwarded-For": "198.51.100.99"})
        assert (turned_away.status_code, turned_away.json()["code"]) == (429, "too_many_attempts")
        assert (await other.post("/identity/sign-in", json=attempt)).status_code == 401, "another client is not"

        conn = await asyncpg.connect(database_url)
        try:
            counted = dict(await conn.fetch("SELECT address, count(*) FROM identity.sign_in_failures GROUP BY 1"))
        finally:
            await conn.close()
        assert counted == {"127.0.0.5": 3, "127.0.0.6": 1}
