"""Stopping a background task so that it stops.

One `task.cancel()` is not enough on Python 3.11: `asyncio.wait_for` (in our deadline scheduler,
in aiokafka and asyncpg) returns its inner result when that completes in the same loop turn as
the cancellation, and the cancellation is lost — the task loops on, and a shutdown awaiting it
waits for ever (a CI run hung 12 minutes in the audit sealer's teardown that way). So the task is
cancelled again until it is done."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)
_RECANCEL_EVERY_S = 0.5


async def stop(task: asyncio.Task) -> None:
    """Cancel `task` until it has ended. A task that had failed before is logged, not raised: the
    shutdown goes on to stop the rest."""
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=_RECANCEL_EVERY_S)
    if not task.cancelled() and task.exception() is not None:
        log.error("task %s had failed before it was stopped", task.get_name(), exc_info=task.exception())
