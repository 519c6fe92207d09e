"""Firing a whole claim at once: the scheduler's fast path (decision 53).

Fired one at a time, a deadline costs six round trips to PostgreSQL (savepoint, delete, load,
append, its inline projection, release) and the wait on each is most of its ~1.4 ms. Fired
together, a claim takes one savepoint and one delete for all its rows, its handlers run one after
the other on units of work whose appends are held (`HeldAppends`), and the held appends are
written at the end in one multi-stream append of the claim's transaction — the deadlines' fate
still commits with what firing them appended, in the claim's transaction, as before.

If anything in it raises — a handler, a conflict, an inline projection refusing — the savepoint
rolls all of it back and the scheduler fires that claim one deadline at a time, each in its own
savepoint: the failing one's retry and park policy stay its own, the others fire. A second
deadline on a stream of the claim is left for the next pass (`split_by_stream`): handlers load what
is committed, so in this claim it would conflict with the first one's append (fired one at a time
too: there it failed and waited out a back-off).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from libs.deadlines.port import Deadline
from libs.events import NewEvent, RecordedEvent
from libs.eventstore.port import START, Cursor, EventStore, StreamBatch, Transaction


def split_by_stream(deadlines: Sequence[Deadline]) -> tuple[list[Deadline], list[Deadline]]:
    """(the first deadline of each stream, in claim order; the others, for the next pass)."""
    together: list[Deadline] = []
    after: list[Deadline] = []
    streams: set[str] = set()
    for deadline in deadlines:
        (after if deadline.stream_id in streams else together).append(deadline)
        streams.add(deadline.stream_id)
    return together, after


class _HeldTransaction:
    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.batches: list[StreamBatch] = []

    async def append(self, batches: Sequence[StreamBatch]) -> list[int]:
        self.batches.extend(batches)
        return [expected + len(events) for _, expected, events in batches]


class HeldAppends:
    """The store as the units of work of one batch see it: their transaction is the batch's (their
    `also` work runs at once on its connection), their appends are kept for `flush`; loads and reads
    go to the store."""

    def __init__(self, store: EventStore, tx: Transaction) -> None:
        self._store, self._tx = store, tx
        self._held = _HeldTransaction(tx.connection)

    @asynccontextmanager
    async def transaction(self, connection: Any = None) -> AsyncIterator[_HeldTransaction]:
        yield self._held

    async def append(self, stream_id: str, expected_version: int, events: Sequence[NewEvent]) -> int:
        return (await self._held.append([(stream_id, expected_version, events)]))[0]

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        return await self._store.load(stream_id, after_version)

    def preloaded(self, stream_ids: Sequence[str]) -> AbstractAsyncContextManager[None]:
        return self._store.preloaded(stream_ids)

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        return await self._store.read_all(after, limit)

    async def flush(self) -> None:
        """Every held append in one append of the batch's transaction (one batch per stream, or it
        raises ValueError: the batch falls back)."""
        if self._held.batches:
            await self._tx.append(self._held.batches)
