"""The enterprise directory through its HTTP API, on real PostgreSQL and a real broker."""

from __future__ import annotations

import asyncio

from tests.integration.risk_registry.conftest import SECOND_CODE, VALID_CODE


async def test_register_enterprise_and_build_the_org_tree(registry_app, enterprise):
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    assert enterprise["credit_code"] == VALID_CODE and enterprise["industry"] == "危化"

    dept = (await api.post(f"/enterprises/{eid}/org-units", headers=officer,
                           json={"kind": "department", "name": "生产部"})).json()
    team = (await api.post(f"/enterprises/{eid}/org-units", headers=officer,
                           json={"kind": "team", "name": "氢化班", "parent_id": dept["id"]})).json()
    r = await api.post(f"/enterprises/{eid}/org-units", headers=officer,
                       json={"kind": "post", "name": "氢化岗位操作工", "parent_id": team["id"]})
    assert r.status_code == 201, r.text
    post = r.json()

    r = await api.post(f"/enterprises/{eid}/people", headers=officer,
                       json={"name": "张伟", "mobile": "13812345678", "post_id": post["id"],
                             "roles": ["worker", "team_leader"]})
    assert r.status_code == 201, r.text
    person = r.json()
    assert person["roles"] == ["team_leader", "worker"]

    tree = (await api.get(f"/enterprises/{eid}/org-units/tree", headers=enterprise["worker"])).json()
    assert tree[0]["name"] == "生产部"
    assert tree[0]["children"][0]["children"][0]["name"] == "氢化岗位操作工"

    people = (await api.get(f"/enterprises/{eid}/people", params={"post_id": post["id"]},
                            headers=officer)).json()
    assert people["total"] == 1 and people["items"][0]["name"] == "张伟"


async def test_renames_and_moves_are_history_nothing_is_deleted(registry_app, enterprise):
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    a = (await api.post(f"/enterprises/{eid}/org-units", headers=officer,
                        json={"kind": "department", "name": "安全部"})).json()
    b = (await api.post(f"/enterprises/{eid}/org-units", headers=officer,
                        json={"kind": "department", "name": "设备部"})).json()
    team = (await api.post(f"/enterprises/{eid}/org-units", headers=officer,
                           json={"kind": "team", "name": "维修班", "parent_id": a["id"]})).json()
    r = await api.post(f"/enterprises/{eid}/org-units/{team['id']}/move", headers=officer,
                       json={"parent_id": b["id"]})
    assert r.json()["parent_id"] == b["id"]
    await api.post(f"/enterprises/{eid}/org-units/{team['id']}/rename", headers=officer, json={"name": "机修班"})
    r = await api.post(f"/enterprises/{eid}/org-units/{team['id']}/retire", headers=officer,
                       json={"reason": "机构调整"})
    assert r.json()["retired"] is True
    history = (await api.get(f"/enterprises/{eid}/org-units/{team['id']}/history", headers=officer)).json()
    assert [h["type"] for h in history] == ["OrgUnitCreated", "OrgUnitMoved", "OrgUnitRenamed", "OrgUnitRetired"]
    assert history[1]["actor"] == "officer-1"
    listed = (await api.get(f"/enterprises/{eid}/org-units", params={"include_retired": True},
                            headers=officer)).json()
    assert listed["total"] == 3


async def test_concurrent_commands_on_one_aggregate_the_loser_gets_409(registry_app, enterprise):
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    unit = (await api.post(f"/enterprises/{eid}/org-units", headers=officer,
                           json={"kind": "department", "name": "质检部"})).json()
    first = await api.post(f"/enterprises/{eid}/org-units/{unit['id']}/rename", headers=officer,
                           json={"name": "质量部", "expected_version": 1})
    stale = await api.post(f"/enterprises/{eid}/org-units/{unit['id']}/rename", headers=officer,
                           json={"name": "品管部", "expected_version": 1})
    assert first.status_code == 200
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict" and stale.json()["field"] == "expected_version"
    assert (await api.get(f"/enterprises/{eid}/org-units/{unit['id']}", headers=officer)).json()["name"] == "质量部"


async def test_bad_input_is_a_4xx_naming_the_field_and_writes_nothing(registry_app, admin, enterprise):
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    cases = [
        ("/enterprises", admin, {"name": "某公司", "credit_code": "91350100M000100Y44", "industry": "工贸"},
         "credit_code"),
        ("/enterprises", admin, {"name": "某公司", "credit_code": SECOND_CODE, "industry": "化工"}, "industry"),
        ("/enterprises", admin, {"name": "某公司", "credit_code": SECOND_CODE, "industry": "危化"}, "hazchem_code"),
        (f"/enterprises/{eid}/org-units", officer, {"kind": "team", "name": "直属班组"}, "parent_id"),
        (f"/enterprises/{eid}/org-units", officer, {"kind": "station", "name": "x"}, "kind"),
        (f"/enterprises/{eid}/people", officer, {"name": "李四", "mobile": "12345678901"}, "mobile"),
        (f"/enterprises/{eid}/people", officer, {"name": "李四", "mobile": "13900000000", "roles": ["boss"]},
         "roles.0"),
        (f"/enterprises/{eid}/people", officer, {"name": "李四", "mobile": "13900000000", "post_id": "nope"},
         "post_id"),
    ]
    for path, headers, body, field in cases:
        r = await api.post(path, headers=headers, json=body)
        assert 400 <= r.status_code < 500, (path, body, r.status_code, r.text)
        assert r.json()["field"] == field, (body, r.json())
    assert (await api.get("/enterprises", headers=admin)).json()["total"] == 1
    assert (await api.get(f"/enterprises/{eid}/people", headers=officer)).json()["total"] == 0


async def test_duplicate_credit_code_is_refused(registry_app, admin, enterprise):
    r = await registry_app.post("/enterprises", headers=admin, json={
        "name": "另一家公司", "credit_code": VALID_CODE, "industry": "工贸"})
    assert r.status_code == 409 and r.json()["field"] == "credit_code"


async def test_concurrent_writers_through_http_exactly_one_wins(registry_app, enterprise):
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    unit = (await api.post(f"/enterprises/{eid}/org-units", headers=officer,
                           json={"kind": "department", "name": "仓储部"})).json()
    renames = [api.post(f"/enterprises/{eid}/org-units/{unit['id']}/rename", headers=officer,
                        json={"name": f"仓储部{i}", "expected_version": 1}) for i in range(8)]
    statuses = sorted(r.status_code for r in await asyncio.gather(*renames))
    assert statuses == [200] + [409] * 7
    history = (await api.get(f"/enterprises/{eid}/org-units/{unit['id']}/history", headers=officer)).json()
    assert [h["version"] for h in history] == [1, 2]
