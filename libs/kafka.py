"""Kafka clients configured one way for every service, and explicit topic creation."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.partitioner import DefaultPartitioner
from aiokafka.producer.message_accumulator import BatchBuilder

from libs.config import Settings


def producer(settings: Settings, bootstrap: str) -> AIOKafkaProducer:
    # Tansu refuses idempotent producers; the outbox and the inbox make duplicates harmless.
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=False,
        linger_ms=5,
        max_batch_size=256 * 1024,
        request_timeout_ms=10_000,
    )


Message = tuple[bytes, bytes, list[tuple[str, bytes]]]  # key, value, headers

_partition_of = DefaultPartitioner()
_CREATE_ATTEMPTS = 5


async def publish(producer: AIOKafkaProducer, topic: str, messages: Iterable[Message]) -> int:
    """Send `messages` and return once the broker has acknowledged every one (acks=all).

    One record batch per partition through aiokafka's batch API: a batch leaves as soon as it is
    full or the messages end, without waiting out `linger_ms`, and carries one future instead of
    one per message. Partitions are chosen as Kafka's default partitioner does (murmur2 of the
    key), so every event of a stream lands, in order, on the partition any Kafka client expects."""
    partitions = sorted(await producer.partitions_for(topic))
    filling: dict[int, BatchBuilder] = {}
    acks: list[asyncio.Future] = []
    count = 0
    partition_by_key: dict[bytes, int] = {}  # murmur2 is pure Python; a stream's events share a key
    for key, value, headers in messages:
        partition = partition_by_key.get(key)
        if partition is None:
            partition = partition_by_key[key] = _partition_of(key, partitions, partitions)
        batch = filling.get(partition)
        if batch is None or batch.append(key=key, value=value, timestamp=None, headers=headers) is None:
            if batch is not None:  # full: send it, start the next one
                acks.append(await producer.send_batch(batch, topic, partition=partition))
            batch = filling[partition] = producer.create_batch()
            if batch.append(key=key, value=value, timestamp=None, headers=headers) is None:
                raise ValueError(f"message of {len(value)} bytes does not fit in a record batch")
        count += 1
    for partition, batch in filling.items():
        batch.close()  # an open batch would linger `linger_ms` in the producer; a closed one leaves now
        acks.append(await producer.send_batch(batch, topic, partition=partition))
    await asyncio.gather(*acks)
    return count


async def ensure_topics(bootstrap: str, topics: list[str], partitions: int, replication: int = 1) -> str:
    """Create the topics that are missing (auto-created ones would get the wrong partition
    count) and return the cluster id, which changes when a broker comes back empty."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        # Two services may create the same topic at once, and the answer to a batch of creations
        # need not say which ones failed: check the topic list again until all are there.
        missing = await _missing(admin, topics)
        for attempt in range(_CREATE_ATTEMPTS):
            if not missing:
                break
            await asyncio.sleep(0.2 * attempt)
            try:
                await admin.create_topics([NewTopic(t, partitions, replication) for t in missing])
            except TopicAlreadyExistsError:
                pass
            missing = await _missing(admin, topics)
        if missing:
            raise RuntimeError(f"the broker at {bootstrap} did not create the topics {missing} "
                               f"({partitions} partitions, replication factor {replication})")
        return (await admin.describe_cluster())["cluster_id"]
    finally:
        await admin.close()


async def _missing(admin: AIOKafkaAdminClient, topics: list[str]) -> list[str]:
    return sorted(set(topics) - set(await admin.list_topics()))


async def partitions_of(bootstrap: str, topics: list[str]) -> dict[str, list[int]]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
        return {t["topic"]: sorted(p["partition"] for p in t["partitions"]) for t in described}
    finally:
        await admin.close()
