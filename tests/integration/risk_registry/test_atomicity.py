"""Bad input writes nothing (ARCHITECTURE "Cross-cutting: bad input … nothing is half-written").

A refused command leaves the event log (count and highest position of `risk_registry.events`)
and the inline read model (every row of enterprises, org_units, people) exactly as they were,
including when the refusal comes from the database after the events were inserted (a unique
index of the read model, in the append's own transaction). Concurrent registrations of one
credit code: exactly one wins, and exactly one EnterpriseRegistered is stored.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.integration.risk_registry.conftest import SECOND_CODE, VALID_CODE
from tests.integration.risk_registry.directory_helpers import (
    credit_code,
    error_shape_ok,
    event_count,
    register,
    seed,
    stored_state,
)

B_HAZCHEM = "110105002"


@pytest.fixture
async def world(registry_app, admin, enterprise):
    """A (conftest's 危化 enterprise) and B (危化 too, so it holds a hazchem code), each seeded; in A
    also a second active person, a person who left, a retired department and a retired post."""
    api = registry_app
    r = await api.post("/enterprises", headers=admin, json={
        "name": "北京某某化工有限公司", "credit_code": SECOND_CODE, "industry": "危化", "hazchem_code": B_HAZCHEM})
    assert r.status_code == 201, r.text
    a = await seed(api, enterprise, tag="A", mobile="13800000001")
    b = await seed(api, r.json(), tag="B", mobile="13800000001")
    people, units = f"/enterprises/{a.id}/people", f"/enterprises/{a.id}/org-units"

    async def ok(method, path, body):
        resp = await api.request(method, path, headers=a.officer, json=body)
        assert resp.status_code in (200, 201), resp.text
        return resp.json()

    second = await ok("POST", people, {"name": "李娜", "mobile": "13800000002", "post_id": a.post})
    leaver = await ok("POST", people, {"name": "王强", "mobile": "13800000003"})
    await ok("POST", f"{people}/{leaver['id']}/leave", {"reason": "辞职"})
    await ok("POST", f"{units}/{a.empty}/retire", {"reason": "机构调整"})
    old_post = await ok("POST", units, {"kind": "post", "name": "旧岗位", "parent_id": a.team})
    await ok("POST", f"{units}/{old_post['id']}/retire", {"reason": "岗位合并"})
    return {"a": a, "b": b, "second": second["id"], "leaver": leaver["id"], "old_post": old_post["id"]}


async def test_a_refused_command_leaves_log_and_read_model_untouched(registry_app, admin, world, db):
    a, b = world["a"], world["b"]
    ent, people, units = f"/enterprises/{a.id}", f"/enterprises/{a.id}/people", f"/enterprises/{a.id}/org-units"
    # (what, method, path, body, status, field, code) — field/code None: not checked.
    cases = [
        ("person on a post of another enterprise", "POST", people,
         {"name": "赵六", "mobile": "13700000001", "post_id": b.post}, 404, "post_id", "not_found"),
        ("person on a team, not a post", "POST", people,
         {"name": "赵六", "mobile": "13700000001", "post_id": a.team}, 422, "post_id", None),
        ("person on a retired post", "POST", people,
         {"name": "赵六", "mobile": "13700000001", "post_id": world["old_post"]}, 422, "post_id", None),
        ("person with the mobile of an active colleague (unique index, after the insert)", "POST", people,
         {"name": "赵六", "mobile": "13800000002"}, 409, "mobile", "duplicate"),
        ("person with an invalid mobile", "POST", people, {"name": "赵六", "mobile": "23800000002"}, 422, "mobile",
         None),
        ("team without a parent", "POST", units, {"kind": "team", "name": "直属班组"}, 422, "parent_id", None),
        ("team under a post", "POST", units, {"kind": "team", "name": "岗下班组", "parent_id": a.post}, 422,
         "parent_id", None),
        ("unit under a parent of another enterprise", "POST", units,
         {"kind": "team", "name": "借壳班组", "parent_id": b.dept}, 404, "parent_id", "not_found"),
        ("unit under a retired department", "POST", units,
         {"kind": "team", "name": "遗留班组", "parent_id": a.empty}, 422, "parent_id", None),
        ("retire a department that still has a team", "POST", f"{units}/{a.dept}/retire",
         {"reason": "撤并"}, 409, None, "has_children"),
        ("retire a post that still has people", "POST", f"{units}/{a.post}/retire",
         {"reason": "撤并"}, 409, None, "has_members"),
        ("move a department under itself", "POST", f"{units}/{a.dept}/move", {"parent_id": a.dept}, 422,
         "parent_id", None),
        ("move a department under its own team", "POST", f"{units}/{a.dept}/move", {"parent_id": a.team}, 422,
         "parent_id", None),
        ("rename a retired department", "POST", f"{units}/{a.empty}/rename", {"name": "复活部"}, 422, None, "retired"),
        ("rename with a stale version", "POST", f"{units}/{a.dept}/rename", {"name": "新名", "expected_version": 0},
         409, "expected_version", "version_conflict"),
        ("change a colleague's mobile to one in use (unique index, after the insert)", "POST",
         f"{people}/{world['second']}/contact", {"name": "李娜", "mobile": "13800000001"}, 409, "mobile", "duplicate"),
        ("roles of a person who left", "POST", f"{people}/{world['leaver']}/roles", {"roles": ["worker"]}, 422,
         None, "left"),
        ("no roles at all", "POST", f"{people}/{a.person}/roles", {"roles": []}, 422, "roles", None),
        ("assign to a post of another enterprise", "POST", f"{people}/{a.person}/assign-post", {"post_id": b.post},
         404, "post_id", "not_found"),
        # Two events in one append (EnterpriseRenamed, HazchemCodeAssigned): the second is refused by
        # the read model's unique index, so the first must not stay either.
        ("rename and take another enterprise's hazchem code", "PATCH", ent,
         {"name": "新名称有限公司", "hazchem_code": B_HAZCHEM}, 409, "hazchem_code", "duplicate"),
        ("rename and an invalid hazchem code", "PATCH", ent, {"name": "新名称有限公司", "hazchem_code": "12345"}, 422,
         "hazchem_code", None),
        ("unknown field", "PATCH", ent, {"name": "新名称有限公司", "boss": "me"}, 422, "boss", None),
    ]
    platform = [
        ("enterprise with a taken credit code", {"name": "某公司", "credit_code": VALID_CODE, "industry": "工贸"},
         409, "credit_code", "duplicate"),
        ("enterprise with a taken credit code in lower case",
         {"name": "某公司", "credit_code": SECOND_CODE.lower(), "industry": "工贸"}, 409, "credit_code", "duplicate"),
        ("enterprise with a taken hazchem code",
         {"name": "某公司", "credit_code": credit_code(), "industry": "危化", "hazchem_code": B_HAZCHEM}, 409,
         "hazchem_code", "duplicate"),
        ("enterprise with a wrong check character",
         {"name": "某公司", "credit_code": VALID_CODE[:-1] + "0", "industry": "工贸"}, 422, "credit_code", None),
        ("危化 enterprise without a hazchem code", {"name": "某公司", "credit_code": credit_code(), "industry": "危化"},
         422, "hazchem_code", None),
    ]
    cases += [(what, "POST", "/enterprises", body, status, field, code) for what, body, status, field, code in platform]

    wrong = []
    for what, method, path, body, status, field, code in cases:
        headers = admin if path == "/enterprises" else a.officer
        before = await stored_state(db)
        r = await registry_app.request(method, path, json=body, headers=headers)
        answer = r.json()
        if r.status_code != status or not error_shape_ok(answer) or (field and answer["field"] != field) or (
                code and answer["code"] != code):
            wrong.append(f"{what}: {r.status_code} {answer} (want {status} field={field} code={code})")
        if await stored_state(db) != before:
            wrong.append(f"{what}: a refused command changed the log or the read model")
    assert wrong == []
    assert (await registry_app.get(ent, headers=a.officer)).json()["name"] == a.raw["name"]


async def test_concurrent_registrations_of_one_credit_code_exactly_one_wins(registry_app, admin, enterprise, db):
    registered = "shuangkong.risk_registry.EnterpriseRegistered"
    for contenders in (2, 2, 2, 5):
        code = credit_code()
        answers = await asyncio.gather(*[register(registry_app, admin, code, name=f"抢注{i}号有限公司")
                                         for i in range(contenders)])
        assert sorted(r.status_code for r in answers) == [201] + [409] * (contenders - 1), [r.text for r in answers]
        for r in answers:
            if r.status_code == 409:
                assert r.json()["field"] == "credit_code" and r.json()["code"] == "duplicate", r.text
        assert await event_count(db, "type = $1 AND data->>'credit_code' = $2", registered, code) == 1
        assert await db.fetchval("SELECT count(*) FROM enterprises WHERE credit_code = $1", code) == 1
    # Every stored event belongs to a registered enterprise's stream: the losers left no orphan stream.
    assert await event_count(db, "type = $1", registered) == await db.fetchval("SELECT count(*) FROM enterprises")
    assert await event_count(db, "stream_id NOT IN (SELECT 'enterprise-' || id FROM enterprises)") == 0


async def test_concurrent_registrations_of_one_mobile_exactly_one_wins(registry_app, enterprise, db):
    eid, officer = enterprise["id"], enterprise["officer"]
    before = await event_count(db)
    answers = await asyncio.gather(*[
        registry_app.post(f"/enterprises/{eid}/people", headers=officer,
                          json={"name": f"同号{i}", "mobile": "13600000000"})
        for i in range(4)])
    assert sorted(r.status_code for r in answers) == [201, 409, 409, 409], [r.text for r in answers]
    assert all(r.json()["field"] == "mobile" for r in answers if r.status_code == 409)
    assert await event_count(db) == before + 1
    assert await db.fetchval("SELECT count(*) FROM people WHERE mobile = '13600000000'") == 1


async def _send(api, method, path, body, headers):
    """The ASGI test transport re-raises what the app's 500 handler saw: count that as a 500."""
    try:
        r = await api.request(method, path, json=body, headers=headers)
    except Exception as exc:
        return 500, f"{type(exc).__name__}: {exc}"
    return r.status_code, r.json()


async def test_nul_character_is_a_4xx_not_a_500(registry_app, admin, enterprise, db):
    """PostgreSQL stores no NUL (not in jsonb event data, not in text parameters): a NUL anywhere in
    a body, a query or a path is a 4xx naming the field, and nothing is written."""
    eid, officer = enterprise["id"], enterprise["officer"]
    dept = (await registry_app.post(f"/enterprises/{eid}/org-units", headers=officer,
                                    json={"kind": "department", "name": "生产部"})).json()["id"]
    person = (await registry_app.post(f"/enterprises/{eid}/people", headers=officer,
                                      json={"name": "张伟", "mobile": "13800000001"})).json()["id"]
    nul = "甲\x00乙"
    cases = [
        ("POST", "/enterprises", {"name": nul, "credit_code": credit_code(), "industry": "工贸"}, admin, "name"),
        ("PATCH", f"/enterprises/{eid}", {"name": nul}, officer, "name"),
        ("POST", f"/enterprises/{eid}/org-units", {"kind": "department", "name": nul}, officer, "name"),
        ("POST", f"/enterprises/{eid}/org-units/{dept}/rename", {"name": nul}, officer, "name"),
        ("POST", f"/enterprises/{eid}/org-units/{dept}/move", {"parent_id": nul}, officer, "parent_id"),
        ("POST", f"/enterprises/{eid}/people", {"name": nul, "mobile": "13800000009"}, officer, "name"),
        ("POST", f"/enterprises/{eid}/people", {"name": "李四", "mobile": "13800000008", "post_id": nul}, officer,
         "post_id"),
        ("POST", f"/enterprises/{eid}/people/{person}/contact", {"name": nul, "mobile": "13800000001"}, officer,
         "name"),
        ("POST", f"/enterprises/{eid}/people/{person}/leave", {"reason": nul}, officer, "reason"),
        ("GET", f"/enterprises/{eid}/people?q=%00", None, officer, "q"),
        ("GET", f"/enterprises/{eid}/people?post_id=%00", None, officer, "post_id"),
        ("GET", f"/enterprises/{eid}/org-units?parent_id=%00", None, officer, "parent_id"),
        ("GET", f"/enterprises/{eid}/org-units/a%00b", None, officer, None),
        ("GET", f"/enterprises/{eid}/people/a%00b/history", None, officer, None),
        ("POST", f"/enterprises/{eid}/org-units/a%00b/rename", {"name": "x"}, officer, None),
    ]
    before = await stored_state(db)
    wrong = []
    for method, path, body, headers, field in cases:
        status, answer = await _send(registry_app, method, path, body, headers)
        if not 400 <= status < 500 or not error_shape_ok(answer) or (field and answer["field"] != field):
            wrong.append(f"{method} {path} {body!r} → {status} {answer}")
    assert await stored_state(db) == before
    assert wrong == [], "\n".join(wrong)


# ---- rules that span two aggregates -------------------------------------------------------
# Each command checks a rule against *another* aggregate (the new parent's ancestry, the post's
# members, the parent's state) read before its own append; nothing re-checks it at commit. The
# tests below race the two sides ROUNDS times; one lost race is enough to break the invariant.

ROUNDS = 20


async def _units(api, eid, officer, *bodies) -> list[str]:
    ids = []
    for body in bodies:
        r = await api.post(f"/enterprises/{eid}/org-units", headers=officer, json=body)
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return ids


async def test_concurrent_moves_never_make_a_cycle(registry_app, enterprise, db):
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    both = []
    for i in range(ROUNDS):
        x, y = await _units(api, eid, officer, {"kind": "department", "name": f"甲{i}"},
                            {"kind": "department", "name": f"乙{i}"})
        answers = await asyncio.gather(
            api.post(f"/enterprises/{eid}/org-units/{x}/move", headers=officer, json={"parent_id": y}),
            api.post(f"/enterprises/{eid}/org-units/{y}/move", headers=officer, json={"parent_id": x}))
        if [r.status_code for r in answers] == [200, 200]:
            both.append(i)
    cycles = await db.fetchval(
        "SELECT count(*) FROM org_units a JOIN org_units b ON a.parent_id = b.id AND b.parent_id = a.id")
    tree = (await api.get(f"/enterprises/{eid}/org-units/tree", headers=officer)).json()
    assert (both, cycles, len(tree)) == ([], 0, ROUNDS)


async def test_a_deep_org_tree_cannot_be_bent_into_a_cycle(registry_app, enterprise, db):
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    chain: list[str] = []
    for i in range(66):
        chain += await _units(api, eid, officer, {"kind": "department", "name": f"第{i:02d}层",
                                                  "parent_id": chain[-1] if chain else None})
    before = await stored_state(db)
    r = await api.post(f"/enterprises/{eid}/org-units/{chain[0]}/move", headers=officer,
                       json={"parent_id": chain[-1]})
    tree = (await api.get(f"/enterprises/{eid}/org-units/tree", headers=officer)).json()
    assert (r.status_code, r.json()["field"], len(tree)) == (422, "parent_id", 1), r.text
    assert await stored_state(db) == before


async def test_a_post_retired_while_someone_is_assigned_keeps_nobody(registry_app, enterprise, db):
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    (dept,) = await _units(api, eid, officer, {"kind": "department", "name": "生产部"})
    both = []
    for i in range(ROUNDS):
        (post,) = await _units(api, eid, officer, {"kind": "post", "name": f"岗位{i}", "parent_id": dept})
        r = await api.post(f"/enterprises/{eid}/people", headers=officer,
                           json={"name": f"员工{i}", "mobile": f"137000000{i:02d}"})
        person = r.json()["id"]
        answers = await asyncio.gather(
            api.post(f"/enterprises/{eid}/org-units/{post}/retire", headers=officer, json={"reason": "撤岗"}),
            api.post(f"/enterprises/{eid}/people/{person}/assign-post", headers=officer, json={"post_id": post}))
        if [a.status_code for a in answers] == [200, 200]:
            both.append(i)
    stranded = await db.fetchval(
        "SELECT count(*) FROM people p JOIN org_units u ON u.id = p.post_id WHERE u.retired AND p.left_at IS NULL")
    assert (both, stranded) == ([], 0)


async def test_a_department_retired_while_a_team_is_created_under_it_keeps_no_child(registry_app, enterprise, db):
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    both = []
    for i in range(ROUNDS):
        (dept,) = await _units(api, eid, officer, {"kind": "department", "name": f"临时部{i}"})
        answers = await asyncio.gather(
            api.post(f"/enterprises/{eid}/org-units/{dept}/retire", headers=officer, json={"reason": "撤并"}),
            api.post(f"/enterprises/{eid}/org-units", headers=officer,
                     json={"kind": "team", "name": f"新班组{i}", "parent_id": dept}))
        if sorted(a.status_code for a in answers) == [200, 201]:
            both.append(i)
    orphans = await db.fetchval(
        "SELECT count(*) FROM org_units c JOIN org_units p ON p.id = c.parent_id WHERE p.retired AND NOT c.retired")
    assert (both, orphans) == ([], 0)
