"""Wiring of the test-only `watchpost` service: a reactor to the registry's org units (a log book
per unit, in its own store), a replica of the units (rows in a schema of its own) and the photo
routes every service taking photos adds (libs/photo_routes.py)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from libs import photo_routes
from libs.cloudevent import InboundEvent, topic_for
from libs.config import Settings
from libs.reactor import Reactor
from libs.replica import Replica, Retire, Upsert
from libs.repository import Repository
from libs.service import ServiceSpec, build_app
from libs.unit_of_work import UnitOfWork
from tests.watchpost.domain import REGISTRY, UnitLog

NAME = "watchpost"
HERE = Path(__file__).parent
R = "shuangkong.risk_registry."
UNIT = {"unit_id": "unit_id"}


def units_replica(settings: Settings) -> Replica:
    return Replica(name="watchpost-units", schema="watchpost_units", migrations=HERE / "replica_migrations",
                   topics=[topic_for("risk_registry", settings.topic_prefix)], keeps={
        R + "OrgUnitCreated": [Upsert("units", UNIT, {"enterprise_id": "enterprise_id", "name": "name",
                                                       "parent_id": "parent_id"})],
        R + "OrgUnitRenamed": [Upsert("units", UNIT, {"name": "name"})],
        R + "OrgUnitMoved": [Upsert("units", UNIT, {"parent_id": "to_parent_id"})],
        R + "OrgUnitRetired": [Retire("units", UNIT)],
    })


def unit_logs(app: FastAPI, store) -> list[Reactor]:
    logs = Repository(store, REGISTRY, UnitLog, "unitlog", service=NAME)
    reactor = Reactor("watchpost-logs", store, [topic_for("risk_registry", app.state.settings.topic_prefix)],
                      schema=NAME)

    @reactor.on(R + "OrgUnitCreated", R + "OrgUnitRenamed")
    async def note_the_name(event: InboundEvent, uow: UnitOfWork) -> None:
        unit_id = event.data["unit_id"]
        log = await logs.find(unit_id) or UnitLog(unit_id)
        log.note_name(event.data["enterprise_id"], event.data["name"])
        uow.save(logs, log)

    return [reactor]


SPEC = ServiceSpec(
    name=NAME,
    title="watchpost (test)",
    migrations=HERE / "migrations",
    routers=[photo_routes.router()],
    registry=REGISTRY,
    projections=lambda settings: [units_replica(settings)],
    reactors=unit_logs,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_app(SPEC, settings)
