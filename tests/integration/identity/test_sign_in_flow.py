"""Signing in through HTTP, on the real PostgreSQL and broker, beside the real risk registry:
a person the registry registers is learnt from its events; an initial password must be changed
first; the tokens open the registry's API; refresh tokens rotate, a reused one ends the session;
sign-out ends it; wrong passwords lock the account until it lapses or an administrator lifts it;
and a person who leaves (a real PersonLeft through the broker) loses every session."""

from __future__ import annotations

import asyncpg
import jwt

from libs.config import DEV_JWT_KEY
from tests.integration.identity.conftest import CHOSEN, INITIAL, bearer, until

MOBILE = "13911112222"


async def test_first_sign_in_must_change_the_initial_password_then_the_tokens_open_the_registry(plant):
    person_id = await plant.register("赵敏", MOBILE, roles=("safety_officer",))
    r = await plant.identity.post(f"/enterprises/{plant.eid}/accounts/{person_id}/password", headers=plant.admin,
                                  json={"password": INITIAL})
    assert (r.status_code, r.json()["state"], r.json()["state_label"]) == (200, "must_change", "须修改初始密码")
    first = (await plant.sign_in(MOBILE, INITIAL)).json()
    assert first["password_change_required"] is True and "access_token" not in first
    # The change token opens nothing but the change.
    change_only = bearer(first["password_change_token"])
    refused = await plant.registry.get(f"/enterprises/{plant.eid}/people", headers=change_only)
    assert refused.status_code in (401, 403)
    weak = await plant.identity.post("/password", json={"old_password": INITIAL, "new_password": "12345678"},
                                     headers=bearer(first["password_change_token"]))
    assert (weak.status_code, weak.json()["field"]) == (422, "new_password")
    changed = await plant.identity.post("/password", json={"old_password": INITIAL, "new_password": CHOSEN},
                                        headers=bearer(first["password_change_token"]))
    assert changed.status_code == 200, changed.text

    signed = (await plant.sign_in(MOBILE)).json()
    claims = jwt.decode(signed["access_token"], DEV_JWT_KEY, algorithms=["HS256"], issuer="shuangkong")
    assert (claims["sub"], claims["ent"], claims["roles"], claims["typ"]) == (
        person_id, plant.eid, ["safety_officer"], "access")
    people = await plant.registry.get(f"/enterprises/{plant.eid}/people", headers=bearer(signed["access_token"]))
    assert people.status_code == 200, "another service accepts the token"


async def test_refresh_rotates_a_reused_token_ends_the_session_and_sign_out_ends_another(plant):
    await plant.with_password("钱进", MOBILE)
    signed = (await plant.sign_in(MOBILE)).json()
    renewed = await plant.identity.post("/token/refresh", json={"refresh_token": signed["refresh_token"]})
    assert renewed.status_code == 200, renewed.text
    renewed = renewed.json()
    assert renewed["session_id"] == signed["session_id"] and renewed["refresh_token"] != signed["refresh_token"]

    reused = await plant.identity.post("/token/refresh", json={"refresh_token": signed["refresh_token"]})
    assert (reused.status_code, reused.json()["code"]) == (401, "refresh_reused")
    after = await plant.identity.post("/token/refresh", json={"refresh_token": renewed["refresh_token"]})
    assert after.status_code == 401, "the whole session is gone, the newest token with it"

    other = (await plant.sign_in(MOBILE)).json()
    out = await plant.identity.post("/sign-out", json={"refresh_token": other["refresh_token"]})
    assert (out.status_code, out.json()["signed_out"]) == (200, True)
    again_out = await plant.identity.post("/sign-out", json={"refresh_token": other["refresh_token"]})
    assert again_out.json() == out.json(), "a token that names no open session is answered alike (RFC 7009)"
    again = await plant.identity.post("/token/refresh", json={"refresh_token": other["refresh_token"]})
    assert again.status_code == 401

    conn = await asyncpg.connect(plant.settings.database_url)
    try:
        ended = dict(await conn.fetch("SELECT id, ended FROM identity.sessions"))
    finally:
        await conn.close()
    assert ended == {signed["session_id"]: "refresh_reused", other["session_id"]: "signed_out"}


async def test_five_wrong_passwords_lock_the_account_alike_to_an_unknown_number_and_an_admin_lifts_it(plant):
    person_id = await plant.with_password("孙莉", MOBILE)
    session = (await plant.sign_in(MOBILE)).json()
    unknown = await plant.sign_in("13700000000", "whatever1")
    for _ in range(5):
        wrong = await plant.sign_in(MOBILE, "wrong-pass1")
        assert (wrong.status_code, wrong.json()) == (401, unknown.json()), "the same answer as an unknown number"
    locked = await plant.sign_in(MOBILE)
    assert (locked.status_code, locked.json()) == (401, unknown.json()), "the right password too, while locked"
    assert (await plant.identity.post("/token/refresh", json={"refresh_token": session["refresh_token"]})
            ).status_code == 401, "the lock-out ended the session"

    rows = (await plant.identity.get(f"/enterprises/{plant.eid}/accounts", headers=plant.officer,
                                     params={"state": "locked"})).json()
    assert [(a["id"], a["failures_in_a_row"]) for a in rows["items"]] == [(person_id, 5)]
    worker = await plant.identity.post(f"/enterprises/{plant.eid}/accounts/{person_id}/unlock", headers=plant.officer)
    assert worker.status_code == 403, "a safety officer reads, the enterprise admin writes"
    lifted = await plant.identity.post(f"/enterprises/{plant.eid}/accounts/{person_id}/unlock", headers=plant.admin)
    assert (lifted.status_code, lifted.json()["state"]) == (200, "active")
    assert (await plant.sign_in(MOBILE)).status_code == 200


async def test_a_person_who_leaves_the_registry_loses_every_session_and_cannot_sign_in(plant):
    person_id = await plant.with_password("周航", MOBILE)
    phone, desk = (await plant.sign_in(MOBILE)).json(), (await plant.sign_in(MOBILE)).json()
    person = (await plant.registry.get(f"/enterprises/{plant.eid}/people/{person_id}", headers=plant.officer)).json()
    left = await plant.registry.post(f"/enterprises/{plant.eid}/people/{person_id}/leave", headers=plant.officer,
                                     json={"reason": "离职", "expected_version": person["version"]})
    assert left.status_code == 200, left.text

    async def revoked():
        r = await plant.identity.get(f"/enterprises/{plant.eid}/accounts", headers=plant.admin,
                                     params={"include_left": "true", "q": "周航"})
        return r.json()["items"][0]["state"] == "disabled"

    await until(revoked)
    for signed in (phone, desk):
        r = await plant.identity.post("/token/refresh", json={"refresh_token": signed["refresh_token"]})
        assert r.status_code == 401
    assert (await plant.sign_in(MOBILE)).status_code == 401
    conn = await asyncpg.connect(plant.settings.database_url)
    try:
        caused = await conn.fetch(
            """SELECT type, metadata->>'actor' AS actor FROM identity.events
               WHERE type IN ('shuangkong.identity.AccountDisabled', 'shuangkong.identity.SessionRevoked')""")
    finally:
        await conn.close()
    assert sorted(r["type"].rsplit(".", 1)[1] for r in caused) == [
        "AccountDisabled", "SessionRevoked", "SessionRevoked"]
    assert {r["actor"] for r in caused} == {"system:identity-accounts"}
