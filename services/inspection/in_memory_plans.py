"""The plan read model in memory (the fake behind `PlanQueries`), kept by an inline projection of the
in-memory event store: each plan's stream folded with the aggregate's own `when_…` methods, answered
in the SQL queries' shape (JSON as the table keeps it) and order (newest first)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from libs.events import DomainEvent, RecordedEvent
from libs.inline import Projector
from libs.pagination import PageParams
from services.inspection.domain import plan_events as e
from services.inspection.domain.codes import PlanKind
from services.inspection.domain.events import registry
from services.inspection.domain.plan import Plan
from services.inspection.domain.plan_state import PlanState
from services.inspection.projections.plans import answer

Row = dict[str, Any]


class InMemoryPlans:
    def __init__(self) -> None:
        self._history: dict[str, list[DomainEvent]] = defaultdict(list)
        self._rows: dict[str, Row] = {}
        self.project = Projector(registry, {cls: self._fold for cls in e.PLAN_EVENTS}).run

    def _fold(self, event: DomainEvent, r: RecordedEvent) -> None:
        plan_id = r.stream_id.partition("-")[2]
        self._history[plan_id].append(event)
        plan = Plan.rehydrate(plan_id, self._history[plan_id])
        before = self._rows.get(plan_id, {"created_at": r.recorded_at, "published_at": None,
                                          "first_window_start": None, "retired_reason": None})
        self._rows[plan_id] = {
            **before, "id": plan.id, "enterprise_id": plan.enterprise_id, "kind": plan.kind.value,
            "title": plan.title, "period_start": plan.period[0], "period_end": plan.period[1],
            "cycle": plan.cycle and plan.cycle.model_dump(mode="json"),
            "assignments": [a.model_dump(mode="json") for a in plan.assignments],
            "items": [i.model_dump(mode="json") for i in plan.checklist], "state": plan.state.value,
            "task_ids": [t.task_id for t in plan.tasks], "updated_at": r.recorded_at, "version": r.version}
        if isinstance(event, e.PlanPublished):
            self._rows[plan_id] |= {"published_at": event.published_at, "first_window_start": event.first_window_start}
        if isinstance(event, e.PlanRetired):
            self._rows[plan_id]["retired_reason"] = event.reason

    async def plan(self, enterprise_id: str, plan_id: str) -> Row | None:
        row = self._rows.get(plan_id)
        return answer(dict(row)) if row is not None and row["enterprise_id"] == enterprise_id else None

    async def plans(self, enterprise_id: str, p: PageParams, *, kind: PlanKind | None = None,
                    state: PlanState | None = None) -> tuple[list[Row], int]:
        wanted = {"enterprise_id": enterprise_id, "kind": kind and kind.value, "state": state and state.value}
        rows = [r for r in self._rows.values() if all(v is None or r[k] == v for k, v in wanted.items())]
        rows.sort(key=lambda r: r["id"])
        rows.sort(key=lambda r: r["created_at"], reverse=True)
        return [answer(dict(r)) for r in rows[p.offset:p.offset + p.limit]], len(rows)
