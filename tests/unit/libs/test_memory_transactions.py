"""The in-memory store joins a transaction it opened, as PostgreSQL's joins a connection already in
one: what is appended through the joined one commits (or not) with its owner's, at its owner's end."""

from __future__ import annotations

import pytest

from libs.events import NewEvent
from libs.eventstore import ConcurrencyError, InMemoryEventStore
from libs.unit_of_work import UnitOfWork
from tests.unit.libs.test_unit_of_work import CTX, logs, noted


def happened(n: int) -> list[NewEvent]:
    return [NewEvent(type="shuangkong.test.Happened", data={"n": n}, metadata={})]


async def test_given_its_own_transaction_it_joins_it_and_only_the_owner_commits():
    projected: list[list[str]] = []
    store = InMemoryEventStore(inline=[lambda recorded: projected.append([e.stream_id for e in recorded])])
    async with store.transaction() as owner:
        async with store.transaction(owner.connection) as joined:
            assert joined is owner
            assert await joined.append([("s-1", 0, happened(1))]) == [1]
        assert await store.read_all() == [], "the joined block's end commits nothing"
        assert await owner.append([("s-1", 1, happened(2)), ("s-2", 0, happened(3))]) == [2, 1], \
            "the owner decides on what the joined one appended"
    written = await store.read_all()
    assert [(e.stream_id, e.version) for e in written] == [("s-1", 1), ("s-1", 2), ("s-2", 1)]
    assert len({e.tx_id for e in written}) == 1
    assert projected == [["s-1", "s-1", "s-2"]], "inline projections run once, at the owner's commit"


async def test_what_a_joined_unit_of_work_appended_rolls_back_with_its_owner():
    store = InMemoryEventStore()
    with pytest.raises(RuntimeError):
        async with store.transaction() as owner:
            uow = UnitOfWork(store, CTX, connection=owner.connection)
            uow.save(logs(store), noted("u1", "一班"))
            await uow.commit()
            raise RuntimeError("the inbox row could not be written")
    assert await store.read_all() == []


async def test_a_joined_append_at_a_stale_version_refuses_at_once():
    store = InMemoryEventStore()
    await store.append("s-1", 0, happened(1))
    async with store.transaction() as owner:
        async with store.transaction(owner) as joined:
            with pytest.raises(ConcurrencyError):
                await joined.append([("s-1", 0, happened(2))])


async def test_it_joins_no_transaction_but_its_own():
    store, other = InMemoryEventStore(), InMemoryEventStore()
    async with other.transaction() as foreign:
        with pytest.raises(TypeError, match="joins only"):
            async with store.transaction(foreign):
                pass
    with pytest.raises(TypeError, match="joins only"):
        async with store.transaction(object()):
            pass
