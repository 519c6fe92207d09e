"""What a person reads, checked over every GET route of the service (a new route is crawled
too, or this test says which path parameter it cannot fill): every coded field carries its
Chinese label, every history item a Chinese description and the actor's name, and the code
tables are there for any signed-in user."""

from __future__ import annotations

import re

import pytest

from services.risk_registry.code_tables import LABELLED_FIELDS
from tests.integration.risk_registry.conftest import VALID_CODE
from tests.integration.risk_registry.staffed_plant import StaffedPlant, build
from tests.integration.service_client import token

CJK = re.compile(r"[\u4e00-\u9fff]")
FILES = {"/enterprises/{enterprise_id}/map.svg"}


@pytest.fixture
async def plant(registry_app, admin) -> StaffedPlant:
    return await build(registry_app, admin, VALID_CODE)


async def get_routes(api) -> list[str]:
    """Every GET path of the service's API document (answers in JSON: files left out)."""
    paths = (await api.get("/openapi.json")).json()["paths"]
    return sorted(p for p, item in paths.items() if "get" in item and p not in FILES)


def urls(path: str, plant: StaffedPlant) -> list[str]:
    """Every URL of a route for the plant's things (all three lists for `/lists/{name}`)."""
    ids = plant.ids
    by_param = {
        "enterprise_id": [plant.eid], "person_id": [ids["worker"]], "object_id": [ids["tank"]],
        "risk_id": [ids["tank_risk"]], "measure_id": [ids["tank_measure"]],
        "unit_id": [ids["tank_unit"] if "/risk-units/" in path else ids["氢化班"]],
        "name": ["risks", "control-measures", "responsibilities"],
    }
    found = [path]
    for param in re.findall(r"{(\w+)}", path):
        assert param in by_param, f"the crawl cannot fill {{{param}}} of {path}: add it to urls()"
        found = [u.replace(f"{{{param}}}", v) for u in found for v in by_param[param]]
    return found


def dicts(body):
    if isinstance(body, list):
        for item in body:
            yield from dicts(item)
    elif isinstance(body, dict):
        yield body
        for value in body.values():
            yield from dicts(value)


async def test_every_coded_field_of_every_answer_carries_its_label(registry_app, plant):
    officer, covered, labelled = plant.tokens["officer"], [], set()
    for path in await get_routes(registry_app):
        for url in urls(path, plant):
            r = await registry_app.get(url, headers=officer)
            assert r.status_code == 200, (url, r.text)
            for row in dicts(r.json()):
                for name in set(row) & set(LABELLED_FIELDS):
                    assert f"{name}_label" in row, (url, name, row)
                    if row[name] is not None and row[name] != []:
                        assert row[f"{name}_label"] not in (None, []), (url, name, row)
                        labelled.add(name)
            covered.append(path)
    assert len(set(covered)) >= 24, sorted(set(covered))  # 24 GET routes when this was written
    # The plant uses every kind of code, so each labelled field was seen with a label somewhere.
    assert labelled >= {"kind", "object_kind", "level", "inherent_level", "control_level", "hazard_grade",
                        "accident_types", "classify1", "classify2", "data_source", "method", "stage", "roles",
                        "industry"}, labelled
    risk = (await registry_app.get(f"/enterprises/{plant.eid}/risk-events/{plant.ids['tank_risk']}",
                                   headers=officer)).json()
    assert (risk["level"], risk["level_label"], risk["control_level_label"]) == (2, "较大风险", "部门级")
    assert risk["accident_types_label"] == ["火灾", "容器爆炸"]


async def test_the_labels_are_in_the_api_document(registry_app):
    schema = (await registry_app.get("/openapi.json")).json()
    properties = schema["components"]["schemas"]["CodeTablesOut"]["properties"]
    assert "tables" in properties
    labelled = [(name, props) for s in schema["components"]["schemas"].values()
                for name, props in s.get("properties", {}).items() if name.endswith("_label")]
    assert all("中文名称" in props["description"] for _, props in labelled)


async def test_every_history_item_says_what_changed_and_who_changed_it(registry_app, plant):
    officer, seen = plant.tokens["officer"], 0
    histories = [p for p in await get_routes(registry_app) if p.endswith("/history")]
    assert len(histories) == 7, histories
    for path in histories:
        for url in urls(path, plant):
            items = (await registry_app.get(url, headers=officer)).json()
            assert items, url
            for item in items:
                assert CJK.search(item["description"]) and item["type"] and "data" in item, (url, item)
                assert item["actor_name"] and item["actor"], (url, item)
                # Nothing but names: no event type, no id of the plant's people or things.
                assert not any(i in item["description"] for i in plant.ids.values()), (url, item["description"])
                seen += 1
    assert seen >= 10
    base = f"/enterprises/{plant.eid}"
    risk = (await registry_app.get(f"{base}/risk-events/{plant.ids['tank_risk']}/history", headers=officer)).json()
    assessed = next(i for i in risk if i["type"] == "RiskAssessed")
    assert assessed["description"].startswith("评价固有风险：LEC 270，较大风险")
    assert assessed["actor"] == plant.ids["officer"] and assessed["actor_name"] == "王安全"
    tank = (await registry_app.get(f"{base}/risk-objects/{plant.ids['tank']}/history", headers=officer)).json()
    assert "主要负责人 张建国" in tank[-1]["description"]
    # The enterprise was registered by the platform's operator, and the org by a bootstrap admin:
    # accounts that are no person of the directory.
    enterprise = (await registry_app.get(f"{base}/history", headers=officer)).json()
    assert enterprise[0]["actor"] == "operator" and enterprise[0]["actor_name"] == "系统管理员"
    worker = (await registry_app.get(f"{base}/people/{plant.ids['worker']}/history", headers=officer)).json()
    assert worker[0]["description"] == "登记人员：赵敏（岗位：氢化操作工，职责：岗位员工）"


async def test_code_tables_for_any_signed_in_user(registry_app, plant):
    for who in (plant.tokens["worker"], plant.tokens["regulator"],
                token(registry_app.settings, None, "platform_admin")):
        r = await registry_app.get("/code-tables", headers=who)
        assert r.status_code == 200, r.text
    assert (await registry_app.get("/code-tables")).status_code == 401
    tables = {t["name"]: t for t in r.json()["tables"]}
    assert [c["label"] for c in tables["accident_type"]["codes"]][:3] == ["物体打击", "车辆伤害", "机械伤害"]
    assert len(tables["accident_type"]["codes"]) == 20 and tables["accident_type"]["source"] == "GB 6441-1986"
    assert {c["code"]: c["parent"] for c in tables["classify2"]["codes"]}["1-4"] == "1"
    assert {c["code"]: c["label"] for c in tables["risk_level"]["codes"]} == {
        1: "重大风险", 2: "较大风险", 3: "一般风险", 4: "低风险"}
    assert {"control_level", "risk_object_kind", "major_hazard_grade", "classify1", "data_source",
            "person_role", "org_unit_kind", "duty_kind", "system_role", "lec_l", "ls_l", "ls_s",
            "major_hazard_alpha", "major_hazard_beta"} <= set(tables)
