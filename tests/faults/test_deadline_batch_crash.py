"""`kill -9` a scheduler in the middle of writing a claim fired as one (libs/deadlines/batch.py):
its multi-stream insert done on the claim's open transaction, its inline projection under way.
Nothing of that claim is visible, its rows are free again, and two fresh schedulers fire every
deadline exactly once.

The child process (this module, run with `python -m`) fires claims of 10 on a store whose inline
projector hangs when it is handed the 35th stream: three claims committed, the fourth killed after
its insert.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import timedelta

from libs.clock import FixedClock
from libs.db import create_pool
from libs.deadlines import DeadlineScheduler, PostgresDeadlines
from libs.deadlines.schema import create_deadlines_schema
from libs.eventstore import PostgresEventStore
from libs.runtime.process import spawn
from libs.runtime.service_process import ROOT
from tests.faults.conftest import wait_until
from tests.faults.test_deadline_crash import NOTED, _none_left, _noted, _says, _unheld, _unheld_is
from tests.integration.libs.test_deadlines_postgres import note_fired
from tests.integration.store_fixtures import store_pool
from tests.unit.libs.test_deadlines import T0, WINDOW, open_task

TOTAL, BATCH, HANG_AT = 100, 10, 35


async def test_a_scheduler_killed_while_writing_a_claim_fired_as_one_fires_nothing_twice(database_url, tmp_path):
    pool = await store_pool(database_url)
    await create_deadlines_schema(database_url, "es")
    store, book = PostgresEventStore(pool), PostgresDeadlines(pool)
    for i in range(TOTAL):
        await open_task(store, book, f"t{i}", T0 + timedelta(seconds=i))
    hanging = _scheduler(database_url, tmp_path / "scheduler-0.log", hang_at=HANG_AT)
    try:
        await wait_until(lambda: _says(tmp_path / "scheduler-0.log", "hanging"), seconds=60, every=0.05)
        committed = (HANG_AT - 1) // BATCH * BATCH
        assert await _noted(pool) == committed, "the fourth claim's insert is not visible"
        assert await _unheld(pool) == TOTAL - committed - BATCH
        hanging.send_signal(signal.SIGKILL)
        await asyncio.to_thread(hanging.wait, 10)
        await wait_until(lambda: _unheld_is(pool, TOTAL - committed), seconds=30)

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
    return spawn([sys.executable, "-m", "tests.faults.test_deadline_batch_crash", database_url, str(hang_at)],
                 log_path=str(log), cwd=ROOT)


# ── the child process ────────────────────────────────────────────────────────────────────────
async def _run_scheduler(database_url: str, hang_at: int) -> None:
    pool = await create_pool(database_url, "es", max_size=4)
    projected = 0

    async def hang_at_the_nth_stream(conn, recorded) -> None:
        nonlocal projected
        if any(r.type == NOTED for r in recorded):
            projected += 1
            if projected == hang_at:
                print("hanging", flush=True)
                await asyncio.Event().wait()

    store = PostgresEventStore(pool, [hang_at_the_nth_stream])
    scheduler = DeadlineScheduler(PostgresDeadlines(pool), store, {WINDOW: note_fired},
                                  FixedClock(T0 + timedelta(hours=1)), batch_size=BATCH, poll_s=0.05)
    await scheduler.run()


if __name__ == "__main__":
    asyncio.run(_run_scheduler(sys.argv[1], int(sys.argv[2])))
