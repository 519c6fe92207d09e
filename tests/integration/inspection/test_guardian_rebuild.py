"""`shuangkong rebuild inspection` with 包保 tasks: the check-task rows of 包保 tasks (drawn up,
revised, handed over to a new guardian, withdrawn and drawn up anew) and their occurrences (one
handed over) rebuilt from the log are the live ones, row for row."""

from __future__ import annotations

import json

import asyncpg
import pytest

from libs.rebuild import rebuild_service
from services.inspection.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.inspection.test_guardian_tasks_api import (
    BODY,
    assign,
    draw_up,
    drawn_up_once_replicated,
    guarded_plant,
    mine,
)
from tests.integration.inspection.test_guardian_tasks_api import _nonempty as nonempty
from tests.integration.service_client import until


@pytest.fixture
async def plant(runtime, database_url, topic_prefix):
    async for p in guarded_plant(runtime, database_url, topic_prefix, 932):
        yield p


async def test_a_rebuild_gives_the_same_guardian_tasks_and_occurrences(plant):
    task = await drawn_up_once_replicated(plant)
    technical = await draw_up(plant, {**BODY, "work_type": 2, "task_num": 9})
    await until(lambda: nonempty(mine(plant, "principal")))
    await assign(plant, plant.ids["successor"])
    await until(lambda: nonempty(mine(plant, "successor")))
    base = f"/enterprises/{plant.eid}/guardian-tasks"
    r = await plant.inspection.put(f"{base}/{technical['id']}", headers=plant.officer,
                                   json={"troubleshoot_content": "检查安全设施与监测监控系统", "cycle": BODY["cycle"]})
    assert r.status_code == 200, r.text
    r = await plant.inspection.delete(f"{base}/{technical['id']}", headers=plant.officer)
    assert r.status_code == 200, r.text
    await draw_up(plant, {**BODY, "work_type": 2, "task_num": 9})
    conn = await asyncpg.connect(plant.settings.database_url)
    try:
        clock = plant.ids["app"].state.clock
        await rebuild_dump.settled(conn, "inspection", clock.now())
        before = (await rebuild_dump.rows(conn, "inspection"), await rebuild_dump.structure(conn, "inspection"))
        await rebuild_service(SPEC, plant.settings, show_progress=False)
        after = (await rebuild_dump.rows(conn, "inspection"), await rebuild_dump.structure(conn, "inspection"))
    finally:
        await conn.close()
    assert after == before, "the rebuilt read models are the live ones"
    guarded = [row for row in map(json.loads, before[0]["check_tasks"]) if row["origin"] == "guardian"]
    assert sorted(row["id"] for row in guarded) == sorted([task["id"], technical["id"]])
    assert {row["id"]: row["guardian_id"] for row in guarded}[task["id"]] == plant.ids["successor"]
