"""Events of inspection plans (排查计划) and their checklists (检查表). Each carries enterprise_id.

A plan is drawn up as a draft, its checklist edited item by item, then published: PlanPublished
names the check task it yields for each post it sends (task ids are uuid5 of plan and post, so a
redelivered event makes no second task) with everything a task needs, checklist included; retired,
it names the tasks withdrawn. The fields they share are stated once, in private bases (`PlanFact`,
`PlanHeaderFact`, `ChecklistItemWritten`), in the order the published schemas have them."""

from __future__ import annotations

from datetime import date, datetime

from libs.events import DomainEvent
from services.inspection.domain.checklist import ChecklistItem
from services.inspection.domain.codes import PlanKind
from services.inspection.domain.plan_values import PlanAssignment, PlanCycle, PlanTask

P = "shuangkong.inspection."


class PlanFact(DomainEvent):
    """What every plan event carries first: the plan and its enterprise (no event of its own)."""

    plan_id: str
    enterprise_id: str


class PlanHeaderFact(PlanFact):
    """A plan's header as an event states it whole (drawn up, revised, published)."""

    kind: PlanKind  # 1–8, the hazard's dangerSrc when a check of this plan finds one
    title: str
    period_start: date  # 计划期间
    period_end: date | None  # None: open-ended (a standing 日常 plan)
    cycle: PlanCycle


class ChecklistChange(PlanFact):
    """A change of the checklist, item by item; a published plan's tasks take the new
    troubleshootContent it carries (None for a draft's)."""


class ChecklistItemWritten(ChecklistChange):
    """An item as written now, whole."""

    item: ChecklistItem
    troubleshoot_content: str | None  # a published plan's tasks' new troubleshootContent


class PlanDrawnUp(PlanHeaderFact):
    """排查计划制定 (a draft)."""

    TYPE = P + "PlanDrawnUp"
    assignments: list[PlanAssignment]
    items: list[ChecklistItem]


class PlanRevised(PlanHeaderFact):
    """A draft's kind, title, period, cycle or posts changed (the checklist has its own events)."""

    TYPE = P + "PlanRevised"
    assignments: list[PlanAssignment]


class ChecklistItemAdded(ChecklistItemWritten):
    """检查项添加."""

    TYPE = P + "ChecklistItemAdded"


class ChecklistItemRevised(ChecklistItemWritten):
    """An item rewritten whole, under its number."""

    TYPE = P + "ChecklistItemRevised"


class ChecklistItemRemoved(ChecklistChange):
    """检查项删除 (its number is not given again)."""

    TYPE = P + "ChecklistItemRemoved"
    no: int
    troubleshoot_content: str | None  # a published plan's tasks' new troubleshootContent


class PlanPublished(PlanHeaderFact):
    """排查计划发布: the plan yields its tasks, one per post, each with the plan's cycle and checklist."""

    TYPE = P + "PlanPublished"
    published_at: datetime  # the tasks owe no window that had closed by then
    first_window_start: datetime  # the first window they owe (plan_windows.first_owed_window)
    troubleshoot_content: str  # each task's troubleshootContent (≤ 1000)
    items: list[ChecklistItem]
    tasks: list[PlanTask]


class PlanRetired(PlanFact):
    """排查计划废止: its tasks (none for a draft) are withdrawn."""

    TYPE = P + "PlanRetired"
    reason: str
    task_ids: list[str]


PLAN_EVENTS: list[type[DomainEvent]] = [PlanDrawnUp, PlanRevised, ChecklistItemAdded, ChecklistItemRevised,
                                        ChecklistItemRemoved, PlanPublished, PlanRetired]
