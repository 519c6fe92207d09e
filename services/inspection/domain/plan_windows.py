"""The windows of a plan's tasks: its cycle's (cycles.py), within its period. A window opening on the
period's last day is kept whole, however far it runs; none opens after that day (Asia/Shanghai),
not even the rest of a night shift begun on it — the plan ends with its last day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.cycles import SHANGHAI, Window, windows
from services.inspection.domain.plan_events import PlanCycle


def period_closes_at(period_end: date | None) -> datetime | None:
    """The instant after which no window of the plan opens: midnight ending its last day, Shanghai
    time; None for an open-ended plan."""
    if period_end is None:
        return None
    return datetime.combine(period_end + timedelta(days=1), time(), SHANGHAI)


def plan_windows(cycle: PlanCycle, period_end: date | None, from_: datetime, to: datetime,
                 calendar: WorkingCalendar) -> Iterator[Window]:
    """The windows of the plan's tasks that open in [from_, to), in order, generated lazily."""
    closes = period_closes_at(period_end)
    return windows(cycle.task_cycle(), from_, to if closes is None else min(to, closes), calendar)


def has_a_window(cycle: PlanCycle, period_start: date, period_end: date | None, calendar: WorkingCalendar) -> bool:
    """Whether the plan's period holds a window at all (a pre-holiday check on working days only,
    planned inside the holiday, has none). An open-ended plan always finds one in time."""
    closes = period_closes_at(period_end)
    if closes is None:
        return True
    opens = datetime.combine(period_start, time(), SHANGHAI)
    return next(windows(cycle.task_cycle(), opens, closes, calendar), None) is not None
