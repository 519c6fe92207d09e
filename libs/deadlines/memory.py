"""The in-memory deadline book: the fake for unit tests, held to the PostgreSQL book's contract.

A schedule or cancel is staged when its unit of work writes (inside its transaction) and takes
effect once that unit of work has committed (`uow.committed`, looked at before every read):
a command whose append conflicts leaves its deadlines unset, as on PostgreSQL. A claim holds
its deadlines until it ends; firing one removes it, and a failed attempt puts it back as it was.
What this fake does not model: a command racing a claim over the same key (PostgreSQL queues the
command on the row lock).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from libs.deadlines.port import Deadline
from libs.eventstore.port import Transaction
from libs.unit_of_work import UnitOfWork

# (order written, the unit of work, key, the deadline to set or None to cancel)
_Staged = tuple[int, UnitOfWork, str, Deadline | None]


class InMemoryClaim:
    connection: Any = None

    def __init__(self, book: InMemoryDeadlines, deadlines: list[Deadline]) -> None:
        self._book = book
        self.deadlines = deadlines

    @asynccontextmanager
    async def attempt(self, deadline: Deadline) -> AsyncIterator[None]:
        rows = self._book._rows
        held = rows.pop(deadline.key, None)
        try:
            yield
        except BaseException:
            if held is not None:
                rows[deadline.key] = held
            raise
        finally:
            self._book._settle()  # what the handler's own unit of work scheduled

    @asynccontextmanager
    async def attempt_all(self, deadlines: list[Deadline]) -> AsyncIterator[None]:
        book = self._book
        held = {d.key: book._rows.pop(d.key) for d in deadlines if d.key in book._rows}
        staged = len(book._staged)
        try:
            yield
        except BaseException:
            book._rows.update(held)
            del book._staged[staged:]  # what the block's units of work scheduled, as a rolled-back savepoint
            raise
        finally:
            book._settle()

    async def failed(self, deadline: Deadline, fire_at: datetime, error: str, parked: bool) -> None:
        rows = self._book._rows
        if deadline.key in rows:
            rows[deadline.key] = dataclasses.replace(
                rows[deadline.key], attempts=deadline.attempts + 1, fire_at=fire_at, last_error=error,
                parked=parked)


class InMemoryDeadlines:
    def __init__(self) -> None:
        self._rows: dict[str, Deadline] = {}
        self._staged: list[_Staged] = []
        self._order = itertools.count()
        self._held: set[str] = set()

    def schedule(self, uow: UnitOfWork, key: str, due_at: datetime, kind: str, *, stream_id: str,
                 data: dict[str, Any] | None = None) -> None:
        deadline = Deadline(key=key, stream_id=stream_id, kind=kind, due_at=due_at, data=dict(data or {}),
                            enterprise_id=uow.ctx.enterprise_id, correlation_id=uow.ctx.correlation_id,
                            fire_at=due_at)
        self._stage(uow, key, deadline)

    def cancel(self, uow: UnitOfWork, key: str) -> None:
        self._stage(uow, key, None)

    def _stage(self, uow: UnitOfWork, key: str, deadline: Deadline | None) -> None:
        async def write(_tx: Transaction) -> None:
            self._staged.append((next(self._order), uow, key, deadline))

        uow.also(write)

    def _settle(self) -> None:
        """Apply, in the order written, what committed units of work staged; keep the rest."""
        waiting = []
        for staged in self._staged:
            _, uow, key, deadline = staged
            if not uow.committed:
                waiting.append(staged)
            elif deadline is None:
                self._rows.pop(key, None)
            else:
                self._rows[key] = deadline
        self._staged = waiting

    @asynccontextmanager
    async def claim(self, now: datetime, limit: int) -> AsyncIterator[InMemoryClaim]:
        self._settle()
        due = sorted((d for d in self._rows.values()
                      if d.fire_at is not None and d.fire_at <= now and not d.parked and d.key not in self._held),
                     key=lambda d: (d.fire_at, d.key))[:limit]
        keys = {d.key for d in due}
        self._held |= keys
        try:
            yield InMemoryClaim(self, due)
        finally:
            self._held -= keys

    async def next_due(self, after: datetime) -> datetime | None:
        self._settle()
        return min((d.fire_at for d in self._rows.values()
                    if d.fire_at is not None and d.fire_at > after and not d.parked), default=None)

    async def pending(self) -> list[Deadline]:
        self._settle()
        return sorted(self._rows.values(), key=lambda d: (d.fire_at, d.key))
