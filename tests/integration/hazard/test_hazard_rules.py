"""An enterprise's rules of who accepts a 重大 hazard and who decides an extension, on the real app
and PostgreSQL: the settings' defaults until its admin sets its own; then its safety officer accepts
and its principal may not, while another enterprise keeps the defaults (tenancy); bad input is a 422
naming the field and the code, writing nothing; the change has its history in Chinese."""

from __future__ import annotations

import uuid

from tests.integration.hazard.hazard_site import EID, GRADING, PNG, RECTIFIER, WORKER

OTHER = "ent-hz-2"
MAJOR = {**GRADING, "level": 1, "deadline": "2026-12-31"}
FULL_PLAN = {"responsibility": "设备部 张工", "measures": "停车检修", "funds": 12000,
             "completion_date": "2026-12-20", "emergency_plan": "YA-03"}
OUR_RULES = {"major_acceptors": ["safety_officer"], "extension_deciders": ["department_head", "principal"]}


async def call(site, method: str, eid: str, path: str, headers: dict, body: dict | None = None, status: int = 200):
    r = await site.client.request(method, f"/enterprises/{eid}{path}", headers=headers, json=body)
    assert r.status_code == status, (path, r.text)
    return r.json()


async def awaiting_major(site, eid: str) -> str:
    """A 重大 hazard of `eid` graded, planned, rectified and submitted: waiting for its acceptor."""
    worker, officer, rectifier = (site.who(*WORKER, eid=eid), site.who("p-officer", "safety_officer", eid=eid),
                                  site.who(*RECTIFIER, eid=eid))

    async def photo() -> str:
        up = await site.client.post(f"/enterprises/{eid}/photos", headers=worker,
                                    files={"file": ("现场.png", PNG + uuid.uuid4().bytes, "image/png")})
        assert up.status_code == 201, up.text
        return up.json()["photo_id"]

    hazard = await call(site, "POST", eid, "/hazards/snapshots", worker, {
        "client_id": str(uuid.uuid4()), "made_at": "2026-12-03T09:30:00", "name": "储罐法兰泄漏",
        "description": "2# 储罐进料法兰渗漏", "photo_ids": [await photo()]}, 201)
    hid = hazard["id"]
    await call(site, "POST", eid, f"/hazards/{hid}/grade", officer, MAJOR)
    await call(site, "POST", eid, f"/hazards/{hid}/plan", officer, FULL_PLAN)
    await call(site, "POST", eid, f"/hazards/{hid}/start", rectifier)
    await call(site, "POST", eid, f"/hazards/{hid}/submit", rectifier,
               {"after_photo_ids": [await photo()], "measures_taken": "更换垫片"})
    return hid


async def test_an_enterprises_rules_decide_its_acceptances_and_another_keeps_the_defaults(site):
    admin, other_admin = site.who("p-admin", "enterprise_admin"), site.who("p-admin2", "enterprise_admin", eid=OTHER)
    default = await call(site, "GET", EID, "/hazard-rules", admin)
    assert (default["source"], [r["code"] for r in default["major_acceptors"]], default["set_by"]) == (
        "default", ["principal", "technical_head"], None)
    await call(site, "PUT", EID, "/hazard-rules", site.who(*WORKER), OUR_RULES, 403)

    ours = await call(site, "PUT", EID, "/hazard-rules", admin, OUR_RULES)
    assert (ours["source"], ours["source_label"], ours["set_by"], ours["set_at"]) == (
        "enterprise", "企业设定", "p-admin", "2026-12-03T02:00:00+00:00")
    assert ours["extension_deciders"] == [{"code": "department_head", "label": "部门负责人"},
                                          {"code": "principal", "label": "主要负责人"}]
    assert await call(site, "GET", EID, "/hazard-rules", site.who(*WORKER)) == ours
    assert (await call(site, "GET", OTHER, "/hazard-rules", other_admin))["source"] == "default"

    here, there = await awaiting_major(site, EID), await awaiting_major(site, OTHER)
    refused = await call(site, "POST", EID, f"/hazards/{here}/accept", site.who("p-boss", "principal"), {}, 403)
    assert (refused["code"], refused["message"]) == ("separation_of_duties", "重大隐患须由安全管理员验收")
    officer_here = site.who("p-officer2", "safety_officer")
    assert [h["id"] for h in (await call(site, "GET", EID, "/my-hazards?which=to_accept", officer_here))["items"]] \
        == [here]
    closed = await call(site, "POST", EID, f"/hazards/{here}/accept", officer_here, {"comment": "复查合格"})
    assert closed["step"] == "closed"

    officer_there = site.who("p-officer2", "safety_officer", eid=OTHER)
    assert (await call(site, "GET", OTHER, "/my-hazards?which=to_accept", officer_there))["items"] == []
    refused = await call(site, "POST", OTHER, f"/hazards/{there}/accept", officer_there, {}, 403)
    assert refused["message"] == "重大隐患须由主要负责人或技术负责人验收"
    await call(site, "POST", OTHER, f"/hazards/{there}/accept", site.who("p-boss", "principal", eid=OTHER), {})

    history = await call(site, "GET", EID, "/hazard-rules/history", admin)
    assert [(i["actor"], i["description"]) for i in history] == [(
        "p-admin", "设定隐患验收与延期审批规则：重大隐患验收 安全管理员（safety_officer）；"
                   "延期审批 部门负责人（department_head）、主要负责人（principal）")]
    assert await call(site, "GET", OTHER, "/hazard-rules/history", other_admin) == []


async def test_an_extension_is_decided_by_the_enterprises_deciders_never_by_the_requester(site):
    await call(site, "PUT", EID, "/hazard-rules", site.who("p-officer", "safety_officer"), OUR_RULES)
    worker, officer = site.who(*WORKER), site.who("p-officer", "safety_officer")
    hazard = await site.snapshot(worker)
    await site.post(f"/hazards/{hazard['id']}/grade", officer, GRADING)
    dept = site.who("p-dept", "department_head")
    asked = await site.post(f"/hazards/{hazard['id']}/extensions", dept,
                            {"new_deadline": "2026-12-24", "reason": "备件到货延迟"}, 201)
    extension_id = asked["extension"]["extension_id"]
    decide, yes = f"/hazards/{hazard['id']}/extension-decision", {"extension_id": extension_id, "approve": True}
    refused = await site.post(decide, officer, yes, 403)  # a default decider, not this enterprise's
    assert refused["message"] == "延期申请须由部门负责人或主要负责人审批"
    own = await site.post(decide, dept, yes, 403)
    assert own["message"] == "延期申请不能由申请人本人审批"
    approved = await site.post(decide, site.who("p-boss", "principal"), {**yes, "comment": "同意"})
    assert approved["deadline"] == "2026-12-24"


async def test_bad_rules_are_refused_naming_the_field_and_the_code_and_write_nothing(site):
    admin = site.who("p-admin", "enterprise_admin")
    for body, field, words in [
        ({**OUR_RULES, "major_acceptors": ["principal", "boss"]}, "major_acceptors[1]", "未知的角色代码“boss”"),
        ({**OUR_RULES, "extension_deciders": []}, "extension_deciders", "至少指定一个角色"),
        ({**OUR_RULES, "extension_deciders": ["worker"]}, "extension_deciders[0]", "岗位员工（worker）"),
        ({"major_acceptors": ["principal"]}, "extension_deciders", ""),
    ]:
        refused = await call(site, "PUT", EID, "/hazard-rules", admin, body, 422)
        assert refused["field"] == field and words in refused["message"], refused
    assert (await call(site, "GET", EID, "/hazard-rules", admin))["source"] == "default"
    assert await call(site, "GET", EID, "/hazard-rules/history", admin) == []
