"""`rebuild_service(audit)`: the trail, fed from Kafka, rebuilt from the topics beside the live one
ends equal to it table for table — entries and chain heads, and each enterprise's Merkle log (its
signed heads, leaves, seal progress) replayed from the heads topic; every column but the two that
record arrival (`seq`, `recorded_at`) — over the demo plant's history, and while the registry keeps
writing and the log keeps being sealed during the rebuild."""

from __future__ import annotations

import asyncio
import itertools
from contextlib import AsyncExitStack

import asyncpg
import pytest

from libs.rebuild import rebuild_service
from services.audit.app import SPEC
from services.audit.app import create_app as create_audit
from services.audit.witness import findings_against, heads_from_topic
from services.risk_registry.app import create_app as create_registry
from tests.integration import rebuild_dump
from tests.integration.audit.conftest import audit_settings
from tests.integration.service_client import running, settings_for, token

ARRIVAL = {"audit_entries": ["seq", "recorded_at"]}  # the order and time entries arrived, not the log's


SEAL_EVERY_S = 0.2  # often enough that seals and sends fall inside the rebuild and its swap


@pytest.fixture
async def plant(runtime, database_url, topic_prefix, tmp_path):
    """The registry with the demo plant loaded and the audit service sealing every 0.2 s, its trail
    caught up and sealed."""
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, load_demo_plant=True)
    async with AsyncExitStack() as stack:
        registry = await stack.enter_async_context(running(create_registry(settings)))
        audit_app = create_audit(settings, audit_settings(tmp_path, SEAL_EVERY_S))
        audit = await stack.enter_async_context(running(audit_app))
        audit.app = audit_app
        conn = await asyncpg.connect(database_url)
        stack.push_async_callback(conn.close)
        admin = token(settings, None, "platform_admin")
        [enterprise] = (await registry.get("/enterprises", headers=admin)).json()["items"]
        registry.eid, registry.officer = enterprise["id"], token(settings, enterprise["id"], "safety_officer")
        await caught_up(conn)
        yield settings, registry, audit, conn


async def caught_up(conn: asyncpg.Connection, seconds: float = 60.0) -> int:
    """Wait until the trail holds an entry for every event of the registry's log, every entry is
    sealed under a signed head, and every head was read back from the heads topic."""
    for _ in range(int(seconds / 0.1)):
        events = await conn.fetchval("SELECT count(*) FROM risk_registry.events")
        if await conn.fetchval(
                """SELECT (SELECT count(*) FROM audit.audit_entries) = $1
                          AND (SELECT coalesce(sum(chain_seq), 0) FROM audit.audit_tree_sealed) = $1
                          AND (SELECT count(*) FROM audit.audit_tree_heads)
                              = (SELECT count(*) FROM audit.audit_heads_on_topic)""", events):
            return events
        await asyncio.sleep(0.1)
    raise AssertionError("the audit trail never caught up with the registry's log and sealed it")


async def test_the_rebuilt_trail_equals_the_live_one(plant):
    settings, registry, audit, conn = plant
    for i in range(3):  # a few more heads, each covering a little
        r = await registry.post(f"/enterprises/{registry.eid}/org-units", headers=registry.officer,
                                json={"kind": "department", "name": f"封存{i}"})
        assert r.status_code == 201, r.text
        await caught_up(conn)
    before = await rebuild_dump.rows(conn, "audit", ignore=ARRIVAL)
    structure = await rebuild_dump.structure(conn, "audit")

    assert len(before["audit_tree_heads"]) >= 4 and len(before["audit_tree_leaves"]) == len(before["audit_entries"])

    [result] = await rebuild_service(SPEC, settings, show_progress=False)

    # Every entry and every head (each sent once here) was replayed.
    assert result["projection"] == "audit"
    assert result["applied"] == len(before["audit_entries"]) + len(before["audit_tree_heads"])
    assert len(before["audit_entries"]) > 400
    assert await rebuild_dump.rows(conn, "audit", ignore=ARRIVAL) == before
    assert await rebuild_dump.structure(conn, "audit") == structure


async def test_writes_during_the_rebuild_end_in_the_rebuilt_trail(plant):
    settings, registry, audit, conn = plant
    base = f"/enterprises/{registry.eid}/org-units"
    rebuilt = asyncio.Event()
    made = 0

    async def keep_writing() -> None:
        nonlocal made
        for i in itertools.count():
            r = await registry.post(base, headers=registry.officer, json={"kind": "department", "name": f"审计并发{i}"})
            assert r.status_code == 201, r.text
            made += 1
            if rebuilt.is_set():
                return
            await asyncio.sleep(0.02)

    writer = asyncio.create_task(keep_writing())
    await asyncio.sleep(0.1)
    made_before = made
    await rebuild_service(SPEC, settings, show_progress=False)
    made_during = made - made_before
    rebuilt.set()
    await writer

    assert made_during >= 3, "writes went on while the rebuild ran"
    events = await caught_up(conn)  # the live consumer carries on into the swapped-in trail, sealed
    live = await rebuild_dump.rows(conn, "audit", ignore=ARRIVAL)
    assert len(live["audit_entries"]) == events
    verified = await audit.get(f"/enterprises/{registry.eid}/verify", headers=registry.officer)
    assert verified.json()["ok"] is True
    # No head was lost or signed twice across the swap: the published ones only ever grew.
    key = audit.app.state.signer.public_key
    published, findings = await findings_against(audit.app.state.pool, await heads_from_topic(settings), key, None)
    assert findings == [] and sum(len({h.tree_size for h in hs}) for hs in published.values()) == len(
        live["audit_tree_heads"])
    await rebuild_service(SPEC, settings, show_progress=False)  # a quiet rebuild writes the same trail
    assert await rebuild_dump.rows(conn, "audit", ignore=ARRIVAL) == live
