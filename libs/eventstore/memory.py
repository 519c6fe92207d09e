"""An in-memory event store: the fake for unit tests, held to the same contract as PostgreSQL.

Inline projections run here too, on plain Python read models (a fake of the SQL one: a handler
test reads what its commands wrote, and a projection that refuses an append rolls it back)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from libs.events import NewEvent, RecordedEvent
from libs.eventstore.port import START, ConcurrencyError, Cursor, StreamBatch, refuse_non_finite

# A fake read model's projector: sees the recorded events of each transaction at its commit, may
# raise to refuse them (then nothing of the transaction is kept).
MemoryProjector = Callable[[list[RecordedEvent]], None]


class InMemoryTransaction:
    """Here the "connection" a caller hands on to join the transaction is the transaction itself."""

    def __init__(self, store: InMemoryEventStore) -> None:
        self._store = store
        self.connection: Any = self
        self.recorded: list[RecordedEvent] = []
        self._versions: dict[str, int] = {}
        self._ids: set = set()

    def version_of(self, stream_id: str) -> int:
        return self._versions.get(stream_id, self._store._versions.get(stream_id, 0))

    async def append(self, batches: Sequence[StreamBatch]) -> list[int]:
        streams = [stream_id for stream_id, _, _ in batches]
        if len(set(streams)) != len(streams):
            raise ValueError("append: one batch per stream")
        seen: set = set()
        for stream_id, expected_version, events in batches:  # all checked before any is written
            refuse_non_finite(stream_id, events)
            if self.version_of(stream_id) != expected_version:
                raise ConcurrencyError(stream_id, expected_version)
            for event in events:  # an id already taken is a conflict too, as PostgreSQL's unique index makes it
                if event.event_id in seen or event.event_id in self._ids or event.event_id in self._store._ids:
                    raise ConcurrencyError(stream_id, expected_version)
                seen.add(event.event_id)
        for stream_id, _, events in sorted(batches, key=lambda b: b[0]):
            self._write(stream_id, events)
        return [self.version_of(s) for s in streams]

    def _write(self, stream_id: str, events: Sequence[NewEvent]) -> list[RecordedEvent]:
        current, now = self.version_of(stream_id), datetime.now(UTC)
        written: list[RecordedEvent] = []
        for offset, event in enumerate(events, start=1):
            written.append(RecordedEvent(
                event_id=event.event_id, stream_id=stream_id, version=current + offset,
                position=len(self.recorded) + len(written) + 1, tx_id=0,  # both set at commit
                type=event.type, schema_version=event.schema_version, data=event.data,
                metadata=event.metadata, recorded_at=now))
            self._ids.add(event.event_id)
        self.recorded.extend(written)
        if events:
            self._versions[stream_id] = current + len(events)
        return written


class InMemoryEventStore:
    def __init__(self, inline: Sequence[MemoryProjector] = ()) -> None:
        self._events: list[RecordedEvent] = []
        self._versions: dict[str, int] = {}
        self._ids: set = set()
        self._tx_ids = 0
        self.inline = list(inline)

    def _next_tx_id(self) -> int:
        self._tx_ids += 1
        return self._tx_ids

    @asynccontextmanager
    async def transaction(self, connection: Any = None) -> AsyncIterator[InMemoryTransaction]:
        """Nothing is visible until the block ends without an exception. (A fake read model that a
        projector changed before a later projector refused keeps that change: fakes check, then write.)
        Given a transaction of this store (its `connection`), join it: its owner commits."""
        if connection is not None:
            if not (isinstance(connection, InMemoryTransaction) and connection._store is self):
                raise TypeError("an in-memory store joins only a transaction it opened")
            yield connection
            return
        tx = InMemoryTransaction(self)
        yield tx
        for event in tx.recorded:  # another transaction may have won meanwhile
            if self._versions.get(event.stream_id, 0) >= event.version or event.event_id in self._ids:
                raise ConcurrencyError(event.stream_id, event.version - 1)
        # Positions and the transaction id are given at commit, so the global order is commit order.
        tx_id = self._next_tx_id()
        recorded = [dataclasses.replace(e, position=len(self._events) + i, tx_id=tx_id)
                    for i, e in enumerate(tx.recorded, start=1)]
        # Once per transaction, with all it appended: a projector that checks before it writes
        # then refuses the whole transaction or keeps all of it, as a rolled-back SQL one does.
        for project in self.inline if recorded else ():
            project(recorded)
        self._events.extend(recorded)
        self._versions.update(tx._versions)
        self._ids |= tx._ids

    async def append(self, stream_id: str, expected_version: int, events: Sequence[NewEvent]) -> int:
        async with self.transaction() as tx:
            return (await tx.append([(stream_id, expected_version, events)]))[0]

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        return [e for e in self._events if e.stream_id == stream_id and e.version > after_version]

    @asynccontextmanager
    async def preloaded(self, stream_ids: Sequence[str]) -> AsyncIterator[None]:
        yield  # loads here cost no round trip

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        return [e for e in self._events if e.cursor > after][:limit]
