"""Inspection beside the real risk registry, on the session's PostgreSQL and broker: the measures
defined over the registry's HTTP reach inspection's reactor through the broker, as in `make run`."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from services.inspection.app import create_app as inspection_app
from services.risk_registry.app import create_app as registry_app
from tests.integration.risk_registry.directory_helpers import credit_code
from tests.integration.service_client import running, settings_for, token, until


@dataclass
class Plant:
    inspection: httpx.AsyncClient
    registry: httpx.AsyncClient
    settings: object
    eid: str
    officer: dict
    ids: dict

    async def post(self, path: str, body: dict, status: int = 201) -> dict:
        r = await self.registry.post(f"/enterprises/{self.eid}{path}", headers=self.officer, json=body)
        assert r.status_code == status, (path, r.text)
        return r.json()

    async def define_measure(self, data_source: str = "2", post: str = "操作工岗",
                             description: str = "储罐设温度高高联锁") -> str:
        measure = await self.post("/control-measures", {
            "risk_event_id": self.ids["risk"], "description": description, "classify1": "1",
            "classify2": "1-4", "data_source": data_source, "inspection_content": "检查温度联锁投用状态",
            "responsible_post_id": self.ids[post]})
        return measure["id"]

    async def tasks(self, **params) -> list[dict]:
        r = await self.inspection.get(f"/enterprises/{self.eid}/check-tasks", headers=self.officer, params=params)
        assert r.status_code == 200, r.text
        return r.json()["items"]

    async def task_of(self, measure_id: str, seen=lambda task: True) -> dict:
        """The measure's task once it is there (and `seen` holds of it): the reactor's lag."""
        async def arrived():
            found = await self.tasks(measure_id=measure_id)
            return found[0] if found and seen(found[0]) else None

        return await until(arrived)


async def new_plant(settings, registry: httpx.AsyncClient, inspection: httpx.AsyncClient, name: str, number: int,
                    hazchem_code: str, cls: type[Plant] = Plant) -> Plant:
    """A 危化 enterprise the platform's operator registers (credit code `number`), as the plant its
    safety officer (officer-1) builds over the registry's HTTP."""
    operator = token(settings, None, "platform_admin", person="operator")
    r = await registry.post("/enterprises", headers=operator, json={
        "name": name, "credit_code": credit_code(number), "industry": "危化", "hazchem_code": hazchem_code})
    assert r.status_code == 201, r.text
    eid = r.json()["id"]
    return cls(inspection, registry, settings, eid, token(settings, eid, "safety_officer", person="officer-1"), {})


@pytest.fixture
async def plant(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    async with running(registry_app(settings)) as registry, running(inspection_app(settings)) as inspection:
        p = await new_plant(settings, registry, inspection, "宁波某某双氧水有限公司", 912, "330212001")
        dept = await p.post("/org-units", {"kind": "department", "name": "生产部"})
        team = await p.post("/org-units", {"kind": "team", "name": "储运班", "parent_id": dept["id"]})
        for name in ("操作工岗", "班长岗"):
            p.ids[name] = (await p.post("/org-units", {"kind": "post", "name": name, "parent_id": team["id"]}))["id"]
        liable = await p.post("/people", {"name": "陈工", "mobile": "13900000110", "post_id": p.ids["班长岗"]})
        tank = await p.post("/risk-objects", {"kind": "process_unit", "name": "罐区", "department_id": dept["id"]})
        unit = await p.post("/risk-units", {"object_id": tank["id"], "name": "储罐单元", "department_id": dept["id"],
                                            "liable_person_id": liable["id"]})
        risk = await p.post("/risk-events", {"unit_id": unit["id"], "name": "储罐超温分解爆炸",
                                             "accident_types": [17], "consequence": "人员伤亡"})
        p.ids["risk"] = risk["id"]
        yield p
