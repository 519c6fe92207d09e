"""Wiring of inspection (隐患排查): its store and the check-task read model, the reactor on the risk
registry's control measures, the routes; the handlers are composed in bootstrap.py."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from libs import photo_routes
from libs.config import Settings
from libs.disclosure import Disclosure
from libs.eventstore import PostgresEventStore
from libs.service import ServiceSpec, build_app
from services.inspection import bootstrap
from services.inspection.api import guardian_routes, my_task_routes, occurrence_routes
from services.inspection.api.calendar_routes import calendar_platform, calendar_scoped
from services.inspection.api.coverage_routes import coverage
from services.inspection.api.labels import LABELLER
from services.inspection.api.plan_routes import plans
from services.inspection.api.record_routes import records
from services.inspection.api.report_routes import reports
from services.inspection.api.routes import scoped
from services.inspection.application.guardian_handover import react_to_guardians
from services.inspection.application.occurrence_deadlines import deadline_handlers
from services.inspection.application.reactions import task_reactor
from services.inspection.domain.events import registry
from services.inspection.projections import calendar, check_tasks, guardian_tasks, occurrences, plan_tasks
from services.inspection.projections import plans as plan_rows
from services.inspection.projections import records as record_rows
from services.inspection.projections.directory import directory_replica
from services.inspection.settings import InspectionSettings

NAME = "inspection"


async def wire(app: FastAPI, store: PostgresEventStore) -> None:  # the routes' `inspection` finds it
    app.state.inspection = bootstrap.postgres(app.state.pool, store, app.state.clock,
                                              blobs=photo_routes.blob_store(app),
                                              similarity=app.state.inspection_settings.coverage_similarity)


def reactors(app: FastAPI, store: PostgresEventStore):
    wired = app.state.inspection
    tasks = task_reactor(wired.tasks, store, app.state.settings.topic_prefix, NAME, wired.occurrences.follow_task)
    assert wired.guardian_tasks is not None
    return [react_to_guardians(tasks, wired.guardian_tasks)]  # a change of 包保责任人 moves their tasks


SPEC = ServiceSpec(
    name=NAME,
    title="双控 · 隐患排查 (inspection)",
    migrations=Path(__file__).parent / "migrations",
    # the reports first (`/check-tasks/export` before `/check-tasks/{task_id}`); photos go up before or
    # with the records naming them
    routers=[reports, scoped, occurrence_routes.scoped, records, photo_routes.router(), calendar_platform,
             calendar_scoped, my_task_routes.scoped, plans, guardian_routes.scoped, coverage],
    registry=registry,
    inline_projections=[check_tasks.project, occurrences.project, record_rows.project, calendar.project,
                        plan_rows.project, plan_tasks.project, guardian_tasks.project],
    projections=lambda settings: [directory_replica(settings)],  # who is on which post
    reactors=reactors,
    deadlines=lambda app: deadline_handlers(app.state.inspection.occurrences),
    on_started=wire,
    views=lambda _app: [LABELLER, Disclosure()],  # the reporter's mobile: theirs and oversight's to see
)


def create_app(settings: Settings | None = None, inspection: InspectionSettings | None = None) -> FastAPI:
    app = build_app(SPEC, settings)
    app.state.inspection_settings = inspection or InspectionSettings()
    return app
