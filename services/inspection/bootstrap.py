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
from services.inspection.application.calendar import CalendarBook, Calendars, CalendarYearQueries
from services.inspection.application.handlers import Inspection, TaskQueries
from services.inspection.domain.calendar import StatutoryCalendar
from services.inspection.domain.calendar_events import CalendarYear
from services.inspection.domain.events import registry
from services.inspection.domain.statutory import ChineseCalendarLibrary
from services.inspection.domain.task import CheckTask
from services.inspection.in_memory import InMemoryCalendarYears, InMemoryTasks
from services.inspection.projections.calendar import SqlCalendarYears
from services.inspection.projections.queries import SqlTasks

SERVICE = "inspection"


@dataclass
class Wired(Inspection):
    store: EventStore | None = None
    # `await wired.calendar()`: the WorkingCalendar now (the library under every loaded year).
    calendar: Calendars | None = None
    calendar_book: CalendarBook | None = None  # the calendar routes' handlers


def bootstrap(store: EventStore, queries: TaskQueries, clock: Clock, calendar_years: CalendarYearQueries,
              statutory: StatutoryCalendar | None = None) -> Wired:
    # The stream prefixes are part of every stored stream id (`checktask-<id>`): never renamed.
    tasks = Repository(store, registry, CheckTask, "checktask", SERVICE)
    calendar = Calendars(statutory or ChineseCalendarLibrary(), calendar_years)
    book = CalendarBook(Repository(store, registry, CalendarYear, "calendaryear", SERVICE), calendar_years,
                        calendar, clock)
    return Wired(tasks=tasks, queries=queries, clock=clock, store=store, calendar=calendar, calendar_book=book)


def postgres(pool: asyncpg.Pool, store: EventStore, clock: Clock) -> Wired:
    return bootstrap(store, SqlTasks(pool), clock, SqlCalendarYears(pool))


def in_memory(clock: Clock | None = None, statutory: StatutoryCalendar | None = None) -> Wired:
    read_model, calendar_years = InMemoryTasks(), InMemoryCalendarYears()
    store = InMemoryEventStore(inline=[read_model.project, calendar_years.project])
    return bootstrap(store, read_model, clock or SystemClock(), calendar_years, statutory)
