"""Commands in the risk registry become a hash-chained audit trail, through the real relay,
broker and consumer; tampering with a row is found by verification."""

from __future__ import annotations

import asyncpg

from tests.integration.audit.conftest import registered, wait_for_entries
from tests.integration.service_client import token


async def test_every_command_lands_in_the_trail_once_and_verifies(system, database_url):
    settings, registry, audit = system
    admin = token(settings, None, "platform_admin", person="operator")
    eid = await registered(registry, admin, "某化工有限公司")
    officer = token(settings, eid, "safety_officer", person="officer-9")
    dept = (await registry.post(f"/enterprises/{eid}/org-units", headers=officer,
                                json={"kind": "department", "name": "生产部"})).json()
    for name in ("生产一部", "生产二部", "生产三部"):
        await registry.post(f"/enterprises/{eid}/org-units/{dept['id']}/rename", headers=officer,
                            json={"name": name})

    body = await wait_for_entries(audit, eid, officer, 5)
    assert body["total"] == 5
    renames = (await audit.get(f"/enterprises/{eid}/entries", headers=officer,
                               params={"event_type": "OrgUnitRenamed", "actor": "officer-9"})).json()
    assert renames["total"] == 3 and renames["items"][0]["data"]["name"] == "生产三部"
    by_subject = (await audit.get(f"/enterprises/{eid}/entries", headers=officer,
                                  params={"subject": f"orgunit-{dept['id']}"})).json()
    assert [e["chain_seq"] for e in by_subject["items"]] == [4, 3, 2, 1]
    # The bare id every other answer gives finds the same entries (and only them).
    by_id = (await audit.get(f"/enterprises/{eid}/entries", headers=officer, params={"subject": dept["id"]})).json()
    assert by_id["items"] == by_subject["items"]
    assert (await audit.get(f"/enterprises/{eid}/entries", headers=officer,
                            params={"subject": dept["id"][1:]})).json()["total"] == 0

    result = (await audit.get(f"/enterprises/{eid}/verify", headers=officer)).json()
    assert result == {"ok": True, "entries": 5, "chains": 2, "heads": 0, "sealed": 0, "broken": None}

    # Someone edits a row behind the system's back.
    conn = await asyncpg.connect(database_url)
    seq = await conn.fetchval(
        "SELECT seq FROM audit.audit_entries WHERE subject = $1 AND chain_seq = 2", f"orgunit-{dept['id']}")
    async with conn.transaction():  # as the superuser, past any guard in the schema
        await conn.execute("SET LOCAL session_replication_role = replica")
        await conn.execute("UPDATE audit.audit_entries SET canonical = replace(canonical, '生产一部', '生产壹部') "
                           "WHERE seq = $1", seq)
    await conn.close()
    result = (await audit.get(f"/enterprises/{eid}/verify", headers=officer)).json()
    assert result["ok"] is False
    assert result["broken"]["seq"] == seq and result["broken"]["chain_seq"] == 2
    assert "篡改" in result["broken"]["reason"]


async def test_tenants_and_regulators_see_only_their_trail(system):
    settings, registry, audit = system
    admin = token(settings, None, "platform_admin")
    a = await registered(registry, admin, "甲公司")
    await wait_for_entries(audit, a, token(settings, a, "safety_officer"), 1)
    other = token(settings, "someone-else", "principal")
    assert (await audit.get(f"/enterprises/{a}/entries", headers=other)).status_code == 403
    outside = token(settings, None, "regulator", jurisdiction=("x",))
    inside = token(settings, None, "regulator", jurisdiction=(a,))
    assert (await audit.get(f"/enterprises/{a}/entries", headers=outside)).status_code == 403
    assert (await audit.get(f"/enterprises/{a}/entries", headers=inside)).json()["total"] == 1
    assert (await audit.get("/verify", headers=inside)).status_code == 403
    assert (await audit.get("/verify", headers=admin)).json()["ok"] is True


async def test_the_trail_is_read_by_those_who_oversee_not_by_workers(system):
    settings, registry, audit = system
    admin = token(settings, None, "platform_admin")
    eid = await registered(registry, admin, "甲公司")
    await wait_for_entries(audit, eid, token(settings, eid, "safety_officer"), 1)
    readers = {"safety_officer": 200, "enterprise_admin": 200, "principal": 200,
               "worker": 403, "team_leader": 403, "department_head": 403, "technical_head": 403,
               "operations_head": 403}
    seen = {}
    for role in readers:
        headers = token(settings, eid, role)
        seen[role] = {(await audit.get(f"/enterprises/{eid}/{path}", headers=headers)).status_code
                      for path in ("entries", "verify")}
    assert seen == {role: {status} for role, status in readers.items()}
    inside = token(settings, None, "regulator", jurisdiction=(eid,))
    assert (await audit.get(f"/enterprises/{eid}/entries", headers=inside)).status_code == 200
    refused = await audit.get(f"/enterprises/{eid}/entries", headers=token(settings, eid, "worker"))
    assert refused.json()["code"] == "forbidden" and "安全管理员" in refused.json()["message"]
