"""`shuangkong rebuild hazard`: the ledger rebuilt from the service's own log is the live one, row
for row; the deadline table is the service's own state and stays."""

from __future__ import annotations

import asyncpg

from libs.rebuild import rebuild_service
from services.hazard.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.hazard.hazard_site import GRADING, OFFICER, RECTIFIER, WORKER


async def test_a_rebuild_gives_the_same_ledger(site):
    officer = site.who(*OFFICER)
    first, second = await site.snapshot(site.who(*WORKER)), await site.snapshot(site.who(*WORKER))
    await site.post(f"/hazards/{first['id']}/grade", officer, GRADING)
    await site.post(f"/hazards/{first['id']}/start", site.who(*RECTIFIER))
    await site.post(f"/hazards/{first['id']}/extensions", site.who(*RECTIFIER),
                    {"new_deadline": "2026-12-20", "reason": "备件"}, 201)
    await site.post(f"/hazards/{second['id']}/copies", officer, {"person_ids": ["p-a", "p-b"]})
    await site.post(f"/hazards/{second['id']}/void", officer, {"reason": "重复上报"})
    conn = await asyncpg.connect(site.settings.database_url)
    try:
        before = (await rebuild_dump.rows(conn, "hazard"), await rebuild_dump.structure(conn, "hazard"))
        await rebuild_service(SPEC, site.settings, show_progress=False)
        after = (await rebuild_dump.rows(conn, "hazard"), await rebuild_dump.structure(conn, "hazard"))
        deadlines = await conn.fetchval("SELECT count(*) FROM hazard.deadlines")
    finally:
        await conn.close()
    assert after == before and len(before[0]["hazards"]) == 2, "the rebuilt ledger is the live one"
    assert "deadlines" not in before[0] and deadlines == 2  # the graded hazard's 临期 and 超期 stay
