"""One contract, every event store backend: the in-memory fake is held to what PostgreSQL does —
appends, one transaction across streams, inline projections and the unit of work on top."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from libs.events import NewEvent
from libs.eventstore import START, ConcurrencyError, InMemoryEventStore, NonFiniteNumber, PostgresEventStore
from libs.unit_of_work import UnitOfWork
from tests.integration.store_fixtures import store_pool
from tests.unit.libs.test_unit_of_work import CTX, logs, noted
from tests.watchpost.domain import UnitLog


def new(n: int = 1, kind: str = "shuangkong.test.Happened") -> list[NewEvent]:
    return [NewEvent(type=kind, data={"n": i, "名称": "测试"}, metadata={"actor": "p1"}) for i in range(n)]


async def append_together(store, batches) -> list[int]:
    """One `tx.append` over several streams, as a unit of work's commit makes it."""
    async with store.transaction() as tx:
        return await tx.append(batches)


@pytest.fixture(params=["memory", "postgres"])
async def any_store(request, database_url):
    if request.param == "memory":
        yield InMemoryEventStore()
        return
    pool = await store_pool(database_url)
    yield PostgresEventStore(pool)
    await pool.close()


async def test_append_then_load_returns_events_in_version_order(any_store):
    assert await any_store.append("s-1", 0, new(3)) == 3
    loaded = await any_store.load("s-1")
    assert [e.version for e in loaded] == [1, 2, 3]
    assert [e.data["n"] for e in loaded] == [0, 1, 2]
    assert loaded[0].data["名称"] == "测试" and loaded[0].metadata == {"actor": "p1"}


async def test_load_after_version_and_unknown_stream(any_store):
    await any_store.append("s-1", 0, new(3))
    assert [e.version for e in await any_store.load("s-1", after_version=2)] == [3]
    assert await any_store.load("nobody") == []


async def test_append_at_stale_version_conflicts_and_writes_nothing(any_store):
    await any_store.append("s-1", 0, new(2))
    with pytest.raises(ConcurrencyError):
        await any_store.append("s-1", 1, new(1))
    with pytest.raises(ConcurrencyError):
        await any_store.append("s-1", 5, new(1))  # ahead of the stream: also refused
    assert len(await any_store.load("s-1")) == 2


def again(event: NewEvent) -> NewEvent:
    """Another event under `event`'s id (a command retried with the ids it had drawn)."""
    return NewEvent(type="shuangkong.test.Happened", data={"n": 99}, metadata={}, event_id=event.event_id)


async def test_an_event_id_already_taken_is_a_conflict_and_writes_nothing(any_store):
    [taken] = new(1)
    await any_store.append("s-1", 0, [taken])
    with pytest.raises(ConcurrencyError):
        await any_store.append("s-2", 0, [again(taken)])  # in another stream
    with pytest.raises(ConcurrencyError):
        await any_store.append("s-1", 1, [again(taken)])  # in its own, at the right version
    [twice] = new(1)
    with pytest.raises(ConcurrencyError):
        await any_store.append("s-3", 0, [twice, again(twice)])  # twice in one batch
    with pytest.raises(ConcurrencyError):
        await any_store.append_many([("s-3", 0, [twice]), ("s-4", 0, [again(twice)])])  # in two
    assert [(e.stream_id, e.version, e.data["n"]) for e in await any_store.read_all()] == [("s-1", 1, 0)]


async def test_of_two_transactions_appending_one_event_id_the_second_to_commit_conflicts(any_store):
    [event] = new(1)
    first_done = asyncio.Event()

    async def second() -> None:
        async with any_store.transaction() as tx:
            await tx.append([("s-2", 0, [again(event)])])  # PostgreSQL: waits here for the first
            await first_done.wait()  # in memory: the first commits meanwhile

    async with any_store.transaction() as tx:
        await tx.append([("s-1", 0, [event])])
        racing = asyncio.create_task(second())
        await asyncio.sleep(0.2)
    first_done.set()
    with pytest.raises(ConcurrencyError):
        await racing
    assert [e.stream_id for e in await any_store.read_all()] == ["s-1"]


async def test_read_all_is_ordered_and_resumable(any_store):
    await any_store.append("a", 0, new(2))
    await any_store.append("b", 0, new(2))
    everything = await any_store.read_all(START, 100)
    assert [(e.stream_id, e.version) for e in everything] == [("a", 1), ("a", 2), ("b", 1), ("b", 2)]
    rest = await any_store.read_all(everything[1].cursor, 100)
    assert [(e.stream_id, e.version) for e in rest] == [("b", 1), ("b", 2)]
    assert len(await any_store.read_all(START, 3)) == 3


async def test_concurrent_writers_on_one_stream_exactly_one_wins_each_version(any_store):
    await any_store.append("hot", 0, new(1))

    async def attempt():
        try:
            await any_store.append("hot", 1, new(1))
            return True
        except ConcurrencyError:
            return False

    results = await asyncio.gather(*[attempt() for _ in range(8)])
    assert results.count(True) == 1
    assert [e.version for e in await any_store.load("hot")] == [1, 2]


async def test_one_append_over_several_streams_writes_them_in_one_transaction(any_store):
    await any_store.append("s-2", 0, new(1))
    assert await append_together(any_store, [("s-1", 0, new(2)), ("s-2", 1, new(1)), ("s-3", 0, [])]) == [2, 2, 0]
    assert [e.version for e in await any_store.load("s-1")] == [1, 2]
    assert [e.version for e in await any_store.load("s-2")] == [1, 2]
    tx_ids = {e.tx_id for e in await any_store.read_all() if e.stream_id in ("s-1", "s-2") and e.version == 2}
    assert len(tx_ids) == 1  # one transaction: readers see all of it or none


async def test_one_append_over_several_streams_with_one_stale_writes_nothing(any_store):
    await any_store.append("s-2", 0, new(1))
    with pytest.raises(ConcurrencyError):
        await append_together(any_store, [("s-1", 0, new(2)), ("s-2", 0, new(1))])
    assert await any_store.load("s-1") == []
    assert len(await any_store.load("s-2")) == 1


async def test_concurrent_appends_over_the_same_streams_in_any_order_exactly_one_wins(any_store):
    async def attempt(order):
        try:
            await append_together(any_store, [(s, 0, new(1)) for s in order])
            return True
        except ConcurrencyError:
            return False

    wins = await asyncio.gather(*(attempt(["a", "b", "c"] if i % 2 else ["c", "b", "a"]) for i in range(6)))
    assert sum(wins) == 1
    assert [len(await any_store.load(s)) for s in "abc"] == [1, 1, 1]


@pytest.mark.parametrize("data, path", [
    ({"q": float("nan")}, "q"),
    ({"outline": [[0.0, 1.0], [float("inf"), 2.0]]}, "outline.1.0"),
    ({"lec": {"major": -float("inf")}}, "lec.major"),
])
async def test_a_non_finite_number_is_refused_and_nothing_is_written(any_store, data, path):
    # jsonb has no NaN or inf: orjson would write null and the event would read back changed.
    events = [NewEvent(type="shuangkong.test.Happened", data={"ok": 1.5}, metadata={}),
              NewEvent(type="shuangkong.test.Happened", data=data, metadata={})]
    with pytest.raises(NonFiniteNumber) as refused:
        await any_store.append("s-1", 0, events)
    assert refused.value.field == path
    assert await any_store.load("s-1") == []


# --- One transaction across streams, inline projections, the unit of work: on both backends. ---

class NameTaken(Exception):
    """What the fake and the SQL inline read model both raise to refuse an append."""


@dataclass
class Projected:
    """A store with one inline read model — every stream's name, unique — and how to read it."""

    store: object
    names: Callable[[], Awaitable[dict[str, str]]]  # committed name → stream id


def named(stream: str, name: str) -> list[NewEvent]:
    return [NewEvent(type="shuangkong.test.Named", data={"name": name}, metadata={"actor": "p1"})]


@pytest.fixture(params=["memory", "postgres"])
async def projected(request, database_url):
    if request.param == "memory":
        names: dict[str, str] = {}

        def unique_names(recorded):  # fakes check, then write
            new = [(e.data["name"], e.stream_id) for e in recorded]
            if any(name in names for name, _ in new):
                raise NameTaken()
            names.update(new)

        async def read():
            return dict(names)

        yield Projected(InMemoryEventStore(inline=[unique_names]), read)
        return
    pool = await store_pool(database_url)
    await pool.execute("CREATE TABLE names (name text PRIMARY KEY, stream_id text NOT NULL)")

    async def unique_names_sql(conn, recorded):
        taken = await conn.fetchval(
            """WITH new AS (INSERT INTO names SELECT * FROM unnest($1::text[], $2::text[])
                            ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM new""",
            [e.data["name"] for e in recorded], [e.stream_id for e in recorded])
        if taken != len(recorded):
            raise NameTaken()

    async def read_sql():
        return {r["name"]: r["stream_id"] for r in await pool.fetch("SELECT * FROM names")}

    yield Projected(PostgresEventStore(pool, inline=[unique_names_sql]), read_sql)
    await pool.close()


async def test_a_transaction_commits_appends_to_several_streams_together(projected):
    store = projected.store
    async with store.transaction() as tx:
        assert await tx.append([("s-1", 0, named("s-1", "一班"))]) == [1]
        assert await tx.append([("s-2", 0, named("s-2", "二班")), ("s-3", 0, named("s-3", "三班"))]) == [1, 1]
    written = await store.read_all()
    assert sorted(e.stream_id for e in written) == ["s-1", "s-2", "s-3"]
    assert len({e.tx_id for e in written}) == 1
    assert await projected.names() == {"一班": "s-1", "二班": "s-2", "三班": "s-3"}


async def test_one_stale_expected_version_refuses_the_whole_transaction_with_its_inline_rows(projected):
    store = projected.store
    await store.append("s-2", 0, named("s-2", "二班"))
    with pytest.raises(ConcurrencyError):
        async with store.transaction() as tx:
            await tx.append([("s-1", 0, named("s-1", "一班"))])
            await tx.append([("s-2", 0, named("s-2", "新二班"))])
    assert await store.load("s-1") == []
    assert len(await store.load("s-2")) == 1
    assert await projected.names() == {"二班": "s-2"}


async def test_an_inline_projection_sees_the_events_and_its_refusal_writes_nothing(projected):
    store = projected.store
    await store.append("s-1", 0, named("s-1", "一班"))
    with pytest.raises(NameTaken):
        await append_together(store, [("s-2", 0, named("s-2", "二班")), ("s-3", 0, named("s-3", "一班"))])
    assert [e.stream_id for e in await store.read_all()] == ["s-1"]
    assert await projected.names() == {"一班": "s-1"}


async def test_work_registered_with_also_rolls_back_with_the_appends(projected):
    store = projected.store

    async def fails(tx):
        raise RuntimeError("the inbox row could not be written")

    uow = UnitOfWork(store, CTX)
    uow.save(logs(store), noted("u1", "一班"))
    uow.also(fails)
    with pytest.raises(RuntimeError):
        await uow.commit()
    assert await store.read_all() == []


async def test_a_unit_of_work_with_one_stale_aggregate_saves_none(projected):
    store = projected.store
    await logs(store).save(noted("u2", "二班"), CTX)
    stale = UnitLog.rehydrate("u2", [])
    stale.note_name("e-1", "三班")
    uow = UnitOfWork(store, CTX)
    uow.save(logs(store), noted("u1", "一班"))
    uow.save(logs(store), stale)
    with pytest.raises(ConcurrencyError):
        await uow.commit()
    assert [e.stream_id for e in await store.read_all()] == ["unitlog-u2"]


# --- PostgreSQL only: a connection to share. ---

async def test_also_writes_on_the_appends_transaction_and_rolls_back_with_a_stale_one(database_url):
    pool = await store_pool(database_url)
    await pool.execute("CREATE TABLE notes (text text)")
    store = PostgresEventStore(pool)

    def note(text):
        async def write(tx):
            await tx.connection.execute("INSERT INTO notes VALUES ($1)", text)
        return write

    uow = UnitOfWork(store, CTX)
    uow.save(logs(store), noted("u1", "一班"))
    uow.also(note("kept"))
    await uow.commit()
    uow = UnitOfWork(store, CTX)
    uow.save(logs(store), noted("u1", "重复"))  # decided on version 0; the stream is at 1
    uow.also(note("rolled back"))
    with pytest.raises(ConcurrencyError):
        await uow.commit()
    assert [r["text"] for r in await pool.fetch("SELECT text FROM notes")] == ["kept"]
    await pool.close()


async def test_joining_a_callers_transaction_commits_nothing_until_the_caller_does(database_url):
    pool = await store_pool(database_url)
    woken = []
    store = PostgresEventStore(pool, on_append=lambda: woken.append(1))
    async with pool.acquire() as conn:
        for outcome in ("rolled back", "committed"):
            tx = conn.transaction()
            await tx.start()
            uow = UnitOfWork(store, CTX, connection=conn)
            uow.save(logs(store), noted("u1", "一班"))
            await uow.commit()
            assert await store.load("unitlog-u1") == [], "another connection sees nothing yet"
            assert len(await conn.fetch("SELECT * FROM events")) == 1, "the caller's transaction does"
            await (tx.rollback() if outcome == "rolled back" else tx.commit())
    assert len(await store.load("unitlog-u1")) == 1
    await pool.close()
