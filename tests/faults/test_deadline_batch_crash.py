"""`kill -9` a scheduler in the middle of writing a claim fired as one (libs/deadlines/batch.py):
its multi-stream insert done on the claim's open transaction, its inline projection under way.
Nothing of that claim is visible, its rows are free again, and two fresh schedulers fire every
deadline exactly once (tests/faults/deadline_kill.py).

The child process (this module, run with `python -m`) fires claims of 10 on a store whose inline
projector hangs when it is handed the 35th stream: three claims committed, the fourth killed after
its insert.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

from libs.clock import FixedClock
from libs.db import create_pool
from libs.deadlines import DeadlineScheduler, PostgresDeadlines
from libs.eventstore import PostgresEventStore
from tests.faults.deadline_kill import BATCH, NOTED, kill_mid_claim_then_restart
from tests.integration.libs.test_deadlines_postgres import note_fired
from tests.unit.libs.test_deadlines import T0, WINDOW


async def test_a_scheduler_killed_while_writing_a_claim_fired_as_one_fires_nothing_twice(database_url, tmp_path):
    await kill_mid_claim_then_restart(database_url, tmp_path, "tests.faults.test_deadline_batch_crash")


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
