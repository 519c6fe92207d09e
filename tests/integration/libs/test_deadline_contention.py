"""A command and a claim over the same stream, on real PostgreSQL: no deadlock in the lock order
the unit of work keeps, no lost update, and a deadlock that other lock orders can still make
(several keys) costs one deadline's savepoint or the command, never the batch.

The unit of work writes deadline rows before it appends (libs/unit_of_work.py), and a claim holds
its rows from the start: a command that reschedules or cancels a deadline being fired queues on
the row before it holds the stream, then loses the stream version (409). A command that leaves
the fired deadline alone races the claim on the stream alone; whichever appends second gets a
ConcurrencyError, which for the claim is one failed attempt, tried again after its back-off.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable
from datetime import timedelta
from typing import TypeVar

import asyncpg
import pytest

from libs.clock import FixedClock
from libs.deadlines import Deadline, DeadlineScheduler, PostgresDeadlines
from libs.eventstore import ConcurrencyError, PostgresEventStore
from libs.eventstore.port import Transaction
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from tests.unit.libs.test_deadlines import T0, WINDOW, close_window, open_task, tasks, types_of, window_key

T = TypeVar("T")
HOUR = timedelta(hours=1)
COMMAND = CommandContext("p-2", "ent-1", "corr-2")
REMINDER = "task.reminder"


@pytest.fixture
async def spawn(pg):
    """Start a task that the test's end cancels if it is still waiting (a failed assertion must end
    the test, not leave a claim holding its connection and the pool's close waiting on it)."""
    started: list[asyncio.Task] = []

    def start(work: Awaitable[T]) -> asyncio.Task[T]:
        task = asyncio.ensure_future(work)
        started.append(task)
        return task

    yield start
    for task in started:
        task.cancel()
    await asyncio.gather(*started, return_exceptions=True)


def within(work: Awaitable[T], seconds: float = 10) -> Awaitable[T]:
    return asyncio.wait_for(work, seconds)


def reminder_key(task_id: str) -> str:
    return f"task-{task_id}:reminder"


async def waiting_on_a_lock(pool: asyncpg.Pool, statement: str) -> None:
    """Until a session of this database waits on a lock in a statement containing `statement`."""
    for _ in range(500):
        waiting = await pool.fetch("SELECT query FROM pg_stat_activity WHERE datname = current_database() "
                                   "AND wait_event_type = 'Lock'")
        if any(statement in r["query"] for r in waiting):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"nobody waits on a lock in {statement!r}")


def deadlock_timeout(ms: int):
    """`also` work: how long this transaction waits on a lock before it looks for a deadlock. The
    session whose timer runs out first while the cycle exists finds it and is the one ended."""
    async def set_it(tx: Transaction) -> None:
        await tx.connection.execute(f"SET LOCAL deadlock_timeout = '{ms}ms'")

    return set_it


# ── the command touches the deadline being fired: it queues on the row, then loses ──────────
async def changing_t1(store: PostgresEventStore, book: PostgresDeadlines, change: str) -> Awaitable[None]:
    """A command on task t1 that moves its window five hours on (`reschedule`) or finishes it and
    cancels the window (`cancel`): loaded now, its commit not yet started."""
    uow = UnitOfWork(store, COMMAND)
    task = await tasks(store).load("t1")
    if change == "reschedule":
        task.note("延期")
        book.schedule(uow, window_key("t1"), T0 + 5 * HOUR, WINDOW, stream_id="task-t1", data={"task_id": "t1"})
    else:
        task.finish()
        book.cancel(uow, window_key("t1"))
    uow.save(tasks(store), task)
    return uow.commit()


@pytest.mark.parametrize("change", ["reschedule", "cancel"])
async def test_a_command_changing_the_deadline_being_fired_waits_on_its_row_then_gets_a_conflict(pg, spawn, change):
    store, book = PostgresEventStore(pg), PostgresDeadlines(pg)
    await open_task(store, book, "t1", T0)
    appended, release = asyncio.Event(), asyncio.Event()

    async def close_and_hold(deadline: Deadline, uow: UnitOfWork) -> None:
        await close_window(deadline, uow)
        await uow.commit()  # appended on the claim's open transaction
        appended.set()
        await release.wait()

    firing = spawn(DeadlineScheduler(book, store, {WINDOW: close_and_hold}, FixedClock(T0)).fire_due())
    await within(appended.wait())
    command = spawn(await changing_t1(store, book, change))  # it loads version 1: the firing is not committed
    await waiting_on_a_lock(pg, "deadlines")  # on the row, before it holds the stream
    assert not command.done()
    release.set()
    assert (await within(firing)).fired == 1
    with pytest.raises(ConcurrencyError):
        await within(command)
    assert await types_of(store, "t1") == ["TaskOpened", "TaskWindowClosed"]
    assert await book.pending() == [], "fired, and the command's change went with its refused append"


# ── the handler sets the key again: the command, which queued behind it, has the last word ──
@pytest.mark.parametrize("change", ["reschedule", "cancel"])
async def test_a_command_that_queued_behind_a_firing_that_set_the_key_again_changes_the_new_row(pg, spawn, change):
    """A firing that appends nothing to the stream and looks again in an hour (the same key,
    a new row): the command queued on the old row commits, and its change applies to the new one."""
    store, book = PostgresEventStore(pg), PostgresDeadlines(pg)
    await open_task(store, book, "t1", T0)
    looking, release = asyncio.Event(), asyncio.Event()

    async def look_again_later(deadline: Deadline, uow: UnitOfWork) -> None:
        book.schedule(uow, deadline.key, deadline.due_at + HOUR, WINDOW, stream_id=deadline.stream_id,
                      data=deadline.data)
        await uow.commit()
        looking.set()
        await release.wait()

    firing = spawn(DeadlineScheduler(book, store, {WINDOW: look_again_later}, FixedClock(T0)).fire_due())
    await within(looking.wait())
    command = spawn(await changing_t1(store, book, change))
    await waiting_on_a_lock(pg, "deadlines")
    release.set()
    assert (await within(firing)).fired == 1
    await within(command)  # the firing appended nothing: the stream is still at the version loaded
    if change == "reschedule":
        [deadline] = await book.pending()
        assert deadline.due_at == T0 + 5 * HOUR, "the command's time, over the firing's next look"
    else:
        assert await book.pending() == [], "the cancel removed the row the firing set again"


# ── the command leaves the fired deadline alone: the claim loses the stream, retries later ──
async def test_a_command_that_wins_the_stream_makes_the_firing_a_failed_attempt_tried_again(pg, spawn):
    store, book = PostgresEventStore(pg), PostgresDeadlines(pg)
    await open_task(store, book, "t1", T0)
    clock = FixedClock(T0)
    scheduler = DeadlineScheduler(book, store, {WINDOW: close_window}, clock)
    async with pg.acquire() as conn, conn.transaction():
        uow = UnitOfWork(store, COMMAND, connection=conn)
        task = await tasks(store).load("t1")
        task.note("提醒改期")
        uow.save(tasks(store), task)
        book.schedule(uow, reminder_key("t1"), T0 + 2 * HOUR, REMINDER, stream_id="task-t1")
        await uow.commit()  # written, not committed: the claim's handler loads version 1
        firing = spawn(scheduler.fire_due())
        await waiting_on_a_lock(pg, "INSERT INTO events")  # the handler's append, on the command's
        assert not firing.done()
    done = await within(firing)
    assert (done.claimed, done.fired, done.failed) == (1, 0, 1)
    window, reminder = await book.pending()
    assert window.key == window_key("t1") and window.attempts == 1 and "ConcurrencyError" in window.last_error
    assert (reminder.key, reminder.due_at) == (reminder_key("t1"), T0 + 2 * HOUR), "the command's, committed"
    clock.advance(timedelta(seconds=5))
    assert (await scheduler.fire_due()).fired == 1
    assert await types_of(store, "t1") == ["TaskOpened", "TaskNoted", "TaskWindowClosed"]


# ── several keys in two orders can deadlock: the victim is one savepoint, or the command ─────
@pytest.mark.parametrize("victim", ["claim", "command"])
async def test_a_deadlock_between_a_claim_and_a_command_ends_one_deadline_or_the_command_not_the_batch(pg, spawn,
                                                                                                 victim):
    """The claim holds the windows of a and b. Firing a's sets a reminder on b; the command on b
    sets that reminder and then moves b's window: the claim holds b's window and waits for the
    reminder, the command holds the reminder and waits for b's window. Which one PostgreSQL ends
    is set by who looks for the deadlock first (`deadlock_timeout`)."""
    store, book = PostgresEventStore(pg), PostgresDeadlines(pg)
    await open_task(store, book, "a", T0)
    await open_task(store, book, "b", T0 + timedelta(minutes=1))
    clock = FixedClock(T0 + HOUR)
    a_firing, reminder_held = asyncio.Event(), asyncio.Event()
    command_may_go, claim_may_go = asyncio.Event(), asyncio.Event()
    fast, slow = deadlock_timeout(50), deadlock_timeout(20_000)

    async def close_and_remind_b(deadline: Deadline, uow: UnitOfWork) -> None:
        await close_window(deadline, uow)
        if deadline.data["task_id"] == "a":
            a_firing.set()  # the claim holds both windows
            await claim_may_go.wait()
            uow.also(fast if victim == "claim" else slow)
            book.schedule(uow, reminder_key("b"), T0 + 240 * HOUR, REMINDER, stream_id="task-b")

    async def hold_the_reminder(_tx: Transaction) -> None:
        reminder_held.set()
        await command_may_go.wait()

    scheduler = DeadlineScheduler(book, store, {WINDOW: close_and_remind_b}, clock)
    firing = spawn(scheduler.fire_due())
    uow = UnitOfWork(store, COMMAND)
    b = await tasks(store).load("b")
    b.note("改期")
    uow.save(tasks(store), b)
    uow.also(slow if victim == "claim" else fast)
    book.schedule(uow, reminder_key("b"), T0 + 48 * HOUR, REMINDER, stream_id="task-b")
    uow.also(hold_the_reminder)
    book.schedule(uow, window_key("b"), T0 + 5 * HOUR, WINDOW, stream_id="task-b", data={"task_id": "b"})
    command = spawn(uow.commit())
    await within(a_firing.wait())
    await within(reminder_held.wait())
    # The one that waits second closes the cycle and, with the short timeout, finds it.
    first, second = (command_may_go, claim_may_go) if victim == "claim" else (claim_may_go, command_may_go)
    first.set()
    await waiting_on_a_lock(pg, "deadlines")
    second.set()
    done = await within(firing)
    with pytest.raises(ConcurrencyError) as refused:
        await within(command)
    if victim == "claim":
        assert (done.fired, done.failed) == (1, 1), "a's savepoint alone was rolled back"
        assert await types_of(store, "a") == ["TaskOpened"]
        assert await types_of(store, "b") == ["TaskOpened", "TaskWindowClosed"], "b fired in the same claim"
        [kept] = await book.pending()
        assert kept.key == window_key("a") and kept.attempts == 1 and "DeadlockDetected" in kept.last_error
        assert not isinstance(refused.value.__cause__, asyncpg.DeadlockDetectedError), \
            "the command then lost b's version to the firing"
        clock.advance(timedelta(seconds=5))
        assert (await scheduler.fire_due()).fired == 1
    else:
        assert isinstance(refused.value.__cause__, asyncpg.DeadlockDetectedError), "ended by PostgreSQL: a 409"
        assert (done.fired, done.failed) == (2, 0)
    assert await types_of(store, "a") == ["TaskOpened", "TaskWindowClosed"]
    assert await types_of(store, "b") == ["TaskOpened", "TaskWindowClosed"]
    [reminder] = await book.pending()
    assert (reminder.key, reminder.due_at) == (reminder_key("b"), T0 + 240 * HOUR), "set by a's firing"


# ── the same race, randomised ────────────────────────────────────────────────────────────────
ROUNDS = 40
CHANGES = ["finish", "reschedule", "note"]  # cancels the window, moves it, leaves it alone
MOVED = T0 + 3 * HOUR


async def test_a_command_and_a_claim_racing_over_one_stream_end_consistent_every_time(pg, spawn):
    store, book = PostgresEventStore(pg), PostgresDeadlines(pg)
    outcomes: set[tuple[str, str, str]] = set()
    for n in range(ROUNDS):
        rng = random.Random(n)
        change, first = rng.choice(CHANGES), rng.choice(["claim", "command"])
        try:
            outcomes.add((change, first, await _race(store, book, pg, spawn, f"r{n}", change, first, rng)))
        except AssertionError as exc:
            raise AssertionError(f"round {n} ({change}, {first} first): {exc}") from exc
    assert {"claim", "command"} <= {winner for _, _, winner in outcomes}, outcomes


def _pause(rng: random.Random):
    return asyncio.sleep(rng.uniform(0, 0.02))


async def _race(store, book, pool, spawn, task_id: str, change: str, first: str, rng: random.Random) -> str:
    """One round: the task's window is due; a command changes the task while a claim fires it.
    Checks what must hold whoever wins, and says who won the stream's version 2."""
    await open_task(store, book, task_id, T0)
    key, stream = window_key(task_id), f"task-{task_id}"
    loaded, written = asyncio.Event(), asyncio.Event()

    async def close_window_slowly(deadline: Deadline, uow: UnitOfWork) -> None:
        repo = tasks(uow.store)
        task = await repo.load(deadline.data["task_id"])
        loaded.set()
        await _pause(rng)
        task.close_window(deadline.due_at)
        uow.save(repo, task)

    async def command(conn=None) -> bool:
        uow = UnitOfWork(store, COMMAND, connection=conn)
        task = await tasks(store).load(task_id)
        await _pause(rng)
        if change == "finish":
            task.finish()
            book.cancel(uow, key)
        else:
            task.note(change)
            if change == "reschedule":
                book.schedule(uow, key, MOVED, WINDOW, stream_id=stream, data={"task_id": task_id})
        uow.save(tasks(store), task)
        try:
            await uow.commit()
        except ConcurrencyError as exc:
            assert not isinstance(exc.__cause__, asyncpg.DeadlockDetectedError), "a deadlock"
            return False
        finally:
            written.set()
        return True

    async def command_holding_its_transaction() -> bool:
        async with pool.acquire() as conn, conn.transaction():
            ok = await command(conn)
            await _pause(rng)
        return ok

    clock = FixedClock(T0)
    scheduler = DeadlineScheduler(book, store, {WINDOW: close_window_slowly}, clock, batch_size=1)
    if first == "claim":
        firing = spawn(scheduler.fire_due())
        await within(loaded.wait())
        committed = await within(command())
    else:
        commanding = spawn(command_holding_its_transaction())
        await within(written.wait())
        firing = spawn(scheduler.fire_due())
        committed = await within(commanding)
    done = await within(firing)  # a pass never raises: a conflict is one failed attempt

    # The deadline row as the committed changes leave it, before any retry.
    rows = [d for d in await book.pending() if d.key == key]
    if committed and change == "finish":
        assert rows == [], "the cancel committed"
    elif committed and change == "reschedule":
        assert [(d.due_at, d.attempts) for d in rows] == [(MOVED, 0)], "the reschedule committed, not wiped"
    elif rows:
        assert change == "note" and committed, rows
        assert rows[0].attempts == 1 and "ConcurrencyError" in rows[0].last_error and done.failed == 1
    for row in rows:
        assert "Deadlock" not in (row.last_error or "")

    # Fire whatever is left; every deadline ends fired or cancelled, none parked.
    clock.set(T0 + 24 * HOUR)
    while (await scheduler.fire_due()).claimed:
        pass
    assert [d for d in await book.pending() if d.key == key] == []
    log = await store.load(stream)
    assert [e.version for e in log] == list(range(1, len(log) + 1))
    types = [e.type.rsplit(".", 1)[-1] for e in log]
    closed = [e.data["closed_at"] for e in log if e.type.endswith("TaskWindowClosed")]
    assert len(closed) <= 1, "fired once"
    if not committed:
        assert types == ["TaskOpened", "TaskWindowClosed"] and done.fired == 1, "the claim won"
        return "claim"
    if types[1] != "TaskWindowClosed":  # the command took version 2
        expected = {"finish": ["TaskOpened", "TaskDone"],
                    "reschedule": ["TaskOpened", "TaskNoted", "TaskWindowClosed"],
                    "note": ["TaskOpened", "TaskNoted", "TaskWindowClosed"]}[change]
        assert types == expected
        if change == "reschedule":
            assert closed[0].startswith(MOVED.isoformat()[:16]), "fired at the time the command set"
        return "command"
    # The firing committed before the command loaded: the command saw it and came second.
    assert types[2] == ("TaskDone" if change == "finish" else "TaskNoted") and len(types) == 3
    return "both in turn"
