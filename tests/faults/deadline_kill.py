"""The scenario both deadline crash tests run (test_deadline_crash.py, test_deadline_batch_crash.py):
100 deadlines due, a scheduler in a real child process firing claims of 10 that hangs on the 35th
firing — three claims committed, the fourth on its still-open transaction — killed with SIGKILL;
then nothing of the fourth claim is visible, its rows are free again, and two fresh schedulers fire
every deadline exactly once.

What differs is only where the child hangs: its module, run with `python -m <module> <url>
<hang_at>`, prints "hanging" there and waits for ever.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import timedelta
from pathlib import Path

import asyncpg

from libs.deadlines import PostgresDeadlines
from libs.deadlines.schema import create_deadlines_schema
from libs.eventstore import PostgresEventStore
from libs.runtime.process import spawn
from libs.runtime.service_process import ROOT
from tests.faults.conftest import wait_until
from tests.integration.store_fixtures import store_pool
from tests.unit.libs.test_deadlines import T0, open_task

TOTAL, BATCH, HANG_AT = 100, 10, 35  # three claims committed, the fourth killed after five firings
NOTED = "shuangkong.test.TaskNoted"


async def kill_mid_claim_then_restart(database_url: str, tmp_path: Path, child: str) -> None:
    pool = await store_pool(database_url)
    await create_deadlines_schema(database_url, "es")
    store, book = PostgresEventStore(pool), PostgresDeadlines(pool)
    for i in range(TOTAL):
        await open_task(store, book, f"t{i}", T0 + timedelta(seconds=i))
    log = tmp_path / "scheduler-0.log"
    hanging = _scheduler(child, database_url, log, hang_at=HANG_AT)
    try:
        await wait_until(lambda: _says(log, "hanging"), seconds=60, every=0.05)
        committed = (HANG_AT - 1) // BATCH * BATCH
        assert await _noted(pool) == committed, "what the open claim wrote is not visible"
        assert await _unheld(pool) == TOTAL - committed - BATCH, "the killed claim holds its ten rows"
        hanging.send_signal(signal.SIGKILL)
        await asyncio.to_thread(hanging.wait, 10)
        assert hanging.returncode == -signal.SIGKILL
        await wait_until(lambda: _unheld_is(pool, TOTAL - committed), seconds=30)  # rolled back, rows free

        restarted = [_scheduler(child, database_url, tmp_path / f"scheduler-{n}.log") for n in (1, 2)]
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


def _scheduler(child: str, database_url: str, log: Path, hang_at: int = 0):
    return spawn([sys.executable, "-m", child, database_url, str(hang_at)], log_path=str(log), cwd=ROOT)


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
