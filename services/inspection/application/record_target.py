"""What a check record is held to, found from its occurrence and the occurrence's task: the window,
the checklist, the kind of plan (dangerSrc) and the measure a hazard it finds is traced to.

A control measure's task has no plan and so no checklist of its own: its checklist is one item, the
measure's inspection content (troubleshootContent), numbered "1" — the item a phone answers. A plan's
task will bring its plan's checklist (items and safe ranges) through the same port."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from services.inspection.domain.codes import PlanKind, WorkType
from services.inspection.domain.occurrence import Occurrence
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


async def target_of(occurrence: Occurrence, task: CheckTask, checklists: Checklists) -> RecordTarget:
    return RecordTarget(enterprise_id=occurrence.enterprise_id, task_id=task.id, occurrence_id=occurrence.id,
                        window=occurrence.window, checklist=await checklists.of(task),
                        source=PlanKind.ROUTINE,  # a measure's task is 日常排查
                        measure_id=task.measure_id or None, is_defend=task.work_type is not WorkType.ROUTINE)
