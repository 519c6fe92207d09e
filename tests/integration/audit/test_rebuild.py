"""`shuangkong rebuild audit` replays the log beside the live trail and swaps it in: the rebuilt
trail equals the live one (same entries, same hashes), and the live consumer carries on."""

from __future__ import annotations

import asyncpg

from libs.rebuild import rebuild_projection
from services.audit.projection import AuditTrail
from tests.integration.audit.conftest import registered, wait_for_entries
from tests.integration.service_client import token

SNAPSHOT = ("SELECT event_id, enterprise_id, subject, chain_seq, prev_hash, hash "
            "FROM audit.audit_entries ORDER BY event_id")


async def test_rebuilt_trail_equals_the_live_one(system, database_url):
    settings, registry, audit = system
    admin = token(settings, None, "platform_admin")
    eid = await registered(registry, admin, "重建测试公司")
    officer = token(settings, eid, "safety_officer")
    for i in range(6):
        dept = (await registry.post(f"/enterprises/{eid}/org-units", headers=officer,
                                    json={"kind": "department", "name": f"部门{i}"})).json()
        await registry.post(f"/enterprises/{eid}/org-units/{dept['id']}/rename", headers=officer,
                            json={"name": f"部门{i}（新）"})
    await wait_for_entries(audit, eid, officer, 13)

    conn = await asyncpg.connect(database_url)
    before = [tuple(r) for r in await conn.fetch(SNAPSHOT)]
    result = await rebuild_projection(AuditTrail(topic_prefix=settings.topic_prefix), settings, show_progress=False)
    after = [tuple(r) for r in await conn.fetch(SNAPSHOT)]
    await conn.close()

    assert result["applied"] == 13
    assert after == before

    # The live consumer keeps writing into the swapped-in trail.
    await registry.post("/enterprises/" + eid + "/org-units", headers=officer,
                        json={"kind": "department", "name": "重建后新部门"})
    await wait_for_entries(audit, eid, officer, 14)
    assert (await audit.get(f"/enterprises/{eid}/verify", headers=officer)).json()["ok"] is True
