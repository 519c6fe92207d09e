"""Load an aggregate from its stream, save what it recorded: the one way handlers persist."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from libs.aggregate import Aggregate
from libs.auth import Principal
from libs.errors import NotFound
from libs.events import EventRegistry, Metadata
from libs.eventstore.port import ConcurrencyError, EventStore, StreamBatch
from libs.observability import current_traceparent
from libs.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from libs.history import Narrator

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class CommandContext:
    """Who issues a command and how it relates to other work; becomes every event's metadata."""

    actor: str
    enterprise_id: str | None
    correlation_id: str
    # The actor's roles as the token names them: for rules that depend on who acts beyond what the
    # route lets through (a 重大 hazard's acceptor); not part of any event's metadata.
    roles: frozenset[str] = frozenset()

    @classmethod
    def of(cls, principal: Principal, enterprise_id: str | None = None,
           correlation_id: str | None = None) -> CommandContext:
        return cls(principal.person_id, enterprise_id or principal.enterprise_id,
                   correlation_id or str(uuid.uuid4()), frozenset(str(r) for r in principal.roles))

    def metadata(self) -> Metadata:
        return Metadata(actor=self.actor, enterprise_id=self.enterprise_id,
                        correlation_id=self.correlation_id, traceparent=current_traceparent())


class Repository(Generic[A]):
    def __init__(self, store: EventStore, registry: EventRegistry, factory: type[A], stream_prefix: str,
                 service: str = "", narrator: Narrator | None = None) -> None:
        self._store, self._registry, self._factory = store, registry, factory
        self._prefix, self.service = stream_prefix, service
        self._narrator = narrator

    def stream_id(self, aggregate_id: str) -> str:
        return f"{self._prefix}-{aggregate_id}"

    async def find(self, aggregate_id: str) -> A | None:
        recorded = await self._store.load(self.stream_id(aggregate_id))
        if not recorded:
            return None
        history = [self._registry.decode(r.type, r.schema_version, r.data) for r in recorded]
        return self._factory.rehydrate(aggregate_id, history)  # type: ignore[return-value]

    async def get(self, aggregate_id: str, what: str = "对象") -> A:
        found = await self.find(aggregate_id)
        if found is None:
            raise NotFound(f"{what}不存在: {aggregate_id}")
        return found

    async def load(self, aggregate_id: str, expected_version: int | None = None, *, what: str = "对象",
                   enterprise_id: str | None = None, field: str | None = None) -> A:
        """The aggregate, as a command decides on it: 404 naming `what` (and `field`) when it does
        not exist or belongs to another enterprise than `enterprise_id`; 409 when the caller decided
        on another version than the stored one (`expected_version`; None: the caller does not say)."""
        found = await self.find(aggregate_id)
        if found is None or (enterprise_id is not None and getattr(found, "enterprise_id", None) != enterprise_id):
            raise NotFound(f"{what}不存在: {aggregate_id}", field=field)
        if expected_version is not None and expected_version != found.version:
            raise ConcurrencyError(self.stream_id(aggregate_id), expected_version)
        return found

    async def history(self, aggregate_id: str, enterprise_id: str) -> list[dict]:
        """What happened to one aggregate of `enterprise_id`, oldest first, with who did it and when
        (and, with a narrator, a description of each change and the actor's name, looked up in
        that enterprise only: libs/history.py)."""
        recorded = await self._store.load(self.stream_id(aggregate_id))
        items = [
            {"version": r.version, "type": r.type.rsplit(".", 1)[-1], "data": r.data,
             "actor": r.metadata.get("actor"), "recorded_at": r.recorded_at}
            for r in recorded
        ]
        if self._narrator is not None:
            events = [self._registry.decode(r.type, r.schema_version, r.data) for r in recorded]
            await self._narrator.annotate(items, events, enterprise_id)
        return items

    def batch(self, aggregate: A, ctx: CommandContext) -> StreamBatch:
        """What saving `aggregate` appends: its stream, the version it was loaded at, its events."""
        metadata = ctx.metadata()
        return (self.stream_id(aggregate.id), aggregate.version,
                [self._registry.encode(e, metadata) for e in aggregate.pending()])

    async def save(self, aggregate: A, ctx: CommandContext) -> int:
        """Save one aggregate on its own (a unit of work of one)."""
        uow = UnitOfWork(self._store, ctx)
        uow.save(self, aggregate)
        await uow.commit()
        return aggregate.version
