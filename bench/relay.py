"""Measurement 2 — relay throughput: events/s from the event store to Kafka.

- ours: `libs.relay.OutboxRelay`, built as `libs/service.py` builds it (`libs.kafka.producer`,
  the settings' batch size), `publish_once()` until it returns 0, over events appended
  beforehand. It reads them in gap-safe order, turns each into a CloudEvent with a producer
  span, sends them, waits for every ack of a batch and saves its checkpoint.
- raw aiokafka `send()`: the same messages (`libs.cloudevent.to_kafka` of the same stored events,
  built once before the clock starts) sent one by one with the producer's documented `send()`,
  all acks awaited at the end — what a relay written by hand would do; the target's baseline.
- raw aiokafka batch API: the same prebuilt messages through `libs.kafka.publish` (aiokafka's
  `create_batch`/`send_batch`, as the relay sends), in slices of the relay's batch size: the
  broker and client cost alone, the ceiling for this relay. Shown beside the target, not in it.

Both publish to topics of their own with the same partition count, on the same broker. The
process runs the same tracer provider setup as a service (`setup_tracing`, no exporter), since
the relay opens a producer span per event.
"""

from __future__ import annotations

import asyncio
import time

from bench.console import Step
from bench.plan import Plan
from bench.report import Measured, Row, Target
from bench.runtime import BenchRuntime
from bench.workload import seed_store
from libs import kafka
from libs.cloudevent import dlq_for, to_kafka, topic_for
from libs.config import Settings
from libs.db import create_pool
from libs.events import RecordedEvent
from libs.eventstore import START, PostgresEventStore
from libs.eventstore.schema import create_event_store_schema
from libs.observability import setup_tracing
from libs.relay import OutboxRelay

SERVICE = "risk_registry"
TARGET = Target("ratio", at_least=0.50, text="≥ 0.50× raw aiokafka")


async def read_everything(store: PostgresEventStore, page: int = 5000) -> list[RecordedEvent]:
    events: list[RecordedEvent] = []
    cursor = START
    while batch := await store.read_all(cursor, page):
        events.extend(batch)
        cursor = batch[-1].cursor
    return events


def relay_for(settings: Settings, store: PostgresEventStore, pool, topic: str) -> OutboxRelay:
    """As `libs.service.build_app` wires it."""
    return OutboxRelay(service=SERVICE, store=store, pool=pool,
                       producer=kafka.producer(settings, settings.kafka_bootstrap),
                       bootstrap=settings.kafka_bootstrap, topic=topic, partitions=settings.topic_partitions,
                       batch_size=settings.relay_batch_size, idle_sleep_s=settings.relay_idle_sleep_s)


async def publish_all(relay: OutboxRelay, on_progress=lambda _n: None) -> int:
    published = 0
    while sent := await relay.publish_once():
        published += sent
        on_progress(published)
    return published


async def send_raw(settings: Settings, topic: str, messages: list[kafka.Message]) -> float:
    """Seconds to send `messages` one `send()` each and have every one acknowledged."""
    producer = kafka.producer(settings, settings.kafka_bootstrap)
    await producer.start()
    try:
        started = time.perf_counter()
        acks = [await producer.send(topic, value=value, key=key, headers=headers) for key, value, headers in messages]
        await asyncio.gather(*acks)
        return time.perf_counter() - started
    finally:
        await producer.stop()


async def send_raw_batches(settings: Settings, topic: str, messages: list[kafka.Message]) -> float:
    """Seconds to send `messages` in record batches, a slice of the relay's batch size at a time."""
    producer = kafka.producer(settings, settings.kafka_bootstrap)
    await producer.start()
    try:
        started = time.perf_counter()
        size = settings.relay_batch_size
        for i in range(0, len(messages), size):
            await kafka.publish(producer, topic, messages[i:i + size])
        return time.perf_counter() - started
    finally:
        await producer.stop()


async def measure(runtime: BenchRuntime, plan: Plan, step: Step) -> Measured:
    url = await runtime.create_database("bench_relay")
    await create_event_store_schema(url, SERVICE)
    settings = Settings(database_url=url, kafka_bootstrap=runtime.bootstrap, topic_prefix="bench-relay.")
    setup_tracing("bench", "")
    pool = await create_pool(url, SERVICE, max_size=8)
    try:
        store = PostgresEventStore(pool)
        step.say(f"appending {plan.relay_events:,} events", total=plan.relay_events)
        total = await seed_store(store, plan.relay_events, on_progress=step.advance_to)

        ours_topic = topic_for(SERVICE, settings.topic_prefix)
        raw_topic = f"{settings.topic_prefix}raw-aiokafka.v1"
        batch_topic = f"{settings.topic_prefix}raw-aiokafka-batches.v1"
        await kafka.ensure_topics(settings.kafka_bootstrap, [ours_topic, dlq_for(ours_topic), raw_topic, batch_topic],
                                  settings.topic_partitions)

        step.say("raw aiokafka: building messages")
        source = f"/shuangkong/{SERVICE}"
        messages = [to_kafka(e, source) for e in await read_everything(store)]
        step.say(f"raw aiokafka: sending {len(messages):,} messages")
        raw_seconds = await send_raw(settings, raw_topic, messages)
        step.log(f"raw aiokafka send(): {len(messages) / raw_seconds:,.0f} events/s")
        batch_seconds = await send_raw_batches(settings, batch_topic, messages)
        step.log(f"raw aiokafka batch API: {len(messages) / batch_seconds:,.0f} events/s")

        step.say("OutboxRelay: publishing", total=total)
        relay = relay_for(settings, store, pool, ours_topic)
        await relay.start()
        try:
            started = time.perf_counter()
            published = await publish_all(relay, step.advance_to)
            relay_seconds = time.perf_counter() - started
        finally:
            await relay.stop()
        step.log(f"OutboxRelay: {published / relay_seconds:,.0f} events/s")
    finally:
        await pool.close()

    ours, raw = published / relay_seconds, len(messages) / raw_seconds
    step.finish(f"done; {ours:,.0f} ev/s ({ours / raw:.2f}× raw)")
    return Measured(
        rows=[Row("relay", f"{total:,} events store → Kafka", ours, "ev/s", raw, "raw aiokafka send()", TARGET),
              Row("relay", f"{total:,} events store → Kafka", ours, "ev/s", len(messages) / batch_seconds,
                  "raw aiokafka batch API")],
        details={"events": total, "relay_published": published, "relay_seconds": round(relay_seconds, 3),
                 "raw_messages": len(messages), "raw_seconds": round(raw_seconds, 3),
                 "raw_batch_api_seconds": round(batch_seconds, 3),
                 "batch_size": settings.relay_batch_size, "partitions": settings.topic_partitions},
    )
