"""When a hazard's rectification falls 临期 and 超期未整改 (pure).

A deadline is a date (dangerManageDeadline): the work is due by the end of that day in Beijing, so
it is overdue from 00:00 of the next. It is imminent for the last `fraction` of the time between
grading and that moment, but never for less than `at_least` (default 20 %, one day) and never
before it was graded — a hazard graded today for tomorrow is imminent at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from libs.aggregate import DomainError
from libs.clock import CHINA_TIME


def overdue_at(deadline: date) -> datetime:
    """The first instant past the deadline: 00:00 in Beijing of the day after."""
    return datetime.combine(deadline + timedelta(days=1), time(), CHINA_TIME)


@dataclass(frozen=True)
class ImminencePolicy:
    fraction: Decimal = Decimal("0.2")
    at_least: timedelta = timedelta(days=1)

    def __post_init__(self) -> None:
        if not Decimal(0) < self.fraction < Decimal(1):
            raise DomainError("临期比例须大于 0 且小于 1", field="imminent_fraction")
        if self.at_least < timedelta(0):
            raise DomainError("临期最短提前时间不能为负", field="imminent_at_least")

    def imminent_at(self, started: datetime, deadline: date) -> datetime:
        due = overdue_at(deadline)
        span = max(due - started, timedelta(0))
        ahead = max(span * float(self.fraction), self.at_least)
        return max(due - ahead, min(started, due))
