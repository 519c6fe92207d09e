"""A year's calendar loaded as data (the State Council's notice, 国务院办公厅关于某年部分节假日安排
的通知): its event and the stream that keeps every load of the year, one stream per year
(`calendaryear-2027`). A later load replaces the year in force; the earlier ones stay in the log."""

from __future__ import annotations

from datetime import date, datetime

from libs.aggregate import Aggregate
from libs.events import DomainEvent
from services.inspection.domain.calendar_override import CalendarOverride

P = "shuangkong.inspection."


class CalendarYearLoaded(DomainEvent):
    """A platform admin loaded a year's holidays and swapped working days (调休上班日). Platform-wide:
    it belongs to no enterprise."""

    TYPE = P + "CalendarYearLoaded"
    year: int
    holidays: list[date]
    workdays: list[date]
    loaded_by: str  # the platform admin's person id
    loaded_at: datetime  # on the service's clock


CALENDAR_EVENTS: list[type[DomainEvent]] = [CalendarYearLoaded]


def calendar_year_id(year: int) -> str:
    return str(year)


class CalendarYear(Aggregate):
    """The loads of one year; the last one is in force."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.override: CalendarOverride | None = None

    def load(self, override: CalendarOverride, by: str, at: datetime) -> None:
        self._record(CalendarYearLoaded(year=override.year, holidays=sorted(override.holidays),
                                        workdays=sorted(override.workdays), loaded_by=by, loaded_at=at))

    def when_CalendarYearLoaded(self, e: CalendarYearLoaded) -> None:
        self.override = override_of(e)


def override_of(e: CalendarYearLoaded) -> CalendarOverride:
    return CalendarOverride(e.year, frozenset(e.holidays), frozenset(e.workdays))
