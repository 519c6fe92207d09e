"""What every event store does. One contract test suite holds each backend to it."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from libs.events import NewEvent, RecordedEvent
from libs.strict_json import path_of_non_finite

Cursor = tuple[int, int]
START: Cursor = (0, 0)
StreamBatch = tuple[str, int, Sequence[NewEvent]]  # stream id, expected version, events


class ConcurrencyError(Exception):
    """The stream moved on since the caller read it; the HTTP layer answers 409."""

    def __init__(self, stream_id: str, expected_version: int) -> None:
        super().__init__(f"stream {stream_id} is no longer at version {expected_version}")
        self.stream_id = stream_id
        self.expected_version = expected_version


class NonFiniteNumber(ValueError):
    """An event carries NaN or ±inf. jsonb has no such values (orjson would write null, and the
    event would read back as something else than what was decided), so no store keeps one; the
    HTTP layer answers 422 naming the field."""

    def __init__(self, stream_id: str, field: str) -> None:
        super().__init__(f"event for {stream_id} has a non-finite number at {field}")
        self.stream_id = stream_id
        self.field = field


def refuse_non_finite(stream_id: str, events: Sequence[NewEvent]) -> None:
    """Every backend calls this before it writes anything."""
    for event in events:
        for part in (event.data, event.metadata):
            path = path_of_non_finite(part)
            if path is not None:
                raise NonFiniteNumber(stream_id, path or "data")


class Transaction(Protocol):
    """One open transaction of a store: appends made through it commit or roll back together, with
    whatever else the caller writes on `connection` (an inbox row, due deadlines). `connection` is
    the asyncpg connection on PostgreSQL and None on the in-memory fake."""

    connection: Any

    async def append(self, batches: Sequence[StreamBatch]) -> list[int]:
        """Append each batch at its expected version (checked now: ConcurrencyError at once); return
        the new versions in the order given. Inline projections run on the same transaction."""
        ...


class EventStore(Protocol):
    def transaction(self, connection: Any = None) -> AbstractAsyncContextManager[Transaction]:
        """Open a transaction, or — given `connection`, already inside one (a consumer's, a deadline
        claim's) — join it: then the caller commits, and nothing is committed here."""
        ...

    async def append(self, stream_id: str, expected_version: int, events: Sequence[NewEvent]) -> int:
        """Append atomically if the stream is at `expected_version` (0 = new); return the new version.
        Raises ConcurrencyError, or NonFiniteNumber (nothing written) for a NaN/±inf anywhere."""
        ...

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]: ...

    def preloaded(self, stream_ids: Sequence[str]) -> AbstractAsyncContextManager[None]:
        """Within this block, this task's `load` of one of `stream_ids` answers from one read of them
        all made on entering it (what was committed then: the expected version still guards the
        append). For work that loads many streams one after the other: a deadline claim fired as one."""
        ...

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        """Events after `after` in gap-safe global order, never one that a later commit could precede."""
        ...
