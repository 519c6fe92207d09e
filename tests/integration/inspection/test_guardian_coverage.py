"""Each 包保责任人's coverage of the national list on the real PostgreSQL (the SQL of
projections/guardian_coverage.py), the guardians replicated from the real registry: per role the
guardian with their name, the live taskNums, the missing and the share; a withdrawn task covers
nothing; another enterprise sees none; the answer model states it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.inspection.api.guardian_models import GuardianCoverage
from services.inspection.application.guardian_coverage import guardian_coverage
from tests.integration.inspection.test_guardian_tasks_api import BODY, draw_up, drawn_up_once_replicated, guarded_plant
from tests.integration.service_client import until


@pytest.fixture
async def plant(runtime, database_url, topic_prefix):
    async for p in guarded_plant(runtime, database_url, topic_prefix, 933):
        yield p


async def test_coverage_per_role_of_the_national_list(plant):
    await drawn_up_once_replicated(plant)  # 主要负责人 3
    await draw_up(plant, {**BODY, "task_num": 9})
    withdrawn = await draw_up(plant, {**BODY, "work_type": 2, "task_num": 1})
    await draw_up(plant, {**BODY, "work_type": 3, "task_num": 10})
    r = await plant.inspection.delete(f"/enterprises/{plant.eid}/guardian-tasks/{withdrawn['id']}",
                                      headers=plant.officer)
    assert r.status_code == 200, r.text
    queries = plant.ids["app"].state.inspection.guardian_coverage

    async def named():
        found = await guardian_coverage(queries, plant.eid)
        return found if found and all(role.guardian.name for role in found[0].roles) else None

    [tank] = await until(named)
    principal, technical, operator = tank.roles
    assert tank.object_id == plant.ids["tank"]
    assert (principal.guardian.person_id, principal.guardian.name) == (plant.ids["principal"], "张建国")
    assert (principal.covered, principal.missing, principal.ratio) == ([3, 9], [1, 2, 4, 5, 6, 7, 8],
                                                                         Decimal("0.2222"))
    assert (technical.covered, technical.ratio) == ([], Decimal("0.0000"))
    assert (operator.covered, operator.missing, operator.ratio) == ([10], list(range(1, 10)), Decimal("0.1000"))
    answer = GuardianCoverage.model_validate(tank).model_dump(mode="json")
    assert answer["roles"][0]["work_type"] == 1 and answer["roles"][0]["ratio"] == 0.2222
    assert answer["roles"][0]["guardian"] == {"person_id": plant.ids["principal"], "name": "张建国"}
    assert await guardian_coverage(queries, "ent-other") == []
