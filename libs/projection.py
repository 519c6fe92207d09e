"""A projection: a read model built from events, applied exactly once per event.

The effect and the inbox row that remembers the event id commit in one transaction, so a
redelivered event changes nothing (ARCHITECTURE invariant 5). Every apply also holds a shared
advisory lock, which a rebuild takes exclusively for the moment it swaps in the rebuilt tables.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Protocol

import asyncpg

from libs.cloudevent import InboundEvent


class Projection(Protocol):
    name: str  # consumer group and inbox key
    schema: str  # the PostgreSQL schema that holds the read model and its inbox
    topics: list[str]

    @property
    def migrations(self) -> Path:  # Alembic scripts that create the read model (a reactor has none)
        ...

    async def apply(self, conn: asyncpg.Connection, event: InboundEvent) -> None: ...


class BatchProjection(Projection, Protocol):
    """A projection that can apply many events in a few set-based statements (replays, bursts)."""

    async def apply_batch(self, conn: asyncpg.Connection, events: list[InboundEvent]) -> None: ...


def swap_lock_key(schema: str) -> int:
    return zlib.crc32(f"shuangkong-projection-swap:{schema}".encode())


async def apply_once(conn: asyncpg.Connection, projection: Projection, event: InboundEvent) -> bool:
    """Apply `event` unless this projection already has; True if it was applied now.
    Runs inside the caller's transaction, so the effect and the inbox row commit together."""
    fresh = await conn.fetchval(
        "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true",
        projection.name, event.event_id,
    )
    if fresh:
        await projection.apply(conn, event)
    return bool(fresh)


async def apply_many(conn: asyncpg.Connection, projection: Projection, events: list[InboundEvent]) -> int:
    """Apply those of `events` this projection has not seen, in order; return how many."""
    apply_batch = getattr(projection, "apply_batch", None)
    if apply_batch is None:
        return sum([await apply_once(conn, projection, e) for e in events])
    fresh_ids = {r["event_id"] for r in await conn.fetch(
        """INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::uuid[])
           ON CONFLICT DO NOTHING RETURNING event_id""", projection.name, [e.event_id for e in events])}
    seen: set = set()
    fresh = []
    for e in events:  # a batch may carry the same event twice; apply it once
        if e.event_id in fresh_ids and e.event_id not in seen:
            seen.add(e.event_id)
            fresh.append(e)
    if fresh:
        await apply_batch(conn, fresh)
    return len(fresh)
