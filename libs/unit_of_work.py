"""The unit of work: what one command (or one reacted event, or one fired deadline) changes,
committed in one transaction or not at all.

Handlers load aggregates, call their methods, and hand each changed one to `save`; nothing is
written until `commit`. Then every stream is appended at the version it was loaded at
(optimistic concurrency stays per stream: one moved stream refuses all), the inline projections
run — and, before them, what else the work registered with `also` (deadlines, a guard's lock) —
all on one transaction, so a crash halfway leaves nothing halfway. The `also` work goes first so
that every transaction takes its locks in one order (deadline rows and guards, then streams): a
command that reschedules a deadline a scheduler is firing waits for that claim before it holds
the stream the claim appends to, instead of deadlocking with it. Given a `connection` already inside
a transaction (a consumer's, a deadline claim's), it joins that one and its owner commits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from libs.aggregate import Aggregate
from libs.eventstore.port import EventStore, Transaction
from libs.observability import EVENTS_APPENDED

if TYPE_CHECKING:
    from libs.repository import CommandContext, Repository

Work = Callable[[Transaction], Awaitable[None]]


class UnitOfWork:
    def __init__(self, store: EventStore, ctx: CommandContext, connection: Any = None) -> None:
        self.store, self.ctx, self._connection = store, ctx, connection
        self._changed: dict[str, tuple[Repository, Aggregate]] = {}
        self._also: list[Work] = []
        self.committed = False

    def save(self, repo: Repository, aggregate: Aggregate) -> None:
        """Append what `aggregate` recorded at commit (saving one twice saves it once)."""
        self._changed[repo.stream_id(aggregate.id)] = (repo, aggregate)

    def also(self, work: Work) -> None:
        """Run `work` on the commit's transaction, before the appends (see the module docstring)."""
        self._also.append(work)

    async def commit(self) -> None:
        if self.committed:
            raise RuntimeError("a unit of work commits once")
        changes = [(repo, agg) for repo, agg in self._changed.values() if agg.pending()]
        if changes or self._also:
            async with self.store.transaction(self._connection) as tx:
                for work in self._also:
                    await work(tx)
                if changes:
                    await tx.append([repo.batch(agg, self.ctx) for repo, agg in changes])
        self.committed = True
        for repo, agg in changes:
            for event in agg.pending():
                EVENTS_APPENDED.labels(repo.service, event.TYPE).inc()
            agg.mark_saved()
