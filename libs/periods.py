"""The period a report covers (统计时段): whole days in Beijing time, first and last day included,
at most a year, by default the week ending today — the one reading every report of the house takes;
and the days and ISO weeks (Monday first) it touches, for a report grouped by day or by week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from libs.aggregate import DomainError
from libs.clock import CHINA_TIME

MAX_DAYS = 366  # a year, a leap one included: a report reads every fact of its period
DEFAULT_DAYS = 7


def week_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @classmethod
    def of(cls, first: date | None, last: date | None, today: date, *, first_field: str = "from",
           last_field: str = "to") -> Period:
        """The period asked for; without a last day, up to today; without a first, the week ending
        on the last day. A refusal names the query parameter at fault."""
        last = last or today
        first = first or last - timedelta(days=DEFAULT_DAYS - 1)
        if last < first:
            raise DomainError("截止日期不能早于起始日期", field=last_field)
        if (last - first).days + 1 > MAX_DAYS:
            raise DomainError(f"统计时段不能超过 {MAX_DAYS} 天", field=first_field)
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
