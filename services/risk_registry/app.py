"""Wiring of the risk registry: two contexts, one service (decision 26) — the enterprise directory
(企业基础信息, `directory/`) and the risk chain (风险分级管控, `risk_chain/`) — on one event store,
one topic and one database; the handlers are composed in bootstrap.py."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from libs.config import Settings
from libs.db import session_lock
from libs.disclosure import Disclosure
from libs.eventstore import PostgresEventStore
from libs.service import ServiceSpec, Welcome, build_app
from services.risk_registry import bootstrap, code_table_routes
from services.risk_registry.code_tables import LABELLER
from services.risk_registry.directory.api.routes import platform, scoped
from services.risk_registry.directory.projections import read_model as directory_read_model
from services.risk_registry.directory.projections.lines import line_of
from services.risk_registry.events import registry
from services.risk_registry.risk_chain.api import chain_lists, duty_routes, list_routes
from services.risk_registry.risk_chain.api import routes as risk_routes
from services.risk_registry.risk_chain.projections import read_model as chain_read_model

NAME = "risk_registry"


async def wire(app: FastAPI, store: PostgresEventStore) -> None:
    wired = bootstrap.postgres(app.state.pool, store, app.state.clock, app.state.settings.plant_extent)
    app.state.directory, app.state.risk_chain = wired.directory, wired.chain
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
    inline_projections=[directory_read_model.project, chain_read_model.project],
    on_started=wire,
    enterprise_exists=enterprise_exists,
    views=lambda app: [LABELLER, Disclosure(line_of(lambda: app.state.pool))],
    welcome=Welcome(listing="/enterprises?limit=1", page="/enterprises/{id}/map.svg"),
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_app(SPEC, settings)
