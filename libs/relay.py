"""The outbox relay: the event store, in gap-safe order, to the service's Kafka topic.

It records how far it has published only after the broker acknowledged every message of a
batch, so a crash re-publishes (at-least-once) and never loses. Its checkpoint carries the
broker's cluster id: a broker that came back empty (Tansu keeps topics in memory) has a new
id, and the relay then re-creates the topics and re-publishes from the start of its store.
"""

from __future__ import annotations

import asyncio
import logging
import time

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from prometheus_client import Counter, Gauge

from libs.cloudevent import dlq_for, to_kafka
from libs.db import release_session_lock
from libs.events import RecordedEvent
from libs.eventstore.port import START, Cursor, EventStore
from libs.kafka import ensure_topics, publish
from libs.observability import producer_headers
from libs.tasks import stop

log = logging.getLogger(__name__)

PUBLISHED = Counter("sk_relay_published_total", "Events the relay published and the broker acknowledged",
                    ["service"])
LAG = Gauge("sk_relay_lag_events", "Events in the store not yet published", ["service"])

_CLUSTER_CHECK_S = 1.0
_LAG_EVERY_S = 1.0


class Checkpoints:
    """Where a relay got to, per broker cluster."""

    def __init__(self, pool: asyncpg.Pool, relay: str) -> None:
        self._pool, self._relay = pool, relay

    async def get(self, cluster: str) -> Cursor:
        row = await self._pool.fetchrow(
            "SELECT cluster_id, tx_id, position FROM relay_checkpoints WHERE relay = $1", self._relay)
        if row is None or row["cluster_id"] != cluster:
            return START
        return (row["tx_id"], row["position"])

    async def save(self, cluster: str, cursor: Cursor) -> None:
        await self._pool.execute(
            """INSERT INTO relay_checkpoints (relay, cluster_id, tx_id, position) VALUES ($1, $2, $3, $4)
               ON CONFLICT (relay) DO UPDATE SET cluster_id = $2, tx_id = $3, position = $4, updated_at = now()""",
            self._relay, cluster, *cursor)


class OutboxRelay:
    def __init__(self, *, service: str, store: EventStore, pool: asyncpg.Pool, producer: AIOKafkaProducer,
                 bootstrap: str, topic: str, partitions: int, replication: int = 1, batch_size: int = 500,
                 idle_sleep_s: float = 0.02) -> None:
        self.service = service
        self._store, self._producer = store, producer
        self._bootstrap, self._topic, self._partitions, self._replication = bootstrap, topic, partitions, replication
        self._checkpoints = Checkpoints(pool, f"{service}->{topic}")
        self._pool = pool
        self._batch_size, self._idle = batch_size, idle_sleep_s
        self._source = f"/shuangkong/{service}"
        self._cluster = ""
        self._cursor: Cursor = START
        self._ahead: asyncio.Task[list[RecordedEvent]] | None = None  # the next batch, read during a send
        self.attached = False
        self.standby = False  # another replica holds the relay lock; this one waits to take over
        self.wakeup = asyncio.Event()

    async def _attach(self) -> None:
        """(Re)connect to the cluster: topics exist, cursor matches this cluster."""
        self._cluster = await ensure_topics(self._bootstrap, [self._topic, dlq_for(self._topic)],
                                            self._partitions, self._replication)
        self._cursor = await self._checkpoints.get(self._cluster)
        self.attached = True
        log.info("relay attached", extra={"cluster": self._cluster, "cursor": self._cursor})

    async def _watch_cluster(self) -> None:
        """Beside the publishing loop, never in it (a metadata round trip would stall publishing):
        a broker that came back empty has a new cluster id, and the relay then re-attaches."""
        admin: AIOKafkaAdminClient | None = None
        try:
            while True:
                await asyncio.sleep(_CLUSTER_CHECK_S)
                try:
                    if admin is None:
                        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap, request_timeout_ms=5_000)
                        await admin.start()
                    current = (await admin.describe_cluster())["cluster_id"]
                except asyncio.CancelledError:
                    raise
                except Exception:  # broker away: the publishing loop notices and backs off
                    if admin is not None:
                        await admin.close()
                    admin = None
                    continue
                if self._cluster and current != self._cluster:
                    log.warning("broker cluster changed (%s → %s): re-publishing from the store",
                                self._cluster, current)
                    self._cluster = ""
        finally:
            if admin is not None:
                await admin.close()

    async def publish_once(self) -> int:
        """Publish one batch; return how many events went out."""
        if not self._cluster:
            self._drop_read_ahead()
            await self._attach()
        events = await self._next_batch()
        if not events:
            return 0
        if len(events) == self._batch_size:  # probably more behind it: read while this batch is on the wire
            self._ahead = asyncio.create_task(self._store.read_all(events[-1].cursor, self._batch_size))
        try:
            await publish(self._producer, self._topic, (  # returns once every message is acknowledged
                to_kafka(e, self._source, producer_headers(e.type, self._topic, e.metadata.get("traceparent")))
                for e in events))
        except BaseException:
            self._drop_read_ahead()
            raise
        self._cursor = events[-1].cursor
        await self._checkpoints.save(self._cluster, self._cursor)
        PUBLISHED.labels(self.service).inc(len(events))
        return len(events)

    async def _next_batch(self) -> list[RecordedEvent]:
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            events = await ahead
            if events:  # an empty read-ahead may be older than the last wake-up: read again
                return events
        return await self._store.read_all(self._cursor, self._batch_size)

    def _drop_read_ahead(self) -> None:
        if self._ahead is not None:
            self._ahead.cancel()
            self._ahead.add_done_callback(lambda t: t.cancelled() or t.exception())  # retrieved, not logged
            self._ahead = None

    async def lag(self) -> int:
        return await self._pool.fetchval(
            "SELECT count(*) FROM events WHERE (tx_id, position) > ($1::text::xid8, $2)",
            str(self._cursor[0]), self._cursor[1])

    async def start(self) -> None:
        await self._producer.start()

    async def stop(self) -> None:
        await self._producer.stop()

    async def run(self) -> None:
        """Publish until cancelled; back off on broker or database errors, never give up.
        One relay per store publishes at a time: the holder of a session advisory lock."""
        backoff = 0.1
        watcher = asyncio.create_task(self._watch_cluster(), name=f"{self.service}-cluster-watch")
        try:
            await self._publish_forever(backoff)
        finally:
            self._drop_read_ahead()
            await stop(watcher)

    async def _publish_forever(self, backoff: float) -> None:
        while True:
            try:
                async with self._pool.acquire() as lock_conn:
                    await self._lead(lock_conn)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # broker or database away: retry from the checkpoint
                log.warning("relay error, retrying in %.1fs: %r", backoff, exc)
                self._cluster, self.attached = "", False
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            else:
                backoff = 0.1

    async def _lead(self, lock_conn: asyncpg.Connection) -> None:
        key = f"sk-relay:{self._checkpoints._relay}"
        try:  # from before the lock is asked for: a cancellation just after it was granted still releases it
            while not await lock_conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", key):
                self.standby = True
                await asyncio.sleep(1.0)
            self.standby = False
            lag_at = 0.0
            while not lock_conn.is_closed():  # the lock lives and dies with this connection
                self.wakeup.clear()  # before reading: an append during the read wakes the next wait
                published = await self.publish_once()
                if time.monotonic() - lag_at > _LAG_EVERY_S:
                    LAG.labels(self.service).set(await self.lag() if published else 0)
                    lag_at = time.monotonic()
                if not published:
                    try:
                        await asyncio.wait_for(self.wakeup.wait(), self._idle)
                    except TimeoutError:
                        pass
        finally:
            await release_session_lock(lock_conn, key)
