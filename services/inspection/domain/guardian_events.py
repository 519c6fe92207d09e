"""Events of a 包保 task (重大危险源安全包保): the task one of a 重大危险源's three 包保责任人 holds for
an item of the national list (workType 1–3, taskNum), beside a measure's and a plan's (new types:
their v1 schemas stay). Each carries every platform field of a task (GOV-INTERFACE.md entity 4),
workType and taskNum included, and the 重大危险源 (`object_id`).

A change of guardian in the registry hands the task over (GuardianTaskHandedOver) and, with it, each
of its open occurrences (OccurrenceHandedOver, on the occurrence's own stream)."""

from __future__ import annotations

from datetime import datetime

from libs.events import DomainEvent
from services.inspection.domain.codes import CheckCycleUnit, GuardianRetiredBecause, WorkDayType, WorkType
from services.inspection.domain.occurrence_events import OccurrenceFact
from services.inspection.domain.wire import CheckCycle, WorkTime

P = "shuangkong.inspection."


class GuardianDuty(DomainEvent):
    """What every 包保 task event carries (not an event itself: it has no TYPE)."""

    task_id: str
    enterprise_id: str
    object_id: str  # the 重大危险源 (the registry's risk object)
    work_type: WorkType  # 1 主要负责人 / 2 技术负责人 / 3 操作负责人
    task_num: int  # the item of the national 包保 list, within the role's range


class GuardianCycle(GuardianDuty):
    """…and the task's content and cycle, as the platforms name them."""

    troubleshoot_content: str
    check_cycle: CheckCycle
    check_cycle_unit: CheckCycleUnit
    task_start_time: datetime  # in Asia/Shanghai
    work_start_time: WorkTime | None
    work_end_time: WorkTime | None
    work_day_type: WorkDayType


class GuardianTaskDrawnUp(GuardianCycle):
    """包保任务 drawn up for the guardian the registry names for the role (or drawn up again after
    it was withdrawn: the same id, the same stream)."""

    TYPE = P + "GuardianTaskDrawnUp"
    person_id: str  # the guardian who holds it
    drawn_up_at: datetime  # windows closed before it are not owed


class GuardianTaskRevised(GuardianCycle):
    """The task's content or cycle changed (its catch-up starts again from the revision)."""

    TYPE = P + "GuardianTaskRevised"
    revised_at: datetime


class GuardianTaskHandedOver(GuardianDuty):
    """The registry named another guardian for the role: the task is theirs from now."""

    TYPE = P + "GuardianTaskHandedOver"
    from_person_id: str
    to_person_id: str


class GuardianTaskRetired(GuardianDuty):
    """Withdrawn by the enterprise, or the 重大危险源 retired (its open occurrences keep their clock)."""

    TYPE = P + "GuardianTaskRetired"
    reason: GuardianRetiredBecause


class OccurrenceHandedOver(OccurrenceFact):
    """An open occurrence of a 包保 task follows the task to its new guardian."""

    TYPE = P + "OccurrenceHandedOver"
    from_person_id: str
    to_person_id: str
    person_ids: list[str]  # the assignees now
    at: datetime


GUARDIAN_TASK_EVENTS: list[type[DomainEvent]] = [GuardianTaskDrawnUp, GuardianTaskRevised, GuardianTaskHandedOver,
                                                 GuardianTaskRetired]
