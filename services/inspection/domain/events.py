"""Events of inspection (隐患排查) and the service's one registry.

A check task's events carry every field the government platforms ask of a task (GOV-INTERFACE.md
entity 4), null until known: `measure_id` is riskMeasureId, `troubleshoot_content`,
`check_cycle`/`check_cycle_unit`, `task_start_time`, `work_start_time`/`work_end_time` (H:mm:ss),
`work_day_type`, `work_type` and `task_num`. A task drawn up from a control measure is a 日常 task
(work_type 0, no task_num) with no cycle yet."""

from __future__ import annotations

from datetime import datetime

from libs.events import DomainEvent, EventRegistry
from services.inspection.domain.calendar_events import CALENDAR_EVENTS
from services.inspection.domain.codes import CheckCycleUnit, TaskRetiredBecause, WorkDayType, WorkType
from services.inspection.domain.coverage_rules_events import COVERAGE_RULE_EVENTS
from services.inspection.domain.guardian_events import GUARDIAN_TASK_EVENTS, ROSTER_EVENTS, OccurrenceHandedOver
from services.inspection.domain.occurrence_events import OCCURRENCE_EVENTS
from services.inspection.domain.plan_events import PLAN_EVENTS
from services.inspection.domain.plan_task_events import PLAN_TASK_EVENTS
from services.inspection.domain.record_events import RECORD_EVENTS
from services.inspection.domain.wire import CheckCycle, WorkTime

P = "shuangkong.inspection."

class CheckTaskDrawnUp(DomainEvent):
    """隐患排查任务 drawn up for a control measure controlled by inspection (dataSrc 2)."""

    TYPE = P + "CheckTaskDrawnUp"
    task_id: str
    enterprise_id: str
    measure_id: str  # riskMeasureId
    risk_event_id: str | None
    troubleshoot_content: str
    post_id: str  # the responsible post: who checks
    work_type: WorkType = WorkType.ROUTINE
    task_num: int | None = None
    check_cycle: CheckCycle | None = None
    check_cycle_unit: CheckCycleUnit | None = None
    task_start_time: datetime | None = None
    work_start_time: WorkTime | None = None
    work_end_time: WorkTime | None = None
    work_day_type: WorkDayType | None = None


class CheckTaskRevised(DomainEvent):
    """The measure's inspection content or responsible post changed; the task follows."""

    TYPE = P + "CheckTaskRevised"
    task_id: str
    enterprise_id: str
    measure_id: str
    troubleshoot_content: str
    post_id: str


class CheckTaskScheduled(DomainEvent):
    """The task's cycle (排查周期) was set: how often, from when, on which days, in which hours."""

    TYPE = P + "CheckTaskScheduled"
    task_id: str
    enterprise_id: str
    check_cycle: CheckCycle
    check_cycle_unit: CheckCycleUnit
    task_start_time: datetime  # in Asia/Shanghai
    work_start_time: WorkTime | None
    work_end_time: WorkTime | None
    work_day_type: WorkDayType


class CheckTaskRetired(DomainEvent):
    TYPE = P + "CheckTaskRetired"
    task_id: str
    enterprise_id: str
    measure_id: str
    reason: TaskRetiredBecause


class CheckTaskReinstated(DomainEvent):
    """The measure is controlled by inspection again: the task runs again, on the cycle it had."""

    TYPE = P + "CheckTaskReinstated"
    task_id: str
    enterprise_id: str
    measure_id: str
    troubleshoot_content: str
    post_id: str


TASK_EVENTS: list[type[DomainEvent]] = [CheckTaskDrawnUp, CheckTaskRevised, CheckTaskScheduled, CheckTaskRetired,
                                        CheckTaskReinstated, *PLAN_TASK_EVENTS, *GUARDIAN_TASK_EVENTS]

# Plans, occurrences and records keep their events beside their aggregates; one registry has all.
registry = EventRegistry().register_all([*TASK_EVENTS, *PLAN_EVENTS, *OCCURRENCE_EVENTS, *RECORD_EVENTS,
                                          *CALENDAR_EVENTS, OccurrenceHandedOver, *COVERAGE_RULE_EVENTS,
                                          *ROSTER_EVENTS])
