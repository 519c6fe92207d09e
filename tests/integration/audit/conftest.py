"""A risk registry and an audit service running together on one database and broker."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

import asyncpg
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


async def registered(registry, admin: dict, name: str) -> str:
    """An enterprise registered by a platform admin (its first audit entry follows)."""
    body = {"name": name, "credit_code": CODE, "industry": "工贸"}
    return (await registry.post("/enterprises", headers=admin, json=body)).json()["id"]


LOG_TABLES = ["audit_entries", "audit_chain_heads", "audit_tree_heads", "audit_tree_leaves", "audit_tree_sealed",
              "audit_heads_on_topic", "inbox"]


async def backed_up_then_grown(conn, registry, audit, database_url: str, eid: str, officer: dict, unit: str) -> None:
    """The trail sealed at 2 entries and copied whole into schema `backup` (the old backup an attacker
    restores later), then a rename of `unit` sealed at 3: heads of size 2 and 3 are on the topic."""
    await wait_for_entries(audit, eid, officer, 2)
    await seal(audit)
    await on_topic(database_url, eid, [2])
    await conn.execute("CREATE SCHEMA backup")
    for table in LOG_TABLES:
        await conn.execute(f"CREATE TABLE backup.{table} AS SELECT * FROM audit.{table}")
    await registry.post(f"/enterprises/{eid}/org-units/{unit}/rename", headers=officer, json={"name": "生产一部"})
    await wait_for_entries(audit, eid, officer, 3)
    await seal(audit)
    await on_topic(database_url, eid, [2, 3])


async def on_topic(database_url: str, enterprise_id: str, sizes: list[int], seconds: float = 15.0) -> None:
    """Wait until the projection has read these heads back from the heads topic."""
    conn = await asyncpg.connect(database_url)
    try:
        for _ in range(int(seconds / 0.05)):
            seen = [r[0] for r in await conn.fetch(
                "SELECT tree_size FROM audit.audit_heads_on_topic WHERE enterprise_id = $1 ORDER BY 1", enterprise_id)]
            if seen == sizes:
                return
            await asyncio.sleep(0.05)
    finally:
        await conn.close()
    raise AssertionError(f"heads read back: {seen}, expected {sizes}")


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
