"""A consumer that loses a race tries the event again, on fresh state, in a new transaction — it is
never dead-lettered for it, and its effect happens once: on the real broker and PostgreSQL.

The reactor is the test-only watchpost's (tests/watchpost): its reaction loads a unit's log book,
notes the name and appends, and meanwhile another writer appends to the same book (deterministically
in one test, as fast as it can in the other). A real deadlock and a budget that runs out are shown
on a bare consumer."""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
import uuid
from collections import Counter
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
from faststream.kafka import KafkaBroker

from libs.cloudevent import InboundEvent, dlq_for, topic_for
from libs.consumer import CONFLICTS, DEAD_LETTERED, ProjectionConsumer
from libs.db import create_pool
from libs.eventstore.port import ConcurrencyError
from libs.eventstore.schema import INBOX_V1
from libs.kafka import ensure_topics
from libs.reactor import Reactor
from libs.repository import CommandContext, Repository
from libs.service import build_app
from libs.unit_of_work import UnitOfWork
from tests.integration import service_client
from tests.integration.libs.test_consumer import message
from tests.integration.service_client import running, settings_for
from tests.kafka_records import read_records
from tests.watchpost.app import NAME, SPEC, R
from tests.watchpost.domain import REGISTRY, UnitLog
from tests.watchpost.registry_events import publish_registry, unit_event

LOGS = "watchpost-logs"
OTHER_WRITER = CommandContext(actor="p-other", enterprise_id="ent-1", correlation_id="corr-other")


def metric(counter, *labels: str) -> float:
    return counter.labels(*labels)._value.get()



async def until(predicate, seconds: float = 30.0):  # reactions retried on fresh state take longer
    return await service_client.until(predicate, seconds)


def overtaken_logs(overtakes: int, tries: list[uuid.UUID]):
    """The watchpost's reactor to renames, except that, for its first `overtakes` tries, another
    writer notes a name on the same log book between the reaction's load and its append."""

    def reactors(app, store) -> list[Reactor]:
        logs = Repository(store, REGISTRY, UnitLog, "unitlog", service=NAME)
        reactor = Reactor(LOGS, store, [topic_for("risk_registry", app.state.settings.topic_prefix)], schema=NAME)

        @reactor.on(R + "OrgUnitRenamed")
        async def note_the_name(event: InboundEvent, uow: UnitOfWork) -> None:
            tries.append(event.event_id)
            log = await logs.get(event.data["unit_id"])
            log.note_name(event.data["enterprise_id"], event.data["name"])
            uow.save(logs, log)
            if len(tries) <= overtakes:  # committed on another connection, before this reaction's append
                other = await logs.get(event.data["unit_id"])
                other.note_name("ent-1", f"插队{len(tries)}")
                await logs.save(other, OTHER_WRITER)

        return [reactor]

    return reactors


async def reactions(pool: asyncpg.Pool) -> list[asyncpg.Record]:
    return await pool.fetch("SELECT version, data->>'name' AS name, metadata->>'causation_id' AS cause "
                            "FROM watchpost.events WHERE stream_id = 'unitlog-u1' ORDER BY version")


async def test_a_reaction_overtaken_three_times_is_tried_on_fresh_state_and_lands_once(
        runtime, database_url, topic_prefix):
    # Two attempts at most: had the three conflicts counted, the event would be in the DLQ.
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, consumer_max_attempts=2)
    topic = topic_for("risk_registry", topic_prefix)
    tries: list[uuid.UUID] = []
    spec = dataclasses.replace(SPEC, projections=lambda _settings: [], reactors=overtaken_logs(3, tries))
    renamed = unit_event("OrgUnitRenamed", "u1", 2, name="甲班")
    conflicts, dead = metric(CONFLICTS, LOGS), metric(DEAD_LETTERED, LOGS, topic)
    app = build_app(spec, settings)
    async with running(app):
        pool = app.state.pool
        opened = UnitLog("u1")
        opened.note_name("ent-1", "一班")
        await Repository(app.state.store, REGISTRY, UnitLog, "unitlog", service=NAME).save(opened, OTHER_WRITER)
        await publish_registry(settings, [renamed])
        await until(lambda: pool.fetchval(f"SELECT count(*) = 1 FROM inbox WHERE consumer = '{LOGS}'"))
        await asyncio.sleep(0.3)  # a second reaction would have had time to land
        book = [tuple(r) for r in await reactions(pool)]

    assert tries == [renamed.event_id] * 4, "three races lost, the fourth try won"
    assert book == [(1, "一班", None), (2, "插队1", None), (3, "插队2", None), (4, "插队3", None),
                    (5, "甲班", str(renamed.event_id))], "decided on fresh state each time; the effect once"
    assert metric(CONFLICTS, LOGS) - conflicts == 3
    assert metric(DEAD_LETTERED, LOGS, topic) - dead == 0


async def test_a_reactor_racing_busy_writers_on_one_stream_reacts_once_to_each_event(
        runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, consumer_max_attempts=1)
    topic = topic_for("risk_registry", topic_prefix)
    created = unit_event("OrgUnitCreated", "u1", 1, kind="team", name="一班", parent_id=None)
    renames = [unit_event("OrgUnitRenamed", "u1", v, name=f"名{v}") for v in range(2, 42)]
    conflicts, dead = metric(CONFLICTS, LOGS), metric(DEAD_LETTERED, LOGS, topic)
    app = build_app(dataclasses.replace(SPEC, projections=lambda _settings: []), settings)
    async with running(app):
        pool = app.state.pool
        logs = Repository(app.state.store, REGISTRY, UnitLog, "unitlog", service=NAME)
        await publish_registry(settings, [created])
        await until(lambda: pool.fetchval(f"SELECT count(*) = 1 FROM inbox WHERE consumer = '{LOGS}'"))
        done = asyncio.Event()
        writes = Counter[str]()

        async def busy_writer() -> None:
            # Another writer of the same log book (three of them): load, note, append, as fast as it can.
            while not done.is_set():
                log = await logs.get("u1")
                log.note_name("ent-1", f"插队{writes['won']}")
                try:
                    await logs.save(log, OTHER_WRITER)
                    writes["won"] += 1
                except ConcurrencyError:
                    writes["lost"] += 1
                await asyncio.sleep(random.uniform(0, 0.004))

        writers = [asyncio.create_task(busy_writer()) for _ in range(3)]
        started = time.monotonic()
        try:
            await publish_registry(settings, renames)
            await until(lambda: pool.fetchval(f"SELECT count(*) = 41 FROM inbox WHERE consumer = '{LOGS}'"), 120)
        finally:
            done.set()
            await asyncio.gather(*writers)
        elapsed = time.monotonic() - started
        await asyncio.sleep(0.3)
        book = await reactions(pool)

    lost = metric(CONFLICTS, LOGS) - conflicts
    print(f"{len(renames)} reactions beside {writes['won']} other appends to their stream in {elapsed:.1f}s: "
          f"{lost:.0f} races lost by the reactor, {writes['lost']} by the other writers")
    causes = Counter(r["cause"] for r in book if r["cause"] is not None)
    assert causes == Counter({str(e.event_id): 1 for e in [created, *renames]}), "each reacted to, once"
    assert lost > 0, "the reactor did lose races (else this test proved nothing)"
    assert metric(DEAD_LETTERED, LOGS, topic) - dead == 0
    assert [r["version"] for r in book] == list(range(1, len(book) + 1))


# --- A bare consumer: a real deadlock, and a budget that runs out. ---

@dataclass
class Contested:
    """Notes, one row per event, each applied in a transaction of its own. An event marked
    `deadlock` first deadlocks with another writer (PostgreSQL aborts this side); one marked
    `conflicts` loses a race every time."""

    topics: list[str]
    database_url: str
    name: str = "contested"
    schema: str = "contested"
    migrations: Path = Path(".")
    one_event_per_transaction = True
    tries: dict = field(default_factory=lambda: Counter())
    times: list = field(default_factory=list)
    other: asyncio.Task | None = None

    async def apply(self, conn, event) -> None:
        self.tries[event.event_id] += 1
        self.times.append(time.monotonic())
        if event.data.get("conflicts"):
            raise ConcurrencyError("note-1", 0)
        if event.data.get("deadlock") and self.tries[event.event_id] == 1:
            await self._deadlock(conn)
        await conn.execute("INSERT INTO notes (event_id, text) VALUES ($1, $2)", event.event_id, event.data["text"])

    async def _deadlock(self, conn) -> None:
        await conn.execute("SELECT * FROM locks WHERE id = 1 FOR UPDATE")
        other = await asyncpg.connect(self.database_url)
        tx = other.transaction()
        await tx.start()
        await other.execute("SELECT * FROM contested.locks WHERE id = 2 FOR UPDATE")

        async def close_the_cycle() -> None:
            await asyncio.sleep(0.3)  # this side has waited longer: its backend finds the cycle and yields
            await other.execute("SELECT * FROM contested.locks WHERE id = 1 FOR UPDATE")
            await tx.commit()
            await other.close()

        self.other = asyncio.create_task(close_the_cycle())
        await conn.execute("SELECT * FROM locks WHERE id = 2 FOR UPDATE")


@asynccontextmanager
async def consuming(runtime, database_url, topic_prefix, **overrides):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, **overrides)
    topic = f"{topic_prefix}contested"
    await ensure_topics(runtime.bootstrap, [topic, dlq_for(topic)], 1)
    pool = await create_pool(database_url, "contested")
    await pool.execute("CREATE SCHEMA contested")
    for statement in INBOX_V1:
        await pool.execute(statement)
    await pool.execute("CREATE TABLE notes (event_id uuid PRIMARY KEY, text text)")
    await pool.execute("CREATE TABLE locks (id int PRIMARY KEY); INSERT INTO locks VALUES (1), (2)")
    projection = Contested(topics=[topic], database_url=database_url)
    broker = KafkaBroker(runtime.bootstrap, logger=None)
    ProjectionConsumer(projection, pool, broker, settings)
    await broker.start()

    async def publish(data: dict) -> uuid.UUID:
        key, value, headers = message(data)
        await broker.publish(value, topic=topic, key=key, headers={k: v.decode() for k, v in headers})
        return uuid.UUID(dict(headers)["ce_id"].decode())

    try:
        yield projection, pool, publish, topic
    finally:
        await broker.stop()
        await pool.close()


async def test_a_deadlock_postgresql_breaks_by_aborting_the_consumer_is_tried_again_not_dead_lettered(
        runtime, database_url, topic_prefix):
    async with consuming(runtime, database_url, topic_prefix, consumer_max_attempts=1) as (
            projection, pool, publish, topic):
        conflicts, dead = metric(CONFLICTS, "contested"), metric(DEAD_LETTERED, "contested", topic)
        event_id = await publish({"text": "交接班", "deadlock": True})
        await until(lambda: pool.fetchval("SELECT count(*) = 1 FROM notes"))
        await projection.other  # the other writer won the deadlock and committed
        assert await pool.fetchval("SELECT count(*) FROM inbox") == 1
    assert projection.tries == {event_id: 2}
    assert metric(CONFLICTS, "contested") - conflicts == 1
    assert metric(DEAD_LETTERED, "contested", topic) - dead == 0


async def test_an_event_still_conflicting_when_its_budget_is_spent_counts_attempts_and_is_dead_lettered(
        runtime, database_url, topic_prefix):
    async with consuming(runtime, database_url, topic_prefix, consumer_max_attempts=2,
                         consumer_conflict_budget_s=0.5) as (projection, pool, publish, topic):
        conflicts = metric(CONFLICTS, "contested")
        event_id = await publish({"text": "巡检", "conflicts": True})
        last = await publish({"text": "交接班"})
        [letter] = await read_records(runtime.bootstrap, dlq_for(topic), lambda got: len(got) >= 1)
        await until(lambda: pool.fetchval("SELECT count(*) = 1 FROM notes"))
    headers = dict(letter.headers)
    assert headers["ce_id"].decode() == str(event_id)
    assert headers["sk_dlq_reason"].decode() == "ConcurrencyError: stream note-1 is no longer at version 0"
    assert headers["sk_dlq_attempts"] == b"2", "the budget's tries counted none; then two attempts"
    tries = projection.tries[event_id]
    assert tries > 4, "tried again and again within the budget"
    assert metric(CONFLICTS, "contested") - conflicts == tries
    assert projection.times[tries - 1] - projection.times[0] >= 0.5, "for the whole budget"
    assert projection.tries[last] == 1, "the consumer carried on"
