"""The working calendar: the library's days with 调休, an admin's override for a year the library
lacks (no code change), and a day no calendar knows answered as assumed, never silently."""

from __future__ import annotations

from datetime import date

import pytest

from services.inspection.domain.calendar import Workday, WorkingCalendar
from services.inspection.domain.calendar_override import CalendarOverride
from services.inspection.domain.statutory import ChineseCalendarLibrary
from tests.unit.inspection.domain.calendars import OVERRIDE_2025, FakeStatutory, calendar_2025

LIBRARY = WorkingCalendar(ChineseCalendarLibrary())
TIAOXIU_2025 = [
    (date(2025, 1, 26), True),  # a working Sunday before the Spring Festival
    (date(2025, 1, 28), False), (date(2025, 2, 4), False),  # 除夕 … 正月初七
    (date(2025, 2, 8), True),  # a working Saturday after it
    (date(2025, 9, 28), True),  # a working Sunday before National Day
    *[(date(2025, 10, d), False) for d in range(1, 9)],  # 国庆节、中秋节 1–8 October
    (date(2025, 10, 11), True),  # a working Saturday after it
    (date(2025, 10, 12), False),  # an ordinary Sunday
    (date(2025, 10, 13), True),  # an ordinary Monday
]


@pytest.mark.parametrize(("day", "working"), TIAOXIU_2025)
def test_the_library_knows_the_swapped_weekends(day, working):
    assert LIBRARY.is_workday(day) == Workday(working, known=True)


@pytest.mark.parametrize(("day", "working"), TIAOXIU_2025)
def test_the_same_days_from_an_override(day, working):
    calendar = WorkingCalendar(FakeStatutory({})).with_override(OVERRIDE_2025)
    assert calendar.is_workday(day) == Workday(working, known=True)


def test_new_year_across_the_year_boundary():
    assert [LIBRARY.is_workday(date(2025, 12, 31)), LIBRARY.is_workday(date(2026, 1, 1)),
            LIBRARY.is_workday(date(2026, 1, 4))] == [Workday(True, True), Workday(False, True), Workday(True, True)]


def test_a_day_no_calendar_knows_is_assumed_and_says_so():
    calendar = calendar_2025()
    assert calendar.is_workday(date(2027, 2, 8)) == Workday(True, known=False)  # a Monday
    assert calendar.is_workday(date(2027, 2, 6)) == Workday(False, known=False)  # a Saturday


def test_the_library_has_no_data_for_a_year_it_does_not_ship():
    assert ChineseCalendarLibrary().workday(date(2099, 1, 5)) is None
    assert LIBRARY.is_workday(date(2099, 1, 5)) == Workday(True, known=False)


def test_an_override_fills_a_missing_year_without_a_restart():
    spring_festival_2027 = CalendarOverride.from_data(
        {"year": 2027, "holidays": ["2027-02-05", "2027-02-08"], "workdays": ["2027-02-14"]})
    calendar = calendar_2025().with_override(spring_festival_2027)
    assert calendar.is_workday(date(2027, 2, 8)) == Workday(False, known=True)
    assert calendar.is_workday(date(2027, 2, 14)) == Workday(True, known=True)  # a Sunday worked
    assert calendar.is_workday(date(2027, 3, 1)) == Workday(True, known=True)  # the rest of the year is known
    assert calendar.override_years == (2027,)


def test_an_override_corrects_a_year_the_library_has():
    fixed = CalendarOverride.from_data({"year": 2025, "holidays": ["2025-10-09"]})
    assert calendar_2025().with_override(fixed).is_workday(date(2025, 10, 9)) == Workday(False, known=True)
    assert calendar_2025().is_workday(date(2025, 10, 9)) == Workday(True, known=True)


def test_a_later_override_of_the_same_year_replaces_the_earlier():
    first = CalendarOverride.from_data({"year": 2027, "holidays": ["2027-01-01"]})
    second = CalendarOverride.from_data({"year": 2027, "holidays": ["2027-01-04"]})
    calendar = calendar_2025().with_override(first).with_override(second)
    assert calendar.is_workday(date(2027, 1, 1)).workday is True
    assert calendar.is_workday(date(2027, 1, 4)).workday is False


@pytest.mark.parametrize(("today", "missing"), [
    (date(2025, 11, 30), False),  # the notice is not due yet
    (date(2025, 12, 1), True),  # from 1 December
    (date(2025, 12, 31), True),
    (date(2026, 1, 1), False),  # a new year: the one after is not due yet
])
def test_next_year_missing_is_told_from_1_december(today, missing):
    assert calendar_2025().missing_next_year(today) is missing  # 2026 and 2027 are unknown


def test_next_year_is_not_missing_once_loaded_or_shipped():
    override = CalendarOverride.from_data({"year": 2026, "holidays": []})
    assert calendar_2025().missing_next_year(date(2025, 12, 1)) is True
    assert calendar_2025().with_override(override).missing_next_year(date(2025, 12, 1)) is False
    assert LIBRARY.missing_next_year(date(2025, 12, 1)) is False  # the library ships 2026
