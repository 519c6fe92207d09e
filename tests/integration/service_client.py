"""Run a service's real app in-process (its lifespan: migrations, store, relay, consumers) on the
test runtime, and talk to it over HTTP with tokens."""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager

import httpx

from libs.auth import issue_token
from libs.config import Settings


def settings_for(database_url: str, bootstrap: str, topic_prefix: str, **overrides) -> Settings:
    return Settings(database_url=database_url, migration_database_url=database_url,  # one role migrates and serves
                    kafka_bootstrap=bootstrap, topic_prefix=topic_prefix, dev_mode=True, **overrides)


def token(settings: Settings, enterprise_id: str | None, *roles: str, person: str = "p-test",
          jurisdiction: tuple[str, ...] = ()) -> dict[str, str]:
    jwt = issue_token(settings, person_id=person, enterprise_id=enterprise_id, roles=roles,
                      jurisdiction=jurisdiction)
    return {"Authorization": f"Bearer {jwt}"}


@asynccontextmanager
async def running(app):
    """Start the app's lifespan and yield an HTTP client bound to it; wait until ready."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            for _ in range(200):
                if (await client.get("/readyz")).status_code == 200:
                    break
                await asyncio.sleep(0.05)
            else:
                raise TimeoutError("service never became ready")
            yield client


async def until(predicate, seconds: float = 20.0):
    """The first truthy answer of `predicate()` (a replica or reactor behind its consumer's poll),
    asked every 50 ms by the clock on the wall; AssertionError after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := await predicate():
            return value
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached in time")
