"""The period a report covers (统计时段): whole days in Beijing time, first and last day included,
and the groups a by-day or by-week report lists (every day, or the Monday of every week it
touches, even those with nothing issued, so a chart has no holes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from libs.aggregate import DomainError
from libs.clock import CHINA_TIME
from libs.labelled_enum import Labelled
from services.inspection.domain.codes import WorkType

MAX_DAYS = 366  # a year, a leap one included: a report reads every occurrence of its period
DEFAULT_DAYS = 7


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


def week_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @classmethod
    def of(cls, first: date | None, last: date | None, today: date) -> Period:
        """The period asked for; without a last day, up to today; without a first, the week
        ending on the last day."""
        last = last or today
        first = first or last - timedelta(days=DEFAULT_DAYS - 1)
        if last < first:
            raise DomainError("截止日期不能早于起始日期", field="to")
        if (last - first).days + 1 > MAX_DAYS:
            raise DomainError(f"统计时段不能超过 {MAX_DAYS} 天", field="from")
        return cls(first, last)

    @property
    def start(self) -> datetime:
        """The first day's midnight in Beijing time (included)."""
        return datetime.combine(self.first, time(), CHINA_TIME)

    @property
    def end(self) -> datetime:
        """The midnight after the last day (excluded)."""
        return datetime.combine(self.last + timedelta(days=1), time(), CHINA_TIME)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def weeks(self) -> list[date]:
        """The Mondays of the weeks the period touches; an edge week counts only its days inside."""
        return list(dict.fromkeys(week_of(day) for day in self.days()))

    def groups(self, by: RatesBy) -> list[date] | list[WorkType]:
        """The groups listed even when empty that the period knows: every day or week, every workType;
        the departments are the directory's to list, and posts only those issued something."""
        if by is RatesBy.ROLE:
            return list(WorkType)
        return self.days() if by is RatesBy.DAY else self.weeks() if by is RatesBy.WEEK else []
