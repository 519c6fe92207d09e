"""`kill -9` a deadline scheduler mid-claim and start it again: every deadline fires exactly once,
none is skipped.

The scheduler runs in a real child process (this module, run with `python -m`): its handler
hangs in the middle of a claim, after some deadlines of that claim have appended their events
on the claim's still-open transaction. The test waits for that moment, kills the process, and
starts two fresh schedulers on the same table.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import timedelta

import asyncpg

from libs.clock import FixedClock
from libs.db import create_pool
from libs.deadlines import Deadline, DeadlineScheduler, PostgresDeadlines
from libs.deadlines.schema import create_deadlines_schema
from libs.eventstore import PostgresEventStore
from libs.runtime.process import spawn
from libs.runtime.service_process import ROOT
from libs.unit_of_work import UnitOfWork
from tests.faults.conftest import wait_until
from tests.integration.store_fixtures import store_pool
from tests.unit.libs.test_deadlines import T0, WINDOW, open_task, tasks

TOTAL, BATCH, HANG_AT = 100, 10, 35  # three claims committed, the fourth killed after five firings
NOTED = "shuangkong.test.TaskNoted"


async def test_a_scheduler_killed_mid_claim_loses_nothing_and_fires_nothing_twice(database_url, tmp_path):
    pool = await store_pool(database_url)
    await create_deadlines_schema(database_url, "es")
    store, book = PostgresEventStore(pool), PostgresDeadlines(pool)
    for i in range(TOTAL):
        await open_task(store, book, f"t{i}", T0 + timedelta(seconds=i))
    log = tmp_path / "scheduler-0.log"
    hanging = _scheduler(database_url, log, hang_at=HANG_AT)
    try:
        await wait_until(lambda: _says(log, "hanging"), seconds=60, every=0.05)
        committed = (HANG_AT - 1) // BATCH * BATCH
        assert await _noted(pool) == committed, "the open claim's five firings are not visible"
        assert await _unheld(pool) == TOTAL - committed - BATCH, "the killed claim holds its ten rows"
        hanging.send_signal(signal.SIGKILL)
        await asyncio.to_thread(hanging.wait, 10)
        assert hanging.returncode == -signal.SIGKILL
        await wait_until(lambda: _unheld_is(pool, TOTAL - committed), seconds=30)  # rolled back, rows free

        restarted = [_scheduler(database_url, tmp_path / f"scheduler-{n}.log") for n in (1, 2)]
        try:
            await wait_until(lambda: _none_left(pool), seconds=60)
        finally:
            for proc in restarted:
                proc.terminate()
                await asyncio.to_thread(proc.wait, 10)
        per_stream = await pool.fetch(
            "SELECT stream_id, count(*) AS n FROM events WHERE type = $1 GROUP BY stream_id", NOTED)
        assert len(per_stream) == TOTAL, "none skipped"
        assert {r["n"] for r in per_stream} == {1}, "none fired twice"
    finally:
        if hanging.poll() is None:
            hanging.kill()
        await pool.close()


def _scheduler(database_url: str, log, hang_at: int = 0):
    return spawn([sys.executable, "-m", "tests.faults.test_deadline_crash", database_url, str(hang_at)],
                 log_path=str(log), cwd=ROOT)


async def _says(log, text: str) -> bool:
    return log.exists() and text in log.read_text()


async def _noted(pool: asyncpg.Pool) -> int:
    return await pool.fetchval("SELECT count(*) FROM events WHERE type = $1", NOTED)


async def _unheld(pool: asyncpg.Pool) -> int:
    """Deadlines no claim holds now (the locked ones are skipped, as a scheduler would)."""
    async with pool.acquire() as conn, conn.transaction():
        return await conn.fetchval("SELECT count(*) FROM (SELECT 1 FROM deadlines FOR UPDATE SKIP LOCKED) AS free")


async def _unheld_is(pool: asyncpg.Pool, n: int) -> bool:
    return await _unheld(pool) == n


async def _none_left(pool: asyncpg.Pool) -> bool:
    return await pool.fetchval("SELECT count(*) FROM deadlines") == 0


# ── the child process ────────────────────────────────────────────────────────────────────────
async def _run_scheduler(database_url: str, hang_at: int) -> None:
    pool = await create_pool(database_url, "es", max_size=4)
    store = PostgresEventStore(pool)
    fired = 0

    async def note_then_maybe_hang(deadline: Deadline, uow: UnitOfWork) -> None:
        nonlocal fired
        repo = tasks(uow.store)
        task = await repo.load(deadline.data["task_id"])
        task.note("到期")
        uow.save(repo, task)
        await uow.commit()  # appended on the claim's transaction, not yet committed
        fired += 1
        if fired == hang_at:
            print("hanging", flush=True)
            await asyncio.Event().wait()

    scheduler = DeadlineScheduler(PostgresDeadlines(pool), store, {WINDOW: note_then_maybe_hang},
                                  FixedClock(T0 + timedelta(hours=1)), batch_size=BATCH, poll_s=0.05)
    await scheduler.run()


if __name__ == "__main__":
    asyncio.run(_run_scheduler(sys.argv[1], int(sys.argv[2])))
