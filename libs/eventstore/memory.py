"""An in-memory event store: the fake for unit tests, held to the same contract as PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from libs.events import NewEvent, RecordedEvent
from libs.eventstore.port import START, ConcurrencyError, Cursor, refuse_non_finite


class InMemoryEventStore:
    def __init__(self) -> None:
        self._events: list[RecordedEvent] = []
        self._versions: dict[str, int] = {}
        self._ids: set = set()

    async def append(self, stream_id: str, expected_version: int, events: Sequence[NewEvent]) -> int:
        refuse_non_finite(stream_id, events)
        current = self._versions.get(stream_id, 0)
        if current != expected_version or any(e.event_id in self._ids for e in events):
            raise ConcurrencyError(stream_id, expected_version)
        tx_id = len(self._events) + 1
        now = datetime.now(UTC)
        for offset, event in enumerate(events, start=1):
            self._events.append(
                RecordedEvent(
                    event_id=event.event_id,
                    stream_id=stream_id,
                    version=current + offset,
                    position=len(self._events) + 1,
                    tx_id=tx_id,
                    type=event.type,
                    schema_version=event.schema_version,
                    data=event.data,
                    metadata=event.metadata,
                    recorded_at=now,
                )
            )
            self._ids.add(event.event_id)
        self._versions[stream_id] = current + len(events)
        return self._versions[stream_id]

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        return [e for e in self._events if e.stream_id == stream_id and e.version > after_version]

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        return [e for e in self._events if e.cursor > after][:limit]
