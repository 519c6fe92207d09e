"""`shuangkong rebuild inspection` with what the rates count: each occurrence's outcome (migration
0008) rebuilt from the log is the live one — a record made in time after the miss, a 未排查 record —
and the rates answered before and after are the same."""

from __future__ import annotations

from datetime import timedelta

import asyncpg

from libs.rebuild import rebuild_service
from libs.repository import CommandContext
from services.inspection.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.inspection.test_records_api import T0, body, site  # noqa: F401 - the fixture

OUTCOMES = "SELECT id, state, closing_status, checked, checked_on_time FROM inspection.occurrences " \
           "WHERE enterprise_id = $1 ORDER BY window_start"


async def test_a_rebuild_gives_the_same_outcomes_and_rates(site):  # noqa: F811 - the fixture
    eid = "ent-rates-rebuild"
    missed = await site.occurrence(eid, "m-1")
    repo = site.app.state.inspection.check_records.occurrences
    occurrence = await repo.get(missed)
    occurrence.miss(T0 + timedelta(hours=8))
    await repo.save(occurrence, CommandContext("system:test", eid, "corr-test"))
    site.app.state.clock.set(T0 + timedelta(hours=9))
    assert (await site.record(eid, body(missed))).status_code == 201  # made at 08:50, in the window
    skipped = await site.occurrence(eid, "m-2", start=T0 + timedelta(hours=2))  # 10:00 to 18:00
    r = await site.record(eid, body(skipped, status=2, items=[], note="停产检修", made_at="2026-12-01T10:30:00"))
    assert r.status_code == 201, r.text

    async def rates() -> dict:
        r = await site.client.get(f"/enterprises/{eid}/occurrence-rates", headers=site.worker(eid),
                                  params={"from": "2026-12-01", "to": "2026-12-01"})
        assert r.status_code == 200, r.text
        return r.json()

    conn = await asyncpg.connect(site.settings.database_url)
    try:
        await rebuild_dump.settled(conn, "inspection", site.app.state.clock.now())
        before = await rebuild_dump.rows(conn, "inspection"), await conn.fetch(OUTCOMES, eid), await rates()
        await rebuild_service(SPEC, site.settings, show_progress=False)
        after = await rebuild_dump.rows(conn, "inspection"), await conn.fetch(OUTCOMES, eid), await rates()
    finally:
        await conn.close()
    assert after == before, "the rebuilt read model is the live one"
    assert [tuple(r)[1:] for r in before[1]] == [("missed", None, True, True), ("completed", 2, False, False)]
    total = before[2]["total"]
    assert (total["completed_on_time"], total["missed"], total["not_checked"], total["on_time_rate"]) == (1, 1, 1, 0.5)
