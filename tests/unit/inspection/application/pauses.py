"""An injected pause between a read and the append decided on it: `PauseAfter(port, "find")`
delegates to `port`, and the first call of `find` returns only once the test says `go` — so the test
can commit a racing unit of work in between (on the fakes and on PostgreSQL alike)."""

from __future__ import annotations

import asyncio
from typing import Any


class PauseAfter:
    def __init__(self, inner: Any, method: str) -> None:
        self._inner, self._method = inner, method
        self.reached, self.go = asyncio.Event(), asyncio.Event()
        self._armed = True

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name != self._method:
            return attr

        async def paused(*args: Any, **kwargs: Any) -> Any:
            result = await attr(*args, **kwargs)
            if self._armed:  # the first call only: the retry runs through
                self._armed = False
                self.reached.set()
                await self.go.wait()
            return result

        return paused

    async def meanwhile(self, running: asyncio.Task, racing: Any) -> None:
        """Once `running` paused here, await `racing` (the other unit of work, committed), then let it go on."""
        reached = asyncio.ensure_future(self.reached.wait())
        done, _ = await asyncio.wait({reached, running}, return_when=asyncio.FIRST_COMPLETED)
        assert reached in done, "the unit of work ended without reaching the pause"
        await racing
        self.go.set()
