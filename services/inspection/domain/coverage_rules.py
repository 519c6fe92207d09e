"""The lowest check frequency per control level (管控层级) the coverage report holds tasks to
(DOMAIN.md §9: 排查频次满足生产需要), an enterprise's own or the defaults of common practice:
公司级 每月, 部门(车间)级 每周, 班组级 每天, 岗位级 每班 (8 小时).

A task is too rare when the span between two of its checks is longer than its level's rule allows.
Spans are compared on the longest a unit can be (a month 31 days, a year 366), so a task checked
"every month" meets a rule of "every 31 days" and one of "every month"."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from libs.aggregate import DomainError
from libs.labelled_enum import Labelled
from services.inspection.domain.codes import CheckCycleUnit
from services.inspection.domain.rules import checked_cycle, checked_unit


class ControlLevel(Labelled, StrEnum):
    """管控层级, as the registry codes it (a risk's control level follows its grade)."""

    COMPANY = "company"
    DEPARTMENT = "department"
    TEAM = "team"
    POST = "post"

    @property
    def label(self) -> str:
        return CONTROL_LEVEL_LABELS[self]


CONTROL_LEVEL_LABELS = {ControlLevel.COMPANY: "公司级", ControlLevel.DEPARTMENT: "部门级",
                        ControlLevel.TEAM: "班组级", ControlLevel.POST: "岗位级"}
HOURS = {CheckCycleUnit.HOUR: 1, CheckCycleUnit.DAY: 24, CheckCycleUnit.MONTH: 31 * 24, CheckCycleUnit.YEAR: 366 * 24}


def span_hours(cycle: Decimal, unit: CheckCycleUnit) -> Decimal:
    """The longest span between two checks of a cycle, in hours."""
    return cycle * HOURS[unit]


@dataclass(frozen=True)
class FrequencyRule:
    """At least one check every `cycle` `unit` for the tasks of a control level."""

    level: ControlLevel
    cycle: Decimal
    unit: CheckCycleUnit

    @classmethod
    def of(cls, level: ControlLevel, cycle: object, unit: object, at: str = "") -> FrequencyRule:
        """A rule from what an admin typed, each part checked as a task's cycle is (field `at`…)."""
        try:
            checked = checked_unit(unit)
            return cls(level, checked_cycle(cycle, checked), checked)
        except DomainError as refused:
            raise DomainError(refused.message, field=at + (refused.field or "")) from None

    @property
    def text(self) -> str:
        return f"{self.level.label}至少每 {_plain(self.cycle)} {self.unit.value}排查一次"

    def too_rare(self, cycle: Decimal, unit: CheckCycleUnit) -> bool:
        return span_hours(cycle, unit) > span_hours(self.cycle, self.unit)


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


DEFAULT_RULES = {rule.level: rule for rule in (
    FrequencyRule(ControlLevel.COMPANY, Decimal(1), CheckCycleUnit.MONTH),
    FrequencyRule(ControlLevel.DEPARTMENT, Decimal(7), CheckCycleUnit.DAY),
    FrequencyRule(ControlLevel.TEAM, Decimal(1), CheckCycleUnit.DAY),
    FrequencyRule(ControlLevel.POST, Decimal(8), CheckCycleUnit.HOUR),
)}


def cycle_text(cycle: Decimal, unit: CheckCycleUnit) -> str:
    return f"每 {_plain(cycle)} {unit.value}"
