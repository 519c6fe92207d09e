"""The PostgreSQL event store (asyncpg).

Appends are one statement: insert the batch (or several streams' batches) only if the stream (every
one) is still at the expected version; `UNIQUE(stream_id, version)` settles a race between two
writers that both saw it.

Gap safety (ARCHITECTURE invariant 3): positions come from a sequence, so they become
visible out of commit order. Each row records the id of the transaction that wrote it,
and `read_all` returns only rows whose transaction is older than the oldest transaction
still in flight (`pg_snapshot_xmin`), ordered by `(tx_id, position)`. A row that commits
later always sorts after everything already read, so a reader never skips one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar

import asyncpg

from libs.events import NewEvent, RecordedEvent
from libs.eventstore.deferred import DeferredExecutes
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

# Several streams in one statement (a unit of work saving many, a deadline claim fired as one):
# nothing is inserted unless every stream is still at its expected version; rows go in the order
# given (sorted by stream, each stream's in version order), so positions follow versions.
_APPEND_MANY = """
WITH e AS (
    SELECT * FROM unnest($1::text[], $2::int[], $3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[],
                         $8::int[]) WITH ORDINALITY
        AS e(stream_id, expected, event_id, type, schema_version, data, metadata, n, ord)
), moved AS (
    SELECT 1 FROM (SELECT DISTINCT stream_id, expected FROM e) s
    WHERE (SELECT coalesce(max(version), 0) FROM events WHERE events.stream_id = s.stream_id) <> s.expected
)
INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata)
SELECT event_id, stream_id, expected + n, type, schema_version, data, metadata FROM e
WHERE NOT EXISTS (SELECT 1 FROM moved)
ORDER BY ord
RETURNING event_id, stream_id, version, position, tx_id::text::bigint AS tx_id, type, schema_version, data,
          metadata, recorded_at
"""
_VERSIONS = "SELECT stream_id, coalesce(max(version), 0) AS v FROM events WHERE stream_id = ANY($1) GROUP BY 1"

_LOAD = f"SELECT {_COLUMNS} FROM events WHERE stream_id = $1 AND version > $2 ORDER BY version"
_LOAD_MANY = f"SELECT {_COLUMNS} FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, version"

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


async def _insert_many(conn: asyncpg.Connection, batches: Sequence[StreamBatch]) -> list[asyncpg.Record]:
    """`batches` (sorted by stream, none empty) in one statement, all or none."""
    columns: list[list] = [[] for _ in range(8)]
    for stream_id, expected_version, events in batches:
        for n, e in enumerate(events, start=1):
            for column, value in zip(columns, (stream_id, expected_version, e.event_id, e.type, e.schema_version,
                                               e.data, e.metadata, n), strict=True):
                column.append(value)
    try:
        rows = await conn.fetch(_APPEND_MANY, *columns)
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name in _CONFLICT_CONSTRAINTS:
            raise ConcurrencyError(*_named(batches, exc)) from exc
        raise
    if not rows:  # one stream moved on: name it
        current = {r["stream_id"]: r["v"] for r in await conn.fetch(_VERSIONS, [b[0] for b in batches])}
        moved = next((b for b in batches if current.get(b[0], 0) != b[1]), batches[0])
        raise ConcurrencyError(moved[0], moved[1])
    return rows


def _named(batches: Sequence[StreamBatch], exc: asyncpg.UniqueViolationError) -> tuple[str, int]:
    """The batch a unique violation's detail names, else the first."""
    detail = str(getattr(exc, "detail", "") or "")
    return next(((s, v) for s, v, _ in batches if s in detail), (batches[0][0], batches[0][1]))


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
        if len(todo) > 1:
            await self._append_many(todo, versions)
            return [versions[s] for s in streams]
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


    async def _append_many(self, todo: list[StreamBatch], versions: dict[str, int]) -> None:
        """Several streams: one insert, then each stream's events projected inline in turn."""
        self.first = self.first or (todo[0][0], todo[0][1])
        try:
            rows = await _insert_many(self.connection, todo)
            by_stream: dict[str, list[RecordedEvent]] = {}
            for row in rows:
                by_stream.setdefault(row["stream_id"], []).append(_recorded(row))
            writes = DeferredExecutes(self.connection)  # the projections' writes in one round trip
            for stream_id, _, _ in todo:
                recorded = sorted(by_stream[stream_id], key=lambda e: e.version)
                for project in self._inline:
                    await project(writes, recorded)
                versions[stream_id] = recorded[-1].version
            await writes.flush()
        except asyncpg.DeadlockDetectedError as exc:
            raise ConcurrencyError(*self.first) from exc
        self.appended = True
        self._appended()


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
        self._preloaded: ContextVar[dict[str, list[RecordedEvent]] | None] = ContextVar("preloaded", default=None)

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
        preloaded = self._preloaded.get()
        if preloaded is not None and stream_id in preloaded:
            return [e for e in preloaded[stream_id] if e.version > after_version]
        return [_recorded(r) for r in await self._pool.fetch(_LOAD, stream_id, after_version)]

    @asynccontextmanager
    async def preloaded(self, stream_ids: Sequence[str]) -> AsyncIterator[None]:
        # A context variable: only the task inside the block (and what it awaits) reads the copy.
        streams: dict[str, list[RecordedEvent]] = {s: [] for s in stream_ids}
        for row in await self._pool.fetch(_LOAD_MANY, list(streams)):
            streams[row["stream_id"]].append(_recorded(row))
        token = self._preloaded.set(streams)
        try:
            yield
        finally:
            self._preloaded.reset(token)

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        rows = await self._pool.fetch(_READ_ALL, str(after[0]), after[1], limit)
        return [_recorded(r) for r in rows]
