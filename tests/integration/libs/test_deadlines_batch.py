"""A claim fired as one (libs/deadlines/batch.py), on both books: one savepoint for all, and only
when that raises one deadline at a time — the failing one retried alone, the others fired once;
a second deadline of one stream left to the next pass; a handler setting its own key again keeps the row.
On PostgreSQL also: the claim's appends commit in one transaction, two schedulers on a backlog of
one claim's size fire each deadline once, and the store's multi-stream append is all or nothing."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest

from libs.db import create_pool
from libs.deadlines import Deadline, DeadlineBook, DeadlineScheduler, PostgresDeadlines
from libs.eventstore import ConcurrencyError, PostgresEventStore
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from tests.integration.libs.deadline_rig import HOUR, Rig
from tests.unit.libs.test_deadlines import EVENTS, T0, WINDOW, close_window, open_task, tasks, types_of, window_key


class Spied:
    """The book, counting how its claims fire: `attempt_all` (as one) and `attempt` (one at a time)."""

    def __init__(self, book: DeadlineBook) -> None:
        self.book, self.calls = book, Counter()

    def __getattr__(self, name):
        return getattr(self.book, name)

    @asynccontextmanager
    async def claim(self, now, limit) -> AsyncIterator:
        async with self.book.claim(now, limit) as claim:
            attempt, attempt_all = claim.attempt, claim.attempt_all

            def one(deadline):
                self.calls["attempt"] += 1
                return attempt(deadline)

            def together(deadlines):
                self.calls["attempt_all"] += 1
                return attempt_all(deadlines)

            claim.attempt, claim.attempt_all = one, together
            yield claim


async def open_tasks(rig: Rig, *ids: str) -> None:
    for task_id in ids:
        await open_task(rig.store, rig.book, task_id, T0)


async def test_a_claim_fires_as_one_when_nothing_fails(rig):
    await open_tasks(rig, "a", "b", "c", "d")
    spied = Spied(rig.book)
    done = await DeadlineScheduler(spied, rig.store, {WINDOW: close_window}, rig.clock).fire_due()
    assert (done.claimed, done.fired, done.failed) == (4, 4, 0)
    assert spied.calls == {"attempt_all": 1}
    for task_id in "abcd":
        assert await types_of(rig.store, task_id) == ["TaskOpened", "TaskWindowClosed"]
    assert await rig.keys() == []


async def test_a_handler_raising_in_a_claim_rolls_it_back_and_each_fires_alone(rig):
    await open_tasks(rig, "a", "b", "c")
    tries = Counter()

    async def refuse_b(deadline: Deadline, uow: UnitOfWork) -> None:
        tries[deadline.data["task_id"]] += 1
        await close_window(deadline, uow)
        if deadline.data["task_id"] == "b":
            raise RuntimeError("规则拒绝")

    spied = Spied(rig.book)
    done = await DeadlineScheduler(spied, rig.store, {WINDOW: refuse_b}, rig.clock).fire_due()
    assert (done.claimed, done.fired, done.failed) == (3, 2, 1)
    assert spied.calls == {"attempt_all": 1, "attempt": 3}, "the claim as one, then each alone"
    assert tries == {"a": 2, "b": 2, "c": 1}, "the batch stopped at b; c fired once, alone"
    for task_id in "ac":  # fired once: nothing of the rolled-back batch remains
        assert await types_of(rig.store, task_id) == ["TaskOpened", "TaskWindowClosed"]
    assert await types_of(rig.store, "b") == ["TaskOpened"]
    [kept] = await rig.book.pending()
    assert kept.key == window_key("b") and kept.attempts == 1 and "规则拒绝" in kept.last_error

    rig.clock.advance(HOUR)  # its back-off over, it is retried alone (a claim of one)
    spied.calls.clear()
    done = await DeadlineScheduler(spied, rig.store, {WINDOW: close_window}, rig.clock).fire_due()
    assert (done.claimed, done.fired) == (1, 1) and spied.calls == {"attempt": 1}
    assert await types_of(rig.store, "b") == ["TaskOpened", "TaskWindowClosed"]


async def test_a_stream_moved_under_the_claim_fails_its_deadline_only(rig):
    await open_tasks(rig, "a", "b", "c")

    async def b_moves_meanwhile(deadline: Deadline, uow: UnitOfWork) -> None:
        await close_window(deadline, uow)
        if deadline.data["task_id"] == "b":  # another writer appends after the handler loaded b
            task = await tasks(rig.store).load("b")
            task.note("并发")
            await tasks(rig.store).save(task, CommandContext("p-2", "ent-1", "corr-2"))

    done = await rig.scheduler({WINDOW: b_moves_meanwhile}).fire_due()
    assert (done.claimed, done.fired, done.failed) == (3, 2, 1)
    [kept] = await rig.book.pending()
    assert kept.key == window_key("b") and "ConcurrencyError" in kept.last_error
    for task_id in "ac":
        assert await types_of(rig.store, task_id) == ["TaskOpened", "TaskWindowClosed"]


async def test_two_deadlines_of_one_stream_in_a_claim_fire_in_turn(rig):
    await open_tasks(rig, "a", "b")
    uow = UnitOfWork(rig.store, CommandContext("p-1", "ent-1", "corr-1"))
    rig.book.schedule(uow, "task-a:note", T0, "note", stream_id="task-a", data={"task_id": "a"})
    await uow.commit()

    async def note(deadline: Deadline, uow: UnitOfWork) -> None:
        task = await tasks(uow.store).load(deadline.data["task_id"])
        task.note("提醒")
        uow.save(tasks(uow.store), task)

    spied = Spied(rig.book)
    scheduler = DeadlineScheduler(spied, rig.store, {WINDOW: close_window, "note": note}, rig.clock)
    done = await scheduler.fire_due()
    assert (done.claimed, done.fired, done.failed, done.deferred) == (3, 2, 0, 1)
    assert spied.calls == {"attempt_all": 1}, "a's second deadline is left as it is"
    assert [d.key for d in await rig.book.pending()] == [window_key("a")]
    assert (await scheduler.fire_due()).fired == 1, "the next pass fires it, on what the first committed"
    assert await types_of(rig.store, "a") == ["TaskOpened", "TaskNoted", "TaskWindowClosed"]
    assert await rig.keys() == []


async def test_handlers_setting_their_own_key_again_in_a_claim_keep_the_new_rows(rig):
    await open_tasks(rig, "a", "b", "c")

    async def close_and_remind(deadline: Deadline, uow: UnitOfWork) -> None:
        await close_window(deadline, uow)
        rig.book.schedule(uow, deadline.key, deadline.due_at + HOUR, WINDOW, stream_id=deadline.stream_id,
                          data=deadline.data)

    done = await rig.scheduler({WINDOW: close_and_remind}).fire_due()
    assert done.fired == 3
    pending = await rig.book.pending()
    assert [(d.key, d.due_at) for d in pending] == [(window_key(t), T0 + HOUR) for t in "abc"]


# ── PostgreSQL only ──────────────────────────────────────────────────────────────────────────
@pytest.fixture
def pg_rig(rig):
    if not isinstance(rig.book, PostgresDeadlines):
        pytest.skip("PostgreSQL only")
    return rig


@pytest.mark.parametrize("rig", ["postgres"], indirect=True)
async def test_a_claim_fired_as_one_commits_its_appends_in_one_transaction(pg_rig):
    await open_tasks(pg_rig, *(f"t{i}" for i in range(20)))
    assert (await pg_rig.scheduler().fire_due()).fired == 20
    closed = await pg_rig.store.read_all(limit=100)
    closures = [e for e in closed if e.type.endswith("TaskWindowClosed")]
    assert len(closures) == 20 and len({e.tx_id for e in closures}) == 1
    assert [e.position for e in closures] == sorted(e.position for e in closures)


@pytest.mark.parametrize("rig", ["postgres"], indirect=True)
async def test_two_schedulers_on_a_backlog_of_one_claim_fire_each_deadline_once(pg_rig, database_url):
    count = 100
    await open_tasks(pg_rig, *(f"t{i}" for i in range(count)))
    pg_rig.clock.advance(HOUR)

    async def note_fired(deadline: Deadline, uow: UnitOfWork) -> None:
        task = await tasks(uow.store).load(deadline.data["task_id"])
        await asyncio.sleep(0)  # the other scheduler runs between load and append
        task.note("到期")
        uow.save(tasks(uow.store), task)

    pools = [await create_pool(database_url, "es", max_size=4) for _ in range(2)]
    try:
        schedulers = [DeadlineScheduler(PostgresDeadlines(p), PostgresEventStore(p), {WINDOW: note_fired},
                                        pg_rig.clock, batch_size=count) for p in pools]
        passes = await asyncio.gather(*(s.fire_due() for s in schedulers), *(s.fire_due() for s in schedulers))
    finally:
        for p in pools:
            await p.close()
    assert sum(p.fired for p in passes) == count and sum(p.failed for p in passes) == 0
    noted = await pg_rig.store.read_all(limit=1000)
    per_stream = Counter(e.stream_id for e in noted if e.type.endswith("TaskNoted"))
    assert len(per_stream) == count and set(per_stream.values()) == {1}
    assert await pg_rig.keys() == []


@pytest.mark.parametrize("rig", ["postgres"], indirect=True)
async def test_a_multi_stream_append_writes_all_streams_or_none(pg_rig):
    await open_tasks(pg_rig, "a", "b")
    repo = tasks(pg_rig.store)
    a, b = await repo.load("a"), await repo.load("b")
    stale_b_version = b.version
    (await repo.load("b")).note("x")  # not saved: b is unchanged
    moved = await repo.load("b")
    moved.note("另一个写入")
    await repo.save(moved, CommandContext("p-2", "ent-1", "corr-2"))
    for task in (a, b):
        task.note("一起")
    ctx = CommandContext("p-1", "ent-1", "corr-1")
    with pytest.raises(ConcurrencyError) as refused:
        async with pg_rig.store.transaction() as tx:
            await tx.append([repo.batch(a, ctx), repo.batch(b, ctx)])
    assert refused.value.stream_id == "task-b" and refused.value.expected_version == stale_b_version
    assert await types_of(pg_rig.store, "a") == ["TaskOpened"], "nothing of a written either"
    assert EVENTS  # the registry the batches were encoded with


async def test_the_next_pass_comes_when_the_next_deadline_falls_due_if_sooner_than_the_poll(rig):
    scheduler = rig.scheduler(poll_s=1.0)
    assert await scheduler.next_wait() == 1.0, "nothing set: the poll"
    await open_task(rig.store, rig.book, "soon", T0 + timedelta(milliseconds=300))
    await open_task(rig.store, rig.book, "due", T0)  # due already (or held by another claim): not sooner
    assert await rig.book.next_due(T0) == T0 + timedelta(milliseconds=300)
    assert await scheduler.next_wait() == pytest.approx(0.3)
    await open_task(rig.store, rig.book, "later", T0 + HOUR)
    rig.clock.advance(timedelta(seconds=1))
    assert await scheduler.next_wait() == 1.0, "the next is an hour away: the poll"
