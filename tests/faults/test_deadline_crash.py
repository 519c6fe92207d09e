"""`kill -9` a deadline scheduler mid-claim and start it again: every deadline fires exactly once,
none is skipped.

The scheduler runs in a real child process (this module, run with `python -m`): its handler
hangs in the middle of a claim, after some deadlines of that claim have appended their events
on the claim's still-open transaction. The test waits for that moment, kills the process, and
starts two fresh schedulers on the same table (tests/faults/deadline_kill.py).
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

from libs.clock import FixedClock
from libs.db import create_pool
from libs.deadlines import Deadline, DeadlineScheduler, PostgresDeadlines
from libs.eventstore import PostgresEventStore
from libs.unit_of_work import UnitOfWork
from tests.faults.deadline_kill import BATCH, kill_mid_claim_then_restart
from tests.unit.libs.test_deadlines import T0, WINDOW, tasks


async def test_a_scheduler_killed_mid_claim_loses_nothing_and_fires_nothing_twice(database_url, tmp_path):
    await kill_mid_claim_then_restart(database_url, tmp_path, "tests.faults.test_deadline_crash")


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
