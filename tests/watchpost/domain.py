"""The watchpost's domain: one log book per org unit of the registry, noting each name it takes."""

from __future__ import annotations

from libs.aggregate import Aggregate
from libs.events import DomainEvent, EventRegistry

P = "shuangkong.watchpost."


class UnitNoted(DomainEvent):
    """The log book of a unit is opened, with the unit's name as first learnt."""

    TYPE = P + "UnitNoted"
    unit_id: str
    enterprise_id: str
    name: str


class UnitNameNoted(DomainEvent):
    TYPE = P + "UnitNameNoted"
    unit_id: str
    name: str


REGISTRY = EventRegistry().register_all([UnitNoted, UnitNameNoted])


class UnitLog(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id: str | None = None
        self.names: list[str] = []

    def note_name(self, enterprise_id: str, name: str) -> None:
        """Open the log book with `name`, or note a new name; the name it already has changes nothing."""
        if self.is_new:
            self._record(UnitNoted(unit_id=self.id, enterprise_id=enterprise_id, name=name))
        elif self.names[-1] != name:
            self._record(UnitNameNoted(unit_id=self.id, name=name))

    def when_UnitNoted(self, e: UnitNoted) -> None:
        self.enterprise_id = e.enterprise_id
        self.names.append(e.name)

    def when_UnitNameNoted(self, e: UnitNameNoted) -> None:
        self.names.append(e.name)
