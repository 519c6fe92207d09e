"""`libs.kafka.publish`, the relay's way onto Kafka: every message acknowledged, each key on the
partition Kafka's default partitioner gives it, and a key's messages in order — also when they
fill several record batches."""

from __future__ import annotations

from aiokafka.partitioner import murmur2

from libs.config import Settings
from libs.kafka import ensure_topics, producer, publish
from tests.kafka_records import read_records

PARTITIONS = 3
KEYS = [f"orgunit-{n:04d}".encode() for n in range(40)]
PER_KEY = 150  # 6,000 messages of ~1 KiB: several full batches per partition


def kafka_default_partition(key: bytes) -> int:
    """What the Java client (and aiokafka's send()) picks for a key."""
    return (murmur2(key) & 0x7FFFFFFF) % PARTITIONS


async def test_every_message_arrives_on_its_keys_partition_in_order(runtime, topic_prefix):
    topic = f"{topic_prefix}publish"
    await ensure_topics(runtime.bootstrap, [topic], PARTITIONS)
    messages = [(key, f'{{"n": {n}, "pad": "{"x" * 1000}"}}'.encode(), [("ce_streamversion", str(n).encode())])
                for n in range(PER_KEY) for key in KEYS]
    kafka = producer(Settings(), runtime.bootstrap)
    await kafka.start()
    try:
        assert await publish(kafka, topic, messages) == len(messages)
    finally:
        await kafka.stop()

    records = await read_records(runtime.bootstrap, topic, lambda got: len(got) >= len(messages))
    assert len(records) == len(messages)
    by_key: dict[bytes, list[int]] = {}
    for r in sorted(records, key=lambda r: (r.partition, r.offset)):
        assert r.partition == kafka_default_partition(r.key)
        by_key.setdefault(r.key, []).append(int(dict(r.headers)["ce_streamversion"]))
    assert by_key == {key: list(range(PER_KEY)) for key in KEYS}


async def test_nothing_to_publish_is_not_an_error(runtime, topic_prefix):
    topic = f"{topic_prefix}publish-empty"
    await ensure_topics(runtime.bootstrap, [topic], PARTITIONS)
    kafka = producer(Settings(), runtime.bootstrap)
    await kafka.start()
    try:
        assert await publish(kafka, topic, []) == 0
    finally:
        await kafka.stop()
