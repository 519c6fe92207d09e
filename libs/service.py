"""One bootstrap for every service: settings → migrations → pool → store → relay → consumers → HTTP.

A service describes itself with a `ServiceSpec`; `build_app` wires the real adapters. Unit
tests wire fakes instead (an in-memory store) through the same handlers.

Start-up and the database (docs/decisions.md §32): given the owner's URL
(`SK_MIGRATION_DATABASE_URL`) a service migrates its schemas and applies its role's grants, then
serves on `SK_DATABASE_URL`, its own role; without it, it checks that its schemas are at head
and refuses to start otherwise — `shuangkong migrate` (an init container, `make run`) did it.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import asyncpg
from fastapi import APIRouter, FastAPI
from faststream.kafka import KafkaBroker

from libs import kafka, tasks
from libs.clock import clock_for
from libs.cloudevent import topic_for
from libs.collector import quiet_collector
from libs.config import Settings, get_settings
from libs.consumer import ProjectionConsumer
from libs.db import create_pool
from libs.deadlines import DeadlineHandler, DeadlineScheduler, PostgresDeadlines
from libs.events import EventRegistry
from libs.eventstore import PostgresEventStore
from libs.eventstore.postgres import InlineProjector
from libs.grants import MissingRole, grant_url
from libs.http import create_app
from libs.migrations import SchemaNotCurrent, require_current, upgrade_async
from libs.observability import setup_logging, setup_tracing
from libs.projection import Projection
from libs.reactor import Reactor
from libs.relay import OutboxRelay
from libs.roles import service_role
from libs.schemas import Statement
from libs.startup import refuse_unsafe_start
from libs.views import ResponseViews, View, document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Welcome:
    """What `make run` shows first from a service: the first enterprise its `listing` answers (a
    path of its own, e.g. `/enterprises?limit=1`; items with `id` and `name`), and the `page` of
    it worth opening (`{id}` stands for the enterprise's id)."""

    listing: str
    page: str


@dataclass
class ServiceSpec:
    name: str
    title: str
    migrations: Path
    routers: list[APIRouter]
    registry: EventRegistry | None = None  # the events it publishes; None for pure projections
    inline_projections: list[InlineProjector] = field(default_factory=list)
    projections: Callable[[Settings], list[Projection]] = lambda _settings: []
    # What it does about other services' events, with its own store (libs/reactor.py); called
    # after on_started, so the reactions can use what that wired. Only for a service with a registry.
    reactors: Callable[[FastAPI, PostgresEventStore], list[Reactor]] = lambda _app, _store: []
    # Called once the pool (and store, for publishers) exist: wire handlers and queries here.
    # It may be async (e.g. to load seed data before the service says it is ready).
    on_started: Callable[[FastAPI, PostgresEventStore | None], Awaitable[None] | None] = lambda _app, _store: None
    # Called at shutdown once the background tasks, relay and consumers have stopped (nothing uses
    # what on_started opened any more) and before the pool closes: close clients it opened here.
    on_stopping: Callable[[FastAPI], Awaitable[None] | None] = lambda _app: None
    # Whether this service knows the enterprise `id` (its own read model): lets the tenant guard
    # answer a platform admin 404 for an unknown enterprise instead of 403 (libs.auth).
    enterprise_exists: Callable[[asyncpg.Pool, str], Awaitable[bool]] | None = None
    # What every JSON answer passes through (labels, personal details): libs/views.py.
    views: Callable[[FastAPI], list[View]] = lambda _app: []
    # What `make run`'s banner shows from this service (one service says; libs/runtime/supervisor.py).
    welcome: Welcome | None = None
    # Clock-driven transitions (libs/deadlines): kind → handler, asked for once `on_started` has
    # run. Declaring them gives the service its book (`app.state.deadlines`, for the handlers that
    # schedule) and a scheduler on `app.state.clock`; its migration creates the table.
    deadlines: Callable[[FastAPI], dict[str, DeadlineHandler]] | None = None
    # What it publishes beside its events, on topics of its own (the audit trail's signed heads):
    # `shuangkong schemas` documents them in schemas/ as it does the registry's events.
    statements: tuple[Statement, ...] = ()


@dataclass
class Running:
    """What a running service holds; tests reach in here too."""

    settings: Settings
    pool: asyncpg.Pool | None = None
    store: PostgresEventStore | None = None
    relay: OutboxRelay | None = None
    broker: KafkaBroker | None = None
    scheduler: DeadlineScheduler | None = None
    tasks: list[asyncio.Task] = field(default_factory=list)

    def wake_relay(self) -> None:
        """Something was appended: the relay need not wait out its idle sleep."""
        if self.relay is not None:
            self.relay.wakeup.set()


def schemas_of(spec: ServiceSpec, settings: Settings) -> list[tuple[str, Path]]:
    """The schemas a service owns, each with its migrations: its own, then those of its
    projections that keep one of their own (replicas)."""
    found = {spec.name: spec.migrations}
    for projection in spec.projections(settings):
        found.setdefault(projection.schema, projection.migrations)
    return list(found.items())


async def migrate_service(spec: ServiceSpec, settings: Settings, owner_url: str) -> None:
    """As the owner: bring every schema of the service to head, then grant its role what it
    needs there (libs/grants.py). Where that role does not exist (an external PostgreSQL whose
    roles were never created) it says so and goes on: the service then connects as whatever its
    own URL names, as before roles existed."""
    role = service_role(spec.name, settings.database_role_prefix)
    for schema, migrations in schemas_of(spec, settings):
        await upgrade_async(migrations, owner_url, schema)
        try:
            changed = await grant_url(owner_url, schema, role)
        except MissingRole as missing:
            log.warning("%s: %s; no grants applied", spec.name, missing)
            continue
        if changed:
            log.info("%s: %d grant statements for %s on schema %s", spec.name, len(changed), role, schema)


async def migrate_services(specs: list[ServiceSpec], settings: Settings, owner_url: str) -> None:
    """`migrate_service` for each, in order: `shuangkong migrate`, and `make run` before it starts them."""
    for spec in specs:
        await migrate_service(spec, settings, owner_url)


async def _require_current(spec: ServiceSpec, settings: Settings, pool: asyncpg.Pool) -> None:
    for schema, migrations in schemas_of(spec, settings):
        await require_current(pool, migrations, schema, spec.name)


def build_app(spec: ServiceSpec, settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    refuse_unsafe_start(settings, spec.name)
    if spec.deadlines is not None and spec.registry is None:
        raise ValueError(f"{spec.name}: firing a deadline appends events, so a service with deadlines has a registry")
    running = Running(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if settings.migration_database_url:
            await migrate_service(spec, settings, settings.migration_database_url)
        running.pool = pool = await create_pool(settings.database_url, spec.name)
        if not settings.migration_database_url:
            try:
                await _require_current(spec, settings, pool)
            except BaseException as refused:
                if isinstance(refused, SchemaNotCurrent):
                    log.critical("refusing to start: %s", refused)
                await pool.close()
                raise
        app.state.pool = running.pool
        if spec.enterprise_exists is not None:
            app.state.enterprise_exists = partial(spec.enterprise_exists, running.pool)
        if spec.registry is not None:
            app.state.topic = topic_for(spec.name, settings.topic_prefix)
            running.store = PostgresEventStore(running.pool, spec.inline_projections, on_append=running.wake_relay)
            app.state.store = running.store
            running.relay = OutboxRelay(
                service=spec.name, store=running.store, pool=running.pool,
                producer=kafka.producer(settings, settings.kafka_bootstrap),
                bootstrap=settings.kafka_bootstrap, topic=app.state.topic,
                partitions=settings.topic_partitions, replication=settings.topic_replication_factor,
                batch_size=settings.relay_batch_size,
                idle_sleep_s=settings.relay_idle_sleep_s)
            await running.relay.start()
            running.tasks.append(asyncio.create_task(running.relay.run(), name=f"{spec.name}-relay"))
        if spec.deadlines is not None:
            app.state.deadlines = PostgresDeadlines(running.pool)
        started = spec.on_started(app, running.store)
        if inspect.isawaitable(started):
            await started
        if spec.deadlines is not None and running.store is not None:  # a registry: checked in build_app
            running.scheduler = DeadlineScheduler(app.state.deadlines, running.store, spec.deadlines(app),
                                                  app.state.clock, service=spec.name, wake=running.wake_relay)
            running.tasks.append(asyncio.create_task(running.scheduler.run(), name=f"{spec.name}-deadlines"))
        projections: list[Projection] = list(spec.projections(settings))
        if running.store is not None:
            for reactor in spec.reactors(app, running.store):
                reactor.wake = running.wake_relay
                projections.append(reactor)
        if projections:
            running.broker = KafkaBroker(settings.kafka_bootstrap, logger=None)
            await kafka.ensure_topics(settings.kafka_bootstrap,
                                      sorted({t for p in projections for t in p.topics}),
                                      settings.topic_partitions, settings.topic_replication_factor)
            for projection in projections:
                ProjectionConsumer(projection, running.pool, running.broker, settings)
            await running.broker.start()
        # Start-up objects (modules, routes, models) never die: keep them out of every future
        # collection, so a full GC pass does not stall requests for tens of milliseconds.
        try:
            with quiet_collector():
                yield
        finally:
            for task in running.tasks:
                await tasks.stop(task)
            if running.relay is not None:
                await running.relay.stop()
            if running.broker is not None:
                await running.broker.stop()
            stopping = spec.on_stopping(app)
            if inspect.isawaitable(stopping):
                await stopping
            await pool.close()

    async def database_ready() -> bool:
        return running.pool is not None and await running.pool.fetchval("SELECT 1") == 1

    async def relay_ready() -> bool:
        return running.relay is None or running.relay.attached or running.relay.standby

    setup_logging(spec.name, settings.log_level)
    setup_tracing(spec.name, settings.otlp_endpoint)
    app = create_app(spec.name, title=spec.title, lifespan=lifespan, readiness=[database_ready, relay_ready],
                     max_body_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes,
                     metrics_port=settings.metrics_port,
                     metrics_host=settings.metrics_host)
    app.state.running = running
    app.state.settings = settings
    app.state.clock = clock_for(settings.clock_speed)
    app.state.service = spec.name
    app.state.registry = spec.registry
    for router in spec.routers:
        app.include_router(router)
    views = app.state.views = spec.views(app)
    if views:
        app.add_middleware(ResponseViews, views=views)
        document(app, views)
    return app
