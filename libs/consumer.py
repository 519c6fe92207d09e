"""The one way a service consumes events: a FastStream batch subscriber, explicit acks, inbox
dedupe, bounded retries, dead-letter topic.

- Offsets are committed only after the database transaction (manual ack), so a crash between
  the two redelivers, and the inbox makes the redelivery a no-op.
- A batch is applied in one transaction. If any event in it fails, the batch is rolled back and
  replayed one event per transaction, so one poison message costs only itself.
- A message that cannot be decoded goes to `<topic>.dlq` at once; one whose handler keeps
  raising goes there after `max_attempts`. The consumer then carries on with the next one.
- Losing the database is not the message's fault: it is retried until the database is back,
  never dead-lettered.
- Nor is losing a race (`is_conflict`): a stream the reaction appends to moved (ConcurrencyError),
  or PostgreSQL broke a deadlock or a serialization cycle by aborting this transaction. The event
  is applied again in a new transaction (a reaction reloads its aggregates), after jittered
  exponential pauses, for up to `consumer_conflict_budget_s` from its first conflict; those tries
  count no attempt. Once the budget is spent, each conflict counts as a failed attempt. A reaction
  that needs a fact its replica does not hold yet (`libs.replica.NotReplicatedYet`) waits the same way.
- Every transaction runs in the projection's own schema (`search_path`), whichever pool it came
  from: a replica kept by a service that has an event store lives beside it, not in it.
- A projection that says `one_event_per_transaction` (a reactor: libs/reactor.py) skips the
  batch, so each event's effect is decided on what the ones before it committed; one with a
  `committed()` hears of each commit that applied something (a reactor wakes its relay).
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import asyncpg
from aiokafka import TopicPartition
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage
from prometheus_client import Counter, Gauge

from libs.cloudevent import InboundEvent, MalformedEvent, dlq_for, from_kafka
from libs.config import Settings
from libs.db import UNAVAILABLE
from libs.eventstore.port import ConcurrencyError
from libs.observability import consumer_span
from libs.projection import Projection, apply_many, apply_once, swap_lock_key
from libs.replica import NotReplicatedYet

log = logging.getLogger(__name__)
T = TypeVar("T")

APPLIED = Counter("sk_consumer_applied_total", "Events applied by a projection", ["projection"])
DUPLICATES = Counter("sk_consumer_duplicates_total", "Redelivered events that changed nothing", ["projection"])
DEAD_LETTERED = Counter("sk_consumer_dead_lettered_total", "Messages sent to a dead-letter topic",
                        ["projection", "topic"])
LAG = Gauge("sk_consumer_lag_messages", "Messages behind the partition's high watermark",
            ["projection", "topic", "partition"])
STALENESS = Gauge("sk_projection_staleness_seconds", "Age of the newest event applied", ["projection"])
CONFLICTS = Counter("sk_consumer_conflicts_total",
                    "Applies that lost a race (a moved stream, a deadlock, a serialization failure)", ["projection"])

# Transient: the same event, applied again on fresh state, may well succeed.
CONFLICTS_RETRIED: tuple[type[Exception], ...] = (
    ConcurrencyError, asyncpg.DeadlockDetectedError, asyncpg.SerializationError, NotReplicatedYet)


def is_conflict(exc: BaseException) -> bool:
    """Did this apply lose a race (tried again within the budget) rather than fail on its own?"""
    return isinstance(exc, CONFLICTS_RETRIED)


class ConflictBudget:
    """How long one message may keep losing races: pauses drawn at random below a ceiling that
    doubles from `first` to `cap` (full jitter: racers that collided do not collide again in step),
    until `seconds` have passed since its first conflict."""

    def __init__(self, seconds: float, *, first: float = 0.01, cap: float = 1.0,
                 clock: Callable[[], float] = time.monotonic, draw: Callable[[], float] = random.random) -> None:
        self._seconds, self._ceiling, self._cap = seconds, first, cap
        self._clock, self._draw = clock, draw
        self._deadline: float | None = None

    def pause(self) -> float | None:
        """The pause before the next try, or None: the budget is spent, the conflict is a failure."""
        now = self._clock()
        if self._deadline is None:
            self._deadline = now + self._seconds
        left = self._deadline - now
        if left <= 0:
            return None
        pause = min(self._draw() * self._ceiling, left)
        self._ceiling = min(self._ceiling * 2, self._cap)
        return pause


class ProjectionConsumer:
    def __init__(self, projection: Projection, pool: asyncpg.Pool, broker: KafkaBroker,
                 settings: Settings) -> None:
        self.projection, self._pool, self._broker = projection, pool, broker
        self._max_attempts = settings.consumer_max_attempts
        self._conflict_budget = settings.consumer_conflict_budget_s
        self._lock_key = swap_lock_key(projection.schema)
        # Fault tests only: exit hard after this many batches are committed to the database
        # but before their offsets are, to prove that redelivery changes nothing.
        self._crash_before_ack = settings.fault_crash_before_ack
        self._search_path = f'"{projection.schema}", public'
        self._one_by_one = getattr(projection, "one_event_per_transaction", False)
        self._committed = getattr(projection, "committed", lambda: None)
        broker.subscriber(
            *projection.topics,
            group_id=projection.name,
            batch=True,
            max_records=settings.consumer_batch_size,
            batch_timeout_ms=settings.kafka_fetch_max_wait_ms,
            ack_policy=AckPolicy.MANUAL,
            auto_offset_reset="earliest",
            session_timeout_ms=settings.kafka_session_timeout_ms,
            heartbeat_interval_ms=settings.kafka_heartbeat_interval_ms,
            fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
            no_reply=True,
        )(self.handle)

    async def handle(self, msg: KafkaMessage) -> None:
        records = msg.raw_message if isinstance(msg.raw_message, tuple) else (msg.raw_message,)
        events: list[tuple[object, InboundEvent]] = []
        for record in records:
            try:
                events.append((record, from_kafka(record.value, record.headers)))
            except MalformedEvent as exc:
                await self._dead_letter(record, str(exc), attempts=1)
        if events and (self._one_by_one or not await self._apply_batch(events)):
            for record, event in events:
                await self._apply_alone(record, event)
        if self._crash_before_ack:
            self._crash_before_ack -= 1
            if self._crash_before_ack == 0:
                log.error("fault injection: exiting between database commit and offset commit")
                os._exit(137)
        await msg.ack()
        if records:
            self._record_lag(msg, records[-1])

    async def _with_database(self, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        """Run `work` in one transaction under the shared swap lock; wait out database outages."""
        backoff = 0.05
        while True:
            try:
                async with self._pool.acquire() as conn, conn.transaction():
                    await conn.execute("SELECT pg_advisory_xact_lock_shared($1), set_config('search_path', $2, true)",
                                       self._lock_key, self._search_path)
                    return await work(conn)
            except UNAVAILABLE as exc:
                log.warning("database unavailable, retrying in %.2fs: %r", backoff, exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 2.0)

    async def _apply_batch(self, events: list[tuple[object, InboundEvent]]) -> bool:
        async def work(conn):
            for record, event in events:  # spans only mark the trace; the work is set-based
                with consumer_span(self.projection.name, record, event):
                    pass
            return await apply_many(conn, self.projection, [e for _, e in events])

        try:
            applied = await self._with_database(work)
        except Exception as exc:
            log.info("batch of %d failed (%r); applying one by one", len(events), exc)
            return False
        if applied:
            self._committed()
        APPLIED.labels(self.projection.name).inc(applied)
        DUPLICATES.labels(self.projection.name).inc(len(events) - applied)
        STALENESS.labels(self.projection.name).set((datetime.now(UTC) - events[-1][1].time).total_seconds())
        return True

    async def _apply_alone(self, record, event: InboundEvent) -> None:
        with consumer_span(self.projection.name, record, event):
            conflicts = ConflictBudget(self._conflict_budget)
            failures = 0
            while True:
                try:
                    applied = await self._with_database(lambda conn: apply_once(conn, self.projection, event))
                    break
                except Exception as exc:
                    if await self._raced(exc, event, conflicts):
                        continue
                    failures += 1
                    if failures >= self._max_attempts:
                        await self._dead_letter(record, f"{type(exc).__name__}: {exc}", failures)
                        return
                    await asyncio.sleep(0.01 * failures)
            if applied:
                self._committed()
            (APPLIED if applied else DUPLICATES).labels(self.projection.name).inc()

    async def _raced(self, exc: Exception, event: InboundEvent, conflicts: ConflictBudget) -> bool:
        """True for a lost race within the event's budget: counted, paused for, and tried again
        without counting an attempt."""
        if not is_conflict(exc):
            return False
        CONFLICTS.labels(self.projection.name).inc()
        pause = conflicts.pause()
        if pause is None:
            log.warning("%s: %s still conflicts after its budget; counted as a failed attempt: %r",
                        self.projection.name, event.event_id, exc)
            return False
        log.debug("%s lost a race over %s (%r); again in %.3fs", self.projection.name, event.event_id, exc, pause)
        await asyncio.sleep(pause)
        return True

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
            consumer: Any = msg.consumer  # aiokafka's consumer; FastStream types it by a narrower protocol
            high = consumer.highwater(TopicPartition(record.topic, record.partition))
        except Exception:  # lag is a metric; it never stops the consumer
            return
        if high is not None:
            LAG.labels(self.projection.name, record.topic, record.partition).set(max(high - record.offset - 1, 0))
