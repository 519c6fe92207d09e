"""Wiring of the audit service: a projection of every event topic into a hash-chained trail, and
each enterprise's Merkle log over it, sealed, signed and published at an interval."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import FastAPI

from libs import kafka
from libs.config import Settings
from libs.disclosure import Disclosure
from libs.service import ServiceSpec, build_app
from libs.topology import heads_topic
from services.audit import retired_keys
from services.audit.api.routes import platform, scoped
from services.audit.projection import AuditTrail
from services.audit.sealer import HEADS, SERVICE, HeadsPublisher, Sealer
from services.audit.signing import AuditSettings, load_keys, load_signer

NAME = SERVICE


def projections(settings: Settings) -> list[AuditTrail]:
    return [AuditTrail(topic_prefix=settings.topic_prefix)]


async def enterprise_exists(pool, enterprise_id: str) -> bool:
    """The trail knows an enterprise once any of its events arrived."""
    return await pool.fetchval("SELECT EXISTS (SELECT 1 FROM audit_chain_heads WHERE enterprise_id = $1)",
                               enterprise_id)


async def start_sealing(app: FastAPI, _store) -> None:
    """Load the signing key (no key outside dev mode: the service does not start) and the retired
    ones (to verify the heads they signed; a key the stored heads name that is missing is logged),
    and run the sealer."""
    settings: Settings = app.state.settings
    audit: AuditSettings = app.state.audit_settings
    app.state.signer = signer = load_signer(settings, audit)
    app.state.keys = load_keys(signer, audit)
    app.state.unknown_key_ids = await retired_keys.unheld(app.state.pool, app.state.keys)
    producer = kafka.producer(settings, settings.kafka_bootstrap)
    publisher = HeadsPublisher(app.state.pool, producer, bootstrap=settings.kafka_bootstrap,
                               topic=heads_topic(SERVICE, settings.topic_prefix), partitions=settings.topic_partitions,
                               replication=settings.topic_replication_factor, keys=app.state.keys)
    app.state.sealer = sealer = Sealer(app.state.pool, signer, app.state.clock, publisher, audit.seal_interval_s)
    app.state.running.tasks.append(asyncio.create_task(sealer.run(), name="audit-sealer"))


SPEC = ServiceSpec(
    name=NAME,
    title="双控 · 审计留痕 (audit)",
    migrations=Path(__file__).parent / "migrations",
    routers=[platform, scoped],
    projections=projections,
    on_started=start_sealing,
    enterprise_exists=enterprise_exists,
    # Its readers see every person's details; should that change, the trail masks them (no line here).
    views=lambda _app: [Disclosure()],
    statements=(HEADS,),
)


def create_app(settings: Settings | None = None, audit: AuditSettings | None = None) -> FastAPI:
    app = build_app(SPEC, settings)
    app.state.audit_settings = audit or AuditSettings()
    return app
