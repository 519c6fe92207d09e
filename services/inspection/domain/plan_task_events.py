"""Events of a plan's check task (计划排查任务), beside a measure's (events.py): new types, so the
measure tasks' v1 schemas stay as they are (their `measure_id` stays required). A plan's task is
drawn up with its plan's cycle when the plan is published, takes the plan's new troubleshootContent
when its checklist changes, and is retired with the plan. Each carries enterprise_id and plan_id."""

from __future__ import annotations

from datetime import date, datetime

from libs.events import DomainEvent
from services.inspection.domain.codes import CheckCycleUnit, PlanKind, WorkDayType, WorkType
from services.inspection.domain.wire import CheckCycle, WorkTime

P = "shuangkong.inspection."


class PlanTaskDrawnUp(DomainEvent):
    """排查任务 of a published plan, for one post it sends, scheduled with the plan's cycle."""

    TYPE = P + "PlanTaskDrawnUp"
    task_id: str
    enterprise_id: str
    plan_id: str
    kind: PlanKind  # the plan's kind: a hazard its checks find has it as dangerSrc
    troubleshoot_content: str
    post_id: str
    person_ids: list[str]  # the people the plan names on the post (none: whoever holds it)
    work_type: WorkType = WorkType.ROUTINE
    check_cycle: CheckCycle
    check_cycle_unit: CheckCycleUnit
    task_start_time: datetime
    work_start_time: WorkTime | None
    work_end_time: WorkTime | None
    work_day_type: WorkDayType
    published_at: datetime  # windows closed before it are not owed
    period_end: date | None = None  # the plan's last day: no window opens after it (None: open-ended)


class PlanTaskRevised(DomainEvent):
    """The plan's checklist changed: the task's troubleshootContent follows."""

    TYPE = P + "PlanTaskRevised"
    task_id: str
    enterprise_id: str
    plan_id: str
    troubleshoot_content: str


class PlanTaskRetired(DomainEvent):
    """The plan was retired: its task is withdrawn (its open occurrences stay, each with its clock)."""

    TYPE = P + "PlanTaskRetired"
    task_id: str
    enterprise_id: str
    plan_id: str


PLAN_TASK_EVENTS: list[type[DomainEvent]] = [PlanTaskDrawnUp, PlanTaskRevised, PlanTaskRetired]
