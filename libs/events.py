"""The event envelope and the type registry.

A domain event is a small frozen pydantic model. Its `TYPE` is the CloudEvents `ce_type`
(`shuangkong.<service>.<EventName>`); `VERSION` is its schema version, which only grows.
Old payloads are upcast when read, one version step at a time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    TYPE: ClassVar[str]
    VERSION: ClassVar[int] = 1

    def payload(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class Metadata(BaseModel):
    """Who did it, for which enterprise, and how it relates to other work."""

    model_config = ConfigDict(frozen=True)

    actor: str | None = None
    enterprise_id: str | None = None
    correlation_id: str | None = None
    causation_id: str | None = None
    traceparent: str | None = None


@dataclass(frozen=True)
class NewEvent:
    """An event about to be appended."""

    type: str
    data: dict[str, Any]
    metadata: dict[str, Any]
    schema_version: int = 1
    event_id: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass(frozen=True)
class RecordedEvent:
    """An event as the store holds it. `(tx_id, position)` is the store's gap-safe global order."""

    event_id: uuid.UUID
    stream_id: str
    version: int
    position: int
    tx_id: int
    type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: datetime

    @property
    def cursor(self) -> tuple[int, int]:
        return (self.tx_id, self.position)


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class UnknownEventType(LookupError):
    pass


class EventRegistry:
    """Maps type names to event classes and upgrades old payloads."""

    def __init__(self) -> None:
        self._classes: dict[str, type[DomainEvent]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}

    def register(self, cls: type[DomainEvent]) -> type[DomainEvent]:
        if cls.TYPE in self._classes and self._classes[cls.TYPE] is not cls:
            raise ValueError(f"event type {cls.TYPE} registered twice")
        self._classes[cls.TYPE] = cls
        return cls

    def register_all(self, classes: Iterable[type[DomainEvent]]) -> EventRegistry:
        for cls in classes:
            self.register(cls)
        return self

    def upcaster(self, type_name: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        def decorate(fn: Upcaster) -> Upcaster:
            self._upcasters[(type_name, from_version)] = fn
            return fn

        return decorate

    def __contains__(self, type_name: str) -> bool:
        return type_name in self._classes

    def classes(self) -> list[type[DomainEvent]]:
        return list(self._classes.values())

    def decode(self, type_name: str, schema_version: int, data: dict[str, Any]) -> DomainEvent:
        cls = self._classes.get(type_name)
        if cls is None:
            raise UnknownEventType(type_name)
        while schema_version < cls.VERSION:
            step = self._upcasters.get((type_name, schema_version))
            if step is None:
                raise LookupError(f"no upcaster for {type_name} v{schema_version}")
            data = step(data)
            schema_version += 1
        return cls.model_validate(data)

    @staticmethod
    def encode(event: DomainEvent, metadata: Metadata) -> NewEvent:
        return NewEvent(
            type=event.TYPE,
            schema_version=event.VERSION,
            data=event.payload(),
            metadata=metadata.model_dump(exclude_none=True),
        )
