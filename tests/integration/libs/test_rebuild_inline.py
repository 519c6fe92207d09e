"""`libs.inline_rebuild` on a small service of its own (tallies): every kind of object of a read
model comes across the swap and keeps working (enum, trigger and its function, view, identity,
a sequence no column owns, foreign keys, indexes, constraints); each projector call during the
replay gets the batch it got at append time, even when a read batch cuts an append in two; a
refused event is named, inside its append; a table no projector feeds, or a Kafka projection in
the log's schema, is refused before anything is swapped."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest

from libs import inline_rebuild
from libs.config import Settings
from libs.db import create_pool
from libs.errors import Conflict
from libs.events import NewEvent, RecordedEvent
from libs.eventstore import PostgresEventStore
from libs.inline_rebuild import RebuildRefused, rebuild_inline
from libs.migrations import upgrade_async
from libs.rebuild import rebuild_service
from libs.service import ServiceSpec
from tests.integration import rebuild_dump

SCHEMA = "tally"
MIGRATIONS = Path(__file__).parent / "rebuild_tally_migrations"


async def tally(conn: asyncpg.Connection, recorded: list[RecordedEvent]) -> None:
    """The inline projector: each event adds `n` to its stream's tally and takes a receipt."""
    await conn.execute("INSERT INTO projector_calls VALUES ($1, $2, $3)",
                       recorded[0].stream_id, recorded[0].version, len(recorded))
    for r in recorded:
        await conn.execute(
            """INSERT INTO tallies (id, total, kind) VALUES ($1, $2, 'small')
               ON CONFLICT (id) DO UPDATE SET total = tallies.total + $2,
                   kind = CASE WHEN tallies.total + $2 > 10 THEN 'large'::tally_kind ELSE 'small' END""",
            r.stream_id, r.data["n"])
        await conn.execute("INSERT INTO receipts (tally_id, event_id) VALUES ($1, $2)", r.stream_id, r.event_id)


async def strict_tally(conn: asyncpg.Connection, recorded: list[RecordedEvent]) -> None:
    """The projector as a later rule has it: a poisoned event is refused."""
    for r in recorded:
        if r.data.get("poison"):
            raise Conflict("该事件违反后来的规则")
    await tally(conn, recorded)


def added(n: int, **extra) -> NewEvent:
    return NewEvent(event_id=uuid.uuid4(), type="test.tally.Added", schema_version=1, data={"n": n, **extra},
                    metadata={"enterprise_id": "ent-1", "actor": "tester"})


@pytest.fixture
async def live(database_url):
    """The tally service's schema, migrated, with a store that projects inline; its history:
    single appends, multi-stream transactions, and appends of five events."""
    await upgrade_async(MIGRATIONS, database_url, SCHEMA)
    pool = await create_pool(database_url, SCHEMA)
    store = PostgresEventStore(pool, [tally])
    versions: dict[str, int] = {}

    async def append(*batches: tuple[str, list[NewEvent]]) -> None:
        async with store.transaction() as tx:
            new = await tx.append([(s, versions.get(s, 0), events) for s, events in batches])
        versions.update(zip([s for s, _ in batches], new, strict=True))

    for i in range(12):
        await append((f"tally-{i % 4}", [added(i)]))
    for i in range(3):
        await append((f"tally-{i}", [added(1), added(2)]), (f"tally-{i + 5}", [added(3)]))
    await append(("tally-9", [added(n) for n in range(5)]))
    conn = await asyncpg.connect(database_url)
    try:
        yield Live(Settings(database_url=database_url), store, conn, append)
    finally:
        await conn.close()
        await pool.close()


@dataclass
class Live:
    settings: Settings
    store: PostgresEventStore
    conn: asyncpg.Connection
    append: object
    extra: dict = field(default_factory=dict)


async def test_every_object_of_the_read_model_comes_across(live, monkeypatch):
    monkeypatch.setattr(inline_rebuild, "BATCH", 3)  # read batches cut the appends of two and five events
    rows, structure = await rebuild_dump.rows(live.conn, SCHEMA), await rebuild_dump.structure(live.conn, SCHEMA)
    receipt = await live.conn.fetchval("SELECT max(receipt) FROM tally.receipts")

    result = await rebuild_inline(SCHEMA, MIGRATIONS, [tally], live.settings, show_progress=False)

    assert result["applied"] == 12 + 3 * 3 + 5
    assert set(result["tables"]) == {"tallies", "receipts", "projector_calls", "notes"}
    assert await rebuild_dump.rows(live.conn, SCHEMA) == rows  # projector_calls included: the same batches
    assert await rebuild_dump.structure(live.conn, SCHEMA) == structure
    objects = {r[0]: r[1] for r in await live.conn.fetch(
        """SELECT n.nspname || '.' || x.name, x.kind FROM (
               SELECT typnamespace, typname, 'type' FROM pg_type WHERE typname = 'tally_kind'
               UNION ALL SELECT pronamespace, proname, 'function' FROM pg_proc WHERE proname = 'count_touches'
               UNION ALL SELECT relnamespace, relname, relkind::text FROM pg_class
                         WHERE relname IN ('large_tallies', 'receipt_numbers')) x(ns, name, kind)
           JOIN pg_namespace n ON n.oid = x.ns""")}
    assert objects == {"tally.tally_kind": "type", "tally.count_touches": "function", "tally.large_tallies": "v",
                       "tally.receipt_numbers": "S"}
    assert await live.conn.fetchval("SELECT to_regnamespace('tally_rebuild')") is None

    # The live store projects into the swapped-in tables: the trigger fires, the sequence goes on.
    touched = await live.conn.fetchval("SELECT touched FROM tally.tallies WHERE id = 'tally-9'")
    await live.append(("tally-9", [added(20)]))
    assert await live.conn.fetchrow("SELECT total, kind::text, touched FROM tally.tallies WHERE id = 'tally-9'") \
        == (30, "large", touched + 1)
    assert await live.conn.fetchval("SELECT max(receipt) FROM tally.receipts") == receipt + 1
    assert await live.conn.fetchval("SELECT count(*) FROM tally.large_tallies") >= 1


async def test_a_refused_event_is_named_inside_its_append(live):
    await live.append(("tally-p", [added(1), added(2, poison=True), added(3)]))  # accepted by the rule of then
    poisoned = await live.conn.fetchval("SELECT event_id FROM tally.events WHERE data ? 'poison'")
    before = await rebuild_dump.rows(live.conn, SCHEMA)

    with pytest.raises(RebuildRefused) as refused:
        await rebuild_inline(SCHEMA, MIGRATIONS, [strict_tally], live.settings, show_progress=False)

    message = str(refused.value)
    assert f"event_id {poisoned}" in message and "流 tally-p 第 2 版" in message
    assert "该事件违反后来的规则" in message and "未被替换" in message
    assert await rebuild_dump.rows(live.conn, SCHEMA) == before
    assert await live.conn.fetchval("SELECT to_regnamespace('tally_rebuild')") is None


async def test_a_table_no_projector_feeds_is_not_wiped(live):
    await live.conn.execute("INSERT INTO tally.notes VALUES ('kept beside the appends')")
    before = await rebuild_dump.rows(live.conn, SCHEMA)

    with pytest.raises(RebuildRefused, match="tally.notes 有数据，但重放事件后为空"):
        await rebuild_inline(SCHEMA, MIGRATIONS, [tally], live.settings, show_progress=False)

    assert await rebuild_dump.rows(live.conn, SCHEMA) == before


async def test_a_live_schema_behind_its_migrations_is_refused(live):
    await live.conn.execute("UPDATE tally.alembic_version SET version_num = '0001'")
    with pytest.raises(RebuildRefused, match="迁移版本为 0001，代码为 0002"):
        await rebuild_inline(SCHEMA, MIGRATIONS, [tally], live.settings, show_progress=False)


@dataclass
class ProjectionInTheLogSchema:
    name: str = "tally-feed"
    schema: str = SCHEMA
    topics: list[str] = field(default_factory=lambda: ["t.none"])
    migrations: Path = MIGRATIONS

    async def apply(self, conn, event) -> None: ...


async def test_a_kafka_projection_in_the_schema_of_a_log_is_refused(live):
    """Its rebuild swaps whole schemas: it would drop the log."""
    spec = ServiceSpec(name=SCHEMA, title="tally", migrations=MIGRATIONS, routers=[],
                       projections=lambda _settings: [ProjectionInTheLogSchema()])
    events = await live.conn.fetchval("SELECT count(*) FROM tally.events")
    with pytest.raises(RebuildRefused, match="与事件存储同在 schema tally"):
        await rebuild_service(spec, live.settings, show_progress=False)
    assert await live.conn.fetchval("SELECT count(*) FROM tally.events") == events


async def test_a_service_never_started_and_a_second_rebuild_are_refused(live):
    with pytest.raises(RebuildRefused, match="尚无数据库 schema"):
        await rebuild_inline("tally_never", MIGRATIONS, [tally], live.settings, show_progress=False)
    await live.conn.execute("SELECT pg_advisory_lock(hashtext('sk-rebuild:tally'))")  # a rebuild running
    with pytest.raises(RebuildRefused, match="正在由另一次重建处理"):
        await rebuild_inline(SCHEMA, MIGRATIONS, [tally], live.settings, show_progress=False)
    assert await live.conn.fetchval("SELECT to_regnamespace('tally_rebuild')") is None
