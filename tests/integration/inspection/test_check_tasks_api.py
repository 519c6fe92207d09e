"""Check tasks through HTTP, the registry's real app beside inspection's: a measure defined over
the registry's API gets its task through the broker; revising and retiring the measure revise and
retire it; the safety officer sets its cycle (422 naming the field, 409 on a stale version); a
worker may read but not set it; another enterprise's token is refused and its task not found."""

from __future__ import annotations

from services.inspection.domain.task import task_id_for
from tests.integration.service_client import token

HOURLY = {"check_cycle": 2, "check_cycle_unit": "小时", "task_start_time": "2026-12-01T08:00:00",
          "work_start_time": "22:00:00", "work_end_time": "6:00:00", "work_day_type": 1}


async def test_a_measure_controlled_by_inspection_gets_its_task_which_follows_the_measure(plant):
    monitored = await plant.define_measure(data_source="1", description="储罐温度在线监测")
    measure_id = await plant.define_measure()
    task = await plant.task_of(measure_id)
    assert task["id"] == task_id_for(measure_id)
    assert {k: task[k] for k in ("risk_event_id", "troubleshoot_content", "post_id", "state", "state_label",
                                 "check_cycle", "work_type", "work_type_label")} == {
        "risk_event_id": plant.ids["risk"], "troubleshoot_content": "检查温度联锁投用状态",
        "post_id": plant.ids["操作工岗"], "state": "unscheduled", "state_label": "未设置周期", "check_cycle": None,
        "work_type": 0, "work_type_label": "日常"}
    assert await plant.tasks(measure_id=monitored) == []

    await plant.registry.put(f"/enterprises/{plant.eid}/control-measures/{measure_id}", headers=plant.officer, json={
        "description": "储罐设温度高高联锁", "classify1": "1", "classify2": "1-4", "data_source": "2",
        "inspection_content": "检查温度联锁及报警", "responsible_post_id": plant.ids["班长岗"]})
    task = await plant.task_of(measure_id, lambda t: t["version"] == 2)
    assert (task["troubleshoot_content"], task["post_id"]) == ("检查温度联锁及报警", plant.ids["班长岗"])
    assert [t["id"] for t in await plant.tasks(post_id=plant.ids["班长岗"])] == [task["id"]]

    r = await plant.registry.post(f"/enterprises/{plant.eid}/control-measures/{measure_id}/retire",
                                  headers=plant.officer, json={"reason": "工艺改造"})
    assert r.status_code == 200, r.text
    task = await plant.task_of(measure_id, lambda t: t["state"] == "retired")
    assert (task["retired_because"], task["retired_because_label"]) == ("measure_retired", "管控措施已停用")
    assert [t["id"] for t in await plant.tasks(state="retired")] == [task["id"]]


async def test_the_safety_officer_sets_the_cycle_and_bad_cycles_are_refused_naming_the_field(plant):
    task = await plant.task_of(await plant.define_measure())
    path = f"/enterprises/{plant.eid}/check-tasks/{task['id']}/cycle"
    r = await plant.inspection.post(path, headers=plant.officer, json={**HOURLY, "expected_version": 1})
    assert r.status_code == 200, r.text
    assert {k: r.json()[k] for k in ("state", "state_label", "check_cycle", "check_cycle_unit", "task_start_time",
                                     "work_start_time", "work_end_time", "work_day_type", "work_day_type_label",
                                     "version")} == {
        "state": "scheduled", "state_label": "执行中", "check_cycle": 2.0, "check_cycle_unit": "小时",
        "task_start_time": "2026-12-01T00:00:00+00:00", "work_start_time": "22:00:00", "work_end_time": "6:00:00",
        "work_day_type": 1, "work_day_type_label": "法定工作日", "version": 2}

    stale = await plant.inspection.post(path, headers=plant.officer, json={**HOURLY, "expected_version": 1})
    assert stale.status_code == 409, stale.text
    for change, field in [({"check_cycle": 0}, "check_cycle"), ({"work_start_time": None}, "work_start_time"),
                          ({"check_cycle_unit": "周"}, "check_cycle_unit"), ({"work_day_type": 3}, "work_day_type"),
                          ({"task_start_time": "明天"}, "task_start_time")]:
        bad = await plant.inspection.post(path, headers=plant.officer, json={**HOURLY, **change})
        assert (bad.status_code, bad.json()["field"]) == (422, field), bad.text
    assert (await plant.inspection.get(f"/enterprises/{plant.eid}/check-tasks/{task['id']}",
                                       headers=plant.officer)).json()["version"] == 2  # nothing half-written


async def test_workers_read_but_do_not_set_and_other_enterprises_see_nothing(plant):
    task = await plant.task_of(await plant.define_measure())
    worker = token(plant.settings, plant.eid, "worker", person="worker-1")
    mine = f"/enterprises/{plant.eid}/check-tasks/{task['id']}"
    assert (await plant.inspection.get(mine, headers=worker)).status_code == 200
    refused = await plant.inspection.post(mine + "/cycle", headers=worker, json=HOURLY)
    assert refused.status_code == 403, refused.text

    other = token(plant.settings, "ent-other", "safety_officer", person="officer-2")
    assert (await plant.inspection.get(mine, headers=other)).status_code == 403
    assert (await plant.inspection.post(mine + "/cycle", headers=other, json=HOURLY)).status_code == 403
    theirs = f"/enterprises/ent-other/check-tasks/{task['id']}"
    missing = await plant.inspection.get(theirs, headers=other)
    assert (missing.status_code, missing.json()["field"]) == (404, "task_id")
    missing = await plant.inspection.post(theirs + "/cycle", headers=other, json=HOURLY)
    assert (missing.status_code, missing.json()["field"]) == (404, "task_id")
