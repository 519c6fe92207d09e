"""The composition of hazard governance's handlers: the hazard repository on one event store, its
rectification clock on a deadline book, the blob store of photos — PostgreSQL (app.py) or in
memory (tests).

    wired = in_memory(clock=FixedClock(T0))
    hazard_id = await report_snapshot(c.ReportSnapshot(...).for_(eid), wired, ctx)
"""

from __future__ import annotations

import asyncpg

from libs.blobs import BlobStore, InMemoryBlobStore
from libs.clock import Clock, SystemClock
from libs.deadlines import DeadlineBook, InMemoryDeadlines, PostgresDeadlines
from libs.eventstore import InMemoryEventStore
from libs.eventstore.port import EventStore
from libs.history import Narrator
from libs.repository import Repository
from services.hazard.application.clock import RectificationClock
from services.hazard.application.handlers import Hazards
from services.hazard.descriptions import DESCRIBERS
from services.hazard.domain.duties import Entitlements
from services.hazard.domain.events import registry
from services.hazard.domain.governance import PlanDuePolicy
from services.hazard.domain.hazard import Hazard
from services.hazard.domain.hazard_rules import HazardRules
from services.hazard.domain.rectification_clock import ImminencePolicy
from services.hazard.projections.directory import name_lookup
from services.hazard.projections.queries import SqlHazards

SERVICE = "hazard"


def bootstrap(store: EventStore, clock: Clock, deadlines: DeadlineBook, blobs: BlobStore,
              entitled: Entitlements | None = None, imminence: ImminencePolicy | None = None,
              narrator: Narrator | None = None, plan_policy: PlanDuePolicy | None = None) -> Hazards:
    # The stream prefix is part of every stored stream id (`hazard-<id>`): never renamed.
    hazards = Repository(store, registry, Hazard, "hazard", SERVICE, narrator=narrator)
    rules = Repository(store, registry, HazardRules, "hazardrules", SERVICE, narrator=narrator)  # never renamed
    rectification = RectificationClock(hazards, deadlines, clock, imminence or ImminencePolicy())
    return Hazards(store=store, hazards=hazards, clock=clock, rectification=rectification, blobs=blobs, rules=rules,
                   entitled=entitled or Entitlements(), plan_policy=plan_policy or PlanDuePolicy())


def postgres(pool: asyncpg.Pool, store: EventStore, clock: Clock, blobs: BlobStore | None = None,
             entitled: Entitlements | None = None, imminence: ImminencePolicy | None = None,
             plan_policy: PlanDuePolicy | None = None) -> Hazards:
    wired = bootstrap(store, clock, PostgresDeadlines(pool), blobs or InMemoryBlobStore(), entitled, imminence,
                      narrator=Narrator(registry, DESCRIBERS, name_lookup(pool)), plan_policy=plan_policy)
    wired.queries = SqlHazards(pool)
    return wired


def in_memory(clock: Clock | None = None, blobs: BlobStore | None = None,
              entitled: Entitlements | None = None, plan_policy: PlanDuePolicy | None = None) -> Hazards:
    return bootstrap(InMemoryEventStore(), clock or SystemClock(), InMemoryDeadlines(), blobs or InMemoryBlobStore(),
                     entitled, plan_policy=plan_policy)
