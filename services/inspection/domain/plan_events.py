"""Events of inspection plans (排查计划) and their checklists (检查表). Each carries enterprise_id.

A plan is drawn up as a draft, its checklist edited item by item, then published: PlanPublished
names the check task it yields for each post it sends (task ids are uuid5 of plan and post, so a
redelivered event makes no second task) with everything a task needs, checklist included; retired,
it names the tasks withdrawn."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema

from libs.events import DomainEvent
from services.inspection.domain.checklist import ChecklistItem
from services.inspection.domain.codes import CheckCycleUnit, PlanKind, WorkDayType
from services.inspection.domain.cycles import TaskCycle

P = "shuangkong.inspection."

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
    task_start_time: datetime  # naive: Shanghai wall time
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


class PlanDrawnUp(DomainEvent):
    """排查计划制定 (a draft)."""

    TYPE = P + "PlanDrawnUp"
    plan_id: str
    enterprise_id: str
    kind: PlanKind  # 1–8, the hazard's dangerSrc when a check of this plan finds one
    title: str
    period_start: date  # 计划期间
    period_end: date | None  # None: open-ended (a standing 日常 plan)
    cycle: PlanCycle
    assignments: list[PlanAssignment]
    items: list[ChecklistItem]


class PlanRevised(DomainEvent):
    """A draft's kind, title, period, cycle or posts changed (the checklist has its own events)."""

    TYPE = P + "PlanRevised"
    plan_id: str
    enterprise_id: str
    kind: PlanKind
    title: str
    period_start: date
    period_end: date | None
    cycle: PlanCycle
    assignments: list[PlanAssignment]


class ChecklistItemAdded(DomainEvent):
    """检查项添加."""

    TYPE = P + "ChecklistItemAdded"
    plan_id: str
    enterprise_id: str
    item: ChecklistItem
    troubleshoot_content: str | None  # a published plan's tasks' new troubleshootContent


class ChecklistItemRevised(DomainEvent):
    """An item rewritten whole, under its number."""

    TYPE = P + "ChecklistItemRevised"
    plan_id: str
    enterprise_id: str
    item: ChecklistItem
    troubleshoot_content: str | None  # a published plan's tasks' new troubleshootContent


class ChecklistItemRemoved(DomainEvent):
    """检查项删除 (its number is not given again)."""

    TYPE = P + "ChecklistItemRemoved"
    plan_id: str
    enterprise_id: str
    no: int
    troubleshoot_content: str | None  # a published plan's tasks' new troubleshootContent


class PlanPublished(DomainEvent):
    """排查计划发布: the plan yields its tasks, one per post, each with the plan's cycle and checklist."""

    TYPE = P + "PlanPublished"
    plan_id: str
    enterprise_id: str
    kind: PlanKind
    title: str
    period_start: date
    period_end: date | None
    cycle: PlanCycle
    published_at: datetime  # the tasks owe no window that had closed by then
    first_window_start: datetime  # the first window they owe (plan_windows.first_owed_window)
    troubleshoot_content: str  # each task's troubleshootContent (≤ 1000)
    items: list[ChecklistItem]
    tasks: list[PlanTask]


class PlanRetired(DomainEvent):
    """排查计划废止: its tasks (none for a draft) are withdrawn."""

    TYPE = P + "PlanRetired"
    plan_id: str
    enterprise_id: str
    reason: str
    task_ids: list[str]


PLAN_EVENTS: list[type[DomainEvent]] = [PlanDrawnUp, PlanRevised, ChecklistItemAdded, ChecklistItemRevised,
                                        ChecklistItemRemoved, PlanPublished, PlanRetired]
