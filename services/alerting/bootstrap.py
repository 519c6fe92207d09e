"""The composition of alerting: the alert and policy repositories on one event store, the escalation
clock on a deadline book, the reactions' ports — PostgreSQL (app.py) or in memory (tests).

    wired = in_memory(clock=FixedClock(T0), directory=InMemoryDirectory(...))
    await wired.sources.react(inbound_event, UnitOfWork(wired.store, ctx))
"""

from __future__ import annotations

from dataclasses import dataclass, field

import asyncpg

from libs.clock import Clock, SystemClock
from libs.deadlines import DeadlineBook, InMemoryDeadlines, PostgresDeadlines
from libs.eventstore import InMemoryEventStore
from libs.eventstore.port import EventStore
from libs.repository import Repository
from services.alerting.application.escalation import Escalation
from services.alerting.application.handlers import Alerting
from services.alerting.application.outbound import Connector, Outbound
from services.alerting.application.ports import AlertIndex, Directory, Facts
from services.alerting.application.reactions import Sources
from services.alerting.application.sealing import Sealer
from services.alerting.channels.domain.retry import RetryPolicy
from services.alerting.domain.alert import Alert
from services.alerting.domain.channel_book import ChannelBook
from services.alerting.domain.dispatch import Dispatch
from services.alerting.domain.events import registry
from services.alerting.domain.policy_book import PolicyBook
from services.alerting.domain.sources import DEFAULT_SOURCES, SourceTable
from services.alerting.domain.writers import CLEARERS
from services.alerting.projections.directory import SqlDirectory, SqlFacts
from services.alerting.projections.memory import InMemoryDirectory, InMemoryFacts, InMemoryIndex
from services.alerting.projections.queries import SqlAlerts

SERVICE = "alerting"


@dataclass(frozen=True)
class Outward:
    """What the outbound channels need beyond the store: who sends to a target, the key that opens
    its secrets, the retry policy, the system's address for links."""

    connect: Connector = lambda _target: None
    sealer: Sealer = field(default_factory=lambda: Sealer(None))
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    base_url: str = ""


def bootstrap(store: EventStore, clock: Clock, book: DeadlineBook, directory: Directory, facts: Facts,
              index: AlertIndex, table: SourceTable | None = None, clearers: frozenset[str] | None = None,
              outward: Outward | None = None) -> Alerting:
    # The stream prefixes are part of every stored stream id (`alert-<id>`, `alertpolicy-<eid>`,
    # `alertchannels-<eid>`, `dispatch-<delivery id>`): never renamed.
    alerts = Repository(store, registry, Alert, "alert", SERVICE)
    policies = Repository(store, registry, PolicyBook, "alertpolicy", SERVICE)
    out = outward or Outward()
    outbound = Outbound(Repository(store, registry, Dispatch, "dispatch", SERVICE),
                        Repository(store, registry, ChannelBook, "alertchannels", SERVICE), alerts, book, clock,
                        out.connect, out.sealer, out.policy, out.base_url)
    escalation = Escalation(alerts, book, clock, directory, outbound)
    sources = Sources(table or SourceTable(DEFAULT_SOURCES), alerts, policies, escalation, facts, index, clock)
    return Alerting(store=store, alerts=alerts, policies=policies, escalation=escalation, sources=sources,
                    clock=clock, clearers=clearers or frozenset(str(r) for r in CLEARERS), outbound=outbound)


def postgres(pool: asyncpg.Pool, store: EventStore, clock: Clock, table: SourceTable | None = None,
             clearers: frozenset[str] | None = None, outward: Outward | None = None) -> Alerting:
    queries = SqlAlerts(pool)
    wired = bootstrap(store, clock, PostgresDeadlines(pool), SqlDirectory(pool), SqlFacts(pool), queries, table,
                      clearers, outward)
    wired.queries = queries
    return wired


def in_memory(clock: Clock | None = None, directory: InMemoryDirectory | None = None,
              facts: InMemoryFacts | None = None, table: SourceTable | None = None,
              outward: Outward | None = None) -> Alerting:
    index = InMemoryIndex()
    return bootstrap(InMemoryEventStore(inline=[index.project]), clock or SystemClock(), InMemoryDeadlines(),
                     directory or InMemoryDirectory(), facts or InMemoryFacts(), index, table, outward=outward)
