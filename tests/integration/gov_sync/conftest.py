"""Gov sync beside the real risk registry, on the session's PostgreSQL and broker: the chain built
over the registry's HTTP reaches gov sync's snapshot projection through the broker. And a real
receiving platform per test and dialect, on a real TCP port, on the test's clock (no database or
broker needed for those)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest
from cryptography.fernet import Fernet

from libs.clock import FixedClock
from services.gov_sync.app import create_app as gov_sync_app
from services.gov_sync.settings import GovSyncSettings
from services.hazard.app import create_app as hazard_app
from services.inspection.app import create_app as inspection_app
from services.risk_registry.app import create_app as registry_app
from tests.integration.alerting.channels.receivers import serving
from tests.integration.alerting.channels.tls import make_pki
from tests.integration.gov_sync.receivers.platform import GovReceiver
from tests.integration.risk_registry.directory_helpers import credit_code
from tests.integration.service_client import running, settings_for, token, until


@dataclass
class Plant:
    gov: httpx.AsyncClient
    registry: httpx.AsyncClient
    settings: object
    eid: str
    officer: dict
    admin: dict
    ids: dict = field(default_factory=dict)

    async def post(self, path: str, body: dict, status: int = 201, method: str = "POST") -> dict:
        r = await self.registry.request(method, f"/enterprises/{self.eid}{path}", headers=self.officer, json=body)
        assert r.status_code == status, (path, r.text)
        return r.json()

    async def call(self, method: str, path: str, body: dict | None = None, status: int = 200,
                   headers: dict | None = None, eid: str | None = None) -> dict:
        r = await self.gov.request(method, f"/enterprises/{eid or self.eid}{path}", headers=headers or self.admin,
                                   json=body)
        assert r.status_code == status, (path, r.text)
        return r.json()

    async def snapshot(self, entity: int, record_id: str, seen=lambda row: True) -> dict:
        """The projection's row once it is there (and `seen` holds of it): the consumer's lag."""
        async def arrived():
            row = await self.gov_pool_row(entity, record_id)
            return row if row and seen(row) else None
        return await until(arrived)

    async def gov_pool_row(self, entity: int, record_id: str) -> dict | None:
        conn = await asyncpg.connect(self.settings.database_url)
        try:
            row = await conn.fetchrow("SELECT * FROM gov_sync_snapshots.snapshots WHERE entity = $1 AND id = $2",
                                      entity, record_id)
            return {**dict(row), "fields": json.loads(row["fields"])} if row else None
        finally:
            await conn.close()


async def new_plant(settings, registry, gov, number: int, hazchem_code: str | None) -> Plant:
    operator = token(settings, None, "platform_admin", person="operator")
    body = {"name": f"某某化工有限公司{number}", "credit_code": credit_code(number),
            "industry": "危化" if hazchem_code else "工贸"}
    if hazchem_code:
        body["hazchem_code"] = hazchem_code
    r = await registry.post("/enterprises", headers=operator, json=body)
    assert r.status_code == 201, r.text
    eid = r.json()["id"]
    return Plant(gov, registry, settings, eid, token(settings, eid, "safety_officer", person="officer-1"),
                 token(settings, eid, "enterprise_admin", person="admin-1"))


async def build_chain(p: Plant, liable_name: str = "王储运") -> None:
    """Department, a liable person, a 重大危险源, its unit, a risk assessed 重大, one measure."""
    dept = await p.post("/org-units", {"kind": "department", "name": "储运部"})
    team = await p.post("/org-units", {"kind": "team", "name": "储运班", "parent_id": dept["id"]})
    post = await p.post("/org-units", {"kind": "post", "name": "操作工岗", "parent_id": team["id"]})
    liable = await p.post("/people", {"name": liable_name, "mobile": "13900000111", "post_id": post["id"]})
    tank = await p.post("/risk-objects", {"kind": "major_hazard_source", "name": "液氯储罐区", "code": "MH-001",
                                          "department_id": dept["id"]})
    unit = await p.post("/risk-units", {"object_id": tank["id"], "name": "液氯储罐单元", "department_id": dept["id"],
                                        "liable_person_id": liable["id"]})
    risk = await p.post("/risk-events", {"unit_id": unit["id"], "name": "液氯泄漏中毒", "accident_types": [17],
                                         "consequence": "人员伤亡"})
    await p.post(f"/risk-events/{risk['id']}/assessments", {
        "stage": "inherent", "method": "LEC", "inputs": {"L": 10, "E": 6, "C": 15}, "assessed_on": "2026-11-01",
        "reassess_on": "2027-11-01"})
    measure = await p.post("/control-measures", {
        "risk_event_id": risk["id"], "description": "储罐液位高报警联锁", "classify1": "1", "classify2": "1-4",
        "data_source": "2", "inspection_content": "检查液位计与联锁是否投用", "responsible_post_id": post["id"]})
    p.ids.update(dept=dept["id"], post=post["id"], liable=liable["id"], tank=tank["id"], unit=unit["id"],
                 risk=risk["id"], measure=measure["id"])


KEY = Fernet.generate_key().decode()


@pytest.fixture
async def plant(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    gov = gov_sync_app(settings, GovSyncSettings(secrets_key=KEY))
    async with running(registry_app(settings)) as registry, running(gov) as client:
        p = await new_plant(settings, registry, client, 915, "330212915")
        yield p


@pytest.fixture
async def inspected(runtime, database_url, topic_prefix):
    """The plant with inspection running too: a measure's check task reaches gov sync."""
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    gov = gov_sync_app(settings, GovSyncSettings(secrets_key=KEY))
    async with running(registry_app(settings)) as registry, running(inspection_app(settings)), \
            running(gov) as client:
        yield await new_plant(settings, registry, client, 918, "330212918")


@pytest.fixture
async def governed(runtime, database_url, topic_prefix, tmp_path):
    """The plant with hazard governance running too (its photos in a directory of the test's): a
    hazard reported and governed there reaches gov sync. `ids["hazard_client"]` talks to it."""
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, blob_dir=str(tmp_path / "blobs"))
    gov = gov_sync_app(settings, GovSyncSettings(secrets_key=KEY))
    async with running(registry_app(settings)) as registry, running(hazard_app(settings)) as hazards, \
            running(gov) as client:
        plant = await new_plant(settings, registry, client, 919, "330212919")
        plant.ids["hazard_client"] = hazards
        yield plant


PARK_KEY, UPLOADER_KEY, PROVINCIAL_KEY = "wwyt2026Park#Key", "sec-Uploader-Key", "Province16chKey!"
PARK_LOGIN = ("91330100MA2XXXXX1A", "园区口令-2026")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 12, 3, 10, 0, tzinfo=UTC))


async def _serve(receiver: GovReceiver, certfile: str | None = None, keyfile: str | None = None):
    async with serving(receiver.app(), certfile, keyfile) as url:
        receiver.url = url
        yield receiver
        receiver.released.set()


@pytest.fixture
async def park(clock):
    async for found in _serve(GovReceiver("park", PARK_KEY, PARK_LOGIN, lambda: clock.now().timestamp())):
        yield found


@pytest.fixture
async def uploader(clock):
    async for found in _serve(GovReceiver("uploader", UPLOADER_KEY, None, lambda: clock.now().timestamp())):
        yield found


@pytest.fixture
async def provincial(clock):
    async for found in _serve(GovReceiver("provincial", PROVINCIAL_KEY, None, lambda: clock.now().timestamp())):
        yield found


@pytest.fixture
async def park_tls(clock, tmp_path):
    """The park receiver over HTTPS with a certificate from a test CA (`park_tls.ca_file`)."""
    pki = make_pki(tmp_path)
    receiver = GovReceiver("park", PARK_KEY, PARK_LOGIN, lambda: clock.now().timestamp())
    receiver.ca_file = pki.ca_file
    async for found in _serve(receiver, pki.cert_file, pki.key_file):
        yield found
