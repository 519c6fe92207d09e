"""Every service keeps the contract its OpenAPI document states, through the gateway a user calls.

The whole system runs here as it does under `make run`: each service and the gateway a real
HTTP server (uvicorn, in this process, on free ports) on the real PostgreSQL and broker of the
session. Each service's document is loaded through the gateway; schemathesis generates requests
for every operation (valid ones, and invalid ones wherever a body or query can be got wrong),
derandomized so every run sends the same cases, and every answer goes through
`not_a_server_error` (never a 5xx), `response_schema_conformance` (the body is what the document
says, errors included), `status_code_conformance` (the status is one the document names) and
`content_type_conformance`.

A seeded enterprise (org tree, people, a rated major hazard source with a unit, a graded risk
event and its control measure) gives real ids; about half of the generated ids and references are
replaced by them, and each request carries a token of the enterprise's writing roles (safety
officer and enterprise admin: identity's account routes are the admin's alone) for the enterprise
in its path (a platform admin's for platform routes), so the cases reach the handlers and the
database, not only the validators. Commands that end things (retire, leave) run last, so the rest
still finds the seeded chain alive.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import random
import time
import uuid
from collections import Counter
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote

import httpx
import pytest
import requests
import schemathesis
import uvicorn
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from libs.runtime.process import free_port
from services.gateway.app import create_app as gateway_app
from shuangkong.catalog import catalog
from tests.derandomized import draw
from tests.integration.risk_registry.directory_helpers import credit_code
from tests.integration.service_client import settings_for, token

SERVICES = catalog().names  # every service `make run` starts

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
POSITIVE_EXAMPLES = 20  # per operation
NEGATIVE_EXAMPLES = 8  # per operation with a body or query to get wrong
SEED = 20261202
ENDINGS = ("/retire", "/leave")  # commands after which the seeded object is gone


# ---- the system ------------------------------------------------------------------------------

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
    r = await client.post(f"/inspection/enterprises/{eid}/plans", headers=officer, json={  # a draft, with one item
        "kind": 1, "title": "罐区日常巡检", "period_start": "2026-01-01",
        "cycle": {"check_cycle": 1, "check_cycle_unit": "天", "task_start_time": "2026-01-01T08:00:00"},
        "assignments": [{"post_id": job["id"]}],
        "items": [{"check_type": "现场检查", "item": "储罐液位", "content": "查看液位计读数", "unit": "%",
                   "high": 80}]})
    assert r.status_code == 201, r.text
    system.ids["plan"] = r.json()["id"]
    for _ in range(200):  # the audit log sealed: an entry and a size its proofs can be asked for
        r = await client.get(f"/audit/enterprises/{eid}/tree-heads/latest", headers=officer)
        if r.status_code == 200:
            break
        await asyncio.sleep(0.1)
    assert r.status_code == 200, r.text
    entries = (await client.get(f"/audit/enterprises/{eid}/entries", headers=officer)).json()["items"]
    system.ids.update(event=entries[-1]["event_id"], sealed=str(r.json()["tree_size"]))


# ---- generating and sending ------------------------------------------------------------------


def _path_ids(template: str, ids: dict[str, str]) -> dict[str, list[str]]:
    """Real values for the path parameters of `template` (`unit_id` is an org unit or a risk unit)."""
    unit = [ids["risk_unit"]] if "/risk-units/" in template else [ids["dept"], ids["team"], ids["post"],
                                                                    ids["spare"]]
    # A person's sign-in account (identity) has the person's id.
    return {"enterprise_id": [ids["enterprise"]], "unit_id": unit, "person_id": [ids["person"]],
            "account_id": [ids["person"]], "object_id": [ids["object"]], "risk_id": [ids["risk"]],
            "measure_id": [ids["measure"]], "task_id": [ids["task"]], "photo_id": [ids["photo"]],
            "occurrence_id": [ids["occurrence"]], "record_id": [ids["record"]], "plan_id": [ids["plan"]],
            "no": ["1"],  # a plan's checklist item
            "event_id": [ids["event"]], "tree_size": [ids["sealed"]], "first": ["1"], "second": [ids["sealed"]],
            "year": ["2025"]}  # a year the holiday library has (inspection's calendar)


def _references(system: System) -> dict[str, list[str]]:
    """Real values for the ids a body or query refers to."""
    ids = system.ids
    return {"department_id": [ids["dept"], ids["spare"]], "parent_id": [ids["dept"], ids["team"]],
            "post_id": [ids["post"]], "responsible_post_id": [ids["post"]], "object_id": [ids["object"]],
            "unit_id": [ids["risk_unit"]], "risk_event_id": [ids["risk"]],
            "liable_person_id": system.people, "principal_id": system.people[1:2],
            "technical_id": system.people[2:3], "operations_id": system.people[3:4]}


_CONTROL = dict.fromkeys([*range(0x20), 0x7F])


def _plausible(values: dict, refs: dict[str, list[str]], rng: random.Random, n: int) -> None:
    """Make some values valid beyond what the document can say (real ids, check digits, no control
    characters), so more requests get past the rules into the handlers."""
    for name, value in list(values.items()):
        if isinstance(value, str) and rng.random() < 0.7:
            values[name] = value.translate(_CONTROL) or "名"
        if rng.random() >= 0.5:
            continue
        if name in refs:
            values[name] = rng.choice(refs[name])
        elif name == "mobile":
            values[name] = f"137{n:08d}"
        elif name == "credit_code":
            values[name] = credit_code(500_000 + n)
        elif name == "hazchem_code":
            values[name] = f"{n:09d}"


@dataclass
class Outcome:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    succeeded: set[str] = field(default_factory=set)  # operations that answered a 2xx at least once
    operations: set[str] = field(default_factory=set)
    # "operation → status: checks" → the first report of that kind (a class shows once, not 40 times)
    failures: dict[str, str] = field(default_factory=dict)


def _run(service: str, spec: dict, system: System, outcome: Outcome) -> None:
    """Synchronous (hypothesis and the requests transport): run it in a worker thread."""
    schema = schemathesis.openapi.from_dict(spec)
    rng = random.Random(f"{SEED}-{service}")
    refs = _references(system)
    base_url = f"{system.gateway}/{service}"
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: op.path.endswith(ENDINGS))  # stable: the rest keep the document's order
    session = requests.Session()
    for operation in operations:
        outcome.operations.add(f"{service} {operation.label}")
        modes = [(GenerationMode.POSITIVE, POSITIVE_EXAMPLES)]
        if operation.body or operation.query:
            modes.append((GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES))
        for mode, examples in modes:
            try:
                cases = draw(operation.as_strategy(generation_mode=mode), examples)
            except Unsatisfiable:  # nothing in this operation can be made invalid
                continue
            for case in cases:
                _send(service, case, mode, system, refs, rng, base_url, session, outcome)


def _send(service, case, mode, system: System, refs, rng: random.Random, base_url: str, session, outcome: Outcome):
    n = outcome.sent
    for name, choices in _path_ids(case.operation.path, system.ids).items():
        if case.path_parameters and name in case.path_parameters and rng.random() < 0.7:
            case.path_parameters[name] = rng.choice(choices)
    if mode is GenerationMode.POSITIVE:
        if isinstance(case.body, dict):
            _plausible(case.body, refs, rng, n)
        if case.query:
            _plausible(case.query, refs, rng, n)
    tenant = (case.path_parameters or {}).get("enterprise_id")
    tenant = unquote(tenant) if tenant is not None else None  # generated path values come percent-encoded
    who = rng.random()
    if who < 0.04:
        headers = {}  # no token: 401
    elif tenant is None:
        headers = token(system.settings, None, "platform_admin", person="operator")
    elif who < 0.1:
        headers = token(system.settings, tenant, "worker", person=system.ids["person"])
    else:
        headers = token(system.settings, tenant, "safety_officer", "enterprise_admin", person=system.ids["person"])
    label = f"{service} {case.operation.label}"
    outcome.sent += 1
    try:
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=30)
    except requests.RequestException as exc:
        outcome.failures.setdefault(f"{label}: no answer", repr(exc))
        return
    outcome.statuses[response.status_code] += 1
    if 200 <= response.status_code < 300:
        outcome.succeeded.add(label)
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except BaseExceptionGroup as group:  # schemathesis' failures: the report names each check and the case
        titles = ", ".join(sorted({getattr(e, "title", type(e).__name__) for e in group.exceptions}))
        outcome.failures.setdefault(f"{label} → {response.status_code}: {titles}", str(group)[:1500])


async def test_every_operation_of_every_service_keeps_its_documented_contract_through_the_gateway(system):
    started = time.monotonic()
    outcome = Outcome()
    async with httpx.AsyncClient(base_url=system.gateway, timeout=30) as client:
        await seed(client, system)
        specs = {}
        for service in SERVICES:
            r = await client.get(f"/{service}/openapi.json")
            assert r.status_code == 200, f"{service}: {r.status_code} {r.text[:200]}"
            specs[service] = r.json()
    for service, spec in specs.items():
        assert spec["paths"], service
        await asyncio.to_thread(_run, service, json.loads(json.dumps(spec)), system, outcome)

    print(f"\ncontract: {outcome.sent} requests over {len(outcome.operations)} operations in "
          f"{time.monotonic() - started:.0f}s; statuses {sorted(outcome.statuses.items())}; "
          f"{len(outcome.succeeded)} operations answered a 2xx")
    assert not outcome.failures, f"{len(outcome.failures)} kinds of answers break the contract:\n" + "\n".join(
        outcome.failures) + "\n\n" + "\n\n".join(f"{k}\n{v}" for k, v in list(outcome.failures.items())[:12])
    # The cases reached the handlers: every read answered at least once with data.
    reads = {op for op in outcome.operations if op.split(" ")[1] == "GET"}
    assert reads - outcome.succeeded == set(), sorted(reads - outcome.succeeded)
    assert len(outcome.succeeded) >= 0.7 * len(outcome.operations), sorted(outcome.operations - outcome.succeeded)
