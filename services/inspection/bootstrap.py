"""The composition of inspection's handlers: the check-task repository on one event store and the
read model the routes and handlers read — PostgreSQL (app.py) or in memory (tests).

    wired = in_memory(clock=FixedClock(T0))
    await task_reactor(wired.tasks, wired.store, "", "inspection").apply(None, measure_defined)
    await h.schedule_task(c.ScheduleCheckTask(...).for_(eid, task_id), wired, ctx)
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from libs.clock import Clock, SystemClock
from libs.eventstore import InMemoryEventStore
from libs.eventstore.port import EventStore
from libs.repository import Repository
from services.inspection.application.handlers import Inspection, TaskQueries
from services.inspection.domain.events import registry
from services.inspection.domain.task import CheckTask
from services.inspection.in_memory import InMemoryTasks
from services.inspection.projections.queries import SqlTasks

SERVICE = "inspection"


@dataclass
class Wired(Inspection):
    store: EventStore | None = None


def bootstrap(store: EventStore, queries: TaskQueries, clock: Clock) -> Wired:
    # The stream prefix is part of every stored stream id (`checktask-<id>`): never renamed.
    tasks = Repository(store, registry, CheckTask, "checktask", SERVICE)
    return Wired(tasks=tasks, queries=queries, clock=clock, store=store)


def postgres(pool: asyncpg.Pool, store: EventStore, clock: Clock) -> Wired:
    return bootstrap(store, SqlTasks(pool), clock)


def in_memory(clock: Clock | None = None) -> Wired:
    read_model = InMemoryTasks()
    return bootstrap(InMemoryEventStore(inline=[read_model.project]), read_model, clock or SystemClock())
