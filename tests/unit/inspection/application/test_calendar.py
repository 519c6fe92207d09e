"""Loading a year's calendar as data, on fakes: a year the library lacks is known once loaded (its
days answered, not assumed), at once and without a new wiring; a later load replaces it, the
earlier one stays in the log; bad entries are refused naming them; the TTL cache reads again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from libs.aggregate import DomainError
from libs.clock import FixedClock
from libs.repository import CommandContext
from services.inspection import bootstrap
from services.inspection.application import calendar as cal
from services.inspection.application import calendar_reading as reading
from services.inspection.domain.calendar import Workday
from tests.unit.inspection.domain.calendars import HOLIDAYS_2025, WORKDAYS_2025, FakeStatutory

OPERATOR = CommandContext("operator", None, "corr-operator")
NOTICE_2031 = {"holidays": ["2031-01-01", "2031-01-02"], "workdays": ["2031-01-04"]}


def wired(at: datetime = datetime(2026, 6, 1, tzinfo=UTC)):
    statutory = FakeStatutory({2025: (HOLIDAYS_2025, WORKDAYS_2025), 2026: (set(), set())})
    return bootstrap.in_memory(clock=FixedClock(at), statutory=statutory)


async def load(w, year: int, body: dict) -> None:
    await cal.load_year(year, cal.LoadCalendarYear(**body), w.calendar_book, OPERATOR)


async def test_a_year_the_library_lacks_is_known_once_loaded():
    w = wired()
    assert (await w.calendar()).is_workday(date(2031, 1, 2)) == Workday(True, known=False)
    await load(w, 2031, NOTICE_2031)
    calendar = await w.calendar()
    assert calendar.is_workday(date(2031, 1, 2)) == Workday(False, known=True)
    assert calendar.is_workday(date(2031, 1, 4)) == Workday(True, known=True)  # a Saturday worked
    assert calendar.is_workday(date(2031, 1, 6)) == Workday(True, known=True)
    detail = await reading.year(w.calendar_book, 2031)
    assert detail is not None
    assert (detail["source"], detail["holidays"], detail["workdays"], detail["loaded_by"]) == (
        "导入", [date(2031, 1, 1), date(2031, 1, 2)], [date(2031, 1, 4)], "operator")


async def test_a_later_load_replaces_the_year_and_the_log_keeps_both():
    w = wired()
    await load(w, 2031, NOTICE_2031)
    await load(w, 2031, {"year": 2031, "holidays": ["2031-01-01"]})
    assert (await w.calendar()).is_workday(date(2031, 1, 2)) == Workday(True, known=True)
    assert (await w.calendar()).is_workday(date(2031, 1, 4)) == Workday(False, known=True)
    assert len(await w.store.load("calendaryear-2031")) == 2


async def test_the_list_says_which_years_come_from_where_and_which_are_missing():
    w = wired()
    listed = await reading.years(w.calendar_book)
    assert ([(y["year"], y["source"]) for y in listed["years"]], listed["missing"]) == (
        [(2025, "库"), (2026, "库")], [2027])
    await load(w, 2027, {"holidays": ["2027-01-01"]})
    listed = await reading.years(w.calendar_book)
    assert ([(y["year"], y["source"]) for y in listed["years"]], listed["missing"]) == (
        [(2025, "库"), (2026, "库"), (2027, "导入")], [])


async def test_a_library_year_lists_its_weekdays_off_and_its_weekends_worked():
    detail = await reading.year(wired().calendar_book, 2025)
    assert detail is not None and detail["source"] == "库"
    assert date(2025, 10, 8) in detail["holidays"] and date(2025, 10, 4) not in detail["holidays"]  # a Saturday
    assert detail["workdays"] == sorted(WORKDAYS_2025)
    assert await reading.year(wired().calendar_book, 2030) is None


@pytest.mark.parametrize(("body", "field"), [
    ({"holidays": ["2031-01-01", "2031-13-01"]}, "holidays.1"),
    ({"holidays": ["2030-12-31"]}, "holidays.0"),
    ({"workdays": ["2031-01-06"]}, "workdays.0"),  # a Monday
    ({"year": 2030}, "year"),
])
async def test_bad_entries_are_refused_naming_them_and_nothing_is_loaded(body, field):
    w = wired()
    with pytest.raises(DomainError) as refused:
        await load(w, 2031, body)
    assert refused.value.field == field
    assert await w.calendar_book.queries.loaded_years() == []


async def test_the_cache_reads_the_read_model_again_after_its_ttl():
    w = wired()
    ticks = [0.0]
    calendars = cal.Calendars(w.calendar.statutory, w.calendar_book.queries, ttl_s=30, monotonic=lambda: ticks[0])
    assert not (await calendars()).knows_year(2031)
    await load(w, 2031, NOTICE_2031)  # loaded elsewhere: this cache is not told
    ticks[0] = 29.0
    assert not (await calendars()).knows_year(2031)
    ticks[0] = 30.0
    assert (await calendars()).knows_year(2031)


async def test_a_read_begun_before_a_load_does_not_cache_what_it_read():
    w = wired()
    queries, loads = w.calendar_book.queries, [NOTICE_2031]

    class LoadsMidRead:
        async def loaded_years(self):
            rows = await queries.loaded_years()  # read before the load…
            while loads:  # …which this process then forgets the cache for, once
                await load(w, 2031, loads.pop())
                calendars.forget()
            return rows

    calendars = cal.Calendars(w.calendar.statutory, LoadsMidRead())
    assert not (await calendars()).knows_year(2031)
    assert (await calendars()).knows_year(2031), "read again, not the stale calendar"
