"""`shuangkong rebuild alerting`: the alert ledger and every person's inbox rebuilt from the service's
own log are the live ones, row for row, and the rebuild appends nothing (it never tells anyone again);
the deadline table is the service's own state and stays."""

from __future__ import annotations

import asyncpg

from libs.rebuild import rebuild_service
from services.alerting.app import SPEC
from tests.integration import rebuild_dump
from tests.integration.alerting.alerting_site import LEADER, H
from tests.integration.service_client import until


async def test_a_rebuild_gives_the_same_alerts_and_inboxes_and_sends_nothing(site):
    await site.missed("occ-r1")
    await site.missed("occ-r2")
    await until(lambda: site.app.state.pool.fetchval("SELECT count(*) = 2 FROM alerting.person_inbox"))
    site.clock.advance(24 * H)
    await until(lambda: site.app.state.pool.fetchval("SELECT count(*) = 4 FROM alerting.person_inbox"))
    [first, _] = (await site.inbox(LEADER, "team_leader"))["items"]
    await site.client.post(f"/enterprises/ent-al-1/inbox/{first['id']}/read", headers=site.who(LEADER, "team_leader"))
    conn = await asyncpg.connect(site.settings.database_url)
    try:
        before = (await rebuild_dump.rows(conn, "alerting"), await rebuild_dump.structure(conn, "alerting"))
        events = await conn.fetchval("SELECT count(*) FROM alerting.events")
        await rebuild_service(SPEC, site.settings, show_progress=False)
        after = (await rebuild_dump.rows(conn, "alerting"), await rebuild_dump.structure(conn, "alerting"))
        assert await conn.fetchval("SELECT count(*) FROM alerting.events") == events, "a rebuild tells nobody"
        deadlines = await conn.fetchval("SELECT count(*) FROM alerting.deadlines")
    finally:
        await conn.close()
    assert after == before and len(before[0]["person_inbox"]) == 4, "the rebuilt inboxes are the live ones"
    assert "deadlines" not in before[0] and deadlines == 2  # each alert's principal rung is still to come
