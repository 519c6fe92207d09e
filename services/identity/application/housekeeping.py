"""Housekeeping of what is kept beside the log: refresh-token rows whose session has expired are
deleted by a deadline of its own (libs/deadlines), so the table holds no more than the sessions
that can still be refreshed. A revoked or signed-out session's rows go at once (sessions.py,
handlers.end_sessions); an expired one's stayed until now, the spent generations with it (they
detect a reuse while the session lives, and mean nothing after).

One firing deletes at most `batch` rows, so a claim stays short however much piled up (after a
long stop, say); when it had a full batch it comes back `soon`, else `every` later. Starting the
service sets it due at once (the same key again: two replicas starting set one deadline).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from libs.clock import Clock
from libs.deadlines import Deadline, DeadlineBook, DeadlineHandler
from libs.eventstore.port import EventStore
from libs.repository import CommandContext
from libs.unit_of_work import UnitOfWork
from services.identity.adapters.hashes import Secrets

PRUNE = "prune_refresh_tokens"
KEY = "refresh_tokens:" + PRUNE
ACTOR = "system:identity-housekeeping"


@dataclass(frozen=True)
class Pruning:
    batch: int = 1000
    every: timedelta = timedelta(hours=1)
    soon: timedelta = timedelta(seconds=1)


def _schedule(book: DeadlineBook, uow: UnitOfWork, at: datetime) -> None:
    book.schedule(uow, KEY, at, PRUNE, stream_id="refresh_tokens")


def pruning(secrets: Secrets, book: DeadlineBook, clock: Clock, policy: Pruning) -> DeadlineHandler:
    """The handler of the pruning deadline: this firing's batch, and when the next one is due."""
    async def on_prune_refresh_tokens(deadline: Deadline, uow: UnitOfWork) -> None:
        at = clock.now()
        full = await secrets.expired_refresh(at, policy.batch) >= policy.batch
        secrets.prune_refresh(uow, at, policy.batch)
        _schedule(book, uow, at + (policy.soon if full else policy.every))

    return on_prune_refresh_tokens


async def start_pruning(book: DeadlineBook, store: EventStore, clock: Clock) -> None:
    """Due now: a service that starts prunes what expired while it was down, then keeps at it."""
    uow = UnitOfWork(store, CommandContext(ACTOR, None, "identity-housekeeping"))
    _schedule(book, uow, clock.now())
    await uow.commit()
