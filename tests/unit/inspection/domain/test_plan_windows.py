"""A plan's tasks check within its period: windows open from its first check to its last day (that
day's kept whole), on the working calendar its cycle asks for, in Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.cycles import SHANGHAI, TaskCycle
from services.inspection.domain.plan_values import PlanCycle
from services.inspection.domain.plan_windows import first_owed_window, period_closes_at, plan_windows
from tests.unit.inspection.domain.calendars import FakeStatutory, calendar_2025

EVERY_DAY = WorkingCalendar(FakeStatutory({}))


def sh(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


def cycle(every, unit, start, **fields) -> PlanCycle:
    return PlanCycle.of(TaskCycle.of(check_cycle=every, check_cycle_unit=unit, task_start_time=start, **fields))


def spans(plan_cycle, period_end, first, last, calendar=EVERY_DAY):
    return [(w.start, w.end) for w in plan_windows(plan_cycle, period_end, first, last, calendar)]


def test_the_period_closes_at_the_midnight_ending_its_last_day_in_shanghai():
    assert period_closes_at(date(2025, 12, 31)) == sh(2026, 1, 1)
    assert period_closes_at(None) is None


def test_no_window_opens_after_the_last_day_and_that_days_is_kept_whole():
    daily = cycle(1, "天", datetime(2025, 3, 1, 8))
    assert spans(daily, date(2025, 3, 2), sh(2025, 3, 1), sh(2025, 4, 1)) == [
        (sh(2025, 3, 1, 8), sh(2025, 3, 2, 8)), (sh(2025, 3, 2, 8), sh(2025, 3, 3, 8))]


def test_an_open_ended_plan_follows_its_cycle():
    daily = cycle(1, "天", datetime(2025, 3, 1, 8))
    assert len(spans(daily, None, sh(2025, 3, 1), sh(2025, 4, 1))) == 31


def test_a_night_round_stops_at_the_midnight_ending_the_period():
    night = cycle(2, "小时", datetime(2025, 3, 1, 20), work_start_time="20:00:00", work_end_time="4:00:00")
    assert spans(night, date(2025, 3, 1), sh(2025, 3, 1), sh(2025, 3, 3)) == [
        (sh(2025, 3, 1, 20), sh(2025, 3, 1, 22)), (sh(2025, 3, 1, 22), sh(2025, 3, 2, 0))]


def test_a_pre_holiday_check_before_national_day_on_working_days_only():
    """重点时段及节假日前排查: daily on working days from 25 September to 30 September 2025; 28 September
    is a Sunday worked in exchange (调休), so it is checked; 27 September (Saturday) is not."""
    before = cycle(1, "天", datetime(2025, 9, 25, 9), work_day_type=1)
    starts = [s.date() for s, _ in spans(before, date(2025, 9, 30), sh(2025, 9, 1), sh(2025, 10, 31), calendar_2025())]
    assert starts == [date(2025, 9, 25), date(2025, 9, 26), date(2025, 9, 28), date(2025, 9, 29), date(2025, 9, 30)]


def test_a_plan_ending_on_new_years_eve_opens_nothing_in_the_new_year():
    monthly = cycle(1, "月", datetime(2025, 1, 31, 8))
    starts = [s for s, _ in spans(monthly, date(2025, 12, 31), sh(2025, 1, 1), sh(2026, 6, 1))]
    assert len(starts) == 12 and starts[1] == sh(2025, 2, 28, 8) and starts[-1] == sh(2025, 12, 31, 8)


def first(plan_cycle, published_at, period_end=None, calendar=EVERY_DAY):
    window = first_owed_window(plan_cycle, period_end, published_at, calendar)
    return None if window is None else (window.start, window.end)


def test_a_plan_published_before_its_first_check_owes_that_first_window():
    daily = cycle(1, "天", datetime(2025, 3, 1, 8))
    assert first(daily, sh(2025, 2, 20, 15)) == (sh(2025, 3, 1, 8), sh(2025, 3, 2, 8))


def test_a_plan_published_late_owes_the_window_open_then_and_none_that_closed_before():
    daily = cycle(1, "天", datetime(2025, 3, 1, 8))
    assert first(daily, sh(2025, 3, 10, 12)) == (sh(2025, 3, 10, 8), sh(2025, 3, 11, 8))
    assert first(daily, sh(2025, 3, 10, 7, 59)) == (sh(2025, 3, 9, 8), sh(2025, 3, 10, 8))
    assert first(daily, sh(2025, 3, 10, 8)) == (sh(2025, 3, 10, 8), sh(2025, 3, 11, 8))  # windows are [start, end)


def test_a_monthly_plan_from_the_31st_published_mid_march_owes_the_window_from_28_february():
    monthly = cycle(1, "月", datetime(2025, 1, 31, 8))
    assert first(monthly, sh(2025, 3, 15)) == (sh(2025, 2, 28, 8), sh(2025, 3, 31, 8))


def test_an_hourly_round_published_at_lunch_owes_the_round_under_way():
    rounds = cycle(2, "小时", datetime(2025, 3, 1, 8), work_start_time="8:00:00", work_end_time="17:00:00")
    assert first(rounds, sh(2025, 3, 1, 12, 30)) == (sh(2025, 3, 1, 12), sh(2025, 3, 1, 14))
    assert first(rounds, sh(2025, 3, 1, 17, 30)) == (sh(2025, 3, 2, 8), sh(2025, 3, 2, 10))


def test_published_after_its_last_window_the_plan_owes_nothing():
    daily = cycle(1, "天", datetime(2025, 3, 1, 8))
    assert first(daily, sh(2025, 3, 3, 8), period_end=date(2025, 3, 2)) is None
    assert first(daily, sh(2025, 3, 3, 7), period_end=date(2025, 3, 2)) == (sh(2025, 3, 2, 8), sh(2025, 3, 3, 8))


def test_a_utc_instant_is_the_same_moment_in_shanghai():
    daily = cycle(1, "天", datetime(2025, 3, 1, 8))
    assert first(daily, datetime(2025, 3, 10, 1, tzinfo=UTC)) == (sh(2025, 3, 10, 8), sh(2025, 3, 11, 8))
