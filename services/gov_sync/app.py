"""Wiring of gov sync (政企数据互联互通): its store (the targets' streams), the targets' inline read
model, the snapshot projection fed by the registry's topic; the handlers are composed in bootstrap.py."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from libs.config import Settings
from libs.eventstore import PostgresEventStore
from libs.service import ServiceSpec, build_app
from services.gov_sync import bootstrap
from services.gov_sync.api.routes import scoped
from services.gov_sync.domain.events import registry
from services.gov_sync.projections import targets
from services.gov_sync.projections.snapshots import snapshot_projection
from services.gov_sync.settings import GovSyncSettings

NAME = "gov_sync"


async def wire(app: FastAPI, store: PostgresEventStore) -> None:  # the routes' `gov_sync` finds it
    own: GovSyncSettings = app.state.gov_sync_settings
    cipher = own.cipher(dev_mode=app.state.settings.dev_mode)
    app.state.gov_sync = bootstrap.postgres(app.state.pool, store, app.state.clock, cipher)


SPEC = ServiceSpec(
    name=NAME,
    title="双控 · 政企数据互联 (gov_sync)",
    migrations=Path(__file__).parent / "migrations",
    routers=[scoped],
    registry=registry,
    inline_projections=[targets.project],
    projections=lambda settings: [snapshot_projection(settings)],  # the current state of every synced entity
    on_started=wire,
)


def create_app(settings: Settings | None = None, gov_sync: GovSyncSettings | None = None) -> FastAPI:
    app = build_app(SPEC, settings)
    app.state.gov_sync_settings = gov_sync or GovSyncSettings()
    return app
