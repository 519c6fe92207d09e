"""Events of inspection plans (排查计划) and their checklists (检查表). Each carries enterprise_id.

A plan is drawn up as a draft, its checklist edited item by item, then published: PlanPublished
names the check task it yields for each post it sends (task ids are uuid5 of plan and post, so a
redelivered event makes no second task) with everything a task needs, checklist included; retired,
it names the tasks withdrawn."""

from __future__ import annotations

from datetime import date, datetime

from libs.events import DomainEvent
from services.inspection.domain.checklist import ChecklistItem
from services.inspection.domain.codes import PlanKind
from services.inspection.domain.plan_values import PlanAssignment, PlanCycle, PlanTask

P = "shuangkong.inspection."


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
