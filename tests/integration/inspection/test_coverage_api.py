"""The coverage report through HTTP, the registry's real app beside inspection's on the session's
PostgreSQL and broker: a small plant — a 重大危险源 without tasks, a 重大 unit with a task, two posts
with copied content, a process round without a key parameter, a task too rare for its control level,
a staffed post without tasks — each appears exactly in its section; fixed one by one (a task on the
hazard source, the copy rewritten, a plan item with a safe range, the enterprise's own rule, a task
for the post), each disappears. A bad `similarity` is 422 naming it; another enterprise sees
nothing of this one; a regulator of the jurisdiction reads it; the replica and the read models
rebuilt give the same report."""

from __future__ import annotations

import pytest

from libs.rebuild import rebuild_service
from services.inspection.app import SPEC
from services.inspection.app import create_app as inspection_app
from services.risk_registry.app import create_app as registry_app
from tests.integration.inspection.conftest import Plant, new_plant
from tests.integration.service_client import running, settings_for, token, until

DAILY = {"check_cycle": 1, "check_cycle_unit": "天", "task_start_time": "2026-12-01T08:00:00"}
MONTHS_2 = {"check_cycle": 2, "check_cycle_unit": "月", "task_start_time": "2026-12-01T08:00:00"}
COPIED = "检查储罐区可燃气体报警仪是否正常投用，报警设定值是否为25%LEL"
COPY = "检查储罐区可燃气体报警仪是否正常投用，报警设定值是否为20%LEL"


class CoveragePlant(Plant):
    async def measure(self, risk: str, post: str, content: str, classify2: str = "1-5") -> str:
        return (await self.post("/control-measures", {
            "risk_event_id": self.ids[risk], "description": f"{post}：{content}", "classify1": classify2[0],
            "classify2": classify2, "data_source": "2", "inspection_content": content,
            "responsible_post_id": self.ids[post]}))["id"]

    async def scheduled(self, measure_id: str, cycle: dict = DAILY) -> dict:
        task = await self.task_of(measure_id)
        r = await self.inspection.post(f"/enterprises/{self.eid}/check-tasks/{task['id']}/cycle",
                                       headers=self.officer, json={**cycle, "expected_version": task["version"]})
        assert r.status_code == 200, r.text
        return r.json()

    async def report(self, headers: dict | None = None, eid: str | None = None, **params) -> dict:
        r = await self.inspection.get(f"/enterprises/{eid or self.eid}/coverage-report",
                                      headers=headers or self.officer, params=params)
        assert r.status_code == 200, r.text
        return r.json()

    async def report_when(self, holds, seconds: float = 30.0) -> dict:
        """The report once `holds` of it (the replica and the reactor behind their consumers)."""
        async def seen():
            answer = await self.report()
            return answer if holds(answer) else None
        return await until(seen, seconds)


@pytest.fixture
async def plant(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    async with running(registry_app(settings)) as registry, running(inspection_app(settings)) as inspection:
        p = await new_plant(settings, registry, inspection, "宁波某某氯碱有限公司", 931, "330212031", CoveragePlant)
        dept = await p.post("/org-units", {"kind": "department", "name": "生产部"})
        for name in ("罐区操作岗", "装车岗", "化验岗"):
            p.ids[name] = (await p.post("/org-units", {"kind": "post", "name": name, "parent_id": dept["id"]}))["id"]
        for person, post, mobile in (("甲", "罐区操作岗", "13900000131"), ("乙", "装车岗", "13900000132"),
                                     ("丙", "化验岗", "13900000133")):
            p.ids[person] = (await p.post("/people", {"name": person, "mobile": mobile, "post_id": p.ids[post]}))["id"]
        chlorine = await p.post("/risk-objects", {"kind": "major_hazard_source", "name": "液氯储罐区",
                                                  "department_id": dept["id"]})
        tanks = await p.post("/risk-objects", {"kind": "process_unit", "name": "盐酸罐区", "department_id": dept["id"]})
        p.ids.update(chlorine=chlorine["id"], tanks=tanks["id"])
        for key, obj, name in (("mhs_unit", "chlorine", "液氯储槽单元"), ("unit", "tanks", "盐酸储罐单元")):
            unit = {"object_id": p.ids[obj], "name": name, "department_id": dept["id"], "liable_person_id": p.ids["甲"]}
            p.ids[key] = (await p.post("/risk-units", unit))["id"]
        for key, unit, name in (("mhs_risk", "mhs_unit", "液氯泄漏中毒"), ("risk", "unit", "盐酸储罐泄漏灼伤")):
            p.ids[key] = (await p.post("/risk-events", {"unit_id": p.ids[unit], "name": name, "accident_types": [19],
                                                        "consequence": "人员伤亡"}))["id"]
        await p.post(f"/risk-events/{p.ids['risk']}/assessments", {  # 3 × 6 × 40 = 720: 重大, 公司级
            "stage": "inherent", "method": "LEC", "inputs": {"L": 3, "E": 6, "C": 40},
            "assessed_on": "2026-11-01", "reassess_on": "2027-11-01"})
        yield p


async def test_each_gap_appears_in_its_section_and_disappears_once_fixed(plant):
    level = await plant.measure("risk", "罐区操作岗", "检查盐酸储罐液位、温度", classify2="1-1")
    copied = await plant.measure("risk", "罐区操作岗", COPIED)
    copy = await plant.measure("risk", "装车岗", COPY)
    rare = await plant.measure("risk", "装车岗", "检查装车鹤管静电接地")
    level_task = await plant.scheduled(level)
    await plant.scheduled(copied)
    copy_task = await plant.scheduled(copy)
    rare_task = await plant.scheduled(rare, MONTHS_2)

    report = await plant.report_when(lambda r: r["frequencies"]["count"] == 1 and r["copied_tasks"]["count"] == 1
                                     and r["posts"]["count"] == 1)
    assert report["similarity"] == 0.9
    assert [(s["object_id"], s["object_name"]) for s in report["hazard_sources"]["items"]] == [
        (plant.ids["chlorine"], "液氯储罐区")]
    assert report["high_risk_units"] == {"count": 0, "items": []}  # the 重大 unit has its tasks
    assert [(p["post_id"], p["post_name"], p["people"]) for p in report["posts"]["items"]] == [
        (plant.ids["化验岗"], "化验岗", 1)]
    [pair] = report["copied_tasks"]["items"]
    assert {pair["a"]["post_names"][0], pair["b"]["post_names"][0]} == {"罐区操作岗", "装车岗"}
    assert copy_task["id"] in pair["a"]["task_ids"] + pair["b"]["task_ids"] and pair["score"] >= 0.9
    assert [(t["task_id"], t["classify2_label"]) for t in report["key_parameters"]["tasks"]] == [
        (level_task["id"], "工艺控制")]
    [too_rare] = report["frequencies"]["items"]
    assert (too_rare["task_id"], too_rare["control_level_label"], too_rare["cycle"], too_rare["rule"]) == (
        rare_task["id"], "公司级", "每 2 月", "公司级至少每 1 月排查一次")
    assert report["summary"] == {"hazard_sources": 1, "high_risk_units": 0, "posts": 1, "copied_tasks": 1,
                                 "key_parameters": 1, "frequencies": 1, "guardians": 0, "total": 5}
    assert (await plant.report(similarity=0.99))["copied_tasks"]["count"] == 0

    await plant.scheduled(await plant.measure("mhs_risk", "罐区操作岗", "检查液氯储槽压力"))
    await plant.report_when(lambda r: r["hazard_sources"]["count"] == 0)

    r = await plant.registry.put(f"/enterprises/{plant.eid}/control-measures/{copy}", headers=plant.officer, json={
        "description": "装车前检查", "classify1": "1", "classify2": "1-5", "data_source": "2",
        "inspection_content": "检查槽车导静电拖地带与接地夹完好", "responsible_post_id": plant.ids["装车岗"]})
    assert r.status_code == 200, r.text
    await plant.report_when(lambda r: r["copied_tasks"]["count"] == 0)

    plan = await plant.inspection.post(f"/enterprises/{plant.eid}/plans", headers=plant.officer, json={
        "kind": 1, "title": "盐酸罐区日常巡检", "period_start": "2026-12-01", "period_end": "2026-12-31",
        "cycle": {"check_cycle": 8, "check_cycle_unit": "小时", "task_start_time": "2026-12-01T08:00:00",
                  "work_start_time": "0:00:00", "work_end_time": "23:59:59"},
        "assignments": [{"post_id": plant.ids["化验岗"]}],
        "items": [{"check_type": "现场检查", "item": "储罐液位", "content": "读液位计", "unit": "%", "low": 20,
                   "high": 80, "measure_id": level}]})
    assert plan.status_code == 201, plan.text
    r = await plant.inspection.post(f"/enterprises/{plant.eid}/plans/{plan.json()['id']}/publish",
                                    headers=plant.officer, json={"expected_version": 1})
    assert r.status_code == 200, r.text
    fixed = await plant.report_when(lambda r: r["key_parameters"]["count"] == 0)
    assert fixed["posts"]["count"] == 0  # the plan's task is the lab post's

    admin = token(plant.settings, plant.eid, "enterprise_admin", person="admin-1")
    r = await plant.inspection.put(f"/enterprises/{plant.eid}/coverage-rules", headers=admin, json={
        "frequencies": [{"control_level": "company", "check_cycle": 3, "check_cycle_unit": "月"}]})
    assert r.status_code == 200, r.text
    assert r.json()["rules"][0] == {
        "control_level": "company", "control_level_label": "公司级", "check_cycle": 3.0, "check_cycle_unit": "月",
        "check_cycle_unit_label": "月", "text": "公司级至少每 3 月排查一次", "source": "企业设定"}
    clean = await plant.report()
    assert clean["summary"]["total"] == 0, clean["summary"]
    assert clean["frequencies"]["rules"][0]["source"] == "企业设定"

    await rebuild_service(SPEC, plant.settings, show_progress=False)
    rebuilt = await plant.report()
    assert {**rebuilt, "generated_at": None} == {**clean, "generated_at": None}


async def test_bad_similarity_is_422_naming_it_and_tenancy_holds(plant):
    await plant.scheduled(await plant.measure("risk", "罐区操作岗", COPIED))
    await plant.report_when(lambda r: r["posts"]["count"] == 2)
    for bad in ("1.5", "x", "0"):
        r = await plant.inspection.get(f"/enterprises/{plant.eid}/coverage-report", headers=plant.officer,
                                       params={"similarity": bad})
        assert r.status_code == 422 and "similarity" in r.text, (bad, r.text)
    r = await plant.inspection.put(f"/enterprises/{plant.eid}/coverage-rules", headers=plant.officer, json={
        "frequencies": [{"control_level": "post", "check_cycle": 48, "check_cycle_unit": "小时"}]})
    assert r.status_code == 422 and "frequencies[0].check_cycle" in r.text, r.text
    worker = token(plant.settings, plant.eid, "worker", person=plant.ids["甲"])
    r = await plant.inspection.put(f"/enterprises/{plant.eid}/coverage-rules", headers=worker, json={"frequencies": []})
    assert r.status_code == 403, r.text

    other = token(plant.settings, "ent-other", "safety_officer", person="officer-9")
    r = await plant.inspection.get(f"/enterprises/{plant.eid}/coverage-report", headers=other)
    assert r.status_code == 403, r.text
    theirs = await plant.report(headers=other, eid="ent-other")
    assert theirs["summary"]["total"] == 0 and plant.ids["化验岗"] not in str(theirs)
    regulator = token(plant.settings, None, "regulator", person="reg-1", jurisdiction=(plant.eid,))
    assert (await plant.report(headers=regulator))["posts"]["count"] == 2
    outside = token(plant.settings, None, "regulator", person="reg-2", jurisdiction=("ent-other",))
    r = await plant.inspection.get(f"/enterprises/{plant.eid}/coverage-report", headers=outside)
    assert r.status_code == 403, r.text
