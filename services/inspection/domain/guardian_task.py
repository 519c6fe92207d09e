"""The 包保 side of the check task (domain/task.py): the task one of a 重大危险源's three 包保责任人
holds for an item of the national 包保 list (workType 1–3, taskNum within the role's range).

Its id is the object's, the role's and the item's (`guardian_task_id`), so a retry or a second
officer drawing up the same item reaches the same stream: the same task again changes nothing, a
different one is refused (409). Its holder is the guardian the registry names for the role; when
the registry names another, the task is handed over (the reactor: application/guardian_handover.py).
It is retired when withdrawn or when its 重大危险源 is retired; a withdrawn one may be drawn up again."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from libs.aggregate import DomainConflict, DomainError
from services.inspection.domain import guardian_events as ev
from services.inspection.domain.codes import WORK_TYPE_LABELS, GuardianRetiredBecause, RetiredBecause, WorkType
from services.inspection.domain.cycles import TaskCycle
from services.inspection.domain.plan_task import PlanTaskSide
from services.inspection.domain.rules import checked_duty, checked_start_moment

GUARDIAN = "guardian"  # origin of a 包保 task, as the read model says it
# Fixed for ever: a 包保 task's id is derived from it (never change it, or every task gets a new id).
GUARDIAN_TASKS = uuid.uuid5(uuid.NAMESPACE_URL, "https://shuangkong/inspection/check-task/of-guardian")
ROLES = (WorkType.PRINCIPAL, WorkType.TECHNICAL, WorkType.OPERATIONAL)


def guardian_task_id(object_id: str, work_type: WorkType, task_num: int) -> str:
    return str(uuid.uuid5(GUARDIAN_TASKS, f"{object_id}\n{int(work_type)}\n{task_num}"))


def every_task_id(object_id: str) -> dict[str, WorkType]:
    """Every id a 包保 task of the object can have (28: the national list), with its role."""
    nums = {role: role.task_nums or range(0) for role in ROLES}
    return {guardian_task_id(object_id, role, n): role for role in ROLES for n in nums[role]}


@dataclass(frozen=True)
class Duty:
    """Which item of the national 包保 list, for which role, of which 重大危险源."""

    object_id: str
    work_type: WorkType
    task_num: int

    @classmethod
    def of(cls, object_id: str, work_type: Any, task_num: Any) -> Duty:
        """workType 1–3 (0 日常 is no 包保 task) and taskNum within the role's range (DomainError naming it)."""
        if isinstance(work_type, bool) or work_type not in {int(r) for r in ROLES}:
            shown = "、".join(f"{int(r)}（{WORK_TYPE_LABELS[r]}）" for r in ROLES)
            raise DomainError(f"包保任务的任务类型须为以下取值之一: {shown}", field="work_type")
        role, num = checked_duty(work_type, task_num)
        assert num is not None
        return cls(object_id, role, num)

    @property
    def task_id(self) -> str:
        return guardian_task_id(self.object_id, self.work_type, self.task_num)

    @property
    def named(self) -> str:
        return f"{self.work_type.label}第{self.task_num}项包保任务"


@dataclass(frozen=True)
class Guardians:
    """The three 包保责任人 of a 重大危险源 as the registry last named them (MajorHazardGuardiansAssigned)."""

    object_id: str
    enterprise_id: str
    principal_id: str | None
    technical_id: str | None
    operations_id: str | None
    retired: bool = False  # the risk object was retired

    @classmethod
    def of(cls, data: dict[str, Any]) -> Guardians:
        return cls(data["object_id"], data["enterprise_id"], data.get("principal_id"), data.get("technical_id"),
                   data.get("operations_id"), bool(data.get("retired", False)))

    def of_role(self, role: WorkType) -> str | None:
        return {WorkType.PRINCIPAL: self.principal_id, WorkType.TECHNICAL: self.technical_id,
                WorkType.OPERATIONAL: self.operations_id}.get(role)


class GuardianTaskSide(PlanTaskSide):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.object_id = ""
        self.task_num: int | None = None

    @property
    def holder(self) -> str:
        return self.person_ids[0] if self.person_ids else ""

    def _duty(self) -> dict[str, Any]:
        return {"task_id": self.id, "enterprise_id": self.enterprise_id, "object_id": self.object_id,
                "work_type": self.work_type, "task_num": self.task_num}

    def draw_up_for_guardian(self, enterprise_id: str, duty: Duty, holder: str, content: str, cycle: TaskCycle,
                             at: datetime) -> None:
        """A new 包保 task held by `holder`; the same task again (a retry) changes nothing, another
        one for the same item is refused. A withdrawn one is drawn up anew."""
        cycle = _checked(cycle)
        if not self.is_new and self.retired is None:
            if (content, cycle) == (self.content, self.cycle):
                return
            raise DomainConflict(f"该重大危险源的{duty.named}已存在，请修改原任务", field="task_num",
                                 code="guardian_task_exists")
        if self.retired is RetiredBecause.OBJECT_RETIRED:
            raise DomainConflict("该重大危险源已停用，不能制定包保任务", field="object_id", code="object_retired")
        self._record(ev.GuardianTaskDrawnUp(
            task_id=self.id, enterprise_id=enterprise_id, object_id=duty.object_id, work_type=duty.work_type,
            task_num=duty.task_num, person_id=holder, drawn_up_at=at, **_cycle_fields(content, cycle)))

    def revise_guardian_task(self, content: str, cycle: TaskCycle, at: datetime) -> None:
        """New content or cycle (its catch-up starts again from now); the same again changes nothing."""
        if self.retired is not None:
            raise DomainConflict(f"包保任务已停用（{self.retired.label}），不能修改", field="task_id")
        cycle = _checked(cycle)
        if (content, cycle) != (self.content, self.cycle):
            self._record(ev.GuardianTaskRevised(**self._duty(), revised_at=at, **_cycle_fields(content, cycle)))

    def hand_over_to(self, person_id: str | None) -> None:
        """The registry names `person_id` for the task's role: theirs from now. The holder already
        (a redelivery), no one named, or a retired task: nothing."""
        if self.origin != GUARDIAN or self.retired is not None or not person_id or person_id == self.holder:
            return
        self._record(ev.GuardianTaskHandedOver(**self._duty(), from_person_id=self.holder, to_person_id=person_id))

    def retire_guardian_task(self, reason: GuardianRetiredBecause) -> None:
        if self.origin == GUARDIAN and self.retired is None:
            self._record(ev.GuardianTaskRetired(**self._duty(), reason=reason))

    def when_GuardianTaskDrawnUp(self, e: ev.GuardianTaskDrawnUp) -> None:
        self.enterprise_id, self.origin, self.object_id = e.enterprise_id, GUARDIAN, e.object_id
        self.work_type, self.task_num, self.person_ids, self.post_id = e.work_type, e.task_num, [e.person_id], ""
        self._take(e)
        self.retired = None

    def when_GuardianTaskRevised(self, e: ev.GuardianTaskRevised) -> None:
        self._take(e)

    def when_GuardianTaskHandedOver(self, e: ev.GuardianTaskHandedOver) -> None:
        self.person_ids = [e.to_person_id]

    def when_GuardianTaskRetired(self, e: ev.GuardianTaskRetired) -> None:
        self.retired = RetiredBecause(e.reason.value)

    def _take(self, e: ev.GuardianCycle) -> None:
        self.content = e.troubleshoot_content
        self.cycle = TaskCycle(e.check_cycle, e.check_cycle_unit, e.task_start_time, e.work_day_type,
                               e.work_start_time, e.work_end_time)


def _checked(cycle: TaskCycle) -> TaskCycle:
    return TaskCycle(cycle.every, cycle.unit, checked_start_moment(cycle.start), cycle.work_day_type,
                     cycle.work_start, cycle.work_end)


def _cycle_fields(content: str, cycle: TaskCycle) -> dict[str, Any]:
    return {"troubleshoot_content": content, "check_cycle": cycle.every, "check_cycle_unit": cycle.unit,
            "task_start_time": cycle.start, "work_start_time": cycle.work_start, "work_end_time": cycle.work_end,
            "work_day_type": cycle.work_day_type}
