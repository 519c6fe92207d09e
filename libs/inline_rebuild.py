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
   schema (libs/read_model.py), with the grants the live schema gives (libs/grants.py: the
   moved tables were made by the owner in the shadow schema, granted to no one). A read sees
   the old model or the new one, never a mix. A rebuild is the owner's work: it connects with
   `Settings.owner_database_url()`.

A projector refusing committed history (a cross-aggregate check, a unique index) is first taken
for a race whose order of commits the log's order does not show (libs/inline_replay.py); history
it still refuses stops the rebuild before the swap with `RebuildRefused` naming the event, and
the live model stays as it was.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import asyncpg
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from libs.collector import quiet_collector
from libs.config import Settings
from libs.db import create_pool
from libs.events import RecordedEvent
from libs.eventstore import PostgresEventStore
from libs.eventstore.postgres import InlineProjector
from libs.grants import grant_schema, grantees
from libs.inline_replay import InlineReplay, RebuildRefused
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


async def rebuild_inline(service: str, migrations: Path, inline: Sequence[InlineProjector], settings: Settings,
                         show_progress: bool = True) -> dict:
    live, shadow = service, f"{service}_rebuild"
    url = settings.owner_database_url()
    started = time.monotonic()
    admin = await asyncpg.connect(url)
    try:
        if not await admin.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", f"sk-rebuild:{live}"):
            raise RebuildRefused(f"{live} 的读模型正在由另一次重建处理；未重建")  # the lock goes with `admin`
        if await admin.fetchval("SELECT to_regclass($1)", f"{quoted(live)}.alembic_version") is None:
            raise RebuildRefused(f"{live} 尚无数据库 schema（服务从未启动）；无可重建")
        try:
            await admin.execute(f"DROP SCHEMA IF EXISTS {quoted(shadow)} CASCADE")
            await upgrade_async(migrations, url, shadow)
            await _same_revision(admin, live, shadow)
            replay, tables, locked = await _rebuild(service, inline, url, shadow, show_progress)
        except BaseException:
            await admin.execute(f"DROP SCHEMA IF EXISTS {quoted(shadow)} CASCADE")
            raise
    finally:
        await admin.close()
    seconds = time.monotonic() - started
    return {"projection": f"{service} (inline)", "applied": replay.applied, "tables": tables,
            "seconds": round(seconds, 3), "appends_held_seconds": round(locked, 3),
            "events_per_second": round(replay.applied / seconds) if seconds else None}


async def _rebuild(service: str, inline: Sequence[InlineProjector], url: str, shadow: str,
                   show_progress: bool) -> tuple[InlineReplay, list[str], float]:
    log_pool = await create_pool(url, service, max_size=1)
    shadow_pool = await create_pool(url, shadow, min_size=1, max_size=1)
    try:
        async with shadow_pool.acquire() as conn:
            replay = InlineReplay(service, inline, conn)
            columns = (TextColumn(f"rebuild {service} (inline)"), BarColumn(), MofNCompleteColumn(),
                       TimeElapsedColumn())
            with (quiet_collector(young_threshold=50_000),
                  Progress(*columns, disable=not show_progress, transient=False) as progress):
                task = progress.add_task("replay", total=await log_pool.fetchval("SELECT count(*) FROM events"))
                tables, locked = await _replay_and_swap(replay, PostgresEventStore(log_pool), service, shadow,
                                                        progress, task)
        return replay, tables, locked
    finally:
        await shadow_pool.close()
        await log_pool.close()


async def _same_revision(admin: asyncpg.Connection, live: str, shadow: str) -> None:
    revisions = [await admin.fetchval(f"SELECT string_agg(version_num, ',') FROM {quoted(s)}.alembic_version")
                 for s in (live, shadow)]
    if revisions[0] != revisions[1]:
        raise RebuildRefused(f"{live} 的迁移版本为 {revisions[0]}，代码为 {revisions[1]}："
                             "先启动一次该服务完成迁移，再重建")


async def _replay_and_swap(replay: InlineReplay, store: PostgresEventStore, live: str, shadow: str,
                           progress: Progress, task: TaskID) -> tuple[list[str], float]:
    """The swap's tables, and how long appends were held back."""
    conn = replay.conn
    for _attempt in range(_LOCK_TRIES):
        await _catch_up(replay, store, progress, task)
        try:
            async with conn.transaction():
                await conn.execute(f"SET LOCAL lock_timeout = '{_LOCK_TIMEOUT}'")
                await conn.execute(f"LOCK TABLE {quoted(live)}.events IN EXCLUSIVE MODE")
                locked = time.monotonic()
                state = replay.state()
                try:
                    await _rest_of_the_log(replay, live, progress, task)
                    await _fed_by_the_projectors(conn, live, shadow)
                    try:
                        tables = await swap(conn, shadow, live)
                    except ModelMismatch as mismatch:
                        raise RebuildRefused(str(mismatch)) from None
                    for role in await grantees(conn, live):
                        await grant_schema(conn, live, role)
                    await conn.execute(f"DROP SCHEMA {quoted(shadow)} CASCADE")
                except BaseException:
                    replay.restore(state)  # rolled back with the transaction
                    raise
            return tables, time.monotonic() - locked
        except (asyncpg.DeadlockDetectedError, asyncpg.LockNotAvailableError):
            continue
    raise RebuildRefused(f"{live} 的事件表在 {_LOCK_TRIES} 次尝试中都未能锁定（长事务？）；现有读模型未被替换")


async def _catch_up(replay: InlineReplay, store: PostgresEventStore, progress: Progress, task: TaskID) -> None:
    """Replay what `read_all` returns now, one transaction per batch, while appends go on."""
    while events := await store.read_all(replay.cursor, limit=BATCH):
        await replay.feed(replay.take(events))
        progress.update(task, completed=replay.applied)


async def _rest_of_the_log(replay: InlineReplay, live: str, progress: Progress, task: TaskID) -> None:
    """With appends locked out nothing is in flight, so the log is read to its end, past the
    `read_all` horizon (which our own transaction would hold back)."""
    query = _AFTER.format(log=f"{quoted(live)}.events")
    while True:
        rows = await replay.conn.fetch(query, str(replay.cursor[0]), replay.cursor[1], BATCH)
        events = [RecordedEvent(**dict(r)) for r in rows]
        final = len(events) < BATCH
        await replay.feed(replay.take(events, final=final), final=final)  # savepoints in the locked transaction
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
