"""`libs.rebuild`: partitions replayed side by side still give every chain in stream order; an
event the projection cannot apply is skipped alone; a database that fails (connection lost,
disk full, read-only) stops the rebuild before the swap, leaving the live model as it was; and the
end offsets Tansu under-reports after a batched produce do not cut a partition's last batch short."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg
import pytest

import libs.rebuild
from libs.cloudevent import InboundEvent, to_kafka, topic_for
from libs.config import Settings
from libs.events import RecordedEvent
from libs.kafka import ensure_topics, producer, publish
from libs.migrations import upgrade_async
from libs.rebuild import rebuild_projection
from libs.topology import all_event_topics
from services.audit.projection import AuditTrail

SUBJECTS, PER_SUBJECT = 30, 10  # over 3 partitions


@dataclass
class FailingTrail(AuditTrail):
    """The audit trail, raising `error` for any batch holding the poisoned event."""

    error: Exception | None = None

    async def apply_batch(self, conn: asyncpg.Connection, events: list[InboundEvent]) -> None:
        if any(e.data.get("poison") for e in events):
            raise self.error
        await super().apply_batch(conn, events)


def recorded(subject: int, version: int, poison: bool) -> RecordedEvent:
    return RecordedEvent(
        event_id=uuid.uuid4(), stream_id=f"orgunit-{subject:03d}", version=version, position=0, tx_id=0,
        type="shuangkong.risk_registry.OrgUnitRenamed", schema_version=1,
        data={"name": f"部门{subject}-{version}", "poison": poison},
        metadata={"enterprise_id": "ent-1", "actor": "tester"}, recorded_at=datetime.now(UTC))


@pytest.fixture
async def published(runtime, database_url, topic_prefix):
    """A live (empty) audit trail, and a topic of SUBJECTS × PER_SUBJECT events; one is poisoned."""
    settings = Settings(database_url=database_url, kafka_bootstrap=runtime.bootstrap, topic_prefix=topic_prefix)
    await ensure_topics(runtime.bootstrap, all_event_topics(topic_prefix), settings.topic_partitions)
    await upgrade_async(AuditTrail.migrations, database_url, "audit")
    messages = [to_kafka(recorded(s, v, poison=(s, v) == (7, 5)), source="test")
                for v in range(1, PER_SUBJECT + 1) for s in range(SUBJECTS)]
    kafka = producer(settings, runtime.bootstrap)
    await kafka.start()
    try:
        await publish(kafka, topic_for("risk_registry", topic_prefix), messages)
    finally:
        await kafka.stop()
    return settings


@pytest.mark.parametrize("error", [ValueError("the projection's own code refuses it"),
                                   asyncpg.CheckViolationError("new row violates check constraint")],
                         ids=["projection raises", "data the database refuses"])
async def test_every_chain_follows_its_stream_and_a_poisoned_event_is_skipped_alone(published, error):
    result = await rebuild_projection(FailingTrail(topic_prefix=published.topic_prefix, error=error), published,
                                      show_progress=False)
    assert (result["applied"], result["skipped"]) == (SUBJECTS * PER_SUBJECT - 1, 1)

    conn = await asyncpg.connect(published.database_url)
    try:
        rows = await conn.fetch("SELECT subject, chain_seq, canonical FROM audit.audit_entries "
                                "ORDER BY subject, chain_seq")
    finally:
        await conn.close()
    names: dict[str, list[str]] = {}
    for row in rows:
        names.setdefault(row["subject"], []).append(row["canonical"].split('"name":"')[1].split('"')[0])
    for s in range(SUBJECTS):
        versions = [v for v in range(1, PER_SUBJECT + 1) if (s, v) != (7, 5)]
        assert names[f"orgunit-{s:03d}"] == [f"部门{s}-{v}" for v in versions]


@pytest.mark.parametrize("error", [ConnectionResetError("connection to PostgreSQL lost"),
                                   asyncpg.DiskFullError("could not extend file: No space left on device"),
                                   asyncpg.ReadOnlySQLTransactionError("read-only transaction")],
                         ids=["connection lost", "disk full", "read-only after a failover"])
async def test_a_failing_database_stops_the_rebuild_before_the_swap(published, error):
    conn = await asyncpg.connect(published.database_url)
    try:
        await conn.execute("INSERT INTO audit.audit_chain_heads VALUES ('ent-1', 'live-marker', 1, $1)", "0" * 64)
        with pytest.raises(type(error)):
            await rebuild_projection(FailingTrail(topic_prefix=published.topic_prefix, error=error), published,
                                     show_progress=False)
        assert await conn.fetchval("SELECT subject FROM audit.audit_chain_heads") == "live-marker"
    finally:
        await conn.close()


async def test_the_last_batch_of_each_partition_is_read_whole(published, monkeypatch):
    """Each partition's 100 records went in one producer batch, so Tansu reports its end as 1;
    a fetch of 30 records passes that, and the replay reads the other 70 all the same."""
    monkeypatch.setattr(libs.rebuild, "_RECORDS_PER_FETCH", 30)
    result = await rebuild_projection(AuditTrail(topic_prefix=published.topic_prefix), published, show_progress=False)
    assert result["applied"] + result["skipped"] == SUBJECTS * PER_SUBJECT
