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
    migrations: Path  # Alembic scripts that create the read model

    async def apply(self, conn: asyncpg.Connection, event: InboundEvent) -> None: ...


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
