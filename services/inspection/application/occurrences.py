"""Occurrences driven by deadlines (decision 40): what the handlers of a task's clock need, and
how a change to a task starts or stops its catch-up.

A task with a cycle has one catch-up deadline (`<task stream>:catch-up`): set due now when the
cycle is set, changed or the task reinstated; cancelled when the task is retired (its open
occurrences stay, each with its own 临期 and 超期 deadlines). Firing it issues what is owed
(occurrence_catch_up.py); each occurrence's own deadlines make it 临期 and 超期
(occurrence_deadlines.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from libs.clock import Clock
from libs.deadlines import DeadlineBook
from libs.eventstore.port import EventStore
from libs.pagination import PageParams
from libs.repository import Repository
from libs.unit_of_work import UnitOfWork
from services.inspection.domain import events as ev
from services.inspection.domain import guardian_events as gev
from services.inspection.domain import plan_task_events as pev
from services.inspection.domain.calendar import WorkingCalendar
from services.inspection.domain.codes import OccurrenceState, TaskState
from services.inspection.domain.guardian_roster import GuardianRoster
from services.inspection.domain.guardian_task import GUARDIAN
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.rules import ImminencePolicy
from services.inspection.domain.task import CheckTask

CATCH_UP, IMMINENT, OVERDUE = "catch-up", "imminent", "overdue"  # deadline kinds, stored: never renamed
PER_FIRING = 50  # windows one catch-up firing handles at most, however long the service was down

Row = dict[str, Any]


class OccurrenceQueries(Protocol):
    """The occurrence read model (projections/occurrences.py, or in_memory_occurrences.py)."""

    async def occurrence(self, enterprise_id: str, occurrence_id: str) -> Row | None: ...

    async def occurrences(self, enterprise_id: str, p: PageParams, *, task_id: str | None = None,
                          post_id: str | None = None, state: OccurrenceState | None = None,
                          from_: datetime | None = None, to: datetime | None = None,
                          department_id: str | None = None) -> tuple[list[Row], int]:
        """`department_id`: issued to a post under it (the nearest department above the post, as the
        directory replica has the tree now)."""
        ...


@dataclass
class Occurrences:
    store: EventStore
    tasks: Repository[CheckTask]
    occurrences: Repository[Occurrence]
    deadlines: DeadlineBook
    calendar: Callable[[], Awaitable[WorkingCalendar]]  # the library under every loaded year, now
    clock: Clock
    queries: OccurrenceQueries
    policy: ImminencePolicy = ImminencePolicy()
    per_firing: int = PER_FIRING
    # The 重大危险源s' 包保 rosters: a 包保 task's catch-up appends to its object's (decision 47).
    rosters: Repository[GuardianRoster] | None = None

    def catch_up_key(self, task_id: str) -> str:
        return f"{self.tasks.stream_id(task_id)}:{CATCH_UP}"

    def catch_up_stream(self, task: CheckTask) -> str:
        """The stream a task's catch-up deadline is filed under (what a claim preloads and fires one
        of at a time): a 包保 task's roster, which the catch-ups of all the object's tasks append to
        (so a claim fires one of them and leaves the others for the next pass), else the task's."""
        if task.origin == GUARDIAN and self.rosters is not None:
            return self.rosters.stream_id(task.object_id)
        return self.tasks.stream_id(task.id)

    def key(self, occurrence_id: str, kind: str) -> str:
        return f"{self.occurrences.stream_id(occurrence_id)}:{kind}"

    def follow_task(self, task: CheckTask, uow: UnitOfWork) -> None:
        """On `uow`, with the task's own append: a new cycle, a reinstated task or a plan's task just
        published is caught up from now (no backlog: `since`), a retired one no longer."""
        changed = {type(e) for e in task.pending()}
        if changed & {ev.CheckTaskRetired, pev.PlanTaskRetired, gev.GuardianTaskRetired}:
            self.deadlines.cancel(uow, self.catch_up_key(task.id))
        elif task.state is TaskState.SCHEDULED and changed & {ev.CheckTaskScheduled, ev.CheckTaskReinstated,
                                                                   pev.PlanTaskDrawnUp, gev.GuardianTaskDrawnUp,
                                                                   gev.GuardianTaskRevised}:
            now = self.clock.now()
            self.deadlines.schedule(uow, self.catch_up_key(task.id), now, CATCH_UP,
                                    stream_id=self.catch_up_stream(task),
                                    data={"task_id": task.id, "since": now.isoformat(), "cursor": None})
