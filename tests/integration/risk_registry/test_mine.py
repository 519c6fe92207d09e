""""My post" is everything a person is responsible for: a worker's post, a unit 责任人 without a
post, the 包保责任人 of a 重大危险源 (also without a post), and someone responsible for nothing."""

from __future__ import annotations

import pytest

from tests.integration.risk_registry.conftest import VALID_CODE
from tests.integration.risk_registry.staffed_plant import StaffedPlant, build


@pytest.fixture
async def plant(registry_app, admin) -> StaffedPlant:
    return await build(registry_app, admin, VALID_CODE)


async def mine(api, plant: StaffedPlant, who: str) -> dict:
    r = await api.get(f"/enterprises/{plant.eid}/my-post", headers=plant.tokens[who])
    assert r.status_code == 200, r.text
    return r.json()


def names(rows: list[dict], key: str = "name") -> list[str]:
    return [row[key] for row in rows]


async def test_a_worker_sees_their_posts_risks_and_measures(registry_app, plant):
    body = await mine(registry_app, plant, "other_worker")  # 精馏操作工 holds the tank's measure
    assert body["post"]["name"] == "精馏操作工"
    assert names(body["control_measures"], "description") == ["储罐超温分解爆炸的联锁"]
    assert names(body["risks"]) == ["储罐超温分解爆炸"] and body["risks"][0]["duty_kinds"] == ["measure"]
    assert body["risks"][0]["duty_kinds_label"] == ["岗位负责的管控措施"]
    assert body["risk_units"] == [] and body["major_hazard_sources"] == []


async def test_a_unit_liable_person_without_a_post_sees_their_unit(registry_app, plant):
    body = await mine(registry_app, plant, "liable")
    assert body["post"] is None
    assert names(body["risk_units"]) == ["氢化塔单元"] and body["risk_units"][0]["object_name"] == "氢化装置"
    assert names(body["risks"]) == ["氢气泄漏爆炸"] and body["risks"][0]["duty_kinds"] == ["unit_liable"]
    assert names(body["control_measures"], "description") == ["氢气泄漏爆炸的联锁"]


async def test_a_guardian_of_a_major_hazard_source_sees_it_and_everything_under_it(registry_app, plant):
    for who in ("principal", "technical", "operations"):
        kind = f"guardian_{who}"
        body = await mine(registry_app, plant, who)
        assert body["post"] is None
        sources = body["major_hazard_sources"]
        assert names(sources) == ["双氧水罐区"] and sources[0]["duty_kinds"] == [kind]
        assert sources[0]["duty_kinds_label"][0].startswith("重大危险源包保责任人")
        assert sources[0]["hazard_grade_label"] == "四级"
        assert names(body["risks"]) == ["储罐超温分解爆炸"]
        assert body["risks"][0]["duty_kinds"] == [kind]
        assert names(body["control_measures"], "description") == ["储罐超温分解爆炸的联锁"]


async def test_duties_add_up_for_one_person(registry_app, plant):
    # 赵敏 is on 氢化操作工 (the hydrogen risk's measure) and 责任人 of the tank unit.
    body = await mine(registry_app, plant, "worker")
    assert body["post"]["name"] == "氢化操作工" and names(body["risk_units"]) == ["储罐单元"]
    duties = {r["name"]: r["duty_kinds"] for r in body["risks"]}
    assert duties == {"储罐超温分解爆炸": ["unit_liable"], "氢气泄漏爆炸": ["measure"]}
    assert {m["description"]: m["duty_kinds"] for m in body["control_measures"]} == {
        "储罐超温分解爆炸的联锁": ["unit_liable"], "氢气泄漏爆炸的联锁": ["measure"]}


async def test_someone_responsible_for_nothing_sees_nothing_and_strangers_are_refused(registry_app, plant):
    body = await mine(registry_app, plant, "nobody")
    assert (body["post"], body["risks"], body["control_measures"], body["risk_units"],
            body["major_hazard_sources"]) == (None, [], [], [], [])
    r = await registry_app.get(f"/enterprises/{plant.eid}/my-post", headers=plant.tokens["admin"])
    assert r.status_code == 404 and r.json()["field"] == "person_id"
