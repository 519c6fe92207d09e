"""The working calendar as the handlers use it, and the platform admin's loading of a year.

`Calendars` is the port (`await wired.calendar()`): the library's calendar under every loaded year,
built from the read model. It is cached for `ttl_s` seconds (monotonic time, not the service's
clock: a cache's age is no business rule) and forgotten at once when this process loads a year, so
a load is in force here at once and in every other replica within the TTL — no restart."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from pydantic import Field

from libs.aggregate import DomainError
from libs.clock import Clock
from libs.commands import Command
from libs.repository import CommandContext, Repository
from services.inspection.domain.calendar import StatutoryCalendar, WorkingCalendar
from services.inspection.domain.calendar_events import CalendarYear, calendar_year_id
from services.inspection.domain.calendar_override import CalendarOverride
from services.inspection.domain.cycles import SHANGHAI

Row = dict[str, Any]
CACHE_TTL_S = 30.0


class CalendarYearQueries(Protocol):
    """The loaded years' read model (projections/calendar.py, or in_memory.py), oldest year first."""

    async def loaded_years(self) -> list[Row]: ...


class Calendars:
    def __init__(self, statutory: StatutoryCalendar, queries: CalendarYearQueries, ttl_s: float = CACHE_TTL_S,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.statutory, self._queries, self._ttl_s, self._monotonic = statutory, queries, ttl_s, monotonic
        self._cached: tuple[float, WorkingCalendar] | None = None
        self._forgotten = 0  # a read begun before a load must not cache what it read after it

    async def __call__(self) -> WorkingCalendar:
        now, forgotten = self._monotonic(), self._forgotten
        if self._cached is not None and now - self._cached[0] < self._ttl_s:
            return self._cached[1]
        overrides = [CalendarOverride(r["year"], frozenset(r["holidays"]), frozenset(r["workdays"]))
                     for r in await self._queries.loaded_years()]
        calendar = WorkingCalendar(self.statutory, overrides)
        if forgotten == self._forgotten:
            self._cached = (now, calendar)
        return calendar

    def forget(self) -> None:
        self._cached = None
        self._forgotten += 1


@dataclass
class CalendarBook:
    """What the calendar's handlers need, composed in bootstrap.py."""

    years: Repository[CalendarYear]
    queries: CalendarYearQueries
    calendar: Calendars
    clock: Clock

    def today(self) -> date:
        return self.clock.now().astimezone(SHANGHAI).date()


class LoadCalendarYear(Command):
    """国务院办公厅的节假日安排: that year's holidays and swapped working days (调休上班日); any
    other day follows the week. The year is the path's."""

    year: int | None = Field(None, description="年份; 可省略, 写明时须与路径中的年份一致")
    holidays: list[str] = Field(default_factory=list, max_length=366,
                                description="节假日 (放假的日期, YYYY-MM-DD)")
    workdays: list[str] = Field(default_factory=list, max_length=366,
                                description="调休上班日 (须为周六或周日, YYYY-MM-DD)")


async def load_year(year: int, cmd: LoadCalendarYear, book: CalendarBook, ctx: CommandContext) -> None:
    if cmd.year is not None and cmd.year != year:
        raise DomainError(f"请求体中的年份 {cmd.year} 与路径中的年份 {year} 不一致", field="year")
    override = CalendarOverride.from_data({"year": year, "holidays": cmd.holidays, "workdays": cmd.workdays})
    calendar_year = await book.years.find(calendar_year_id(year)) or CalendarYear(calendar_year_id(year))
    calendar_year.load(override, ctx.actor, book.clock.now())
    await book.years.save(calendar_year, ctx)
    book.calendar.forget()
