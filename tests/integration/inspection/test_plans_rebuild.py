"""`shuangkong rebuild inspection` with plans: the plans read model (its checklist edited after
publishing) and the plan tasks' rows rebuilt from the log are the live ones, row for row."""

from __future__ import annotations

import asyncpg
import pytest

from libs.rebuild import rebuild_service
from services.inspection.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.inspection.occurrence_plant import started
from tests.integration.inspection.test_plans_api import PLAN


@pytest.fixture
async def plant(runtime, database_url, topic_prefix):
    async with started(runtime, database_url, topic_prefix) as p:
        yield p


async def test_a_rebuild_gives_the_same_plans_and_plan_tasks(plant):
    base, headers = f"/enterprises/{plant.eid}/plans", plant.officer
    plan = (await plant.client.post(base, headers=headers, json=PLAN)).json()
    draft = (await plant.client.post(base, headers=headers, json={**PLAN, "title": "罐区周检"})).json()
    for path, body in [(f"{plan['id']}/publish", None),
                       (f"{plan['id']}/items", {"check_type": "现场检查", "item": "储罐压力", "content": "查看压力表",
                                                "unit": "MPa", "low": 0.1, "high": 1.6}),
                       (f"{draft['id']}/retire", {"reason": "重复制定"})]:
        r = await plant.client.post(f"{base}/{path}", headers=headers, json=body)
        assert r.status_code in (200, 201), r.text
    r = await plant.client.delete(f"{base}/{plan['id']}/items/2", headers=headers)
    assert r.status_code == 200, r.text
    conn = await asyncpg.connect(plant.app.state.settings.database_url)
    try:
        await rebuild_dump.settled(conn, "inspection", plant.clock.now())
        before = (await rebuild_dump.rows(conn, "inspection"), await rebuild_dump.structure(conn, "inspection"))
        await rebuild_service(SPEC, plant.app.state.settings, show_progress=False)
        after = (await rebuild_dump.rows(conn, "inspection"), await rebuild_dump.structure(conn, "inspection"))
    finally:
        await conn.close()
    assert after == before, "the rebuilt read models are the live ones"
    assert (len(before[0]["plans"]), len(before[0]["check_tasks"])) == (2, 1)  # the published plan's one task
