"""`kill -9` the relay's process mid-publish and restart it: every event reaches Kafka at least
once, and the audit trail applies each exactly once."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx

from libs.auth import issue_token
from libs.cloudevent import topic_for
from libs.config import Settings
from tests.faults.conftest import audit_count, preload_registry_events, wait_until
from tests.kafka_records import read_records

PUBLISHED = """SELECT count(*) FROM risk_registry.events e, risk_registry.relay_checkpoints c
               WHERE (e.tx_id::text::bigint, e.position) <= (c.tx_id, c.position)"""


async def published(conn) -> int:
    return await conn.fetchval(PUBLISHED) or 0


async def read_topic(bootstrap: str, topic: str, want: set, seconds: float = 30) -> list[str]:
    """The CloudEvent ids on `topic`, duplicates included, once every id in `want` is there."""
    records = await read_records(bootstrap, topic, lambda got: want <= {_ce_id(r) for r in got}, seconds)
    return [_ce_id(r) for r in records]


def _ce_id(record) -> str:
    return dict(record.headers)["ce_id"].decode()


async def test_relay_killed_mid_publish_loses_nothing_and_audit_applies_once(
        spawn, runtime, database_url, topic_prefix):
    ids = await preload_registry_events(database_url, streams=40, per_stream=100)
    total = len(ids)
    conn = await asyncpg.connect(database_url)

    registry = spawn("risk_registry", SK_RELAY_BATCH_SIZE="50").start(wait=False)
    await wait_until(lambda: published(conn), every=0.002)
    registry.kill9()
    at_kill = await published(conn)
    assert 0 < at_kill < total, f"killed mid-publish ({at_kill} of {total} acknowledged)"

    registry.start()
    await wait_until(lambda: _all(conn, total))
    on_topic = await read_topic(runtime.bootstrap, topic_for("risk_registry", topic_prefix), {str(i) for i in ids})
    assert {str(i) for i in ids} <= set(on_topic), "every event reached Kafka"

    audit = spawn("audit").start()
    await wait_until(lambda: _audit_has(database_url, total))
    await asyncio.sleep(0.5)  # any duplicate would land now
    assert await audit_count(database_url) == total
    assert await conn.fetchval("SELECT count(DISTINCT event_id) FROM audit.audit_entries") == total
    admin = {"Authorization": "Bearer " + issue_token(Settings(), person_id="op", enterprise_id=None,
                                                      roles=["platform_admin"])}
    async with httpx.AsyncClient(timeout=30) as client:
        verdict = (await client.get(f"{audit.url}/verify", headers=admin)).json()
    assert verdict["ok"] and verdict["entries"] == total
    await conn.close()


async def _all(conn, total: int) -> bool:
    return await published(conn) == total


async def _audit_has(database_url: str, total: int) -> bool:
    return await audit_count(database_url) >= total
