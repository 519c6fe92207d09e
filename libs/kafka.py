"""Kafka clients configured one way for every service, and explicit topic creation."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

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


async def ensure_topics(bootstrap: str, topics: list[str], partitions: int, replication: int = 1) -> str:
    """Create the topics that are missing (auto-created ones would get the wrong partition
    count) and return the cluster id, which changes when a broker comes back empty."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [NewTopic(t, partitions, replication) for t in topics if t not in existing]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass
        return (await admin.describe_cluster())["cluster_id"]
    finally:
        await admin.close()


async def partitions_of(bootstrap: str, topics: list[str]) -> dict[str, list[int]]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
        return {t["topic"]: sorted(p["partition"] for p in t["partitions"]) for t in described}
    finally:
        await admin.close()
