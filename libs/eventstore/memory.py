"""An in-memory event store: the fake for unit tests, held to the same contract as PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from libs.events import NewEvent, RecordedEvent
from libs.eventstore.port import START, ConcurrencyError, Cursor, StreamBatch, refuse_non_finite


class InMemoryEventStore:
    def __init__(self) -> None:
        self._events: list[RecordedEvent] = []
        self._versions: dict[str, int] = {}
        self._ids: set = set()

    async def append(self, stream_id: str, expected_version: int, events: Sequence[NewEvent]) -> int:
        return (await self.append_many([(stream_id, expected_version, events)]))[0]

    async def append_many(self, batches: Sequence[StreamBatch]) -> list[int]:
        streams = [stream_id for stream_id, _, _ in batches]
        if len(set(streams)) != len(streams):
            raise ValueError("append_many: one batch per stream")
        for stream_id, expected_version, events in batches:  # all checked before any is written
            refuse_non_finite(stream_id, events)
            if self._versions.get(stream_id, 0) != expected_version or any(e.event_id in self._ids for e in events):
                raise ConcurrencyError(stream_id, expected_version)
        tx_id = len(self._events) + 1  # one transaction for all the batches
        now = datetime.now(UTC)
        for stream_id, _, events in batches:
            self._write(stream_id, events, tx_id, now)
        return [self._versions.get(stream_id, 0) for stream_id in streams]

    def _write(self, stream_id: str, events: Sequence[NewEvent], tx_id: int, now: datetime) -> None:
        if not events:
            return
        current = self._versions.get(stream_id, 0)
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

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        return [e for e in self._events if e.stream_id == stream_id and e.version > after_version]

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        return [e for e in self._events if e.cursor > after][:limit]
