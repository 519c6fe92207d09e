"""Rebuild a service's inline read model from its own event store (ARCHITECTURE invariant 6).

Inline projectors keep the read model in each append's transaction (libs/eventstore/postgres.py),
so their input is the service's own log, not Kafka:
1. The read model is created afresh in a shadow schema by the service's own migrations (the
   event store's tables made there stay empty and are dropped with it).
2. The live log is replayed through the inline projectors into it, in gap-safe order
   (`read_all`), one transaction per batch. Each projector gets what it got when the events were
   appended: one stream's events of one transaction at a time, in the order the append gave them.
3. In one transaction: lock the live log against appends (`EXCLUSIVE`; readers, the relay
   included, pass), replay what was appended meanwhile, and swap the read model into the live
   schema (libs/read_model.py). A read sees the old model or the new one, never a mix.

A projector raising on committed history (a cross-aggregate check, a unique index) stops the
rebuild before the swap with `RebuildRefused` naming the event; the live model stays as it was.
Why replaying in `(tx_id, position)` order does not trip checks that passed live: decision 24.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import asyncpg
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from libs.collector import quiet_collector
from libs.config import Settings
from libs.db import UNAVAILABLE, create_pool
from libs.events import RecordedEvent
from libs.eventstore import PostgresEventStore
from libs.eventstore.port import START, Cursor
from libs.eventstore.postgres import InlineProjector
from libs.migrations import upgrade_async
from libs.read_model import ModelMismatch, quoted, read_model_tables, swap

BATCH = 2000  # events per replay transaction
_LOCK_TRIES = 5  # a deadlock with a reader, or the log not lockable within the timeout: try again
_LOCK_TIMEOUT = "5s"  # while the rebuild waits for the lock, appends queue behind it

_AFTER = """
SELECT event_id, stream_id, version, position, tx_id::text::bigint AS tx_id, type, schema_version, data,
       metadata, recorded_at
FROM {log} WHERE (tx_id, position) > ($1::text::xid8, $2) ORDER BY tx_id, position LIMIT $3
"""


class RebuildRefused(RuntimeError):
    """The rebuild stopped before the swap; the message says why, in words for the operator."""


Append = list[RecordedEvent]


def appends(events: Sequence[RecordedEvent]) -> list[Append]:
    """`events` (in gap-safe order) cut into what each projector call got at append time: the
    events of one stream written by one transaction, in version order."""
    cut: list[Append] = []
    for event in events:
        if cut and (cut[-1][-1].tx_id, cut[-1][-1].stream_id) == (event.tx_id, event.stream_id):
            cut[-1].append(event)
        else:
            cut.append([event])
    for append in cut:
        append.sort(key=lambda e: e.version)
    return cut


class _Refused(Exception):
    def __init__(self, index: int, error: Exception) -> None:
        self.index, self.error = index, error


class _Undo(Exception):
    """Rolls back the transaction that only looked for the culprit."""


# Not what an event carries: the database away, or a lock the rebuild waited for too long.
_NOT_THE_EVENTS = (*UNAVAILABLE, asyncpg.DeadlockDetectedError, asyncpg.LockNotAvailableError)


class InlineReplay:
    """Feeds the log's events through the inline projectors on one connection to the shadow."""

    def __init__(self, service: str, inline: Sequence[InlineProjector], conn: asyncpg.Connection) -> None:
        self.service, self.inline, self.conn = service, list(inline), conn
        self.cursor: Cursor = START  # after the last event read
        self.held: Append = []  # the last append read, perhaps cut short by the batch limit
        self.applied = 0

    def take(self, events: list[RecordedEvent], final: bool = False) -> list[Append]:
        """What can be applied now of `events` read after the cursor; the last append waits for the
        next read unless `final` (the log is locked and read to its end)."""
        if events:
            self.cursor = events[-1].cursor
        cut = appends(self.held + events)
        self.held = [] if final or not cut else cut.pop()
        return cut

    async def apply(self, cut: list[Append]) -> None:
        """Apply `cut` on the connection's current transaction."""
        for i, append in enumerate(cut):
            try:
                for project in self.inline:
                    await project(self.conn, append)
            except _NOT_THE_EVENTS:
                raise
            except Exception as exc:
                raise _Refused(i, exc) from exc
        self.applied += sum(len(a) for a in cut)

    async def refused(self, cut: list[Append], failure: _Refused) -> RebuildRefused:
        """Name the event the projectors refuse (after the caller rolled back): the appends before
        it again, then its append's events one by one, each in a savepoint."""
        append, culprit = cut[failure.index], None
        if len(append) > 1:
            try:
                async with self.conn.transaction():
                    await self.apply(cut[:failure.index])
                    for event in append:
                        try:
                            async with self.conn.transaction():
                                for project in self.inline:
                                    await project(self.conn, [event])
                        except Exception:
                            culprit = event
                            break
                    raise _Undo
            except _Undo:
                pass
        e = culprit or append[0]
        return RebuildRefused(
            f"{self.service} 的读模型重建在事件 {e.type}（event_id {e.event_id}，流 {e.stream_id} 第 {e.version} 版，"
            f"position {e.position}）处停止：{type(failure.error).__name__}: {failure.error}；现有读模型未被替换")


async def rebuild_inline(service: str, migrations, inline: Sequence[InlineProjector], settings: Settings,
                         show_progress: bool = True) -> dict:
    live, shadow = service, f"{service}_rebuild"
    url = settings.database_url
    started = time.monotonic()
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"DROP SCHEMA IF EXISTS {quoted(shadow)} CASCADE")
        await upgrade_async(migrations, url, shadow)
        await _same_revision(admin, live, shadow)
        log_pool = await create_pool(url, live, max_size=1)
        shadow_pool = await create_pool(url, shadow, min_size=1, max_size=1)
        try:
            store = PostgresEventStore(log_pool)
            async with shadow_pool.acquire() as conn:
                replay = InlineReplay(service, inline, conn)
                columns = (TextColumn(f"rebuild {service} (inline)"), BarColumn(), MofNCompleteColumn(),
                           TimeElapsedColumn())
                with (quiet_collector(young_threshold=50_000),
                      Progress(*columns, disable=not show_progress, transient=False) as progress):
                    task = progress.add_task("replay", total=await log_pool.fetchval("SELECT count(*) FROM events"))
                    tables = await _replay_and_swap(replay, store, live, shadow, progress, task)
        except BaseException:
            await admin.execute(f"DROP SCHEMA IF EXISTS {quoted(shadow)} CASCADE")
            raise
        finally:
            await shadow_pool.close()
            await log_pool.close()
    finally:
        await admin.close()
    seconds = time.monotonic() - started
    return {"projection": f"{service} (inline)", "applied": replay.applied, "tables": tables,
            "seconds": round(seconds, 3), "events_per_second": round(replay.applied / seconds) if seconds else None}


async def _same_revision(admin: asyncpg.Connection, live: str, shadow: str) -> None:
    revisions = [await admin.fetchval(f"SELECT string_agg(version_num, ',') FROM {quoted(s)}.alembic_version")
                 for s in (live, shadow)]
    if revisions[0] != revisions[1]:
        raise RebuildRefused(f"{live} 的迁移版本为 {revisions[0]}，代码为 {revisions[1]}："
                             "先启动一次该服务完成迁移，再重建")


async def _replay_and_swap(replay: InlineReplay, store: PostgresEventStore, live: str, shadow: str,
                           progress: Progress, task) -> list[str]:
    conn = replay.conn
    for _attempt in range(_LOCK_TRIES):
        await _catch_up(replay, store, progress, task)
        try:
            async with conn.transaction():
                await conn.execute(f"SET LOCAL lock_timeout = '{_LOCK_TIMEOUT}'")
                await conn.execute(f"LOCK TABLE {quoted(live)}.events IN EXCLUSIVE MODE")
                held, cursor, applied = list(replay.held), replay.cursor, replay.applied
                try:
                    await _rest_of_the_log(replay, live, progress, task)
                    await _fed_by_the_projectors(conn, live, shadow)
                    try:
                        tables = await swap(conn, shadow, live)
                    except ModelMismatch as mismatch:
                        raise RebuildRefused(str(mismatch)) from None
                    await conn.execute(f"DROP SCHEMA {quoted(shadow)} CASCADE")
                except BaseException:
                    replay.held, replay.cursor, replay.applied = held, cursor, applied  # rolled back with it
                    raise
            return tables
        except (asyncpg.DeadlockDetectedError, asyncpg.LockNotAvailableError):
            continue
    raise RebuildRefused(f"{live} 的事件表在 {_LOCK_TRIES} 次尝试中都未能锁定（长事务？）；现有读模型未被替换")


async def _catch_up(replay: InlineReplay, store: PostgresEventStore, progress: Progress, task) -> None:
    """Replay what `read_all` returns now, one transaction per batch, while appends go on."""
    while events := await store.read_all(replay.cursor, limit=BATCH):
        cut = replay.take(events)
        try:
            async with replay.conn.transaction():
                await replay.apply(cut)
        except _Refused as failure:
            raise await replay.refused(cut, failure) from failure.error
        progress.update(task, completed=replay.applied)


async def _rest_of_the_log(replay: InlineReplay, live: str, progress: Progress, task) -> None:
    """With appends locked out nothing is in flight, so the log is read to its end, past the
    `read_all` horizon (which our own transaction would hold back)."""
    query = _AFTER.format(log=f"{quoted(live)}.events")
    while True:
        rows = await replay.conn.fetch(query, str(replay.cursor[0]), replay.cursor[1], BATCH)
        events = [RecordedEvent(**dict(r)) for r in rows]
        final = len(events) < BATCH
        cut = replay.take(events, final=final)
        try:
            async with replay.conn.transaction():  # a savepoint: a refusal names the event, then all rolls back
                await replay.apply(cut)
        except _Refused as failure:
            raise await replay.refused(cut, failure) from failure.error
        progress.update(task, completed=replay.applied)
        if final:
            progress.update(task, total=replay.applied)
            return


async def _fed_by_the_projectors(conn: asyncpg.Connection, live: str, shadow: str) -> None:
    """A table of the schema that has rows live but none rebuilt is not fed by the inline
    projectors (a replica fed from Kafka, state written beside the appends): swapping it would
    lose those rows, so nothing is swapped."""
    rebuilt = set(await read_model_tables(conn, shadow))
    for table in await read_model_tables(conn, live):
        if table not in rebuilt:
            continue  # the swap names the difference
        has = [await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {quoted(s)}.{quoted(table)})")
               for s in (live, shadow)]
        if has[0] and not has[1]:
            raise RebuildRefused(f"{live}.{table} 有数据，但重放事件后为空：它不由内联投影维护，"
                                 "重建会丢失其数据；未替换")
