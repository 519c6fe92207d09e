"""The read model in memory: the fake behind every port the handlers read (the directory's
queries and duties, its published lookups, the chain's queries), kept by an inline projection
of the in-memory event store — so a handler test reads what its own commands wrote.

It folds each stream with the aggregate's own `when_…` methods (public `rehydrate`) and answers
from those aggregates, in the shapes and orders of the SQL queries. It checks nothing: the races
the SQL inline projections re-check (a unit retired meanwhile, a name taken) are for the
integration tests on PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from libs.aggregate import Aggregate
from libs.events import DomainEvent, EventRegistry, RecordedEvent
from libs.inline import Projector
from services.risk_registry.directory.domain.duties import GUARDIAN_SLOTS, Duty, DutyKind
from services.risk_registry.directory.domain.model import Enterprise, OrgUnit, Person
from services.risk_registry.directory.projections.duties import DepartedHolder
from services.risk_registry.risk_chain.domain.model import ControlMeasure, RiskObject, RiskUnit
from services.risk_registry.risk_chain.domain.risk_event import RiskEvent

Row = dict[str, Any]


class InMemoryReadModel:
    def __init__(self, registry: EventRegistry, streams: dict[str, type[Aggregate]]) -> None:
        self._factories = streams  # stream prefix → aggregate class
        self._prefixes = {cls: prefix for prefix, cls in streams.items()}
        self._history: dict[str, list[DomainEvent]] = defaultdict(list)
        self._at: dict[str, list[datetime]] = defaultdict(list)  # by stream id
        # By stream id, not aggregate id: two streams may share an id (an enterprise and its
        # grading policy do), as they do in the SQL tables.
        self._streams: dict[str, Aggregate] = {}
        self.project = Projector(registry, {cls: self._fold for cls in registry.classes()}).run

    def _fold(self, event: DomainEvent, r: RecordedEvent) -> None:
        prefix, _, aggregate_id = r.stream_id.partition("-")
        self._history[r.stream_id].append(event)
        self._at[r.stream_id].append(r.recorded_at)
        self._streams[r.stream_id] = self._factories[prefix].rehydrate(aggregate_id, self._history[r.stream_id])

    def find(self, cls: type[Aggregate], aggregate_id: str | None) -> Any:
        """The aggregate of class `cls` with that id, as the commands left it (None if none)."""
        return self._streams.get(f"{self._prefixes[cls]}-{aggregate_id}")

    def _left_at(self, person: Person) -> datetime:
        return self._at[f"{self._prefixes[Person]}-{person.id}"][-1]

    def _all(self, cls: type[Aggregate]) -> list[Any]:
        return sorted((a for a in self._streams.values() if isinstance(a, cls)),
                      key=lambda a: (getattr(a, "name", ""), a.id))

    def _of(self, cls: type[Aggregate], enterprise_id: str, aggregate_id: str) -> Any:
        found = self.find(cls, aggregate_id)
        if found is not None and getattr(found, "enterprise_id", found.id) == enterprise_id:
            return found
        return None

    # ---- the directory's look-ups (DirectoryLookups, DirectoryQueries' part the handlers use) -----

    async def enterprise(self, enterprise_id: str) -> Row | None:
        e = self._of(Enterprise, enterprise_id, enterprise_id)
        return None if e is None else {"id": e.id, "name": e.name, "credit_code": e.credit_code,
                                       "hazchem_code": e.hazchem_code, "industry": e.industry, "version": e.version}

    async def unit(self, enterprise_id: str, unit_id: str) -> Row | None:
        u = self._of(OrgUnit, enterprise_id, unit_id)
        return None if u is None else {"id": u.id, "enterprise_id": u.enterprise_id, "kind": u.kind.value,
                                       "name": u.name, "parent_id": u.parent_id, "retired": u.retired,
                                       "version": u.version}

    async def person(self, enterprise_id: str, person_id: str) -> Row | None:
        p = self._of(Person, enterprise_id, person_id)
        return None if p is None else {"id": p.id, "enterprise_id": p.enterprise_id, "name": p.name,
                                       "mobile": p.mobile, "post_id": p.post_id, "roles": [r.value for r in p.roles],
                                       "left_at": self._left_at(p) if p.left else None, "version": p.version}

    async def ancestry(self, unit_id: str) -> list[str]:
        up, unit = [], self.find(OrgUnit, unit_id)
        while unit is not None and unit.parent_id and unit.parent_id not in up:
            up.append(unit.parent_id)
            unit = self.find(OrgUnit, unit.parent_id)
        return up

    # ---- duties (Duties, and the lookups' duty reads) ---------------------------------------------

    async def person_duties(self, person_id: str) -> list[Duty]:
        duties = [Duty(kind, o.id, o.name) for o in self._all(RiskObject) if not o.retired and o.guardians
                  for kind, held in zip(GUARDIAN_SLOTS, o.guardians, strict=True) if held == person_id]
        return duties + [Duty(DutyKind.UNIT_LIABLE, u.id, u.name) for u in self._all(RiskUnit)
                         if not u.retired and u.liable_person_id == person_id]

    async def unit_holdings(self, unit_id: str) -> list[Duty]:
        risks = {r.id: r for r in self._all(RiskEvent)}
        return [
            *(Duty(DutyKind.CHILD_UNIT, u.id, u.name) for u in self._all(OrgUnit)
              if u.parent_id == unit_id and not u.retired),
            *(Duty(DutyKind.MEMBER, p.id, p.name) for p in self._all(Person) if p.post_id == unit_id and not p.left),
            *(Duty(DutyKind.MEASURE, m.id, m.fields["description"], risks[m.risk_event_id].name)
              for m in sorted(self._all(ControlMeasure), key=lambda m: (m.fields["description"], m.id))
              if m.fields["responsible_post_id"] == unit_id and not m.retired),
            *(Duty(DutyKind.RISK_OBJECT, o.id, o.name) for o in self._all(RiskObject)
              if o.department_id == unit_id and not o.retired),
            *(Duty(DutyKind.RISK_UNIT, u.id, u.name) for u in self._all(RiskUnit)
              if u.department_id == unit_id and not u.retired),
        ]

    async def departed_holders(self, enterprise_id: str) -> list[DepartedHolder]:
        gone = [p for p in self._all(Person) if p.enterprise_id == enterprise_id and p.left]
        holders = [DepartedHolder(p.id, p.name, self._left_at(p), await self.person_duties(p.id)) for p in gone]
        return sorted((h for h in holders if h.duties), key=lambda h: (h.left_at, h.name, h.person_id))

    # ---- the risk chain's queries (the part the handlers use) -------------------------------------

    _CHILDREN = {("risk_units", "object_id"): (RiskUnit, "object_id"),
                 ("risk_events", "unit_id"): (RiskEvent, "unit_id"),
                 ("control_measures", "risk_event_id"): (ControlMeasure, "risk_event_id")}

    async def active_children(self, table: str, column: str, parent_id: str) -> int:
        cls, attribute = self._CHILDREN[(table, column)]
        return sum(1 for a in self._all(cls) if getattr(a, attribute) == parent_id and not a.retired)

    async def assessed_risk_ids(self, eid: str) -> list[str]:
        return sorted(r.id for r in self._all(RiskEvent) if r.enterprise_id == eid and not r.retired and r.current)
