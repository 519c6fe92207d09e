"""One contract, every event store backend: the in-memory fake is held to what PostgreSQL does."""

from __future__ import annotations

import asyncio

import pytest

from libs.events import NewEvent
from libs.eventstore import START, ConcurrencyError, InMemoryEventStore, NonFiniteNumber, PostgresEventStore
from tests.integration.store_fixtures import store_pool


def new(n: int = 1, kind: str = "shuangkong.test.Happened") -> list[NewEvent]:
    return [NewEvent(type=kind, data={"n": i, "名称": "测试"}, metadata={"actor": "p1"}) for i in range(n)]


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


async def test_append_many_writes_every_stream_in_one_transaction(any_store):
    await any_store.append("s-2", 0, new(1))
    assert await any_store.append_many([("s-1", 0, new(2)), ("s-2", 1, new(1)), ("s-3", 0, [])]) == [2, 2, 0]
    assert [e.version for e in await any_store.load("s-1")] == [1, 2]
    assert [e.version for e in await any_store.load("s-2")] == [1, 2]
    tx_ids = {e.tx_id for e in await any_store.read_all() if e.stream_id in ("s-1", "s-2") and e.version == 2}
    assert len(tx_ids) == 1  # one transaction: readers see all of it or none


async def test_append_many_with_one_stale_stream_writes_nothing(any_store):
    await any_store.append("s-2", 0, new(1))
    with pytest.raises(ConcurrencyError):
        await any_store.append_many([("s-1", 0, new(2)), ("s-2", 0, new(1))])
    assert await any_store.load("s-1") == []
    assert len(await any_store.load("s-2")) == 1


async def test_concurrent_append_many_over_the_same_streams_exactly_one_wins(any_store):
    async def attempt(order):
        try:
            await any_store.append_many([(s, 0, new(1)) for s in order])
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
