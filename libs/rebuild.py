"""Rebuild read models from the log (ARCHITECTURE invariant 6), beside the live ones.

`rebuild_service` rebuilds every read model of a service: each Kafka-fed projection (below)
and the inline read model kept by its own appends (libs/inline_rebuild.py, fed from its own
event store).

A Kafka-fed projection:
1. Create the read model afresh in a shadow schema (same migrations).
2. Replay every partition of the projection's topics from the beginning into it, in batches.
3. Take the swap lock exclusively — live consumers wait at their next event — replay what
   arrived meanwhile, and rename the shadow schema into place in the same transaction, with the
   grants the live one had (libs/grants.py): a rebuilt schema is a new schema.
A rebuild is the owner's work: it connects with `Settings.owner_database_url()`.
Live consumers then carry on: their inbox (now the rebuilt one) drops what the replay applied.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from typing import TYPE_CHECKING

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from libs.cloudevent import InboundEvent, MalformedEvent, from_kafka
from libs.collector import quiet_collector
from libs.config import Settings
from libs.db import UNAVAILABLE, create_pool
from libs.grants import grant_schema, grantees
from libs.inline_rebuild import RebuildRefused, rebuild_inline
from libs.kafka import partitions_of
from libs.migrations import upgrade_async
from libs.projection import Projection, apply_many, swap_lock_key

if TYPE_CHECKING:
    from libs.service import ServiceSpec

log = logging.getLogger(__name__)

_STALLED_POLLS = 50  # × 200 ms without a record while behind the end offsets
# Replay garbage is acyclic, freed by reference counting; at the default 700 the collector ran
# ~1,100 young and ~100 middle passes per 50k events for nothing (0.3–0.4 s of a 5 s replay).
_YOUNG_COLLECTION_AFTER = 50_000
_HOLE_READS = 5  # reads of a partition from the same missing offset before the hole is taken as real
_CONCURRENT_APPLIES = 4  # lanes applying at once, one connection each (more only queue on two cores)
_RECORDS_PER_FETCH = 2000
_TAIL_WAIT_MS = 200  # one fetch round trip: the end of a last batch a fetch response held back
# Past the reported ends, fetches of records still coming in at the rate they are produced stop
# after this many; each holds up to _RECORDS_PER_FETCH, far more than one producer batch.
_TAIL_FETCHES = 10


def _blames_the_events(error: Exception) -> bool:
    """Skip an event only for what it carries: data the database refuses (SQLSTATE classes 22
    and 23) or the projection's own code raising. What the database or the connection does —
    unreachable, disk full, read-only after a failover — stops the rebuild before the swap,
    rather than swap in a model missing every event it was given meanwhile."""
    if isinstance(error, asyncpg.PostgresError):
        return (error.sqlstate or "")[:2] in ("22", "23")
    return not isinstance(error, UNAVAILABLE)


class Replayer:
    def __init__(self, projection: Projection, consumer: AIOKafkaConsumer, pool: asyncpg.Pool) -> None:
        self.projection, self.consumer, self.pool = projection, consumer, pool
        self.applied = self.skipped = 0
        self._next: dict[TopicPartition, int] = defaultdict(int)  # offset after the last record applied
        self._hole_reads: dict[tuple[TopicPartition, int], int] = defaultdict(int)

    async def assign_from_start(self, bootstrap: str) -> list[TopicPartition]:
        found = await partitions_of(bootstrap, self.projection.topics)
        partitions = [TopicPartition(topic, p) for topic, ps in found.items() for p in ps]
        self.consumer.assign(partitions)
        await self.consumer.seek_to_beginning(*partitions)
        self._next.update(await self.consumer.beginning_offsets(partitions))  # retention may have cut the head
        return partitions

    async def until_caught_up(self, progress=None, task=None) -> None:
        """Apply every record below the partitions' end offsets as they are now. Asking the broker
        where the end is beats waiting for empty polls, which cost 0.6 s per phase — the second
        phase runs while live consumers wait on the swap lock. Progress is counted by the offsets
        of records returned, not by `position()`, which runs ahead over records still buffered.

        The broker's end is only where the tail starts: after a batched produce Tansu reports the
        last batch's first offset + 1 (RUNTIME.md), so once a fetch has stopped inside that batch
        the rest of it is read by `_tail` — a CI rebuild of 100k events came out 300 short.

        Each partition is applied by its own lane, in order, on its own connection — as live
        consumers of one group apply their partitions side by side — so while one lane waits on
        PostgreSQL another computes."""
        partitions = list(self.consumer.assignment())
        ends = await self.consumer.end_offsets(partitions)
        lanes: dict[TopicPartition, asyncio.Queue] = {tp: asyncio.Queue(maxsize=2) for tp in partitions}
        try:
            async with asyncio.TaskGroup() as group:
                for queue in lanes.values():
                    group.create_task(self._lane(queue, progress, task))
                await self._fetch(partitions, ends, lanes)
                for queue in lanes.values():
                    await queue.put(None)  # the lane ends once it has applied what is queued
        except ExceptionGroup as failed:  # one failure (a lane's or the fetch's) stops the replay
            raise failed.exceptions[0] from None

    async def _fetch(self, partitions: list[TopicPartition], ends: dict[TopicPartition, int],
                     lanes: dict[TopicPartition, asyncio.Queue]) -> None:
        empty = 0
        while behind := [tp for tp, end in ends.items() if self._next[tp] < end]:
            batches = await self.consumer.getmany(*partitions, timeout_ms=200, max_records=_RECORDS_PER_FETCH)
            if not any(tp in batches for tp in behind):  # records elsewhere are no progress
                empty += 1
                if empty == _STALLED_POLLS:  # fail before the swap rather than swap in a partial model
                    raise RuntimeError(f"the broker reports end offsets {ends} but returns no more records "
                                       f"of {behind}")
            else:
                empty = 0
            await self._queue(batches, lanes)
        await self._tail(partitions, lanes)

    async def _tail(self, partitions: list[TopicPartition], lanes: dict[TopicPartition, asyncio.Queue]) -> None:
        """Read on past the reported ends until a fetch round trip brings nothing more: what the
        client holds already comes at once, the rest of a batch a response cut off on the next."""
        for _ in range(_TAIL_FETCHES):
            batches = await self.consumer.getmany(*partitions, timeout_ms=_TAIL_WAIT_MS,
                                                  max_records=_RECORDS_PER_FETCH)
            if not batches:
                return
            await self._queue(batches, lanes)

    async def _queue(self, batches: dict, lanes: dict[TopicPartition, asyncio.Queue]) -> None:
        for tp, batch in batches.items():
            records, hole = self._following(tp, batch)
            if records:
                self._next[tp] = records[-1].offset + 1
                await lanes[tp].put((self._decode(records), len(records)))
            if hole:
                self.consumer.seek(tp, self._next[tp])  # read the missing records again

    def _following(self, tp: TopicPartition, batch: list) -> tuple[list, bool]:
        """The records of `batch` from the next offset on, up to the first hole, and whether to
        read from the hole again. Our topics are neither compacted nor transactional, so their
        offsets have no holes. Yet about one rebuild in forty over Tansu came out one producer
        batch (~240 records) short while its offsets said every record had been read — as if a
        fetch had skipped a batch; reading the hole again repairs exactly that. A hole still
        there after `_HOLE_READS` reads is taken as real (a compacted topic)."""
        expected = self._next[tp]
        records = [r for r in batch if r.offset >= expected]  # earlier ones were read already
        for i, record in enumerate(records):
            if record.offset != expected + i:
                missing = (tp, expected + i)
                self._hole_reads[missing] += 1
                if self._hole_reads[missing] <= _HOLE_READS:
                    log.warning("offsets %d–%d of %s missing from a fetch; reading them again",
                                expected + i, record.offset - 1, tp)
                    return records[:i], True
                log.warning("offsets %d–%d of %s never came; taking them as compacted away",
                            expected + i, record.offset - 1, tp)
                break
        return records, False

    async def _lane(self, queue: asyncio.Queue, progress, task) -> None:
        while (work := await queue.get()) is not None:
            events, records = work
            await self._apply(events)
            if progress is not None:
                progress.update(task, advance=records, total=self.total())

    def _decode(self, records: list) -> list[InboundEvent]:
        events = []
        for record in records:
            try:
                events.append(from_kafka(record.value, record.headers))
            except MalformedEvent:
                self.skipped += 1  # the live consumer dead-lettered it already
        return events

    async def _apply(self, events: list[InboundEvent]) -> None:
        try:
            applied = await self._apply_in_one_transaction(events)
        except Exception as exc:
            if not _blames_the_events(exc):
                raise
            applied = 0  # one bad event: the rest of the batch, one by one
            for event in events:
                try:
                    applied += await self._apply_in_one_transaction([event])
                except Exception as exc:
                    if not _blames_the_events(exc):
                        raise
                    self.skipped += 1  # dead-lettered by the live consumer too
        self.applied += applied  # added after the awaits: other lanes add to it meanwhile

    async def _apply_in_one_transaction(self, events: list[InboundEvent]) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            return await apply_many(conn, self.projection, events)

    def total(self) -> int | None:
        marks = [self.consumer.highwater(tp) for tp in self.consumer.assignment()]
        return sum(marks) if marks and None not in marks else None


async def rebuild_projection(projection: Projection, settings: Settings, show_progress: bool = True) -> dict:
    live, shadow = projection.schema, f"{projection.schema}_rebuild"
    url = settings.owner_database_url()
    admin = await asyncpg.connect(url)
    started = time.monotonic()
    try:
        await admin.execute(f'DROP SCHEMA IF EXISTS "{shadow}" CASCADE')
        await upgrade_async(projection.migrations, url, shadow)
        pool = await create_pool(url, shadow, max_size=_CONCURRENT_APPLIES)
        consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, group_id=None,
                                    enable_auto_commit=False, auto_offset_reset="earliest",
                                    fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
                                    max_partition_fetch_bytes=4 * 1024 * 1024)
        await consumer.start()
        replay = Replayer(projection, consumer, pool)
        try:
            await replay.assign_from_start(settings.kafka_bootstrap)
            columns = (TextColumn(f"rebuild {projection.name}"), BarColumn(), MofNCompleteColumn(),
                       TimeElapsedColumn())
            with (quiet_collector(young_threshold=_YOUNG_COLLECTION_AFTER),
                  Progress(*columns, disable=not show_progress, transient=False) as progress):
                task = progress.add_task("replay", total=None)
                await replay.until_caught_up(progress, task)
                async with admin.transaction():
                    await admin.execute("SELECT pg_advisory_xact_lock($1)", swap_lock_key(live))
                    await replay.until_caught_up(progress, task)
                    await pool.close()
                    roles = await grantees(admin, live)
                    await admin.execute(f'ALTER SCHEMA "{live}" RENAME TO "{live}_replaced"')
                    await admin.execute(f'ALTER SCHEMA "{shadow}" RENAME TO "{live}"')
                    await admin.execute(f'DROP SCHEMA "{live}_replaced" CASCADE')
                    for role in roles:
                        await grant_schema(admin, live, role)
        finally:
            await consumer.stop()
            await pool.close()  # does nothing if the swap closed it
    finally:
        await admin.close()
    seconds = time.monotonic() - started
    return {"projection": projection.name, "applied": replay.applied, "skipped": replay.skipped,
            "seconds": round(seconds, 3), "events_per_second": round(replay.applied / seconds) if seconds else None}


async def rebuild_service(spec: ServiceSpec, settings: Settings, show_progress: bool = True) -> list[dict]:
    """Every read model of the service, one after the other: its Kafka-fed projections, then its
    inline read model. Raises `RebuildRefused` (the live model of that one left as it was)."""
    results = []
    for projection in spec.projections(settings):
        await _refuse_the_log_schema(projection, settings)
        results.append(await rebuild_projection(projection, settings, show_progress))
    if spec.inline_projections:
        results.append(await rebuild_inline(spec.name, spec.migrations, spec.inline_projections, settings,
                                            show_progress))
    return results


async def _refuse_the_log_schema(projection: Projection, settings: Settings) -> None:
    """A Kafka-fed projection is swapped in by renaming its whole schema; one sharing the schema
    of an event store would take the log down with it."""
    conn = await asyncpg.connect(settings.owner_database_url())
    try:
        holds_a_log = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", f'"{projection.schema}".events')
    finally:
        await conn.close()
    if holds_a_log:
        raise RebuildRefused(f"投影 {projection.name} 与事件存储同在 schema {projection.schema}："
                             "按 schema 替换会丢失事件，请把它放进自己的 schema；未重建")
