"""Occurrences on PostgreSQL under more than one deadline scheduler: the app's own and two more on
the same table, all on the test's clock. Every window's events are appended exactly once; after
downtime (the clock jumps five windows) each window that closed is missed once — the one issued
before by its own deadline, the others by catch-up, never issued — a bounded number a firing."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest

from libs.deadlines import DeadlineScheduler
from services.inspection.application.occurrence_deadlines import deadline_handlers
from tests.integration.inspection.occurrence_plant import T0, started

DAY = timedelta(days=1)


@pytest.fixture
async def occurrence_plant(runtime, database_url, topic_prefix):
    async with started(runtime, database_url, topic_prefix) as plant:
        yield plant


@asynccontextmanager
async def more_schedulers(plant, n: int = 2):
    """`n` schedulers beside the app's, small batches so that they take turns over the due rows."""
    app = plant.app
    handlers = deadline_handlers(app.state.inspection.occurrences)
    running = [asyncio.create_task(DeadlineScheduler(app.state.deadlines, app.state.store, handlers, plant.clock,
                                                     batch_size=3, poll_s=0.05).run()) for _ in range(n)]
    try:
        yield
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


def per_stream(events) -> Counter:
    return Counter((e["stream_id"], e["type"].rsplit(".", 1)[1]) for e in events)


async def test_three_schedulers_append_each_occurrence_event_exactly_once(occurrence_plant):
    plant = occurrence_plant
    async with more_schedulers(plant):
        tasks = [await plant.task(n) for n in range(12)]
        await plant.quiet()
        for step in (DAY * 4 / 5, DAY / 5, DAY * 4 / 5, DAY / 5):  # 临期, 超期 and the next window, twice
            plant.clock.advance(step)
            await plant.quiet()
    events = await plant.events()
    assert set(per_stream(events).values()) == {1}, "no event twice on one occurrence"
    assert Counter(e["type"].rsplit(".", 1)[1] for e in events) == {
        "OccurrenceIssued": 36, "OccurrenceBecameImminent": 24, "OccurrenceMissed": 24}
    states = Counter((o["task_id"], o["state"]) for o in (await plant.occurrences())["items"])
    assert states == {**{(t, "missed"): 2 for t in tasks}, **{(t, "issued"): 1 for t in tasks}}


async def test_after_downtime_each_closed_window_is_missed_exactly_once_two_a_firing(occurrence_plant):
    plant = occurrence_plant
    plant.app.state.inspection.occurrences.per_firing = 2
    async with more_schedulers(plant):
        task_id = await plant.task()
        await plant.quiet()
        plant.clock.advance(5 * DAY + timedelta(hours=1))  # down for five windows: the sixth is open
        await plant.quiet()
    items = (await plant.occurrences(task_id=task_id))["items"]
    assert [(o["state"], o["never_issued"]) for o in items] == [
        ("missed", False), *[("missed", True)] * 4, ("issued", False)]
    assert [o["window_start"] for o in items] == [(T0 + n * DAY).isoformat() for n in range(6)]
    events = await plant.events()
    assert set(per_stream(events).values()) == {1}, "none doubled"
    caught_up = Counter(e["tx"] for e in events if e["never_issued"])
    assert sum(caught_up.values()) == 4 and max(caught_up.values()) <= 2, "at most two windows a firing"
