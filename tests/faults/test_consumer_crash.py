"""`kill -9` a consumer between its database commit and its offset commit: the redelivery
changes nothing."""

from __future__ import annotations

import asyncio

import asyncpg

from tests.faults.conftest import audit_count, preload_registry_events, wait_until
from tests.faults.test_relay_crash import published


async def test_redelivery_after_a_crash_before_the_offset_commit_changes_nothing(spawn, database_url):
    ids = await preload_registry_events(database_url, streams=10, per_stream=50)
    total = len(ids)
    conn = await asyncpg.connect(database_url)
    spawn("risk_registry").start()
    await wait_until(lambda: _published_all(conn, total))

    crashing = spawn("audit", SK_FAULT_CRASH_BEFORE_ACK="2", SK_CONSUMER_BATCH_SIZE="40").start(wait=False)
    await asyncio.to_thread(crashing.proc.wait, 60)
    assert crashing.proc.returncode == 137
    in_db_at_crash = await audit_count(database_url)
    assert 0 < in_db_at_crash < total

    audit = spawn("audit").start()
    await wait_until(lambda: _audit_has(database_url, total))
    await asyncio.sleep(0.5)
    assert await audit_count(database_url) == total
    assert await conn.fetchval("SELECT count(DISTINCT event_id) FROM audit.audit_entries") == total
    assert audit.metric("sk_consumer_duplicates_total") >= 1, "the uncommitted batch came again and was dropped"
    await conn.close()


async def _published_all(conn, total: int) -> bool:
    return await published(conn) == total


async def _audit_has(database_url: str, total: int) -> bool:
    return await audit_count(database_url) >= total
