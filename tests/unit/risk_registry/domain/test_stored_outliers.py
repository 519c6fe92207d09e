"""Events stored before decision 19 may hold null where a number was non-finite (JSON has no NaN
or infinity): an outline corner, a rating's R value and quantities, a policy band. They still
decode, their aggregates load and take commands, and their history can be described."""

from __future__ import annotations

import math

from libs.history import Names
from services.risk_registry.descriptions import DESCRIBERS
from services.risk_registry.events import registry
from services.risk_registry.risk_chain.domain.codes import RiskLevel, RiskObjectKind
from services.risk_registry.risk_chain.domain.grading import Bands
from services.risk_registry.risk_chain.domain.model import EnterpriseGradingPolicy, RiskObject

P = "shuangkong.risk_registry."
OLD_SOURCE = [
    ("RiskObjectRegistered", {"object_id": "o", "enterprise_id": "e", "kind": "major_hazard_source",
                              "name": "旧罐区", "code": None, "department_id": "d",
                              "outline": [[None, 1], [10, 0], [10, 10]]}),
    ("MajorHazardRated", {"object_id": "o", "enterprise_id": "e", "alpha": 1.0,
                          "substances": [{"name": "过氧化氢", "q": None, "critical_q": 1e-308, "beta": 1.0}],
                          "ratio_sum": None, "r_value": None, "grade": 1}),
]
OLD_POLICY = [("GradingPolicyChanged", {"enterprise_id": "e", "lec": {"major": None, "large": 160, "general": 70},
                                        "ls": {"major": 17, "large": 11, "general": 5},
                                        "control_levels": {"1": "company", "2": "department", "3": "team",
                                                           "4": "post"}})]


def decoded(stored):
    return [registry.decode(P + name, 1, data) for name, data in stored]


def test_a_risk_object_stored_with_nulls_loads_takes_commands_and_is_described():
    events = decoded(OLD_SOURCE)
    source = RiskObject.rehydrate("o", events)
    assert source.kind is RiskObjectKind.MAJOR_HAZARD_SOURCE and source.outline[0] == (None, 1.0)
    source.revise("旧罐区", None, "d", [(0, 0), (10, 0), (10, 10)])
    source.assign_guardians("p1", "p2", "p3")
    assert [type(e).__name__ for e in source.pending()] == ["RiskObjectRevised", "MajorHazardGuardiansAssigned"]
    described = [DESCRIBERS[type(e)](e, Names({})) for e in events]
    assert "无法计算" in described[1]


def test_a_policy_stored_with_an_infinite_band_reads_it_as_infinite():
    events = decoded(OLD_POLICY)
    policy = EnterpriseGradingPolicy.rehydrate("e", events).policy
    assert math.isinf(policy.lec.major) and policy.lec.level(1e6) is RiskLevel.LARGE
    assert "∞" in DESCRIBERS[type(events[0])](events[0], Names({}))
    holder = EnterpriseGradingPolicy.rehydrate("e", events)
    assert holder.change(Bands(320, 160, 70), Bands(17, 11, 5), policy.control_levels)
