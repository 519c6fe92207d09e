"""The two ways the deadline measurements fire due occurrences, on the same composition of
inspection (its PostgreSQL event store with the inline read models, `bootstrap.postgres`, the
handlers of `deadline_handlers`):

- `TimedScheduler`: the service's own `DeadlineScheduler` on `PostgresDeadlines` (claims on the
  partial index, 100 a claim fired as one, a pass every second when nothing is due), each pass's
  commit stamped;
- `NaiveScan`, the baseline: what a cron job without a deadline table does — every second read
  every open occurrence from the read model, pick in Python those whose 临期 or close has come, and
  fire each through the same handler, 100 a transaction (without the scheduler's savepoints).

Both stamp the moment each batch committed (its events visible), with how many it fired.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime

import asyncpg

from libs.deadlines import SCHEDULER_ACTOR, Deadline, DeadlineHandler, DeadlineScheduler, Pass
from libs.eventstore.port import EventStore
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from services.inspection.application.occurrences import IMMINENT, OVERDUE

BATCH = 100  # the scheduler's default claim size; the scan fires in batches as large
TICK_S = 1.0  # the scheduler's default poll interval; the scan ticks as often


class ShiftedClock:
    """Real time moved by a fixed offset, reading `reads` now: the seeded instant comes when the
    bench wants it, and then runs at the speed of the database's and the bench's own clocks."""

    def __init__(self, reads: datetime) -> None:
        self.reset(reads)

    def reset(self, reads: datetime) -> None:
        self._shift = reads - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._shift

    def real(self, moment: datetime) -> float:
        """When this clock reads `moment`, as a `time.time()`."""
        return (moment - self._shift).timestamp()


class Stamps:
    def __init__(self) -> None:
        self.batches: list[tuple[float, int]] = []  # (time.time() at commit, events fired)
        self.queries = 0  # claims or scans

    @property
    def fired(self) -> int:
        return sum(n for _, n in self.batches)

    def latencies_ms(self, due_at: float) -> list[float]:
        return [(at - due_at) * 1000 for at, n in self.batches for _ in range(n)]


class TimedScheduler(DeadlineScheduler):
    stamps: Stamps

    async def fire_due(self) -> Pass:
        done = await super().fire_due()  # its claim has committed when it returns
        self.stamps.queries += 1
        if done.fired:
            self.stamps.batches.append((time.time(), done.fired))
        return done

    async def next_wait(self) -> float:
        self.stamps.queries += 1  # its probe of the next due time is a query too
        return await super().next_wait()


class OneAtATime(TimedScheduler):
    """The scheduler as it was before claims were fired as one (decision 53): every deadline in its
    own savepoint, its own delete, load, append and projection — the fallback path, always. The
    same-run baseline of what batching bought."""

    async def _fire_together(self, claim, deadlines) -> bool:
        return False


class SchedulerPair:
    """Two schedulers of one service side by side (two instances, or two tasks of one): their claims
    skip each other's rows (SKIP LOCKED), so each deadline still fires once. Informative: what a
    second instance does to 10k due at once."""

    def __init__(self, first: TimedScheduler, second: TimedScheduler) -> None:
        self.schedulers = (first, second)
        self.stamps = Stamps()

    @property
    def stamps(self) -> Stamps:
        return self._stamps

    @stamps.setter
    def stamps(self, stamps: Stamps) -> None:
        self._stamps = stamps
        for scheduler in self.schedulers:
            scheduler.stamps = stamps

    async def run(self) -> None:
        await asyncio.gather(*(scheduler.run() for scheduler in self.schedulers))


_OPEN = "SELECT id, state, imminent_at, window_end FROM occurrences WHERE state IN ('issued', 'imminent')"


class NaiveScan:
    def __init__(self, pool: asyncpg.Pool, store: EventStore, handlers: dict[str, DeadlineHandler], clock,
                 wake: Callable[[], None] = lambda: None) -> None:
        self.pool, self.store, self.handlers, self.clock = pool, store, handlers, clock
        self.wake = wake  # the relay's, after each commit (as the scheduler does)
        self.stamps = Stamps()

    def _due(self, rows: list[asyncpg.Record], now: datetime) -> list[Deadline]:
        due = []
        for r in rows:
            kind = OVERDUE if r["window_end"] <= now else IMMINENT if (
                r["state"] == "issued" and r["imminent_at"] <= now) else None
            if kind is not None:
                stream = f"occurrence-{r['id']}"
                due.append(Deadline(key=f"{stream}:{kind}", stream_id=stream, kind=kind, due_at=now,
                                    data={"occurrence_id": r["id"]}))
        return due

    async def tick(self) -> None:
        now = self.clock.now()
        due = self._due(await self.pool.fetch(_OPEN), now)
        self.stamps.queries += 1
        for start in range(0, len(due), BATCH):
            async with self.pool.acquire() as conn, conn.transaction():
                for deadline in due[start:start + BATCH]:
                    uow = UnitOfWork(self.store, CommandContext(SCHEDULER_ACTOR, "bench-enterprise",
                                                                f"deadline:{deadline.key}"), connection=conn)
                    await self.handlers[deadline.kind](deadline, uow)
                    if not uow.committed:
                        await uow.commit()
            self.stamps.batches.append((time.time(), len(due[start:start + BATCH])))
            self.wake()

    async def run(self) -> None:
        while True:
            await self.tick()
            await asyncio.sleep(TICK_S)
