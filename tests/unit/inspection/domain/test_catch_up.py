"""Catch-up after downtime: the window open now is issued, each that opened and closed while nobody
ran is missed exactly once, at most `limit` per call with a flag saying more are owed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from libs.aggregate import DomainError
from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.catch_up import CatchUp, catch_up, owed_occurrences
from services.inspection.domain.codes import OccurrenceState
from services.inspection.domain.cycles import SHANGHAI, TaskCycle
from services.inspection.domain.occurrence_ids import occurrence_id
from tests.unit.inspection.domain.calendars import FakeStatutory, calendar_2025

EVERY_DAY = WorkingCalendar(FakeStatutory({}))
DAILY = TaskCycle.of(check_cycle=1, check_cycle_unit="天", task_start_time=datetime(2025, 3, 1, 8))


def sh(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


def starts(windows) -> list[datetime]:
    return [w.start for w in windows]


def all_steps(cycle, after, now, calendar=EVERY_DAY, limit=3, **since) -> list[CatchUp]:
    steps = [catch_up(cycle, after, now, calendar, limit, **since)]
    while steps[-1].more:
        steps.append(catch_up(cycle, steps[-1].cursor, now, calendar, limit))
    return steps


def test_the_first_run_issues_the_window_open_now():
    step = catch_up(DAILY, None, sh(2025, 3, 1, 9), EVERY_DAY, 10)
    assert starts(step.issue) == [sh(2025, 3, 1, 8)] and step.miss == ()
    assert step.cursor == sh(2025, 3, 1, 8) and not step.more


def test_a_window_opening_this_very_instant_is_issued():
    step = catch_up(DAILY, sh(2025, 3, 1, 8), sh(2025, 3, 2, 8), EVERY_DAY, 10)
    assert starts(step.issue) == [sh(2025, 3, 2, 8)] and step.miss == ()


def test_running_again_at_once_owes_nothing():
    first = catch_up(DAILY, None, sh(2025, 3, 1, 9), EVERY_DAY, 10)
    again = catch_up(DAILY, first.cursor, sh(2025, 3, 1, 9, 1), EVERY_DAY, 10)
    assert (again.issue, again.miss, again.cursor, again.more) == ((), (), first.cursor, False)


def test_before_the_task_starts_nothing_is_owed():
    step = catch_up(DAILY, None, sh(2025, 2, 28, 23, 59), EVERY_DAY, 10)
    assert (step.issue, step.miss, step.cursor, step.more) == ((), (), None, False)


def test_three_days_down_misses_each_closed_window_once_and_issues_today():
    """The window issued before the downtime (1 March) is missed by its own deadline, not here."""
    step = catch_up(DAILY, sh(2025, 3, 1, 8), sh(2025, 3, 4, 10), EVERY_DAY, 10)
    assert starts(step.miss) == [sh(2025, 3, 2, 8), sh(2025, 3, 3, 8)]
    assert starts(step.issue) == [sh(2025, 3, 4, 8)]


def test_a_long_downtime_is_caught_up_a_bounded_step_at_a_time():
    steps = all_steps(DAILY, sh(2025, 3, 1, 8), sh(2025, 3, 11, 10), limit=3)
    assert [len(step.handled) for step in steps] == [3, 3, 3, 1]
    assert [step.more for step in steps] == [True, True, True, False]
    handled = [w.start for step in steps for w in step.handled]
    assert handled == [sh(2025, 3, d, 8) for d in range(2, 12)]
    assert starts(steps[-1].issue) == [sh(2025, 3, 11, 8)]


def test_exactly_the_limit_owed_says_no_more():
    step = catch_up(DAILY, sh(2025, 3, 1, 8), sh(2025, 3, 4, 10), EVERY_DAY, 3)
    assert len(step.handled) == 3 and not step.more


def test_down_over_midnight_with_an_hourly_night_shift():
    night = TaskCycle.of(check_cycle=2, check_cycle_unit="小时", task_start_time=datetime(2025, 12, 30),
                         work_start_time="22:00:00", work_end_time="5:00:00")
    step = catch_up(night, sh(2025, 12, 31, 22), sh(2026, 1, 1, 4, 30), EVERY_DAY, 10)
    assert starts(step.miss) == [sh(2026, 1, 1, 0), sh(2026, 1, 1, 2)]
    assert [(w.start, w.end) for w in step.issue] == [(sh(2026, 1, 1, 4), sh(2026, 1, 1, 5))]  # cut at 05:00


def test_down_over_the_spring_festival_misses_only_working_days_including_the_swapped_sunday():
    working = TaskCycle.of(check_cycle=1, check_cycle_unit="天", task_start_time=datetime(2025, 1, 20, 8),
                           work_day_type=1)
    step = catch_up(working, sh(2025, 1, 25, 8), sh(2025, 2, 9, 10), calendar_2025(), 50)
    assert [w.start.date() for w in step.miss] == [date(2025, 1, 26), date(2025, 1, 27), date(2025, 2, 5),
                                                   date(2025, 2, 6), date(2025, 2, 7), date(2025, 2, 8)]
    assert step.issue == ()  # Sunday 9 February is a rest day: nothing open


def test_down_over_national_day_on_a_non_working_day_task():
    rest = TaskCycle.of(check_cycle=1, check_cycle_unit="天", task_start_time=datetime(2025, 9, 1, 9),
                        work_day_type=2)
    step = catch_up(rest, sh(2025, 9, 27, 9), sh(2025, 10, 9, 12), calendar_2025(), 50)
    assert [w.start.day for w in step.miss] == [1, 2, 3, 4, 5, 6, 7, 8]  # 28 Sep was worked (调休)
    assert step.issue == ()  # 9 October is a working day


def test_across_new_year_into_a_year_no_calendar_knows_flags_the_windows():
    working = TaskCycle.of(check_cycle=1, check_cycle_unit="天", task_start_time=datetime(2025, 12, 1, 8),
                           work_day_type=1)
    step = catch_up(working, sh(2025, 12, 30, 8), sh(2026, 1, 2, 9), calendar_2025(), 50)
    # 2026 is assumed an ordinary week, so New Year's Day is taken as working: the flag says so.
    assert [(w.start.date(), w.assumed_calendar) for w in step.miss] == [
        (date(2025, 12, 31), False), (date(2026, 1, 1), True)]
    assert [(w.start.date(), w.assumed_calendar) for w in step.issue] == [(date(2026, 1, 2), True)]


def test_a_monthly_task_from_the_31st_over_the_month_ends():
    monthly = TaskCycle.of(check_cycle=1, check_cycle_unit="月", task_start_time=datetime(2024, 1, 31, 9))
    step = catch_up(monthly, sh(2024, 1, 31, 9), sh(2024, 5, 1), EVERY_DAY, 10)
    assert starts(step.miss) == [sh(2024, 2, 29, 9), sh(2024, 3, 31, 9)]
    assert starts(step.issue) == [sh(2024, 4, 30, 9)]


def test_a_yearly_task_from_29_february():
    yearly = TaskCycle.of(check_cycle=1, check_cycle_unit="年", task_start_time=datetime(2024, 2, 29, 0))
    step = catch_up(yearly, None, sh(2028, 3, 1), EVERY_DAY, 10)
    assert starts(step.miss) == [sh(2024, 2, 29), sh(2025, 2, 28), sh(2026, 2, 28), sh(2027, 2, 28)]
    assert starts(step.issue) == [sh(2028, 2, 29)]


def test_a_new_task_with_a_start_in_the_past_owes_no_backlog():
    """Made on 10 March with taskStartTime 1 March: the days before it existed are nobody's miss."""
    step = catch_up(DAILY, None, sh(2025, 3, 10, 9), EVERY_DAY, 3, since=sh(2025, 3, 10, 9))
    assert step.miss == () and starts(step.issue) == [sh(2025, 3, 10, 8)] and not step.more


def test_since_keeps_the_window_still_open_when_the_task_was_made():
    monthly = TaskCycle.of(check_cycle=1, check_cycle_unit="月", task_start_time=datetime(2024, 1, 31, 9))
    step = catch_up(monthly, None, sh(2024, 6, 2), EVERY_DAY, 10, since=sh(2024, 5, 20))
    assert starts(step.miss) == [sh(2024, 4, 30, 9)] and starts(step.issue) == [sh(2024, 5, 31, 9)]


def test_since_after_a_downtime_still_misses_what_closed_after_it():
    steps = all_steps(DAILY, None, sh(2025, 3, 13, 9), limit=2, since=sh(2025, 3, 10, 12))
    handled = [w.start for step in steps for w in step.handled]
    assert handled == [sh(2025, 3, d, 8) for d in (10, 11, 12, 13)]


def test_the_limit_is_a_positive_whole_number():
    for bad in (0, -1, 1.5, True, "3"):
        with pytest.raises(DomainError) as refused:
            catch_up(DAILY, None, sh(2025, 3, 1, 9), EVERY_DAY, bad)  # type: ignore[arg-type]
        assert refused.value.field == "limit"


def test_naive_moments_are_shanghai_time():
    aware = catch_up(DAILY, sh(2025, 3, 1, 8), sh(2025, 3, 3, 9), EVERY_DAY, 10)
    naive = catch_up(DAILY, datetime(2025, 3, 1, 8), datetime(2025, 3, 3, 9), EVERY_DAY, 10)
    assert aware.handled == naive.handled


def test_the_cost_of_a_step_does_not_grow_with_the_downtime():
    hourly = TaskCycle.of(check_cycle=1, check_cycle_unit="小时", task_start_time=datetime(2020, 1, 1),
                          work_start_time="0:00:00", work_end_time="0:00:00")
    step = catch_up(hourly, sh(2020, 1, 1), sh(2025, 1, 1), EVERY_DAY, 5)
    assert starts(step.miss) == [sh(2020, 1, 1) + timedelta(hours=h) for h in range(1, 6)] and step.more


def test_a_step_becomes_missed_occurrences_then_the_issued_one_with_stable_ids():
    step = catch_up(DAILY, sh(2025, 3, 1, 8), sh(2025, 3, 4, 10), EVERY_DAY, 10)
    made = owed_occurrences(step, enterprise_id="ent-1", task_id="task-1", post_ids=["post-1"], person_ids=[],
                            now=sh(2025, 3, 4, 10))
    assert [o.state for o in made] == [OccurrenceState.MISSED, OccurrenceState.MISSED, OccurrenceState.ISSUED]
    assert [o.id for o in made] == [occurrence_id("task-1", sh(2025, 3, d, 8)) for d in (2, 3, 4)]
    assert all(o.pending()[0].at == sh(2025, 3, 4, 10) for o in made)  # type: ignore[attr-defined]
    again = owed_occurrences(step, enterprise_id="ent-1", task_id="task-1", post_ids=["post-1"], person_ids=[],
                             now=sh(2025, 3, 4, 10, 1))
    assert [o.id for o in again] == [o.id for o in made]  # a step run twice reaches the same streams
