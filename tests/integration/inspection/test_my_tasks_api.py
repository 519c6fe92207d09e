"""My tasks through HTTP, the registry's real app beside inspection's (its clock the test's): people
registered on posts reach inspection's directory replica through the broker; a measure of one post
with a daily cycle → that post's person lists today's occurrence with its checklist, the person of
the other post nothing; the clock makes it 超期 and issues the next, both listed; one issued to a
person by name is theirs; a person the replica does not know gets an empty list and a note."""

from __future__ import annotations

from datetime import timedelta

import pytest

from libs.clock import FixedClock
from libs.repository import CommandContext
from services.inspection.app import create_app as inspection_app
from services.inspection.domain.cycles import Window
from services.inspection.domain.occurrence import Occurrence
from services.risk_registry.app import create_app as registry_app
from tests.integration.inspection.conftest import Plant, new_plant
from tests.integration.inspection.occurrence_plant import DAILY, T0
from tests.integration.service_client import running, settings_for, token, until

DAY = timedelta(days=1)


@pytest.fixture
async def people_plant(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    inspection = inspection_app(settings)
    inspection.state.clock = FixedClock(T0)
    async with running(registry_app(settings)) as registry, running(inspection) as client:
        p = await new_plant(settings, registry, client, "宁波某某化工有限公司", 913, "330212002")
        p.ids["app"] = inspection
        dept = await p.post("/org-units", {"kind": "department", "name": "生产部"})
        for name in ("操作工岗", "班长岗"):
            p.ids[name] = (await p.post("/org-units", {"kind": "post", "name": name, "parent_id": dept["id"]}))["id"]
        for person, post, mobile in (("worker", "操作工岗", "13900000121"), ("lead", "班长岗", "13900000122")):
            p.ids[person] = (await p.post("/people", {"name": person, "mobile": mobile, "post_id": p.ids[post]}))["id"]
        tank = await p.post("/risk-objects", {"kind": "process_unit", "name": "罐区", "department_id": dept["id"]})
        unit = await p.post("/risk-units", {"object_id": tank["id"], "name": "储罐单元", "department_id": dept["id"],
                                            "liable_person_id": p.ids["lead"]})
        p.ids["risk"] = (await p.post("/risk-events", {"unit_id": unit["id"], "name": "储罐超温分解爆炸",
                                                       "accident_types": [17], "consequence": "人员伤亡"}))["id"]
        yield p


async def mine(plant: Plant, person: str) -> dict:
    headers = token(plant.settings, plant.eid, "worker", person=plant.ids.get(person, person))
    r = await plant.inspection.get(f"/enterprises/{plant.eid}/my-tasks", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


async def test_the_posts_person_lists_todays_occurrence_and_the_other_post_nothing(people_plant):
    plant = people_plant
    unknown = await mine(plant, "nobody")
    assert (unknown["items"], unknown["name"]) == ([], None) and "尚未收到" in unknown["note"]

    task = await plant.task_of(await plant.define_measure())
    r = await plant.inspection.post(f"/enterprises/{plant.eid}/check-tasks/{task['id']}/cycle",
                                    headers=plant.officer, json={**DAILY, "expected_version": 1})
    assert r.status_code == 200, r.text

    async def listed(person: str, states: list[str]):
        answer = await mine(plant, person)
        return answer if [i["state"] for i in answer["items"]] == states else None

    day = await until(lambda: listed("worker", ["issued"]))
    assert (day["name"], day["post_name"], day["note"]) == ("worker", "操作工岗", None)
    [item] = day["items"]
    assert (item["task_id"], item["post_names"], item["troubleshoot_content"]) == (
        task["id"], ["操作工岗"], "检查温度联锁投用状态")
    assert item["checklist"] == [{"item_id": "1", "content": "检查温度联锁投用状态", "safe_range": None}]
    named = await until(lambda: _named(plant.tasks(measure_id=task["measure_id"])))
    assert named["post_name"] == "操作工岗"  # the tasks' answer names the post from the replica too
    r = await plant.inspection.get(f"/enterprises/{plant.eid}/occurrences/{item['id']}", headers=plant.officer)
    assert r.json()["post_names"] == ["操作工岗"], r.text  # and the occurrences' its posts
    lead = await until(lambda: _known(mine(plant, "lead")))
    assert (lead["post_name"], lead["items"]) == ("班长岗", [])
    by_name = Occurrence.issue(enterprise_id=plant.eid, task_id=task["id"], window=Window(T0 + DAY / 2, T0 + DAY * 2),
                               post_ids=[], person_ids=[plant.ids["lead"]], at=T0)  # as a 包保 task would issue it
    await plant.ids["app"].state.inspection.occurrences.occurrences.save(
        by_name, CommandContext("system:test", plant.eid, "corr-test"))
    assert [i["id"] for i in (await mine(plant, "lead"))["items"]] == [by_name.id]

    plant.ids["app"].state.clock.advance(DAY)
    moved = await until(lambda: listed("worker", ["missed", "issued"]), seconds=60)
    assert moved["items"][0]["id"] == item["id"]


async def _known(pending):
    answer = await pending
    return answer if answer["name"] is not None else None


async def _named(pending):
    [task] = await pending
    return task if task["post_name"] else None
