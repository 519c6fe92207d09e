"""Catch-up (补生成): what a task owes when the scheduler runs, after a minute or after a week down.

Given the start of the last window already handled (issued or missed), every window that opened
since is owed exactly once: the one open now is issued; each that opened and closed while nobody
ran is missed (never issued). A call handles at most `limit` windows and says whether more are
owed, so one firing costs in proportion to `limit` however long the service was down; the caller
keeps `cursor` and passes it back as `after`. A window handled is never handed out again, since
the next call starts strictly after its start.

A window issued before the downtime is not this module's: its own deadline (durable) misses it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice

from libs.aggregate import DomainError
from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.cycles import TaskCycle, Window, windows
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.occurrence_ids import aware
from services.inspection.domain.rules import ImminencePolicy

TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class CatchUp:
    issue: tuple[Window, ...]  # open at `now`: issue to the assignees
    miss: tuple[Window, ...]  # opened and closed while nobody ran: one missed occurrence each
    cursor: datetime | None  # start of the last window handled (pass back as `after`); None: none yet
    more: bool  # more windows are owed now: call again (with `cursor`)

    @property
    def handled(self) -> tuple[Window, ...]:
        return tuple(sorted((*self.issue, *self.miss), key=lambda w: w.start))


def catch_up(cycle: TaskCycle, after: datetime | None, now: datetime, calendar: WorkingCalendar, limit: int,
             *, since: datetime | None = None) -> CatchUp:
    """The windows owed at `now` that open after `after` (from the task's start when None), at most
    `limit`. `since`, for a task that has never run: the moment it became known — a window that had
    closed by then was never this task's to miss (a start time in the past is not a backlog)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise DomainError("每次补生成的数量须为正整数", field="limit")
    now = aware(now)
    low = cycle.anchor if after is None else aware(after) + TICK
    if after is None and since is not None:
        # Windows never overlap and none is longer than its cycle: any window still open at
        # `since` opened within one cycle of it, so the search need not begin at the task's start.
        low = max(aware(cycle.anchor), aware(since) - _longest(cycle))
    owed = windows(cycle, low, now + TICK, calendar)
    if after is None and since is not None:
        known = aware(since)
        owed = (window for window in owed if window.end > known)
    found = list(islice(owed, limit + 1))
    handled = found[:limit]
    return CatchUp(issue=tuple(w for w in handled if w.end > now), miss=tuple(w for w in handled if w.end <= now),
                   cursor=handled[-1].start if handled else after, more=len(found) > limit)


def owed_occurrences(step: CatchUp, *, enterprise_id: str, task_id: str, post_ids: Sequence[str],
                     person_ids: Sequence[str], now: datetime,
                     policy: ImminencePolicy = ImminencePolicy()) -> list[Occurrence]:
    """The step as new occurrences, in window order, for the handler to append (each its own stream:
    one already there — a step run twice across a crash — is refused by its version check)."""
    missed = [Occurrence.missed_while_down(enterprise_id=enterprise_id, task_id=task_id, window=window,
                                           post_ids=post_ids, person_ids=person_ids, at=now) for window in step.miss]
    issued = [Occurrence.issue(enterprise_id=enterprise_id, task_id=task_id, window=window, post_ids=post_ids,
                               person_ids=person_ids, at=now, policy=policy) for window in step.issue]
    return [*missed, *issued]  # the open window is the latest: every missed one closed before it opened


def _longest(cycle: TaskCycle) -> timedelta:
    return timedelta(days=31 * cycle.months) if cycle.months is not None else cycle.period
