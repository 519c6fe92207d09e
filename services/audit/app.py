"""Wiring of the audit service: a projection of every event topic into a hash-chained trail."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from libs.config import Settings
from libs.disclosure import Disclosure
from libs.service import ServiceSpec, build_app
from services.audit.api.routes import platform, scoped
from services.audit.projection import AuditTrail

NAME = "audit"


def projections(settings: Settings) -> list[AuditTrail]:
    return [AuditTrail(topic_prefix=settings.topic_prefix)]


async def enterprise_exists(pool, enterprise_id: str) -> bool:
    """The trail knows an enterprise once any of its events arrived."""
    return await pool.fetchval("SELECT EXISTS (SELECT 1 FROM audit_chain_heads WHERE enterprise_id = $1)",
                               enterprise_id)


SPEC = ServiceSpec(
    name=NAME,
    title="双控 · 审计留痕 (audit)",
    migrations=Path(__file__).parent / "migrations",
    routers=[platform, scoped],
    projections=projections,
    enterprise_exists=enterprise_exists,
    # Its readers see every person's details; should that change, the trail masks them (no line here).
    views=lambda _app: [Disclosure()],
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_app(SPEC, settings)
