"""The one way a service consumes events: FastStream subscriber, explicit acks, inbox dedupe,
bounded retries, dead-letter topic.

- The Kafka offset is committed only after the database transaction (manual ack), so a crash
  between the two redelivers, and the inbox makes the redelivery a no-op.
- A message that cannot be decoded goes to `<topic>.dlq` at once; one whose handler keeps
  raising goes there after `max_attempts`. The consumer then carries on with the next one.
- Losing the database is not the message's fault: it is retried until the database is back,
  never dead-lettered.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import asyncpg
from aiokafka import TopicPartition
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage
from prometheus_client import Counter, Gauge

from libs.cloudevent import MalformedEvent, dlq_for, from_kafka
from libs.config import Settings
from libs.observability import consumer_span
from libs.projection import Projection, apply_live

log = logging.getLogger(__name__)

APPLIED = Counter("sk_consumer_applied_total", "Events applied by a projection", ["projection"])
DUPLICATES = Counter("sk_consumer_duplicates_total", "Redelivered events that changed nothing", ["projection"])
DEAD_LETTERED = Counter("sk_consumer_dead_lettered_total", "Messages sent to a dead-letter topic",
                        ["projection", "topic"])
LAG = Gauge("sk_consumer_lag_messages", "Messages behind the partition's high watermark",
            ["projection", "topic", "partition"])
STALENESS = Gauge("sk_projection_staleness_seconds", "Age of the newest event applied", ["projection"])

_INFRA_ERRORS = (OSError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError,
                 asyncpg.CannotConnectNowError, asyncpg.TooManyConnectionsError, asyncio.TimeoutError)


class ProjectionConsumer:
    def __init__(self, projection: Projection, pool: asyncpg.Pool, broker: KafkaBroker,
                 settings: Settings) -> None:
        self.projection, self._pool, self._broker = projection, pool, broker
        self._max_attempts = settings.consumer_max_attempts
        broker.subscriber(
            *projection.topics,
            group_id=projection.name,
            ack_policy=AckPolicy.MANUAL,
            auto_offset_reset="earliest",
            session_timeout_ms=settings.kafka_session_timeout_ms,
            heartbeat_interval_ms=settings.kafka_heartbeat_interval_ms,
            fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
            no_reply=True,
        )(self.handle)

    async def handle(self, msg: KafkaMessage) -> None:
        record = msg.raw_message
        try:
            event = from_kafka(record.value, record.headers)
        except MalformedEvent as exc:
            await self._dead_letter(record, str(exc), attempts=1)
            await msg.ack()
            return
        attempts = 0
        backoff = 0.05
        with consumer_span(self.projection.name, record, event):
            while True:
                try:
                    async with self._pool.acquire() as conn:
                        applied = await apply_live(conn, self.projection, event)
                    (APPLIED if applied else DUPLICATES).labels(self.projection.name).inc()
                    STALENESS.labels(self.projection.name).set(
                        (datetime.now(UTC) - event.time).total_seconds())
                    break
                except _INFRA_ERRORS as exc:
                    log.warning("database unavailable, retrying %s: %r", event.event_id, exc)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 2.0)
                except Exception as exc:
                    attempts += 1
                    if attempts >= self._max_attempts:
                        await self._dead_letter(record, f"{type(exc).__name__}: {exc}", attempts)
                        break
                    await asyncio.sleep(0.01 * attempts)
        await msg.ack()
        self._record_lag(msg, record)

    async def _dead_letter(self, record, reason: str, attempts: int) -> None:
        headers = {k: v.decode("utf-8", "replace") for k, v in record.headers}
        headers.update({
            "sk_dlq_reason": reason[:1000],
            "sk_dlq_attempts": str(attempts),
            "sk_dlq_consumer": self.projection.name,
            "sk_dlq_origin": f"{record.topic}/{record.partition}/{record.offset}",
        })
        await self._broker.publish(record.value or b"", topic=dlq_for(record.topic), key=record.key,
                                   headers=headers)
        DEAD_LETTERED.labels(self.projection.name, record.topic).inc()
        log.error("dead-lettered %s/%s/%s: %s", record.topic, record.partition, record.offset, reason)

    def _record_lag(self, msg: KafkaMessage, record) -> None:
        try:
            high = msg.consumer.highwater(TopicPartition(record.topic, record.partition))
        except Exception:  # lag is a metric; it never stops the consumer
            return
        if high is not None:
            LAG.labels(self.projection.name, record.topic, record.partition).set(
                max(high - record.offset - 1, 0))
