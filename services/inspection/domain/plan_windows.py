"""The windows of a plan's tasks: its cycle's (cycles.py), within its period, from its publication.

A window opening on the period's last day is kept whole, however far it runs; none opens after that
day (Asia/Shanghai), not even the rest of a night shift begun on it — the plan ends with its last
day. A plan owes no window that had closed before it was published (a draft left lying for a month
is not a month of 超期未排查): its first is the one open at publication, or the next."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.cycles import SHANGHAI, Window, windows
from services.inspection.domain.plan_values import PlanCycle

DAY = timedelta(days=1)


def period_closes_at(period_end: date | None) -> datetime | None:
    """The instant after which no window of the plan opens: midnight ending its last day, Shanghai
    time; None for an open-ended plan."""
    if period_end is None:
        return None
    return datetime.combine(period_end + DAY, time(), SHANGHAI)


def plan_windows(cycle: PlanCycle, period_end: date | None, from_: datetime, to: datetime,
                 calendar: WorkingCalendar) -> Iterator[Window]:
    """The windows of the plan's tasks that open in [from_, to), in order, generated lazily."""
    closes = period_closes_at(period_end)
    return windows(cycle.task_cycle(), from_, to if closes is None else min(to, closes), calendar)


def first_owed_window(cycle: PlanCycle, period_end: date | None, published_at: datetime,
                      calendar: WorkingCalendar) -> Window | None:
    """The first window a plan published at `published_at` owes: the one still open then, or the
    next to open within the period; None when the period holds no more (a working-days check
    planned inside a holiday)."""
    task = cycle.task_cycle()
    # A window opens at most one cycle before any instant within it (a day moved by workDayType
    # stays within its cycle), so looking back one cycle and a day finds the window open now.
    span = timedelta(days=31 * task.months) if task.months is not None else task.period
    for window in plan_windows(cycle, period_end, published_at - span - DAY, published_at + 2 * span + 366 * DAY,
                               calendar):
        if window.end > published_at:
            return window
    return None
