"""The identity service's events reach the audit trail by themselves (it follows every producer):
an enterprise's trail shows who set a password, who signed in and failed, and who was locked out —
and, being the events, no secret."""

from __future__ import annotations

from services.audit.app import create_app as create_audit
from tests.integration.identity.conftest import CHOSEN, INITIAL, until
from tests.integration.service_client import running

MOBILE = "13966667777"


async def test_sign_ins_failures_and_a_lock_out_are_on_the_enterprises_trail(plant):
    async with running(create_audit(plant.settings)) as audit:
        person_id = await plant.with_password("陈晨", MOBILE)
        await plant.sign_in(MOBILE)
        for _ in range(5):
            await plant.sign_in(MOBILE, "wrong-pass1")

        async def trail():
            body = (await audit.get(f"/enterprises/{plant.eid}/entries", headers=plant.officer,
                                    params={"subject": f"account-{person_id}", "limit": 500})).json()
            types = [e["event_type"].rsplit(".", 1)[1] for e in body["items"]]
            return types if "AccountLocked" in types else None

        types = await until(trail)
        assert {"PersonAccountOpened", "PasswordSet", "SignedIn", "PasswordChanged", "SignInFailed",
                "AccountLocked"} <= set(types)
        entries = (await audit.get(f"/enterprises/{plant.eid}/entries", headers=plant.officer,
                                   params={"limit": 500})).json()["items"]
        text = str(entries)
        assert INITIAL not in text and CHOSEN not in text and "wrong-pass1" not in text
