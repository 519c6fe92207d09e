"""Measurement 9 — occurrence_day: one day of occurrences for `day_tasks` check tasks (issue 12:
100k), in process, the way the catch-up deadline's firings make them (application/
occurrence_catch_up.py, without the database): at each window's start, `catch_up` from the cursor,
`owed_occurrences` (the Occurrence aggregates with their OccurrenceIssued), `next_window` for the
deadline's next time. The baseline is the cycles' windows alone: `windows()` over the same day for
every task, with the same calendar (the statutory library, 2026 known).

The tasks mix the cycles a plant sets: daily on every day (40 %), daily on working days (20 %),
every 4 hours through a 08:00–20:00 shift (30 %), monthly (10 %, one in 30 opening on the day).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal

from bench.console import Step
from bench.plan import Plan
from bench.report import Measured, Row
from bench.runtime import BenchRuntime
from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.catch_up import catch_up, owed_occurrences
from services.inspection.domain.codes import CheckCycleUnit, WorkDayType
from services.inspection.domain.cycles import SHANGHAI, TaskCycle, next_window, windows
from services.inspection.domain.statutory import ChineseCalendarLibrary

DAY_START = datetime(2026, 12, 8, tzinfo=SHANGHAI)  # a Tuesday, a working day
DAY_END = DAY_START + timedelta(days=1)
BEGUN = datetime(2026, 1, 1, 8, 0)


def cycle_of(i: int) -> TaskCycle:
    kind = i % 10
    if kind < 4:
        return TaskCycle(Decimal(1), CheckCycleUnit.DAY, BEGUN)
    if kind < 6:
        return TaskCycle(Decimal(1), CheckCycleUnit.DAY, BEGUN, WorkDayType.WORKING_DAYS)
    if kind < 9:
        return TaskCycle(Decimal(4), CheckCycleUnit.HOUR, BEGUN, work_start=clock_time(8), work_end=clock_time(20))
    return TaskCycle(Decimal(1), CheckCycleUnit.MONTH, BEGUN.replace(day=1 + i // 10 % 28))


def windows_alone(cycles: list[TaskCycle], calendar: WorkingCalendar) -> int:
    return sum(1 for cycle in cycles for _ in windows(cycle, DAY_START, DAY_END, calendar))


def cursors(cycles: list[TaskCycle], calendar: WorkingCalendar) -> list[datetime | None]:
    """Each task's cursor as the day begins: the start of the last window opened before it (untimed)."""
    found = []
    for cycle in cycles:
        last = None
        for window in windows(cycle, DAY_START - timedelta(days=31), DAY_START, calendar):
            last = window.start
        found.append(last)
    return found


def generate(cycles: list[TaskCycle], starts: list[datetime | None], calendar: WorkingCalendar) -> int:
    """Every firing of every task's catch-up deadline through the day; the occurrences made."""
    made = 0
    for i, (cycle, cursor) in enumerate(zip(cycles, starts, strict=True)):
        task = f"bench-task-{i:06d}"
        upcoming = next_window(cycle, cursor or DAY_START, calendar)
        while upcoming is not None and upcoming.start < DAY_END:
            now = upcoming.start
            step = catch_up(cycle, cursor, now, calendar, 50)
            made += len(owed_occurrences(step, enterprise_id="bench-enterprise", task_id=task, post_ids=["bench-post"],
                                         person_ids=[], now=now))
            cursor = step.cursor
            upcoming = next_window(cycle, now, calendar)
    return made


async def measure(_runtime: BenchRuntime | None, plan: Plan, step: Step) -> Measured:
    calendar = WorkingCalendar(ChineseCalendarLibrary())
    cycles = [cycle_of(i) for i in range(plan.day_tasks)]
    step.say(f"{plan.day_tasks:,} tasks: cursors (untimed)")
    starts = cursors(cycles, calendar)
    step.say("the cycles' windows alone")
    started = time.process_time()
    alone = windows_alone(cycles, calendar)
    alone_s = time.process_time() - started
    step.say("one day of catch-up firings")
    started = time.process_time()
    made = generate(cycles, starts, calendar)
    made_s = time.process_time() - started
    if made != alone:
        raise AssertionError(f"{made} occurrences made, {alone} windows open in the day")
    step.finish(f"{made:,} occurrences in {made_s:.1f} s CPU (windows alone {alone_s:.1f} s)")
    rows = [Row("occurrence_day", f"one day for {plan.day_tasks:,} tasks: {made:,} occurrences (CPU s)", made_s, "s",
                baseline=alone_s, baseline_name="windows alone"),
            Row("occurrence_day", "occurrences made per second (catch-up, in process)", made / made_s, "/s",
                baseline=alone / alone_s, baseline_name="windows alone")]
    return Measured(rows=rows, details={"tasks": plan.day_tasks, "occurrences": made, "seconds": made_s,
                                        "windows_alone_seconds": alone_s})
