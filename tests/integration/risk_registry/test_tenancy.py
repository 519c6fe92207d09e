"""Tenancy of the enterprise directory (ARCHITECTURE "Cross-cutting: Auth"): a request never sees or
changes another tenant's data; regulators read only their jurisdiction and never write; the
platform operator sees no tenant data; a request without a valid token is refused.

Every endpoint of the service is listed once below (READS, WRITES); each test walks the whole
table, collects every mismatch and reports them together.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from libs.auth import ISSUER, issue_token
from services.risk_registry.app import create_app
from tests.integration.risk_registry.conftest import SECOND_CODE
from tests.integration.risk_registry.directory_helpers import (
    credit_code,
    error_shape_ok,
    register,
    seed,
    stored_state,
)
from tests.integration.service_client import running, settings_for, token

# {e} is the enterprise in the path; the other placeholders are ids of its units and people
# (see Seeded.ids). Bodies are valid: the owner's officer gets a 2xx for every row (control test).
READS: list[tuple[str, str]] = [
    ("GET", "/enterprises/{e}"),
    ("GET", "/enterprises/{e}/history"),
    ("GET", "/enterprises/{e}/org-units"),
    ("GET", "/enterprises/{e}/org-units/tree"),
    ("GET", "/enterprises/{e}/org-units/{u}"),
    ("GET", "/enterprises/{e}/org-units/{u}/history"),
    ("GET", "/enterprises/{e}/people"),
    ("GET", "/enterprises/{e}/people/{p}"),
    ("GET", "/enterprises/{e}/people/{p}/history"),
]
WRITES: list[tuple[str, str, dict]] = [
    ("PATCH", "/enterprises/{e}", {"name": "改名后的有限公司"}),
    ("POST", "/enterprises/{e}/org-units", {"kind": "department", "name": "新设部门"}),
    ("POST", "/enterprises/{e}/org-units/{u}/rename", {"name": "新名称"}),
    ("POST", "/enterprises/{e}/org-units/{team}/move", {"parent_id": "{other}"}),
    ("POST", "/enterprises/{e}/org-units/{empty}/retire", {"reason": "机构调整"}),
    ("POST", "/enterprises/{e}/people", {"name": "李四", "mobile": "13900000009"}),
    ("POST", "/enterprises/{e}/people/{p}/assign-post", {"post_id": None}),
    ("POST", "/enterprises/{e}/people/{p}/roles", {"roles": ["team_leader"]}),
    ("POST", "/enterprises/{e}/people/{p}/contact", {"name": "王五", "mobile": "13900000008"}),
    ("POST", "/enterprises/{e}/people/{p}/leave", {"reason": "辞职"}),
]
# Not under /enterprises/{id}: guarded by role, not by tenant.
PLATFORM: list[tuple[str, str, dict | None]] = [
    ("GET", "/enterprises", None),
    ("POST", "/enterprises", {"name": "新注册有限公司", "credit_code": "{code}", "industry": "工贸"}),
]

ALL = [(m, p, None) for m, p in READS] + WRITES
RECORD = ("GET", "/enterprises/{e}")  # the enterprise itself, as GET /enterprises lists it


def _fill(value, ids: dict[str, str]):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


async def _call(api, method: str, path: str, body: dict | None, ids: dict[str, str], headers: dict | None):
    return await api.request(method, _fill(path, ids), json=_fill(body, ids), headers=headers or {})


async def _expect(api, rows, ids, headers, status: int | tuple[int, ...]) -> list[str]:
    """Send every row; return a line for each answer that is not `status` or lacks the error shape."""
    wanted = status if isinstance(status, tuple) else (status,)
    wrong = []
    for method, path, body in rows:
        r = await _call(api, method, path, body, ids, headers)
        if r.status_code not in wanted:
            wrong.append(f"{method} {_fill(path, ids)} → {r.status_code} (want {status}): {r.text[:200]}")
        elif r.status_code >= 400 and not error_shape_ok(r.json()):
            wrong.append(f"{method} {_fill(path, ids)} → {r.status_code} without {{code, message, field}}: {r.text}")
    return wrong


def _reads(rows=READS):
    return [(m, p, None) for m, p in rows]


@pytest.fixture
async def tenants(registry_app, admin, enterprise):
    """A (the conftest enterprise, 危化) and B (工贸), each with the same small org tree. The same
    mobile number in both: uniqueness of a mobile is per enterprise."""
    r = await registry_app.post("/enterprises", headers=admin, json={
        "name": "北京某某机械有限公司", "credit_code": SECOND_CODE, "industry": "工贸"})
    assert r.status_code == 201, r.text
    a = await seed(registry_app, enterprise, tag="A", mobile="13800000001")
    b = await seed(registry_app, r.json(), tag="B", mobile="13800000001")
    return a, b


def _regulator(api, *enterprise_ids: str) -> dict[str, str]:
    return token(api.settings, None, "regulator", person="inspector-1", jurisdiction=enterprise_ids)


def _integrator(api, *enterprise_ids: str) -> dict[str, str]:
    jwt = issue_token(api.settings, person_id="erp-1", enterprise_id=None, roles=["integrator"],
                      jurisdiction=enterprise_ids, scopes=["risk_registry:read"])
    return {"Authorization": f"Bearer {jwt}"}


async def test_control_the_owner_may_do_everything_in_the_table(registry_app, tenants):
    """Proves the table is right: the 403s and 404s below come from tenancy, not from bad requests."""
    a, _ = tenants
    ids = a.ids()
    assert await _expect(registry_app, _reads(), ids, a.officer, 200) == []
    assert await _expect(registry_app, WRITES, ids, a.officer, (200, 201)) == []


async def test_a_can_neither_read_nor_write_anything_of_b(registry_app, tenants, db):
    a, b = tenants
    before = await stored_state(db)
    wrong = []
    for who, headers in [("officer", a.officer), ("worker", a.worker),
                         ("principal", token(registry_app.settings, a.id, "principal", "enterprise_admin"))]:
        wrong += [f"[{who} of A] {w}" for w in await _expect(registry_app, _reads(), b.ids(), headers, 403)]
        wrong += [f"[{who} of A] {w}" for w in await _expect(registry_app, WRITES, b.ids(), headers, 403)]
    assert wrong == []
    assert await stored_state(db) == before, "a refused request wrote something"


async def test_b_ids_through_a_own_path_are_not_found_and_b_is_untouched(registry_app, tenants, db):
    a, b = tenants
    before = await stored_state(db)
    b_tree = (await registry_app.get(f"/enterprises/{b.id}/org-units/tree", headers=b.officer)).json()
    # A's enterprise id in the path, every other id B's: the tenant guard lets the request in, so
    # the handlers and queries themselves must refuse ids of another enterprise.
    mixed = {**b.ids(), "e": a.id}
    rows = [row for row in ALL if set(row[1].split("/")) & {"{u}", "{p}", "{team}", "{empty}"}]
    assert len(rows) == 11
    wrong = await _expect(registry_app, rows, mixed, a.officer, 404)

    # No existence oracle: B's id answers exactly like an id that never existed.
    for method, path, body in rows:
        theirs = await _call(registry_app, method, path, body, mixed, a.officer)
        nobody = await _call(registry_app, method, path, body, {k: uuid.uuid4().hex for k in mixed} | {"e": a.id},
                             a.officer)
        if (theirs.status_code, theirs.json()["code"], theirs.json()["field"]) != (
                nobody.status_code, nobody.json()["code"], nobody.json()["field"]):
            wrong.append(f"{method} {path}: B's id → {theirs.text}, unknown id → {nobody.text}")

    # B's ids as references inside A's own commands and filters.
    refs = [
        ("POST", f"/enterprises/{a.id}/org-units", {"kind": "team", "name": "借壳班组", "parent_id": b.dept},
         "parent_id"),
        ("POST", f"/enterprises/{a.id}/org-units", {"kind": "post", "name": "借壳岗位", "parent_id": b.team},
         "parent_id"),
        ("POST", f"/enterprises/{a.id}/org-units/{a.team}/move", {"parent_id": b.dept}, "parent_id"),
        ("POST", f"/enterprises/{a.id}/people", {"name": "赵六", "mobile": "13700000000", "post_id": b.post},
         "post_id"),
        ("POST", f"/enterprises/{a.id}/people/{a.person}/assign-post", {"post_id": b.post}, "post_id"),
    ]
    for method, path, body, field in refs:
        r = await registry_app.request(method, path, json=body, headers=a.officer)
        if r.status_code != 404 or r.json().get("field") != field:
            wrong.append(f"{method} {path} {body} → {r.status_code} {r.text} (want 404 naming {field})")
    # Filters naming B's ids or B's data find nothing of B (both have a person on 138…0001).
    filters = [
        (f"/enterprises/{a.id}/people", {"post_id": b.post}, 0),
        (f"/enterprises/{a.id}/org-units", {"parent_id": b.dept}, 0),
        (f"/enterprises/{a.id}/people", {"q": "张伟B"}, 0),
        (f"/enterprises/{a.id}/people", {"q": "13800000001"}, 1),
    ]
    for path, params, total in filters:
        r = await registry_app.get(path, params=params, headers=a.officer)
        found = r.json()
        if r.status_code != 200 or found["total"] != total or any(i["enterprise_id"] != a.id for i in found["items"]):
            wrong.append(f"GET {path} {params} → {r.status_code} {r.text[:300]} (want {total} of A)")
    assert wrong == []

    assert await stored_state(db) == before, "a refused request wrote something"
    assert (await registry_app.get(f"/enterprises/{b.id}/org-units/tree", headers=b.officer)).json() == b_tree


async def test_enterprise_list_shows_only_what_the_caller_may_see(registry_app, admin, tenants):
    a, b = tenants
    cases = [
        ("officer of A", a.officer, [a.id]),
        ("worker of A", a.worker, [a.id]),
        ("officer of B", b.officer, [b.id]),
        ("regulator of A", _regulator(registry_app, a.id), [a.id]),
        ("regulator of A and B", _regulator(registry_app, a.id, b.id), [a.id, b.id]),
        ("regulator of nobody", _regulator(registry_app), []),
        ("regulator of an unknown enterprise", _regulator(registry_app, uuid.uuid4().hex), []),
        ("integrator granted B", _integrator(registry_app, b.id), [b.id]),
        ("person of no enterprise", token(registry_app.settings, None, "safety_officer"), []),
        ("platform admin", admin, [a.id, b.id]),
    ]
    wrong = []
    for who, headers, expected in cases:
        r = await registry_app.get("/enterprises", headers=headers)
        got = sorted(item["id"] for item in r.json()["items"]) if r.status_code == 200 else r.text
        if r.status_code != 200 or got != sorted(expected) or r.json()["total"] != len(expected):
            wrong.append(f"{who}: {r.status_code} {got} (want {sorted(expected)})")
    assert wrong == []


async def test_a_worker_reads_but_never_writes(registry_app, tenants, db):
    a, _ = tenants
    before = await stored_state(db)
    wrong = await _expect(registry_app, _reads(), a.ids(), a.worker, 200)
    wrong += await _expect(registry_app, WRITES, a.ids(), a.worker, 403)
    for role in ("team_leader", "department_head", "technical_head", "operations_head"):
        headers = token(registry_app.settings, a.id, role, person=f"{role}-1")
        wrong += [f"[{role}] {w}" for w in await _expect(registry_app, WRITES, a.ids(), headers, 403)]
    assert wrong == []
    assert await stored_state(db) == before


async def test_a_regulator_reads_its_jurisdiction_only_and_never_writes(registry_app, admin, tenants, db):
    a, b = tenants
    before = await stored_state(db)
    regulator = _regulator(registry_app, a.id)
    # A regulator's token naming an enterprise (or holding a writing role as well) changes nothing.
    odd_regulator = token(registry_app.settings, a.id, "regulator", "safety_officer", jurisdiction=(a.id,))
    wrong = await _expect(registry_app, _reads(), a.ids(), regulator, 200)
    wrong += await _expect(registry_app, _reads(), b.ids(), regulator, 403)
    for headers in (regulator, odd_regulator):
        wrong += await _expect(registry_app, WRITES, a.ids(), headers, 403)
        wrong += await _expect(registry_app, WRITES, b.ids(), headers, 403)
    wrong += await _expect(registry_app, PLATFORM[1:], {"code": credit_code()}, regulator, 403)
    assert wrong == []
    assert await stored_state(db) == before


async def test_the_platform_admin_sees_and_changes_no_tenant_data(registry_app, admin, tenants, db):
    a, _ = tenants
    before = await stored_state(db)
    r = await registry_app.get(f"/enterprises/{a.id}/people", headers=admin)
    assert r.status_code == 403 and r.json()["code"] == "forbidden", r.text
    # The enterprise's own record they may read (they register it and list it); nothing below it.
    wrong = await _expect(registry_app, _reads([row for row in READS if row != RECORD]), a.ids(), admin, 403)
    wrong += await _expect(registry_app, _reads([RECORD]), a.ids(), admin, 200)
    wrong += await _expect(registry_app, WRITES, a.ids(), admin, 403)
    assert wrong == []
    assert await stored_state(db) == before


async def test_whoever_lists_an_enterprise_reads_its_record(registry_app, admin, tenants):
    a, b = tenants
    regulator = _regulator(registry_app, a.id)
    for headers in (admin, regulator, a.officer, a.worker):
        listed = (await registry_app.get("/enterprises", headers=headers, params={"limit": 500})).json()["items"]
        assert listed, headers
        for item in listed:
            r = await registry_app.get(f"/enterprises/{item['id']}", headers=headers)
            assert r.status_code == 200 and r.json() == item, r.text
    for headers in (regulator, a.officer):  # an enterprise they do not list stays closed
        assert (await registry_app.get(f"/enterprises/{b.id}", headers=headers)).status_code == 403
    r = await registry_app.get("/enterprises/no-such-enterprise", headers=admin)
    assert r.status_code == 404 and error_shape_ok(r.json()), r.text


async def test_only_the_platform_admin_registers_enterprises(registry_app, tenants, db):
    a, _ = tenants
    before = await stored_state(db)
    wrong = []
    for headers in (a.officer, a.worker, token(registry_app.settings, a.id, "principal", "enterprise_admin")):
        wrong += await _expect(registry_app, PLATFORM[1:], {"code": credit_code()}, headers, 403)
    assert wrong == []
    assert await stored_state(db) == before


def _forged(settings, enterprise_id: str, **changes) -> str:
    """A token like a safety officer's of `enterprise_id`, with `changes` to its claims (None drops one)."""
    now = datetime.now(UTC)
    claims = {"iss": ISSUER, "sub": "officer-x", "ent": enterprise_id, "roles": ["safety_officer"],
              "iat": now, "exp": now + timedelta(hours=1)}
    key = changes.pop("_key", settings.signing_key())
    algorithm = changes.pop("_alg", settings.jwt_algorithm)
    for name, value in changes.items():
        if value is None:
            claims.pop(name)
        else:
            claims[name] = value
    return jwt.encode(claims, key, algorithm=algorithm)


async def test_requests_without_a_valid_token_are_401(registry_app, tenants, db):
    a, _ = tenants
    s = registry_app.settings
    expired = issue_token(s, person_id="officer-A", enterprise_id=a.id, roles=["safety_officer"],
                          ttl=timedelta(seconds=-30))
    valid = issue_token(s, person_id="officer-A", enterprise_id=a.id, roles=["safety_officer"])
    credentials = {
        "no token": None,
        "garbage token": {"Authorization": "Bearer not-a-jwt"},
        "empty bearer": {"Authorization": "Bearer "},
        "expired token": {"Authorization": f"Bearer {expired}"},
        "a valid token under another scheme": {"Authorization": f"Basic {valid}"},
        "token signed with another key": {"Authorization": f"Bearer {_forged(s, a.id, _key='x' * 40)}"},
        "unsigned token (alg none)": {"Authorization": f"Bearer {_forged(s, a.id, _key=None, _alg='none')}"},
        "token without expiry": {"Authorization": f"Bearer {_forged(s, a.id, exp=None)}"},
        "token of another issuer": {"Authorization": f"Bearer {_forged(s, a.id, iss='someone-else')}"},
        "token with an unknown role": {"Authorization": f"Bearer {_forged(s, a.id, roles=['god'])}"},
    }
    before = await stored_state(db)
    wrong = []
    for what, headers in credentials.items():
        for w in await _expect(registry_app, ALL + PLATFORM, a.ids() | {"code": credit_code()}, headers, 401):
            wrong.append(f"[{what}] {w}")
        r = await registry_app.get(f"/enterprises/{a.id}", headers=headers or {})
        if r.status_code == 401 and r.json()["code"] != "unauthorized":
            wrong.append(f"[{what}] code {r.json()['code']}")
    assert wrong == []
    assert await stored_state(db) == before


async def test_same_credit_code_in_b_cannot_hijack_a(registry_app, admin, tenants, db):
    """Registering B's credit code again (as a platform admin) creates nothing and touches nobody."""
    before = await stored_state(db)
    r = await register(registry_app, admin, SECOND_CODE, name="冒名有限公司")
    assert r.status_code == 409 and r.json()["field"] == "credit_code", r.text
    assert await stored_state(db) == before


async def test_tokens_are_checked_with_the_app_own_signing_key(runtime, database_url, topic_prefix):
    """A service built with its own `Settings` (a configured SK_JWT_KEY) must verify tokens with that
    key: a token signed with it is accepted, one signed with the dev key is refused."""
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, jwt_key="k" * 48)
    async with running(create_app(settings)) as api:
        own = token(settings, None, "platform_admin", person="operator")
        dev = token(settings_for(database_url, runtime.bootstrap, topic_prefix), None, "platform_admin")
        statuses = ((await api.get("/enterprises", headers=own)).status_code,
                    (await api.get("/enterprises", headers=dev)).status_code)
    assert statuses == (200, 401)


async def test_a_history_never_names_what_another_tenant_holds(registry_app, tenants):
    """Names in a history are looked up in the aggregate's enterprise only: an actor whose token
    carries the id of B's person is no person of A (系统管理员), and A's own person is named."""
    a, b = tenants
    as_b_person = token(registry_app.settings, a.id, "safety_officer", person=b.person)
    as_a_person = token(registry_app.settings, a.id, "safety_officer", person=a.person)
    for headers, name in ((as_b_person, "改名甲"), (as_a_person, "改名乙")):
        r = await registry_app.post(f"/enterprises/{a.id}/org-units/{a.dept}/rename", headers=headers,
                                    json={"name": name})
        assert r.status_code == 200, r.text
    history = (await registry_app.get(f"/enterprises/{a.id}/org-units/{a.dept}/history", headers=a.officer)).json()
    by_actor = {item["actor"]: item["actor_name"] for item in history}
    assert by_actor[b.person] == "系统管理员", history
    assert by_actor[a.person] == "张伟A", history
    assert "张伟B" not in str(history)
