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
from libs.deadlines import DeadlineBook, InMemoryDeadlines, PostgresDeadlines
from libs.eventstore import InMemoryEventStore
from libs.eventstore.port import EventStore
from libs.repository import Repository
from services.inspection.application.calendar import CalendarBook, Calendars, CalendarYearQueries
from services.inspection.application.coverage import Coverage, CoverageFacts
from services.inspection.application.guardian_coverage import CoverageQueries
from services.inspection.application.guardian_tasks import GuardianDirectory, GuardianTasks, OpenOccurrences
from services.inspection.application.handlers import Inspection, TaskQueries
from services.inspection.application.my_tasks import Directory, DueOccurrences, MyTasks
from services.inspection.application.occurrences import OccurrenceQueries, Occurrences
from services.inspection.application.plans import PlanQueries, Plans
from services.inspection.application.rates import Rates
from services.inspection.application.record_target import PlanChecklists
from services.inspection.application.records import CheckRecords, RecordQueries
from services.inspection.domain.calendar import StatutoryCalendar
from services.inspection.domain.calendar_events import CalendarYear
from services.inspection.domain.coverage_rules_events import CoverageRules
from services.inspection.domain.events import registry
from services.inspection.domain.guardian_roster import GuardianRoster
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.plan import Plan
from services.inspection.domain.record import CheckRecord
from services.inspection.domain.statutory import ChineseCalendarLibrary
from services.inspection.domain.task import CheckTask
from services.inspection.in_memory import InMemoryCalendarYears, InMemoryRecords, InMemoryTasks
from services.inspection.in_memory_coverage import InMemoryCoverageFacts
from services.inspection.in_memory_directory import InMemoryDirectory, InMemoryDue
from services.inspection.in_memory_guardians import InMemoryGuardianCoverage, InMemoryGuardians
from services.inspection.in_memory_occurrences import InMemoryOccurrences
from services.inspection.in_memory_plans import InMemoryPlans
from services.inspection.projections.calendar import SqlCalendarYears
from services.inspection.projections.coverage_facts import SqlCoverageFacts
from services.inspection.projections.directory import SqlDirectory
from services.inspection.projections.guardian_coverage import SqlGuardianCoverage
from services.inspection.projections.guardian_tasks import SqlGuardians
from services.inspection.projections.my_tasks import SqlDueOccurrences
from services.inspection.projections.occurrences import SqlOccurrences
from services.inspection.projections.plans import SqlPlans
from services.inspection.projections.queries import SqlTasks
from services.inspection.projections.rates import SqlRates
from services.inspection.projections.records import SqlRecords

SERVICE = "inspection"


@dataclass
class Wired(Inspection):
    store: EventStore | None = None
    # `await wired.calendar()`: the WorkingCalendar now (the library under every loaded year).
    calendar: Calendars | None = None
    calendar_book: CalendarBook | None = None  # the calendar routes' handlers
    check_records: CheckRecords | None = None  # set by with_records: every composition has it
    rates: Rates | None = None  # completion and on-time rates; every composition has it
    my_tasks: MyTasks | None = None  # set by with_my_tasks: every composition has it
    plans: Plans | None = None  # set by with_plans: every composition has it
    guardian_tasks: GuardianTasks | None = None  # set by with_guardian_tasks: every composition has it
    # Each 包保责任人's coverage of the national list (application/guardian_coverage.py), for the report.
    guardian_coverage: CoverageQueries | None = None
    coverage: Coverage | None = None  # set by with_coverage: every composition has it


def bootstrap(store: EventStore, queries: TaskQueries, clock: Clock, deadlines: DeadlineBook,
              occurrence_queries: OccurrenceQueries, calendar_years: CalendarYearQueries,
              statutory: StatutoryCalendar | None = None) -> Wired:
    # The stream prefixes are part of every stored stream id (`checktask-<id>`, `occurrence-<id>`,
    # `calendaryear-<year>`): never renamed.
    tasks = Repository(store, registry, CheckTask, "checktask", SERVICE)
    calendar = Calendars(statutory or ChineseCalendarLibrary(), calendar_years)
    book = CalendarBook(Repository(store, registry, CalendarYear, "calendaryear", SERVICE), calendar_years,
                        calendar, clock)
    # `guardianroster-<重大危险源 id>`: a 包保 task's draw-up, hand-over and catch-up meet there.
    rosters = Repository(store, registry, GuardianRoster, "guardianroster", SERVICE)
    occurrences = Occurrences(store, tasks, Repository(store, registry, Occurrence, "occurrence", SERVICE), deadlines,
                              calendar, clock, occurrence_queries, rosters=rosters)
    return Wired(tasks=tasks, queries=queries, clock=clock, occurrences=occurrences, store=store, calendar=calendar,
                 calendar_book=book)


def with_records(wired: Wired, queries: RecordQueries, blobs: BlobStore) -> Wired:
    assert wired.store is not None and wired.occurrences is not None and wired.my_tasks is not None
    store = wired.store
    # Stream prefix, never renamed: `checkrecord-<id>`; a record completes its `occurrence-<id>`.
    wired.check_records = CheckRecords(
        store=store, records=Repository(store, registry, CheckRecord, "checkrecord", SERVICE),
        occurrences=wired.occurrences.occurrences, tasks=wired.tasks,
        queries=queries, blobs=blobs, clock=wired.clock, directory=wired.my_tasks.directory)
    return wired


def with_my_tasks(wired: Wired, directory: Directory, due: DueOccurrences) -> Wired:
    wired.my_tasks = MyTasks(directory, due, wired.tasks, wired.clock)
    return wired


def with_plans(wired: Wired, queries: PlanQueries) -> Wired:
    """Plans beside the tasks they yield; a plan's task's records are held to its plan's checklist."""
    assert wired.store is not None and wired.calendar is not None and wired.check_records is not None
    # Stream prefix, never renamed: `plan-<id>`.
    plans = Repository(wired.store, registry, Plan, "plan", SERVICE)
    wired.plans = Plans(plans=plans, tasks=wired.tasks, queries=queries, occurrences=wired.occurrences,
                        calendar=wired.calendar)
    wired.check_records.checklists = PlanChecklists(plans)
    if wired.my_tasks is not None:  # my tasks show the checklist a record is held to: the plan's
        wired.my_tasks.checklists = wired.check_records.checklists
    return wired


def with_guardian_tasks(wired: Wired, guardians: GuardianDirectory, open_occurrences: OpenOccurrences) -> Wired:
    """包保 tasks: the guardians from the directory replica, their open occurrences to hand over."""
    assert wired.occurrences is not None and wired.occurrences.rosters is not None
    wired.guardian_tasks = GuardianTasks(wired.tasks, wired.occurrences, guardians, open_occurrences,
                                         wired.occurrences.rosters)
    return wired


def with_coverage(wired: Wired, facts: CoverageFacts, similarity: float) -> Wired:
    """The coverage report and the enterprise's rules for it (`similarity`: the default threshold)."""
    assert wired.store is not None
    # Stream prefix, never renamed: `coveragerules-<enterprise id>`.
    rules = Repository(wired.store, registry, CoverageRules, "coveragerules", SERVICE)
    wired.coverage = Coverage(facts, rules, wired.clock, similarity, wired.guardian_coverage)
    return wired


def postgres(pool: asyncpg.Pool, store: EventStore, clock: Clock, blobs: BlobStore | None = None,
             similarity: float = 0.9) -> Wired:
    wired = bootstrap(store, SqlTasks(pool), clock, PostgresDeadlines(pool), SqlOccurrences(pool),
                      SqlCalendarYears(pool))
    with_my_tasks(wired, SqlDirectory(pool), SqlDueOccurrences(pool))
    guardians = SqlGuardians(pool)
    with_guardian_tasks(wired, guardians, guardians)
    wired.guardian_coverage = SqlGuardianCoverage(pool)
    wired.rates = Rates(SqlRates(pool), clock, SqlDirectory(pool))
    with_coverage(wired, SqlCoverageFacts(pool), similarity)
    return with_plans(with_records(wired, SqlRecords(pool), blobs or InMemoryBlobStore()), SqlPlans(pool))


def in_memory(clock: Clock | None = None, statutory: StatutoryCalendar | None = None,
              blobs: BlobStore | None = None) -> Wired:
    tasks, occurrences, calendar_years = InMemoryTasks(), InMemoryOccurrences(), InMemoryCalendarYears()
    records, plans = InMemoryRecords(), InMemoryPlans()
    occurrences.records = records  # an occurrence lists the records kept beside it
    store = InMemoryEventStore(inline=[tasks.project, occurrences.project, records.project, calendar_years.project,
                                       plans.project])
    wired = bootstrap(store, tasks, clock or SystemClock(), InMemoryDeadlines(), occurrences, calendar_years,
                      statutory)
    directory = InMemoryDirectory()  # wired.my_tasks.directory: who is where
    with_my_tasks(wired, directory, InMemoryDue(occurrences))
    wired.rates = Rates(occurrences, wired.clock, directory)
    occurrences.directory, occurrences.tasks = directory, tasks  # the rates by department and by role
    fake_guardians = InMemoryGuardians(occurrences)  # wired.guardian_tasks.guardians.assign(...): who guards what
    with_guardian_tasks(wired, fake_guardians, fake_guardians)
    wired.guardian_coverage = InMemoryGuardianCoverage(fake_guardians, tasks)
    with_coverage(wired, InMemoryCoverageFacts(), 0.9)  # wired.coverage.facts.of[eid]: the plant's facts
    return with_plans(with_records(wired, records, blobs or InMemoryBlobStore()), plans)
