"""A local replica on the real broker and PostgreSQL, wired by build_app in a schema of its own:
events in, rows out; an older fact after a newer one changes nothing; a rebuild equals the live
replica; a version of a kept type it was not told how to read is dead-lettered, never misread."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from libs.cloudevent import dlq_for, from_kafka, to_kafka, topic_for
from libs.consumer import DEAD_LETTERED
from libs.rebuild import rebuild_projection
from libs.replica import Delete, Replica, UnknownVersion, Upsert
from tests.integration.service_client import running, settings_for
from tests.kafka_records import read_records
from tests.watchpost.app import create_app, units_replica
from tests.watchpost.registry_events import publish_registry, unit_event

ROWS = ("SELECT unit_id, enterprise_id, name, parent_id, fact_version, retired FROM watchpost_units.units"
        " ORDER BY unit_id")


async def test_events_become_rows_older_facts_change_nothing_and_a_rebuild_equals_the_live_rows(
        runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    events = [
        unit_event("OrgUnitCreated", "u1", 1, kind="department", name="一车间", parent_id=None),
        unit_event("OrgUnitRenamed", "u1", 3, name="合成车间"),
        unit_event("OrgUnitRenamed", "u1", 2, name="旧名"),  # older, arriving late: refused
        unit_event("OrgUnitCreated", "u2", 1, kind="team", name="甲班", parent_id=None),
        unit_event("OrgUnitMoved", "u2", 2, from_parent_id=None, to_parent_id="u1"),
        unit_event("OrgUnitRetired", "u2", 3, reason="合并"),
        unit_event("OrgUnitRetired", "u3", 4, reason="撤销"),  # a retirement before any fact of u3
        unit_event("HazchemCodeAssigned", "u1", 9, hazchem_code="x"),  # not kept: ignored
    ]
    app = create_app(settings)
    async with running(app):
        pool = app.state.pool
        await publish_registry(settings, events)
        for _ in range(400):
            if await pool.fetchval("SELECT (SELECT count(*) FROM watchpost_units.inbox) + "
                                   "(SELECT count(*) FROM watchpost.inbox)") == 2 * len(events):  # replica, reactor
                break
            await asyncio.sleep(0.05)
        live = [tuple(r) for r in await pool.fetch(ROWS)]
        assert live == [
            ("u1", "ent-1", "合成车间", None, 3, False),
            ("u2", "ent-1", "甲班", "u1", 3, True),
            ("u3", None, None, None, 4, True),
        ]
        assert await pool.fetchval("SELECT count(*) FROM watchpost.inbox WHERE consumer = 'watchpost-units'") == 0, \
            "the replica's inbox is in its own schema, not the service's"

        logged = await pool.fetch("SELECT event_id FROM watchpost.events ORDER BY position")
        report = await rebuild_projection(units_replica(settings), settings, show_progress=False)
        assert report["applied"] == len(events)
        assert [tuple(r) for r in await pool.fetch(ROWS)] == live
        assert await pool.fetch("SELECT event_id FROM watchpost.events ORDER BY position") == logged, \
            "the service's store, beside the replica, was not touched"

        await publish_registry(settings, [unit_event("OrgUnitRenamed", "u1", 4, name="合成一车间")])
        for _ in range(200):  # the live consumer carries on in the rebuilt schema
            if await pool.fetchval("SELECT name FROM watchpost_units.units WHERE unit_id = 'u1'") == "合成一车间":
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the live replica stopped after the rebuild")


async def test_a_version_of_a_kept_type_the_replica_does_not_know_is_dead_lettered_and_changes_nothing(
        runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, consumer_max_attempts=2)
    topic = topic_for("risk_registry", topic_prefix)
    moved_v2 = unit_event("OrgUnitMoved", "u2", 2, schema_version=2, from_parent=None, to_parent="u1")
    dead_before = DEAD_LETTERED.labels("watchpost-units", topic)._value.get()
    app = create_app(settings)
    async with running(app):
        await publish_registry(settings, [
            unit_event("OrgUnitCreated", "u2", 1, kind="team", name="甲班", parent_id=None),
            moved_v2,  # v2 calls it to_parent: read as v1 it would fail on a missing field, no word of why
            unit_event("OrgUnitRenamed", "u2", 3, name="乙班"),
        ])
        dead = await read_records(runtime.bootstrap, dlq_for(topic), lambda got: len(got) >= 1)
        for _ in range(200):
            if await app.state.pool.fetchval("SELECT count(*) FROM watchpost_units.inbox") == 2:
                break
            await asyncio.sleep(0.05)
        rows = [tuple(r) for r in await app.state.pool.fetch(ROWS)]

    assert rows == [("u2", "ent-1", "乙班", None, 3, False)], "the consumer carried on past it"
    [letter] = dead
    headers = dict(letter.headers)
    assert headers["ce_id"].decode() == str(moved_v2.event_id)
    assert headers["sk_dlq_consumer"] == b"watchpost-units"
    assert headers["sk_dlq_reason"].decode() == (
        "UnknownVersion: replica does not know version 2 of shuangkong.risk_registry.OrgUnitMoved")
    assert DEAD_LETTERED.labels("watchpost-units", topic)._value.get() - dead_before == 1


def inbound(version: int, unit_id: str = "u1", event_name: str = "OrgUnitErased", schema_version: int = 1, **data):
    event = unit_event(event_name, unit_id, version, schema_version=schema_version, **data)
    return from_kafka(*to_kafka(event, "/test")[1:])


async def test_each_declared_version_is_read_as_declared_and_an_undeclared_one_is_refused(database_url):
    conn = await asyncpg.connect(database_url)
    await conn.execute("CREATE TABLE units (unit_id text PRIMARY KEY, name text, fact_version integer NOT NULL,"
                       " retired boolean NOT NULL DEFAULT false)")
    key = {"unit_id": "unit_id"}
    renamed = "shuangkong.risk_registry.OrgUnitRenamed"
    replica = Replica(name="r", schema="r", topics=[], migrations=None, keeps={
        renamed: [Upsert("units", key, {"name": "name"})],
        (renamed, 2): [Upsert("units", key, {"name": "new_name"})],
    })
    await replica.apply(conn, inbound(1, event_name="OrgUnitRenamed", name="甲班"))
    await replica.apply(conn, inbound(2, event_name="OrgUnitRenamed", schema_version=2, new_name="乙班"))
    with pytest.raises(UnknownVersion) as refused:
        await replica.apply(conn, inbound(3, event_name="OrgUnitRenamed", schema_version=3, label="丙班"))
    assert (refused.value.event_type, refused.value.version) == (renamed, 3)
    await replica.apply(conn, inbound(4, event_name="OrgUnitMoved", schema_version=7))  # not kept: ignored
    assert [tuple(r) for r in await conn.fetch("SELECT unit_id, name, fact_version FROM units")] == [("u1", "乙班", 2)]
    await conn.close()


async def test_delete_removes_the_row_unless_it_holds_a_newer_fact(database_url):
    conn = await asyncpg.connect(database_url)
    await conn.execute("CREATE TABLE units (unit_id text PRIMARY KEY, name text, fact_version integer NOT NULL,"
                       " retired boolean NOT NULL DEFAULT false)")
    key = {"unit_id": "unit_id"}
    await Upsert("units", key, {"name": "name"}).write(conn, inbound(5, name="甲班"))
    await Delete("units", key).write(conn, inbound(4))
    assert await conn.fetchval("SELECT name FROM units") == "甲班"
    await Delete("units", key).write(conn, inbound(6))
    assert await conn.fetchval("SELECT count(*) FROM units") == 0
    await conn.close()


def test_a_declaration_with_a_name_that_is_not_plain_sql_is_refused_at_once():
    with pytest.raises(ValueError, match="plain lower-case SQL name"):
        Replica(name="r", schema="r", topics=[], migrations=None,
                keeps={"t": [Upsert('units"; DROP TABLE x; --', {"unit_id": "unit_id"})]})
    with pytest.raises(ValueError, match="plain lower-case SQL name"):
        Replica(name="r", schema="r", topics=[], migrations=None,
                keeps={("t", 2): [Upsert('units"; --', {"unit_id": "unit_id"})]})


def test_a_version_declared_twice_is_refused_at_once():
    rows = [Upsert("units", {"unit_id": "unit_id"})]
    with pytest.raises(ValueError, match="t v1 is declared twice"):
        Replica(name="r", schema="r", topics=[], migrations=None, keeps={"t": rows, ("t", 1): rows})
