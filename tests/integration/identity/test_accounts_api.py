"""The administration routes through HTTP: the tenant guard (another enterprise's admin is refused,
another enterprise's account is not found), the platform's regulators signing in with their
jurisdiction (read by the registry's tenant guard), an enterprise's first administrator, and an
integrator's client credentials."""

from __future__ import annotations

import jwt

from libs.config import DEV_JWT_KEY
from tests.integration.identity.conftest import CHOSEN, INITIAL, bearer
from tests.integration.service_client import token


def claims(jwt_text: str) -> dict:
    return jwt.decode(jwt_text, DEV_JWT_KEY, algorithms=["HS256"], issuer="shuangkong")


async def first_sign_in(plant, mobile: str, initial: str) -> dict:
    first = (await plant.sign_in(mobile, initial)).json()
    assert first["password_change_required"] is True, first
    r = await plant.identity.post("/password", json={"old_password": initial, "new_password": CHOSEN},
                                  headers=bearer(first["password_change_token"]))
    assert r.status_code == 200, r.text
    signed = await plant.sign_in(mobile)
    assert signed.status_code == 200, signed.text
    return signed.json()


async def test_the_tenant_guard_and_who_may_write(plant):
    person_id = await plant.register("郑爽", "13933334444")
    body = {"password": INITIAL}
    other_admin = token(plant.settings, "ent-other", "enterprise_admin")
    assert (await plant.identity.post(f"/enterprises/{plant.eid}/accounts/{person_id}/password", json=body,
                                      headers=other_admin)).status_code == 403
    assert (await plant.identity.post(f"/enterprises/{plant.eid}/accounts/{person_id}/password", json=body,
                                      headers=plant.officer)).status_code == 403
    missing = await plant.identity.post(f"/enterprises/{plant.eid}/accounts/nobody/password", json=body,
                                        headers=plant.admin)
    assert (missing.status_code, missing.json()["field"]) == (404, "account_id")
    weak = await plant.identity.post(f"/enterprises/{plant.eid}/accounts/{person_id}/password",
                                     json={"password": "password"}, headers=plant.admin)
    assert (weak.status_code, weak.json()["field"], weak.json()["message"]) == (
        422, "password", "初始密码须同时包含字母和数字")
    worker = token(plant.settings, plant.eid, "worker")
    assert (await plant.identity.get(f"/enterprises/{plant.eid}/accounts", headers=worker)).status_code == 403


async def test_a_regulator_signs_in_and_reads_the_enterprises_of_the_jurisdiction(plant):
    operator = token(plant.settings, None, "platform_admin", person="operator")
    created = await plant.identity.post("/regulators", headers=operator, json={
        "name": "王监管", "mobile": "13800001111", "jurisdiction": [plant.eid], "password": "watch12345"})
    assert created.status_code == 201, created.text
    assert (created.json()["state"], created.json()["jurisdiction"]) == ("must_change", [plant.eid])
    signed = await first_sign_in(plant, "13800001111", "watch12345")
    assert (claims(signed["access_token"])["roles"], claims(signed["access_token"])["jur"]) == (["regulator"],
                                                                                                [plant.eid])
    people = await plant.registry.get(f"/enterprises/{plant.eid}/people", headers=bearer(signed["access_token"]))
    assert people.status_code == 200
    unknown = await plant.identity.put(f"/regulators/{created.json()['id']}/jurisdiction", headers=operator,
                                       json={"jurisdiction": ["ent-nowhere"]})
    assert (unknown.status_code, unknown.json()["field"]) == (422, "jurisdiction.0")
    listed = (await plant.identity.get("/regulators", headers=operator)).json()
    assert [r["name"] for r in listed["items"]] == ["王监管"]
    assert (await plant.identity.get("/regulators", headers=plant.admin)).status_code == 403


async def test_an_enterprises_first_administrator_is_the_platforms_to_create(plant):
    operator = token(plant.settings, None, "platform_admin", person="operator")
    created = await plant.identity.post("/enterprise-admins", headers=operator, json={
        "enterprise_id": plant.eid, "name": "信息管理员", "mobile": "13800002222", "password": "admin12345"})
    assert created.status_code == 201, created.text
    signed = await first_sign_in(plant, "13800002222", "admin12345")
    assert (claims(signed["access_token"])["ent"], claims(signed["access_token"])["roles"]) == (
        plant.eid, ["enterprise_admin"])
    listed = await plant.identity.get(f"/enterprises/{plant.eid}/accounts", headers=bearer(signed["access_token"]),
                                      params={"kind": "enterprise_admin"})
    assert [(a["name"], a["state"]) for a in listed.json()["items"]] == [("信息管理员", "active")]
    again = await plant.identity.post("/enterprise-admins", headers=operator, json={
        "enterprise_id": plant.eid, "name": "另一个", "mobile": "13800002222", "password": "admin12345"})
    assert (again.status_code, again.json()["field"]) == (409, "mobile")
    nowhere = await plant.identity.post("/enterprise-admins", headers=operator, json={
        "enterprise_id": "ent-nowhere", "name": "某人", "mobile": "13800003333", "password": "admin12345"})
    assert (nowhere.status_code, nowhere.json()["field"]) == (404, "enterprise_id")


async def test_an_integrator_gets_access_tokens_with_its_scopes_and_no_refresh_token(plant):
    created = await plant.identity.post(f"/enterprises/{plant.eid}/service-accounts", headers=plant.admin,
                                        json={"name": "数据中台", "scopes": ["risk_registry:read"]})
    assert created.status_code == 201, created.text
    body = created.json()
    issued = await plant.identity.post("/token/client-credentials", json={"client_id": body["client_id"],
                                                                         "client_secret": body["client_secret"]})
    assert issued.status_code == 200, issued.text
    assert "refresh_token" not in issued.json() and issued.json()["scope"] == "risk_registry:read"
    got = claims(issued.json()["access_token"])
    assert (got["roles"], got["scp"], got["ent"], got["jur"]) == (["integrator"], ["risk_registry:read"], plant.eid,
                                                                  [plant.eid])
    integrator = bearer(issued.json()["access_token"])
    reads = await plant.registry.get(f"/enterprises/{plant.eid}/people", headers=integrator)
    assert reads.status_code == 200, "the registry lets the integrator read within its scope"
    writes = await plant.registry.post(f"/enterprises/{plant.eid}/org-units", headers=integrator,
                                       json={"kind": "department", "name": "某部"})
    assert writes.status_code == 403, "and never write"
    listed = (await plant.identity.get(f"/enterprises/{plant.eid}/service-accounts", headers=plant.officer)).json()
    assert [a["client_id"] for a in listed["items"]] == [body["client_id"]]
    assert "client_secret" not in listed["items"][0] and listed["items"][0]["last_used_at"] is not None
    bad_scope = await plant.identity.put(f"/enterprises/{plant.eid}/service-accounts/{body['id']}/scopes",
                                         headers=plant.admin, json={"scopes": ["risk_registry:write"]})
    assert (bad_scope.status_code, bad_scope.json()["field"]) == (422, "scopes.0")
    removed = await plant.identity.delete(f"/enterprises/{plant.eid}/service-accounts/{body['id']}",
                                          headers=plant.admin)
    assert (removed.status_code, removed.json()["removed"]) == (200, True)
    refused = await plant.identity.post("/token/client-credentials", json={"client_id": body["client_id"],
                                                                          "client_secret": body["client_secret"]})
    assert (refused.status_code, refused.json()["code"]) == (401, "client_refused")


async def test_me_the_sessions_an_admin_sees_and_the_rules_a_client_can_show(plant):
    person_id = await plant.with_password("冯敏", "13944445555", roles=("team_leader",))
    signed = (await plant.sign_in("13944445555", **{"X-Forwarded-For": "198.51.100.23"})).json()
    me = (await plant.identity.get("/me", headers=bearer(signed["access_token"]))).json()
    assert (me["account_id"], me["kind"], me["name"], me["state"], me["roles"], me["session_id"]) == (
        person_id, "person", "冯敏", "active", ["team_leader"], signed["session_id"])
    assert me["roles_label"] == ["班组长"] and me["state_label"] == "正常"
    operator = (await plant.identity.get("/me", headers=token(plant.settings, None, "platform_admin",
                                                                person="operator"))).json()
    assert (operator["account_id"], operator["kind"], operator["roles"]) == ("operator", None, ["platform_admin"])
    assert (await plant.identity.get("/me", headers=bearer(signed["refresh_token"]))).status_code == 401

    sessions = (await plant.identity.get(f"/enterprises/{plant.eid}/sessions", headers=plant.officer,
                                         params={"account_id": person_id})).json()
    assert [(s["id"], s["address"], s["ended"]) for s in sessions["items"]] == [
        (signed["session_id"], "198.51.100.23", None)]
    await plant.identity.post("/sign-out", json={"refresh_token": signed["refresh_token"]})
    ended = (await plant.identity.get(f"/enterprises/{plant.eid}/sessions", headers=plant.officer,
                                      params={"account_id": person_id, "include_ended": "true"})).json()
    assert [(s["ended"], s["ended_label"]) for s in ended["items"]] == [("signed_out", "主动退出")]

    policy = (await plant.identity.get("/password-policy")).json()
    assert policy["min_length"] == 8 and "须同时包含字母和数字" in policy["rules"]
    tables = (await plant.identity.get("/code-tables", headers=plant.officer)).json()
    assert {"account_kind", "account_state", "session_end", "system_role"} <= {t["name"] for t in tables["tables"]}
