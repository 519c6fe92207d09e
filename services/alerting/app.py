"""Wiring of alerting (逐级提醒): its store, the alert ledger and inbox, the reactor on the configured
sources, the escalation clock, the replica of who is who; the handlers are composed in bootstrap.py."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from libs.config import Settings
from libs.eventstore import PostgresEventStore
from libs.service import ServiceSpec, build_app
from services.alerting import bootstrap
from services.alerting.api.effectiveness_routes import effectiveness_router
from services.alerting.api.inbox_stream_routes import live
from services.alerting.api.labels import LABELLER
from services.alerting.api.outbound_routes import outbound
from services.alerting.api.preference_routes import mine
from services.alerting.api.routes import scoped
from services.alerting.api.self_check_routes import self_check_router, self_checks_on
from services.alerting.application.inbox_stream import Streams
from services.alerting.application.reactions import source_reactor
from services.alerting.application.sealing import Sealer
from services.alerting.channels.settings import ChannelSettings
from services.alerting.channels.wiring import EnterpriseChannels, http_client
from services.alerting.domain.events import registry
from services.alerting.projections import alerts, deliveries, self_checks
from services.alerting.projections.effectiveness import SqlEffectiveness
from services.alerting.projections.inbox_feed import SqlInboxFeed
from services.alerting.projections.replica import alerting_replica
from services.alerting.projections.weekly import weekly_facts
from services.alerting.settings import AlertingSettings

NAME = "alerting"


async def wire(app: FastAPI, store: PostgresEventStore) -> None:  # the routes' `alerting` finds it
    own: AlertingSettings = app.state.alerting_settings
    channels: ChannelSettings = app.state.channel_settings
    app.state.channels_http = http = http_client(channels)
    outward = bootstrap.Outward(EnterpriseChannels(channels, app.state.clock, http), Sealer(own.secrets_key or None),
                                channels.retry_policy(), own.base_url)
    app.state.alerting = bootstrap.postgres(app.state.pool, store, app.state.clock, own.source_table(),
                                            own.clearer_roles(), outward)
    app.state.effectiveness = SqlEffectiveness(app.state.pool, own.weights())
    app.state.self_checks = self_checks_on(app.state.pool, store, app.state.effectiveness, app.state.clock)
    app.state.inbox_feed = SqlInboxFeed(app.state.pool)
    app.state.inbox_stream_settings = own.inbox_stream()


def reactors(app: FastAPI, store: PostgresEventStore):
    return [source_reactor(app.state.alerting.sources, store, app.state.settings.topic_prefix, NAME)]


SPEC = ServiceSpec(
    name=NAME,
    title="双控 · 逐级提醒 (alerting)",
    migrations=Path(__file__).parent / "migrations",
    routers=[scoped, outbound, effectiveness_router, self_check_router, live, mine],
    registry=registry,
    inline_projections=[alerts.project, deliveries.project, self_checks.project],
    # who each rung is, a cause's facts; the weekly facts the effectiveness score counts
    projections=lambda settings: [alerting_replica(settings), weekly_facts(settings)],
    reactors=reactors,
    deadlines=lambda app: app.state.alerting.escalation.handlers(),
    on_started=wire,
    on_stopping=lambda app: app.state.channels_http.aclose(),  # the robots', webhooks' connections
    views=lambda _app: [LABELLER],
)


def create_app(settings: Settings | None = None, alerting: AlertingSettings | None = None,
               channels: ChannelSettings | None = None) -> FastAPI:
    app = build_app(SPEC, settings)
    app.state.alerting_settings = alerting or AlertingSettings()
    app.state.channel_settings = channels or ChannelSettings()
    app.state.inbox_streams = streams = Streams()
    served = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: FastAPI):
        async with served(a) as state:
            try:
                yield state
            finally:  # before the pool closes: every live inbox ends at its next wait
                streams.close()

    app.router.lifespan_context = lifespan
    return app
