"""The grading guard on the fakes (decision 30): an assessment and a policy change of one
enterprise, interleaved at the bad point — one read before the other's commit, committing after
it. One of the two is refused (409), and every assessed risk stays graded by the policy in force;
without the guard, the same interleaving leaves a risk graded under the old policy for good."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from libs.eventstore import ConcurrencyError
from libs.repository import CommandContext, Repository
from libs.unit_of_work import Work
from services.risk_registry.events import registry
from services.risk_registry.risk_chain.application import commands as rc
from services.risk_registry.risk_chain.application import handlers as rh
from services.risk_registry.risk_chain.domain.codes import RiskLevel
from services.risk_registry.risk_chain.domain.model import EnterpriseGradingPolicy
from services.risk_registry.risk_chain.domain.risk_event import RiskEvent
from tests.unit.risk_registry.application.test_chain_handlers import TIGHTER_LS, Plant

# LS 2×5 = 10: 一般 under the default bands, 较大 under TIGHTER_LS.
TEN = {"L": 2, "S": 5}


@pytest.fixture
async def plant() -> Plant:
    plant = await Plant().setup()
    plant.risk_unit_id = await plant.risk_unit(await plant.object())
    return plant


def _assessment(inputs: dict[str, float]) -> rc.AssessRisk:
    return rc.AssessRisk(stage="inherent", method="LS", inputs=inputs, assessed_on=date(2026, 11, 2),
                         reassess_on=date(2027, 5, 1))


async def _identified(plant: Plant, name: str) -> str:
    return await rh.identify_risk(rc.IdentifyRiskEvent(unit_id=plant.risk_unit_id, name=name, accident_types=[8],
                                                       consequence="人员伤亡").for_(plant.eid), plant.ch, plant.ctx)


async def _assess(plant: Plant, risk_id: str, inputs: dict[str, float] = TEN, chain: rh.RiskChain | None = None):
    return await rh.assess_risk(_assessment(inputs).for_(plant.eid, risk_id), chain or plant.ch,
                                CommandContext("officer-2", plant.eid, "assessment"))


async def _change_policy(plant: Plant, chain: rh.RiskChain | None = None) -> int:
    return await rh.change_grading_policy(rc.ChangeGradingPolicy(**TIGHTER_LS).for_(plant.eid), chain or plant.ch,
                                          CommandContext("officer-1", plant.eid, "policy-change"))


async def graded_otherwise(plant: Plant) -> list[str]:
    """The assessed risks whose grade is not what the policy in force gives their current values."""
    holder = await rh.policy_of(plant.ch, plant.eid)
    wrong = []
    for risk_id in await plant.ch.queries.assessed_risk_ids(plant.eid):
        for g in (await plant.ch.risks.get(risk_id)).current.values():
            level = holder.policy.bands(g.method).level(g.value)
            if (g.level, g.control_level) != (level, holder.policy.control_level(level)):
                wrong.append(risk_id)
    return wrong


class AssessedMeanwhile:
    """The chain's queries, except that right after the policy change reads the assessed risks,
    `assess` runs (through the real handler) and commits."""

    def __init__(self, queries, assess) -> None:
        self._queries, self._assess = queries, assess

    async def assessed_risk_ids(self, eid: str) -> list[str]:
        ids = await self._queries.assessed_risk_ids(eid)
        await self._assess()
        return ids

    def __getattr__(self, name: str):
        return getattr(self._queries, name)


class PolicyChangedMeanwhile(Repository):
    """The chain's policy repository, except that right after the assessment reads the policy, the
    policy is changed (through the real handler) and commits."""

    def __init__(self, plant: Plant) -> None:
        super().__init__(plant.wired.store, registry, EnterpriseGradingPolicy, "gradingpolicy", "risk_registry")
        self.plant = plant

    async def find(self, aggregate_id: str) -> EnterpriseGradingPolicy | None:
        found = await super().find(aggregate_id)
        await _change_policy(self.plant)
        return found


class ReassessedAfterLoad(Repository):
    """The chain's risk repository, except that right after the policy change loads `victim`, it
    is assessed again (through the real handler) and that commits."""

    def __init__(self, plant: Plant, victim: str) -> None:
        super().__init__(plant.wired.store, registry, RiskEvent, "riskevent", "risk_registry")
        self.plant, self.victim = plant, victim

    async def get(self, aggregate_id: str, what: str = "对象") -> RiskEvent:
        risk = await super().get(aggregate_id, what)
        if aggregate_id == self.victim:
            await _assess(self.plant, aggregate_id)
        return risk


async def test_an_assessment_committed_while_the_policy_changes_refuses_the_change(plant):
    graded = [await _identified(plant, name) for name in ("氢气泄漏爆炸", "反应釜超压")]
    for risk_id in graded:
        await _assess(plant, risk_id)
    late = await _identified(plant, "催化剂自燃")
    raced = dataclasses.replace(plant.ch, queries=AssessedMeanwhile(plant.ch.queries, lambda: _assess(plant, late)))

    with pytest.raises(ConcurrencyError) as refused:
        await _change_policy(plant, raced)

    assert refused.value.stream_id == f"riskevent-{late}"
    assert (await rh.policy_of(plant.ch, plant.eid)).version == 0  # nothing of the change was written
    assert (await plant.ch.risks.get(late)).current["inherent"].level is RiskLevel.GENERAL
    assert await graded_otherwise(plant) == []
    # The client retries on what is stored now: all three are re-graded.
    assert await _change_policy(plant) == 3
    assert await graded_otherwise(plant) == []


async def test_a_policy_change_committed_while_a_risk_is_assessed_refuses_the_assessment(plant):
    graded = await _identified(plant, "氢气泄漏爆炸")
    await _assess(plant, graded)
    late = await _identified(plant, "催化剂自燃")
    raced = dataclasses.replace(plant.ch, policies=PolicyChangedMeanwhile(plant))

    with pytest.raises(ConcurrencyError) as refused:
        await _assess(plant, late, chain=raced)

    assert refused.value.stream_id == f"gradingpolicy-{plant.eid}"
    assert (await plant.ch.risks.get(late)).current == {}  # the assessment was not written
    assert (await rh.policy_of(plant.ch, plant.eid)).version == 1
    assert await graded_otherwise(plant) == []
    await _assess(plant, late)  # retried: graded under the new policy
    assert (await plant.ch.risks.get(late)).current["inherent"].level is RiskLevel.LARGE
    assert await graded_otherwise(plant) == []


async def test_a_reassessment_of_a_risk_the_change_leaves_alone_refuses_the_change(plant):
    """LS 1×2 = 2 is 低 under both policies, so the change re-grades nothing of it and saves
    nothing of it; re-assessed meanwhile as 10, it would stay 一般 under the new policy."""
    risk_id = await _identified(plant, "氢气泄漏爆炸")
    await _assess(plant, risk_id, {"L": 1, "S": 2})
    raced = dataclasses.replace(plant.ch, risks=ReassessedAfterLoad(plant, risk_id))

    with pytest.raises(ConcurrencyError):
        await _change_policy(plant, raced)

    assert (await rh.policy_of(plant.ch, plant.eid)).version == 0
    assert await graded_otherwise(plant) == []
    assert await _change_policy(plant) == 1
    assert (await plant.ch.risks.get(risk_id)).current["inherent"].level is RiskLevel.LARGE


class NoGuard:
    """What the handlers did before the guard: check nothing."""

    def assessing(self, enterprise_id: str, policy_version: int) -> Work:
        return self._nothing

    def regrading(self, enterprise_id: str, regraded) -> Work:
        return self._nothing

    async def _nothing(self, tx) -> None:
        return None


async def test_without_the_guard_both_interleavings_leave_a_risk_graded_under_the_old_policy(plant):
    """The two tests above, unguarded: proof that they test the guard, not the luck of the order."""
    plant.ch = dataclasses.replace(plant.ch, grading_guard=NoGuard())
    first, second = await _identified(plant, "氢气泄漏爆炸"), await _identified(plant, "催化剂自燃")
    raced = dataclasses.replace(plant.ch, queries=AssessedMeanwhile(plant.ch.queries, lambda: _assess(plant, first)))
    await _change_policy(plant, raced)
    assert await graded_otherwise(plant) == [first]

    # The other interleaving, on a policy change back to the defaults and then TIGHTER_LS again.
    default = {**TIGHTER_LS, "ls": {"major": 17, "large": 11, "general": 5}}
    await rh.change_grading_policy(rc.ChangeGradingPolicy(**default).for_(plant.eid), plant.ch, plant.ctx)
    assert await graded_otherwise(plant) == []
    await _assess(plant, second, chain=dataclasses.replace(plant.ch, policies=PolicyChangedMeanwhile(plant)))
    assert await graded_otherwise(plant) == [second]


async def test_the_fake_read_model_keeps_the_enterprise_beside_its_policy_of_the_same_id(plant):
    """The policy's stream has the enterprise's id: the fake keys its aggregates by stream, as the
    SQL tables do, so a policy change does not hide the enterprise from the directory's look-ups."""
    await _change_policy(plant)
    model = plant.wired.read_model
    assert (await model.enterprise(plant.eid))["name"] == "企业1"
    assert model.find(EnterpriseGradingPolicy, plant.eid).version == 1
