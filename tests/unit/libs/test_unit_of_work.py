"""The unit of work on the in-memory store: what one command changes commits together or not at
all. No I/O; milliseconds."""

from __future__ import annotations

import pytest

from libs.eventstore import ConcurrencyError, InMemoryEventStore
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from tests.watchpost.domain import REGISTRY, UnitLog

CTX = CommandContext(actor="p-1", enterprise_id="e-1", correlation_id="corr-1")


def logs(store) -> Repository[UnitLog]:
    return Repository(store, REGISTRY, UnitLog, "unitlog", service="watchpost")


def noted(unit_id: str, name: str) -> UnitLog:
    log = UnitLog(unit_id)
    log.note_name("e-1", name)
    return log


async def test_several_aggregates_commit_in_one_transaction():
    store = InMemoryEventStore()
    uow = UnitOfWork(store, CTX)
    uow.save(logs(store), noted("u1", "一班"))
    uow.save(logs(store), noted("u2", "二班"))
    assert await store.read_all() == [], "nothing is written before commit"
    await uow.commit()
    written = await store.read_all()
    assert [e.stream_id for e in written] == ["unitlog-u1", "unitlog-u2"]
    assert len({e.tx_id for e in written}) == 1
    assert written[0].metadata == {"actor": "p-1", "enterprise_id": "e-1", "correlation_id": "corr-1"}


async def test_saved_aggregates_are_marked_saved_and_saving_one_twice_saves_it_once():
    store = InMemoryEventStore()
    log = noted("u1", "一班")
    uow = UnitOfWork(store, CTX)
    uow.save(logs(store), log)
    uow.save(logs(store), log)
    await uow.commit()
    assert (log.version, log.pending()) == (1, [])
    assert len(await store.load("unitlog-u1")) == 1


async def test_one_stale_aggregate_refuses_all_and_leaves_every_one_unsaved():
    store = InMemoryEventStore()
    repo = logs(store)
    await repo.save(noted("u2", "二班"), CTX)
    stale = UnitLog.rehydrate("u2", [])  # decided on version 0; the store is at 1
    stale.note_name("e-1", "三班")
    fresh = noted("u1", "一班")
    uow = UnitOfWork(store, CTX)
    uow.save(repo, fresh)
    uow.save(repo, stale)
    with pytest.raises(ConcurrencyError):
        await uow.commit()
    assert await store.load("unitlog-u1") == []
    assert len(await store.load("unitlog-u2")) == 1
    assert fresh.pending() and fresh.version == 0, "a refused unit of work saves nothing"


async def test_also_runs_on_the_commit_before_the_appends_and_its_failure_writes_nothing():
    store = InMemoryEventStore()
    order = []

    async def then(tx):
        order.append([e.stream_id for e in tx.recorded])
        raise RuntimeError("the deadline row could not be written")

    uow = UnitOfWork(store, CTX)
    uow.save(logs(store), noted("u1", "一班"))
    uow.also(then)
    with pytest.raises(RuntimeError):
        await uow.commit()
    assert order == [[]]  # locks first (deadline rows, guards), streams after
    assert await store.read_all() == []


async def test_inline_projections_see_the_events_and_a_refusal_writes_nothing():
    names: dict[str, str] = {}

    def unique_names(recorded):  # a fake read model with a unique name: check, then write
        new = [(e.data["name"], e.stream_id) for e in recorded if "name" in e.data]
        if any(name in names for name, _ in new):
            raise ValueError("name taken")
        names.update(new)

    store = InMemoryEventStore(inline=[unique_names])
    await logs(store).save(noted("u1", "一班"), CTX)
    assert names == {"一班": "unitlog-u1"}
    uow = UnitOfWork(store, CTX)
    uow.save(logs(store), noted("u2", "二班"))
    uow.save(logs(store), noted("u3", "一班"))
    with pytest.raises(ValueError):
        await uow.commit()
    assert [e.stream_id for e in await store.read_all()] == ["unitlog-u1"]


async def test_nothing_pending_opens_no_transaction_and_a_unit_of_work_commits_once():
    store = InMemoryEventStore()
    uow = UnitOfWork(store, CTX)
    uow.save(logs(store), UnitLog("u1"))
    await uow.commit()
    assert store._tx_ids == 0
    with pytest.raises(RuntimeError):
        await uow.commit()
