"""The one way an inline projector finds what to do with an event: a table from event class to
handler. An inline projection runs inside the append's transaction (libs/eventstore), so it sees
every event the batch appended — its own context's and any other's; it decodes (with upcasting)
only the events it has a handler for and passes each the event and its recorded envelope
(version, time). `Projector` is the PostgreSQL inline projector (`await projector(conn,
recorded)`); `run` serves an in-memory read model (libs/eventstore/memory.py), whose handlers
take no connection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from libs.events import DomainEvent, EventRegistry, RecordedEvent

Handler = Callable[..., Any]  # (conn, event, recorded) -> Awaitable on PostgreSQL; (event, recorded) in memory


class Projector:
    def __init__(self, registry: EventRegistry, handlers: Mapping[type[DomainEvent], Handler]) -> None:
        unknown = [cls.__name__ for cls in handlers if cls.TYPE not in registry]
        if unknown:
            raise ValueError(f"handlers for events the registry does not know: {', '.join(unknown)}")
        self._registry = registry
        self._handlers = {cls.TYPE: handler for cls, handler in handlers.items()}

    def handles(self, type_name: str) -> bool:
        return type_name in self._handlers

    def dispatch(self, recorded: list[RecordedEvent]) -> Iterator[tuple[Handler, DomainEvent, RecordedEvent]]:
        """Each handled event of `recorded`, in order, decoded, with its handler."""
        for r in recorded:
            handler = self._handlers.get(r.type)
            if handler is not None:
                yield handler, self._registry.decode(r.type, r.schema_version, r.data), r

    async def __call__(self, conn: Any, recorded: list[RecordedEvent]) -> None:
        for handler, event, r in self.dispatch(recorded):
            await handler(conn, event, r)

    def run(self, recorded: list[RecordedEvent]) -> None:
        """The in-memory projector (`InMemoryEventStore(inline=[projector.run])`)."""
        for handler, event, r in self.dispatch(recorded):
            handler(event, r)
