"""The connection inline projectors see in a multi-stream append: their writes go in one round trip.

A projector writes its read model with `execute`, one statement per event: in an append of a
hundred streams (a deadline claim fired as one) that was a hundred round trips after the one
insert. Here `execute` is held and `flush` sends what is held in order, each run of one statement
as one `executemany` (asyncpg sends its binds together). Anything else a projector awaits (`fetch`,
…) first sends what is held, so it reads what was written before it. Projectors write and never
read what `execute` returns (it returns None here): a projector that needed the status would use
`fetchval(… RETURNING …)`. An error of a held statement surfaces at `flush`, in the same append,
which it refuses as before.
"""

from __future__ import annotations

import inspect
import itertools
from typing import Any


class DeferredExecutes:
    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._held: list[tuple[str, tuple]] = []

    async def execute(self, query: str, *args: Any, **kwargs: Any) -> None:
        if not args or kwargs:  # a script or a timeout: as it was, in its turn
            await self.flush()
            await self._connection.execute(query, *args, **kwargs)
            return
        self._held.append((query, args))

    async def flush(self) -> None:
        held, self._held = self._held, []
        for query, run in itertools.groupby(held, key=lambda h: h[0]):
            binds = [args for _, args in run]
            if len(binds) == 1:
                await self._connection.execute(query, *binds[0])
            else:
                await self._connection.executemany(query, binds)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._connection, name)
        if not inspect.iscoroutinefunction(attr):
            return attr

        async def after_what_is_held(*args: Any, **kwargs: Any) -> Any:
            await self.flush()
            return await attr(*args, **kwargs)

        return after_what_is_held
