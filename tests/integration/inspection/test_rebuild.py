"""`shuangkong rebuild inspection`: the check-task read model rebuilt from the service's own log is
the live one, row for row; the deadline table is the service's own state and stays."""

from __future__ import annotations

import asyncpg

from libs.rebuild import rebuild_service
from services.inspection.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.inspection.test_check_tasks_api import HOURLY


async def test_a_rebuild_gives_the_same_check_tasks(plant):
    scheduled = await plant.task_of(await plant.define_measure())
    r = await plant.inspection.post(f"/enterprises/{plant.eid}/check-tasks/{scheduled['id']}/cycle",
                                    headers=plant.officer, json=HOURLY)
    assert r.status_code == 200, r.text
    await plant.task_of(await plant.define_measure(description="储罐液位报警"))
    conn = await asyncpg.connect(plant.settings.database_url)
    try:
        await rebuild_dump.settled(conn, "inspection")  # the cycle's catch-up fired
        before = (await rebuild_dump.rows(conn, "inspection"), await rebuild_dump.structure(conn, "inspection"))
        await rebuild_service(SPEC, plant.settings, show_progress=False)
        after = (await rebuild_dump.rows(conn, "inspection"), await rebuild_dump.structure(conn, "inspection"))
        deadlines = await conn.fetchval("SELECT to_regclass('inspection.deadlines') IS NOT NULL")
    finally:
        await conn.close()
    assert after == before and len(before[0]["check_tasks"]) == 2, "the rebuilt read model is the live one"
    # Each read model's own test rebuilds it too (test_calendar_rebuild.py: calendar_years); deadlines stay.
    assert {"check_tasks", "occurrences", "check_records"} <= set(before[0]) and "deadlines" not in before[0]
    assert deadlines
