"""One contract, both deadline books: the in-memory fake is held to what PostgreSQL does.

Schedule, cancel and reschedule commit (or roll back) with the append that causes them; a
deadline fires only once the driven clock reaches it, once, in due order, by appending under the
version its handler loaded; a handler that conflicts or raises keeps its deadline for later and
holds up no other.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from libs.deadlines import (
    SCHEDULER_ACTOR,
    Deadline,
    RetryPolicy,
)
from libs.eventstore import ConcurrencyError
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from tests.integration.libs.deadline_rig import HOUR
from tests.unit.libs.test_deadlines import (
    T0,
    WINDOW,
    close_window,
    finish_task,
    open_task,
    tasks,
    types_of,
    window_key,
)


# ── scheduling is part of the command's transaction ──────────────────────────────────────────
async def test_a_deadline_is_set_with_the_append_that_causes_it(rig):
    await open_task(rig.store, rig.book, "t1", T0 + HOUR)
    [deadline] = await rig.book.pending()
    assert (deadline.key, deadline.stream_id, deadline.kind) == (window_key("t1"), "task-t1", WINDOW)
    assert deadline.due_at == deadline.fire_at == T0 + HOUR
    assert deadline.data == {"task_id": "t1"} and deadline.attempts == 0 and not deadline.parked


async def test_a_deadline_is_rolled_back_with_its_append(rig):
    await open_task(rig.store, rig.book, "t1", T0 + HOUR)
    with pytest.raises(ConcurrencyError):  # opened again at version 0: the append conflicts
        await open_task(rig.store, rig.book, "t1", T0 + 5 * HOUR)
    [deadline] = await rig.book.pending()
    assert deadline.due_at == T0 + HOUR, "the conflicting command's reschedule went with its append"


async def test_a_cancel_is_rolled_back_with_its_append(rig):
    await open_task(rig.store, rig.book, "t1", T0 + HOUR)
    with pytest.raises(ConcurrencyError):
        await finish_task(rig.store, rig.book, "t1", expected_version=5)
    assert await rig.keys() == [window_key("t1")]
    await finish_task(rig.store, rig.book, "t1", expected_version=1)
    assert await rig.keys() == []


async def test_a_reschedule_of_the_same_key_replaces_it(rig):
    await open_task(rig.store, rig.book, "t1", T0 + HOUR)
    uow = UnitOfWork(rig.store, CommandContext("p-2", "ent-1", "corr-2"))
    rig.book.schedule(uow, window_key("t1"), T0 + 3 * HOUR, WINDOW, stream_id="task-t1", data={"task_id": "t1"})
    await uow.commit()
    [deadline] = await rig.book.pending()
    assert deadline.due_at == T0 + 3 * HOUR and deadline.correlation_id == "corr-2"


# ── firing ───────────────────────────────────────────────────────────────────────────────────
async def test_a_deadline_fires_only_when_the_driven_clock_reaches_it(rig):
    await open_task(rig.store, rig.book, "t1", T0 + HOUR)
    scheduler = rig.scheduler()
    assert (await scheduler.fire_due()).claimed == 0
    rig.clock.advance(HOUR - timedelta(seconds=1))
    assert (await scheduler.fire_due()).claimed == 0
    assert await types_of(rig.store, "t1") == ["TaskOpened"]
    rig.clock.advance(timedelta(seconds=1))
    assert (await scheduler.fire_due()).fired == 1
    assert await types_of(rig.store, "t1") == ["TaskOpened", "TaskWindowClosed"]
    assert await rig.keys() == []


async def test_a_deadline_fires_exactly_once(rig):
    await open_task(rig.store, rig.book, "t1", T0)
    scheduler = rig.scheduler()
    assert (await scheduler.fire_due()).fired == 1
    rig.clock.advance(24 * HOUR)
    assert (await scheduler.fire_due()).claimed == 0
    assert (await rig.scheduler().fire_due()).claimed == 0
    assert await types_of(rig.store, "t1") == ["TaskOpened", "TaskWindowClosed"]


async def test_a_cancelled_deadline_never_fires(rig):
    await open_task(rig.store, rig.book, "t1", T0 + HOUR)
    await finish_task(rig.store, rig.book, "t1")
    rig.clock.advance(2 * HOUR)
    assert (await rig.scheduler().fire_due()).claimed == 0
    assert await types_of(rig.store, "t1") == ["TaskOpened", "TaskDone"]


async def test_deadlines_fire_in_order_of_their_due_time_a_batch_at_a_time(rig):
    for task_id, hours in [("late", 3), ("early", 1), ("middle", 2)]:
        await open_task(rig.store, rig.book, task_id, T0 + hours * HOUR)
    fired: list[str] = []

    async def record(deadline: Deadline, uow: UnitOfWork) -> None:
        fired.append(deadline.data["task_id"])
        await close_window(deadline, uow)

    rig.clock.advance(5 * HOUR)
    scheduler = rig.scheduler({WINDOW: record}, batch_size=2)
    assert (await scheduler.fire_due()).fired == 2
    assert fired == ["early", "middle"]
    assert (await scheduler.fire_due()).fired == 1
    assert fired == ["early", "middle", "late"]


async def test_what_firing_appends_is_caused_by_the_command_that_set_the_deadline(rig):
    await open_task(rig.store, rig.book, "t1", T0, ctx=CommandContext("p-9", "ent-7", "corr-7"))
    await rig.scheduler().fire_due()
    closed = (await rig.store.load("task-t1"))[-1]
    assert closed.type.endswith("TaskWindowClosed") and closed.data["closed_at"].startswith("2025-03-03T08:00")
    assert closed.metadata["actor"] == SCHEDULER_ACTOR
    assert (closed.metadata["enterprise_id"], closed.metadata["correlation_id"]) == ("ent-7", "corr-7")


async def test_a_handler_may_set_the_same_key_again_for_the_next_step(rig):
    await open_task(rig.store, rig.book, "t1", T0)
    steps: list[int] = []

    async def escalate(deadline: Deadline, uow: UnitOfWork) -> None:
        step = deadline.data.get("step", 1)
        steps.append(step)
        task = await tasks(uow.store).load("t1")
        task.note(f"升级第{step}级")
        uow.save(tasks(uow.store), task)
        if step < 3:
            rig.book.schedule(uow, deadline.key, deadline.due_at + HOUR, WINDOW, stream_id=deadline.stream_id,
                              data={"task_id": "t1", "step": step + 1})

    scheduler = rig.scheduler({WINDOW: escalate})
    for _ in range(4):
        await scheduler.fire_due()
        rig.clock.advance(HOUR)
    assert steps == [1, 2, 3]
    assert await types_of(rig.store, "t1") == ["TaskOpened", "TaskNoted", "TaskNoted", "TaskNoted"]
    assert await rig.keys() == []


# ── failures keep the deadline and hold up no other ──────────────────────────────────────────
async def test_firing_appends_under_the_version_loaded_and_a_conflict_keeps_the_deadline(rig):
    await open_task(rig.store, rig.book, "t1", T0)
    interfere = [True]

    async def close_while_someone_writes(deadline: Deadline, uow: UnitOfWork) -> None:
        repo = tasks(uow.store)
        task = await repo.load("t1")
        if interfere:  # the first time, a command lands between the load and the append
            interfere.pop()
            other = await tasks(rig.store).load("t1")
            other.note("同时记录")
            await tasks(rig.store).save(other, CommandContext("p-2", "ent-1", "corr-2"))
        task.close_window(deadline.due_at)
        uow.save(repo, task)

    scheduler = rig.scheduler({WINDOW: close_while_someone_writes},
                              retry=RetryPolicy(first_delay=timedelta(minutes=1)))
    done = await scheduler.fire_due()
    assert (done.fired, done.failed) == (0, 1)
    assert await types_of(rig.store, "t1") == ["TaskOpened", "TaskNoted"], "the stale append was refused"
    [kept] = await rig.book.pending()
    assert kept.attempts == 1 and kept.fire_at == T0 + timedelta(minutes=1) and not kept.parked
    assert "ConcurrencyError" in kept.last_error
    assert (await scheduler.fire_due()).claimed == 0, "backing off until its next try"
    rig.clock.advance(timedelta(minutes=1))
    assert (await scheduler.fire_due()).fired == 1
    loaded = await rig.store.load("task-t1")
    assert [(e.version, e.type.rsplit(".", 1)[-1]) for e in loaded][-1] == (3, "TaskWindowClosed")
    assert await rig.keys() == []


async def test_a_raising_handler_keeps_its_deadline_and_holds_up_no_other(rig):
    for task_id in ("a", "b", "c"):
        await open_task(rig.store, rig.book, task_id, T0)

    async def refuse_b(deadline: Deadline, uow: UnitOfWork) -> None:
        await close_window(deadline, uow)
        if deadline.data["task_id"] == "b":
            raise RuntimeError("规则拒绝")

    done = await rig.scheduler({WINDOW: refuse_b}).fire_due()
    assert (done.claimed, done.fired, done.failed) == (3, 2, 1)
    assert await types_of(rig.store, "a") == await types_of(rig.store, "c") == ["TaskOpened", "TaskWindowClosed"]
    assert await types_of(rig.store, "b") == ["TaskOpened"], "nothing of the failed attempt remains"
    [kept] = await rig.book.pending()
    assert kept.key == window_key("b") and kept.attempts == 1 and "规则拒绝" in kept.last_error
    rig.clock.advance(HOUR)
    assert (await rig.scheduler().fire_due()).fired == 1
    assert await types_of(rig.store, "b") == ["TaskOpened", "TaskWindowClosed"]


async def test_a_deadline_that_keeps_failing_is_parked_after_its_last_attempt(rig):
    await open_task(rig.store, rig.book, "t1", T0)
    await open_task(rig.store, rig.book, "t2", T0 + HOUR)

    async def always_refuse(deadline: Deadline, uow: UnitOfWork) -> None:
        if deadline.data["task_id"] == "t1":
            raise RuntimeError("总是失败")
        await close_window(deadline, uow)

    scheduler = rig.scheduler({WINDOW: always_refuse}, retry=RetryPolicy(first_delay=timedelta(minutes=1),
                                                                          max_attempts=3))
    for _ in range(5):
        await scheduler.fire_due()
        rig.clock.advance(HOUR)
    [parked] = await rig.book.pending()
    assert parked.key == window_key("t1") and parked.parked and parked.attempts == 3
    assert await types_of(rig.store, "t2") == ["TaskOpened", "TaskWindowClosed"]
    assert (await scheduler.fire_due()).claimed == 0
    # Set again by a command (an operator's fix), it is a fresh deadline with its attempts forgiven.
    uow = UnitOfWork(rig.store, CommandContext("op", "ent-1", "corr-op"))
    rig.book.schedule(uow, parked.key, rig.clock.now(), WINDOW, stream_id="task-t1", data={"task_id": "t1"})
    await uow.commit()
    [fresh] = await rig.book.pending()
    assert not fresh.parked and fresh.attempts == 0 and fresh.last_error is None
