"""The aggregate base: plain Python whose command methods record events.

Applying an event is the only way state changes, so loading from history and deciding now
go through the same `when_*` methods.
"""

from __future__ import annotations

from collections.abc import Iterable

from libs.errors import Conflict
from libs.events import DomainEvent


class DomainError(ValueError):
    """A command the domain refuses. `field` names the input at fault, for a 4xx answer."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "domain_rule") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class DomainConflict(Conflict, DomainError):
    """A command the domain refuses because of what already is (duties still held, children still
    active), not because of the input: answered 409 like any `Conflict`."""


class Aggregate:
    def __init__(self, aggregate_id: str) -> None:
        self.id = aggregate_id
        self.version = 0
        self._pending: list[DomainEvent] = []

    @classmethod
    def rehydrate(cls, aggregate_id: str, history: Iterable[DomainEvent]) -> Aggregate:
        agg = cls(aggregate_id)
        for event in history:
            agg._apply(event)
            agg.version += 1
        return agg

    def _record(self, event: DomainEvent) -> None:
        self._apply(event)
        self._pending.append(event)

    def _apply(self, event: DomainEvent) -> None:
        handler = getattr(self, f"when_{type(event).__name__}", None)
        if handler is None:
            raise TypeError(f"{type(self).__name__} cannot apply {type(event).__name__}")
        handler(event)

    @property
    def is_new(self) -> bool:
        return self.version == 0 and not self._pending

    def pending(self) -> list[DomainEvent]:
        return list(self._pending)

    def mark_saved(self) -> None:
        self.version += len(self._pending)
        self._pending.clear()
