"""Events of a 包保 task (重大危险源安全包保): the task one of a 重大危险源's three 包保责任人 holds for
an item of the national list (workType 1–3, taskNum), beside a measure's and a plan's (new types:
their v1 schemas stay). Each carries every platform field of a task (GOV-INTERFACE.md entity 4),
workType and taskNum included, and the 重大危险源 (`object_id`).

A change of guardian in the registry hands the task over (GuardianTaskHandedOver) and, with it, each
of its open occurrences (OccurrenceHandedOver, on the occurrence's own stream).

The 重大危险源's roster (domain/guardian_roster.py, one stream per object) records who the registry
names, each draw-up and each catch-up's issuing: their appends meet on its stream, so the store's
version check orders a hand-over against them (decision 47)."""

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


class RosterFact(DomainEvent):
    """What every roster event carries (not an event itself: it has no TYPE)."""

    object_id: str
    enterprise_id: str


class GuardiansRostered(RosterFact):
    """The roster knows these 包保责任人 from now: the registry named them (MajorHazardGuardiansAssigned,
    through the reactor), or — the first time a draw-up asks, before any assignment reached the
    reactor — the replica had them. Recorded again with the same people when a reaction moved tasks
    or occurrences anyway (`handed_over`), so a catch-up racing it loses and retries."""

    TYPE = P + "GuardiansRostered"
    principal_id: str | None
    technical_id: str | None
    operations_id: str | None
    handed_over: list[str]  # the ids of the tasks and occurrences the reaction moved with it


class GuardianTaskRostered(RosterFact):
    """A 包保 task drawn up for the roster's guardian of its role."""

    TYPE = P + "GuardianTaskRostered"
    task_id: str
    work_type: WorkType
    task_num: int
    person_id: str


class GuardianOccurrencesRostered(RosterFact):
    """A catch-up issued occurrences of a 包保 task to `person_id` (the roster's holder when it decided)."""

    TYPE = P + "GuardianOccurrencesRostered"
    task_id: str
    person_id: str
    occurrence_ids: list[str]


class GuardianRosterRetired(RosterFact):
    """The 重大危险源 was retired in the registry: nothing more is drawn up for it."""

    TYPE = P + "GuardianRosterRetired"


ROSTER_EVENTS: list[type[DomainEvent]] = [GuardiansRostered, GuardianTaskRostered, GuardianOccurrencesRostered,
                                          GuardianRosterRetired]

GUARDIAN_TASK_EVENTS: list[type[DomainEvent]] = [GuardianTaskDrawnUp, GuardianTaskRevised, GuardianTaskHandedOver,
                                                 GuardianTaskRetired]
