"""What every deadline book does: keep due times beside the log, hand out what is due.

A deadline is "at `due_at`, something happens to stream `stream_id`": a task window closes,
a hidden hazard turns 临期 then 超期, an alert escalates one step, a certificate expires. It is
written by the command that causes it, in that command's transaction (`schedule`/`cancel`
through its unit of work), and fired by the scheduler (libs/deadlines/scheduler.py). One
contract suite holds both books (PostgreSQL, in-memory) to the same behaviour.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from libs.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Deadline:
    """One due time. `key` is unique ("<stream_id>:<kind>" by convention): scheduling it again
    replaces it. `fire_at` is when it is next tried: `due_at`, or later after a failed attempt.
    The enterprise and correlation id of the command that scheduled it go into the metadata of
    what firing it appends, so the fired event reads as caused by that command."""

    key: str
    stream_id: str
    kind: str
    due_at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    enterprise_id: str | None = None
    correlation_id: str | None = None
    attempts: int = 0
    fire_at: datetime | None = None
    last_error: str | None = None
    parked: bool = False


# What firing a deadline does: load the aggregate, decide, `uow.save(...)`. The scheduler commits
# the unit of work (on the claim's transaction) unless the handler did.
DeadlineHandler = Callable[[Deadline, UnitOfWork], Awaitable[None]]


class Claim(Protocol):
    """Due deadlines held by one scheduler: no other claim sees them until this one ends."""

    connection: Any  # the claim's asyncpg connection, inside its transaction; None in memory
    deadlines: list[Deadline]

    def attempt(self, deadline: Deadline) -> AbstractAsyncContextManager[None]:
        """Fire `deadline` inside this block: it is gone when the block ends, and if the block
        raises, it and everything the block wrote are as before (a savepoint)."""
        ...

    def attempt_all(self, deadlines: list[Deadline]) -> AbstractAsyncContextManager[None]:
        """Fire all of `deadlines` inside this block, as one: all are gone when it ends, and if it
        raises, they and everything the block wrote are as before (one savepoint)."""
        ...

    async def failed(self, deadline: Deadline, fire_at: datetime, error: str, parked: bool) -> None:
        """Record a failed attempt: tried again at `fire_at`, or parked for an operator."""
        ...


class DeadlineBook(Protocol):
    def schedule(self, uow: UnitOfWork, key: str, due_at: datetime, kind: str, *, stream_id: str,
                 data: dict[str, Any] | None = None) -> None:
        """Set (or replace) deadline `key` when `uow` commits, and only then."""
        ...

    def cancel(self, uow: UnitOfWork, key: str) -> None:
        """Remove deadline `key` (if set) when `uow` commits, and only then."""
        ...

    def claim(self, now: datetime, limit: int) -> AbstractAsyncContextManager[Claim]:
        """Hold up to `limit` deadlines whose `fire_at <= now`, earliest first, skipping those
        another claim holds; their fate is committed when the block ends."""
        ...

    async def next_due(self, after: datetime) -> datetime | None:
        """The earliest `fire_at` later than `after` of a deadline not parked (None: none is set):
        when the scheduler's next pass is worth making, if sooner than its poll."""
        ...

    async def pending(self) -> list[Deadline]:
        """Every deadline set, parked ones included, earliest `fire_at` first (tests, operators)."""
        ...
