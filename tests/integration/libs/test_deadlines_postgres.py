"""What only the PostgreSQL deadline book can show: schedulers racing over one table, a failed
statement rolled back to its deadline's savepoint, a command waiting for a claim on its key, the
claim's cost (EXPLAIN), and a service whose spec declares deadlines firing them by itself."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest

from libs.clock import FixedClock
from libs.db import create_pool
from libs.deadlines import Deadline, DeadlineScheduler, PostgresDeadlines
from libs.deadlines.postgres import CLAIM
from libs.eventstore import PostgresEventStore
from libs.repository import CommandContext
from libs.service import ServiceSpec, build_app
from libs.unit_of_work import UnitOfWork
from tests.integration.service_client import running, settings_for
from tests.unit.libs.test_deadlines import EVENTS, T0, WINDOW, close_window, open_task, tasks, types_of, window_key

HOUR = timedelta(hours=1)


async def note_fired(deadline: Deadline, uow: UnitOfWork) -> None:
    """A handler that appends every time it fires (no state to hide a second firing behind)."""
    repo = tasks(uow.store)
    task = await repo.load(deadline.data["task_id"])
    await asyncio.sleep(0)  # let the other scheduler run between load and append
    task.note("到期")
    uow.save(repo, task)


async def fire_until_none_due(scheduler: DeadlineScheduler) -> int:
    fired = 0
    while (done := await scheduler.fire_due()).claimed:
        fired += done.fired
    return fired


async def test_two_schedulers_racing_fire_every_deadline_exactly_once(database_url, pg):
    store, book = PostgresEventStore(pg), PostgresDeadlines(pg)
    count = 300
    await asyncio.gather(*(open_task(store, book, f"t{i}", T0 + timedelta(seconds=i)) for i in range(count)))
    clock = FixedClock(T0 + HOUR)
    others = [await create_pool(database_url, "es", max_size=4) for _ in range(2)]  # two processes' pools
    try:
        schedulers = [DeadlineScheduler(PostgresDeadlines(p), PostgresEventStore(p), {WINDOW: note_fired}, clock,
                                        batch_size=20) for p in others]
        fired = await asyncio.gather(*(fire_until_none_due(s) for s in schedulers))
    finally:
        for p in others:
            await p.close()
    assert sum(fired) == count and min(fired) > 0, f"both schedulers took a share: {fired}"
    per_stream = await pg.fetch("SELECT stream_id, count(*) AS n FROM events WHERE type = $1 GROUP BY stream_id",
                                "shuangkong.test.TaskNoted")
    assert len(per_stream) == count and {r["n"] for r in per_stream} == {1}
    assert await book.pending() == []


async def test_a_failed_statement_is_rolled_back_to_its_deadline_and_the_claim_goes_on(pg):
    store, book = PostgresEventStore(pg), PostgresDeadlines(pg)
    for task_id in ("a", "b", "c"):
        await open_task(store, book, task_id, T0)

    async def b_breaks_its_transaction(deadline: Deadline, uow: UnitOfWork) -> None:
        await close_window(deadline, uow)
        if deadline.data["task_id"] == "b":
            async def divide_by_zero(tx) -> None:  # aborts the transaction: only a savepoint saves it
                await tx.connection.execute("SELECT 1 / 0")

            uow.also(divide_by_zero)

    done = await DeadlineScheduler(book, store, {WINDOW: b_breaks_its_transaction}, FixedClock(T0)).fire_due()
    assert (done.fired, done.failed) == (2, 1)
    assert await types_of(store, "a") == await types_of(store, "c") == ["TaskOpened", "TaskWindowClosed"]
    assert await types_of(store, "b") == ["TaskOpened"]
    [kept] = await book.pending()
    assert kept.key == window_key("b") and "DivisionByZero" in kept.last_error


async def test_a_command_rescheduling_a_claimed_deadline_waits_for_the_claim_and_applies_after(pg):
    store, book = PostgresEventStore(pg), PostgresDeadlines(pg)
    await open_task(store, book, "t1", T0)
    firing, release = asyncio.Event(), asyncio.Event()

    async def slow_close(deadline: Deadline, uow: UnitOfWork) -> None:
        firing.set()
        await release.wait()
        await close_window(deadline, uow)

    scheduler = asyncio.create_task(DeadlineScheduler(book, store, {WINDOW: slow_close}, FixedClock(T0)).fire_due())
    await firing.wait()
    uow = UnitOfWork(store, CommandContext("p-2", "ent-1", "corr-2"))
    book.schedule(uow, window_key("t1"), T0 + 5 * HOUR, WINDOW, stream_id="task-t1", data={"task_id": "t1"})
    command = asyncio.create_task(uow.commit())
    await asyncio.sleep(0.3)
    assert not command.done(), "the upsert queues on the claimed row"
    release.set()
    assert (await scheduler).fired == 1
    await command
    [again] = await book.pending()
    assert again.due_at == T0 + 5 * HOUR, "set after the firing, not deleted with it"
    assert await types_of(store, "t1") == ["TaskOpened", "TaskWindowClosed"]


async def test_a_claim_touches_only_what_is_due_through_the_index(pg):
    """10,000 deadlines still to come and 5 due: the plan is a scan of the `deadlines_to_fire`
    index that returns the 5, with no sequential scan of the table (a plan, not a timing)."""
    await pg.execute("""
        INSERT INTO deadlines (key, stream_id, kind, due_at, fire_at)
        SELECT 'future-' || n, 'task-f' || n, 'task.window', $1::timestamptz + n * interval '1 minute',
               $1::timestamptz + n * interval '1 minute'
        FROM generate_series(1, 10000) AS n""", T0 + HOUR)
    await pg.execute("""
        INSERT INTO deadlines (key, stream_id, kind, due_at, fire_at)
        SELECT 'due-' || n, 'task-d' || n, 'task.window', $1::timestamptz - n * interval '1 minute',
               $1::timestamptz - n * interval '1 minute'
        FROM generate_series(1, 5) AS n""", T0)
    await pg.execute("ANALYZE deadlines")
    async with pg.acquire() as conn, conn.transaction():
        raw = await conn.fetchval("EXPLAIN (ANALYZE, FORMAT JSON) " + CLAIM, T0, 100)
        plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    nodes = list(_walk(plan))
    scans = [n for n in nodes if "Scan" in n["Node Type"]]
    assert [(n["Node Type"], n.get("Index Name"), n["Actual Rows"]) for n in scans] == [
        ("Index Scan", "deadlines_to_fire", 5)]
    assert not any(n["Node Type"] == "Sort" for n in nodes), "the index gives the due order"


def _walk(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _walk(child)


# ── a service that declares deadlines ────────────────────────────────────────────────────────
MIGRATION = '''"""Event store and deadlines of a test service.

Revision ID: 0001
"""
from alembic import op

from libs.deadlines.schema import create_deadlines
from libs.eventstore.schema import create_event_store

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_event_store(op)
    create_deadlines(op)
'''


def _migrations(at: Path) -> Path:
    (at / "versions").mkdir(parents=True)
    (at / "env.py").write_text("from libs.migrations import run_env\n\nrun_env()\n")
    (at / "versions" / "0001_deadlines.py").write_text(MIGRATION)
    return at


async def test_a_service_that_declares_deadlines_fires_them_on_its_clock(runtime, database_url, topic_prefix,
                                                                         tmp_path):
    closed = asyncio.Event()

    async def closing(deadline: Deadline, uow: UnitOfWork) -> None:
        await close_window(deadline, uow)
        await uow.commit()  # on the claim's transaction, which commits once this deadline is done
        closed.set()

    spec = ServiceSpec(name="deadline_demo", title="到期测试", migrations=_migrations(tmp_path / "migrations"),
                       routers=[], registry=EVENTS, deadlines=lambda _app: {WINDOW: closing})
    app = build_app(spec, settings_for(database_url, runtime.bootstrap, topic_prefix))
    clock = app.state.clock = FixedClock(T0)
    async with running(app):
        store, book = app.state.store, app.state.deadlines
        await open_task(store, book, "t1", T0 + HOUR)
        await asyncio.sleep(0.1)
        assert not closed.is_set()
        clock.advance(HOUR)
        await asyncio.wait_for(closed.wait(), 10)
        for _ in range(100):  # the claim's commit follows the handler
            if not await book.pending():
                break
            await asyncio.sleep(0.05)
        assert await book.pending() == []
        assert await types_of(store, "t1") == ["TaskOpened", "TaskWindowClosed"]


async def test_what_a_claim_appends_is_published_once_it_commits_not_at_the_relays_idle_poll(
        runtime, database_url, topic_prefix, tmp_path):
    """The append wakes the relay while the claim is still open, so it reads nothing and would
    sleep its idle poll (30 s here); the scheduler wakes it again after the commit."""
    async def closing_slowly(deadline: Deadline, uow: UnitOfWork) -> None:
        await close_window(deadline, uow)
        await uow.commit()  # appended on the claim's transaction: the relay is woken now
        await asyncio.sleep(0.3)  # and reads before the claim commits

    spec = ServiceSpec(name="deadline_relay", title="到期发布", migrations=_migrations(tmp_path / "migrations"),
                       routers=[], registry=EVENTS, deadlines=lambda _app: {WINDOW: closing_slowly})
    app = build_app(spec, settings_for(database_url, runtime.bootstrap, topic_prefix, relay_idle_sleep_s=30.0))
    clock = app.state.clock = FixedClock(T0)
    async with running(app):
        store, book, relay = app.state.store, app.state.deadlines, app.state.running.relay
        await open_task(store, book, "t1", T0 + HOUR)
        await _published(relay, within_s=5)
        clock.advance(HOUR)
        for _ in range(100):
            if await types_of(store, "t1") == ["TaskOpened", "TaskWindowClosed"]:
                break
            await asyncio.sleep(0.05)
        await _published(relay, within_s=5)


async def _published(relay, within_s: float) -> None:
    for _ in range(int(within_s / 0.05)):
        if relay.attached and await relay.lag() == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still {await relay.lag()} events unpublished after {within_s} s")


def test_a_service_with_deadlines_but_no_events_is_refused(tmp_path):
    spec = ServiceSpec(name="nothing_to_append", title="", migrations=tmp_path, routers=[],
                       deadlines=lambda _app: {})
    with pytest.raises(ValueError, match="registry"):
        build_app(spec)
