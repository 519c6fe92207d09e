"""Deadlines on the in-memory fakes: the retry policy, the run loop driven by the test clock,
parking. The contract both books keep is tests/integration/libs/test_deadlines_contract.py; the
small task model here (a task whose window closes at a due time) is what all deadline tests fire.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from prometheus_client import REGISTRY

from libs.aggregate import Aggregate
from libs.clock import FixedClock
from libs.deadlines import Claim, Deadline, DeadlineBook, DeadlineScheduler, InMemoryDeadlines, RetryPolicy
from libs.events import DomainEvent, EventRegistry
from libs.eventstore import InMemoryEventStore
from libs.eventstore.port import EventStore
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
CTX = CommandContext("p-1", "ent-1", "corr-1")
WINDOW = "task.window"


# ── a task whose window closes at a due time ─────────────────────────────────────────────────
class TaskOpened(DomainEvent):
    TYPE = "shuangkong.test.TaskOpened"
    task_id: str
    closes_at: datetime


class TaskNoted(DomainEvent):
    TYPE = "shuangkong.test.TaskNoted"
    task_id: str
    note: str


class TaskWindowClosed(DomainEvent):
    TYPE = "shuangkong.test.TaskWindowClosed"
    task_id: str
    closed_at: datetime


class TaskDone(DomainEvent):
    TYPE = "shuangkong.test.TaskDone"
    task_id: str


EVENTS = EventRegistry().register_all([TaskOpened, TaskNoted, TaskWindowClosed, TaskDone])


class Task(Aggregate):
    state = "new"

    def open(self, closes_at: datetime) -> None:
        self._record(TaskOpened(task_id=self.id, closes_at=closes_at))

    def note(self, note: str) -> None:
        self._record(TaskNoted(task_id=self.id, note=note))

    def close_window(self, at: datetime) -> None:
        if self.state == "open":  # a task done in time has no window left to close
            self._record(TaskWindowClosed(task_id=self.id, closed_at=at))

    def finish(self) -> None:
        self._record(TaskDone(task_id=self.id))

    def when_TaskOpened(self, _e: TaskOpened) -> None:
        self.state = "open"

    def when_TaskNoted(self, _e: TaskNoted) -> None:
        pass

    def when_TaskWindowClosed(self, _e: TaskWindowClosed) -> None:
        self.state = "closed"

    def when_TaskDone(self, _e: TaskDone) -> None:
        self.state = "done"


def tasks(store: EventStore) -> Repository[Task]:
    return Repository(store, EVENTS, Task, "task", service="test")


def window_key(task_id: str) -> str:
    return f"task-{task_id}:window"


async def open_task(store: EventStore, book: DeadlineBook, task_id: str, closes_at: datetime,
                    ctx: CommandContext = CTX) -> None:
    """The command: open the task and set its window's deadline, in one unit of work."""
    uow = UnitOfWork(store, ctx)
    task = Task(task_id)
    task.open(closes_at)
    uow.save(tasks(store), task)
    book.schedule(uow, window_key(task_id), closes_at, WINDOW, stream_id=f"task-{task_id}",
                  data={"task_id": task_id})
    await uow.commit()


async def finish_task(store: EventStore, book: DeadlineBook, task_id: str, expected_version: int | None = None) -> None:
    """The command: the task is done in time, so its window's deadline goes."""
    uow = UnitOfWork(store, CTX)
    task = await tasks(store).load(task_id, expected_version)
    task.finish()
    uow.save(tasks(store), task)
    book.cancel(uow, window_key(task_id))
    await uow.commit()


async def close_window(deadline: Deadline, uow: UnitOfWork) -> None:
    """The handler: the window closes on a task still open."""
    repo = tasks(uow.store)
    task = await repo.load(deadline.data["task_id"])
    task.close_window(deadline.due_at)
    uow.save(repo, task)


async def types_of(store: EventStore, task_id: str) -> list[str]:
    return [e.type.rsplit(".", 1)[-1] for e in await store.load(f"task-{task_id}")]


def metric(name: str, service: str, kind: str = WINDOW) -> float:
    return REGISTRY.get_sample_value(name, {"service": service, "kind": kind}) or 0.0


# ── unit tests ───────────────────────────────────────────────────────────────────────────────
def test_the_back_off_doubles_up_to_its_cap_and_parks_at_the_last_attempt():
    policy = RetryPolicy(first_delay=timedelta(seconds=5), max_delay=timedelta(seconds=30), max_attempts=4)
    assert [policy.delay(n) for n in (1, 2, 3, 4, 5)] == [timedelta(seconds=s) for s in (5, 10, 20, 30, 30)]
    assert [policy.parks(n) for n in (1, 3, 4)] == [False, False, True]


def test_a_fixed_clock_tells_who_waits_on_it_when_it_moves():
    clock, moves = FixedClock(T0), []
    clock.on_move(lambda: moves.append(clock.now()))
    clock.advance(timedelta(hours=1))
    clock.set(T0)
    assert moves == [T0 + timedelta(hours=1), T0]


async def test_the_running_scheduler_fires_when_the_test_moves_the_clock_not_by_wall_time():
    store, book, clock = InMemoryEventStore(), InMemoryDeadlines(), FixedClock(T0)
    await open_task(store, book, "t1", T0 + timedelta(days=2))
    closed = asyncio.Event()

    async def closing(deadline: Deadline, uow: UnitOfWork) -> None:
        await close_window(deadline, uow)
        await uow.commit()
        closed.set()

    # A poll interval far longer than the test: only the clock's move can wake it.
    scheduler = DeadlineScheduler(book, store, {WINDOW: closing}, clock, service="unit-run", poll_s=3600)
    running = asyncio.create_task(scheduler.run())
    try:
        await asyncio.sleep(0.05)
        assert not closed.is_set() and await types_of(store, "t1") == ["TaskOpened"]
        clock.advance(timedelta(days=2))
        await asyncio.wait_for(closed.wait(), 2)
        for _ in range(100):  # the claim ends after its handler
            if not await book.pending():
                break
            await asyncio.sleep(0.01)
    finally:
        running.cancel()
    assert await types_of(store, "t1") == ["TaskOpened", "TaskWindowClosed"]
    assert metric("sk_deadlines_fired_total", "unit-run") == 1


async def test_a_deadline_of_a_kind_without_handler_is_retried_then_parked_and_counted():
    store, book, clock = InMemoryEventStore(), InMemoryDeadlines(), FixedClock(T0)
    await open_task(store, book, "t1", T0)
    scheduler = DeadlineScheduler(book, store, {}, clock, service="unit-parked",
                                  retry=RetryPolicy(first_delay=timedelta(minutes=1), max_attempts=3))
    for _ in range(3):
        assert (await scheduler.fire_due()).failed == 1
        clock.advance(timedelta(hours=1))
    assert (await scheduler.fire_due()).claimed == 0, "a parked deadline is out of the claims"
    [parked] = await book.pending()
    assert parked.parked and parked.attempts == 3 and "no handler" in parked.last_error
    assert metric("sk_deadlines_parked_total", "unit-parked") == 1
    assert metric("sk_deadline_failures_total", "unit-parked") == 3


async def test_a_work_that_fails_after_the_schedule_leaves_no_deadline():
    store, book = InMemoryEventStore(), InMemoryDeadlines()
    uow = UnitOfWork(store, CTX)
    task = Task("t1")
    task.open(T0)
    uow.save(tasks(store), task)
    book.schedule(uow, window_key("t1"), T0, WINDOW, stream_id="task-t1")

    async def refuse(_tx) -> None:
        raise RuntimeError("a later write refuses")

    uow.also(refuse)
    try:
        await uow.commit()
    except RuntimeError:
        pass
    assert await book.pending() == [] and await store.load("task-t1") == []


class NotingClaimEnds:
    """A book that notes when each of its claims ends (commits, on PostgreSQL)."""

    def __init__(self, book: InMemoryDeadlines, noted: list[str]) -> None:
        self.book, self.noted = book, noted
        self.schedule, self.cancel, self.pending = book.schedule, book.cancel, book.pending

    @asynccontextmanager
    async def claim(self, now: datetime, limit: int) -> AsyncIterator[Claim]:
        async with self.book.claim(now, limit) as claim:
            yield claim
        self.noted.append("claim ended")


async def test_the_relay_is_woken_after_a_claim_that_fired_and_not_after_one_that_fired_nothing():
    store, book, clock, noted = InMemoryEventStore(), InMemoryDeadlines(), FixedClock(T0), []
    await open_task(store, book, "t1", T0 + timedelta(hours=1))
    await open_task(store, book, "t2", T0 + timedelta(hours=2))

    async def refuse_t2(deadline: Deadline, uow: UnitOfWork) -> None:
        if deadline.data["task_id"] == "t2":
            raise RuntimeError("规则拒绝")
        await close_window(deadline, uow)

    scheduler = DeadlineScheduler(NotingClaimEnds(book, noted), store, {WINDOW: refuse_t2}, clock,
                                  wake=lambda: noted.append("relay woken"))
    assert (await scheduler.fire_due()).claimed == 0
    assert noted == ["claim ended"], "nothing due: nothing to publish"
    clock.advance(timedelta(hours=1))
    assert (await scheduler.fire_due()).fired == 1
    assert noted[1:] == ["claim ended", "relay woken"], "woken once the claim's appends are committed"
    clock.advance(timedelta(hours=1))
    assert (await scheduler.fire_due()).failed == 1
    assert noted[3:] == ["claim ended"], "a pass whose every attempt failed appended nothing"
