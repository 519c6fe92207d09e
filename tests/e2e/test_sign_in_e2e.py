"""Signing in as the README shows it, through the gateway of `shuangkong run` (what `make run`
starts: real processes, argon2id at its production setting): the platform admin creates the
enterprise's first administrator, who signs in (changing the initial password first) and sets the
initial password of a person the registry registered; the person signs in, reads the registry
with the token, refreshes, finds a spent refresh token ends the session, and signs out. The
client's address is the one the gateway forwards."""

from __future__ import annotations

import signal
import time

import httpx

from libs.auth import issue_token
from libs.config import Settings
from tests.e2e.runner import start, wait_ready


def _until(fetch, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := fetch():
            return value
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


def _first_sign_in(g: httpx.Client, mobile: str, initial: str, chosen: str) -> dict:
    first = g.post("/identity/sign-in", json={"mobile": mobile, "password": initial}).json()
    assert first["password_change_required"] is True, first
    changed = g.post("/identity/password", json={"old_password": initial, "new_password": chosen},
                     headers={"Authorization": f"Bearer {first['password_change_token']}"})
    assert changed.status_code == 200, changed.text
    signed = g.post("/identity/sign-in", json={"mobile": mobile, "password": chosen})
    assert signed.status_code == 200, signed.text
    return signed.json()


def test_the_readmes_sign_in_through_the_gateway(run_dir, run_ports):
    proc = start(run_dir, run_ports)
    try:
        wait_ready(proc)
        g = httpx.Client(base_url=f"http://127.0.0.1:{run_ports['gateway']}", timeout=30)
        operator = {"Authorization": "Bearer " + issue_token(Settings(), person_id="op", enterprise_id=None,
                                                             roles=["platform_admin"])}
        eid = g.post("/risk_registry/enterprises", headers=operator, json={
            "name": "端到端登录化工", "credit_code": "91350100M000100Y43", "industry": "工贸"}).json()["id"]
        admin_body = {"enterprise_id": eid, "name": "信息管理员", "mobile": "13800000009", "password": "admin12345"}
        created = _until(lambda: (r := g.post("/identity/enterprise-admins", headers=operator, json=admin_body))
                         .status_code == 201 and r)  # once identity's replica knows the enterprise
        assert created.json()["state"] == "must_change"
        admin = {"Authorization": "Bearer " + _first_sign_in(g, "13800000009", "admin12345",
                                                             "Safe2026first")["access_token"]}

        officer = {"Authorization": "Bearer " + issue_token(Settings(), person_id="o", enterprise_id=eid,
                                                            roles=["safety_officer"])}
        person = g.post(f"/risk_registry/enterprises/{eid}/people", headers=officer,
                        json={"name": "赵敏", "mobile": "13655550002", "roles": ["worker"]}).json()
        _until(lambda: any(a["id"] == person["id"] and a["version"] for a in g.get(
            f"/identity/enterprises/{eid}/accounts", headers=admin).json()["items"]))
        r = g.post(f"/identity/enterprises/{eid}/accounts/{person['id']}/password", headers=admin,
                   json={"password": "initial123"})
        assert (r.status_code, r.json()["state"]) == (200, "must_change"), r.text

        signed = _first_sign_in(g, "13655550002", "initial123", "chosen4567")
        bearer = {"Authorization": f"Bearer {signed['access_token']}"}
        assert g.get(f"/risk_registry/enterprises/{eid}/people/{person['id']}", headers=bearer).status_code == 200
        assert g.get("/identity/me", headers=bearer).json()["name"] == "赵敏"
        renewed = g.post("/identity/token/refresh", json={"refresh_token": signed["refresh_token"]})
        assert renewed.status_code == 200, renewed.text
        reused = g.post("/identity/token/refresh", json={"refresh_token": signed["refresh_token"]})
        assert (reused.status_code, reused.json()["code"]) == (401, "refresh_reused")

        again = g.post("/identity/sign-in", json={"mobile": "13655550002", "password": "chosen4567"}).json()
        assert g.post("/identity/sign-out", json={"refresh_token": again["refresh_token"]}).status_code == 200
        assert g.post("/identity/token/refresh", json={"refresh_token": again["refresh_token"]}).status_code == 401
        sessions = g.get(f"/identity/enterprises/{eid}/sessions", headers=admin,
                         params={"account_id": person["id"], "include_ended": "true"}).json()["items"]
        assert {s["address"] for s in sessions} == {"127.0.0.1"}, "the address the gateway forwarded"
        assert sorted(s["ended"] for s in sessions) == ["refresh_reused", "signed_out"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
