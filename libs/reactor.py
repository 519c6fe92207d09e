"""A reactor: a service's answer to another service's events (a process manager; the
eventsourcing library's ProcessApplication).

Consume an event of another service → decide with this service's own state (its aggregates,
loaded through its repositories) → append this service's events. The reactor is a projection to
the consumer machinery (libs/consumer.py): its `apply` runs on the consumer's transaction, so the
reaction's appends, their inline projections and the inbox row that remembers the event commit
together or not at all; the offset is committed after that, and the outbox relay publishes the
new events. A redelivered event finds its inbox row and changes nothing; a crash before the
commit leaves nothing to redeliver over.

Each event is reacted to in a transaction of its own (`one_event_per_transaction`), so a reaction
decides on everything the ones before it committed. Reactions are declared per event type,
`@reactor.on("shuangkong.risk_registry.ControlMeasureAdded")`, by type name: a service never
imports another's event classes. Events of other types are only remembered in the inbox.

A reaction's events say where they came from: actor `system:<reactor>`, the event's enterprise,
its correlation id (the whole chain of work shares it) and, as causation id, the event's own id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from libs.cloudevent import InboundEvent
from libs.events import Metadata
from libs.eventstore.port import EventStore
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork

Reaction = Callable[[InboundEvent, UnitOfWork], Awaitable[None]]


@dataclass(frozen=True)
class ReactionContext(CommandContext):
    """The command context of a reaction: a command context that also names its cause."""

    causation_id: str | None = None

    @classmethod
    def of_event(cls, reactor: str, event: InboundEvent) -> ReactionContext:
        return cls(actor=f"system:{reactor}", enterprise_id=event.enterprise_id,
                   correlation_id=event.correlation_id or str(event.event_id),
                   causation_id=str(event.event_id))

    def metadata(self) -> Metadata:
        return super().metadata().model_copy(update={"causation_id": self.causation_id})


class NotRebuilt(TypeError):
    """A reactor has no read model to rebuild: what it did are events, which stay."""


class Reactor:
    """`name` is the consumer group and inbox key; `schema` the service's own (where its events
    and inbox are); `store` the service's event store."""

    one_event_per_transaction = True  # libs/consumer.py: a reaction sees the ones before it

    def __init__(self, name: str, store: EventStore, topics: list[str], schema: str) -> None:
        self.name, self.store, self.topics, self.schema = name, store, topics, schema
        self._reactions: dict[str, Reaction] = {}
        self.wake: Callable[[], None] = lambda: None  # the relay's wake-up; build_app sets it

    @property
    def migrations(self) -> Path:
        # Rebuilding swaps the projection's schema — here, the service's event store. Refuse first.
        raise NotRebuilt(f"reactor {self.name} is not rebuilt: its reactions are events in the log")

    def on(self, *event_types: str) -> Callable[[Reaction], Reaction]:
        """Declare the reaction to events of `event_types` (CloudEvents `ce_type`s); one per type."""
        def declare(reaction: Reaction) -> Reaction:
            for event_type in event_types:
                if event_type in self._reactions:
                    raise ValueError(f"reactor {self.name} already reacts to {event_type}")
                self._reactions[event_type] = reaction
            return reaction
        return declare

    def reacts_to(self, event_type: str) -> bool:
        return event_type in self._reactions

    async def apply(self, conn: asyncpg.Connection | None, event: InboundEvent) -> None:
        """React to `event` on `conn`'s transaction (the consumer's, which commits it)."""
        reaction = self._reactions.get(event.type)
        if reaction is None:
            return
        uow = UnitOfWork(self.store, ReactionContext.of_event(self.name, event), connection=conn)
        await reaction(event, uow)
        await uow.commit()

    def committed(self) -> None:
        """After the consumer's commit: the new events are visible; publish them now rather than
        at the relay's next idle poll (a joined transaction's append woke it before the commit)."""
        self.wake()
