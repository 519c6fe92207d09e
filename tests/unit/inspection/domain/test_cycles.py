"""Occurrence windows: planned from taskStartTime in Asia/Shanghai, never from completion; month
ends and 29 February; hourly work windows across midnight; decimals; workDayType on the calendar
with 调休, and windows on an unknown year flagged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import islice

from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.cycles import SHANGHAI, TaskCycle, Window, next_window, windows
from services.inspection.domain.statutory import ChineseCalendarLibrary
from tests.unit.inspection.domain.calendars import FakeStatutory, calendar_2025

EVERY_DAY = WorkingCalendar(FakeStatutory({}))


def sh(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


def cycle(every, unit, start, **fields) -> TaskCycle:
    return TaskCycle.of(check_cycle=every, check_cycle_unit=unit, task_start_time=start, **fields)


def starts(task, first, last, calendar=EVERY_DAY):
    return [w.start for w in windows(task, first, last, calendar)]


def spans(task, first, last, calendar=EVERY_DAY):
    return [(w.start, w.end) for w in windows(task, first, last, calendar)]


def test_a_daily_cycle_opens_at_the_planned_time_each_day():
    task = cycle(1, "天", datetime(2025, 3, 1, 8))
    assert spans(task, sh(2025, 3, 1), sh(2025, 3, 3)) == [
        (sh(2025, 3, 1, 8), sh(2025, 3, 2, 8)), (sh(2025, 3, 2, 8), sh(2025, 3, 3, 8))]


def test_nothing_opens_before_the_task_starts():
    task = cycle(1, "天", datetime(2025, 3, 10, 8))
    assert starts(task, sh(2025, 3, 1), sh(2025, 3, 11)) == [sh(2025, 3, 10, 8)]


def test_a_late_check_does_not_push_the_next_window():
    """The next window is a function of the plan: whenever the check of one was done, the next opens
    where the plan put it (what the occurrence knows of its record never reaches the cycle)."""
    task = cycle(1, "天", datetime(2025, 3, 1, 8))
    done_late = sh(2025, 3, 2, 7, 59)  # the 1 March check, done a minute before its window closed
    assert next_window(task, sh(2025, 3, 1, 8), EVERY_DAY) == Window(sh(2025, 3, 2, 8), sh(2025, 3, 3, 8))
    assert next_window(task, done_late, EVERY_DAY).start == sh(2025, 3, 2, 8)


def test_one_and_a_half_days():
    task = cycle("1.5", "天", datetime(2025, 3, 1, 8))
    assert starts(task, sh(2025, 3, 1), sh(2025, 3, 6)) == [
        sh(2025, 3, 1, 8), sh(2025, 3, 2, 20), sh(2025, 3, 4, 8), sh(2025, 3, 5, 20)]
    assert task.every == Decimal("1.5")


def test_windows_far_from_the_start_are_found_without_walking_there():
    task = cycle("0.25", "天", datetime(2025, 1, 1))
    assert starts(task, sh(2045, 6, 1, 5), sh(2045, 6, 1, 13)) == [sh(2045, 6, 1, 6), sh(2045, 6, 1, 12)]


def test_shanghai_keeps_no_daylight_saving():
    """Every day is 24 hours, also on the days Europe and America change their clocks, and a start
    given in UTC is planned on Shanghai's wall clock."""
    task = cycle(1, "天", datetime(2025, 3, 1, 0, tzinfo=UTC))  # 08:00 in Shanghai
    found = list(windows(task, sh(2025, 3, 8), sh(2025, 11, 3), EVERY_DAY))
    assert {w.end - w.start for w in found} == {timedelta(days=1)}
    assert {(w.start.hour, w.start.utcoffset()) for w in found} == {(8, timedelta(hours=8))}


def test_a_monthly_cycle_started_on_the_31st_takes_the_last_day_of_shorter_months():
    task = cycle(1, "月", datetime(2025, 1, 31, 9))
    assert [d.date().isoformat() for d in starts(task, sh(2025, 1, 1), sh(2025, 6, 1))] == [
        "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31"]


def test_a_leap_february_gets_the_29th():
    task = cycle(1, "月", datetime(2024, 1, 30, 9))
    assert [d.day for d in starts(task, sh(2024, 1, 1), sh(2024, 4, 1))] == [30, 29, 30]


def test_a_yearly_cycle_from_29_february():
    task = cycle(1, "年", datetime(2024, 2, 29, 9))
    assert [d.date().isoformat() for d in starts(task, sh(2024, 1, 1), sh(2029, 1, 1))] == [
        "2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"]


def test_a_yearly_cycle_of_one_and_a_half_years_is_eighteen_months():
    task = cycle("1.5", "年", datetime(2025, 1, 31, 9))
    assert [d.date().isoformat() for d in starts(task, sh(2025, 1, 1), sh(2028, 1, 1))] == [
        "2025-01-31", "2026-07-31"]


def test_a_quarterly_cycle_from_the_middle_of_a_later_year():
    task = cycle(3, "月", datetime(2024, 11, 30, 9))
    assert [d.date().isoformat() for d in starts(task, sh(2026, 1, 1), sh(2026, 12, 1))] == [
        "2026-02-28", "2026-05-30", "2026-08-30", "2026-11-30"]


def test_month_windows_run_to_the_next_planned_start():
    task = cycle(1, "月", datetime(2025, 1, 31, 9))
    assert next_window(task, sh(2025, 2, 28, 9), EVERY_DAY) == Window(sh(2025, 3, 31, 9), sh(2025, 4, 30, 9))


def test_an_hourly_cycle_fills_the_work_window():
    task = cycle(2, "小时", datetime(2025, 3, 1), work_start_time="8:00:00", work_end_time="17:00:00")
    assert spans(task, sh(2025, 3, 1), sh(2025, 3, 2)) == [
        (sh(2025, 3, 1, 8), sh(2025, 3, 1, 10)), (sh(2025, 3, 1, 10), sh(2025, 3, 1, 12)),
        (sh(2025, 3, 1, 12), sh(2025, 3, 1, 14)), (sh(2025, 3, 1, 14), sh(2025, 3, 1, 16)),
        (sh(2025, 3, 1, 16), sh(2025, 3, 1, 17))]  # the last cut at the end of work


def test_an_hourly_window_crosses_midnight():
    """A night shift 22:00–6:00 is 8 hours (24 + diff, not 24 − diff)."""
    task = cycle(3, "小时", datetime(2025, 12, 31, 12), work_start_time="22:00:00", work_end_time="6:00:00")
    assert spans(task, sh(2025, 12, 31), sh(2026, 1, 1, 12)) == [
        (sh(2025, 12, 31, 22), sh(2026, 1, 1, 1)), (sh(2026, 1, 1, 1), sh(2026, 1, 1, 4)),
        (sh(2026, 1, 1, 4), sh(2026, 1, 1, 6))]


def test_a_night_shift_window_open_at_from_is_found_from_the_day_before():
    task = cycle(4, "小时", datetime(2025, 1, 1), work_start_time="20:00:00", work_end_time="8:00:00")
    assert starts(task, sh(2025, 3, 2, 3), sh(2025, 3, 2, 9)) == [sh(2025, 3, 2, 4)]


def test_equal_work_times_run_round_the_clock():
    task = cycle(8, "小时", datetime(2025, 3, 1), work_start_time="0:00:00", work_end_time="0:00:00")
    assert starts(task, sh(2025, 3, 1), sh(2025, 3, 2, 1)) == [
        sh(2025, 3, 1, 0), sh(2025, 3, 1, 8), sh(2025, 3, 1, 16), sh(2025, 3, 2, 0)]


def test_one_and_a_half_hours():
    task = cycle("1.5", "小时", datetime(2025, 3, 1), work_start_time="8:00:00", work_end_time="12:00:00")
    assert spans(task, sh(2025, 3, 1), sh(2025, 3, 2))[-1] == (sh(2025, 3, 1, 11), sh(2025, 3, 1, 12))
    assert len(starts(task, sh(2025, 3, 1), sh(2025, 3, 2))) == 3


def test_an_hourly_task_starting_mid_shift_opens_at_the_next_planned_hour():
    task = cycle(1, "小时", datetime(2025, 3, 1, 9, 30), work_start_time="8:00:00", work_end_time="12:00:00")
    assert starts(task, sh(2025, 3, 1), sh(2025, 3, 2)) == [sh(2025, 3, 1, 10), sh(2025, 3, 1, 11)]


def test_daily_on_working_days_around_national_day():
    task = cycle(1, "天", datetime(2025, 9, 1, 8), work_day_type=1)
    found = [d.date().isoformat() for d in starts(task, sh(2025, 9, 26), sh(2025, 10, 14), calendar_2025())]
    assert found == ["2025-09-26", "2025-09-28", "2025-09-29", "2025-09-30", "2025-10-09", "2025-10-10",
                     "2025-10-11", "2025-10-13"]


def test_daily_on_non_working_days_around_the_spring_festival():
    task = cycle(1, "天", datetime(2025, 1, 1, 8), work_day_type=2)
    found = [d.date().isoformat() for d in starts(task, sh(2025, 1, 24), sh(2025, 2, 11), calendar_2025())]
    assert found == ["2025-01-25", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01",
                     "2025-02-02", "2025-02-03", "2025-02-04", "2025-02-09"]


def test_the_real_library_agrees_on_the_spring_festival():
    task = cycle(1, "天", datetime(2025, 1, 1, 8), work_day_type=1)
    library = WorkingCalendar(ChineseCalendarLibrary())
    found = [d.date().isoformat() for d in starts(task, sh(2025, 1, 24), sh(2025, 2, 11), library)]
    assert found == ["2025-01-24", "2025-01-26", "2025-01-27", "2025-02-05", "2025-02-06", "2025-02-07",
                     "2025-02-08", "2025-02-10"]


def test_hourly_on_working_days_skips_the_holiday_shifts():
    task = cycle(4, "小时", datetime(2025, 9, 1), work_start_time="8:00:00", work_end_time="16:00:00", work_day_type=1)
    found = {d.date().isoformat() for d in starts(task, sh(2025, 9, 30), sh(2025, 10, 12), calendar_2025())}
    assert found == {"2025-09-30", "2025-10-09", "2025-10-10", "2025-10-11"}


def test_a_monthly_check_on_a_holiday_opens_on_the_next_working_day():
    task = cycle(1, "月", datetime(2025, 9, 1, 9), work_day_type=1)
    assert spans(task, sh(2025, 10, 1), sh(2025, 10, 31), calendar_2025()) == [
        (sh(2025, 10, 9, 9), sh(2025, 11, 1, 9))]  # 1 October is 国庆节; the cycle still ends as planned


def test_a_window_on_an_unknown_year_is_flagged_as_assumed():
    task = cycle(1, "天", datetime(2025, 12, 29, 8), work_day_type=1)
    found = list(windows(task, sh(2025, 12, 29), sh(2026, 1, 3), calendar_2025()))
    assert [(w.start.date().isoformat(), w.assumed_calendar) for w in found] == [
        ("2025-12-29", False), ("2025-12-30", False), ("2025-12-31", False), ("2026-01-01", True),
        ("2026-01-02", True)]  # 2026 is unknown here: 1 January assumed an ordinary Thursday


def test_every_day_never_asks_the_calendar():
    statutory = FakeStatutory({})
    list(windows(cycle(1, "天", datetime(2025, 1, 1)), sh(2025, 1, 1), sh(2025, 2, 1), WorkingCalendar(statutory)))
    assert statutory.asked == []


def test_windows_are_lazy():
    task = cycle(1, "小时", datetime(2025, 1, 1), work_start_time="0:00:00", work_end_time="0:00:00")
    assert len(list(islice(windows(task, sh(2025, 1, 1), sh(9999, 1, 1), EVERY_DAY), 3))) == 3


def test_no_next_window_when_the_calendar_never_allows_one():
    class NeverWorking:
        def workday(self, day):
            return False

    task = cycle(1, "天", datetime(2025, 1, 1, 8), work_day_type=1)
    assert next_window(task, sh(2025, 1, 1), WorkingCalendar(NeverWorking())) is None
