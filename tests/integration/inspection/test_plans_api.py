"""Inspection plans through HTTP on the real app, PostgreSQL and broker, the scheduler on the test's
clock: a plan with a key-parameter item drawn up (201), listed and read; published, its task per post
is drawn up scheduled and its open window issued; a record of that occurrence with a reading outside
the safe range is 存在隐患 (status 1) with a HazardFound; the checklist edited after publishing; bad
fields are 422 naming them; an illegal state change 409; only the safety management writes (403);
another enterprise's plan is not found (404); retiring retires the tasks."""

from __future__ import annotations

import uuid

import pytest

from tests.integration.inspection.conftest import until
from tests.integration.inspection.occurrence_plant import started
from tests.integration.service_client import token

ITEMS = [{"check_type": "现场检查", "item": "储罐液位", "content": "查看液位计读数", "unit": "%", "low": 20,
          "high": 80},
         {"check_type": "现场检查", "item": "消防器材", "content": "灭火器在位、压力正常"}]
PLAN = {"kind": 1, "title": "罐区日常巡检", "period_start": "2026-12-01", "period_end": "2026-12-31",
        "cycle": {"check_cycle": 1, "check_cycle_unit": "天", "task_start_time": "2026-12-01T08:00:00"},
        "assignments": [{"post_id": "post-1"}], "items": ITEMS}


@pytest.fixture
async def plant(runtime, database_url, topic_prefix):
    async with started(runtime, database_url, topic_prefix) as p:
        yield p


async def _plan(plant, body: dict | None = None, status: int = 201) -> dict:
    r = await plant.client.post(f"/enterprises/{plant.eid}/plans", headers=plant.officer, json=body or PLAN)
    assert r.status_code == status, r.text
    return r.json()


async def _post(plant, path: str, body: dict | None = None, status: int = 200) -> dict:
    r = await plant.client.post(f"/enterprises/{plant.eid}/plans/{path}", headers=plant.officer, json=body)
    assert r.status_code == status, r.text
    return r.json()


async def test_a_published_plans_reading_out_of_range_makes_the_record_abnormal_with_a_hazard(plant):
    plan = await _plan(plant)
    assert (plan["state"], plan["state_label"], [i["no"] for i in plan["items"]]) == ("draft", "草稿", [1, 2])
    assert plan["items"][0]["safe_range"] == {"unit": "%", "low": 20.0, "high": 80.0}
    base = f"/enterprises/{plant.eid}/plans"
    for params, n in [({}, 1), ({"state": "draft"}, 1), ({"state": "published"}, 0), ({"kind": 1}, 1),
                      ({"kind": 2}, 0)]:
        listed = await plant.client.get(base, headers=plant.officer, params=params)
        assert listed.status_code == 200 and listed.json()["total"] == n, (params, listed.text)
    published = await _post(plant, f"{plan['id']}/publish", {"expected_version": 1})
    [task_id] = published["task_ids"]
    assert published["state_label"] == "已发布" and published["first_window_start"] == "2026-12-01T00:00:00+00:00"
    task = (await plant.client.get(f"/enterprises/{plant.eid}/check-tasks/{task_id}", headers=plant.officer)).json()
    assert (task["origin"], task["plan_id"], task["measure_id"], task["state"]) == (
        "plan", plan["id"], None, "scheduled")

    async def issued():
        page = await plant.occurrences(task_id=task_id)
        return page["items"][0] if page["total"] else None

    occurrence = await until(issued)
    worker = token(plant.app.state.settings, plant.eid, "worker", person="worker-1")
    mine = await plant.client.get(f"/enterprises/{plant.eid}/my-tasks", headers=worker)
    [due] = mine.json()["items"]  # the plan's checklist, its range's bounds numbers as the plan answers them
    assert [(i["item_id"], i["safe_range"]) for i in due["checklist"]] == [
        ("1", {"unit": "%", "low": 20.0, "high": 80.0}), ("2", None)], mine.text
    r = await plant.client.post(f"/enterprises/{plant.eid}/check-records", headers=worker, json={
        "client_id": str(uuid.uuid4()), "occurrence_id": occurrence["id"], "made_at": "2026-12-01T08:01:00",
        "items": [{"item_id": "1", "reading": 85.5}, {"item_id": "2"}], "create_by_mobile": "13900000001"})
    assert r.status_code == 201, r.text
    record = r.json()
    assert (record["status"], record["hazards"], record["items"][0]["out_of_range"]) == (1, 1, True)
    found = await plant.pool.fetchval("SELECT count(*) FROM events WHERE type = 'shuangkong.inspection.HazardFound'"
                                      " AND stream_id = $1", f"checkrecord-{record['id']}")
    assert found == 1


async def test_the_checklist_is_edited_after_publishing_and_retiring_retires_the_tasks(plant):
    plan = await _plan(plant)
    await _post(plant, f"{plan['id']}/publish")
    added = await _post(plant, f"{plan['id']}/items", {"check_type": "现场检查", "item": "储罐压力",
                                                        "content": "查看压力表", "unit": "MPa", "high": 1.6}, 201)
    assert [i["no"] for i in added["items"]] == [1, 2, 3]
    path = f"/enterprises/{plant.eid}/plans/{plan['id']}/items"
    revised = await plant.client.put(f"{path}/3", headers=plant.officer, json={
        "check_type": "现场检查", "item": "储罐压力", "content": "查看压力表读数", "unit": "MPa", "high": 1.6})
    assert revised.status_code == 200 and revised.json()["items"][2]["content"] == "查看压力表读数", revised.text
    removed = await plant.client.delete(f"{path}/2", headers=plant.officer)
    assert removed.status_code == 200 and [i["no"] for i in removed.json()["items"]] == [1, 3], removed.text
    [task_id] = added["task_ids"]
    task = (await plant.client.get(f"/enterprises/{plant.eid}/check-tasks/{task_id}", headers=plant.officer)).json()
    assert "储罐压力" in task["troubleshoot_content"] and "消防器材" not in task["troubleshoot_content"]
    retired = await _post(plant, f"{plan['id']}/retire", {"reason": "装置停产检修"})
    assert (retired["state"], retired["retired_reason"]) == ("retired", "装置停产检修")
    task = (await plant.client.get(f"/enterprises/{plant.eid}/check-tasks/{task_id}", headers=plant.officer)).json()
    assert (task["state"], task["retired_because"], task["retired_because_label"]) == (
        "retired", "plan_retired", "排查计划已废止")


async def test_bad_fields_illegal_changes_and_other_enterprises_are_refused(plant):
    for change, field in [({"items": [{**ITEMS[0], "low": 90}]}, "items[0].high"), ({"kind": 9}, "kind"),
                          ({"period_end": "2026-11-30"}, "period_end"),
                          ({"assignments": [{"post_id": "post-1"}, {"post_id": "post-1"}]}, "assignments[1].post_id")]:
        r = await plant.client.post(f"/enterprises/{plant.eid}/plans", headers=plant.officer, json={**PLAN, **change})
        assert (r.status_code, r.json().get("field")) == (422, field), (change, r.text)
    r = await plant.client.post(f"/enterprises/{plant.eid}/plans", headers=plant.officer,
                                json={k: v for k, v in PLAN.items() if k != "title"})
    assert r.status_code == 422 and "title" in r.json()["field"], r.text
    plan = await _plan(plant)
    stale = await _post(plant, f"{plan['id']}/publish", {"expected_version": 7}, 409)
    assert stale["code"]
    await _post(plant, f"{plan['id']}/publish")
    await _post(plant, f"{plan['id']}/publish", None, 409)
    again = await _post(plant, f"{plan['id']}/revise", {k: v for k, v in PLAN.items() if k != "items"}, 409)
    assert "废止" in again["message"]
    worker = token(plant.app.state.settings, plant.eid, "worker", person="worker-1")
    r = await plant.client.post(f"/enterprises/{plant.eid}/plans", headers=worker, json=PLAN)
    assert r.status_code == 403, r.text
    other = token(plant.app.state.settings, "ent-other", "safety_officer")
    r = await plant.client.get(f"/enterprises/ent-other/plans/{plan['id']}", headers=other)
    assert (r.status_code, r.json()["field"]) == (404, "plan_id"), r.text
    r = await plant.client.get(f"/enterprises/{plant.eid}/plans/{plan['id']}", headers=other)
    assert r.status_code == 403, r.text
