"""A reactor on the real broker and PostgreSQL, wired by build_app: one reaction per event, decided
on the service's own state, committed with the inbox row, published by the relay with its cause —
however often the event comes (the same CloudEvent twice; the whole topic replayed)."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import AIOKafkaConsumer

from libs.cloudevent import from_kafka, topic_for
from libs.consumer import DUPLICATES
from libs.db import create_pool
from libs.reactor import NotRebuilt
from libs.rebuild import Replayer, rebuild_projection
from tests.integration.service_client import running, settings_for, until
from tests.kafka_records import read_records
from tests.watchpost.app import create_app, unit_logs
from tests.watchpost.registry_events import publish_registry, unit_event


async def _true(value: bool) -> bool:
    return value



async def test_each_event_is_reacted_to_once_with_its_cause_however_often_it_comes(runtime, database_url,
                                                                                   topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    created = unit_event("OrgUnitCreated", "u1", 1, kind="team", name="一班", parent_id=None)
    renamed = unit_event("OrgUnitRenamed", "u1", 2, correlation_id="corr-2", name="甲班")
    same_name = unit_event("OrgUnitRenamed", "u1", 3, name="甲班")  # the log book has it: nothing to note
    other = unit_event("OrgUnitCreated", "u2", 1, kind="team", name="二班", parent_id=None)
    app = create_app(settings)
    async with running(app):
        store, pool = app.state.store, app.state.pool
        await publish_registry(settings, [created, renamed, renamed, same_name, other])
        await until(lambda: pool.fetchval("SELECT count(*) = 4 FROM inbox WHERE consumer = 'watchpost-logs'"))
        duplicates = DUPLICATES.labels("watchpost-logs")._value.get()
        await publish_registry(settings, [renamed, created])  # redelivered later, in another batch
        await until(lambda: _true(DUPLICATES.labels("watchpost-logs")._value.get() >= duplicates + 2))
        published = await read_records(runtime.bootstrap, topic_for("watchpost", topic_prefix),
                                       lambda got: len(got) >= 3)
        await asyncio.sleep(0.5)  # a duplicate reaction would have had time to be written
        written = await store.read_all()

        # Replay the whole topic through the reactor's inbox, as a consumer reset to the start would.
        reactor = unit_logs(app, store)[0]
        replay_pool = await create_pool(database_url, "watchpost")
        consumer = AIOKafkaConsumer(bootstrap_servers=runtime.bootstrap, group_id=None, enable_auto_commit=False)
        await consumer.start()
        try:
            replay = Replayer(reactor, consumer, replay_pool)
            await replay.assign_from_start(runtime.bootstrap)
            await replay.until_caught_up()
        finally:
            await consumer.stop()
            await replay_pool.close()
        assert (replay.applied, len(await store.read_all())) == (0, 3)

    assert sorted((e.stream_id, e.version, e.type.rsplit(".", 1)[1], e.data["name"]) for e in written) == [
        ("unitlog-u1", 1, "UnitNoted", "一班"), ("unitlog-u1", 2, "UnitNameNoted", "甲班"),
        ("unitlog-u2", 1, "UnitNoted", "二班")]
    by_cause = {e.metadata["causation_id"]: e for e in written}
    assert set(by_cause) == {str(created.event_id), str(renamed.event_id), str(other.event_id)}
    metadata = dict(by_cause[str(renamed.event_id)].metadata)
    assert metadata.pop("traceparent").startswith("00-"), "the consumer's span: the trace goes on"
    assert metadata == {"actor": "system:watchpost-logs", "enterprise_id": "ent-1", "correlation_id": "corr-2",
                        "causation_id": str(renamed.event_id)}
    out = [from_kafka(r.value, r.headers) for r in published]
    assert {e.causation_id for e in out} == set(by_cause), "published, each naming its cause"
    assert {e.event_id for e in out} == {e.event_id for e in written}


async def test_a_reactor_refuses_to_be_rebuilt_before_it_touches_anything(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    app = create_app(settings)
    async with running(app):
        reactor = unit_logs(app, app.state.store)[0]
        with pytest.raises(NotRebuilt):
            await rebuild_projection(reactor, settings, show_progress=False)
        assert await app.state.pool.fetchval("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'watchpost%'") == 2
