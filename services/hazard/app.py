"""Wiring of hazard governance (隐患治理): its store and the ledger, the reactor on inspection's
findings, the rectification clock, the routes; the handlers are composed in bootstrap.py."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from libs import photo_routes
from libs.config import Settings
from libs.disclosure import Disclosure
from libs.eventstore import PostgresEventStore
from libs.service import ServiceSpec, build_app
from services.hazard import bootstrap
from services.hazard.api import step_routes  # noqa: F401 - registers the steps' routes on `scoped`
from services.hazard.api.labels import LABELLER
from services.hazard.api.report_routes import reports
from services.hazard.api.routes import scoped
from services.hazard.api.rules_routes import rules
from services.hazard.application.reactions import finding_reactor
from services.hazard.domain.events import registry
from services.hazard.projections import hazards
from services.hazard.projections.directory import directory_replica
from services.hazard.settings import HazardSettings

NAME = "hazard"


async def wire(app: FastAPI, store: PostgresEventStore) -> None:  # the routes' `hazards` finds it
    own: HazardSettings = app.state.hazard_settings
    app.state.hazard = bootstrap.postgres(app.state.pool, store, app.state.clock, blobs=photo_routes.blob_store(app),
                                          entitled=own.entitlements(), imminence=own.imminence(),
                                          plan_policy=own.plan_due())


def reactors(app: FastAPI, store: PostgresEventStore):
    wired = app.state.hazard
    return [finding_reactor(wired.hazards, store, wired.clock, app.state.settings.topic_prefix, NAME)]


SPEC = ServiceSpec(
    name=NAME,
    title="双控 · 隐患治理 (hazard)",
    migrations=Path(__file__).parent / "migrations",
    routers=[reports, rules, scoped, photo_routes.router()],  # the reports first: `/hazards/export` is no hazard id
    registry=registry,
    inline_projections=[hazards.project],
    projections=lambda settings: [directory_replica(settings)],  # names in histories, departments in 公示
    reactors=reactors,
    deadlines=lambda app: app.state.hazard.rectification.handlers(),
    on_started=wire,
    views=lambda _app: [LABELLER, Disclosure()],  # the reporter's mobile: theirs and oversight's to see
)


def create_app(settings: Settings | None = None, hazard: HazardSettings | None = None) -> FastAPI:
    app = build_app(SPEC, settings)
    app.state.hazard_settings = hazard or HazardSettings()
    return app
