"""Firing a task's catch-up deadline (补生成): append what the task owes now, at most
`per_firing` windows, then come back at the next window's start (at once while more are owed).

The cursor (the start of the last window handled) travels in the deadline's own data: it is
advanced in the claim's transaction with the occurrences it stands for, so a crash rolls both back
together, and a rebuild keeps it (the deadline table is the service's state; decision 40). An
occurrence already there (a cycle changed onto a window already issued, a lost cursor) is skipped,
never issued twice: its id is the task's and the window's (occurrence_ids.py).

A 包保 task's occurrences go to the guardian its 重大危险源's roster names, and the firing records
them there (domain/guardian_roster.py): a hand-over committed after the roster was read refuses
this append, and the firing, tried again after its back-off, issues to the new guardian."""

from __future__ import annotations

from datetime import datetime, timedelta

from libs.deadlines import Deadline
from libs.unit_of_work import UnitOfWork
from services.inspection.application.occurrences import CATCH_UP, IMMINENT, OVERDUE, Occurrences
from services.inspection.domain import occurrence_events as e
from services.inspection.domain.catch_up import catch_up, owed_occurrences
from services.inspection.domain.codes import TaskState
from services.inspection.domain.cycles import next_window
from services.inspection.domain.guardian_roster import GuardianRoster
from services.inspection.domain.guardian_task import GUARDIAN
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.task import CheckTask

RECHECK = timedelta(days=1)  # no window ahead (a calendar that allows no day yet): look again tomorrow


def catch_up_handler(deps: Occurrences):
    async def on_catch_up(deadline: Deadline, uow: UnitOfWork) -> None:
        task = await deps.tasks.find(deadline.data["task_id"])
        if task is None or task.state is not TaskState.SCHEDULED or task.cycle is None:
            return  # retired since (its cancel lost the race): nothing more is owed
        now, calendar = deps.clock.now(), await deps.calendar()
        step = catch_up(task.cycle, _moment(deadline.data.get("cursor")), now, calendar, deps.per_firing,
                        since=_moment(deadline.data.get("since")))
        posts = [task.post_id] if task.post_id else []  # a 包保 task is issued to its guardian alone
        roster = await roster_of(deps, task)
        person = roster.issuing_to(task.work_type, task.holder) if roster is not None else ""
        people = ([person] if person else []) if roster is not None else list(task.person_ids)
        owed = owed_occurrences(step, enterprise_id=task.enterprise_id, task_id=task.id, post_ids=posts,
                                person_ids=people, now=now, policy=deps.policy)
        issued = []
        for occurrence in owed:
            if task.opens_in_period(occurrence.window) and await deps.occurrences.find(occurrence.id) is None:
                uow.save(deps.occurrences, occurrence)
                _clock_of(deps, occurrence, uow)
                issued.append(occurrence.id)
        if roster is not None and deps.rosters is not None:  # ordered against a hand-over by the roster's version
            roster.issued(task.enterprise_id, task.id, person, issued)
            uow.save(deps.rosters, roster)
        upcoming = None if step.more else next_window(task.cycle, now, calendar)
        if upcoming is not None and not task.opens_in_period(upcoming):
            return  # a plan's period is over: nothing more is owed, the deadline is not set again
        due = now if step.more else upcoming.start if upcoming else now + RECHECK
        deps.deadlines.schedule(uow, deadline.key, due, CATCH_UP, stream_id=deps.catch_up_stream(task),
                                data={**deadline.data, "cursor": step.cursor and step.cursor.isoformat()})

    return on_catch_up


async def roster_of(deps: Occurrences, task: CheckTask) -> GuardianRoster | None:
    """A 包保 task's roster (loaded before anything is issued: its version is what the issuing is
    decided on), or None for any other task."""
    if task.origin != GUARDIAN or deps.rosters is None:
        return None
    return await deps.rosters.find(task.object_id) or GuardianRoster(task.object_id)


def _clock_of(deps: Occurrences, occurrence: Occurrence, uow: UnitOfWork) -> None:
    """An issued occurrence's 临期 and 超期 deadlines (a missed one has none: it is over)."""
    issued = [x for x in occurrence.pending() if isinstance(x, e.OccurrenceIssued)]
    if not issued:
        return
    stream, data = deps.occurrences.stream_id(occurrence.id), {"occurrence_id": occurrence.id}
    deps.deadlines.schedule(uow, deps.key(occurrence.id, IMMINENT), issued[0].imminent_at, IMMINENT,
                            stream_id=stream, data=data)
    deps.deadlines.schedule(uow, deps.key(occurrence.id, OVERDUE), occurrence.window.end, OVERDUE,
                            stream_id=stream, data=data)


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)
