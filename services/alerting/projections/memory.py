"""The fakes behind alerting's ports for unit tests: the index of open alerts kept by an inline
projection of the in-memory store, a directory and a cause's facts as plain Python."""

from __future__ import annotations

from dataclasses import dataclass, field

from libs.events import RecordedEvent
from libs.inline import Projector
from services.alerting.application.ports import CauseFacts
from services.alerting.domain import events as e
from services.alerting.domain.codes import Level, Stage, State


class InMemoryIndex:
    def __init__(self) -> None:
        self.rows: dict[str, tuple[str, str, str, Stage, State]] = {}
        closing = {e.AlertCleared: State.CLEARED, e.AlertResolved: State.RESOLVED,
                   e.AlertAcknowledged: State.ACKNOWLEDGED}
        self.project = Projector(e.registry, {
            e.AlertRaised: self._raised, **{cls: self._to(state) for cls, state in closing.items()}}).run

    def _raised(self, ev: e.AlertRaised, _r: RecordedEvent) -> None:
        self.rows[ev.alert_id] = (ev.enterprise_id, ev.cause.cause_type, ev.cause.cause_id, ev.stage, State.RAISED)

    def _to(self, state: State):
        def change(ev: e.AlertFact, _r: RecordedEvent) -> None:
            self.rows[ev.alert_id] = (*self.rows[ev.alert_id][:4], state)  # type: ignore[assignment]
        return change

    async def open_alerts(self, enterprise_id: str, cause_type: str, cause_id: str, stages: list[Stage]) -> list[str]:
        return [i for i, (eid, ct, cid, stage, state) in self.rows.items()
                if (eid, ct, cid) == (enterprise_id, cause_type, cause_id) and stage in stages and state.open]


@dataclass
class Person:
    post_id: str | None
    roles: set[str]


@dataclass
class InMemoryDirectory:
    """Units: id → (kind, parent); people: id → Person."""

    units: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def _up(self, unit_id: str | None) -> list[str]:
        chain: list[str] = []
        while unit_id is not None and unit_id in self.units and len(chain) < 16:
            chain.append(unit_id)
            unit_id = self.units[unit_id][1]
        return chain

    async def people_at(self, enterprise_id: str, level: Level, cause: e.Cause) -> list[str]:
        if level is Level.ASSIGNEE:
            return sorted({*cause.person_ids, *(p for p, x in self.people.items() if x.post_id in cause.post_ids)})
        if level is Level.PRINCIPAL:
            return sorted(p for p, x in self.people.items() if "principal" in x.roles)
        posts = {*cause.post_ids, *(self.people[p].post_id for p in cause.person_ids if p in self.people)}
        chains = [self._up(post) for post in posts if post]
        kind, role = ("team", "team_leader") if level is Level.TEAM else ("department", "department_head")
        units = {next((u for u in chain if self.units[u][0] == kind), None) for chain in chains} - {None}
        if level is Level.DEPARTMENT and cause.department_id:
            units.add(cause.department_id)
        if level is Level.TEAM:
            return sorted(p for p, x in self.people.items() if role in x.roles and x.post_id
                          and self.units.get(x.post_id, ("", None))[1] in units)
        return sorted(p for p, x in self.people.items() if role in x.roles and set(self._up(x.post_id)) & units)


@dataclass
class InMemoryFacts:
    facts: dict[tuple[str, str], CauseFacts] = field(default_factory=dict)

    async def of(self, enterprise_id: str, cause_type: str, cause_id: str) -> CauseFacts | None:
        return self.facts.get((cause_type, cause_id))
