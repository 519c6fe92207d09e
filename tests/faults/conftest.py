"""Fault tests: real service processes on the session's PostgreSQL and broker."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest

from libs.db import create_pool
from libs.events import NewEvent
from libs.eventstore import PostgresEventStore
from libs.migrations import upgrade_async
from libs.runtime.service_process import ServiceProcess, service_env
from services.risk_registry.app import SPEC as REGISTRY


@pytest.fixture
def spawn(runtime, database_url, topic_prefix, tmp_path):
    started: list[ServiceProcess] = []

    def make(service: str, **extra: str) -> ServiceProcess:
        env = service_env(database_url, runtime.bootstrap, topic_prefix, **extra)
        p = ServiceProcess(service, env, tmp_path / f"{service}-{len(started)}.log")
        started.append(p)
        return p

    yield make
    for p in started:
        p.stop()


async def preload_registry_events(database_url: str, streams: int, per_stream: int,
                                  first_version: int = 0, per_append: int = 1) -> list[uuid.UUID]:
    """Append events straight into the risk registry's store, as its handlers would
    (`per_append` events per append, for bulk loads)."""
    await upgrade_async(REGISTRY.migrations, database_url, "risk_registry")
    pool = await create_pool(database_url, "risk_registry", max_size=8)
    store = PostgresEventStore(pool)
    ids: list[uuid.UUID] = []

    async def write(s: int) -> None:
        for v in range(first_version, first_version + per_stream, per_append):
            events = [NewEvent(type="shuangkong.risk_registry.OrgUnitRenamed",
                               data={"unit_id": f"u{s}", "enterprise_id": "ent-load", "name": f"班组{s}-{n}"},
                               metadata={"actor": "loader", "enterprise_id": "ent-load"})
                      for n in range(v, min(v + per_append, first_version + per_stream))]
            ids.extend(e.event_id for e in events)
            await store.append(f"orgunit-u{s}", v, events)

    await asyncio.gather(*(write(s) for s in range(streams)))
    await pool.close()
    return ids


async def audit_count(database_url: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetchval("SELECT count(*) FROM audit.audit_entries")
    finally:
        await conn.close()


async def wait_until(predicate, seconds: float = 60.0, every: float = 0.1):
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        value = await predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(every)
