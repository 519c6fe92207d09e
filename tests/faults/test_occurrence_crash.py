"""`kill -9` inspection's deadline scheduler in the middle of catching up after downtime, start two
again: every window that closed while nobody ran is missed exactly once and the open one issued
once — the killed claim's appends, cursor moves and rescheduled deadlines roll back together.

Ten daily tasks get their cycles at T0; nobody runs until five days and an hour later. The
scheduler runs in a real child process (this module, run with `python -m`) on inspection's real
handlers, two windows a firing, five firings a claim: it hangs in its third claim after two
firings have appended on the claim's open transaction, and is killed there."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta

import asyncpg

from libs.clock import FixedClock
from libs.db import create_pool
from libs.deadlines import Deadline, DeadlineScheduler
from libs.eventstore import PostgresEventStore
from libs.migrations import upgrade_async
from libs.repository import CommandContext
from libs.runtime.process import spawn
from libs.runtime.service_process import ROOT
from libs.unit_of_work import UnitOfWork
from services.inspection import bootstrap
from services.inspection.app import SPEC
from services.inspection.application import commands as c
from services.inspection.application import handlers as h
from services.inspection.application.occurrence_deadlines import deadline_handlers
from services.inspection.domain.task import CheckTask, MeasureFacts, task_id_for
from services.inspection.projections import check_tasks, occurrences
from tests.faults.conftest import wait_until

T0 = datetime(2026, 12, 1, 0, tzinfo=UTC)  # 08:00 in Shanghai, the daily windows' start
BACK = T0 + timedelta(days=5, hours=1)  # when the schedulers run again: five windows closed, the sixth open
TASKS, PER_FIRING, BATCH, HANG_AT = 10, 2, 5, 12  # 30 firings owed; killed in the third claim
OFFICER = CommandContext("officer-1", "ent-1", "corr-officer")


async def test_a_scheduler_killed_mid_catch_up_misses_each_closed_window_once(database_url, tmp_path):
    await upgrade_async(SPEC.migrations, database_url, "inspection")
    pool = await create_pool(database_url, "inspection", max_size=4)
    try:
        await _tasks_scheduled_at_t0(pool)
        log = tmp_path / "scheduler-0.log"
        hanging = _scheduler(database_url, log, hang_at=HANG_AT)
        try:
            await wait_until(lambda: _says(log, "hanging"), seconds=60, every=0.05)
            assert await _occurrence_events(pool) == 2 * BATCH * PER_FIRING, "two claims committed, not the third"
            hanging.send_signal(signal.SIGKILL)
            await asyncio.to_thread(hanging.wait, 10)
            assert hanging.returncode == -signal.SIGKILL
            restarted = [_scheduler(database_url, tmp_path / f"scheduler-{n}.log") for n in (1, 2)]
            try:
                await wait_until(lambda: _nothing_due(pool), seconds=60)
            finally:
                for proc in restarted:
                    proc.terminate()
                    await asyncio.to_thread(proc.wait, 10)
        finally:
            if hanging.poll() is None:
                hanging.kill()
        events = await pool.fetch("SELECT stream_id, type, (data->>'never_issued')::boolean AS never_issued, "
                                  "data->>'task_id' AS task FROM events WHERE stream_id LIKE 'occurrence-%'")
        assert set(Counter((e["stream_id"], e["type"]) for e in events).values()) == {1}, "none twice"
        per_task = Counter((e["task"], e["type"].rsplit(".", 1)[1], e["never_issued"]) for e in events)
        assert per_task == {**{(t, "OccurrenceMissed", True): 5 for t in _task_ids()},
                            **{(t, "OccurrenceIssued", None): 1 for t in _task_ids()}}, "none lost"
        assert await pool.fetchval("SELECT count(*) FROM deadlines WHERE attempts > 0") == 0
    finally:
        await pool.close()


def _task_ids() -> list[str]:
    return [task_id_for(f"m-{n}") for n in range(TASKS)]


async def _tasks_scheduled_at_t0(pool: asyncpg.Pool) -> None:
    wired = _wired(pool, FixedClock(T0))
    for n in range(TASKS):
        task = CheckTask(task_id_for(f"m-{n}"))
        task.follow(MeasureFacts(f"m-{n}", "ent-1", "2", "检查温度联锁投用状态", "post-1", "risk-1"))
        await wired.tasks.save(task, OFFICER)
        await h.schedule_task(c.ScheduleCheckTask(check_cycle=1, check_cycle_unit="天",
                                                  task_start_time=datetime(2026, 12, 1, 8)).for_("ent-1", task.id),
                              wired, OFFICER)


def _wired(pool: asyncpg.Pool, clock: FixedClock) -> bootstrap.Wired:
    return bootstrap.postgres(pool, PostgresEventStore(pool, [check_tasks.project, occurrences.project]), clock)


def _scheduler(database_url: str, log, hang_at: int = 0):
    return spawn([sys.executable, "-m", "tests.faults.test_occurrence_crash", database_url, str(hang_at)],
                 log_path=str(log), cwd=ROOT)


async def _says(log, text: str) -> bool:
    return log.exists() and text in log.read_text()


async def _occurrence_events(pool: asyncpg.Pool) -> int:
    return await pool.fetchval("SELECT count(*) FROM events WHERE stream_id LIKE 'occurrence-%'")


async def _nothing_due(pool: asyncpg.Pool) -> bool:
    return await pool.fetchval("SELECT count(*) FROM deadlines WHERE fire_at <= $1", BACK) == 0


# ── the child process ────────────────────────────────────────────────────────────────────────
async def _run_scheduler(database_url: str, hang_at: int) -> None:
    pool = await create_pool(database_url, "inspection", max_size=4)
    clock = FixedClock(BACK)
    wired = _wired(pool, clock)
    wired.occurrences.per_firing = PER_FIRING
    handlers = deadline_handlers(wired.occurrences)
    fired = 0

    async def then_maybe_hang(deadline: Deadline, uow: UnitOfWork) -> None:
        nonlocal fired
        await handlers[deadline.kind](deadline, uow)
        await uow.commit()  # appended on the claim's transaction, not yet committed
        fired += 1
        if fired == hang_at:
            print("hanging", flush=True)
            await asyncio.Event().wait()

    scheduler = DeadlineScheduler(wired.occurrences.deadlines, wired.store, dict.fromkeys(handlers, then_maybe_hang),
                                  clock, batch_size=BATCH, poll_s=0.05)
    await scheduler.run()


if __name__ == "__main__":
    asyncio.run(_run_scheduler(sys.argv[1], int(sys.argv[2])))
