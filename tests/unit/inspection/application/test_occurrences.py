"""Occurrences driven by deadlines, on fakes with the clock driven by the test: a cycle set issues
its window; the clock makes it 临期 then 超期; a completed one is not missed; after downtime each
closed window is missed once, a bounded number a firing; a retired task stops issuing."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from libs.clock import FixedClock
from libs.deadlines import DeadlineScheduler
from libs.pagination import PageParams
from services.inspection import bootstrap
from services.inspection.application import commands as c
from services.inspection.application import handlers as h
from services.inspection.application.occurrence_deadlines import deadline_handlers
from services.inspection.application.reactions import task_reactor
from services.inspection.domain.codes import CheckStatus
from services.inspection.domain.cycles import SHANGHAI
from services.inspection.domain.task import task_id_for
from tests.unit.inspection.application.flows import OFFICER, T0, defined, measure_event, revised

TASK = task_id_for("m-1")
DAY = timedelta(days=1)
DAILY = {"check_cycle": "1", "check_cycle_unit": "天", "task_start_time": "2026-12-01T08:00:00"}  # T0 in Shanghai
ALL = PageParams(limit=100, offset=0)


async def a_daily_task(per_firing: int = 50):
    clock = FixedClock(T0)
    w = bootstrap.in_memory(clock=clock)
    w.occurrences.per_firing = per_firing
    reactor = task_reactor(w.tasks, w.store, "", "inspection", w.occurrences.follow_task)
    await reactor.apply(None, defined())
    await h.schedule_task(c.ScheduleCheckTask(**DAILY).for_("ent-1", TASK), w, OFFICER)
    scheduler = DeadlineScheduler(w.occurrences.deadlines, w.store, deadline_handlers(w.occurrences), clock)
    return w, clock, scheduler, reactor


async def occurrences(w) -> list[dict]:
    return (await w.occurrences.queries.occurrences("ent-1", ALL))[0]


async def event_counts(w) -> Counter:
    return Counter(r.type.rsplit(".", 1)[1] for r in await w.store.read_all(limit=10_000)
                   if r.stream_id.startswith("occurrence-"))


async def fire_until_quiet(scheduler) -> int:
    passes = 0
    while (await scheduler.fire_due()).fired:
        passes += 1
    return passes


async def test_a_cycle_set_issues_its_open_window_and_comes_back_at_the_next():
    w, clock, scheduler, _ = await a_daily_task()
    assert [(d.kind, d.due_at) for d in await w.occurrences.deadlines.pending()] == [("catch-up", T0)]
    await fire_until_quiet(scheduler)
    [issued] = await occurrences(w)
    assert (issued["state"], issued["task_id"], issued["post_ids"]) == ("issued", TASK, ["post-1"])
    assert issued["window_start"] == T0.astimezone(SHANGHAI) and issued["window_end"] == T0 + DAY
    assert issued["imminent_at"] == T0 + DAY - DAY / 5  # the last 20 % of the window
    assert sorted((d.kind, d.due_at) for d in await w.occurrences.deadlines.pending()) == [
        ("catch-up", T0 + DAY), ("imminent", T0 + DAY * 4 / 5), ("overdue", T0 + DAY)]


async def test_the_clock_makes_it_imminent_then_missed_and_issues_the_next_window():
    w, clock, scheduler, _ = await a_daily_task()
    await fire_until_quiet(scheduler)
    clock.advance(DAY * 4 / 5 - timedelta(seconds=1))
    await fire_until_quiet(scheduler)
    assert [o["state"] for o in await occurrences(w)] == ["issued"]  # not due yet
    clock.advance(timedelta(seconds=1))
    await fire_until_quiet(scheduler)
    assert [o["state"] for o in await occurrences(w)] == ["imminent"]
    clock.advance(DAY / 5)
    await fire_until_quiet(scheduler)
    assert [o["state"] for o in await occurrences(w)] == ["missed", "issued"]
    assert await event_counts(w) == {"OccurrenceIssued": 2, "OccurrenceBecameImminent": 1, "OccurrenceMissed": 1}


async def test_a_completed_occurrence_is_not_missed_when_its_window_closes():
    w, clock, scheduler, _ = await a_daily_task()
    await fire_until_quiet(scheduler)
    [row] = await occurrences(w)
    occurrence = await w.occurrences.occurrences.get(row["id"])
    occurrence.complete(record_id="rec-1", status=CheckStatus.NORMAL, made_at=T0 + DAY / 2, received_at=T0 + DAY / 2)
    await w.occurrences.occurrences.save(occurrence, OFFICER)
    clock.advance(DAY)
    await fire_until_quiet(scheduler)
    first = (await occurrences(w))[0]
    assert (first["state"], first["record_id"]) == ("completed", "rec-1")
    assert "OccurrenceMissed" not in await event_counts(w)
    assert "OccurrenceBecameImminent" not in await event_counts(w)  # completed before 临期


async def test_after_downtime_each_closed_window_is_missed_once_a_bounded_number_a_firing():
    w, clock, scheduler, _ = await a_daily_task(per_firing=2)
    await fire_until_quiet(scheduler)
    clock.advance(5 * DAY + timedelta(hours=1))  # down for five windows: the 6th is open
    passes = await fire_until_quiet(scheduler)
    rows = await occurrences(w)
    assert [(o["state"], o["never_issued"]) for o in rows] == [
        ("missed", False), *[("missed", True)] * 4, ("issued", False)]
    assert [o["window_start"] for o in rows] == [T0 + n * DAY for n in range(6)]
    assert await event_counts(w) == {"OccurrenceIssued": 2, "OccurrenceMissed": 5}
    assert passes == 3  # five windows owed, two a firing
    await fire_until_quiet(scheduler)
    assert len(await occurrences(w)) == 6  # nothing more owed until the next window


async def test_a_retired_task_stops_issuing_and_its_open_occurrence_keeps_its_clock():
    w, clock, scheduler, reactor = await a_daily_task()
    await fire_until_quiet(scheduler)
    await reactor.apply(None, measure_event("ControlMeasureRetired", 2, reason="工艺改造"))
    assert sorted(d.kind for d in await w.occurrences.deadlines.pending()) == ["imminent", "overdue"]
    clock.advance(3 * DAY)
    await fire_until_quiet(scheduler)
    assert [o["state"] for o in await occurrences(w)] == ["missed"]


async def test_a_changed_cycle_catches_up_from_now_without_a_backlog_or_a_second_issue():
    w, clock, scheduler, _ = await a_daily_task()
    await fire_until_quiet(scheduler)
    clock.advance(timedelta(hours=2))
    task = await w.queries.task("ent-1", TASK)
    await h.schedule_task(c.ScheduleCheckTask(**{**DAILY, "check_cycle": "2"}, expected_version=task["version"])
                          .for_("ent-1", TASK), w, OFFICER)
    await fire_until_quiet(scheduler)  # the new cycle's open window opens at T0 as the old one did: the same
    assert len(await occurrences(w)) == 1
    assert await event_counts(w) == {"OccurrenceIssued": 1}


async def test_a_task_reinstated_is_caught_up_from_then_without_the_windows_it_was_retired_for():
    w, clock, scheduler, reactor = await a_daily_task()
    await fire_until_quiet(scheduler)
    await reactor.apply(None, revised(2, data_source="1"))  # no longer inspected: retired
    assert "catch-up" not in {d.kind for d in await w.occurrences.deadlines.pending()}
    clock.advance(3 * DAY + timedelta(hours=1))
    await fire_until_quiet(scheduler)
    await reactor.apply(None, revised(3))  # inspected again: reinstated, on the cycle it had
    await fire_until_quiet(scheduler)
    rows = await occurrences(w)
    assert [(o["state"], o["window_start"]) for o in rows] == [("missed", T0), ("issued", T0 + 3 * DAY)]
