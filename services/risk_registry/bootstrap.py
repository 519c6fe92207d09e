"""The composition of the risk registry's handlers: repositories on one event store, and the
ports the handlers read — the real ones (PostgreSQL read models, used by app.py) or fakes (the
in-memory event store, whose inline projection keeps an in-memory read model behind every port).
cosmicpython's allocation `bootstrap.py` is the model: a handler test asks for `in_memory()` and
runs the same handlers as production, in milliseconds.

    wired = in_memory()
    eid = await dh.register_enterprise(dc.RegisterEnterprise(...), wired.directory, ctx)
    await rh.register_object(rc.RegisterRiskObject(...).for_(eid), wired.chain, ctx)
    wired.read_model.find(RiskObject, object_id)    # what the commands left behind
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import asyncpg

from libs.aggregate import Aggregate
from libs.clock import Clock, SystemClock
from libs.eventstore import InMemoryEventStore
from libs.eventstore.port import EventStore
from libs.history import Narrator
from libs.repository import Repository
from services.risk_registry.descriptions import DESCRIBERS
from services.risk_registry.directory.application.handlers import Directory
from services.risk_registry.directory.domain.model import Enterprise, OrgUnit, Person
from services.risk_registry.directory.lookups import SqlLookups
from services.risk_registry.directory.projections.duties import DutyQueries
from services.risk_registry.directory.projections.queries import DirectoryQueries
from services.risk_registry.events import registry
from services.risk_registry.history import name_lookup
from services.risk_registry.in_memory import InMemoryReadModel
from services.risk_registry.risk_chain.application.handlers import RiskChain
from services.risk_registry.risk_chain.domain.four_colour_map import DEFAULT_PLANT_EXTENT
from services.risk_registry.risk_chain.domain.model import ControlMeasure, EnterpriseGradingPolicy, RiskObject, RiskUnit
from services.risk_registry.risk_chain.domain.risk_event import RiskEvent
from services.risk_registry.risk_chain.grading_guard import GradingGuard, InMemoryGradingGuard, PostgresGradingGuard
from services.risk_registry.risk_chain.projections.queries import RiskQueries

SERVICE = "risk_registry"

# Each aggregate's stream prefix (`orgunit-<id>`): part of the stored stream ids, never renamed.
STREAMS: dict[str, type[Aggregate]] = {
    "enterprise": Enterprise, "orgunit": OrgUnit, "person": Person,
    "riskobject": RiskObject, "riskunit": RiskUnit, "riskevent": RiskEvent, "measure": ControlMeasure,
    "gradingpolicy": EnterpriseGradingPolicy,
}


@dataclass
class Wired:
    """What the handlers take: `directory` for the directory's, `chain` for the risk chain's."""

    store: EventStore
    directory: Directory
    chain: RiskChain
    read_model: InMemoryReadModel | None = None  # the fakes' read model, to look into


def bootstrap(store: EventStore, *, directory_queries, duties, lookups, risk_queries,
              grading_guard: Callable[[Repository, Repository], GradingGuard], clock: Clock,
              plant_extent: float = DEFAULT_PLANT_EXTENT, narrator: Narrator | None = None) -> Wired:
    """`grading_guard` is made from the policy and risk repositories (it names their streams)."""
    def repo(prefix: str) -> Repository:
        return Repository(store, registry, STREAMS[prefix], prefix, SERVICE, narrator)

    directory = Directory(repo("enterprise"), repo("orgunit"), repo("person"), directory_queries, duties)
    policies, risks = repo("gradingpolicy"), repo("riskevent")
    chain = RiskChain(objects=repo("riskobject"), units=repo("riskunit"), risks=risks,
                      measures=repo("measure"), policies=policies, directory=lookups,
                      queries=risk_queries, store=store, grading_guard=grading_guard(policies, risks),
                      clock=clock, plant_extent=plant_extent)
    return Wired(store, directory, chain)


def postgres(pool: asyncpg.Pool, store: EventStore, clock: Clock,
             plant_extent: float = DEFAULT_PLANT_EXTENT) -> Wired:
    """The real ports: the read models in PostgreSQL (the store runs their inline projections)."""
    directory_queries, duties = DirectoryQueries(pool), DutyQueries(pool)
    return bootstrap(store, directory_queries=directory_queries, duties=duties,
                     lookups=SqlLookups(directory_queries, duties), risk_queries=RiskQueries(pool, clock),
                     grading_guard=lambda policies, risks: PostgresGradingGuard(policies.stream_id, risks.stream_id),
                     clock=clock, plant_extent=plant_extent,
                     narrator=Narrator(registry, DESCRIBERS, name_lookup(pool)))


def in_memory(clock: Clock | None = None, plant_extent: float = DEFAULT_PLANT_EXTENT) -> Wired:
    """The fakes: an in-memory store whose inline projection keeps the in-memory read model, which
    answers every port the handlers read."""
    read_model = InMemoryReadModel(registry, STREAMS)
    store = InMemoryEventStore(inline=[read_model.project])
    wired = bootstrap(store, directory_queries=read_model, duties=read_model, lookups=read_model,
                      risk_queries=read_model,
                      grading_guard=lambda policies, risks: InMemoryGradingGuard(store, read_model, policies.stream_id,
                                                                                 risks.stream_id),
                      clock=clock or SystemClock(), plant_extent=plant_extent)
    wired.read_model = read_model
    return wired
