"""The composition of inspection's handlers: the check-task, occurrence and check-record repositories
on one event store, the blob store of photos, and the read models the routes and handlers read —
PostgreSQL (app.py) or in memory (tests).

    wired = in_memory(clock=FixedClock(T0))
    await task_reactor(wired.tasks, wired.store, "", "inspection").apply(None, measure_defined)
    await h.schedule_task(c.ScheduleCheckTask(...).for_(eid, task_id), wired, ctx)
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from libs.blobs import BlobStore, InMemoryBlobStore
from libs.clock import Clock, SystemClock
from libs.eventstore import InMemoryEventStore
from libs.eventstore.port import EventStore
from libs.repository import Repository
from services.inspection.application.handlers import Inspection, TaskQueries
from services.inspection.application.records import CheckRecords, RecordQueries
from services.inspection.domain.events import registry
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.record import CheckRecord
from services.inspection.domain.task import CheckTask
from services.inspection.in_memory import InMemoryRecords, InMemoryTasks
from services.inspection.projections.queries import SqlTasks
from services.inspection.projections.records import SqlRecords

SERVICE = "inspection"


@dataclass
class Wired(Inspection):
    store: EventStore | None = None
    check_records: CheckRecords | None = None  # set by with_records: every composition has it


def bootstrap(store: EventStore, queries: TaskQueries, clock: Clock) -> Wired:
    # The stream prefix is part of every stored stream id (`checktask-<id>`): never renamed.
    tasks = Repository(store, registry, CheckTask, "checktask", SERVICE)
    return Wired(tasks=tasks, queries=queries, clock=clock, store=store)


def with_records(wired: Wired, queries: RecordQueries, blobs: BlobStore) -> Wired:
    assert wired.store is not None
    store = wired.store
    # Stream prefixes, never renamed: `checkrecord-<id>`, `occurrence-<id>` (the occurrences' own too).
    wired.check_records = CheckRecords(
        store=store, records=Repository(store, registry, CheckRecord, "checkrecord", SERVICE),
        occurrences=Repository(store, registry, Occurrence, "occurrence", SERVICE), tasks=wired.tasks,
        queries=queries, blobs=blobs, clock=wired.clock)
    return wired


def postgres(pool: asyncpg.Pool, store: EventStore, clock: Clock, blobs: BlobStore | None = None) -> Wired:
    return with_records(bootstrap(store, SqlTasks(pool), clock), SqlRecords(pool), blobs or InMemoryBlobStore())


def in_memory(clock: Clock | None = None, blobs: BlobStore | None = None) -> Wired:
    read_model, records = InMemoryTasks(), InMemoryRecords()
    store = InMemoryEventStore(inline=[read_model.project, records.project])
    return with_records(bootstrap(store, read_model, clock or SystemClock()), records, blobs or InMemoryBlobStore())
