"""A risk registry and an audit service running together on one database and broker."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

import pytest

from services.audit.app import create_app as create_audit
from services.audit.signing import AuditSettings
from services.risk_registry.app import create_app as create_registry
from tests.integration.service_client import running, settings_for

CODE = "91350100M000100Y43"


NOT_SEALING = 3600.0  # a test that does not seal sees the trail as it arrived, heads apart


def audit_settings(tmp_path, seal_interval_s: float = NOT_SEALING) -> AuditSettings:
    """The log's key in the test's own directory (dev mode creates it), sealing as often as asked."""
    return AuditSettings(signing_key_file=str(tmp_path / "audit-signing.key"), seal_interval_s=seal_interval_s)


@pytest.fixture
async def system(runtime, database_url, topic_prefix, tmp_path):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    async with AsyncExitStack() as stack:
        registry = await stack.enter_async_context(running(create_registry(settings)))
        audit_app = create_audit(settings, audit_settings(tmp_path))
        audit = await stack.enter_async_context(running(audit_app))
        audit.app = audit_app
        yield settings, registry, audit


async def seal(audit) -> list:
    """Seal every enterprise's log now and send the heads (what the sealer does at each interval)."""
    return await audit.app.state.sealer.tick()


async def wait_for_entries(audit, eid, headers, n, seconds=15.0):
    for _ in range(int(seconds / 0.05)):
        body = (await audit.get(f"/enterprises/{eid}/entries", headers=headers, params={"limit": 500})).json()
        if body["total"] >= n:
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"audit has {body['total']} entries, expected {n}")
