"""Two instances of the audit projection in one consumer group split the partitions without
applying anything twice; when one dies, the other takes over its partitions."""

from __future__ import annotations

import asyncio

import asyncpg

from tests.faults.conftest import audit_count, preload_registry_events, wait_until


async def test_two_instances_split_the_work_and_survive_one_dying(spawn, database_url):
    first = spawn("audit").start()
    second = spawn("audit").start()
    await asyncio.sleep(1.5)  # both have joined the group
    ids = await preload_registry_events(database_url, streams=30, per_stream=40)
    spawn("risk_registry").start()
    await wait_until(lambda: _audit_has(database_url, len(ids)))
    assert first.metric("sk_consumer_applied_total") > 0
    assert second.metric("sk_consumer_applied_total") > 0, "partitions were split between the two"

    first.kill9()
    more = await preload_registry_events(database_url, streams=30, per_stream=20, first_version=40)
    total = len(ids) + len(more)
    await wait_until(lambda: _audit_has(database_url, total), seconds=90)
    await asyncio.sleep(0.5)
    conn = await asyncpg.connect(database_url)
    assert await audit_count(database_url) == total
    assert await conn.fetchval("SELECT count(DISTINCT event_id) FROM audit.audit_entries") == total
    broken = await conn.fetchval("""SELECT count(*) FROM audit.audit_entries a JOIN audit.audit_entries b
                                    ON a.subject = b.subject AND b.chain_seq = a.chain_seq + 1
                                    WHERE b.prev_hash <> a.hash""")
    await conn.close()
    assert broken == 0


async def _audit_has(database_url: str, total: int) -> bool:
    return await audit_count(database_url) >= total
