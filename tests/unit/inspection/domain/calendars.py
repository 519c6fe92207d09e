"""Calendars for the inspection tests: a fake statutory port holding chosen years, and the real
library's 2025 facts (the Spring Festival and National Day 调休) as an override."""

from __future__ import annotations

from datetime import date

from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.calendar_override import CalendarOverride


class FakeStatutory:
    """Knows only the years it is given: `{year: (holidays, workdays)}`; other days of those years
    follow the week."""

    def __init__(self, years: dict[int, tuple[set[date], set[date]]]) -> None:
        self.years = years
        self.asked: list[date] = []

    def workday(self, day: date) -> bool | None:
        self.asked.append(day)
        if day.year not in self.years:
            return None
        holidays, workdays = self.years[day.year]
        return day not in holidays and (day in workdays or day.weekday() < 5)


def days(first: str, last: str) -> set[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return {date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)}


# 国办发明电〔2024〕12号: 2025's holidays and the weekends worked in exchange.
HOLIDAYS_2025 = (days("2025-01-01", "2025-01-01") | days("2025-01-28", "2025-02-04") | days("2025-04-04", "2025-04-06")
                 | days("2025-05-01", "2025-05-05") | days("2025-05-31", "2025-06-02")
                 | days("2025-10-01", "2025-10-08"))
WORKDAYS_2025 = {date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)}
OVERRIDE_2025 = CalendarOverride(2025, frozenset(HOLIDAYS_2025), frozenset(WORKDAYS_2025))


def calendar_2025() -> WorkingCalendar:
    """2025 known (from the fake library), every other year unknown."""
    return WorkingCalendar(FakeStatutory({2025: (HOLIDAYS_2025, WORKDAYS_2025)}))
