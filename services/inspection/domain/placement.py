"""Where a cycle's windows fall (cycles.py says the rules): planned cycles by 天/月/年 placed on
the days workDayType allows, and hourly cycles filling each allowed day's work window. Both run
in Shanghai wall time, naive, and yield `Found` lazily for `cycles.windows` to cut to its range."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.codes import WorkDayType
from services.inspection.domain.months import add_months

if TYPE_CHECKING:
    from services.inspection.domain.cycles import TaskCycle

DAY = timedelta(days=1)

# (start, end, assumed); end None marks a cycle or day without a window, so the search still ends at `to`.
Found = Iterator[tuple[datetime, datetime | None, bool]]


def on_days(cycle: TaskCycle, low: datetime, calendar: WorkingCalendar) -> Found:
    """By 天/月/年: from the cycle holding `low`, each planned cycle placed on an allowed day."""
    slot = _slots(cycle)
    n = _first_slot(cycle, low)
    planned = slot(n)
    while True:
        following = slot(n + 1)
        placed = _placed(planned, following, cycle.work_day_type, calendar)
        yield placed if placed is not None else (planned, None, False)
        n, planned = n + 1, following


def _slots(cycle: TaskCycle) -> Callable[[int], datetime]:
    anchor, months = cycle.anchor, cycle.months
    if months is not None:
        return lambda n: add_months(anchor, n * months)
    period = cycle.period
    return lambda n: anchor + n * period


def _first_slot(cycle: TaskCycle, low: datetime) -> int:
    """The cycle holding `low` (its windows open within it), 0 before the first."""
    if low <= cycle.anchor:
        return 0
    if (months := cycle.months) is not None:
        n = ((low.year - cycle.anchor.year) * 12 + low.month - cycle.anchor.month) // months
        slot = _slots(cycle)
        while n > 0 and slot(n) > low:
            n -= 1
        return n
    return (low - cycle.anchor) // cycle.period


def _placed(planned: datetime, following: datetime, kind: WorkDayType,
            calendar: WorkingCalendar) -> tuple[datetime, datetime, bool] | None:
    if kind is WorkDayType.EVERY_DAY:
        return planned, following, False
    day, assumed = planned.date(), False
    while (start := datetime.combine(day, planned.time())) < following:
        allowed, known = _allows(kind, calendar, day)
        assumed = assumed or not known
        if allowed:
            return start, following, assumed
        day += DAY
    return None


def on_shifts(cycle: TaskCycle, low: datetime, calendar: WorkingCalendar) -> Found:
    """By 小时: each allowed day's work window (the day it opens on decides), cut into cycles."""
    assert cycle.work_start is not None and cycle.work_end is not None  # TaskCycle checks it
    shift = _shift_length(cycle.work_start, cycle.work_end)
    period, anchor = cycle.period, cycle.anchor
    # A shift lasts at most a day, so the one that began the day before may still hold `low`.
    day = max(anchor.date(), low.date()) - DAY
    while True:
        allowed, known = (True, True) if cycle.work_day_type is WorkDayType.EVERY_DAY \
            else _allows(cycle.work_day_type, calendar, day)
        if allowed:
            opens = datetime.combine(day, cycle.work_start)
            closes, start = opens + shift, opens
            while start < closes:
                if start >= anchor:
                    yield start, min(start + period, closes), not known
                start += period
        else:
            yield datetime.combine(day, cycle.work_start), None, not known
        day += DAY


def _shift_length(start: time, end: time) -> timedelta:
    length = datetime.combine(date.min, end) - datetime.combine(date.min, start)
    return length if length > timedelta(0) else length + DAY


def _allows(kind: WorkDayType, calendar: WorkingCalendar, day: date) -> tuple[bool, bool]:
    answer = calendar.is_workday(day)
    return answer.workday == (kind is WorkDayType.WORKING_DAYS), answer.known
