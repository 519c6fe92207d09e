"""The composition of the identity handlers: repositories on one event store and the ports they
read and write beside it — the real ones (PostgreSQL, for app.py) or fakes (in memory, for tests).

    wired = in_memory(clock=FixedClock(T0))
    wired.directory.register("p-1", "ent-1", "13900000001", ["worker"])
    tokens = await signing_in.sign_in(c.SignIn(mobile=…, password=…), wired.identity, ADDRESS, "corr")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import asyncpg

from libs.clock import Clock, SystemClock
from libs.config import Settings
from libs.eventstore import InMemoryEventStore
from libs.eventstore.port import EventStore
from libs.repository import Repository
from services.identity.adapters.hashes import PostgresSecrets
from services.identity.adapters.memory import InMemorySecrets, InMemoryThrottle
from services.identity.adapters.passwords import CHEAP, Passwords
from services.identity.adapters.throttle import PostgresThrottle
from services.identity.application.handlers import Identity
from services.identity.application.tokens import TokenMint
from services.identity.domain.account import Account
from services.identity.domain.events import registry
from services.identity.domain.service_account import ClientSignIn, ServiceAccount
from services.identity.domain.session import Session
from services.identity.in_memory import InMemoryDirectory, InMemoryReadModel
from services.identity.projections.directory import SqlDirectory
from services.identity.projections.queries import SqlAccounts
from services.identity.settings import IdentitySettings

SERVICE = "identity"


@dataclass
class Wired:
    identity: Identity
    queries: SqlAccounts | InMemoryReadModel  # what the routes read
    directory: InMemoryDirectory | None = None
    secrets: InMemorySecrets | None = None
    throttle: InMemoryThrottle | None = None


def _identity(store: EventStore, *, lookups, directory, secrets, throttle, passwords: Passwords, settings: Settings,
              identity: IdentitySettings, clock: Clock) -> Identity:
    def repo(cls, prefix: str) -> Repository:
        return Repository(store, registry, cls, prefix, SERVICE)

    settings.signing_key()  # no key, no service (libs/startup.py refuses earlier outside dev mode)
    # Never longer than every service accepts (in dev mode they accept a working day: still minutes here).
    access_ttl = min(identity.access_ttl_s, settings.own_token_max_ttl_s())
    tokens = TokenMint(settings, access_ttl=timedelta(seconds=access_ttl),
                       password_change_ttl=timedelta(seconds=identity.password_change_ttl_s))
    return Identity(store=store, accounts=repo(Account, "account"), sessions=repo(Session, "session"),
                    service_accounts=repo(ServiceAccount, "serviceaccount"),
                    client_sign_ins=repo(ClientSignIn, "clientsignin"), lookups=lookups, directory=directory,
                    secrets=secrets, throttle=throttle, passwords=passwords, tokens=tokens, clock=clock,
                    lockout=identity.lockout(), session_ttl=timedelta(seconds=identity.session_ttl_s))


def postgres(pool: asyncpg.Pool, store: EventStore, clock: Clock, settings: Settings,
             identity: IdentitySettings) -> Wired:
    accounts = SqlAccounts(pool)
    passwords = Passwords(time_cost=identity.argon2_time_cost, memory_cost=identity.argon2_memory_kib,
                          parallelism=identity.argon2_parallelism, concurrency=identity.hash_concurrency)
    wired = _identity(store, lookups=accounts, directory=SqlDirectory(pool), secrets=PostgresSecrets(pool),
                      throttle=PostgresThrottle(pool, identity.address_policy()), passwords=passwords,
                      settings=settings, identity=identity, clock=clock)
    return Wired(wired, accounts)


def in_memory(clock: Clock | None = None, identity: IdentitySettings | None = None,
              settings: Settings | None = None) -> Wired:
    """The fakes: an in-memory store whose inline projection keeps the read model, a directory
    the test fills, staged secrets and throttle, the cheapest argon2 parameters."""
    identity = identity or IdentitySettings()
    directory = InMemoryDirectory()
    read_model = InMemoryReadModel(directory)
    store = InMemoryEventStore(inline=[read_model.project])
    secrets, throttle = InMemorySecrets(), InMemoryThrottle(identity.address_policy())
    wired = _identity(store, lookups=read_model, directory=directory, secrets=secrets, throttle=throttle,
                      passwords=Passwords(**CHEAP), settings=settings or Settings(dev_mode=True), identity=identity,
                      clock=clock or SystemClock())
    return Wired(wired, read_model, directory, secrets, throttle)
