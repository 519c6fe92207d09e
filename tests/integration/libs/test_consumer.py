"""The consumer runner on a real broker: duplicates change nothing; poison goes to the
dead-letter topic with its reason after bounded attempts, and the consumer carries on."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from faststream.kafka import KafkaBroker

from libs.cloudevent import dlq_for, to_kafka
from libs.consumer import DEAD_LETTERED, ProjectionConsumer
from libs.db import create_pool
from libs.events import RecordedEvent
from libs.eventstore.schema import INBOX_V1
from libs.kafka import ensure_topics
from tests.integration.service_client import settings_for
from tests.kafka_records import read_records


@dataclass
class Notes:
    """A tiny projection: one row per event; an event marked poison always fails."""

    topics: list[str]
    name: str = "notes"
    schema: str = "notes"
    migrations: Path = Path(".")
    attempts: dict = field(default_factory=dict)

    async def apply(self, conn, event) -> None:
        self.attempts[event.event_id] = self.attempts.get(event.event_id, 0) + 1
        if event.data.get("poison"):
            raise ValueError("this note can never be applied")
        await conn.execute("INSERT INTO notes (event_id, text) VALUES ($1, $2)", event.event_id, event.data["text"])


def message(data: dict) -> tuple[bytes, bytes, list]:
    event = RecordedEvent(event_id=uuid.uuid4(), stream_id="note-1", version=1, position=1, tx_id=1,
                          type="shuangkong.test.NoteTaken", schema_version=1, data=data,
                          metadata={"enterprise_id": "e1"}, recorded_at=datetime.now(UTC))
    return to_kafka(event, "/shuangkong/test")


async def test_duplicates_are_dropped_and_poison_is_dead_lettered(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, consumer_max_attempts=3)
    topic = f"{topic_prefix}notes"
    await ensure_topics(runtime.bootstrap, [topic, dlq_for(topic)], 2)
    pool = await create_pool(database_url, "notes")
    await pool.execute("CREATE SCHEMA notes")
    for statement in INBOX_V1:
        await pool.execute(statement)
    await pool.execute("CREATE TABLE notes (event_id uuid PRIMARY KEY, text text)")

    projection = Notes(topics=[topic])
    broker = KafkaBroker(runtime.bootstrap, logger=None)
    ProjectionConsumer(projection, pool, broker, settings)
    dead_before = DEAD_LETTERED.labels("notes", topic)._value.get()
    await broker.start()
    try:
        first = message({"text": "巡检完成"})
        poison = message({"poison": True})
        last = message({"text": "交接班"})
        for key, value, headers in (first, first, poison):
            await broker.publish(value, topic=topic, key=key, headers={k: v.decode() for k, v in headers})
        await broker.publish(b"\x00\xffnot an event", topic=topic, key=b"note-1")
        await broker.publish(last[1], topic=topic, key=last[0], headers={k: v.decode() for k, v in last[2]})

        dead = await read_records(runtime.bootstrap, dlq_for(topic), lambda got: len(got) >= 2)
        for _ in range(100):
            if await pool.fetchval("SELECT count(*) FROM notes") == 2:
                break
            await asyncio.sleep(0.05)
    finally:
        await broker.stop()

    assert [r["text"] for r in await pool.fetch("SELECT text FROM notes ORDER BY text")] == ["交接班", "巡检完成"]
    reasons = sorted(dict(m.headers)["sk_dlq_reason"].decode() for m in dead)
    assert any("ValueError: this note can never be applied" in r for r in reasons)
    assert any("not a CloudEvent" in r for r in reasons)
    poison_id = uuid.UUID(dict(poison[2])["ce_id"].decode())
    # Once inside its batch, then at most max_attempts on its own.
    assert projection.attempts[poison_id] == 1 + 3, "bounded attempts"
    poisoned = next(m for m in dead if b"ValueError" in dict(m.headers)["sk_dlq_reason"])
    assert dict(poisoned.headers)["sk_dlq_attempts"] == b"3"
    assert DEAD_LETTERED.labels("notes", topic)._value.get() - dead_before == 2
    await pool.close()
