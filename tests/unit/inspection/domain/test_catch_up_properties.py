"""Properties of catch-up (hypothesis): however a backlog is cut into bounded steps — and however far
the clock moves between them — every window owed is handed out exactly once, as one big step would."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.inspection.domain.catch_up import catch_up
from services.inspection.domain.cycles import SHANGHAI, TaskCycle, windows
from tests.unit.inspection.domain.calendars import calendar_2025

CALENDAR = calendar_2025()  # 2025 known, 2024 and 2026 assumed
EVERYTHING = 10**6
quarters = st.integers(1, 40).map(lambda n: Decimal(n) / 4)
starts = st.datetimes(datetime(2024, 11, 1), datetime(2026, 1, 31)).map(lambda d: d.replace(second=0, microsecond=0))
# Hypothesis draws values near 0 far too often for a clock; scrambled, small draws land anywhere.
fractions = st.integers(0, 1000).map(lambda n: n * 617 % 1001 / 1000)
times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 30]))
# How far the clock may run past the start: a backlog of some hundreds of windows at most.
REACH = {"小时": timedelta(days=6), "天": timedelta(days=90), "月": timedelta(days=1500), "年": timedelta(days=4000)}


@st.composite
def cycles(draw) -> TaskCycle:
    unit = draw(st.sampled_from(["小时", "天", "月", "年"]))
    every = {"小时": quarters, "天": quarters, "月": st.integers(1, 6).map(Decimal),
             "年": st.integers(1, 8).map(lambda n: Decimal(n) / 4)}[unit]
    hourly = {"work_start_time": draw(times), "work_end_time": draw(times)} if unit == "小时" else {}
    return TaskCycle.of(check_cycle=draw(every), check_cycle_unit=unit, task_start_time=draw(starts),
                        work_day_type=draw(st.integers(0, 2)), **hourly)


def moment(task: TaskCycle, fraction: float) -> datetime:
    """A moment between a day before the task starts and its reach."""
    span = REACH[task.unit.value] + timedelta(days=1)
    return (task.start - timedelta(days=1) + span * fraction).replace(tzinfo=SHANGHAI)


@settings(max_examples=150, deadline=None)
@given(cycles(), fractions, st.lists(st.integers(1, 7), min_size=1, max_size=30))
def test_steps_of_any_size_hand_out_what_one_big_step_does(task, at, limits):
    now = moment(task, at)
    whole = catch_up(task, None, now, CALENDAR, EVERYTHING)
    assert not whole.more
    issued, missed, cursor = [], [], None
    for limit in [*limits, EVERYTHING]:
        step = catch_up(task, cursor, now, CALENDAR, limit)
        issued += step.issue
        missed += step.miss
        cursor = step.cursor
        if not step.more:
            break
    assert issued == list(whole.issue) and missed == list(whole.miss)
    assert len({w.start for w in issued + missed}) == len(issued) + len(missed)  # never a window twice
    assert len(issued) <= 1  # windows never overlap: at most one is open now


@settings(max_examples=150, deadline=None)
@given(cycles(), st.lists(st.tuples(fractions, st.integers(1, 5)), min_size=1, max_size=25))
def test_with_the_clock_moving_between_steps_each_window_is_handed_out_once(task, runs):
    nows = sorted(moment(task, at) for at, _ in runs)
    cursor, handed = None, []
    for now, (_, limit) in zip(nows, runs, strict=True):
        step = catch_up(task, cursor, now, CALENDAR, limit)
        assert all(w.end <= now for w in step.miss)  # missed only once closed
        assert all(w.start <= now < w.end for w in step.issue)  # issued only while open
        assert len(step.handled) <= limit
        handed += step.handled
        cursor = step.cursor
    while True:  # the scheduler keeps firing at the last moment until nothing more is owed
        step = catch_up(task, cursor, nows[-1], CALENDAR, 7)
        handed += step.handled
        cursor = step.cursor
        if not step.more:
            break
    owed = list(windows(task, task.start, nows[-1] + timedelta(microseconds=1), CALENDAR))
    assert [w.start for w in handed] == [w.start for w in owed]  # none lost, none doubled, in order


@settings(max_examples=100, deadline=None)
@given(cycles(), fractions, fractions, st.integers(1, 6))
def test_since_hands_out_only_windows_still_open_when_the_task_was_made(task, made, later, limit):
    since = moment(task, made * 0.5)
    now = max(since, moment(task, later))
    cursor, handed = None, []
    while True:
        step = catch_up(task, cursor, now, CALENDAR, limit, **({"since": since} if cursor is None else {}))
        handed += step.handled
        cursor = step.cursor
        if not step.more:
            break
    owed = [w for w in windows(task, task.start, now + timedelta(microseconds=1), CALENDAR) if w.end > since]
    assert [w.start for w in handed] == [w.start for w in owed]
