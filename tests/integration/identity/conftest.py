"""The identity service beside the real risk registry, on the session's PostgreSQL and broker:
the registry's events reach identity's replica and reactor through the broker, as in `make run`."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from services.identity.app import create_app as identity_app
from services.identity.settings import IdentitySettings
from services.risk_registry.app import create_app as registry_app
from tests.integration.risk_registry.directory_helpers import credit_code
from tests.integration.service_client import running, settings_for, token, until

INITIAL = "initial123"
CHOSEN = "chosen4567"



@dataclass
class Plant:
    identity: httpx.AsyncClient
    registry: httpx.AsyncClient
    settings: object
    eid: str
    admin: dict  # the enterprise admin's token (an operator's, as `shuangkong token` mints)
    officer: dict
    apps: dict

    async def register(self, name: str, mobile: str, roles=("worker",)) -> str:
        r = await self.registry.post(f"/enterprises/{self.eid}/people", headers=self.officer,
                                     json={"name": name, "mobile": mobile, "roles": list(roles)})
        assert r.status_code == 201, r.text
        person_id = r.json()["id"]

        async def opened():
            r = await self.identity.get(f"/enterprises/{self.eid}/accounts", headers=self.admin, params={"q": name})
            return any(a["id"] == person_id and a["version"] > 0 for a in r.json()["items"])

        await until(opened)  # the reactor opened the account, the replica has the person
        return person_id

    async def with_password(self, name: str, mobile: str, roles=("worker",)) -> str:
        """Registered, an initial password set, changed at the first sign-in to CHOSEN."""
        person_id = await self.register(name, mobile, roles)
        r = await self.identity.post(f"/enterprises/{self.eid}/accounts/{person_id}/password", headers=self.admin,
                                     json={"password": INITIAL})
        assert r.status_code == 200, r.text
        first = await self.sign_in(mobile, INITIAL)
        assert first.json()["password_change_required"] is True, first.text
        changed = await self.identity.post("/password", json={"old_password": INITIAL, "new_password": CHOSEN},
                                           headers=bearer(first.json()["password_change_token"]))
        assert changed.status_code == 200, changed.text
        return person_id

    async def sign_in(self, mobile: str, password: str = CHOSEN, **headers) -> httpx.Response:
        return await self.identity.post("/sign-in", json={"mobile": mobile, "password": password}, headers=headers)


def bearer(jwt: str) -> dict:
    return {"Authorization": f"Bearer {jwt}"}


@pytest.fixture
def identity_clock():
    """The identity service's clock: its own (None), unless a module drives one (a FixedClock)."""
    return None


@pytest.fixture
async def plant(runtime, database_url, topic_prefix, identity_clock):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    # Cheap hashes: the tests sign in dozens of times; the parameters are not what is tested.
    cheap = IdentitySettings(argon2_time_cost=1, argon2_memory_kib=8)
    apps = {"registry": registry_app(settings), "identity": identity_app(settings, cheap)}
    if identity_clock is not None:
        apps["identity"].state.clock = identity_clock
    async with running(apps["registry"]) as registry, running(apps["identity"]) as identity:
        operator = token(settings, None, "platform_admin", person="operator")
        r = await registry.post("/enterprises", headers=operator, json={
            "name": "宁波某某双氧水有限公司", "credit_code": credit_code(777), "industry": "工贸"})
        assert r.status_code == 201, r.text
        eid = r.json()["id"]
        pool = apps["identity"].state.pool
        await until(lambda: pool.fetchval(  # the enterprise reached identity's replica
            "SELECT EXISTS (SELECT 1 FROM identity_directory.enterprises WHERE enterprise_id = $1)", eid))
        yield Plant(identity, registry, settings, eid, token(settings, eid, "enterprise_admin", person="it-admin"),
                    token(settings, eid, "safety_officer", person="officer-1"), apps)
