"""The check task (隐患排查任务) of a control measure: one per measure, checked by the measure's
responsible post, following the measure as the risk registry changes it.

The task's id is a uuid5 of the measure's id, so whichever way its events arrive (redelivered,
replayed into a new service) one measure never gets two tasks. What the registry says about the
measure arrives as `MeasureFacts`; the task decides what that means for it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from libs.aggregate import DomainConflict
from services.inspection.domain import events as ev
from services.inspection.domain.codes import RetiredBecause, TaskRetiredBecause, TaskState, WorkType
from services.inspection.domain.cycles import TaskCycle
from services.inspection.domain.guardian_task import GUARDIAN, GuardianTaskSide
from services.inspection.domain.plan_task import PLAN
from services.inspection.domain.rules import checked_start_moment

# Fixed for ever: a task's id is derived from it (never change it, or every task gets a new id).
MEASURE_TASKS = uuid.uuid5(uuid.NAMESPACE_URL, "https://shuangkong/inspection/check-task/of-measure")
INSPECTED = "2"  # dataSrc 2 隐患排查: the measure is controlled by checks


def task_id_for(measure_id: str) -> str:
    return str(uuid.uuid5(MEASURE_TASKS, measure_id))


@dataclass(frozen=True)
class MeasureFacts:
    """A control measure as the registry's ControlMeasureDefined/Revised describe it."""

    measure_id: str
    enterprise_id: str
    data_source: str
    content: str  # inspection_content, the task's troubleshootContent
    post_id: str  # responsible_post_id
    risk_event_id: str | None = None  # only the definition names it

    @classmethod
    def of(cls, data: dict[str, Any]) -> MeasureFacts:
        return cls(data["measure_id"], data["enterprise_id"], str(data["data_source"]), data["inspection_content"],
                   data["responsible_post_id"], data.get("risk_event_id"))

    @property
    def inspected(self) -> bool:
        return self.data_source == INSPECTED


class CheckTask(GuardianTaskSide):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = self.measure_id = self.content = self.post_id = ""
        self.work_type = WorkType.ROUTINE
        self.cycle: TaskCycle | None = None
        self.retired: RetiredBecause | None = None

    @property
    def state(self) -> TaskState:
        if self.retired is not None:
            return TaskState.RETIRED
        return TaskState.UNSCHEDULED if self.cycle is None else TaskState.SCHEDULED

    def follow(self, measure: MeasureFacts) -> None:
        """The measure was defined or revised: draw the task up, revise it, retire it (no longer
        inspected) or reinstate it (inspected again); what it already reflects changes nothing."""
        eid, mid, content, post = measure.enterprise_id, measure.measure_id, measure.content, measure.post_id
        if self.is_new:
            if measure.inspected:
                self._record(ev.CheckTaskDrawnUp(task_id=self.id, enterprise_id=eid, measure_id=mid,
                                                 risk_event_id=measure.risk_event_id, troubleshoot_content=content,
                                                 post_id=post))
        elif not measure.inspected:
            if self.retired is None:
                self._record(ev.CheckTaskRetired(task_id=self.id, enterprise_id=eid, measure_id=mid,
                                                 reason=TaskRetiredBecause.NOT_INSPECTED))
        elif self.retired is RetiredBecause.NOT_INSPECTED:
            self._record(ev.CheckTaskReinstated(task_id=self.id, enterprise_id=eid, measure_id=mid,
                                                troubleshoot_content=content, post_id=post))
        elif self.retired is None and (content, post) != (self.content, self.post_id):
            self._record(ev.CheckTaskRevised(task_id=self.id, enterprise_id=eid, measure_id=mid,
                                             troubleshoot_content=content, post_id=post))

    def measure_retired(self) -> None:
        """The measure is retired: so is its task, for good (a retired measure is never revised)."""
        if not self.is_new and self.retired is not RetiredBecause.MEASURE_RETIRED:
            self._record(ev.CheckTaskRetired(task_id=self.id, enterprise_id=self.enterprise_id,
                                             measure_id=self.measure_id, reason=TaskRetiredBecause.MEASURE_RETIRED))

    def schedule(self, cycle: TaskCycle) -> None:
        """Set the task's cycle; the cycle it already has changes nothing."""
        if self.retired is not None:
            raise DomainConflict(f"排查任务已停用（{self.retired.label}），不能设置周期", field="task_id")
        if self.origin == PLAN:  # the plan's header is fixed once published (decision 39)
            raise DomainConflict("计划任务的周期随排查计划，不能单独设置", field="task_id", code="plan_task")
        if self.origin == GUARDIAN:  # one way to change a 包保 task's cycle: revising it
            raise DomainConflict("包保任务的周期请通过修改包保任务设置", field="task_id", code="guardian_task")
        cycle = replace(cycle, start=checked_start_moment(cycle.start))
        if cycle == self.cycle:
            return
        self._record(ev.CheckTaskScheduled(
            task_id=self.id, enterprise_id=self.enterprise_id, check_cycle=cycle.every,
            check_cycle_unit=cycle.unit, task_start_time=cycle.start, work_start_time=cycle.work_start,
            work_end_time=cycle.work_end, work_day_type=cycle.work_day_type))

    def when_CheckTaskDrawnUp(self, e: ev.CheckTaskDrawnUp) -> None:
        self.enterprise_id, self.measure_id, self.work_type = e.enterprise_id, e.measure_id, e.work_type
        self.content, self.post_id = e.troubleshoot_content, e.post_id

    def when_CheckTaskRevised(self, e: ev.CheckTaskRevised) -> None:
        self.content, self.post_id = e.troubleshoot_content, e.post_id

    def when_CheckTaskScheduled(self, e: ev.CheckTaskScheduled) -> None:
        self.cycle = TaskCycle(e.check_cycle, e.check_cycle_unit, e.task_start_time, e.work_day_type,
                               e.work_start_time, e.work_end_time)

    def when_CheckTaskRetired(self, e: ev.CheckTaskRetired) -> None:
        self.retired = RetiredBecause.of(e.reason)

    def when_CheckTaskReinstated(self, e: ev.CheckTaskReinstated) -> None:
        self.content, self.post_id, self.retired = e.troubleshoot_content, e.post_id, None

