"""`rebuild_service(risk_registry)`: the directory and risk-chain read models, kept inline by the
appends, are rebuilt from the service's own event store beside the live ones and swapped in. The
rebuilt model equals the live one row for row (the demo plant and edits that exercise the
cross-aggregate checks), writes made during the rebuild end in it, and history the projectors
refuse stops the rebuild before the swap with the event named."""

from __future__ import annotations

import asyncio
import itertools
import uuid

import asyncpg
import pytest

from libs.events import NewEvent
from libs.inline_rebuild import RebuildRefused
from libs.rebuild import rebuild_service
from services.risk_registry.app import SPEC, create_app
from services.risk_registry.directory.domain import events as ev
from tests.integration import rebuild_dump
from tests.integration.service_client import running, settings_for, token

SCHEMA = "risk_registry"


@pytest.fixture
async def plant(runtime, database_url, topic_prefix):
    """The registry running with the demo plant loaded, and a safety officer's token for it."""
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, load_demo_plant=True)
    app = create_app(settings)
    async with running(app) as api:
        api.app = app
        admin = token(settings, None, "platform_admin")
        [enterprise] = (await api.get("/enterprises", headers=admin)).json()["items"]
        api.settings, api.eid = settings, enterprise["id"]
        api.officer = token(settings, enterprise["id"], "safety_officer")
        conn = await asyncpg.connect(database_url)
        try:
            api.db = conn
            yield api
        finally:
            await conn.close()


async def _edit(api) -> None:
    """Changes that go through the projectors' cross-aggregate checks: a retired department, a
    moved team, a person who left, renamed things (their name claims)."""
    base = f"/enterprises/{api.eid}"

    async def ok(method: str, path: str, body: dict | None = None) -> dict:
        r = await api.request(method, base + path, headers=api.officer, json=body or {})
        assert r.status_code in (200, 201), r.text
        return r.json()

    spare = await ok("POST", "/org-units", {"kind": "department", "name": "临时部门"})
    team = await ok("POST", "/org-units", {"kind": "team", "name": "临时班组", "parent_id": spare["id"]})
    other = await ok("POST", "/org-units", {"kind": "department", "name": "接收部门"})
    await ok("POST", f"/org-units/{team['id']}/move", {"parent_id": other["id"]})
    await ok("POST", f"/org-units/{spare['id']}/rename", {"name": "将撤销部门"})
    await ok("POST", f"/org-units/{spare['id']}/retire", {"reason": "合并"})
    await ok("POST", "/org-units", {"kind": "department", "name": "临时部门"})  # the name was given back
    person = await ok("POST", "/people", {"name": "临时工", "mobile": "13700000001", "roles": ["worker"],
                                          "post_id": None})
    await ok("POST", f"/people/{person['id']}/leave", {"reason": "合同到期"})
    await ok("POST", "/people", {"name": "临时工二", "mobile": "13700000001", "roles": ["worker"],
                                 "post_id": None})  # the mobile of one who left is free


async def test_the_rebuilt_read_model_equals_the_live_one(plant):
    await _edit(plant)
    rows_before = await rebuild_dump.rows(plant.db, SCHEMA)
    structure_before = await rebuild_dump.structure(plant.db, SCHEMA)
    events = await plant.db.fetchval("SELECT count(*) FROM risk_registry.events")

    [result] = await rebuild_service(SPEC, plant.settings, show_progress=False)

    assert result["applied"] == events > 400  # the demo plant: ~490
    assert set(result["tables"]) == set(rows_before) >= {"enterprises", "org_units", "people", "risk_objects",
                                                          "risk_events", "name_claims"}
    assert await rebuild_dump.rows(plant.db, SCHEMA) == rows_before
    assert await rebuild_dump.structure(plant.db, SCHEMA) == structure_before
    assert await plant.db.fetchval(
        "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'risk_registry_%'") == 0  # shadow dropped

    # The service carries on in the swapped-in tables: a write is read back, a duplicate refused.
    base = f"/enterprises/{plant.eid}/org-units"
    made = await plant.post(base, headers=plant.officer, json={"kind": "department", "name": "重建后部门"})
    assert made.status_code == 201, made.text
    assert (await plant.get(f"{base}/{made.json()['id']}", headers=plant.officer)).json()["name"] == "重建后部门"
    again = await plant.post(base, headers=plant.officer, json={"kind": "department", "name": "重建后部门"})
    assert again.status_code == 409 and again.json()["code"] == "duplicate_name"


async def test_writes_during_the_rebuild_end_in_the_rebuilt_model(plant):
    base = f"/enterprises/{plant.eid}/org-units"
    writing, rebuilt = asyncio.Event(), asyncio.Event()
    made: list[str] = []

    async def keep_writing() -> None:
        """Create and rename departments until three more were made after the rebuild ended."""
        after = None
        for i in itertools.count():
            r = await plant.post(base, headers=plant.officer, json={"kind": "department", "name": f"并发部门{i}"})
            assert r.status_code == 201, r.text
            made.append(r.json()["id"])
            renamed = await plant.post(f"{base}/{made[-1]}/rename", headers=plant.officer,
                                       json={"name": f"并发部门{i}（改）"})
            assert renamed.status_code == 200, renamed.text
            if len(made) == 3:
                writing.set()
            if rebuilt.is_set():
                after = len(made) if after is None else after
                if len(made) >= after + 3:
                    return

    writer = asyncio.create_task(keep_writing())
    await writing.wait()
    made_before = len(made)
    events_before = await plant.db.fetchval("SELECT count(*) FROM risk_registry.events")
    [result] = await rebuild_service(SPEC, plant.settings, show_progress=False)
    made_during = len(made) - made_before
    rebuilt.set()
    await writer

    assert made_during >= 3, "writes went on while the rebuild ran"
    assert result["applied"] > events_before, "the rebuild replayed what was appended while it ran"
    names = dict(await plant.db.fetch("SELECT id, name FROM risk_registry.org_units WHERE id = any($1)", made))
    assert names == {unit: f"并发部门{i}（改）" for i, unit in enumerate(made)}
    # What the live projectors and the rebuild wrote together is what a quiet rebuild writes.
    live = await rebuild_dump.rows(plant.db, SCHEMA)
    await rebuild_service(SPEC, plant.settings, show_progress=False)
    assert await rebuild_dump.rows(plant.db, SCHEMA) == live


async def test_history_the_projectors_refuse_stops_before_the_swap(plant):
    """A second department of the same name, as stored before names were unique (appended here
    without the projectors): the rebuild names the event and leaves the live model alone."""
    before = await rebuild_dump.rows(plant.db, SCHEMA)
    event_id = await plant.db.fetchval(
        """INSERT INTO risk_registry.events (event_id, stream_id, version, type, schema_version, data, metadata)
           SELECT gen_random_uuid(), 'orgunit-twin', 1, type, schema_version,
                  jsonb_set(data, '{unit_id}', '"twin"'), metadata
           FROM risk_registry.events WHERE type LIKE '%.OrgUnitCreated' ORDER BY position LIMIT 1
           RETURNING event_id""")

    with pytest.raises(RebuildRefused) as refused:
        await rebuild_service(SPEC, plant.settings, show_progress=False)

    message = str(refused.value)
    assert str(event_id) in message and "OrgUnitCreated" in message and "orgunit-twin" in message
    assert "未被替换" in message and "Conflict" in message
    assert await rebuild_dump.rows(plant.db, SCHEMA) == before
    assert await plant.db.fetchval("SELECT to_regnamespace('risk_registry_rebuild')") is None


async def test_a_name_claim_that_waited_for_a_rename_replays(plant):
    """Live, transaction A takes its id, B renames a department away from 甲车间 and commits, then
    A creates another 甲车间 — free by then — and commits. The log orders A before B (by id): the
    replay meets A's claim while the name is still taken, sets A aside and lets it through after B."""
    base = f"/enterprises/{plant.eid}/org-units"
    first = (await plant.post(base, headers=plant.officer, json={"kind": "department", "name": "甲车间"})).json()
    unit_id = uuid.uuid4().hex
    created = ev.OrgUnitCreated(unit_id=unit_id, enterprise_id=plant.eid, kind="department", name="甲车间",
                                parent_id=None)
    async with plant.app.state.store.transaction() as a:
        await a.connection.fetchval("SELECT pg_current_xact_id()")  # A's id now, before B's
        renamed = await plant.post(f"{base}/{first['id']}/rename", headers=plant.officer, json={"name": "乙车间"})
        assert renamed.status_code == 200, renamed.text
        await a.append([(f"orgunit-{unit_id}", 0, [NewEvent(
            type=created.TYPE, schema_version=created.VERSION, data=created.payload(),
            metadata={"actor": "officer-1", "enterprise_id": plant.eid})])])
    order = [r[0] for r in await plant.db.fetch(
        """SELECT stream_id FROM risk_registry.events WHERE stream_id = any($1) AND version > 1 OR stream_id = $2
           ORDER BY tx_id, position""", [f"orgunit-{first['id']}"], f"orgunit-{unit_id}")]
    assert order == [f"orgunit-{unit_id}", f"orgunit-{first['id']}"], "the log has A before B"
    before = await rebuild_dump.rows(plant.db, SCHEMA)

    await rebuild_service(SPEC, plant.settings, show_progress=False)

    assert await rebuild_dump.rows(plant.db, SCHEMA) == before
