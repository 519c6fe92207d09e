"""Replay of a service's own log through its inline projectors, into a shadow read model.

Each projector call gets what it got when the events were appended: the events one transaction
wrote to one stream, in version order (`appends`). The log's order is the store's gap-safe order,
`(tx_id, position)`. A transaction's id is taken at its first write, so that order is not quite
the order of commits, and an append whose check waited live for a transaction that started after
it may, replayed in log order, meet that other transaction's state still before it. The case
here: a name claim that waited on a rename giving the name up (the unique index made it wait),
whose rename has the higher id. So an append the projectors refuse is set aside and tried again
after each later append, until one lets it through — the order of commits is found again. One
still refused `DEFER_LIMIT` appends later, or when the log ends, is bad history: `RebuildRefused`
names its event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from libs.db import UNAVAILABLE
from libs.events import RecordedEvent
from libs.eventstore.port import START, Cursor
from libs.eventstore.postgres import InlineProjector

DEFER_LIMIT = 1000  # appends a refused one may wait past; live, a race spans a few concurrent transactions

# Not what an event carries: the database away, or a lock the rebuild waited for too long.
NOT_THE_EVENTS = (*UNAVAILABLE, asyncpg.DeadlockDetectedError, asyncpg.LockNotAvailableError)

Append = list[RecordedEvent]


class RebuildRefused(RuntimeError):
    """The rebuild stopped before the swap; the message says why, in words for the operator."""


def appends(events: Sequence[RecordedEvent]) -> list[Append]:
    """`events` (in gap-safe order) cut into what each projector call got at append time."""
    cut: list[Append] = []
    for event in events:
        if cut and (cut[-1][-1].tx_id, cut[-1][-1].stream_id) == (event.tx_id, event.stream_id):
            cut[-1].append(event)
        else:
            cut.append([event])
    for append in cut:
        append.sort(key=lambda e: e.version)
    return cut


@dataclass
class _Deferred:
    append: Append
    error: Exception
    waited: int = 0  # later appends applied since it was refused


class _Refused(Exception):
    """An append of a batch was refused: the batch is rolled back and fed one append at a time."""


class _Undo(Exception):
    """Rolls back the savepoint that only looked for the event to blame."""


class InlineReplay:
    """Feeds the log's events through the inline projectors on one connection to the shadow."""

    def __init__(self, service: str, inline: Sequence[InlineProjector], conn: asyncpg.Connection) -> None:
        self.service, self.inline, self.conn = service, list(inline), conn
        self.cursor: Cursor = START  # after the last event read
        self.held: Append = []  # the last append read, perhaps cut short by the batch limit
        self.deferred: list[_Deferred] = []
        self.applied = 0

    def state(self) -> tuple:
        """What a rolled-back transaction takes back with it (see `restore`)."""
        return list(self.held), self.cursor, self.applied, [_Deferred(d.append, d.error, d.waited)
                                                             for d in self.deferred]

    def restore(self, state: tuple) -> None:
        self.held, self.cursor, self.applied, self.deferred = state

    def take(self, events: list[RecordedEvent], final: bool = False) -> list[Append]:
        """What can be applied now of `events` read after the cursor; the last append waits for the
        next read unless `final` (the log is locked and read to its end)."""
        if events:
            self.cursor = events[-1].cursor
        cut = appends(self.held + events)
        self.held = [] if final or not cut else cut.pop()
        return cut

    async def feed(self, cut: list[Append], final: bool = False) -> None:
        """Apply `cut` in a transaction of its own (a savepoint inside the caller's). With `final`,
        an append still set aside is refused."""
        state = self.state()
        try:
            if self.deferred:
                raise _Refused
            async with self.conn.transaction():
                for append in cut:
                    if await self._project(append) is not None:
                        raise _Refused
            self.applied += sum(len(a) for a in cut)
        except _Refused:  # rolled back: one append at a time, each in a savepoint
            self.restore(state)
            async with self.conn.transaction():
                for append in cut:
                    await self._one(append)
        if final and self.deferred:
            raise await self._refusal(self.deferred[0])

    async def _one(self, append: Append) -> None:
        error = await self._project(append, savepoint=True)
        if error is not None:
            self.deferred.append(_Deferred(append, error))
            return
        self.applied += len(append)
        for waiting in self.deferred:
            waiting.waited += 1
        while self.deferred:  # each one let through may let another through
            for waiting in self.deferred:
                if await self._project(waiting.append, savepoint=True) is None:
                    self.deferred.remove(waiting)
                    self.applied += len(waiting.append)
                    break
            else:
                break
        for waiting in self.deferred:
            if waiting.waited >= DEFER_LIMIT:
                raise await self._refusal(waiting)

    async def _project(self, append: Append, savepoint: bool = False) -> Exception | None:
        """Run the projectors on `append`; the exception they raised, or None."""
        try:
            if not savepoint:
                for project in self.inline:
                    await project(self.conn, append)
                return None
            async with self.conn.transaction():
                for project in self.inline:
                    await project(self.conn, append)
        except NOT_THE_EVENTS:
            raise
        except Exception as exc:  # a rule of the projectors, or the data refused by the database
            return exc
        return None

    async def _refusal(self, refused: _Deferred) -> RebuildRefused:
        """Name the event of the refused append that the projectors refuse, trying its events one
        by one in a savepoint rolled back afterwards."""
        culprit = refused.append[0]
        if len(refused.append) > 1:
            try:
                async with self.conn.transaction():
                    for event in refused.append:
                        if await self._project([event], savepoint=True) is not None:
                            culprit = event
                            break
                    raise _Undo
            except _Undo:
                pass
        e, error = culprit, refused.error
        return RebuildRefused(
            f"{self.service} 的读模型重建在事件 {e.type}（event_id {e.event_id}，流 {e.stream_id} 第 {e.version} 版，"
            f"position {e.position}）处停止：{type(error).__name__}: {error}；现有读模型未被替换")
