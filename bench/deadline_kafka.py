"""On Kafka: the relay from a deadline run's copy to a topic of its own, and a consumer stamping
each 临期/超期 event as it becomes readable there (issue 12: within 7 s of its due time).

The relay is inspection's `OutboxRelay` as `libs/service.py` wires it (the settings' producer and
batch size, woken by the store's appends and by the scheduler's commit), started at the end of the
seeded log (its checkpoint set there: the seed is not what is measured). The consumer reads every
partition from the start with aiokafka, without a group, in the same process as the firing (as a
service's relay shares its process with its scheduler).
"""

from __future__ import annotations

import asyncio
import time

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition

from libs import kafka
from libs.cloudevent import dlq_for, topic_for
from libs.config import Settings
from libs.eventstore import PostgresEventStore
from libs.relay import Checkpoints, OutboxRelay

SERVICE = "inspection"
FIRED_TYPES = {b"shuangkong.inspection.OccurrenceBecameImminent", b"shuangkong.inspection.OccurrenceMissed"}
_END = "SELECT tx_id::text::bigint AS tx_id, position FROM events ORDER BY tx_id DESC, position DESC LIMIT 1"


class OnKafka:
    def __init__(self, bootstrap: str, url: str, name: str) -> None:
        self.settings = Settings(database_url=url, kafka_bootstrap=bootstrap, topic_prefix=f"bench-{name}.")
        self.topic = topic_for(SERVICE, self.settings.topic_prefix)
        self.arrivals: list[float] = []  # time.time() when each 临期/超期 event was read from the topic
        self.relay: OutboxRelay | None = None
        self._tasks: list[asyncio.Task] = []
        self._consumer: AIOKafkaConsumer | None = None
        self._arrived = asyncio.Event()

    def wake(self) -> None:
        if self.relay is not None:
            self.relay.wakeup.set()

    async def start(self, pool: asyncpg.Pool) -> None:
        s = self.settings
        cluster = await kafka.ensure_topics(s.kafka_bootstrap, [self.topic, dlq_for(self.topic)], s.topic_partitions)
        end = await pool.fetchrow(_END)
        await Checkpoints(pool, f"{SERVICE}->{self.topic}").save(cluster, (end["tx_id"], end["position"]))
        self.relay = OutboxRelay(service=SERVICE, store=PostgresEventStore(pool), pool=pool,
                                 producer=kafka.producer(s, s.kafka_bootstrap), bootstrap=s.kafka_bootstrap,
                                 topic=self.topic, partitions=s.topic_partitions, batch_size=s.relay_batch_size,
                                 idle_sleep_s=s.relay_idle_sleep_s)
        await self.relay.start()
        self._consumer = AIOKafkaConsumer(bootstrap_servers=s.kafka_bootstrap, enable_auto_commit=False,
                                          auto_offset_reset="earliest")
        self._consumer.assign([TopicPartition(self.topic, p) for p in range(s.topic_partitions)])
        await self._consumer.start()
        self._tasks = [asyncio.create_task(self.relay.run()), asyncio.create_task(self._consume())]

    async def _consume(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=100)
            now = time.time()
            for messages in batches.values():
                self.arrivals += [now for m in messages if dict(m.headers).get("ce_type") in FIRED_TYPES]
            self._arrived.set()

    async def wait_for(self, count: int, seconds: float) -> bool:
        """True once `count` have arrived; False if `seconds` pass first."""
        try:
            async with asyncio.timeout(seconds):
                while len(self.arrivals) < count:
                    self._arrived.clear()
                    await self._arrived.wait()
        except TimeoutError:
            return False
        return True

    async def stop(self) -> None:
        """Idempotent: the run stops it once it has read all, and in its `finally`."""
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            await consumer.stop()
        relay, self.relay = self.relay, None
        if relay is not None:
            await relay.stop()

    def latencies_ms(self, due_at: float) -> list[float]:
        return [(at - due_at) * 1000 for at in self.arrivals]
