"""The risk registry's rules through HTTP, on the real PostgreSQL: the current grade by assessment
date, duties that block departures and retirements and their hand-over, one name per parent,
finite computed values, bounded outlines, and the races each rule must survive."""

from __future__ import annotations

import asyncio
import io
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from PIL import Image
from resvg_py import svg_to_bytes

from libs.clock import FixedClock
from libs.events import NewEvent
from libs.eventstore import PostgresEventStore
from tests.integration.risk_registry.directory_helpers import error_shape_ok, event_count
from tests.integration.service_client import token

SVG = {"s": "http://www.w3.org/2000/svg"}
INVISIBLE = "\u202e\u200b"


class Plant:
    """A small plant built over HTTP: 生产部 → 氢化班 → 操作工 post, the three 包保 holders, a
    worker, the 双氧水罐区 major hazard source and the 办公楼 area, a unit and a risk event."""

    def __init__(self, api, enterprise):
        self.api, self.eid, self.officer = api, enterprise["id"], enterprise["officer"]
        self.base = f"/enterprises/{self.eid}"

    async def call(self, method, path, body=None, status=None):
        r = await self.api.request(method, f"{self.base}{path}", headers=self.officer, json=body)
        if status is not None:
            assert r.status_code == status, (path, r.text)
        return r

    async def make(self, path, body):
        return (await self.call("POST", path, body, 201)).json()

    async def build(self):
        self.dept = await self.make("/org-units", {"kind": "department", "name": "生产部"})
        self.team = await self.make("/org-units", {"kind": "team", "name": "氢化班", "parent_id": self.dept["id"]})
        self.post = await self.make("/org-units", {"kind": "post", "name": "操作工", "parent_id": self.team["id"]})
        self.principal = await self.make("/people", {"name": "张建国", "mobile": "13900000011", "roles": ["principal"]})
        self.technical = await self.make("/people", {"name": "李振华", "mobile": "13900000012",
                                                     "roles": ["technical_head"]})
        self.operations = await self.make("/people", {"name": "刘伟", "mobile": "13900000013",
                                                      "roles": ["operations_head"]})
        self.worker = await self.make("/people", {"name": "赵敏", "mobile": "13900000014", "post_id": self.post["id"]})
        self.tank = await self.make("/risk-objects", {
            "kind": "major_hazard_source", "name": "双氧水罐区", "department_id": self.dept["id"],
            "outline": [[0, 0], [100, 0], [100, 60], [0, 60]]})
        self.office = await self.make("/risk-objects", {
            "kind": "area", "name": "办公楼", "department_id": self.dept["id"],
            "outline": [[120, 0], [220, 0], [220, 60], [120, 60]]})
        self.unit = await self.make("/risk-units", {"object_id": self.office["id"], "name": "办公楼单元",
                                                    "department_id": self.dept["id"],
                                                    "liable_person_id": self.principal["id"]})
        self.risk = await self.make("/risk-events", {"unit_id": self.unit["id"], "name": "办公楼火灾",
                                                     "accident_types": [8], "consequence": "人员伤亡"})
        return self

    async def person(self, name, mobile, roles=("worker",)):
        return await self.make("/people", {"name": name, "mobile": mobile, "roles": list(roles)})

    async def map_fills(self):
        svg = (await self.call("GET", "/map.svg", status=200)).text
        root = ET.fromstring(svg)
        return {g.get("id")[5:]: g.find("s:polygon", SVG).get("fill") for g in root.findall("s:g", SVG)
                if g.get("id", "").startswith("area-")}


@pytest.fixture
async def plant(registry_app, enterprise):
    registry_app.app.state.risk_chain.clock = FixedClock(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    return await Plant(registry_app, enterprise).build()


async def append_as_stored(api, stream_id: str, version: int, event_type: str, data: dict, eid: str) -> None:
    """An event as an older release stored it, appended as it was then: through the store, with
    the inline projections, but with no command (or rule of today) in front."""
    await api.app.state.store.append(stream_id, version, [NewEvent(
        type=f"shuangkong.risk_registry.{event_type}", data=data, metadata={"actor": "old-release",
                                                                           "enterprise_id": eid})])


def assessment(stage, method, inputs, on, reassess="2027-11-01"):
    return {"stage": stage, "method": method, "inputs": inputs, "assessed_on": on, "reassess_on": reassess}


BLUE_LS = {"L": 1, "S": 2}  # 2: 低
RED_LEC = {"L": 3, "E": 6, "C": 40}  # 720: 重大


# ---- the current grade ---------------------------------------------------------------------------

async def test_a_back_dated_assessment_entered_last_does_not_turn_the_office_red(plant):
    p = plant
    path = f"/risk-events/{p.risk['id']}/assessments"
    await p.call("POST", path, assessment("inherent", "LS", BLUE_LS, "2026-11-01"), 201)
    await p.call("POST", path, assessment("inherent", "LEC", RED_LEC, "2020-05-01", "2021-05-01"), 201)
    risk = (await p.call("GET", f"/risk-events/{p.risk['id']}", status=200)).json()
    assert (risk["level"], risk["inherent_level"], risk["inherent_method"]) == (4, 4, "LS")
    assert risk["reassess_on"] == "2027-11-01"  # the current assessment's, not the back-dated one's
    assert len(risk["assessments"]) == 2  # both kept
    assert (await p.map_fills())[p.office["id"]] == "#1E88E5"  # blue, as assessed most recently

    # A newer assessment does become current; on the same date the later record wins.
    await p.call("POST", path, assessment("inherent", "LEC", RED_LEC, "2026-11-01"), 201)
    assert (await p.map_fills())[p.office["id"]] == "#E53935"

    # Re-grading moves the current grade; a back-dated one entered afterwards still changes nothing.
    await p.call("PUT", "/grading-policy", {"lec": {"major": 800, "large": 400, "general": 70},
                                            "ls": {"major": 17, "large": 11, "general": 5},
                                            "control_levels": {"1": "company", "2": "department", "3": "team",
                                                               "4": "post"}}, 200)
    await p.call("POST", path, assessment("inherent", "LS", BLUE_LS, "2019-01-01", "2020-01-01"), 201)
    risk = (await p.call("GET", f"/risk-events/{p.risk['id']}", status=200)).json()
    assert (risk["inherent_level"], risk["inherent_value"], risk["control_level"]) == (2, 720, "department")


async def test_assessment_dates_follow_the_clock_and_each_other(plant):
    p = plant
    path = f"/risk-events/{p.risk['id']}/assessments"
    # 02:00 UTC on 12-02 is 10:00 on 12-02 in Beijing: today is fine, tomorrow is not.
    r = await p.call("POST", path, assessment("inherent", "LEC", RED_LEC, "2026-12-03", "2027-12-03"), 422)
    assert r.json()["field"] == "assessed_on" and error_shape_ok(r.json())
    await p.call("POST", path, assessment("inherent", "LEC", RED_LEC, "2026-12-02", "2027-12-02"), 201)
    p.api.app.state.risk_chain.clock.set(datetime(2026, 12, 2, 16, 30, tzinfo=UTC))  # 00:30 on 12-03 in Beijing
    await p.call("POST", path, assessment("inherent", "LEC", RED_LEC, "2026-12-03", "2027-12-03"), 201)
    r = await p.call("POST", path, assessment("inherent", "LEC", RED_LEC, "2026-11-01", "2026-11-01"), 422)
    assert r.json()["field"] == "reassess_on"


async def test_a_residual_risk_above_the_inherent_one_is_refused_and_nothing_is_stored(plant, db):
    p = plant
    path = f"/risk-events/{p.risk['id']}/assessments"
    await p.call("POST", path, assessment("inherent", "LEC", {"L": 3, "E": 6, "C": 7}, "2026-11-01"), 201)
    before = await event_count(db)
    r = await p.call("POST", path, assessment("residual", "LEC", {"L": 3, "E": 6, "C": 15}, "2026-11-02"), 422)
    assert r.json()["field"] == "inputs" and "剩余风险不能高于固有风险" in r.json()["message"]
    assert await event_count(db) == before


# ---- duties ----------------------------------------------------------------------------------------

async def guard_the_tank(p):
    await p.call("POST", f"/risk-objects/{p.tank['id']}/guardians", {
        "principal_id": p.principal["id"], "technical_id": p.technical["id"],
        "operations_id": p.operations["id"]}, 200)


async def test_duties_block_a_departure_until_they_are_handed_over(plant, db):
    p = plant
    await guard_the_tank(p)
    leaver = p.principal["id"]
    r = await p.call("POST", f"/people/{leaver}/leave", {"reason": "退休"}, 409)
    body = r.json()
    assert error_shape_ok(body) and body["code"] == "has_duties"
    assert "重大危险源「双氧水罐区」的包保责任人（主要负责人）" in body["message"]
    assert "风险分析单元「办公楼单元」的责任人" in body["message"]
    duties = (await p.call("GET", f"/people/{leaver}/duties", status=200)).json()
    assert duties["total"] == 2 and {d["kind"] for d in duties["items"]} == {"guardian_principal", "unit_liable"}

    # The successor must be eligible: a worker cannot guard as 主要负责人; nothing moves.
    before = await event_count(db)
    r = await p.call("POST", f"/people/{leaver}/hand-over", {"successor_id": p.worker["id"]}, 422)
    assert r.json()["field"] == "successor_id" and "主要负责人" in r.json()["message"]
    r = await p.call("POST", f"/people/{leaver}/hand-over", {"successor_id": leaver}, 422)
    assert await event_count(db) == before

    successor = await p.person("王建华", "13900000021", ["principal"])
    r = await p.call("POST", f"/people/{leaver}/hand-over", {"successor_id": successor["id"]}, 200)
    assert len(r.json()["moved"]) == 2
    tank = (await p.call("GET", f"/risk-objects/{p.tank['id']}", status=200)).json()
    unit = (await p.call("GET", f"/risk-units/{p.unit['id']}", status=200)).json()
    assert tank["principal_id"] == successor["id"] and tank["technical_id"] == p.technical["id"]
    assert unit["liable_person_id"] == successor["id"]
    # Each move is an event on its aggregate, both in one transaction; each history says it was a
    # hand-over, from whom to whom.
    tank_moved = (await p.call("GET", f"/risk-objects/{p.tank['id']}/history", status=200)).json()[-1]
    unit_moved = (await p.call("GET", f"/risk-units/{p.unit['id']}/history", status=200)).json()[-1]
    assert tank_moved["type"] == "MajorHazardGuardiansAssigned" and unit_moved["type"] == "RiskUnitRevised"
    handed = f"职责移交：{p.principal['name']} → 王建华"
    assert tank_moved["description"].startswith(handed + "（重大危险源包保责任人"), tank_moved["description"]
    assert unit_moved["description"] == f"{handed}（风险分析单元责任人：{unit['name']}）"
    tx_ids = await db.fetch("SELECT DISTINCT tx_id FROM risk_registry.events WHERE position > "
                            "(SELECT max(position) - 2 FROM risk_registry.events)")
    assert len(tx_ids) == 1
    assert (await p.call("GET", f"/people/{leaver}/duties", status=200)).json()["total"] == 0

    await p.call("POST", f"/people/{leaver}/leave", {"reason": "退休"}, 200)
    # The new guardian cannot drop the role the slot needs.
    r = await p.call("POST", f"/people/{successor['id']}/roles", {"roles": ["worker"]}, 409)
    assert r.json()["field"] == "roles" and "双氧水罐区" in r.json()["message"]


async def as_before_the_rule(p, db, person, event_type: str, data: dict, read_model_sql: str, *args) -> None:
    """A change of a person stored before duties blocked it (decision 17): the event appended with
    no command and no re-check in front, the people row as the projection of then left it."""
    version = (await p.call("GET", f"/people/{person['id']}", status=200)).json()["version"]
    await PostgresEventStore(p.api.app.state.pool).append(f"person-{person['id']}", version, [NewEvent(
        type=f"shuangkong.risk_registry.{event_type}",
        data={"person_id": person["id"], "enterprise_id": p.eid, **data},
        metadata={"actor": "old-release", "enterprise_id": p.eid})])
    await db.execute(f"UPDATE people SET {read_model_sql}, updated_at = now(), version = $2 WHERE id = $1",
                     person["id"], version + 1, *args)


async def leave_as_before_the_rule(p, db, person) -> None:
    await as_before_the_rule(p, db, person, "PersonLeft", {"reason": "调离"}, "left_at = now(), post_id = NULL")


async def test_duties_of_people_who_left_before_the_rule_are_shown_and_handed_over_one_at_a_time(plant, db):
    p = plant
    await guard_the_tank(p)
    tank_unit = await p.make("/risk-units", {"object_id": p.tank["id"], "name": "储罐单元",
                                             "department_id": p.dept["id"], "liable_person_id": p.worker["id"]})
    for person in (p.technical, p.operations, p.worker):  # two guardians of the tank, a unit's 责任人
        await leave_as_before_the_rule(p, db, person)

    departed = (await p.call("GET", "/departed-duty-holders", status=200)).json()
    assert departed["total"] == 3
    held = {d["id"]: [(x["kind"], x["thing_id"]) for x in d["duties"]] for d in departed["items"]}
    assert held == {p.technical["id"]: [("guardian_technical", p.tank["id"])],
                    p.operations["id"]: [("guardian_operations", p.tank["id"])],
                    p.worker["id"]: [("unit_liable", tank_unit["id"])]}
    first = departed["items"][0]
    assert first["left_at"] and first["duties"][0]["kind_label"] and "包保责任人" in str(departed)
    rows = {u["unit_id"]: u for u in (await p.call("GET", "/lists/responsibilities", status=200)).json()["items"]}
    flags = ("liable_person_left", "principal_left", "technical_left", "operations_left")
    assert [rows[tank_unit["id"]][f] for f in flags] == [True, False, True, True]
    assert sorted(rows[tank_unit["id"]]["departed_holders"]) == sorted(["李振华", "刘伟", "赵敏"])
    assert [rows[p.unit["id"]][f] for f in flags] == [False] * 4
    csv_text = (await p.api.get(f"{p.base}/lists/responsibilities", headers=p.officer,
                                params={"format": "csv"})).content.decode("utf-8-sig")
    assert "已离职未移交" in csv_text and "李振华" in csv_text

    # What a revision keeps is not judged again: the unit is renamed though its 责任人 has left.
    await p.call("PUT", f"/risk-units/{tank_unit['id']}", {"name": "双氧水储罐单元", "department_id": p.dept["id"],
                                                           "liable_person_id": p.worker["id"]}, 200)
    # One guardian at a time: the other departed slot does not stop it.
    technical = await p.person("陈技术", "13900000031", ["technical_head"])
    r = await p.call("POST", f"/people/{p.technical['id']}/hand-over", {"successor_id": technical["id"]}, 200)
    assert [d["kind"] for d in r.json()["moved"]] == ["guardian_technical"]
    tank = (await p.call("GET", f"/risk-objects/{p.tank['id']}", status=200)).json()
    assert (tank["technical_id"], tank["operations_id"]) == (technical["id"], p.operations["id"])
    # A slot the assignment changes is judged, and the refusal names who and why.
    r = await p.call("POST", f"/risk-objects/{p.tank['id']}/guardians", {
        "principal_id": p.principal["id"], "technical_id": p.technical["id"],
        "operations_id": p.operations["id"]}, 422)
    assert r.json()["field"] == "technical_id" and "李振华已离职" in r.json()["message"]
    operations = await p.person("周操作", "13900000032", ["operations_head"])
    await p.call("POST", f"/people/{p.operations['id']}/hand-over", {"successor_id": operations["id"]}, 200)
    await p.call("POST", f"/people/{p.worker['id']}/hand-over", {"successor_id": p.principal["id"]}, 200)

    assert (await p.call("GET", "/departed-duty-holders", status=200)).json() == {"items": [], "total": 0}
    # A role lost before the rule does not block the next change of roles (only what it drops is judged).
    await as_before_the_rule(p, db, p.principal, "PersonRolesChanged", {"roles": ["worker"]}, "roles = $3",
                             ["worker"])
    await p.call("POST", f"/people/{p.principal['id']}/roles", {"roles": ["worker", "department_head"]}, 200)
    rows = {u["unit_id"]: u for u in (await p.call("GET", "/lists/responsibilities", status=200)).json()["items"]}
    assert [rows[tank_unit["id"]][f] for f in flags] == [False] * 4 and rows[tank_unit["id"]]["departed_holders"] == []


async def test_org_units_that_still_hold_something_cannot_retire(plant):
    p = plant
    measure = await p.make("/control-measures", {
        "risk_event_id": p.risk["id"], "description": "配置灭火器并定期检查", "classify1": "4", "classify2": "4-3",
        "data_source": "2", "inspection_content": "灭火器压力与有效期", "responsible_post_id": p.post["id"]})
    r = await p.call("POST", f"/org-units/{p.post['id']}/retire", {"reason": "撤岗"}, 409)
    assert "管控措施「配置灭火器并定期检查」（风险事件「办公楼火灾」）" in r.json()["message"]
    assert "在岗人员「赵敏」" in r.json()["message"]
    holdings = (await p.call("GET", f"/org-units/{p.post['id']}/holdings", status=200)).json()
    assert {h["kind"] for h in holdings["items"]} == {"measure", "member"}

    # A department that is still the responsible department of risk objects and units.
    empty_dept = await p.make("/org-units", {"kind": "department", "name": "储运部"})
    area = await p.make("/risk-objects", {"kind": "area", "name": "装车站", "department_id": empty_dept["id"]})
    r = await p.call("POST", f"/org-units/{empty_dept['id']}/retire", {"reason": "撤并"}, 409)
    assert r.json()["code"] == "has_duties" and "风险分析对象「装车站」" in r.json()["message"]
    await p.call("POST", f"/risk-objects/{area['id']}/retire", {"reason": "拆除"}, 200)
    await p.call("POST", f"/org-units/{empty_dept['id']}/retire", {"reason": "撤并"}, 200)
    await p.call("POST", f"/control-measures/{measure['id']}/retire", {"reason": "x"}, 200)


async def test_a_departure_racing_a_new_duty_never_leaves_a_duty_on_someone_gone(plant, db):
    p = plant
    for i in range(6):
        someone = await p.person(f"临时{i}", f"1370000010{i}")
        leave, unit = await asyncio.gather(
            p.call("POST", f"/people/{someone['id']}/leave", {"reason": "辞职"}),
            p.call("POST", "/risk-units", {"object_id": p.office["id"], "name": f"竞态单元{i}",
                                           "department_id": p.dept["id"], "liable_person_id": someone["id"]}))
        assert not (leave.status_code == 200 and unit.status_code == 201), (leave.text, unit.text)
        assert {leave.status_code, unit.status_code} <= {200, 201, 409, 422}, (leave.text, unit.text)
    orphaned = await db.fetchval("""SELECT count(*) FROM risk_registry.risk_units u JOIN risk_registry.people p
                                    ON p.id = u.liable_person_id WHERE NOT u.retired AND p.left_at IS NOT NULL""")
    assert orphaned == 0


async def test_a_retirement_racing_a_new_risk_object_never_leaves_it_under_a_retired_department(plant, db):
    p = plant
    for i in range(6):
        dept = await p.make("/org-units", {"kind": "department", "name": f"临时部{i}"})
        retire, obj = await asyncio.gather(
            p.call("POST", f"/org-units/{dept['id']}/retire", {"reason": "撤并"}),
            p.call("POST", "/risk-objects", {"kind": "area", "name": f"竞态区域{i}", "department_id": dept["id"]}))
        assert not (retire.status_code == 200 and obj.status_code == 201), (retire.text, obj.text)
    stranded = await db.fetchval("""SELECT count(*) FROM risk_registry.risk_objects o JOIN risk_registry.org_units d
                                    ON d.id = o.department_id WHERE NOT o.retired AND d.retired""")
    assert stranded == 0


async def test_a_hand_over_racing_a_departure_of_the_successor_leaves_no_duty_on_someone_gone(plant, db):
    p = plant
    for i in range(4):
        holder = await p.person(f"持有人{i}", f"1360000010{i}")
        successor = await p.person(f"接任人{i}", f"1360000020{i}")
        await p.make("/risk-units", {"object_id": p.office["id"], "name": f"移交单元{i}",
                                     "department_id": p.dept["id"], "liable_person_id": holder["id"]})
        await asyncio.gather(p.call("POST", f"/people/{holder['id']}/hand-over", {"successor_id": successor["id"]}),
                             p.call("POST", f"/people/{successor['id']}/leave", {"reason": "辞职"}))
    orphaned = await db.fetchval("""SELECT count(*) FROM risk_registry.risk_units u JOIN risk_registry.people p
                                    ON p.id = u.liable_person_id WHERE NOT u.retired AND p.left_at IS NOT NULL""")
    assert orphaned == 0


# ---- names -------------------------------------------------------------------------------------------

def name_commands(p):
    """(what, method, path, body, field) for every command that takes a name, the name invisible —
    and the one list of names that must differ (a rating's substances), a name given twice."""
    x = INVISIBLE
    obj = {"department_id": p.dept["id"]}
    return [
        ("enterprise", "POST", "/enterprises",
         {"name": x, "credit_code": "91350100M000100Y43", "industry": "工贸"}, "name"),
        ("enterprise rename", "PATCH", "", {"name": x}, "name"),
        ("org unit", "POST", "/org-units", {"kind": "department", "name": x}, "name"),
        ("org unit rename", "POST", f"/org-units/{p.team['id']}/rename", {"name": x}, "name"),
        ("person", "POST", "/people", {"name": x, "mobile": "13700000999"}, "name"),
        ("person contact", "POST", f"/people/{p.worker['id']}/contact", {"name": x, "mobile": "13900000014"}, "name"),
        ("risk object", "POST", "/risk-objects", {"kind": "area", "name": x, **obj}, "name"),
        ("risk object revise", "PUT", f"/risk-objects/{p.office['id']}", {"name": x, **obj}, "name"),
        ("substance", "POST", f"/risk-objects/{p.tank['id']}/rating",
         {"alpha": 1.0, "substances": [{"name": x, "q": 100, "critical_q": 50}]}, "substances.0.name"),
        ("substance twice", "POST", f"/risk-objects/{p.tank['id']}/rating",
         {"alpha": 1.0, "substances": [{"name": "液氯", "q": 10, "critical_q": 5}, {"name": "过氧化氢", "q": 1,
                                                                                 "critical_q": 50},
                                       {"name": "液氯\u200b", "q": 10, "critical_q": 5}]}, "substances.2.name"),
        ("risk unit", "POST", "/risk-units", {"object_id": p.office["id"], "name": x, "department_id": p.dept["id"],
                                              "liable_person_id": p.principal["id"]}, "name"),
        ("risk unit revise", "PUT", f"/risk-units/{p.unit['id']}", {"name": x, "department_id": p.dept["id"],
                                                                    "liable_person_id": p.principal["id"]}, "name"),
        ("risk event", "POST", "/risk-events", {"unit_id": p.unit["id"], "name": x, "accident_types": [8],
                                                "consequence": "c"}, "name"),
        ("risk event revise", "PUT", f"/risk-events/{p.risk['id']}",
         {"name": x, "accident_types": [8], "consequence": "c"}, "name"),
        ("risk event consequence", "POST", "/risk-events", {"unit_id": p.unit["id"], "name": "泄漏",
                                                            "accident_types": [8], "consequence": x}, "consequence"),
        ("measure description", "POST", "/control-measures", {
            "risk_event_id": p.risk["id"], "description": x, "classify1": "4", "classify2": "4-3",
            "inspection_content": "检查", "responsible_post_id": p.post["id"]}, "description"),
        ("retire reason", "POST", f"/risk-events/{p.risk['id']}/retire", {"reason": x}, "reason"),
        ("leave reason", "POST", f"/people/{p.worker['id']}/leave", {"reason": x}, "reason"),
    ]


async def test_every_name_of_invisible_characters_is_refused_naming_the_field(plant, admin, db):
    p = plant
    wrong = []
    for what, method, path, body, field in name_commands(p):
        before = await event_count(db)
        url, headers = (path, admin) if path == "/enterprises" else (f"{p.base}{path}", p.officer)
        r = await p.api.request(method, url, headers=headers, json=body)
        if r.status_code != 422 or not error_shape_ok(r.json()) or r.json()["field"] != field \
                or not re.search("[\u4e00-\u9fff]", r.json()["message"]):
            wrong.append(f"{what}: {r.status_code} {r.text}")
        elif ("重复" if what == "substance twice" else "不能为空") not in r.json()["message"]:
            wrong.append(f"{what}: {r.json()['message']}")  # says what is wrong, not just "invalid"
        if await event_count(db) != before:
            wrong.append(f"{what}: something was stored")
    assert wrong == []


async def test_names_are_stored_normalised(plant):
    unit = await plant.make("/org-units", {"kind": "department", "name": "\u202e 设备\u200b部 "})
    assert unit["name"] == "设备部"


async def test_the_same_name_twice_under_one_parent_is_a_conflict(plant):
    p = plant
    m = {"classify1": "4", "classify2": "4-3", "inspection_content": "检查", "responsible_post_id": p.post["id"]}
    duplicates = [
        ("department", "/org-units", {"kind": "department", "name": "生产部\u200b"}, "同一上级下已有名为「生产部」"),
        ("team", "/org-units", {"kind": "team", "name": "氢化班", "parent_id": p.dept["id"]}, "氢化班"),
        ("risk object", "/risk-objects", {"kind": "area", "name": "双氧水罐区", "department_id": p.dept["id"]},
         "本企业已有名为「双氧水罐区」的风险分析对象"),
        ("risk unit", "/risk-units", {"object_id": p.office["id"], "name": "办公楼单元", "department_id": p.dept["id"],
                                      "liable_person_id": p.principal["id"]}, "办公楼单元"),
        ("risk event", "/risk-events", {"unit_id": p.unit["id"], "name": "办公楼火灾", "accident_types": [8],
                                        "consequence": "c"}, "办公楼火灾"),
    ]
    await p.make("/control-measures", {"risk_event_id": p.risk["id"], "description": "配置灭火器", **m})
    duplicates.append(("measure", "/control-measures",
                       {"risk_event_id": p.risk["id"], "description": "配置灭火器 ", **m}, "配置灭火器"))
    for what, path, body, said in duplicates:
        r = await p.call("POST", path, body)
        assert r.status_code == 409, (what, r.text)
        assert r.json()["code"] == "duplicate_name" and said in r.json()["message"], (what, r.text)

    # Renaming or moving into a clash is one too; under another parent the name is free.
    other = await p.make("/org-units", {"kind": "department", "name": "设备部"})
    r = await p.call("POST", f"/org-units/{other['id']}/rename", {"name": "生产部"}, 409)
    same_team = await p.make("/org-units", {"kind": "team", "name": "氢化班", "parent_id": other["id"]})
    r = await p.call("POST", f"/org-units/{same_team['id']}/move", {"parent_id": p.dept["id"]}, 409)
    assert r.json()["field"] == "name"
    r = await p.call("PUT", f"/risk-objects/{p.office['id']}", {"name": "双氧水罐区", "department_id": p.dept["id"]},
                     409)
    # A retired thing gives its name back.
    await p.call("POST", f"/org-units/{same_team['id']}/retire", {"reason": "合并"}, 200)
    await p.make("/org-units", {"kind": "team", "name": "氢化班", "parent_id": other["id"]})


async def test_concurrent_creations_of_one_name_exactly_one_wins(plant, db):
    p = plant
    answers = await asyncio.gather(*(p.call("POST", "/org-units", {"kind": "department", "name": "安全环保部"})
                                     for _ in range(6)))
    assert sorted(r.status_code for r in answers) == [201] + [409] * 5
    assert await db.fetchval("SELECT count(*) FROM risk_registry.org_units WHERE name = '安全环保部'") == 1
    assert await event_count(db, "data->>'name' = '安全环保部'") == 1


# ---- finite values and bounded outlines ----------------------------------------------------------------

async def test_an_r_value_that_overflows_is_refused_naming_the_quantity(plant, db):
    p = plant
    before = await event_count(db)
    r = await p.call("POST", f"/risk-objects/{p.tank['id']}/rating", {
        "alpha": 1.0, "substances": [{"name": "过氧化氢", "q": 1e308, "critical_q": 1e-308}]}, 422)
    assert r.json()["field"] == "substances.0.q" and error_shape_ok(r.json())
    r = await p.call("POST", f"/risk-objects/{p.tank['id']}/rating", {
        "alpha": 2.0, "substances": [{"name": "a", "q": 1e308, "critical_q": 1}, {"name": "b", "q": 1e308,
                                                                                  "critical_q": 1}]}, 422)
    assert r.json()["field"].startswith("substances")
    assert await event_count(db) == before


async def test_an_outline_outside_the_plant_is_refused_and_a_stored_one_does_not_spoil_the_map(plant, db):
    p = plant
    r = await p.call("POST", "/risk-objects", {"kind": "area", "name": "远处", "department_id": p.dept["id"],
                                               "outline": [[0, 0], [1e9, 0], [1e9, 1e9]]}, 422)
    assert r.json()["field"] == "outline.1"
    # An outline stored before outlines were bounded (an old event's row in the read model).
    await db.execute("UPDATE risk_objects SET outline = $2 WHERE id = $1", p.office["id"],
                     '[[0, 0], [1000000000, 0], [1000000000, 1000000000]]')
    svg = (await p.call("GET", "/map.svg", status=200)).text
    view = [float(v) for v in ET.fromstring(svg).get("viewBox").split()]
    assert all(abs(v) < 1_000 for v in view), view
    assert f"area-{p.office['id']}" not in svg and "另有1个区域轮廓超出厂区范围" in svg
    image = Image.open(io.BytesIO(bytes(svg_to_bytes(svg_string=svg)))).convert("RGB")
    grey = image.getpixel((round(10 - view[0]), round(10 - view[1])))  # the tank, unassessed, still drawn
    assert all(abs(c - 199) <= 3 for c in grey), grey
    assert image.size[0] < 1_000 and image.size[1] < 1_000


async def test_an_outline_with_null_corners_stored_before_the_rule_loads_and_can_be_replaced(plant):
    """A non-finite corner written before decision 19 reads back as null (JSON has no NaN). The map
    leaves that area off with its note, the object still reads and takes commands: a revise gives
    it a proper outline, and then it is drawn."""
    p = plant
    object_id = uuid.uuid4().hex
    await append_as_stored(p.api, f"riskobject-{object_id}", 0, "RiskObjectRegistered", {
        "object_id": object_id, "enterprise_id": p.eid, "kind": "area", "name": "旧仓库", "code": None,
        "department_id": p.dept["id"], "outline": [[None, 1], [300, 0], [300, 50]]}, p.eid)

    def drawn(svg: str):
        view = [float(v) for v in ET.fromstring(svg).get("viewBox").split()]
        image = Image.open(io.BytesIO(bytes(svg_to_bytes(svg_string=svg)))).convert("RGB")
        return view, image, lambda x, y: image.getpixel((round(x - view[0]), round(y - view[1])))

    svg = (await p.call("GET", "/map.svg", status=200)).text
    view, image, pixel = drawn(svg)
    assert f"area-{object_id}" not in svg and "另有1个区域轮廓超出厂区范围" in svg
    assert all(abs(c - 199) <= 3 for c in pixel(10, 10)), "the tank (unassessed, grey) is still drawn"
    assert image.size[0] < 1_000 and image.size[1] < 1_000

    stored = (await p.call("GET", f"/risk-objects/{object_id}", status=200)).json()
    assert stored["outline"][0] == [None, 1] and stored["version"] == 1
    assert (await p.call("GET", "/risk-objects", status=200)).json()["total"] == 3
    assert (await p.call("GET", f"/risk-objects/{object_id}/history", status=200)).json()[0]["description"]

    await p.call("PUT", f"/risk-objects/{object_id}", {
        "name": "旧仓库", "department_id": p.dept["id"], "outline": [[240, 0], [300, 0], [300, 50], [240, 50]],
        "expected_version": 1}, 200)
    svg = (await p.call("GET", "/map.svg", status=200)).text
    view, image, pixel = drawn(svg)
    assert f"area-{object_id}" in svg and "left-off" not in svg
    assert all(abs(c - 199) <= 3 for c in pixel(270, 25)), "the revised outline is drawn (unassessed, grey)"


async def test_the_plant_extent_is_a_setting(registry_app, enterprise, plant):
    registry_app.app.state.risk_chain.plant_extent = 50.0  # what SK_PLANT_EXTENT=50 wires
    r = await plant.call("POST", "/risk-objects", {"kind": "area", "name": "泵房", "department_id": plant.dept["id"],
                                                   "outline": [[0, 0], [60, 0], [60, 40]]}, 422)
    assert r.json()["field"] == "outline.1" and "50" in r.json()["message"]
    worker = token(registry_app.settings, enterprise["id"], "worker", person="w")
    assert (await registry_app.get(f"{plant.base}/map.svg", headers=worker)).status_code == 200


async def test_the_demo_plant_loads_under_the_rules(runtime, database_url, topic_prefix):
    """The demo plant goes through the same handlers: every rule of this file holds for it."""
    from services.risk_registry.app import create_app
    from tests.integration.service_client import running, settings_for

    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, load_demo_plant=True)
    async with running(create_app(settings)) as api:
        admin = token(settings, None, "platform_admin")
        [plant] = (await api.get("/enterprises", headers=admin)).json()["items"]
        officer = token(settings, plant["id"], "safety_officer")
        objects = (await api.get(f"/enterprises/{plant['id']}/risk-objects", headers=officer,
                                 params={"limit": 100})).json()
        assert objects["total"] > 10
        svg = (await api.get(f"/enterprises/{plant['id']}/map.svg", headers=officer)).text
        assert "left-off" not in svg
