"""What a plan's events carry besides plain fields: its cycle in the check task's wire forms, the
posts it sends, and the tasks it yields. Frozen values, no rules (plan_rules.py checks them)."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema

from services.inspection.domain.codes import CheckCycleUnit, WorkDayType
from services.inspection.domain.cycles import TaskCycle

# The check task's wire forms (the task events write them so too; one definition at merge):
# checkCycle, decimal(4,2) on the platforms, exact here and a JSON number on the wire (two decimals
# at most, so the shortest float text is the decimal itself); workStartTime/workEndTime as the
# platforms write a time of day, H:mm:ss with no offset (JSON Schema's `format: time` demands one).
CheckCycle = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json"),
                       WithJsonSchema({"type": "number", "exclusiveMinimum": 0})]


def _time_of_day(value: object) -> object:
    if isinstance(value, str) and value.count(":") == 2:
        hour, minute, second = value.split(":")
        return time(int(hour), int(minute), int(second))
    return value


WorkTime = Annotated[time, BeforeValidator(_time_of_day),
                     PlainSerializer(lambda t: f"{t.hour}:{t.minute:02}:{t.second:02}", return_type=str,
                                     when_used="json"),
                     WithJsonSchema({"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d:[0-5]\d$"})]


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
