"""The deadline scheduler: fires what is due by the injected clock, each deadline once.

One pass claims up to `batch_size` deadlines whose time has come (libs/deadlines/port.py) and
fires them: the handler registered for each one's kind gets a unit of work on the claim's own
transaction, loads its aggregate, decides, and saves; the appends (at the version it loaded),
the deadline's removal and whatever the handler scheduled next commit together with the claim.
The claim is first fired as one (one savepoint, its appends written together: batch.py); only if
that raises is it fired again one deadline at a time, each in its own savepoint, as below. A
second deadline of a stream in one claim is left to the next pass (at once): its handler loads
what is committed, so in this claim it would only conflict with the first one's append.

The retry policy, whole: an attempt that raises — a conflict because the stream moved on, a
refusal, a bug, no handler for the kind — is rolled back to its savepoint alone, so it neither
loses its deadline nor stops the others in the claim. The deadline records the attempt and is
tried again after a back-off that doubles (`RetryPolicy`, in clock time); after `max_attempts`
it is parked: kept, out of the claims, logged and counted in `sk_deadlines_parked_total`, for an
operator to look at. A pass that cannot reach the database at all changes nothing and the next
pass tries again.

Between passes the scheduler waits `poll_s` seconds, or less: until the next deadline's time when
that comes sooner (`next_wait`); it passes again at once when a
pass took a full batch (more may be due) or left some to the next, and when a test moves its
clock (`FixedClock.on_move`).
A pass that fired anything calls `wake` (the relay's wake-up) once its claim has committed: the
appends woke the relay too, but before the commit, when it could read none of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from prometheus_client import Counter

from libs.clock import Clock
from libs.deadlines.batch import HeldAppends, split_by_stream
from libs.deadlines.port import Claim, Deadline, DeadlineBook, DeadlineHandler
from libs.eventstore.port import EventStore
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

DEADLINES_FIRED = Counter("sk_deadlines_fired_total", "Deadlines fired (their events committed)",
                          ["service", "kind"])
DEADLINE_FAILURES = Counter("sk_deadline_failures_total", "Attempts to fire a deadline that failed and were "
                            "rolled back (tried again later)", ["service", "kind"])
DEADLINES_PARKED = Counter("sk_deadlines_parked_total", "Deadlines parked after their last allowed attempt",
                           ["service", "kind"])

SCHEDULER_ACTOR = "deadline-scheduler"  # the actor of what firing a deadline appends


@dataclass(frozen=True)
class RetryPolicy:
    """After failed attempt n: try again `first_delay · 2^(n-1)` later (at most `max_delay`);
    the `max_attempts`-th failure parks the deadline."""

    first_delay: timedelta = timedelta(seconds=5)
    max_delay: timedelta = timedelta(hours=1)
    max_attempts: int = 8

    def delay(self, attempts: int) -> timedelta:
        return min(self.first_delay * 2 ** (attempts - 1), self.max_delay)

    def parks(self, attempts: int) -> bool:
        return attempts >= self.max_attempts


@dataclass(frozen=True)
class Pass:
    """What one pass did."""

    claimed: int = 0
    fired: int = 0
    failed: int = 0
    deferred: int = 0  # on a stream another of the claim fired: the next pass fires them


class DeadlineScheduler:
    def __init__(self, book: DeadlineBook, store: EventStore, handlers: dict[str, DeadlineHandler],
                 clock: Clock, *, service: str = "", batch_size: int = 100, poll_s: float = 1.0,
                 retry: RetryPolicy | None = None, wake: Callable[[], None] = lambda: None) -> None:
        self.book, self.store, self.handlers, self.clock = book, store, dict(handlers), clock
        self.service, self.batch_size, self.poll_s = service, batch_size, poll_s
        self.retry = retry or RetryPolicy()
        self.wake = wake
        self.wakeup = asyncio.Event()
        on_move = getattr(clock, "on_move", None)
        if on_move is not None:
            on_move(self.wakeup.set)

    async def fire_due(self) -> Pass:
        """One pass: claim what is due now and fire it; commits when it returns."""
        now = self.clock.now()
        async with self.book.claim(now, self.batch_size) as claim:
            due, later = split_by_stream(claim.deadlines)  # `later`: left as they are, for the next pass
            if len(due) < 2 or not await self._fire_together(claim, due):
                fired = [d.kind for d in due if await self._fire(claim, d)]
            else:
                fired = [d.kind for d in due]
            claimed = len(claim.deadlines)
        for kind in fired:  # counted once committed
            DEADLINES_FIRED.labels(self.service, kind).inc()
        if fired:
            self.wake()
        return Pass(claimed, len(fired), len(due) - len(fired), len(later))

    async def _fire_together(self, claim: Claim, deadlines: list[Deadline]) -> bool:
        """All of `deadlines` in one savepoint; False (and nothing written) if anything raised."""
        try:
            async with (claim.attempt_all(deadlines), self.store.preloaded([d.stream_id for d in deadlines]),
                        self.store.transaction(claim.connection) as tx):
                held = HeldAppends(self.store, tx)
                for deadline in deadlines:
                    await self._run_handler(deadline, held, tx.connection)
                await held.flush()
        except Exception as exc:  # fired again one by one: the failure finds its deadline there
            log.debug("firing %d deadlines together failed (%r); one at a time instead", len(deadlines), exc)
            return False
        return True

    async def _run_handler(self, deadline: Deadline, store: EventStore, connection: Any) -> None:
        handler = self.handlers.get(deadline.kind)
        if handler is None:
            raise LookupError(f"no handler for deadlines of kind {deadline.kind}")
        uow = UnitOfWork(store, self._context(deadline), connection=connection)
        await handler(deadline, uow)
        if not uow.committed:
            await uow.commit()

    async def _fire(self, claim: Claim, deadline: Deadline) -> bool:
        try:
            async with claim.attempt(deadline):
                await self._run_handler(deadline, self.store, claim.connection)
        except Exception as exc:  # every failure is this deadline's alone: see the docstring
            await self._failed(claim, deadline, exc)
            return False
        return True

    async def _failed(self, claim: Claim, deadline: Deadline, exc: Exception) -> None:
        attempts = deadline.attempts + 1
        parked = self.retry.parks(attempts)
        error = f"{type(exc).__name__}: {exc}"[:1000]
        await claim.failed(deadline, self.clock.now() + self.retry.delay(attempts), error, parked)
        DEADLINE_FAILURES.labels(self.service, deadline.kind).inc()
        if parked:
            DEADLINES_PARKED.labels(self.service, deadline.kind).inc()
            log.error("deadline %s parked after %d attempts: %s", deadline.key, attempts, error)
        else:
            log.warning("deadline %s failed (attempt %d), tried again later: %s", deadline.key, attempts, error)

    @staticmethod
    def _context(deadline: Deadline) -> CommandContext:
        return CommandContext(SCHEDULER_ACTOR, deadline.enterprise_id,
                              deadline.correlation_id or f"deadline:{deadline.key}")

    async def run(self) -> None:
        """Pass after pass until cancelled."""
        while True:
            self.wakeup.clear()
            try:
                done = await self.fire_due()
            except Exception:  # the database away, a claim that failed as a whole: all rolled back
                log.exception("deadline pass failed; trying again")
                done = Pass()
            if done.claimed >= self.batch_size or done.deferred:
                await asyncio.sleep(0)  # let others run between full batches
                continue
            try:
                await asyncio.wait_for(self.wakeup.wait(), await self.next_wait())
            except TimeoutError:
                pass

    async def next_wait(self) -> float:
        """Seconds until the next pass: `poll_s`, or less when the next deadline falls due sooner
        (so 10k due at one instant are claimed at it, not up to a poll later). One due already
        (held by another scheduler's claim) waits the poll, never spins."""
        now = self.clock.now()
        try:
            next_due = await self.book.next_due(now)
        except Exception:  # the database away: the next pass finds out and logs it
            return self.poll_s
        if next_due is None:
            return self.poll_s
        return min(self.poll_s, max((next_due - now).total_seconds(), 0.0))
