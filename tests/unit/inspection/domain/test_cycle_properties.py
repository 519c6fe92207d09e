"""Properties of every cycle's windows (hypothesis): ordered, never overlapping, each within its
cycle and inside the asked range, the same however the range is cut, and `next_window` agreeing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.inspection.domain.codes import CheckCycleUnit
from services.inspection.domain.cycles import SHANGHAI, TaskCycle, Window, next_window, windows
from tests.unit.inspection.domain.calendars import calendar_2025

CALENDAR = calendar_2025()  # 2025 known, 2024 and 2026 assumed: both kinds of answer are drawn
quarters = st.integers(1, 40).map(lambda n: Decimal(n) / 4)
moments = st.datetimes(datetime(2024, 10, 1), datetime(2026, 3, 1)).map(lambda d: d.replace(second=0, microsecond=0))
times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


@st.composite
def cycles(draw) -> tuple[TaskCycle, timedelta]:
    """A cycle and the longest a window of it can be."""
    unit = draw(st.sampled_from(["小时", "天", "月", "年"]))
    every = {"小时": quarters, "天": quarters, "月": st.integers(1, 14).map(Decimal),
             "年": st.integers(1, 12).map(lambda n: Decimal(n) / 4)}[unit]
    hourly = {"work_start_time": draw(times), "work_end_time": draw(times)} if unit == "小时" else {}
    task = TaskCycle.of(check_cycle=draw(every), check_cycle_unit=unit, task_start_time=draw(moments),
                        work_day_type=draw(st.integers(0, 2)), **hourly)
    longest = timedelta(days=31 * task.months) if task.months is not None else task.period
    return task, longest


def decided_on(task: TaskCycle, w: Window) -> date:
    """The day whose calendar placed `w`: the day it opens on; by 小时 the day its shift opened
    (a shift past midnight places its windows after 00:00 by the day before)."""
    opened = w.start.replace(tzinfo=None)
    if task.unit is not CheckCycleUnit.HOUR or task.work_start is None:
        return opened.date()
    return opened.date() if datetime.combine(opened.date(), task.work_start) <= opened \
        else opened.date() - timedelta(days=1)


def span_for(task: TaskCycle) -> timedelta:
    return {"小时": timedelta(days=4), "天": timedelta(days=40)}.get(task.unit.value, timedelta(days=1200))


@settings(max_examples=150, deadline=None)
@given(cycles(), st.integers(-10, 400))
def test_windows_are_ordered_disjoint_and_within_their_cycle(drawn, offset_days):
    task, longest = drawn
    low = (task.start + timedelta(days=offset_days)).replace(tzinfo=SHANGHAI)
    high = low + span_for(task)
    found = list(windows(task, low, high, CALENDAR))
    for w in found:
        assert low <= w.start < high
        assert w.start.replace(tzinfo=None) >= task.start
        assert timedelta(0) < w.end - w.start <= longest
        if task.work_day_type == 0:
            assert not w.assumed_calendar  # no calendar was asked
        elif decided_on(task, w).year != 2025:
            assert w.assumed_calendar  # the day that placed it is in no calendar here
    for before, after in zip(found, found[1:], strict=False):
        assert before.end <= after.start


@settings(max_examples=100, deadline=None)
@given(cycles(), st.integers(0, 300), st.floats(0, 1))
def test_cutting_the_range_changes_nothing(drawn, offset_days, cut):
    task, _ = drawn
    low = (task.start + timedelta(days=offset_days)).replace(tzinfo=SHANGHAI)
    high = low + span_for(task)
    middle = low + (high - low) * cut
    whole = list(windows(task, low, high, CALENDAR))
    assert whole == list(windows(task, low, middle, CALENDAR)) + list(windows(task, middle, high, CALENDAR))


@settings(max_examples=100, deadline=None)
@given(cycles(), st.integers(0, 300))
def test_next_window_is_the_next_one_listed(drawn, offset_days):
    task, _ = drawn
    low = (task.start + timedelta(days=offset_days)).replace(tzinfo=SHANGHAI)
    listed = list(windows(task, low, low + span_for(task), CALENDAR))
    for current, following in zip(listed, listed[1:], strict=False):
        assert next_window(task, current.start, CALENDAR) == following
