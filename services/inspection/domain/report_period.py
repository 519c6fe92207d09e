"""How a rates report groups, and the groups it lists for its period (libs/periods.Period, 统计时段):
every day, or the Monday of every week it touches, even those with nothing issued, so a chart has
no holes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from libs.labelled_enum import Labelled
from libs.periods import Period
from services.inspection.domain.codes import WorkType


class RatesBy(Labelled, StrEnum):
    """How the rates are grouped."""

    POST = "post"
    DEPARTMENT = "department"  # a post's department (the nearest above it in the org tree)
    ROLE = "role"  # the task's workType: 日常, or the 包保 role whose task it is
    DAY = "day"
    WEEK = "week"  # ISO weeks, Monday first

    @property
    def label(self) -> str:
        return RATES_BY_LABELS[self]


RATES_BY_LABELS = {RatesBy.POST: "按岗位", RatesBy.DEPARTMENT: "按部门", RatesBy.ROLE: "按包保角色",
                   RatesBy.DAY: "按日", RatesBy.WEEK: "按周"}


def listed_groups(period: Period, by: RatesBy) -> list[date] | list[WorkType]:
    """The groups listed even when empty that the period knows: every day or week, every workType;
    the departments are the directory's to list, and posts only those issued something."""
    if by is RatesBy.ROLE:
        return list(WorkType)
    return period.days() if by is RatesBy.DAY else period.weeks() if by is RatesBy.WEEK else []
