"""The whole system as `make run` starts it, in this process: every service of the catalog and the
gateway in front of them, each a real HTTP server (uvicorn, on free ports) on the session's real
PostgreSQL and broker; and one enterprise seeded through the gateway with everything the routes
refer to (org tree, people, a rated major hazard source with its chain, a check task and its
occurrence, a check record with an abnormal item and the hazard it became, a plan, a sealed audit
log). Used by the OpenAPI conformance run and the end-to-end flows."""

from __future__ import annotations

import asyncio
import importlib
import uuid
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
import pytest
import uvicorn

from libs.runtime.process import free_port
from services.gateway.app import create_app as gateway_app
from shuangkong.catalog import catalog
from tests.integration.risk_registry.directory_helpers import credit_code
from tests.integration.service_client import settings_for, token

SERVICES = catalog().names  # every service `make run` starts


@asynccontextmanager
async def serving(app):
    """`app` as a real HTTP server on a free port, its lifespan included."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="on", log_config=None,
                                           access_log=False, log_level="warning"))
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("server stopped while starting")
            await asyncio.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@dataclass
class System:
    gateway: str
    settings: object
    ids: dict[str, str] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)


@pytest.fixture
async def system(runtime, database_url, topic_prefix, monkeypatch, tmp_path):
    """Every service `make run` starts, and the gateway in front of them; the audit log sealed every
    half second (its proofs need signed heads), with its key in the test's own directory."""
    monkeypatch.setenv("SK_AUDIT_SEAL_INTERVAL_S", "0.5")
    monkeypatch.setenv("SK_AUDIT_SIGNING_KEY_FILE", str(tmp_path / "audit-signing.key"))
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    async with AsyncExitStack() as stack:
        urls = {name: await stack.enter_async_context(
            serving(importlib.import_module(f"services.{name}.app").create_app(settings))) for name in SERVICES}
        routes = ",".join(f"{name}={url}" for name, url in urls.items())
        gateway_settings = settings_for(database_url, runtime.bootstrap, topic_prefix, gateway_routes=routes)
        gateway = await stack.enter_async_context(serving(gateway_app(gateway_settings)))
        async with httpx.AsyncClient(base_url=gateway, timeout=30) as client:
            for _ in range(400):
                if (await client.get("/readyz")).status_code == 200:
                    break
                await asyncio.sleep(0.05)
            else:
                raise TimeoutError("the system never became ready")
        yield System(gateway, settings)


async def seed(client: httpx.AsyncClient, system: System) -> None:
    """One enterprise with everything the routes refer to, created through the gateway."""
    s = system.settings
    admin = token(s, None, "platform_admin", person="operator")
    r = await client.post("/risk_registry/enterprises", headers=admin, json={
        "name": "宁波契约化工有限公司", "credit_code": credit_code(424_242), "industry": "危化",
        "hazchem_code": "330212009"})
    assert r.status_code == 201, r.text
    eid = r.json()["id"]
    officer = token(s, eid, "safety_officer", person="seeder")

    async def post(path: str, body: dict, status: int = 201) -> dict:
        r = await client.post(f"/risk_registry/enterprises/{eid}{path}", headers=officer, json=body)
        assert r.status_code == status, f"{path}: {r.text}"
        return r.json()

    dept = await post("/org-units", {"kind": "department", "name": "生产部"})
    spare = await post("/org-units", {"kind": "department", "name": "备用部"})
    team = await post("/org-units", {"kind": "team", "name": "氢化班", "parent_id": dept["id"]})
    job = await post("/org-units", {"kind": "post", "name": "氢化岗位操作工", "parent_id": team["id"]})
    worker = await post("/people", {"name": "赵敏", "mobile": "13900000002", "post_id": job["id"]})
    head = await post("/people", {"name": "李强", "mobile": "13900000001", "roles": ["principal"]})
    tech = await post("/people", {"name": "王芳", "mobile": "13900000003", "roles": ["technical_head"]})
    ops = await post("/people", {"name": "陈刚", "mobile": "13900000004", "roles": ["operations_head"]})
    tank = await post("/risk-objects", {"kind": "major_hazard_source", "name": "双氧水罐区", "code": "MHS-01",
                                        "department_id": dept["id"],
                                        "outline": [[0, 0], [100, 0], [100, 60], [0, 60]]})
    await post(f"/risk-objects/{tank['id']}/rating", {"alpha": 1.0, "substances": [
        {"name": "过氧化氢", "q": 260, "critical_q": 200, "beta": 1.0}]}, status=200)
    await post(f"/risk-objects/{tank['id']}/guardians", {
        "principal_id": head["id"], "technical_id": tech["id"], "operations_id": ops["id"]}, status=200)
    unit = await post("/risk-units", {"object_id": tank["id"], "name": "双氧水储罐单元",
                                      "department_id": dept["id"], "liable_person_id": head["id"]})
    risk = await post("/risk-events", {"unit_id": unit["id"], "name": "储罐超温分解爆炸", "accident_types": [17, 8],
                                       "consequence": "储罐破裂，人员伤亡"})
    await post(f"/risk-events/{risk['id']}/assessments", {
        "stage": "inherent", "method": "LEC", "inputs": {"L": 3, "E": 6, "C": 40},
        "assessed_on": "2026-11-01", "reassess_on": "2027-11-01"})
    measure = await post("/control-measures", {
        "risk_event_id": risk["id"], "description": "储罐设温度高高联锁", "classify1": "1", "classify2": "1-4",
        "data_source": "2", "inspection_content": "检查温度联锁投用状态", "responsible_post_id": job["id"]})
    for _ in range(200):  # inspection's reactor drew up the measure's check task (through the broker)
        tasks = (await client.get(f"/inspection/enterprises/{eid}/check-tasks", headers=officer)).json()
        if tasks.get("items"):
            break
        await asyncio.sleep(0.1)
    assert tasks.get("items"), tasks
    task_id = tasks["items"][0]["id"]
    r = await client.post(f"/inspection/enterprises/{eid}/check-tasks/{task_id}/cycle", headers=officer, json={
        "check_cycle": 1, "check_cycle_unit": "天", "task_start_time": "2026-01-01T00:00:00"})
    assert r.status_code == 200, r.text
    for _ in range(200):  # the catch-up deadline issued the open window (the scheduler polls)
        occurrences = (await client.get(f"/inspection/enterprises/{eid}/occurrences", headers=officer)).json()
        if occurrences.get("items"):
            break
        await asyncio.sleep(0.1)
    assert occurrences.get("items"), occurrences
    system.ids = {"enterprise": eid, "dept": dept["id"], "spare": spare["id"], "team": team["id"],
                  "post": job["id"], "person": worker["id"], "object": tank["id"], "risk_unit": unit["id"],
                  "risk": risk["id"], "measure": measure["id"], "task": task_id,
                  "occurrence": occurrences["items"][0]["id"]}
    system.people = [worker["id"], head["id"], tech["id"], ops["id"]]
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)  # the kind is read from the bytes: a PNG's signature
    r = await client.post(f"/inspection/enterprises/{eid}/photos", headers=officer,
                          files={"file": ("现场.png", png, "image/png")})
    assert r.status_code == 201, r.text
    system.ids["photo"] = r.json()["photo_id"]
    record = {  # the officer enters the post's worker's check (only an occurrence's people record it)
        "client_id": str(uuid.uuid4()), "occurrence_id": system.ids["occurrence"], "on_behalf_of": worker["id"],
        "made_at": datetime.now(UTC).isoformat(), "items": [{"item_id": "1", "abnormal": True, "note": "联锁被旁路"}],
        "create_by_mobile": "13900000002", "photo_ids": [system.ids["photo"]]}
    for _ in range(200):  # 409 not_replicated until inspection's directory replica has the worker
        r = await client.post(f"/inspection/enterprises/{eid}/check-records", headers=officer, json=record)
        if r.status_code != 409:
            break
        await asyncio.sleep(0.1)
    assert r.status_code == 201, r.text
    system.ids["record"] = r.json()["id"]
    for _ in range(200):  # its abnormal item becomes a hazard, by hazard's reactor behind the broker
        found = (await client.get(f"/hazard/enterprises/{eid}/hazards", headers=officer)).json().get("items")
        if found:
            break
        await asyncio.sleep(0.1)
    assert found, "the seeded record's hazard never arrived"
    system.ids["hazard"] = found[0]["id"]
    r = await client.post(f"/inspection/enterprises/{eid}/plans", headers=officer, json={  # a draft, with one item
        "kind": 1, "title": "罐区日常巡检", "period_start": "2026-01-01",
        "cycle": {"check_cycle": 1, "check_cycle_unit": "天", "task_start_time": "2026-01-01T08:00:00"},
        "assignments": [{"post_id": job["id"]}],
        "items": [{"check_type": "现场检查", "item": "储罐液位", "content": "查看液位计读数", "unit": "%",
                   "high": 80}]})
    assert r.status_code == 201, r.text
    system.ids["plan"] = r.json()["id"]
    for _ in range(200):  # a 包保 task, once inspection's replica has the tank's guardians (through the broker)
        r = await client.post(f"/inspection/enterprises/{eid}/guardian-tasks", headers=officer, json={
            "object_id": tank["id"], "work_type": 1, "task_num": 1, "troubleshoot_content": "督促、检查安全生产工作",
            "cycle": {"check_cycle": 1, "check_cycle_unit": "天", "task_start_time": "2026-01-01T08:00:00"}})
        if r.status_code != 409:
            break
        await asyncio.sleep(0.1)
    assert r.status_code == 201, r.text
    system.ids["guardian_task"] = r.json()["id"]
    r = await client.post(f"/gov_sync/enterprises/{eid}/sync-targets", headers=token(s, eid, "enterprise_admin"),
                          json={"name": "化工园区平台", "dialect": "park", "base_url": "https://park.example.gov.cn",
                                "entities": [1, 2, 3]})  # no secret: `make run` configures no key for them
    assert r.status_code == 201, r.text
    system.ids["sync_target"] = r.json()["id"]
    r = await client.post(f"/alerting/enterprises/{eid}/self-checks", headers=officer,
                          json={"conclusions": "本季度提醒均已及时处置、销警。"})
    assert r.status_code == 201, r.text
    system.ids["self_check"] = r.json()["id"]
    for _ in range(200):  # the audit log sealed: an entry and a size its proofs can be asked for
        r = await client.get(f"/audit/enterprises/{eid}/tree-heads/latest", headers=officer)
        if r.status_code == 200:
            break
        await asyncio.sleep(0.1)
    assert r.status_code == 200, r.text
    entries = (await client.get(f"/audit/enterprises/{eid}/entries", headers=officer)).json()["items"]
    system.ids.update(event=entries[-1]["event_id"], sealed=str(r.json()["tree_size"]))
