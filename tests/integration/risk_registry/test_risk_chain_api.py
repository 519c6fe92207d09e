"""The risk chain through HTTP: object → unit → risk event → assessment → control measure,
the grading policy and re-grading, the 三清单 exports, "my post" and the four-colour map."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from tests.integration.service_client import token


@pytest.fixture
async def plant(registry_app, enterprise):
    """A department with a post, a person on it, the liable person, and two areas on the plan."""
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]

    async def post(path, body, status=201):
        r = await api.post(f"/enterprises/{eid}{path}", headers=officer, json=body)
        assert r.status_code == status, r.text
        return r.json()

    dept = await post("/org-units", {"kind": "department", "name": "生产部"})
    team = await post("/org-units", {"kind": "team", "name": "氢化班", "parent_id": dept["id"]})
    op_post = await post("/org-units", {"kind": "post", "name": "氢化岗位操作工", "parent_id": team["id"]})
    head = await post("/people", {"name": "李强", "mobile": "13900000001", "roles": ["department_head"]})
    worker = await post("/people", {"name": "赵敏", "mobile": "13900000002", "post_id": op_post["id"]})
    tank = await post("/risk-objects", {"kind": "major_hazard_source", "name": "双氧水罐区", "code": "MHS-01",
                                        "department_id": dept["id"],
                                        "outline": [[0, 0], [100, 0], [100, 60], [0, 60]]})
    hydro = await post("/risk-objects", {"kind": "process_unit", "name": "氢化装置", "department_id": dept["id"],
                                         "outline": [[120, 0], [220, 0], [220, 60], [120, 60]]})
    return {"dept": dept, "post": op_post, "head": head, "worker": worker, "tank": tank, "hydro": hydro,
            "post_fn": post}


async def test_the_chain_from_object_to_measure_with_grading(registry_app, enterprise, plant):
    api, eid, officer, post = registry_app, enterprise["id"], enterprise["officer"], plant["post_fn"]
    unit = await post("/risk-units", {"object_id": plant["tank"]["id"], "name": "双氧水储罐单元",
                                      "department_id": plant["dept"]["id"], "liable_person_id": plant["head"]["id"]})
    risk = await post("/risk-events", {"unit_id": unit["id"], "name": "储罐超温分解爆炸", "accident_types": [17, 8],
                                       "consequence": "储罐破裂，人员伤亡"})
    assert risk["accident_types"] == [8, 17] and risk["level"] is None

    graded = await post(f"/risk-events/{risk['id']}/assessments", {
        "stage": "inherent", "method": "LEC", "inputs": {"L": 3, "E": 6, "C": 40},
        "assessed_on": "2026-11-01", "reassess_on": "2027-11-01"})
    assert graded["inherent_value"] == 720 and graded["inherent_level"] == 1 and graded["control_level"] == "company"
    graded = await post(f"/risk-events/{risk['id']}/assessments", {
        "stage": "residual", "method": "LS", "inputs": {"L": 2, "S": 5},
        "assessed_on": "2026-11-02", "reassess_on": "2027-05-01"})
    assert graded["residual_value"] == 10 and graded["residual_level"] == 3 and graded["level"] == 3
    assert graded["control_level"] == "team" and graded["reassess_on"] == "2027-05-01"
    assert len(graded["assessments"]) == 2

    measure = await post("/control-measures", {
        "risk_event_id": risk["id"], "description": "储罐设温度高高联锁，自动开启喷淋降温", "classify1": "1",
        "classify2": "1-4", "data_source": "1", "inspection_content": "检查温度联锁投用状态及喷淋阀门",
        "responsible_post_id": plant["post"]["id"]})
    assert measure["responsible_post_name"] == "氢化岗位操作工" and measure["level"] == 3

    # The enterprise tightens its LS bands: 10 is now 较大, controlled by the department.
    policy = (await api.get(f"/enterprises/{eid}/grading-policy", headers=officer)).json()
    assert policy["default"] is True and policy["ls"] == {"major": 17, "large": 11, "general": 5}
    r = await api.put(f"/enterprises/{eid}/grading-policy", headers=officer, json={
        "lec": {"major": 320, "large": 160, "general": 70}, "ls": {"major": 15, "large": 9, "general": 4},
        "control_levels": {"1": "company", "2": "department", "3": "team", "4": "post"}})
    assert r.status_code == 200, r.text
    assert r.json()["regraded"] == 1 and r.json()["ls"]["major"] == 15 and r.json()["version"] == 1
    units = (await api.get(f"/enterprises/{eid}/risk-units", params={"object_id": plant["tank"]["id"]},
                           headers=officer)).json()
    assert [u["name"] for u in units["items"]] == ["双氧水储罐单元"]
    after = (await api.get(f"/enterprises/{eid}/risk-events/{risk['id']}", headers=officer)).json()
    assert after["residual_level"] == 2 and after["control_level"] == "department"
    history = (await api.get(f"/enterprises/{eid}/risk-events/{risk['id']}/history", headers=officer)).json()
    assert [h["type"] for h in history] == ["RiskEventIdentified", "RiskAssessed", "RiskAssessed", "RiskRegraded"]

    # 我的岗位: the worker on the post sees the risk and its measure.
    mine = (await api.get(f"/enterprises/{eid}/my-post",
                          headers=token(api.settings, eid, "worker", person=plant["worker"]["id"]))).json()
    assert mine["post"]["name"] == "氢化岗位操作工"
    assert [m["description"] for m in mine["control_measures"]] == ["储罐设温度高高联锁，自动开启喷淋降温"]
    assert mine["risks"][0]["name"] == "储罐超温分解爆炸"

    # 三清单 as XLSX, opened with openpyxl and checked row by row (row 1 is the title, then 序号 first).
    r = await api.get(f"/enterprises/{eid}/lists/risks", params={"format": "xlsx"}, headers=officer)
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(min_row=2, values_only=True))
    assert rows[0][:5] == ("序号", "风险分析对象", "对象类型", "风险分析单元", "风险事件")
    risk_row = dict(zip(rows[0], rows[1], strict=True))
    assert risk_row["风险分析对象"] == "双氧水罐区" and risk_row["对象类型"] == "重大危险源"
    assert risk_row["风险事件"] == "储罐超温分解爆炸" and risk_row["事故类别"] == "火灾、容器爆炸"
    assert risk_row["固有风险等级"] == "重大风险" and risk_row["剩余风险等级"] == "较大风险"
    assert risk_row["管控层级"] == "部门级"
    r = await api.get(f"/enterprises/{eid}/lists/control-measures", params={"format": "csv"}, headers=officer)
    lines = r.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("风险分析对象,风险分析单元,风险事件,事故类别,可能后果,风险等级,管控层级,"
                               "措施分类1,措施分类2")
    assert "安全仪表" in lines[1] and "自动化监控" in lines[1]
    r = await api.get(f"/enterprises/{eid}/lists/responsibilities", params={"format": "xlsx"}, headers=officer)
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(min_row=2, values_only=True))
    assert rows[1][:7] == (1, "双氧水罐区", "双氧水储罐单元", "较大风险", "部门级", "生产部", "李强")
    filtered = (await api.get(f"/enterprises/{eid}/lists/risks", params={"level": 1}, headers=officer)).json()
    assert filtered["total"] == 0
    company = (await api.get(f"/enterprises/{eid}/lists/risks", params={"control_level": "department"},
                             headers=officer)).json()
    assert company["total"] == 1

    # 四色图: the tank farm is orange (较大), the hydrogenation unit not yet assessed (grey).
    svg = (await api.get(f"/enterprises/{eid}/map.svg", headers=officer)).text
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    fills = {g.get("id"): g.find("s:polygon", ns).get("fill") for g in root.findall("s:g", ns)
             if g.get("id", "").startswith("area-")}
    assert fills[f"area-{plant['tank']['id']}"] == "#FB8C00"
    assert fills[f"area-{plant['hydro']['id']}"] == "#BDBDBD"


async def test_major_hazard_source_rating_and_guardians(registry_app, enterprise, plant):
    api, eid, officer, post = registry_app, enterprise["id"], enterprise["officer"], plant["post_fn"]
    tank = plant["tank"]["id"]
    rated = await post(f"/risk-objects/{tank}/rating", {"alpha": 2.0, "substances": [
        {"name": "过氧化氢 (≥60%)", "q": 150, "critical_q": 50, "beta": 1.0},
        {"name": "氢气", "q": 1.5, "critical_q": 5, "beta": 1.5}]}, status=200)
    assert rated["r_value"] == 6.9 and rated["hazard_grade"] == 4
    r = await api.post(f"/enterprises/{eid}/risk-objects/{plant['hydro']['id']}/rating", headers=officer,
                       json={"alpha": 1.0, "substances": [{"name": "氢气", "q": 1, "critical_q": 5}]})
    assert r.status_code == 422 and r.json()["field"] == "kind"
    fields = ("principal_id", "technical_id", "operations_id")
    r = await api.post(f"/enterprises/{eid}/risk-objects/{tank}/guardians", headers=officer,
                       json=dict(zip(fields, [plant["head"]["id"]] * 3, strict=True)))
    assert r.status_code == 422 and r.json()["field"] == "principal_id" and "主要负责人" in r.json()["message"]
    holders = (("张建国", "13900000011", "principal"), ("李振华", "13900000012", "technical_head"),
               ("刘伟", "13900000013", "operations_head"))
    people = [(await post("/people", {"name": name, "mobile": mobile, "roles": [role]}))["id"]
              for name, mobile, role in holders]
    done = await post(f"/risk-objects/{tank}/guardians", dict(zip(fields, people, strict=True)), status=200)
    assert (done["principal_id"], done["technical_id"], done["operations_id"]) == tuple(people)


@pytest.mark.parametrize("body, field", [
    ({"stage": "inherent", "method": "LEC", "inputs": {"L": 4, "E": 6, "C": 40}}, "inputs.L"),
    ({"stage": "inherent", "method": "LS", "inputs": {"L": 6, "S": 1}}, "inputs.L"),
    ({"stage": "inherent", "method": "LEC", "inputs": {"L": 3, "E": 6}}, "inputs.C"),
    ({"stage": "later", "method": "LEC", "inputs": {"L": 3, "E": 6, "C": 1}}, "stage"),
])
async def test_bad_assessments_name_the_field(registry_app, enterprise, plant, body, field):
    api, eid, officer, post = registry_app, enterprise["id"], enterprise["officer"], plant["post_fn"]
    unit = await post("/risk-units", {"object_id": plant["hydro"]["id"], "name": "氢化单元",
                                      "department_id": plant["dept"]["id"], "liable_person_id": plant["head"]["id"]})
    risk = await post("/risk-events", {"unit_id": unit["id"], "name": "氢气泄漏爆炸", "accident_types": [18],
                                       "consequence": "爆炸"})
    r = await api.post(f"/enterprises/{eid}/risk-events/{risk['id']}/assessments", headers=officer,
                       json={**body, "assessed_on": "2026-11-01", "reassess_on": "2027-11-01"})
    assert r.status_code == 422 and r.json()["field"] == field, r.text
    assert (await api.get(f"/enterprises/{eid}/risk-events/{risk['id']}", headers=officer)).json()["version"] == 1


async def test_bad_references_and_shapes_name_the_field(registry_app, enterprise, plant, admin):
    api, eid, officer, post = registry_app, enterprise["id"], enterprise["officer"], plant["post_fn"]
    other = (await api.post("/enterprises", headers=admin, json={
        "name": "另一家", "credit_code": "91110000600037341L", "industry": "工贸"})).json()
    other_officer = token(api.settings, other["id"], "safety_officer")
    other_dept = (await api.post(f"/enterprises/{other['id']}/org-units", headers=other_officer,
                                 json={"kind": "department", "name": "外企业部门"})).json()
    cases = [
        ("/risk-objects", {"kind": "area", "name": "x", "department_id": other_dept["id"]}, "department_id"),
        ("/risk-objects", {"kind": "area", "name": "x", "department_id": plant["dept"]["id"],
                           "outline": [[0, 0], [10, 10], [10, 0], [0, 10]]}, "outline"),
        ("/risk-objects", {"kind": "area", "name": "x", "department_id": plant["dept"]["id"],
                           "outline": [[0, 0], [10, 10]]}, "outline"),
        ("/risk-objects", {"kind": "warehouse", "name": "x", "department_id": plant["dept"]["id"]}, "kind"),
        ("/risk-units", {"object_id": "nope", "name": "x", "department_id": plant["dept"]["id"],
                         "liable_person_id": plant["head"]["id"]}, "object_id"),
        ("/risk-units", {"object_id": plant["tank"]["id"], "name": "x", "department_id": plant["post"]["id"],
                         "liable_person_id": plant["head"]["id"]}, "department_id"),
    ]
    for path, body, field in cases:
        r = await api.post(f"/enterprises/{eid}{path}", headers=officer, json=body)
        assert r.status_code == 422 and r.json()["field"] == field, (body, r.text)
    unit = await post("/risk-units", {"object_id": plant["tank"]["id"], "name": "卸车单元",
                                      "department_id": plant["dept"]["id"], "liable_person_id": plant["head"]["id"]})
    risk = await post("/risk-events", {"unit_id": unit["id"], "name": "卸车泄漏", "accident_types": [7],
                                       "consequence": "灼烫"})
    for body, field in [({"classify1": "1", "classify2": "2-1"}, "classify2"),
                        ({"classify1": "5", "classify2": "1-1"}, "classify1"),
                        ({"classify1": "1", "classify2": "1-1", "responsible_post_id": plant["dept"]["id"]},
                         "responsible_post_id")]:
        r = await api.post(f"/enterprises/{eid}/control-measures", headers=officer, json={
            "risk_event_id": risk["id"], "description": "d", "inspection_content": "c",
            "responsible_post_id": plant["post"]["id"], **body})
        assert r.status_code == 422 and r.json()["field"] == field, (body, r.text)
    other_team = (await api.post(f"/enterprises/{other['id']}/org-units", headers=other_officer,
                                 json={"kind": "team", "name": "外企业班组", "parent_id": other_dept["id"]})).json()
    other_post = (await api.post(f"/enterprises/{other['id']}/org-units", headers=other_officer,
                                 json={"kind": "post", "name": "外企业岗位", "parent_id": other_team["id"]})).json()
    r = await api.post(f"/enterprises/{eid}/control-measures", headers=officer, json={
        "risk_event_id": risk["id"], "description": "d", "inspection_content": "c", "classify1": "3",
        "classify2": "3-1", "responsible_post_id": other_post["id"]})
    assert r.status_code == 422 and r.json()["field"] == "responsible_post_id", r.text
    worker = token(api.settings, eid, "worker", person=plant["worker"]["id"])
    r = await api.post(f"/enterprises/{eid}/risk-units", headers=worker, json={
        "object_id": plant["tank"]["id"], "name": "x", "department_id": plant["dept"]["id"],
        "liable_person_id": plant["head"]["id"]})
    assert r.status_code == 403


async def test_revisions_and_retirements_are_events_and_children_block_retirement(registry_app, enterprise, plant):
    api, eid, officer, post = registry_app, enterprise["id"], enterprise["officer"], plant["post_fn"]
    base = f"/enterprises/{eid}"
    unit = await post("/risk-units", {"object_id": plant["hydro"]["id"], "name": "氢化塔单元",
                                      "department_id": plant["dept"]["id"], "liable_person_id": plant["head"]["id"]})
    risk = await post("/risk-events", {"unit_id": unit["id"], "name": "氢化塔超压", "accident_types": [17],
                                       "consequence": "容器爆炸"})
    measure = await post("/control-measures", {
        "risk_event_id": risk["id"], "description": "压力高高联锁切断氢气进料", "classify1": "1", "classify2": "1-4",
        "data_source": "1", "inspection_content": "联锁投用", "responsible_post_id": plant["post"]["id"]})

    r = await api.put(f"{base}/risk-objects/{plant['hydro']['id']}", headers=officer, json={
        "name": "氢化装置（一期）", "code": "PU-01", "department_id": plant["dept"]["id"],
        "outline": [[120, 0], [220, 0], [220, 70], [120, 70]]})
    assert r.status_code == 200 and r.json()["name"] == "氢化装置（一期）"
    r = await api.put(f"{base}/risk-units/{unit['id']}", headers=officer, json={
        "name": "氢化塔及换热单元", "department_id": plant["dept"]["id"], "liable_person_id": plant["worker"]["id"]})
    assert r.json()["liable_person_id"] == plant["worker"]["id"]
    r = await api.put(f"{base}/risk-events/{risk['id']}", headers=officer, json={
        "name": "氢化塔超压破裂", "accident_types": [17, 18], "consequence": "容器爆炸、氢气爆炸",
        "expected_version": 1})
    assert r.json()["accident_types"] == [17, 18]
    r = await api.put(f"{base}/risk-events/{risk['id']}", headers=officer, json={
        "name": "旧版本", "accident_types": [17], "consequence": "x", "expected_version": 1})
    assert r.status_code == 409
    r = await api.put(f"{base}/control-measures/{measure['id']}", headers=officer, json={
        "description": "压力高高联锁切断氢气进料并泄压", "classify1": "1", "classify2": "1-4", "data_source": "1",
        "inspection_content": "联锁投用、泄压阀校验", "responsible_post_id": plant["post"]["id"]})
    assert r.json()["description"].endswith("并泄压")

    # A parent with active children cannot be retired; bottom-up it works, and nothing disappears.
    for path in (f"risk-events/{risk['id']}", f"risk-units/{unit['id']}", f"risk-objects/{plant['hydro']['id']}"):
        r = await api.post(f"{base}/{path}/retire", headers=officer, json={"reason": "装置拆除"})
        assert r.status_code == 409 and r.json()["code"] == "has_children", (path, r.text)
    r = await api.post(f"{base}/org-units/{plant['post']['id']}/retire", headers=officer, json={"reason": "撤岗"})
    assert r.status_code == 409  # people on it (and a measure)
    assert "赵敏" in r.json()["message"] and "管控措施" in r.json()["message"], r.text
    for path in (f"control-measures/{measure['id']}", f"risk-events/{risk['id']}", f"risk-units/{unit['id']}",
                 f"risk-objects/{plant['hydro']['id']}"):
        r = await api.post(f"{base}/{path}/retire", headers=officer, json={"reason": "装置拆除"})
        assert r.status_code == 200 and r.json()["retired"] is True, (path, r.text)
    history = (await api.get(f"{base}/control-measures/{measure['id']}/history", headers=officer)).json()
    assert [h["type"] for h in history] == ["ControlMeasureDefined", "ControlMeasureRevised", "ControlMeasureRetired"]
    listed = (await api.get(f"{base}/risk-objects", params={"include_retired": True}, headers=officer)).json()
    assert {o["name"] for o in listed["items"]} == {"双氧水罐区", "氢化装置（一期）"}
    assert (await api.get(f"{base}/risk-objects", headers=officer)).json()["total"] == 1


async def test_regulator_reads_the_lists_and_map_but_writes_nothing(registry_app, enterprise, plant):
    api, eid = registry_app, enterprise["id"]
    regulator = token(api.settings, None, "regulator", jurisdiction=(eid,))
    assert (await api.get(f"/enterprises/{eid}/lists/risks", headers=regulator)).status_code == 200
    assert (await api.get(f"/enterprises/{eid}/map.svg", headers=regulator)).status_code == 200
    r = await api.post(f"/enterprises/{eid}/risk-objects", headers=regulator, json={
        "kind": "area", "name": "x", "department_id": plant["dept"]["id"]})
    assert r.status_code == 403
