"""Wiring of the risk registry (for now: the enterprise directory, 基础管理)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from libs.config import Settings
from libs.eventstore import PostgresEventStore
from libs.repository import Repository
from libs.service import ServiceSpec, build_app
from services.risk_registry.api.routes import platform, scoped
from services.risk_registry.application.handlers import Directory
from services.risk_registry.domain.events import registry
from services.risk_registry.domain.model import Enterprise, OrgUnit, Person
from services.risk_registry.projections import directory
from services.risk_registry.projections.queries import DirectoryQueries

NAME = "risk_registry"


def wire_directory(app: FastAPI, store: PostgresEventStore) -> Directory:
    return Directory(
        enterprises=Repository(store, registry, Enterprise, "enterprise", NAME),
        units=Repository(store, registry, OrgUnit, "orgunit", NAME),
        people=Repository(store, registry, Person, "person", NAME),
        queries=DirectoryQueries(app.state.pool),
    )


SPEC = ServiceSpec(
    name=NAME,
    title="双控 · 风险分级管控 / 企业基础信息 (risk_registry)",
    migrations=Path(__file__).parent / "migrations",
    routers=[platform, scoped],
    registry=registry,
    inline_projections=[directory.project],
    on_started=lambda app, store: setattr(app.state, "directory", wire_directory(app, store)),
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_app(SPEC, settings)
