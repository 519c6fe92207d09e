"""Who sees a person's mobile number, by role, on every answer that carries one: the people
list, the person's detail and history, the responsibility list as JSON, CSV and XLSX. Officers,
admins, the principal and regulators in jurisdiction see it; so do the person and their line
(their team leader, their department head); other workers, other teams' leaders, another
department's people and the technical and operations heads see it masked."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.integration.risk_registry.conftest import VALID_CODE
from tests.integration.risk_registry.staffed_plant import StaffedPlant, build

SEES = {"officer": True, "admin": True, "principal": True, "regulator": True,
        "worker": True,  # the person themselves
        "leader": True,  # 氢化班's team leader
        "head": True,  # 生产部's department head
        "other_leader": False, "other_worker": False, "outsider": False, "technical": False, "operations": False,
        "nobody": False}
MASKED = "139****0107"


@pytest.fixture
async def plant(registry_app, admin) -> StaffedPlant:
    return await build(registry_app, admin, VALID_CODE)


async def numbers_seen(api, plant: StaffedPlant, who: str) -> dict[str, str]:
    """赵敏's number as each answer that carries it shows it to `who`."""
    base, headers, me = f"/enterprises/{plant.eid}", plant.tokens[who], plant.ids["worker"]
    people = (await api.get(f"{base}/people", headers=headers, params={"limit": 500})).json()["items"]
    seen = {"people": next(p["mobile"] for p in people if p["id"] == me),
            "person": (await api.get(f"{base}/people/{me}", headers=headers)).json()["mobile"],
            "history": (await api.get(f"{base}/people/{me}/history", headers=headers)).json()[0]["data"]["mobile"]}
    rows = (await api.get(f"{base}/lists/responsibilities", headers=headers)).json()["items"]
    seen["list"] = next(r["liable_person_mobile"] for r in rows if r["liable_person_id"] == me)
    csv = (await api.get(f"{base}/lists/responsibilities", params={"format": "csv"}, headers=headers))
    seen["csv"] = "13900000107" if "13900000107" in csv.text else MASKED if MASKED in csv.text else "?"
    xlsx = await api.get(f"{base}/lists/responsibilities", params={"format": "xlsx"}, headers=headers)
    cells = {c for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row}
    seen["xlsx"] = "13900000107" if "13900000107" in cells else MASKED if MASKED in cells else "?"
    return seen


async def test_who_sees_a_persons_mobile(registry_app, plant):
    wrong = {}
    for who, sees in SEES.items():
        expected = "13900000107" if sees else MASKED
        seen = await numbers_seen(registry_app, plant, who)
        if set(seen.values()) != {expected}:
            wrong[who] = seen
    assert not wrong, wrong


async def test_a_number_cannot_be_searched_for_by_those_who_may_not_see_it(registry_app, plant):
    base = f"/enterprises/{plant.eid}/people"
    found = await registry_app.get(base, headers=plant.tokens["officer"], params={"q": "1390000010"})
    assert found.json()["total"] == 10
    for who in ("other_worker", "leader", "head"):
        r = await registry_app.get(base, headers=plant.tokens[who], params={"q": "1390000010"})
        assert r.json()["total"] == 0, who
    r = await registry_app.get(base, headers=plant.tokens["other_worker"], params={"q": "赵"})
    assert [p["name"] for p in r.json()["items"]] == ["赵敏"]  # names are for everyone


async def test_a_person_who_left_is_no_longer_in_anyones_line(registry_app, plant):
    base, officer = f"/enterprises/{plant.eid}", plant.tokens["officer"]
    r = await registry_app.post(f"{base}/people/{plant.ids['leader']}/leave", headers=officer,
                                json={"reason": "调离"})
    assert r.status_code == 200, r.text
    body = (await registry_app.get(f"{base}/people/{plant.ids['worker']}", headers=plant.tokens["leader"])).json()
    assert body["mobile"] == MASKED
