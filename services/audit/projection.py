"""The audit trail as a projection of every event topic: one chained entry per event."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from libs.cloudevent import InboundEvent
from libs.topology import all_event_topics
from services.audit.domain.chain import GENESIS, canonical, link

NO_ENTERPRISE = "-"  # platform-level events that belong to no enterprise


def canonical_fields(event: InboundEvent) -> dict:
    return {
        "id": str(event.event_id), "type": event.type, "source": event.source, "subject": event.subject,
        "time": event.time.isoformat(), "enterprise_id": event.enterprise_id, "actor": event.actor,
        "schema_version": event.schema_version, "data": event.data,
    }


@dataclass
class AuditTrail:
    topic_prefix: str = ""
    name: str = "audit"
    schema: str = "audit"
    migrations: Path = Path(__file__).parent / "migrations"
    topics: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.topics = self.topics or all_event_topics(self.topic_prefix)

    async def apply(self, conn: asyncpg.Connection, event: InboundEvent) -> None:
        enterprise = event.enterprise_id or NO_ENTERPRISE
        head = await conn.fetchrow(
            "SELECT chain_seq, hash FROM audit_chain_heads WHERE enterprise_id = $1 AND subject = $2 FOR UPDATE",
            enterprise, event.subject)
        prev_hash, chain_seq = (head["hash"], head["chain_seq"] + 1) if head else (GENESIS, 1)
        text = canonical(canonical_fields(event))
        digest = link(prev_hash, text)
        await conn.execute(
            """INSERT INTO audit_entries (enterprise_id, subject, chain_seq, event_id, event_type, source, actor,
                                          occurred_at, canonical, prev_hash, hash)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""",
            enterprise, event.subject, chain_seq, event.event_id, event.type, event.source, event.actor,
            event.time, text, prev_hash, digest)
        await conn.execute(
            """INSERT INTO audit_chain_heads (enterprise_id, subject, chain_seq, hash) VALUES ($1, $2, $3, $4)
               ON CONFLICT (enterprise_id, subject) DO UPDATE SET chain_seq = $3, hash = $4""",
            enterprise, event.subject, chain_seq, digest)
