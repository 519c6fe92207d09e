"""The PostgreSQL deadline book: the `deadlines` table in the service's schema (schema.py).

Scheduling is one upsert on the command's own transaction (the unit of work's `also`), so the
deadline commits or rolls back with the append that causes it.

A claim is one transaction: `SELECT … FOR UPDATE SKIP LOCKED LIMIT n` on the partial index takes
the earliest due rows that no other claim holds; each is fired in a savepoint that deletes its
row and runs the handler's appends on the same connection — or all of them in one savepoint
with one delete (`attempt_all`, the scheduler's fast path: libs/deadlines/batch.py). The row lock is what makes two
schedulers (or a scheduler that crashes) safe: a second claim skips held rows, a crash rolls the
whole claim back (rows and appends alike), so a deadline fires once its row's delete commits —
in the very transaction that appended what firing it decided, never twice, never not at all.
A command that reschedules or cancels a held deadline waits for the claim to end (it queues on the
row lock) and then applies on top of it, also to a row the fired handler set again under the key.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import asyncpg

from libs.deadlines.port import Deadline
from libs.eventstore.port import Transaction
from libs.unit_of_work import UnitOfWork

_COLUMNS = ("key, stream_id, kind, due_at, data, enterprise_id, correlation_id, attempts, fire_at, "
            "last_error, parked_at IS NOT NULL AS parked")

_SCHEDULE = """
INSERT INTO deadlines (key, stream_id, kind, due_at, fire_at, data, enterprise_id, correlation_id)
VALUES ($1, $2, $3, $4, $4, $5, $6, $7)
ON CONFLICT (key) DO UPDATE SET
    stream_id = EXCLUDED.stream_id, kind = EXCLUDED.kind, due_at = EXCLUDED.due_at,
    fire_at = EXCLUDED.fire_at, data = EXCLUDED.data, enterprise_id = EXCLUDED.enterprise_id,
    correlation_id = EXCLUDED.correlation_id, attempts = 0, last_error = NULL, parked_at = NULL,
    created_at = now()
"""

_CANCEL = "DELETE FROM deadlines WHERE key = $1"
_FIRE_ALL = "DELETE FROM deadlines WHERE key = ANY($1::text[])"

# The predicate and the order are the partial index's own (schema.py): an index scan that stops
# after `limit` rows it could lock.
CLAIM = f"""
SELECT {_COLUMNS} FROM deadlines
WHERE fire_at <= $1 AND parked_at IS NULL
ORDER BY fire_at, key
LIMIT $2
FOR UPDATE SKIP LOCKED
"""

_FAILED = """
UPDATE deadlines SET attempts = attempts + 1, fire_at = $2, last_error = $3,
                     parked_at = CASE WHEN $4 THEN now() END
WHERE key = $1
"""

# The partial index's first entry after `$1`: one index probe.
_NEXT_DUE = "SELECT min(fire_at) FROM deadlines WHERE fire_at > $1 AND parked_at IS NULL"

_PENDING = f"SELECT {_COLUMNS} FROM deadlines ORDER BY fire_at, key"


def _deadline(row: asyncpg.Record) -> Deadline:
    return Deadline(**dict(row))


class PostgresClaim:
    def __init__(self, connection: asyncpg.Connection, deadlines: list[Deadline]) -> None:
        self.connection = connection
        self.deadlines = deadlines

    @asynccontextmanager
    async def attempt(self, deadline: Deadline) -> AsyncIterator[None]:
        # The delete comes first, so a handler that sets the same key again (the next escalation
        # step) inserts a fresh row instead of being deleted with the fired one.
        async with self.connection.transaction():  # a savepoint inside the claim's transaction
            await self.connection.execute(_CANCEL, deadline.key)
            yield

    @asynccontextmanager
    async def attempt_all(self, deadlines: list[Deadline]) -> AsyncIterator[None]:
        async with self.connection.transaction():  # one savepoint, one delete: as `attempt`, for all
            await self.connection.execute(_FIRE_ALL, [d.key for d in deadlines])
            yield

    async def failed(self, deadline: Deadline, fire_at: datetime, error: str, parked: bool) -> None:
        await self.connection.execute(_FAILED, deadline.key, fire_at, error, parked)


class PostgresDeadlines:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    def schedule(self, uow: UnitOfWork, key: str, due_at: datetime, kind: str, *, stream_id: str,
                 data: dict[str, Any] | None = None) -> None:
        ctx = uow.ctx

        async def write(tx: Transaction) -> None:
            await tx.connection.execute(_SCHEDULE, key, stream_id, kind, due_at, data or {},
                                        ctx.enterprise_id, ctx.correlation_id)

        uow.also(write)

    def cancel(self, uow: UnitOfWork, key: str) -> None:
        async def write(tx: Transaction) -> None:
            # A delete that queued behind a claim skips the row that claim's handler set again
            # under the key (inserted after the statement's snapshot was taken; an upsert finds
            # it): a second delete, with a fresh snapshot, removes it. One that deleted is final.
            if await tx.connection.execute(_CANCEL, key) == "DELETE 0":
                await tx.connection.execute(_CANCEL, key)

        uow.also(write)

    @asynccontextmanager
    async def claim(self, now: datetime, limit: int) -> AsyncIterator[PostgresClaim]:
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(CLAIM, now, limit)
            yield PostgresClaim(conn, [_deadline(r) for r in rows])

    async def next_due(self, after: datetime) -> datetime | None:
        return await self._pool.fetchval(_NEXT_DUE, after)

    async def pending(self) -> list[Deadline]:
        return [_deadline(r) for r in await self._pool.fetch(_PENDING)]
