"""What a plan's events carry besides plain fields: its cycle in the check task's wire forms, the
posts it sends, and the tasks it yields. Frozen values, no rules (plan_rules.py checks them)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from services.inspection.domain.codes import CheckCycleUnit, WorkDayType
from services.inspection.domain.cycles import TaskCycle
from services.inspection.domain.wire import CheckCycle, WorkTime


class PlanCycle(BaseModel):
    """A plan's cycle under the platforms' names (checkCycle …); cycles.TaskCycle is the rule."""

    model_config = ConfigDict(frozen=True)
    check_cycle: CheckCycle
    check_cycle_unit: CheckCycleUnit
    task_start_time: datetime  # taskStartTime; naive means Shanghai wall time
    work_day_type: WorkDayType = WorkDayType.EVERY_DAY
    work_start_time: WorkTime | None = None
    work_end_time: WorkTime | None = None

    @classmethod
    def of(cls, cycle: TaskCycle) -> PlanCycle:
        return cls(check_cycle=cycle.every, check_cycle_unit=cycle.unit, task_start_time=cycle.start,
                   work_day_type=cycle.work_day_type, work_start_time=cycle.work_start,
                   work_end_time=cycle.work_end)

    def task_cycle(self) -> TaskCycle:
        return TaskCycle(self.check_cycle, self.check_cycle_unit, self.task_start_time, self.work_day_type,
                         self.work_start_time, self.work_end_time)


class PlanAssignment(BaseModel):
    """A post the plan sends, and the people on it it names (none: whoever holds the post)."""

    model_config = ConfigDict(frozen=True)
    post_id: str
    person_ids: list[str] = []


class PlanTask(BaseModel):
    """The check task a published plan yields for one post it sends."""

    model_config = ConfigDict(frozen=True)
    task_id: str
    post_id: str
    person_ids: list[str]
