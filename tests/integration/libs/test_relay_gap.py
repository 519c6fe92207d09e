"""The classic outbox gap: a position taken early but committed late must not be skipped by a
reader that has already moved past later positions (ARCHITECTURE invariant 3)."""

from __future__ import annotations

import asyncio
import random

from libs.events import NewEvent
from libs.eventstore import START, PostgresEventStore
from libs.eventstore.postgres import _APPEND
from tests.integration.store_fixtures import store_pool

WRITERS = 12
EVENTS_PER_WRITER = 40


def one(i: int) -> list[NewEvent]:
    return [NewEvent(type="shuangkong.test.Happened", data={"i": i}, metadata={})]


async def test_reader_never_skips_an_event_that_commits_late(database_url):
    pool = await store_pool(database_url, max_size=WRITERS + 4)
    store = PostgresEventStore(pool)
    done = asyncio.Event()

    async def slow_writer(w: int) -> None:
        # Takes its positions, then holds the transaction open while others commit after it.
        for v in range(EVENTS_PER_WRITER):
            async with pool.acquire() as conn, conn.transaction():
                e = one(v)[0]
                await conn.fetch(_APPEND, f"slow-{w}", v, [e.event_id], [e.type], [1], [e.data], [e.metadata])
                await asyncio.sleep(random.uniform(0.002, 0.01))

    async def fast_writer(w: int) -> None:
        for v in range(EVENTS_PER_WRITER):
            await store.append(f"fast-{w}", v, one(v))

    seen = []
    naive_seen: set[int] = set()

    async def reader() -> None:
        cursor, naive_cursor = START, 0
        while True:
            batch = await store.read_all(cursor, 37)
            seen.extend(batch)
            # Beside it, the naive reader ("position > last") that Marten once shipped.
            naive = await pool.fetch("SELECT position FROM events WHERE position > $1 ORDER BY position LIMIT 37",
                                     naive_cursor)
            naive_seen.update(r["position"] for r in naive)
            naive_cursor = naive[-1]["position"] if naive else naive_cursor
            if batch:
                cursor = batch[-1].cursor
            elif done.is_set() and not naive and await pool.fetchval("SELECT count(*) FROM events") == len(seen):
                return
            else:
                # Nothing safe to read yet: some writing transaction in the cluster (one of ours, or an
                # autovacuum ANALYZE) is older than what is left. It will end; then we read on.
                await asyncio.sleep(0.001)

    reading = asyncio.create_task(reader())
    await asyncio.gather(*[slow_writer(w) for w in range(WRITERS // 2)],
                         *[fast_writer(w) for w in range(WRITERS // 2)])
    done.set()
    await asyncio.wait_for(reading, 60)

    total = WRITERS * EVENTS_PER_WRITER
    stored = await pool.fetchval("SELECT count(*) FROM events")
    assert stored == total
    ids = [e.event_id for e in seen]
    assert len(ids) == len(set(ids)) == total, "every event delivered once, none skipped"
    per_stream: dict[str, list[int]] = {}
    for e in seen:
        per_stream.setdefault(e.stream_id, []).append(e.version)
    assert all(vs == sorted(vs) for vs in per_stream.values()), "in order per stream"
    # The gap really happened: the naive reader skipped events that committed late.
    skipped_by_naive = {e.position for e in seen} - naive_seen
    assert skipped_by_naive, "the test did not provoke out-of-order commits"
    await pool.close()
