"""The replay reads a partition again from the first offset a fetch left out, so a batch the
broker skipped cannot make the rebuilt model come out short; a hole that stays is taken as real;
and it reads on past an end offset the broker under-reports (Tansu after a batched produce)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from aiokafka import TopicPartition

from libs.rebuild import _HOLE_READS, Replayer

TP = TopicPartition("t", 0)


@dataclass
class Record:
    offset: int
    value: bytes = b"{}"
    headers: tuple = ()


class ScriptedConsumer:
    """Answers each `getmany` with the next scripted fetch; a `seek` rewinds to the offset."""

    def __init__(self, offsets: list[int], skip_once: range | None = None, per_fetch: int = 4) -> None:
        self.offsets, self.skip_once, self.per_fetch = offsets, skip_once, per_fetch
        self.position, self.seeks = 0, []

    async def getmany(self, *partitions, timeout_ms: int, max_records: int) -> dict:
        batch = [o for o in self.offsets if o >= self.position][:self.per_fetch]
        if self.skip_once and batch and batch[0] in self.skip_once:
            batch = [o for o in self.offsets if o >= self.skip_once.stop][:4]
            self.skip_once = None
        if not batch:
            return {}
        self.position = batch[-1] + 1
        return {TP: [Record(o) for o in batch]}

    def seek(self, tp, offset: int) -> None:
        self.seeks.append(offset)
        self.position = offset


async def fetched(consumer: ScriptedConsumer, end: int) -> list[int]:
    replay = Replayer(projection=None, consumer=consumer, pool=None)
    replay._decode = lambda records: [r.offset for r in records]
    lane: asyncio.Queue = asyncio.Queue()
    await replay._fetch([TP], {TP: end}, {TP: lane})
    offsets = []
    while not lane.empty():
        offsets += lane.get_nowait()[0]
    return offsets


async def test_a_batch_the_broker_skipped_is_read_again():
    consumer = ScriptedConsumer(list(range(20)), skip_once=range(8, 12))
    assert await fetched(consumer, 20) == list(range(20))
    assert consumer.seeks == [8]


async def test_a_hole_that_stays_is_taken_as_compacted_away():
    consumer = ScriptedConsumer(list(range(8)) + list(range(12, 20)))  # 8–11 compacted away
    assert await fetched(consumer, 20) == list(range(8)) + list(range(12, 20))
    assert consumer.seeks == [8] * _HOLE_READS


async def test_the_rest_of_the_last_batch_is_read_past_an_end_offset_reported_short():
    """The last producer batch holds 16–19; the broker says the end is 17 (its first offset + 1),
    and a fetch stops at 17 — the three records after it are still read."""
    consumer = ScriptedConsumer(list(range(20)), per_fetch=3)
    assert await fetched(consumer, 17) == list(range(20))
