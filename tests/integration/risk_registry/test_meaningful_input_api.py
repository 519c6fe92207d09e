"""The trial's questionable inputs through HTTP, on the real PostgreSQL: each is a 422
`{code, message, field}` naming the field, saying in Chinese what is wrong, and nothing is
written — blank-looking names, booleans for numbers, quantities and bands outside what they can
mean, implausible dates, a residual risk with no inherent one, codes outside their table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from libs.clock import FixedClock
from tests.integration.risk_registry.directory_helpers import error_shape_ok, event_count
from tests.integration.risk_registry.test_risk_rules_api import Plant

POLICY = {"lec": {"major": 320, "large": 160, "general": 70}, "ls": {"major": 17, "large": 11, "general": 5},
          "control_levels": {"1": "company", "2": "department", "3": "team", "4": "post"}}
RED_LEC = {"L": 3, "E": 6, "C": 40}


@pytest.fixture
async def plant(registry_app, enterprise):
    registry_app.app.state.risk_chain.clock = FixedClock(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    return await Plant(registry_app, enterprise).build()


async def refused(p: Plant, method: str, path: str, body: dict | None, field: str, *words: str) -> dict:
    r = await p.call(method, path, body, 422)
    answer = r.json()
    assert error_shape_ok(answer) and answer["field"] == field, (path, answer)
    for word in words:
        assert word in answer["message"], (word, answer)
    return answer


@pytest.mark.parametrize("name", ["\u3164", "\u115f", "\u2800", "\ufe0f", "\u034f", "\u17b4", "\uffa0\u3164"])
async def test_a_name_that_renders_blank_is_refused_saying_why(plant, db, name):
    before = await event_count(db)
    await refused(plant, "POST", "/org-units", {"kind": "department", "name": name}, "name", "不可见字符")
    assert await event_count(db) == before


async def test_booleans_subnormal_and_out_of_range_numbers_are_refused(plant, db):
    p, before = plant, await event_count(db)
    rating = f"/risk-objects/{p.tank['id']}/rating"
    substance = {"name": "过氧化氢", "q": 1480, "critical_q": 200}
    await refused(p, "POST", rating, {"alpha": 1, "substances": [{**substance, "beta": 1e-320}]},
                  "substances.0.beta", "1～20", "GB 18218-2018")
    await refused(p, "POST", rating, {"alpha": 1, "substances": [{**substance, "critical_q": True}]},
                  "substances.0.critical_q", "布尔值")
    await refused(p, "POST", rating, {"alpha": True, "substances": [substance]}, "alpha", "布尔值")
    path = f"/risk-events/{p.risk['id']}/assessments"
    await refused(p, "POST", path, {"stage": "inherent", "method": "LEC", "inputs": {**RED_LEC, "L": True},
                                    "assessed_on": "2026-11-01", "reassess_on": "2027-11-01"}, "inputs", "布尔值")
    await refused(p, "PUT", "/grading-policy", {**POLICY, "lec": {**POLICY["lec"], "major": 1e308}},
                  "lec.major", "10,000")
    answer = await refused(p, "POST", rating, {"alpha": 1, "substances": [{**substance, "q": "NaN"}]},
                           "substances.0.q")
    assert answer["code"] == "non_finite_number"
    r = await p.api.request("POST", f"{p.base}{rating}", headers={**p.officer, "content-type": "application/json"},
                            content=b'{"alpha": 1, "substances": [{"name": "x", "q": NaN, "critical_q": 1}]}')
    assert (r.status_code, r.json()["code"]) == (422, "non_finite_number")
    assert await event_count(db) == before


async def test_implausible_dates_and_a_residual_without_an_inherent_risk_are_refused(plant, db):
    p, before = plant, await event_count(db)
    path = f"/risk-events/{p.risk['id']}/assessments"

    def body(stage="inherent", on="2026-11-01", reassess="2027-11-01"):
        return {"stage": stage, "method": "LEC", "inputs": RED_LEC, "assessed_on": on, "reassess_on": reassess}

    for day in ("0001-01-01", "1900-01-01"):
        await refused(p, "POST", path, body(on=day), "assessed_on", "2002-11-01")
    await refused(p, "POST", path, body(reassess="9999-12-31"), "reassess_on", "3年")
    await refused(p, "POST", path, body(stage="residual"), "stage", "固有风险")
    assert await event_count(db) == before
    await p.call("POST", path, body(), 201)
    await p.call("POST", path, body(stage="residual"), 201)


async def test_codes_outside_their_table_are_listed_with_their_labels(plant):
    p = plant
    answer = await refused(p, "POST", "/org-units", {"kind": "division", "name": "生产二部"}, "kind",
                           "department（部门）、team（班组）、post（岗位）")
    assert "'" not in answer["message"]
    answer = (await p.call("GET", "/risk-events?level=9", status=422)).json()
    assert answer["field"] == "level"
    assert "1（重大风险）、2（较大风险）、3（一般风险）、4（低风险）" in answer["message"]
    assert " or " not in answer["message"]
    answer = await refused(p, "PUT", "/grading-policy", {**POLICY, "control_levels": {**POLICY["control_levels"],
                                                                                      "5": "company"}},
                           "control_levels.5", "键“5”无效", "1（重大风险）")
    assert "[key]" not in answer["message"]
