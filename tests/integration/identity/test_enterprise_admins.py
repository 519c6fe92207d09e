"""Enterprise admins appointing and demoting one another through HTTP, on the real PostgreSQL and
broker: the platform's first administrator appoints a second with their own token; the second
signs in as an administrator; a demotion ends the demoted one's sessions and sign-ins; the last
administrator is never demoted, even when two demote each other at once; the events are on the
enterprise's audit trail."""

from __future__ import annotations

import asyncio

from services.audit.app import create_app as create_audit
from tests.integration.identity.conftest import INITIAL, bearer, until
from tests.integration.identity.test_accounts_api import claims, first_sign_in
from tests.integration.service_client import running, token

FIRST, SECOND = "13800005551", "13800005552"


async def _two_admins(plant) -> tuple[dict, dict, str, str]:
    """The platform's first administrator and one they appointed, both signed in."""
    operator = token(plant.settings, None, "platform_admin", person="operator")
    created = await plant.identity.post("/enterprise-admins", headers=operator, json={
        "enterprise_id": plant.eid, "name": "信息管理员", "mobile": FIRST, "password": INITIAL})
    assert created.status_code == 201, created.text
    first = await first_sign_in(plant, FIRST, INITIAL)
    appointed = await plant.identity.post(f"/enterprises/{plant.eid}/admins", headers=bearer(first["access_token"]),
                                          json={"name": "副管理员", "mobile": SECOND, "password": INITIAL})
    assert (appointed.status_code, appointed.json()["state"]) == (201, "must_change"), appointed.text
    second = await first_sign_in(plant, SECOND, INITIAL)
    assert (claims(second["access_token"])["ent"], claims(second["access_token"])["roles"]) == (
        plant.eid, ["enterprise_admin"])
    return first, second, created.json()["id"], appointed.json()["id"]


async def test_a_demoted_admin_loses_every_session_and_the_last_one_stays(plant):
    async with running(create_audit(plant.settings)) as audit:
        first, second, first_id, second_id = await _two_admins(plant)
        by_first = bearer(first["access_token"])
        demoted = await plant.identity.post(f"/enterprises/{plant.eid}/admins/{second_id}/demote", headers=by_first)
        assert (demoted.status_code, demoted.json()["state"]) == (200, "disabled"), demoted.text
        refreshed = await plant.identity.post("/token/refresh", json={"refresh_token": second["refresh_token"]})
        assert refreshed.status_code == 401, "the demoted one's session is over"
        assert (await plant.sign_in(SECOND)).status_code == 401
        last = await plant.identity.post(f"/enterprises/{plant.eid}/admins/{first_id}/demote", headers=by_first)
        assert (last.status_code, last.json()["code"], last.json()["field"]) == (409, "last_admin", "account_id")
        assert "最后一位企业管理员" in last.json()["message"]
        person = await plant.register("吴用", "13911115555")
        not_admin = await plant.identity.post(f"/enterprises/{plant.eid}/admins/{person}/demote", headers=by_first)
        assert not_admin.status_code == 404
        worker = await plant.identity.post(f"/enterprises/{plant.eid}/admins/{first_id}/demote",
                                           headers=plant.officer)
        assert worker.status_code == 403, "only an administrator demotes"

        async def trail():
            body = (await audit.get(f"/enterprises/{plant.eid}/entries", headers=plant.officer,
                                    params={"subject": f"account-{second_id}", "limit": 500})).json()
            types = [e["event_type"].rsplit(".", 1)[1] for e in body["items"]]
            return types if "EnterpriseAdminDemoted" in types else None

        assert {"EnterpriseAdminAccountCreated", "EnterpriseAdminDemoted"} <= set(await until(trail))


async def test_two_admins_demoting_each_other_at_once_leave_one(plant):
    first, second, first_id, second_id = await _two_admins(plant)
    answers = await asyncio.gather(
        plant.identity.post(f"/enterprises/{plant.eid}/admins/{second_id}/demote",
                            headers=bearer(first["access_token"])),
        plant.identity.post(f"/enterprises/{plant.eid}/admins/{first_id}/demote",
                            headers=bearer(second["access_token"])))
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    listed = await plant.identity.get(f"/enterprises/{plant.eid}/accounts", headers=plant.admin,
                                      params={"kind": "enterprise_admin", "state": "active"})
    assert listed.json()["total"] == 1
