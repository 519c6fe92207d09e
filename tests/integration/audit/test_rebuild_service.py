"""`rebuild_service(audit)`: the trail, fed from Kafka, rebuilt from the topics beside the live one
ends equal to it table for table — entries and chain heads, every column but the two that record
arrival (`seq`, `recorded_at`) — over the demo plant's history, and while the registry keeps
writing during the rebuild."""

from __future__ import annotations

import asyncio
import itertools
from contextlib import AsyncExitStack

import asyncpg
import pytest

from libs.rebuild import rebuild_service
from services.audit.app import SPEC
from services.audit.app import create_app as create_audit
from services.risk_registry.app import create_app as create_registry
from tests.integration import rebuild_dump
from tests.integration.service_client import running, settings_for, token

ARRIVAL = {"audit_entries": ["seq", "recorded_at"]}  # the order and time entries arrived, not the log's


@pytest.fixture
async def plant(runtime, database_url, topic_prefix):
    """The registry with the demo plant loaded and the audit service, its trail caught up."""
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, load_demo_plant=True)
    async with AsyncExitStack() as stack:
        registry = await stack.enter_async_context(running(create_registry(settings)))
        audit = await stack.enter_async_context(running(create_audit(settings)))
        conn = await asyncpg.connect(database_url)
        stack.push_async_callback(conn.close)
        admin = token(settings, None, "platform_admin")
        [enterprise] = (await registry.get("/enterprises", headers=admin)).json()["items"]
        registry.eid, registry.officer = enterprise["id"], token(settings, enterprise["id"], "safety_officer")
        await caught_up(conn)
        yield settings, registry, audit, conn


async def caught_up(conn: asyncpg.Connection, seconds: float = 60.0) -> int:
    """Wait until the trail holds an entry for every event of the registry's log."""
    for _ in range(int(seconds / 0.1)):
        events = await conn.fetchval("SELECT count(*) FROM risk_registry.events")
        if await conn.fetchval("SELECT count(*) FROM audit.audit_entries") == events:
            return events
        await asyncio.sleep(0.1)
    raise AssertionError("the audit trail never caught up with the registry's log")


async def test_the_rebuilt_trail_equals_the_live_one(plant):
    settings, _registry, audit, conn = plant
    before = await rebuild_dump.rows(conn, "audit", ignore=ARRIVAL)
    structure = await rebuild_dump.structure(conn, "audit")

    [result] = await rebuild_service(SPEC, settings, show_progress=False)

    assert result["projection"] == "audit" and result["applied"] == len(before["audit_entries"]) > 400
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
    events = await caught_up(conn)  # the live consumer carries on into the swapped-in trail
    live = await rebuild_dump.rows(conn, "audit", ignore=ARRIVAL)
    assert len(live["audit_entries"]) == events
    verified = await audit.get(f"/enterprises/{registry.eid}/verify", headers=registry.officer)
    assert verified.json()["ok"] is True
    await rebuild_service(SPEC, settings, show_progress=False)  # a quiet rebuild writes the same trail
    assert await rebuild_dump.rows(conn, "audit", ignore=ARRIVAL) == live
