"""包保 tasks through HTTP, the registry's real app beside inspection's (its clock the test's), on the
real PostgreSQL and broker: a 重大危险源 rated and given its three guardians in the registry; once
inspection's replica has them, a 包保 task is drawn up (201) for the principal, who sees today's
occurrence in my tasks and records it (isDefend); the registry names another principal → the task
and its open occurrence move (the new one sees it, the old one no longer); bad input → 422 naming
the field; an object without guardians → 409 naming object_id; the same again → the same task, another
for the item → 409; another enterprise gets 404; retiring the object in the registry retires it."""

from __future__ import annotations

import uuid

import pytest

from libs.clock import FixedClock
from services.inspection.app import create_app as inspection_app
from services.risk_registry.app import create_app as registry_app
from tests.integration.inspection.conftest import Plant, new_plant
from tests.integration.inspection.occurrence_plant import DAILY, T0
from tests.integration.service_client import running, settings_for, token, until

BODY = {"work_type": 1, "task_num": 3, "troubleshoot_content": "督促、检查重大危险源安全生产工作", "cycle": DAILY}
GUARDIANS = (("principal", "张建国", "13900000131", "principal"),
             ("technical", "李振华", "13900000132", "technical_head"),
             ("operations", "刘伟", "13900000133", "operations_head"),
             ("successor", "王海", "13900000134", "principal"))


async def guarded_plant(runtime, database_url, topic_prefix, number: int):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    inspection = inspection_app(settings)
    inspection.state.clock = FixedClock(T0)
    async with running(registry_app(settings)) as registry, running(inspection) as client:
        p = await new_plant(settings, registry, client, f"宁波某某石化有限公司{number}", number, f"330212{number:03}")
        p.ids["app"] = inspection
        dept = await p.post("/org-units", {"kind": "department", "name": "储运部"})
        for key, name, mobile, role in GUARDIANS:
            p.ids[key] = (await p.post("/people", {"name": name, "mobile": mobile, "roles": [role]}))["id"]
        tank = await p.post("/risk-objects", {"kind": "major_hazard_source", "name": "双氧水罐区", "code": "MHS-01",
                                              "department_id": dept["id"]})
        hydro = await p.post("/risk-objects", {"kind": "process_unit", "name": "氢化装置", "department_id": dept["id"]})
        p.ids.update(tank=tank["id"], hydro=hydro["id"])
        await p.post(f"/risk-objects/{tank['id']}/rating", {"alpha": 2.0, "substances": [
            {"name": "过氧化氢 (≥60%)", "q": 150, "critical_q": 50, "beta": 1.0}]}, status=200)
        await assign(p, p.ids["principal"])
        yield p


async def assign(p: Plant, principal: str) -> None:
    await p.post(f"/risk-objects/{p.ids['tank']}/guardians", {
        "principal_id": principal, "technical_id": p.ids["technical"], "operations_id": p.ids["operations"]},
        status=200)


@pytest.fixture
async def plant(runtime, database_url, topic_prefix):
    async for p in guarded_plant(runtime, database_url, topic_prefix, 931):
        yield p


async def draw_up(plant: Plant, body: dict | None = None, status: int = 201) -> dict:
    r = await plant.inspection.post(f"/enterprises/{plant.eid}/guardian-tasks", headers=plant.officer,
                                    json={"object_id": plant.ids["tank"], **(body or BODY)})
    assert r.status_code == status, r.text
    return r.json()


async def drawn_up_once_replicated(plant: Plant, body: dict | None = None) -> dict:
    """The replica follows the registry: 409 naming object_id until it has the guardians."""
    async def attempt():
        r = await plant.inspection.post(f"/enterprises/{plant.eid}/guardian-tasks", headers=plant.officer,
                                        json={"object_id": plant.ids["tank"], **(body or BODY)})
        if r.status_code == 409 and r.json()["code"] == "guardians_unknown":
            assert r.json()["field"] == "object_id"
            return None
        assert r.status_code == 201, r.text
        return r.json()

    return await until(attempt)


async def mine(plant: Plant, who: str) -> list[str]:
    headers = token(plant.settings, plant.eid, "principal", person=plant.ids[who])
    r = await plant.inspection.get(f"/enterprises/{plant.eid}/my-tasks", headers=headers)
    assert r.status_code == 200, r.text
    return [i["id"] for i in r.json()["items"]]


async def test_the_guardian_sees_and_records_it_and_a_new_guardian_takes_it_over(plant):
    task = await drawn_up_once_replicated(plant)
    assert (task["origin"], task["object_id"], task["guardian_id"], task["work_type"], task["work_type_label"],
            task["task_num"], task["state"], task["post_id"]) == (
        "guardian", plant.ids["tank"], plant.ids["principal"], 1, "主要负责人", 3, "scheduled", "")
    assert task["task_num_label"] == "第3项"  # no authoritative title of the item: its number (decision 47)
    assert await draw_up(plant) == task  # the same again: the same task
    r = await plant.inspection.post(f"/enterprises/{plant.eid}/guardian-tasks", headers=plant.officer,
                                    json={"object_id": plant.ids["tank"], **BODY, "troubleshoot_content": "另一项"})
    assert (r.status_code, r.json()["field"], r.json()["code"]) == (409, "task_num", "guardian_task_exists")

    [occurrence] = await until(lambda: _nonempty(mine(plant, "principal")))
    assert await mine(plant, "successor") == []
    listed = await plant.inspection.get(f"/enterprises/{plant.eid}/guardian-tasks", headers=plant.officer,
                                        params={"object_id": plant.ids["tank"], "work_type": 1})
    assert [t["id"] for t in listed.json()["items"]] == [task["id"]]

    await assign(plant, plant.ids["successor"])  # the registry names another principal
    assert await until(lambda: _nonempty(mine(plant, "successor"))) == [occurrence]
    assert await mine(plant, "principal") == []
    moved = await plant.inspection.get(f"/enterprises/{plant.eid}/check-tasks/{task['id']}", headers=plant.officer)
    assert moved.json()["guardian_id"] == plant.ids["successor"]

    successor = token(plant.settings, plant.eid, "principal", person=plant.ids["successor"])
    r = await plant.inspection.post(f"/enterprises/{plant.eid}/check-records", headers=successor, json={
        "client_id": str(uuid.uuid4()), "occurrence_id": occurrence, "made_at": "2026-12-01T08:01:00",
        "items": [{"item_id": "1"}], "create_by_mobile": "13900000134"})
    assert r.status_code == 201, r.text
    assert r.json()["is_defend"] is True


async def test_bad_input_is_4xx_naming_the_field_and_other_enterprises_see_nothing(plant):
    await drawn_up_once_replicated(plant)
    hourly = {**DAILY, "check_cycle": 2, "check_cycle_unit": "小时"}
    for changes, field in [({"work_type": 0}, "work_type"), ({"work_type": 4}, "work_type"),
                           ({"task_num": 10}, "task_num"), ({"work_type": 3, "task_num": 11}, "task_num"),
                           ({"cycle": hourly}, "work_start_time"), ({"cycle": {**DAILY, "check_cycle": 0}}, None)]:
        r = await plant.inspection.post(f"/enterprises/{plant.eid}/guardian-tasks", headers=plant.officer,
                                        json={"object_id": plant.ids["tank"], **BODY, **changes})
        assert r.status_code == 422, (changes, r.text)
        assert field is None or r.json()["field"] == field, (changes, r.text)
        assert "check_cycle" in str(r.json()) if field is None else True
    r = await plant.inspection.post(f"/enterprises/{plant.eid}/guardian-tasks", headers=plant.officer,
                                    json={"object_id": plant.ids["hydro"], **BODY})  # not a 重大危险源
    assert (r.status_code, r.json()["field"]) == (409, "object_id") and "包保责任人" in r.json()["message"]
    worker = token(plant.settings, plant.eid, "worker", person="w-1")
    r = await plant.inspection.post(f"/enterprises/{plant.eid}/guardian-tasks", headers=worker,
                                    json={"object_id": plant.ids["tank"], **BODY, "task_num": 4})
    assert r.status_code == 403, r.text

    [task] = (await plant.inspection.get(f"/enterprises/{plant.eid}/guardian-tasks", headers=plant.officer)).json()[
        "items"]
    other = token(plant.settings, "ent-other", "safety_officer", person="officer-x")
    for method, path, body in [("GET", f"check-tasks/{task['id']}", None),
                               ("PUT", f"guardian-tasks/{task['id']}", {"troubleshoot_content": "x", "cycle": DAILY}),
                               ("DELETE", f"guardian-tasks/{task['id']}", None)]:
        r = await plant.inspection.request(method, f"/enterprises/ent-other/{path}", headers=other, json=body)
        assert r.status_code == 404, (method, path, r.text)
    r = await plant.inspection.get("/enterprises/ent-other/guardian-tasks", headers=other)
    assert r.json()["total"] == 0
    r = await plant.inspection.post("/enterprises/ent-other/guardian-tasks", headers=other,
                                    json={"object_id": plant.ids["tank"], **BODY})
    assert (r.status_code, r.json()["field"]) == (409, "object_id")  # another's 重大危险源 is unknown here
    r = await plant.inspection.get(f"/enterprises/{plant.eid}/guardian-tasks", headers=other)
    assert r.status_code == 403


async def test_revised_withdrawn_and_retired_with_the_object(plant):
    task = await drawn_up_once_replicated(plant)
    base = f"/enterprises/{plant.eid}/guardian-tasks/{task['id']}"
    hourly = {**DAILY, "check_cycle": 4, "check_cycle_unit": "小时", "work_start_time": "8:00:00",
              "work_end_time": "20:00:00"}
    r = await plant.inspection.put(base, headers=plant.officer, json={
        "troubleshoot_content": "检查重大危险源监测监控系统", "cycle": hourly, "expected_version": task["version"]})
    assert r.status_code == 200, r.text
    assert (r.json()["check_cycle_unit"], r.json()["work_end_time"], r.json()["troubleshoot_content"]) == (
        "小时", "20:00:00", "检查重大危险源监测监控系统")
    r = await plant.inspection.delete(base, headers=plant.officer)
    assert (r.status_code, r.json()["state"], r.json()["retired_because_label"]) == (200, "retired", "包保任务已撤销")
    again = await draw_up(plant)  # a withdrawn one may be drawn up anew
    assert (again["id"], again["state"]) == (task["id"], "scheduled")
    await plant.post(f"/risk-objects/{plant.ids['tank']}/retire", {"reason": "罐区拆除"}, status=200)

    async def retired():
        r = await plant.inspection.get(f"/enterprises/{plant.eid}/check-tasks/{task['id']}", headers=plant.officer)
        return r.json() if r.json()["state"] == "retired" else None

    assert (await until(retired))["retired_because"] == "object_retired"


async def _nonempty(pending):
    found = await pending
    return found or None
