"""What a check record is held to, found from its occurrence and the occurrence's task: the window,
the checklist, the kind of plan (dangerSrc) and the measure a hazard it finds is traced to.

A control measure's task has no plan and so no checklist of its own: its checklist is one item, the
measure's inspection content (troubleshootContent), numbered "1" — the item a phone answers. A plan's
task is held to its plan's checklist as it stands now (`PlanChecklists`): item ids are the items'
numbers ("1", "2" …, never reused), a key-parameter item keeps its safe range, its bounds the
decimals of what was written (decision 39), so a reading outside them makes the item abnormal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from libs.repository import Repository
from services.inspection.domain import checklist as plan_checklist
from services.inspection.domain.codes import WorkType
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.plan import Plan
from services.inspection.domain.plan_task import PLAN
from services.inspection.domain.record import RecordTarget
from services.inspection.domain.record_items import ChecklistItem
from services.inspection.domain.task import CheckTask

MEASURE_ITEM = "1"  # the one item of a measure's task


class Checklists(Protocol):
    """The checklist a task's records are held to (item id → item)."""

    async def of(self, task: CheckTask) -> Mapping[str, ChecklistItem]: ...


class MeasureChecklists:
    """A measure's task: one item, what the measure says to check."""

    async def of(self, task: CheckTask) -> Mapping[str, ChecklistItem]:
        return {MEASURE_ITEM: ChecklistItem(MEASURE_ITEM, task.content)}


class PlanChecklists:
    """A plan's task: its plan's checklist now; a measure's task: its one item."""

    def __init__(self, plans: Repository[Plan], measures: Checklists | None = None) -> None:
        self._plans, self._measures = plans, measures or MeasureChecklists()

    async def of(self, task: CheckTask) -> Mapping[str, ChecklistItem]:
        if task.origin != PLAN:
            return await self._measures.of(task)
        plan = await self._plans.get(task.plan_id, "排查计划")
        return {str(item.no): record_item(item) for item in plan.checklist}


def record_item(item: plan_checklist.ChecklistItem) -> ChecklistItem:
    """A plan's item as a record is held to it: what to check (a found hazard's description starts
    from it), its safe range (the one domain type, domain/safe_range.py) and the control measure it
    verifies (the hazard's riskMeasureId)."""
    return ChecklistItem(str(item.no), f"{item.item}：{item.content}", item.safe_range, measure_id=item.measure_id)


async def target_of(occurrence: Occurrence, task: CheckTask, checklists: Checklists) -> RecordTarget:
    return RecordTarget(enterprise_id=occurrence.enterprise_id, task_id=task.id, occurrence_id=occurrence.id,
                        window=occurrence.window, checklist=await checklists.of(task),
                        source=task.kind,  # a measure's task is 日常排查; a plan's, its plan's kind
                        measure_id=task.measure_id or None, is_defend=task.work_type is not WorkType.ROUTINE)
