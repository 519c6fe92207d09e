"""The composition of gov sync: the targets' repository and the secret box on one event store —
PostgreSQL (app.py) or in memory (tests)."""

from __future__ import annotations

import asyncpg
from cryptography.fernet import Fernet

from libs.clock import Clock, SystemClock
from libs.eventstore import InMemoryEventStore
from libs.eventstore.port import EventStore
from libs.repository import Repository
from services.gov_sync.adapters.secrets import InMemorySecrets, PostgresSecrets, SecretBox
from services.gov_sync.application.handlers import GovSync
from services.gov_sync.domain.events import registry
from services.gov_sync.domain.target import SyncTarget
from services.gov_sync.projections.queries import SqlGovSync

SERVICE = "gov_sync"


def bootstrap(store: EventStore, clock: Clock, secrets: SecretBox) -> GovSync:
    # The stream prefix is part of every stored stream id (`synctarget-<id>`): never renamed.
    return GovSync(store=store, targets=Repository(store, registry, SyncTarget, "synctarget", SERVICE),
                   secrets=secrets, clock=clock)


def postgres(pool: asyncpg.Pool, store: EventStore, clock: Clock, cipher: Fernet | None) -> GovSync:
    wired = bootstrap(store, clock, PostgresSecrets(pool, cipher))
    wired.queries = SqlGovSync(pool)
    return wired


def in_memory(clock: Clock | None = None, cipher: Fernet | None = None) -> GovSync:
    return bootstrap(InMemoryEventStore(), clock or SystemClock(), InMemorySecrets(cipher))
