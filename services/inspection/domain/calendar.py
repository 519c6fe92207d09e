"""The working calendar (工作日历) that workDayType reads: the statutory calendar of a maintained
library (behind the `StatutoryCalendar` port), under the overrides an admin loads as data.

The State Council's notice for a new year comes out in late November and a library release may lag:
a year the override supplies needs no code change or restart. A day in no known calendar is never
silently ordinary — it gets the assumed answer (Monday to Friday working) flagged `known=False`,
so what is planned on it can say so."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from services.inspection.domain.calendar_override import CalendarOverride

# From this month the next year's calendar is expected: the notice is out by late November.
NEXT_YEAR_DUE_MONTH = 12


class StatutoryCalendar(Protocol):
    """The port to a holiday library: whether a day is a working day, None when it has no data for
    the day's year (rather than raising or guessing)."""

    def workday(self, day: date) -> bool | None: ...


@dataclass(frozen=True)
class Workday:
    """The calendar's answer for one day: `workday`, and whether it is `known` or only assumed."""

    workday: bool
    known: bool


class WorkingCalendar:
    """The library's calendar, with each year an override supplies taken from the override whole
    (an admin may also correct a year the library has)."""

    def __init__(self, statutory: StatutoryCalendar, overrides: Iterable[CalendarOverride] = ()) -> None:
        self._statutory = statutory
        self._overrides = {override.year: override for override in overrides}

    def with_override(self, override: CalendarOverride) -> WorkingCalendar:
        """This calendar with `override` in force for its year (replacing an earlier one)."""
        return WorkingCalendar(self._statutory, [*self._overrides.values(), override])

    @property
    def override_years(self) -> tuple[int, ...]:
        return tuple(sorted(self._overrides))

    def is_workday(self, day: date) -> Workday:
        override = self._overrides.get(day.year)
        if override is not None:
            return Workday(override.workday(day), known=True)
        answer = self._statutory.workday(day)
        if answer is None:
            return Workday(assumed_workday(day), known=False)
        return Workday(answer, known=True)

    def knows_year(self, year: int) -> bool:
        # A library holds whole years (chinese-calendar does): its answer for 1 January stands for the year.
        return year in self._overrides or self._statutory.workday(date(year, 1, 1)) is not None

    def missing_next_year(self, today: date) -> bool:
        """Whether the enterprise admin must be told next year's calendar is missing: from 1 December
        while next year is neither in the library nor overridden."""
        return today.month >= NEXT_YEAR_DUE_MONTH and not self.knows_year(today.year + 1)


def assumed_workday(day: date) -> bool:
    """The answer for a day no calendar knows: an ordinary week, Monday to Friday."""
    return day.weekday() < 5
