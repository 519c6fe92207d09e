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
from libs.deadlines import DeadlineBook, InMemoryDeadlines, PostgresDeadlines
from libs.eventstore import InMemoryEventStore
from libs.eventstore.port import EventStore
from libs.repository import Repository
from services.inspection.application.calendar import CalendarBook, Calendars, CalendarYearQueries
from services.inspection.application.handlers import Inspection, TaskQueries
from services.inspection.application.occurrences import OccurrenceQueries, Occurrences
from services.inspection.domain.calendar import StatutoryCalendar
from services.inspection.domain.calendar_events import CalendarYear
from services.inspection.domain.events import registry
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.statutory import ChineseCalendarLibrary
from services.inspection.domain.task import CheckTask
from services.inspection.in_memory import InMemoryCalendarYears, InMemoryTasks
from services.inspection.in_memory_occurrences import InMemoryOccurrences
from services.inspection.projections.calendar import SqlCalendarYears
from services.inspection.projections.occurrences import SqlOccurrences
from services.inspection.projections.queries import SqlTasks

SERVICE = "inspection"


@dataclass
class Wired(Inspection):
    store: EventStore | None = None
    # `await wired.calendar()`: the WorkingCalendar now (the library under every loaded year).
    calendar: Calendars | None = None
    calendar_book: CalendarBook | None = None  # the calendar routes' handlers


def bootstrap(store: EventStore, queries: TaskQueries, clock: Clock, deadlines: DeadlineBook,
              occurrence_queries: OccurrenceQueries, calendar_years: CalendarYearQueries,
              statutory: StatutoryCalendar | None = None) -> Wired:
    # The stream prefixes are part of every stored stream id (`checktask-<id>`, `occurrence-<id>`,
    # `calendaryear-<year>`): never renamed.
    tasks = Repository(store, registry, CheckTask, "checktask", SERVICE)
    calendar = Calendars(statutory or ChineseCalendarLibrary(), calendar_years)
    book = CalendarBook(Repository(store, registry, CalendarYear, "calendaryear", SERVICE), calendar_years,
                        calendar, clock)
    occurrences = Occurrences(store, tasks, Repository(store, registry, Occurrence, "occurrence", SERVICE), deadlines,
                              calendar, clock, occurrence_queries)
    return Wired(tasks=tasks, queries=queries, clock=clock, occurrences=occurrences, store=store, calendar=calendar,
                 calendar_book=book)


def postgres(pool: asyncpg.Pool, store: EventStore, clock: Clock) -> Wired:
    return bootstrap(store, SqlTasks(pool), clock, PostgresDeadlines(pool), SqlOccurrences(pool),
                     SqlCalendarYears(pool))


def in_memory(clock: Clock | None = None, statutory: StatutoryCalendar | None = None) -> Wired:
    tasks, occurrences, calendar_years = InMemoryTasks(), InMemoryOccurrences(), InMemoryCalendarYears()
    store = InMemoryEventStore(inline=[tasks.project, occurrences.project, calendar_years.project])
    return bootstrap(store, tasks, clock or SystemClock(), InMemoryDeadlines(), occurrences, calendar_years,
                     statutory)
