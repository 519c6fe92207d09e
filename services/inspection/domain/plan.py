"""The inspection plan (排查计划) aggregate; its checklist (检查表) half is in plan_checklist.py.

A draft is drawn up with its kind, title, period, cycle and the posts it sends, and edited freely.
Published, it yields one check task per post and its header is fixed: who is sent and how often is
what its tasks are, so a change is a new plan. Retired, nothing changes and its tasks are withdrawn.
Whether the posts and people exist in the enterprise is the handlers' check, against the read model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from libs.aggregate import DomainConflict
from services.inspection.domain import checklist_rules as rules
from services.inspection.domain import plan_events as ev
from services.inspection.domain import plan_limits as limits
from services.inspection.domain import plan_rules
from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.codes import PlanKind
from services.inspection.domain.cycles import SHANGHAI, TaskCycle
from services.inspection.domain.plan_checklist import PlanChecklist
from services.inspection.domain.plan_fields import named_text
from services.inspection.domain.plan_state import PlanState
from services.inspection.domain.plan_values import PlanAssignment, PlanCycle, PlanTask
from services.inspection.domain.plan_windows import first_owed_window


class Plan(PlanChecklist):
    """排查计划."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.kind = PlanKind.ROUTINE
        self.period: tuple[date, date | None] = (date.min, None)
        self.cycle: PlanCycle | None = None
        self.assignments: list[PlanAssignment] = []
        self.tasks: list[PlanTask] = []

    @classmethod
    def draw_up(cls, plan_id: str, enterprise_id: str, *, kind: Any, title: Any, period_start: Any, period_end: Any,
                cycle: TaskCycle, assignments: Sequence[PlanAssignment],
                items: Sequence[Mapping[str, Any]] = ()) -> Plan:
        """A draft; `items` are the checklist's first rows, numbered from 1."""
        fields = plan_rules.checked_header(kind, title, period_start, period_end, cycle, assignments)
        plan = cls(plan_id)
        plan._record(ev.PlanDrawnUp(plan_id=plan_id, enterprise_id=enterprise_id, items=rules.checked_items(items),
                                    **fields))
        return plan

    def revise(self, *, kind: Any, title: Any, period_start: Any, period_end: Any, cycle: TaskCycle,
               assignments: Sequence[PlanAssignment]) -> None:
        """A draft's header; nothing recorded when nothing changed."""
        self._ensure_draft("已发布的计划不能修改类型、名称、期间、周期或派出岗位；请废止后重新制定")
        fields = plan_rules.checked_header(kind, title, period_start, period_end, cycle, assignments)
        if fields != {"kind": self.kind, "title": self.title, "period_start": self.period[0],
                      "period_end": self.period[1], "cycle": self.cycle, "assignments": self.assignments}:
            self._record(ev.PlanRevised(plan_id=self.id, enterprise_id=self.enterprise_id, **fields))

    def publish(self, now: datetime, calendar: WorkingCalendar) -> None:
        """The plan yields its tasks, owing windows from `now` (the injected clock, time-zone aware)
        on; the calendar tells whether the rest of its period has a window at all."""
        if now.tzinfo is None:
            raise ValueError("publish needs an aware instant: the clock's")  # a wiring error, not input
        self._ensure_draft("计划已发布")
        if not self.items:
            raise DomainConflict("检查表还没有检查项，不能发布", field="items", code="incomplete")
        if not self.assignments:
            raise DomainConflict("计划还没有派出岗位，不能发布", field="assignments", code="incomplete")
        if self.period[1] is not None and self.period[1] < now.astimezone(SHANGHAI).date():
            raise DomainConflict(f"计划期间已于 {self.period[1]} 结束，不能发布", field="period_end", code="ended")
        assert self.cycle is not None  # every plan is drawn up with one
        first = first_owed_window(self.cycle, self.period[1], now, calendar)
        if first is None:
            shown = self.cycle.work_day_type.label
            raise DomainConflict(f"计划期间内按此周期已没有可排查的时段（工作日类型: {shown}），不能发布",
                                 field="work_day_type", code="no_window")
        self._record(ev.PlanPublished(
            plan_id=self.id, enterprise_id=self.enterprise_id, kind=self.kind, title=self.title,
            period_start=self.period[0], period_end=self.period[1], cycle=self.cycle, published_at=now,
            first_window_start=first.start, troubleshoot_content=rules.task_content(self.title, self.checklist),
            items=self.checklist, tasks=plan_rules.plan_tasks(self.id, self.assignments)))

    def retire(self, reason: Any) -> None:
        """A draft or a published plan; a published one's tasks are withdrawn."""
        self._ensure_open()
        self._record(ev.PlanRetired(plan_id=self.id, enterprise_id=self.enterprise_id,
                                    reason=named_text(reason, "reason", "废止原因", limits.REASON),
                                    task_ids=[t.task_id for t in self.tasks]))

    def _ensure_draft(self, otherwise: str) -> None:
        self._ensure_open()
        if self.state is not PlanState.DRAFT:
            raise DomainConflict(otherwise, code=self.state.value)

    def when_PlanDrawnUp(self, e: ev.PlanDrawnUp) -> None:
        self.enterprise_id = e.enterprise_id
        self._take(e)
        for item in e.items:
            self._put(item)

    def when_PlanRevised(self, e: ev.PlanRevised) -> None:
        self._take(e)

    def _take(self, e: ev.PlanDrawnUp | ev.PlanRevised) -> None:
        self.kind, self.title, self.period, self.cycle = e.kind, e.title, (e.period_start, e.period_end), e.cycle
        self.assignments = list(e.assignments)

    def when_PlanPublished(self, e: ev.PlanPublished) -> None:
        self.state, self.tasks = PlanState.PUBLISHED, list(e.tasks)

    def when_PlanRetired(self, e: ev.PlanRetired) -> None:
        self.state = PlanState.RETIRED
