"""The risk registry's org-unit events as they arrive on its topic (CloudEvents on Kafka), for the
watchpost's tests: written by hand, so a test says exactly what was published, twice if need be."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from libs.cloudevent import to_kafka, topic_for
from libs.config import Settings
from libs.events import RecordedEvent
from libs.kafka import producer, publish

R = "shuangkong.risk_registry."


def unit_event(event_name: str, unit_id: str, version: int, correlation_id: str = "corr-1", schema_version: int = 1,
               **data) -> RecordedEvent:
    return RecordedEvent(
        event_id=uuid.uuid4(), stream_id=f"orgunit-{unit_id}", version=version, position=0, tx_id=0,
        type=R + event_name, schema_version=schema_version, data={"unit_id": unit_id, "enterprise_id": "ent-1", **data},
        metadata={"enterprise_id": "ent-1", "actor": "p-admin", "correlation_id": correlation_id},
        recorded_at=datetime.now(UTC))


async def publish_registry(settings: Settings, events: list[RecordedEvent]) -> None:
    kafka = producer(settings, settings.kafka_bootstrap)
    await kafka.start()
    try:
        await publish(kafka, topic_for("risk_registry", settings.topic_prefix),
                      [to_kafka(e, "/shuangkong/risk_registry") for e in events])
    finally:
        await kafka.stop()
