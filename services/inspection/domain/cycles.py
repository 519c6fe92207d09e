"""A task's cycle (排查周期) and the occurrence windows it yields, in Asia/Shanghai.

Windows follow the plan, never completion: the n-th is computed from `taskStartTime` alone, so a
late check does not push the next one. By 天/月/年 the n-th cycle runs from its planned start to the
next one's (`start + n × checkCycle`; by month on the same day, the last day of a shorter month for
a start on the 29th–31st, 28 February for 29 February in a common year). By 小时 the cycles fill each
day's work window (workStartTime → workEndTime, past midnight when the end is not after the start,
round the clock when they are equal) from its start; the last is cut at the window's end.

workDayType 1/2 keeps a cycle on the days it allows: an hourly day not allowed has no windows; a
longer cycle planned on such a day opens at the same time on the first allowed day after it while
that is still within the cycle, and has no window otherwise (a daily check on working days has none
at the weekend). A window placed on a day no calendar knows is `assumed_calendar`.

China has kept no daylight saving since 1991, so wall-clock arithmetic in Shanghai is exact."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from services.inspection.domain import rules
from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.codes import CheckCycleUnit, WorkDayType
from services.inspection.domain.months import add_months

SHANGHAI = ZoneInfo("Asia/Shanghai")
UNIT_SECONDS = {CheckCycleUnit.HOUR: 3600, CheckCycleUnit.DAY: 86400}
DAY = timedelta(days=1)


@dataclass(frozen=True)
class TaskCycle:
    every: Decimal  # checkCycle
    unit: CheckCycleUnit
    start: datetime  # taskStartTime; naive means Shanghai wall time
    work_day_type: WorkDayType = WorkDayType.EVERY_DAY
    work_start: time | None = None  # workStartTime / workEndTime, hourly cycles
    work_end: time | None = None

    @classmethod
    def of(cls, *, check_cycle: Any, check_cycle_unit: Any, task_start_time: Any, work_day_type: Any = 0,
           work_start_time: Any = None, work_end_time: Any = None) -> TaskCycle:
        """The cycle from a task's fields as given, each checked (DomainError naming the field)."""
        unit = rules.checked_unit(check_cycle_unit)
        return cls(rules.checked_cycle(check_cycle, unit), unit, rules.checked_start(task_start_time),
                   rules.checked_work_day_type(work_day_type),
                   rules.checked_work_time(work_start_time, "work_start_time", unit),
                   rules.checked_work_time(work_end_time, "work_end_time", unit))

    def __post_init__(self) -> None:
        rules.checked_cycle(self.every, self.unit)
        rules.checked_work_time(self.work_start, "work_start_time", self.unit)
        rules.checked_work_time(self.work_end, "work_end_time", self.unit)

    @property
    def anchor(self) -> datetime:
        return _local(self.start)

    @property
    def months(self) -> int | None:
        """The cycle's length in months by 月 or 年; None by 小时 or 天."""
        if self.unit in (CheckCycleUnit.HOUR, CheckCycleUnit.DAY):
            return None
        return rules.months_of(self.every, self.unit)

    @property
    def period(self) -> timedelta:
        """The cycle's length by 小时 or 天 (months have none)."""
        return timedelta(microseconds=int(self.every * UNIT_SECONDS[self.unit] * 1_000_000))


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    assumed_calendar: bool = False  # placed on a day no calendar knows (workDayType 1/2 only)


def windows(cycle: TaskCycle, from_: datetime, to: datetime, calendar: WorkingCalendar) -> Iterator[Window]:
    """The windows that open in [from_, to), in order, generated lazily."""
    low, high = _local(from_), _local(to)
    found = _hourly(cycle, low, calendar) if cycle.unit is CheckCycleUnit.HOUR else _cycles(cycle, low, calendar)
    for start, end, assumed in found:
        if start >= high:
            return
        if end is not None and start >= low:
            yield Window(start.replace(tzinfo=SHANGHAI), end.replace(tzinfo=SHANGHAI), assumed)


def next_window(cycle: TaskCycle, after: datetime, calendar: WorkingCalendar) -> Window | None:
    """The first window opening after `after`; None when none opens within two cycles and a year
    (a calendar that never allows the day)."""
    span = timedelta(days=31 * cycle.months) if cycle.months is not None else cycle.period
    return next(windows(cycle, after + timedelta(microseconds=1), after + 2 * span + 366 * DAY, calendar), None)


# (start, end, assumed); end None marks a cycle or day without a window, so the search still ends at `to`.
Found = Iterator[tuple[datetime, datetime | None, bool]]


def _cycles(cycle: TaskCycle, low: datetime, calendar: WorkingCalendar) -> Found:
    slot = _slots(cycle)
    n = _first_slot(cycle, low)
    planned = slot(n)
    while True:
        following = slot(n + 1)
        placed = _placed(planned, following, cycle.work_day_type, calendar)
        yield placed if placed is not None else (planned, None, False)
        n, planned = n + 1, following


def _slots(cycle: TaskCycle) -> Any:
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


def _hourly(cycle: TaskCycle, low: datetime, calendar: WorkingCalendar) -> Found:
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


def _local(moment: datetime) -> datetime:
    """Shanghai wall time, naive: aware moments are converted, naive ones taken as Shanghai's."""
    return moment.astimezone(SHANGHAI).replace(tzinfo=None) if moment.tzinfo is not None else moment
