"""A task's cycle (排查周期) and the occurrence windows it yields, in Asia/Shanghai.

Windows follow the plan, never completion: the n-th is computed from `taskStartTime` alone, so a
late check does not push the next one. By 天/月/年 the n-th cycle runs from its planned start to the
next one's (`start + n × checkCycle`; by month on the same day, the last day of a shorter month for
a start on the 29th–31st, 28 February for 29 February in a common year). By 小时 the cycles fill each
day's work window (workStartTime → workEndTime, past midnight when the end is not after the start,
round the clock when they are equal) from its start; the last is cut at the window's end.

workDayType 1/2 keeps a cycle on the days it allows: a work window opening on a day not allowed
yields no hourly windows; a longer cycle planned on such a day opens at the same time on the first
allowed day after it while that is still within the cycle, and has no window otherwise (a daily
check on working days has none at the weekend). Windows open at or after taskStartTime; one placed
on a day no calendar knows is `assumed_calendar`.

China has kept no daylight saving since 1991, so wall-clock arithmetic in Shanghai is exact."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from services.inspection.domain import rules
from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.codes import CheckCycleUnit, WorkDayType
from services.inspection.domain.placement import on_days, on_shifts

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
    found = on_shifts(cycle, low, calendar) if cycle.unit is CheckCycleUnit.HOUR else on_days(cycle, low, calendar)
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


def _local(moment: datetime) -> datetime:
    """Shanghai wall time, naive: aware moments are converted, naive ones taken as Shanghai's."""
    return moment.astimezone(SHANGHAI).replace(tzinfo=None) if moment.tzinfo is not None else moment
