"""The plan side of the check task (domain/task.py): a task a published plan yields for a post.

Its id is the plan's and the post's (plan_rules.plan_task_id), its cycle the plan's, set when it is
drawn up (so its catch-up starts at once, from the publication); its content follows the plan's
checklist, and it is retired with the plan. A measure's commands (follow, schedule) are not its."""

from __future__ import annotations

from datetime import date, datetime

from libs.aggregate import Aggregate
from services.inspection.domain import plan_task_events as ev
from services.inspection.domain.codes import PlanKind, RetiredBecause, WorkType
from services.inspection.domain.cycles import TaskCycle, Window
from services.inspection.domain.plan_values import PlanCycle, PlanTask
from services.inspection.domain.plan_windows import period_closes_at

MEASURE, PLAN = "measure", "plan"  # where a task comes from (origin), as the read model says it


class PlanTaskSide(Aggregate):
    enterprise_id: str
    content: str
    post_id: str
    work_type: WorkType
    cycle: TaskCycle | None
    retired: RetiredBecause | None

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.origin, self.plan_id, self.kind = MEASURE, "", PlanKind.ROUTINE
        self.person_ids: list[str] = []
        self.period_end: date | None = None

    def opens_in_period(self, window: Window) -> bool:
        """Whether a window is the task's to owe: a plan's last day ends its windows (plan_windows.py);
        a measure's task has no period."""
        closes = period_closes_at(self.period_end)
        return closes is None or window.start < closes

    def draw_up_for_plan(self, enterprise_id: str, plan_id: str, kind: PlanKind, task: PlanTask, cycle: PlanCycle,
                         content: str, published_at: datetime, period_end: date | None = None) -> None:
        """A new task of a plan just published; a task already drawn up (a retry) changes nothing."""
        if not self.is_new:
            return
        self._record(ev.PlanTaskDrawnUp(
            task_id=self.id, enterprise_id=enterprise_id, plan_id=plan_id, kind=kind, troubleshoot_content=content,
            post_id=task.post_id, person_ids=list(task.person_ids), check_cycle=cycle.check_cycle,
            check_cycle_unit=cycle.check_cycle_unit, task_start_time=cycle.task_start_time,
            work_start_time=cycle.work_start_time, work_end_time=cycle.work_end_time,
            work_day_type=cycle.work_day_type, published_at=published_at, period_end=period_end))

    def take_content(self, content: str) -> None:
        """The plan's checklist changed; a retired task keeps what it had."""
        if self.retired is None and content != self.content:
            self._record(ev.PlanTaskRevised(task_id=self.id, enterprise_id=self.enterprise_id, plan_id=self.plan_id,
                                            troubleshoot_content=content))

    def retire_with_plan(self) -> None:
        if not self.is_new and self.retired is None:
            self._record(ev.PlanTaskRetired(task_id=self.id, enterprise_id=self.enterprise_id, plan_id=self.plan_id))

    def when_PlanTaskDrawnUp(self, e: ev.PlanTaskDrawnUp) -> None:
        self.enterprise_id, self.origin, self.plan_id, self.kind = e.enterprise_id, PLAN, e.plan_id, e.kind
        self.content, self.post_id, self.person_ids, self.work_type = (e.troubleshoot_content, e.post_id,
                                                                       list(e.person_ids), e.work_type)
        self.period_end = e.period_end
        self.cycle = TaskCycle(e.check_cycle, e.check_cycle_unit, e.task_start_time, e.work_day_type,
                               e.work_start_time, e.work_end_time)

    def when_PlanTaskRevised(self, e: ev.PlanTaskRevised) -> None:
        self.content = e.troubleshoot_content

    def when_PlanTaskRetired(self, e: ev.PlanTaskRetired) -> None:
        self.retired = RetiredBecause.PLAN_RETIRED
