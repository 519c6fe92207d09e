"""What one natural week of one enterprise was, as counts (运行效果的周事实): the input of the score
(effectiveness.py). A projection fills it from inspection's and hazard's events; this module only
says what each count is and which events feed it, so the score is a pure function of it.

The week is a natural week: Monday 00:00 to the next Monday 00:00 in Beijing. An occurrence
belongs to the week its window ends in (when it was owed); a hazard is due in the week its
deadline in force ends in (00:00 Beijing after the deadline day). Counts are per department — the
department of the occurrence's post, of the hazard's grading (or where it was found) — and the
enterprise's are their sums.

Tasks (inspection, occurrence_events.py), per occurrence whose window ends in the week:
- `planned`: OccurrenceIssued, and OccurrenceMissed with `never_issued` (owed though the service was
  down when it should have been issued).
- `completed`: a real check made inside the window — OccurrenceCompleted with status ≠ 2 未排查, or
  OccurrenceCheckedAfterMissed with `on_time` and status ≠ 2 (decision 40: made in time, received
  late). A check made after the window is not completed here: the week's duty was not done in it.
- `missed`: OccurrenceMissed (超期未排查), unless a record made in time came afterwards (then it is
  completed: completed + missed never exceeds planned).
- 包保 (guardian) counts are the same three over the occurrences of 包保 tasks, per workType 1–3
  (GuardianTaskDrawnUp / CheckTaskDrawnUp `work_type`, by the occurrence's `task_id`).

Hazards (hazard, events.py), voided ones (HazardVoided) never counted:
- `found`: HazardReported whose `reported_at` is in the week.
- `due`: 限期整改 hazards whose deadline in force (HazardGraded `deadline`, moved only by
  ExtensionApproved `new_deadline`) ends in the week, and 即查即改 ones fixed in it
  (HazardFixedOnTheSpot `fixed_at`).
- `accepted`: of those due, the ones closed by the week's end (HazardAccepted `accepted_at`, or fixed
  on the spot).
- `overdue_open`: hazards overdue (RectificationOverdue, for the deadline in force) and neither
  accepted nor voided at the week's end, whichever week they fell due in.
- `major_overdue_open`: the 重大 (level 1) among `overdue_open`.
- `major_without_five`: 重大 hazards open at the week's end whose plan date passed
  (GovernancePlanOverdue) and whose five are still not all in place (the last GovernancePlanSet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import IntEnum

from libs.aggregate import DomainError
from libs.clock import CHINA_TIME
from libs.labelled_enum import Labelled
from libs.periods import Period


class GuardianRole(Labelled, IntEnum):
    """The 包保责任人 whose task an occurrence is: workType 1–3 (inspection's own codes)."""

    PRINCIPAL = 1  # 主要负责人
    TECHNICAL = 2  # 技术负责人
    OPERATIONAL = 3  # 操作负责人

    @property
    def label(self) -> str:
        return {1: "主要负责人", 2: "技术负责人", 3: "操作负责人"}[self.value]


@dataclass(frozen=True)
class NaturalWeek:
    """自然周: Monday 00:00 Beijing to the next Monday 00:00 (excluded)."""

    monday: date

    def __post_init__(self) -> None:
        if self.monday.weekday() != 0:
            raise DomainError("统计周须从星期一开始", field="week")

    @classmethod
    def containing(cls, at: datetime) -> NaturalWeek:
        day = at.astimezone(CHINA_TIME).date()
        return cls(day - timedelta(days=day.weekday()))

    @property
    def previous(self) -> NaturalWeek:
        """The week a score computed in this one is about (上周)."""
        return NaturalWeek(self.monday - timedelta(days=7))

    @property
    def period(self) -> Period:
        return Period(self.monday, self.monday + timedelta(days=6))


@dataclass(frozen=True)
class TaskCounts:
    planned: int = 0
    completed: int = 0
    missed: int = 0

    def __post_init__(self) -> None:
        if min(self.planned, self.completed, self.missed) < 0:
            raise DomainError("任务数不能为负", field="tasks")
        if self.completed + self.missed > self.planned:
            raise DomainError("已完成与超期未排查之和不能多于应排查数", field="tasks")

    @property
    def not_done(self) -> int:
        """Owed and not checked in its window: missed, closed as 未排查, or checked too late."""
        return self.planned - self.completed

    def __add__(self, other: TaskCounts) -> TaskCounts:
        return TaskCounts(self.planned + other.planned, self.completed + other.completed, self.missed + other.missed)


@dataclass(frozen=True)
class HazardCounts:
    found: int = 0
    due: int = 0
    accepted: int = 0
    overdue_open: int = 0
    major_overdue_open: int = 0
    major_without_five: int = 0

    def __post_init__(self) -> None:
        if min(self.found, self.due, self.accepted, self.overdue_open, self.major_overdue_open,
               self.major_without_five) < 0:
            raise DomainError("隐患数不能为负", field="hazards")
        if self.accepted > self.due:
            raise DomainError("已验收数不能多于应整改数", field="hazards")
        if self.major_overdue_open > self.overdue_open:
            raise DomainError("超期未整改的重大隐患数不能多于超期未整改隐患数", field="hazards")

    def __add__(self, other: HazardCounts) -> HazardCounts:
        return HazardCounts(self.found + other.found, self.due + other.due, self.accepted + other.accepted,
                            self.overdue_open + other.overdue_open,
                            self.major_overdue_open + other.major_overdue_open,
                            self.major_without_five + other.major_without_five)


@dataclass(frozen=True)
class DepartmentWeek:
    """One department's week (department_id None: posts under no department, hazards with none)."""

    department_id: str | None
    tasks: TaskCounts = TaskCounts()
    guardian: dict[GuardianRole, TaskCounts] = field(default_factory=dict)  # 包保 occurrences, within `tasks`
    hazards: HazardCounts = HazardCounts()

    def __post_init__(self) -> None:
        total = sum(self.guardian.values(), TaskCounts())
        if total.planned > self.tasks.planned or total.completed > self.tasks.completed:
            raise DomainError("包保任务是排查任务的一部分，不能多于排查任务", field="guardian")


@dataclass(frozen=True)
class WeekFacts:
    enterprise_id: str
    week: NaturalWeek
    departments: tuple[DepartmentWeek, ...] = ()

    def __post_init__(self) -> None:
        ids = [d.department_id for d in self.departments]
        if len(ids) != len(set(ids)):
            raise DomainError("同一部门在一周的事实中只能出现一次", field="departments")

    @property
    def tasks(self) -> TaskCounts:
        return sum((d.tasks for d in self.departments), TaskCounts())

    @property
    def hazards(self) -> HazardCounts:
        return sum((d.hazards for d in self.departments), HazardCounts())

    def guardian(self, role: GuardianRole) -> TaskCounts:
        return sum((d.guardian.get(role, TaskCounts()) for d in self.departments), TaskCounts())
