"""Property-based fuzzing of the whole directory API from its own OpenAPI document (schemathesis +
hypothesis), on the real app, real PostgreSQL and the real broker.

ARCHITECTURE "Cross-cutting": bad input gets a clear 4xx naming the field, never a 500, and nothing
is half-written. So for every generated request: the status is below 500, every 4xx carries
`{code, message, field}`, a 2xx never shows another enterprise's rows, and afterwards the event log
and the inline read model still agree.

How: the cases are generated up front in a worker thread (hypothesis runs its own synchronous loop
and must not run inside the test's event loop), derandomized so CI sees the same cases every run;
then they are replayed through the app's httpx client. Half of the cases get real ids (the
enterprise, its units, its person) and plausible values (a valid credit code, a valid mobile) so
they reach the handlers and the database, not only the validators. Each request carries a safety
officer's token for the enterprise in its path (a platform admin's for `/enterprises`).
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
import schemathesis

from tests.derandomized import operation_cases
from tests.integration.risk_registry.directory_helpers import (
    Seeded,
    connect,
    credit_code,
    error_shape_ok,
    seed,
)
from tests.integration.service_client import token

# schemathesis' own strategies touch the global `random`; hypothesis warns about it, not about us.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")

POSITIVE_EXAMPLES = 28  # per operation: schema-valid requests
NEGATIVE_EXAMPLES = 12  # per operation that has a body or query to get wrong
SEED = 20240601  # the substitutions below are as reproducible as hypothesis' derandomized draws


@dataclass
class Request:
    label: str  # "POST /enterprises/{enterprise_id}/people"
    mode: str
    method: str
    path: str  # percent-encoded, as sent
    params: dict
    headers: dict
    content: bytes | None
    json_body: object
    has_json: bool
    tenant: str | None  # the (decoded) enterprise id in the path; None for /enterprises

    def describe(self) -> str:
        body = self.json_body if self.has_json else self.content
        return f"[{self.mode}] {self.method} {self.path} params={self.params!r} body={body!r}"[:600]


def _plausible(body: dict, rng: random.Random, a: Seeded, n: int) -> dict:
    """Make some fields valid so a generated request gets past the validators into the handlers."""
    out = dict(body)
    if "mobile" in out and rng.random() < 0.5:
        out["mobile"] = f"139{n:08d}"
    if "credit_code" in out and rng.random() < 0.5:
        out["credit_code"] = credit_code(70_000 + n)
    if "hazchem_code" in out and rng.random() < 0.5:
        out["hazchem_code"] = f"{n:09d}"
    if "post_id" in out and rng.random() < 0.5:
        out["post_id"] = rng.choice([a.post, a.team, a.empty])
    if "parent_id" in out and rng.random() < 0.5:
        out["parent_id"] = rng.choice([a.dept, a.team, a.other, a.post])
    if "roles" in out and rng.random() < 0.3:
        out["roles"] = ["worker"]
    return out


def _generate(spec: dict, a: Seeded) -> list[Request]:
    """Synchronous: runs hypothesis. Call it in a worker thread."""
    schema = schemathesis.openapi.from_dict(spec)
    rng = random.Random(SEED)
    requests: list[Request] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, case in operation_cases(operation, POSITIVE_EXAMPLES, NEGATIVE_EXAMPLES):
            requests.append(_request(case, mode.value, rng, a, len(requests)))
    return requests


def _request(case, mode: str, rng: random.Random, a: Seeded, n: int) -> Request:
    params = case.path_parameters
    if "enterprise_id" in params and rng.random() < 0.5:
        params["enterprise_id"] = a.id
    if "unit_id" in params and rng.random() < 0.5:
        params["unit_id"] = rng.choice([a.dept, a.team, a.post, a.empty, a.other])
    if "person_id" in params and rng.random() < 0.5:
        params["person_id"] = a.person
    if isinstance(case.body, dict) and mode == "positive":
        case.body = _plausible(case.body, rng, a, n)
    kw = case.as_transport_kwargs(base_url="http://test")
    headers = {k: v for k, v in kw.get("headers", {}).items() if k.lower() not in ("authorization", "cookie")}
    path = kw["url"].removeprefix("http://test")
    has_json = "json" in kw
    content = kw.get("data")
    if isinstance(content, str):
        content = content.encode()
    tenant = unquote(params["enterprise_id"]) if "enterprise_id" in params else None
    return Request(case.operation.label, mode, kw["method"], path, dict(kw.get("params") or {}), headers,
                   content, kw.get("json"), has_json, tenant)


def _leaks(payload: object, tenant: str) -> bool:
    """A 2xx answer for `tenant` that contains a row of another enterprise."""
    if isinstance(payload, dict):
        if "enterprise_id" in payload and payload["enterprise_id"] not in (tenant, None):
            return True
        return any(_leaks(v, tenant) for v in payload.values() if isinstance(v, (dict, list)))
    if isinstance(payload, list):
        return any(_leaks(v, tenant) for v in payload)
    return False


async def test_fuzz_every_operation_never_5xx_and_errors_keep_their_shape(registry_app, admin, enterprise,
                                                                          database_url):
    started = time.monotonic()
    api = registry_app
    a = await seed(api, enterprise, tag="F", mobile="13800000001")
    # A second tenant whose rows must never show up in answers for the first.
    other = await api.post("/enterprises", headers=admin, json={
        "name": "旁观者有限公司", "credit_code": credit_code(99_999), "industry": "工贸"})
    assert other.status_code == 201, other.text
    await seed(api, other.json(), tag="X", mobile="13800000001")

    spec = (await api.get("/openapi.json")).json()
    requests = await asyncio.to_thread(_generate, json.loads(json.dumps(spec)), a)
    generated = time.monotonic()
    operations = {r.label for r in requests}
    assert len(operations) >= 21, sorted(operations)  # the directory and the risk chain
    assert len(requests) > 21 * POSITIVE_EXAMPLES // 2

    failures: list[str] = []
    statuses: dict[int, int] = {}
    for req in requests:
        headers = dict(req.headers)
        if req.tenant is None:
            headers.update(admin)
        else:
            headers.update(token(api.settings, req.tenant, "safety_officer", person="fuzzer"))
        kwargs = {"json": req.json_body} if req.has_json else {"content": req.content}
        try:
            r = await api.request(req.method, req.path, params=req.params, headers=headers, **kwargs)
        except Exception as exc:  # the ASGI transport re-raises what the app's 500 handler saw
            statuses[500] = statuses.get(500, 0) + 1
            failures.append(f"500 ({type(exc).__name__}: {str(exc)[:150]}) ← {req.describe()}")
            continue
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
        if r.is_success and not r.headers.get("content-type", "").startswith("application/json"):
            if r.headers["content-type"].startswith("image/svg+xml"):
                ET.fromstring(r.content)  # a map must stay well-formed whatever the names hold
            continue  # downloads: CSV, XLSX, SVG
        try:
            payload = r.json()
        except ValueError:
            failures.append(f"{r.status_code} not JSON: {r.text[:200]} ← {req.describe()}")
            continue
        if r.status_code >= 500:
            failures.append(f"{r.status_code} {payload} ← {req.describe()}")
        elif r.status_code >= 400 and not error_shape_ok(payload):
            failures.append(f"{r.status_code} without {{code, message, field}}: {payload} ← {req.describe()}")
        elif r.status_code < 300 and req.tenant is not None and _leaks(payload, req.tenant):
            failures.append(f"{r.status_code} shows another enterprise: {str(payload)[:300]} ← {req.describe()}")

    # Nothing half-written: every stored event is reflected in exactly one read-model version.
    conn = await connect(database_url)
    try:
        events = await conn.fetchval("SELECT count(*) FROM events")
        versions = await conn.fetchval(
            "SELECT (SELECT coalesce(sum(version), 0) FROM enterprises) + (SELECT coalesce(sum(version), 0) "
            "FROM org_units) + (SELECT coalesce(sum(version), 0) FROM people)")
        streams = await conn.fetchval("SELECT count(DISTINCT stream_id) FROM events")
        rows = await conn.fetchval(
            "SELECT (SELECT count(*) FROM enterprises) + (SELECT count(*) FROM org_units) "
            "+ (SELECT count(*) FROM people)")
    finally:
        await conn.close()

    print(f"\nfuzz: {len(requests)} requests over {len(operations)} operations; generation "
          f"{generated - started:.1f}s, replay {time.monotonic() - generated:.1f}s; "
          f"statuses {sorted(statuses.items())}")
    assert failures == [], f"{len(failures)} bad answers:\n" + "\n".join(failures[:40])
    assert (events, streams) == (versions, rows)
    assert statuses.get(201, 0) + statuses.get(200, 0) > 0 and any(400 <= s < 500 for s in statuses)


# ---- edges the generator rarely or never reaches -------------------------------------------

async def _answer(api, method, path, headers, **kwargs):
    try:
        r = await api.request(method, path, headers=headers, **kwargs)
    except Exception as exc:  # the ASGI transport re-raises what the app's 500 handler saw
        return 500, f"{type(exc).__name__}: {str(exc)[:200]}"
    try:
        return r.status_code, r.json()
    except ValueError:
        return r.status_code, r.text[:200]


async def test_hand_picked_edges_are_4xx_with_the_error_shape(registry_app, admin, enterprise):
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    as_json = {**officer, "content-type": "application/json"}
    units = f"/enterprises/{eid}/org-units"
    # (what, method, path, headers, request kwargs, allowed statuses)
    cases = [
        ("100 000 nested arrays", "POST", units, as_json, {"content": b"[" * 100_000 + b"]" * 100_000}, (400, 422)),
        ("a 5000-digit number", "PATCH", f"/enterprises/{eid}", as_json,
         {"content": b'{"name":"x","expected_version":' + b"9" * 5000 + b"}"}, (400, 422)),
        ("NaN", "PATCH", f"/enterprises/{eid}", as_json, {"content": b'{"name":"x","expected_version":NaN}'},
         (400, 422)),
        ("a lone surrogate", "POST", units, as_json, {"content": b'{"kind":"department","name":"a\\ud800b"}'},
         (400, 422)),
        ("invalid UTF-8 body", "POST", units, as_json, {"content": b'{"kind":"department","name":"\xff\xfe"}'},
         (400, 422)),
        ("not JSON", "POST", units, as_json, {"content": b"kind=department"}, (400, 422)),
        ("empty body", "POST", units, as_json, {"content": b""}, (400, 422)),
        ("a JSON array body", "POST", units, officer, {"json": [{"kind": "department", "name": "x"}]}, (422,)),
        ("a name of 100 000 characters", "POST", units, officer,
         {"json": {"kind": "department", "name": "名" * 100_000}}, (422,)),
        ("an expected_version beyond int64", "PATCH", f"/enterprises/{eid}", officer,
         {"json": {"name": "新名称", "expected_version": 10**40}}, (409,)),
        ("a negative expected_version", "PATCH", f"/enterprises/{eid}", officer,
         {"json": {"name": "新名称", "expected_version": -1}}, (422,)),
        ("limit 0", "GET", f"{units}?limit=0", officer, {}, (422,)),
        ("limit beyond int64", "GET", f"{units}?limit=99999999999999999999", officer, {}, (422,)),
        ("negative offset", "GET", f"{units}?offset=-1", officer, {}, (422,)),
        ("an unknown kind filter", "GET", f"{units}?kind=station", officer, {}, (422,)),
        ("invalid UTF-8 in a query", "GET", f"/enterprises/{eid}/people?q=%FF%FE", officer, {}, (200, 400, 422)),
        ("invalid UTF-8 in a path", "GET", f"{units}/%FF%FE", officer, {}, (400, 404)),
        ("a 10 000-character unit id", "GET", f"{units}/{'u' * 10_000}", officer, {}, (404, 414, 422)),
        ("a query of 51 characters", "GET", f"/enterprises/{eid}/people?q={'x' * 51}", officer, {}, (422,)),
        ("an unknown route", "GET", f"/enterprises/{eid}/nothing-here", officer, {}, (404,)),
        ("a method the route lacks", "DELETE", f"/enterprises/{eid}", officer, {}, (405,)),
    ]
    wrong = []
    for what, method, path, headers, kwargs, allowed in cases:
        status, body = await _answer(api, method, path, headers, **kwargs)
        if status not in allowed or (status >= 400 and not error_shape_ok(body)):
            wrong.append(f"{what}: {method} {path[:80]} → {status} {body} (want one of {allowed})")
    assert wrong == [], "\n".join(wrong)


async def test_an_offset_beyond_int64_is_a_4xx(registry_app, admin, enterprise):
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    wrong = []
    for path, headers in [("/enterprises", admin), (f"/enterprises/{eid}/org-units", officer),
                          (f"/enterprises/{eid}/people", officer)]:
        status, body = await _answer(api, "GET", f"{path}?offset={2**63}", headers)
        if status != 422 or not error_shape_ok(body) or body["field"] != "offset":
            wrong.append(f"GET {path}?offset=2**63 → {status} {body}")
    assert wrong == [], "\n".join(wrong)
