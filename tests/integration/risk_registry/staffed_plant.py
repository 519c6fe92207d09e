"""A small plant whose people are people of the directory, with tokens for each of them: the
safety officer, the three 包保责任人 (no post), a department head and two team leaders on their
posts, workers on posts in two teams and another department, and a unit 责任人 with no post.
Used by the tests of what a person reads: labels, histories, "mine", personal details."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from tests.integration.service_client import token


@dataclass
class StaffedPlant:
    eid: str
    ids: dict[str, str] = field(default_factory=dict)  # name → id of every org unit, person and chain item
    mobiles: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)

    def person(self, key: str) -> str:
        return self.ids[key]


PEOPLE = [  # key, name, mobile, post key, roles of the directory = roles of the token
    ("officer", "王安全", "13900000100", None, ["safety_officer"]),
    ("principal", "张建国", "13900000101", None, ["principal"]),
    ("technical", "李振华", "13900000102", None, ["technical_head"]),
    ("operations", "刘伟", "13900000103", None, ["operations_head"]),
    ("head", "李强", "13900000104", "部长岗", ["department_head"]),
    ("leader", "孙班长", "13900000105", "氢化班长岗", ["team_leader"]),
    ("other_leader", "周班长", "13900000106", "精馏班长岗", ["team_leader"]),
    ("worker", "赵敏", "13900000107", "氢化操作工", ["worker"]),
    ("other_worker", "钱多", "13900000108", "精馏操作工", ["worker"]),
    ("outsider", "吴修", "13900000109", "维修工", ["worker"]),
    ("liable", "陈工", "13900000110", None, ["worker"]),  # 责任人 of a unit, without a post
    ("nobody", "郑闲", "13900000111", None, ["worker"]),  # responsible for nothing
]


async def build(api: httpx.AsyncClient, admin: dict[str, str], credit_code: str) -> StaffedPlant:
    r = await api.post("/enterprises", headers=admin, json={
        "name": "宁波某某双氧水有限公司", "credit_code": credit_code, "industry": "危化", "hazchem_code": "330212001"})
    assert r.status_code == 201, r.text
    plant = StaffedPlant(r.json()["id"])
    bootstrap = token(api.settings, plant.eid, "enterprise_admin", person="it-admin")
    plant.tokens["admin"] = bootstrap

    async def post(path: str, body: dict, headers: dict | None = None, status: int = 201) -> dict:
        r = await api.post(f"/enterprises/{plant.eid}{path}", headers=headers or bootstrap, json=body)
        assert r.status_code == status, (path, r.text)
        return r.json()

    async def unit(key: str, kind: str, parent: str | None = None) -> None:
        body = {"kind": kind, "name": key, **({"parent_id": plant.ids[parent]} if parent else {})}
        plant.ids[key] = (await post("/org-units", body))["id"]

    await unit("生产部", "department")
    await unit("设备部", "department")
    await unit("部长岗", "post", "生产部")
    await unit("氢化班", "team", "生产部")
    await unit("精馏班", "team", "生产部")
    await unit("氢化班长岗", "post", "氢化班")
    await unit("氢化操作工", "post", "氢化班")
    await unit("精馏班长岗", "post", "精馏班")
    await unit("精馏操作工", "post", "精馏班")
    await unit("维修工", "post", "设备部")
    for key, name, mobile, post_key, roles in PEOPLE:
        body = {"name": name, "mobile": mobile, "roles": roles,
                **({"post_id": plant.ids[post_key]} if post_key else {})}
        plant.ids[key] = (await post("/people", body))["id"]
        plant.mobiles[key] = mobile
        plant.tokens[key] = token(api.settings, plant.eid, *roles, person=plant.ids[key])
    plant.tokens["regulator"] = token(api.settings, None, "regulator", jurisdiction=(plant.eid,))
    officer = plant.tokens["officer"]

    # The chain, entered by the officer (a person, so histories name them).
    tank = await post("/risk-objects", {"kind": "major_hazard_source", "name": "双氧水罐区", "code": "MHS-01",
                                        "department_id": plant.ids["生产部"],
                                        "outline": [[0, 0], [100, 0], [100, 60], [0, 60]]}, officer)
    hydro = await post("/risk-objects", {"kind": "process_unit", "name": "氢化装置",
                                         "department_id": plant.ids["生产部"]}, officer)
    plant.ids.update(tank=tank["id"], hydro=hydro["id"])
    await post(f"/risk-objects/{tank['id']}/rating", {"alpha": 2.0, "substances": [
        {"name": "过氧化氢 (≥60%)", "q": 150, "critical_q": 50, "beta": 1.0}]}, officer, status=200)
    await post(f"/risk-objects/{tank['id']}/guardians", {
        "principal_id": plant.ids["principal"], "technical_id": plant.ids["technical"],
        "operations_id": plant.ids["operations"]}, officer, status=200)
    tank_unit = await post("/risk-units", {"object_id": tank["id"], "name": "储罐单元",
                                           "department_id": plant.ids["生产部"],
                                           "liable_person_id": plant.ids["worker"]}, officer)
    hydro_unit = await post("/risk-units", {"object_id": hydro["id"], "name": "氢化塔单元",
                                            "department_id": plant.ids["生产部"],
                                            "liable_person_id": plant.ids["liable"]}, officer)
    plant.ids.update(tank_unit=tank_unit["id"], hydro_unit=hydro_unit["id"])
    for key, unit_key, name, types, inputs, post_key in [
            ("tank_risk", "tank_unit", "储罐超温分解爆炸", [17, 8], {"L": 3, "E": 6, "C": 15}, "精馏操作工"),
            ("hydro_risk", "hydro_unit", "氢气泄漏爆炸", [18], {"L": 1, "E": 6, "C": 15}, "氢化操作工")]:
        risk = await post("/risk-events", {"unit_id": plant.ids[unit_key], "name": name, "accident_types": types,
                                           "consequence": "人员伤亡"}, officer)
        plant.ids[key] = risk["id"]
        await post(f"/risk-events/{risk['id']}/assessments", {
            "stage": "inherent", "method": "LEC", "inputs": inputs, "assessed_on": "2026-11-01",
            "reassess_on": "2027-11-01"}, officer)
        measure = await post("/control-measures", {
            "risk_event_id": risk["id"], "description": f"{name}的联锁", "classify1": "1", "classify2": "1-4",
            "data_source": "1", "inspection_content": "检查联锁投用", "responsible_post_id": plant.ids[post_key]},
            officer)
        plant.ids[key.replace("risk", "measure")] = measure["id"]
    return plant
