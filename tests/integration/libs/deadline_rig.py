"""Both deadline books on one rig, for the tests that hold them to one contract
(test_deadlines_contract.py, test_deadlines_batch.py): the in-memory fake and PostgreSQL, each with
its store and a driven clock. The `rig` fixture is conftest.py's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from libs.clock import FixedClock
from libs.deadlines import DeadlineBook, DeadlineScheduler
from libs.eventstore.port import EventStore
from tests.unit.libs.test_deadlines import WINDOW, close_window

HOUR = timedelta(hours=1)


@dataclass
class Rig:
    store: EventStore
    book: DeadlineBook
    clock: FixedClock

    def scheduler(self, handlers=None, **options) -> DeadlineScheduler:
        return DeadlineScheduler(self.book, self.store, {WINDOW: close_window} if handlers is None else handlers,
                                 self.clock, **options)

    async def keys(self) -> list[str]:
        return [d.key for d in await self.book.pending()]
