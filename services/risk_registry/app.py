"""Wiring of the risk registry (for now: the enterprise directory, 基础管理)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from libs.config import Settings
from libs.db import session_lock
from libs.disclosure import Disclosure
from libs.eventstore import PostgresEventStore
from libs.history import Narrator
from libs.repository import Repository
from libs.service import ServiceSpec, Welcome, build_app
from services.risk_registry.api import chain_lists, code_table_routes, duty_routes, list_routes, risk_routes
from services.risk_registry.api.routes import platform, scoped
from services.risk_registry.application.hand_over import HandOver
from services.risk_registry.application.handlers import Directory
from services.risk_registry.application.risk_handlers import RiskChain
from services.risk_registry.domain.code_tables import LABELLER
from services.risk_registry.domain.descriptions import DESCRIBERS
from services.risk_registry.domain.events import registry
from services.risk_registry.domain.model import Enterprise, OrgUnit, Person
from services.risk_registry.domain.risk_event import RiskEvent
from services.risk_registry.domain.risk_model import (
    ControlMeasure,
    EnterpriseGradingPolicy,
    RiskObject,
    RiskUnit,
)
from services.risk_registry.projections import directory, risk_chain
from services.risk_registry.projections.duties import DutyQueries
from services.risk_registry.projections.lines import line_of
from services.risk_registry.projections.names import name_lookup
from services.risk_registry.projections.queries import DirectoryQueries
from services.risk_registry.projections.risk_queries import RiskQueries

NAME = "risk_registry"


async def wire(app: FastAPI, store: PostgresEventStore) -> None:
    narrator = Narrator(registry, DESCRIBERS, name_lookup(app.state.pool))

    def repo(factory, prefix: str) -> Repository:
        return Repository(store, registry, factory, prefix, NAME, narrator)

    directory_queries = DirectoryQueries(app.state.pool)
    duties = DutyQueries(app.state.pool)
    app.state.directory = Directory(repo(Enterprise, "enterprise"), repo(OrgUnit, "orgunit"),
                                    repo(Person, "person"), directory_queries, duties)
    app.state.risk_chain = RiskChain(
        objects=repo(RiskObject, "riskobject"), units=repo(RiskUnit, "riskunit"), risks=repo(RiskEvent, "riskevent"),
        measures=repo(ControlMeasure, "measure"), policies=repo(EnterpriseGradingPolicy, "gradingpolicy"),
        directory=directory_queries, queries=RiskQueries(app.state.pool, app.state.clock), clock=app.state.clock,
        plant_extent=app.state.settings.plant_extent)
    app.state.hand_over = HandOver(app.state.directory, app.state.risk_chain, duties)
    if app.state.settings.load_demo_plant:
        await load_demo_plant(app)


async def load_demo_plant(app: FastAPI) -> str:
    from services.risk_registry.demo import plant_data
    from services.risk_registry.demo.loader import DemoLoader

    async with session_lock(app.state.pool, "sk-demo-plant"):  # one replica loads; the others then find it there
        loader = DemoLoader(app.state.directory, app.state.risk_chain, app.state.pool, app.state.clock.now().date())
        return await loader.load(plant_data)


async def enterprise_exists(pool, enterprise_id: str) -> bool:
    return await pool.fetchval("SELECT EXISTS (SELECT 1 FROM enterprises WHERE id = $1)", enterprise_id)


SPEC = ServiceSpec(
    name=NAME,
    title="双控 · 风险分级管控 / 企业基础信息 (risk_registry)",
    migrations=Path(__file__).parent / "migrations",
    routers=[platform, scoped, risk_routes.router, list_routes.router, chain_lists.router, duty_routes.router,
             code_table_routes.router],
    registry=registry,
    inline_projections=[directory.project, risk_chain.project],
    on_started=wire,
    enterprise_exists=enterprise_exists,
    views=lambda app: [LABELLER, Disclosure(line_of(lambda: app.state.pool))],
    welcome=Welcome(listing="/enterprises?limit=1", page="/enterprises/{id}/map.svg"),
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_app(SPEC, settings)
