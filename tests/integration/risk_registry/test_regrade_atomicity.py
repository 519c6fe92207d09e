"""Changing the grading policy re-grades the enterprise in one transaction (issue 10): the policy
and every re-graded risk commit together, or — when one of those risks moved after the command
read it — none of them does, and the enterprise keeps its old policy and its old grades."""

from __future__ import annotations

import dataclasses

import pytest

from libs.eventstore.port import ConcurrencyError
from libs.repository import CommandContext, Repository
from services.risk_registry.events import registry
from services.risk_registry.risk_chain.application import commands as rc
from services.risk_registry.risk_chain.application import handlers as rh
from services.risk_registry.risk_chain.domain.risk_event import RiskEvent
from tests.integration.risk_registry.directory_helpers import event_count

TIGHTER_LS = {"lec": {"major": 320, "large": 160, "general": 70}, "ls": {"major": 15, "large": 9, "general": 4},
              "control_levels": {"1": "company", "2": "department", "3": "team", "4": "post"}}


async def a_risk_unit(api, eid: str, officer: dict):
    """A department, its head and a process unit's risk unit, made through HTTP; returns the
    poster (201 asserted) and the unit, for risks to be identified in it."""

    async def post(path, body):
        r = await api.post(f"/enterprises/{eid}{path}", headers=officer, json=body)
        assert r.status_code == 201, r.text
        return r.json()

    dept = await post("/org-units", {"kind": "department", "name": "生产部"})
    head = await post("/people", {"name": "李强", "mobile": "13900000001", "roles": ["department_head"]})
    tank = await post("/risk-objects", {"kind": "process_unit", "name": "氢化装置", "department_id": dept["id"]})
    unit = await post("/risk-units", {"object_id": tank["id"], "name": "氢化釜单元", "department_id": dept["id"],
                                      "liable_person_id": head["id"]})
    return post, unit


@pytest.fixture
async def graded(registry_app, enterprise):
    """Three risks of one unit, each assessed LS 2×5 = 10 (一般 under the default bands, 较大 under
    TIGHTER_LS)."""
    api, eid, officer = registry_app, enterprise["id"], enterprise["officer"]
    post, unit = await a_risk_unit(api, eid, officer)
    risks = []
    for name in ("氢气泄漏爆炸", "反应釜超压", "催化剂自燃"):
        risk = await post("/risk-events", {"unit_id": unit["id"], "name": name, "accident_types": [8],
                                           "consequence": "人员伤亡"})
        await post(f"/risk-events/{risk['id']}/assessments", {
            "stage": "inherent", "method": "LS", "inputs": {"L": 2, "S": 5},
            "assessed_on": "2026-11-02", "reassess_on": "2027-05-01"})
        risks.append(risk["id"])
    return {"eid": eid, "officer": officer, "risks": risks}


class RacedRisks(Repository):
    """The chain's risk repository, except that right after the command loads `victim`, another
    command renames it (through the real handler): the stream moves on under the re-grading."""

    def __init__(self, chain: rh.RiskChain, victim: str) -> None:
        super().__init__(chain.store, registry, RiskEvent, "riskevent", "risk_registry")
        self.chain, self.victim = chain, victim

    async def get(self, aggregate_id: str, what: str = "对象") -> RiskEvent:
        risk = await super().get(aggregate_id, what)
        if aggregate_id == self.victim:
            revision = rc.ReviseRiskEvent(name="反应釜超压（修订）", accident_types=[8], consequence="人员伤亡")
            await rh.revise_risk(revision.for_(risk.enterprise_id, aggregate_id), self.chain,
                                 CommandContext("officer-2", risk.enterprise_id, "racing-revision"))
        return risk


async def _levels(api, eid, officer, risks) -> list[int]:
    return [(await api.get(f"/enterprises/{eid}/risk-events/{r}", headers=officer)).json()["inherent_level"]
            for r in risks]


async def test_the_policy_and_every_regraded_risk_commit_in_one_transaction(registry_app, graded, db):
    api, eid, officer = registry_app, graded["eid"], graded["officer"]
    r = await api.put(f"/enterprises/{eid}/grading-policy", headers=officer, json=TIGHTER_LS)
    assert r.status_code == 200, r.text
    assert r.json()["regraded"] == 3
    assert await _levels(api, eid, officer, graded["risks"]) == [2, 2, 2]
    written = await db.fetch("SELECT DISTINCT tx_id FROM events WHERE type LIKE ANY($1)",
                             ["%.GradingPolicyChanged", "%.RiskRegraded"])
    assert len(written) == 1


async def test_a_risk_that_moves_meanwhile_leaves_the_policy_and_every_risk_unchanged(registry_app, graded, db):
    api, eid, officer, risks = registry_app, graded["eid"], graded["officer"], graded["risks"]
    chain = registry_app.app.state.risk_chain
    raced = dataclasses.replace(chain, risks=RacedRisks(chain, victim=risks[1]))
    before = await event_count(db)

    with pytest.raises(ConcurrencyError):
        await rh.change_grading_policy(rc.ChangeGradingPolicy(**TIGHTER_LS).for_(eid), raced,
                                       CommandContext("officer-1", eid, "policy-change"))

    policy = (await api.get(f"/enterprises/{eid}/grading-policy", headers=officer)).json()
    assert policy["default"] is True and policy["version"] == 0 and policy["ls"]["major"] == 17
    assert await _levels(api, eid, officer, risks) == [3, 3, 3]
    assert await event_count(db) == before + 1  # the racing revision, and nothing of the policy change
    assert await event_count(db, "type LIKE ANY($1)", ["%.GradingPolicyChanged", "%.RiskRegraded"]) == 0
    renamed = (await api.get(f"/enterprises/{eid}/risk-events/{risks[1]}", headers=officer)).json()
    assert renamed["name"] == "反应釜超压（修订）"

    # Once the client retries on what is stored now, the whole enterprise is re-graded.
    r = await api.put(f"/enterprises/{eid}/grading-policy", headers=officer, json=TIGHTER_LS)
    assert r.status_code == 200 and r.json()["regraded"] == 3
