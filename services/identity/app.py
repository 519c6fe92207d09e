"""Wiring of the identity service (身份认证): its store and inline read model, the directory's
replica and the reactor on the directory's events, the routes; the handlers are composed in
bootstrap.py. Its own settings (`SK_IDENTITY_*`) are in settings.py."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from libs.config import Settings
from libs.eventstore import PostgresEventStore
from libs.service import ServiceSpec, build_app
from services.identity import bootstrap
from services.identity.api.admin_routes import appointing
from services.identity.api.enterprise_routes import scoped
from services.identity.api.labels import LABELLER
from services.identity.api.platform_routes import platform
from services.identity.api.routes import router
from services.identity.application.housekeeping import PRUNE, pruning, start_pruning
from services.identity.application.reactions import account_reactor
from services.identity.domain.events import registry
from services.identity.projections import read_model
from services.identity.projections.directory import SCHEMA, directory_replica
from services.identity.settings import IdentitySettings

NAME = "identity"


async def wire(app: FastAPI, store: PostgresEventStore) -> None:
    app.state.identity = bootstrap.postgres(app.state.pool, store, app.state.clock, app.state.settings,
                                            app.state.identity_settings)
    await start_pruning(app.state.deadlines, store, app.state.clock)


def deadlines(app: FastAPI):
    identity = app.state.identity.identity
    return {PRUNE: pruning(identity.secrets, app.state.deadlines, app.state.clock,
                           app.state.identity_settings.pruning())}


def reactors(app: FastAPI, store: PostgresEventStore):
    return [account_reactor(lambda: app.state.identity.identity, store, app.state.settings.topic_prefix, NAME)]


async def enterprise_exists(pool, enterprise_id: str) -> bool:
    return await pool.fetchval(f"SELECT EXISTS (SELECT 1 FROM {SCHEMA}.enterprises WHERE enterprise_id = $1)",
                               enterprise_id)


SPEC = ServiceSpec(
    name=NAME,
    title="双控 · 身份认证 (identity)",
    migrations=Path(__file__).parent / "migrations",
    routers=[router, scoped, appointing, platform],
    registry=registry,
    inline_projections=[read_model.project],
    projections=lambda settings: [directory_replica(settings)],
    reactors=reactors,
    on_started=wire,
    deadlines=deadlines,
    enterprise_exists=enterprise_exists,
    views=lambda _app: [LABELLER],
)


def create_app(settings: Settings | None = None, identity: IdentitySettings | None = None) -> FastAPI:
    app = build_app(SPEC, settings)
    app.state.identity_settings = identity or IdentitySettings()
    return app
