"""Reading a topic back from its start, as an independent consumer (no group, no commits)."""

from __future__ import annotations

import time
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import ConsumerRecord


async def read_records(bootstrap: str, topic: str, done: Callable[[list[ConsumerRecord]], bool],
                       seconds: float = 15) -> list[ConsumerRecord]:
    """Every record of `topic` from offset 0, until `done(records)` holds or `seconds` pass."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest",
                                enable_auto_commit=False, fetch_max_wait_ms=20)
    await consumer.start()
    records: list[ConsumerRecord] = []
    try:
        deadline = time.monotonic() + seconds
        while not done(records) and time.monotonic() < deadline:
            for batch in (await consumer.getmany(timeout_ms=200, max_records=5000)).values():
                records.extend(batch)
    finally:
        await consumer.stop()
    return records
