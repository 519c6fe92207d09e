"""Events of inspection (隐患排查) and the service's one registry.

A check task's events carry every field the government platforms ask of a task (GOV-INTERFACE.md
entity 4), null until known: `measure_id` is riskMeasureId, `troubleshoot_content`,
`check_cycle`/`check_cycle_unit`, `task_start_time`, `work_start_time`/`work_end_time` (H:mm:ss),
`work_day_type`, `work_type` and `task_num`. A task drawn up from a control measure is a 日常 task
(work_type 0, no task_num) with no cycle yet."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from libs.events import DomainEvent, EventRegistry
from services.inspection.domain.calendar_events import CALENDAR_EVENTS
from services.inspection.domain.codes import CheckCycleUnit, TaskRetiredBecause, WorkDayType, WorkType
from services.inspection.domain.occurrence_events import OCCURRENCE_EVENTS
from services.inspection.domain.plan_events import PLAN_EVENTS
from services.inspection.domain.record_events import RECORD_EVENTS

P = "shuangkong.inspection."

# checkCycle is decimal(4,2) on the platforms: kept exact as a Decimal, written as a JSON number
# (two decimals at most, so the shortest float text is the decimal itself).
CheckCycle = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json"),
                       WithJsonSchema({"type": "number", "exclusiveMinimum": 0})]



def _time_of_day(value: object) -> object:
    if isinstance(value, str) and value.count(":") == 2:
        hour, minute, second = value.split(":")
        return time(int(hour), int(minute), int(second))
    return value


# workStartTime/workEndTime as the platforms write a time of day, H:mm:ss, with no offset (JSON
# Schema's `format: time` would demand one): Shanghai wall time, like every time of this service.
WorkTime = Annotated[time, BeforeValidator(_time_of_day),
                     PlainSerializer(lambda t: f"{t.hour}:{t.minute:02}:{t.second:02}", return_type=str,
                                     when_used="json"),
                     WithJsonSchema({"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d:[0-5]\d$"})]


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
                                        CheckTaskReinstated]

# Plans, occurrences and records keep their events beside their aggregates; one registry has all.
registry = EventRegistry().register_all([*TASK_EVENTS, *PLAN_EVENTS, *OCCURRENCE_EVENTS, *RECORD_EVENTS,
                                          *CALENDAR_EVENTS])
