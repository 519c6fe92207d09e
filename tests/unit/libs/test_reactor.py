"""The reactor on the in-memory store, without a broker: reactions by event type, decided on the
service's own state, their events naming their cause. Milliseconds."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from libs.cloudevent import InboundEvent
from libs.eventstore import InMemoryEventStore
from libs.reactor import NotRebuilt, Reactor
from libs.repository import Repository
from tests.watchpost.domain import REGISTRY, UnitLog

RENAMED = "shuangkong.risk_registry.OrgUnitRenamed"


def arrived(name: str, event_type: str = RENAMED, correlation_id: str | None = "corr-9") -> InboundEvent:
    return InboundEvent(event_id=uuid.uuid4(), type=event_type, source="/shuangkong/risk_registry",
                        subject="orgunit-u1", time=datetime.now(UTC), schema_version=1, stream_version=1,
                        enterprise_id="ent-1", actor="p-admin", correlation_id=correlation_id, causation_id=None,
                        traceparent=None, data={"unit_id": "u1", "enterprise_id": "ent-1", "name": name})


def watchpost() -> tuple[Reactor, InMemoryEventStore]:
    store = InMemoryEventStore()
    logs = Repository(store, REGISTRY, UnitLog, "unitlog", service="watchpost")
    reactor = Reactor("watchpost-logs", store, topics=["registry"], schema="watchpost")

    @reactor.on(RENAMED)
    async def note(event, uow):
        log = await logs.find(event.data["unit_id"]) or UnitLog(event.data["unit_id"])
        log.note_name(event.data["enterprise_id"], event.data["name"])
        uow.save(logs, log)

    return reactor, store


async def test_a_reaction_appends_the_services_events_naming_their_cause():
    reactor, store = watchpost()
    cause = arrived("一班")
    await reactor.apply(None, cause)
    [written] = await store.read_all()
    assert (written.stream_id, written.type) == ("unitlog-u1", "shuangkong.watchpost.UnitNoted")
    assert written.metadata == {"actor": "system:watchpost-logs", "enterprise_id": "ent-1",
                                "correlation_id": "corr-9", "causation_id": str(cause.event_id)}


async def test_a_reaction_decides_on_the_services_own_state():
    reactor, store = watchpost()
    for name in ("一班", "一班", "甲班"):
        await reactor.apply(None, arrived(name))
    assert [e.type.rsplit(".", 1)[1] for e in await store.read_all()] == ["UnitNoted", "UnitNameNoted"]


async def test_events_it_does_not_react_to_change_nothing_and_an_uncorrelated_one_starts_a_chain():
    reactor, store = watchpost()
    await reactor.apply(None, arrived("一班", event_type="shuangkong.risk_registry.OrgUnitMoved"))
    assert await store.read_all() == []
    first = arrived("一班", correlation_id=None)
    await reactor.apply(None, first)
    assert (await store.read_all())[0].metadata["correlation_id"] == str(first.event_id)


def test_one_reaction_per_event_type_and_no_rebuild():
    reactor, _ = watchpost()
    assert reactor.reacts_to(RENAMED)
    with pytest.raises(ValueError, match="already reacts"):
        reactor.on(RENAMED)(lambda event, uow: None)
    with pytest.raises(NotRebuilt):
        _ = reactor.migrations
