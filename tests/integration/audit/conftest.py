"""A risk registry and an audit service running together on one database and broker."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

import pytest

from services.audit.app import create_app as create_audit
from services.risk_registry.app import create_app as create_registry
from tests.integration.service_client import running, settings_for

CODE = "91350100M000100Y43"


@pytest.fixture
async def system(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    async with AsyncExitStack() as stack:
        registry = await stack.enter_async_context(running(create_registry(settings)))
        audit = await stack.enter_async_context(running(create_audit(settings)))
        yield settings, registry, audit


async def wait_for_entries(audit, eid, headers, n, seconds=15.0):
    for _ in range(int(seconds / 0.05)):
        body = (await audit.get(f"/enterprises/{eid}/entries", headers=headers, params={"limit": 500})).json()
        if body["total"] >= n:
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"audit has {body['total']} entries, expected {n}")
