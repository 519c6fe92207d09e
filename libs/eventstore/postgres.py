"""The PostgreSQL event store (asyncpg).

Appends are one statement: insert the batch only if the stream is still at the expected
version; `UNIQUE(stream_id, version)` settles a race between two writers that both saw it.

Gap safety (ARCHITECTURE invariant 3): positions come from a sequence, so they become
visible out of commit order. Each row records the id of the transaction that wrote it,
and `read_all` returns only rows whose transaction is older than the oldest transaction
still in flight (`pg_snapshot_xmin`), ordered by `(tx_id, position)`. A row that commits
later always sorts after everything already read, so a reader never skips one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

import asyncpg

from libs.events import NewEvent, RecordedEvent
from libs.eventstore.port import START, ConcurrencyError, Cursor, StreamBatch, refuse_non_finite

_COLUMNS = (
    "event_id, stream_id, version, position, tx_id::text::bigint AS tx_id, type, schema_version, "
    "data, metadata, recorded_at"
)

_APPEND_INTO = """
WITH current AS (
    SELECT coalesce(max(version), 0) AS version FROM events WHERE stream_id = $1
)
INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata)
SELECT e.event_id, $1, current.version + e.n, e.type, e.schema_version, e.data, e.metadata
FROM current,
     unnest($3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[])
         WITH ORDINALITY AS e(event_id, type, schema_version, data, metadata, n)
WHERE current.version = $2
"""
# Inline projectors need the recorded rows; otherwise the new versions are all an append needs.
_APPEND = _APPEND_INTO + """RETURNING event_id, stream_id, version, position, tx_id::text::bigint AS tx_id, type,
          schema_version, data, metadata, recorded_at"""
_APPEND_VERSIONS = _APPEND_INTO + "RETURNING version"

_LOAD = f"SELECT {_COLUMNS} FROM events WHERE stream_id = $1 AND version > $2 ORDER BY version"

# ORDER BY names the table's columns: the bare names would mean the output alias (tx_id as
# bigint) and defeat the (tx_id, position) index.
_READ_ALL = f"""
SELECT {_COLUMNS} FROM events
WHERE (events.tx_id, events.position) > ($1::text::xid8, $2)
  AND events.tx_id < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY events.tx_id, events.position
LIMIT $3
"""


# A unique violation on either is a concurrency conflict, never a 500: another writer took the
# version, or an event under the same id is already in the log (a command retried with the same
# event ids, a reaction that names its events after their cause) — its append lost, nothing written.
_CONFLICT_CONSTRAINTS = frozenset({"events_stream_id_version_key", "events_event_id_key"})

InlineProjector = Callable[[asyncpg.Connection, list[RecordedEvent]], Awaitable[None]]


def _recorded(row: asyncpg.Record) -> RecordedEvent:
    return RecordedEvent(**dict(row))


async def _insert(conn: asyncpg.Connection, statement: str, stream_id: str, expected_version: int,
                  events: Sequence[NewEvent]) -> list[asyncpg.Record]:
    try:
        rows = await conn.fetch(
            statement,
            stream_id,
            expected_version,
            [e.event_id for e in events],
            [e.type for e in events],
            [e.schema_version for e in events],
            [e.data for e in events],
            [e.metadata for e in events],
        )
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name in _CONFLICT_CONSTRAINTS:
            raise ConcurrencyError(stream_id, expected_version) from exc
        raise
    if not rows:
        raise ConcurrencyError(stream_id, expected_version)
    return rows


class PostgresTransaction:
    """Appends on one connection inside its transaction, each batch projected inline as it is
    inserted. Within one `append` streams are written in a fixed order (by id), so two such
    transactions over the same streams queue up instead of deadlocking; a deadlock that still
    happens (an inline projection's row locks) is a concurrency conflict like any other."""

    def __init__(self, connection: asyncpg.Connection, inline: Sequence[InlineProjector],
                 appended: Callable[[], None]) -> None:
        self.connection = connection
        self._inline = inline
        self._appended = appended
        self.appended = False
        self.first: tuple[str, int] | None = None  # the conflict to name should a deadlock end it

    async def append(self, batches: Sequence[StreamBatch]) -> list[int]:
        streams = [stream_id for stream_id, _, _ in batches]
        if len(set(streams)) != len(streams):
            raise ValueError("append: one batch per stream")
        versions = {stream_id: expected for stream_id, expected, _ in batches}
        todo = sorted((b for b in batches if b[2]), key=lambda b: b[0])
        for stream_id, _, events in todo:
            refuse_non_finite(stream_id, events)
        for stream_id, expected_version, events in todo:
            self.first = self.first or (stream_id, expected_version)
            try:
                rows = await _insert(self.connection, _APPEND, stream_id, expected_version, events)
                recorded = sorted((_recorded(r) for r in rows), key=lambda e: e.version)
                for project in self._inline:
                    await project(self.connection, recorded)
            except asyncpg.DeadlockDetectedError as exc:
                raise ConcurrencyError(stream_id, expected_version) from exc
            versions[stream_id] = recorded[-1].version
        if todo:
            self.appended = True
            self._appended()
        return [versions[s] for s in streams]


class PostgresEventStore:
    """`inline` projectors run in the append's own transaction: a read model that is never
    behind its log, and a place for cross-stream uniqueness (a unique index there refuses the
    whole append). `transaction()` lets a caller append to several streams and write its own rows
    (an inbox entry, deadlines) in one transaction: libs/unit_of_work.py."""

    def __init__(self, pool: asyncpg.Pool, inline: Sequence[InlineProjector] = (),
                 on_append: Callable[[], None] | None = None) -> None:
        self._pool = pool
        self._inline = list(inline)
        self._on_append = on_append

    async def append(self, stream_id: str, expected_version: int, events: Sequence[NewEvent]) -> int:
        if not events:
            return expected_version
        refuse_non_finite(stream_id, events)
        if not self._inline:  # the common case needs neither a transaction block nor the rows back
            async with self._pool.acquire() as conn:
                rows = await _insert(conn, _APPEND_VERSIONS, stream_id, expected_version, events)
            self._appended()
            return max(r["version"] for r in rows)
        async with self.transaction() as tx:
            return (await tx.append([(stream_id, expected_version, events)]))[0]

    @asynccontextmanager
    async def transaction(self, connection: asyncpg.Connection | None = None) -> AsyncIterator[PostgresTransaction]:
        if connection is not None:  # joined: the owner of the connection commits
            yield PostgresTransaction(connection, self._inline, self._appended)
            return
        async with self._pool.acquire() as conn:
            tx = PostgresTransaction(conn, self._inline, lambda: None)
            try:
                async with conn.transaction():
                    yield tx
            except asyncpg.DeadlockDetectedError as exc:
                raise ConcurrencyError(*(tx.first or ("?", -1))) from exc
        if tx.appended:
            self._appended()

    def _appended(self) -> None:
        if self._on_append is not None:
            self._on_append()

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        return [_recorded(r) for r in await self._pool.fetch(_LOAD, stream_id, after_version)]

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        rows = await self._pool.fetch(_READ_ALL, str(after[0]), after[1], limit)
        return [_recorded(r) for r in rows]
