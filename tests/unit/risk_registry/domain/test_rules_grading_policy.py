"""An enterprise's grading policy (decision 11): absent, the defaults of DOMAIN.md §3; changed,
one event, only when something changes, with bands that descend and a control level for each
level. A change re-grades each risk's current assessments: a `RiskRegraded` for each stage whose
level or control level moves, and only those."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.risk_registry.chain import (
    DEFAULT_CONTROL_LEVELS,
    INHERENT,
    LEC,
    LS,
    RESIDUAL,
    Bands,
    ControlLevel,
    DomainError,
    EnterpriseGradingPolicy,
    GradingPolicy,
    RiskEvent,
    RiskLevel,
    assess,
    control_levels,
    ev,
    policy,
    risk_event,
    saved,
)

DEFAULT_LEC, DEFAULT_LS = Bands(320, 160, 70), Bands(17, 11, 5)
PROVINCIAL_LS = Bands(15, 9, 4)  # other provinces cut at 15/9/4


def test_an_enterprise_without_a_policy_grades_by_the_domains_defaults():
    defaults = EnterpriseGradingPolicy("ent-1").policy
    assert (defaults.lec, defaults.ls) == (DEFAULT_LEC, DEFAULT_LS)
    assert defaults.control_levels == {RiskLevel.MAJOR: ControlLevel.COMPANY, RiskLevel.LARGE: ControlLevel.DEPARTMENT,
                                       RiskLevel.GENERAL: ControlLevel.TEAM, RiskLevel.LOW: ControlLevel.POST}


def test_changing_to_the_policy_in_force_records_nothing():
    enterprise = EnterpriseGradingPolicy("ent-1")
    assert enterprise.change(DEFAULT_LEC, DEFAULT_LS, dict(DEFAULT_CONTROL_LEVELS)) is False
    assert enterprise.pending() == []


def test_a_change_records_the_bands_and_mapping_and_is_in_force_from_then_on():
    enterprise = EnterpriseGradingPolicy("ent-1")
    levels = control_levels(GENERAL=ControlLevel.DEPARTMENT)
    assert enterprise.change(DEFAULT_LEC, PROVINCIAL_LS, levels) is True
    [changed] = enterprise.pending()
    assert isinstance(changed, ev.GradingPolicyChanged) and changed.enterprise_id == "ent-1"
    assert enterprise.policy == GradingPolicy(DEFAULT_LEC, PROVINCIAL_LS, levels)
    assert EnterpriseGradingPolicy.rehydrate("ent-1", [changed]).policy == enterprise.policy


@pytest.mark.parametrize(("lec", "ls", "field"), [
    (Bands(160, 320, 70), DEFAULT_LS, "lec"),
    (DEFAULT_LEC, Bands(11, 11, 5), "ls"),
    (DEFAULT_LEC, Bands(17, 11, 0), "ls"),
], ids=["lec-ascending", "ls-equal-bands", "ls-zero"])
def test_the_bands_descend_from_major_to_general_above_zero(lec, ls, field):
    with pytest.raises(DomainError) as refused:
        EnterpriseGradingPolicy("ent-1").change(lec, ls, dict(DEFAULT_CONTROL_LEVELS))
    assert refused.value.field == field and "重大 > 较大 > 一般 > 0" in refused.value.message


def test_every_level_needs_its_control_level():
    without_low = {k: v for k, v in DEFAULT_CONTROL_LEVELS.items() if k is not RiskLevel.LOW}
    enterprise = EnterpriseGradingPolicy("ent-1")
    with pytest.raises(DomainError) as refused:
        enterprise.change(DEFAULT_LEC, DEFAULT_LS, without_low)
    assert refused.value.field == "control_levels" and enterprise.pending() == []


# ---- re-grading ------------------------------------------------------------------------------------

ON = date(2026, 11, 1)


def graded(*assessments) -> RiskEvent:
    risk = risk_event()
    for stage, method, inputs in assessments:
        assess(risk, stage, method, inputs, ON)
    return saved(risk)


def test_a_policy_that_moves_no_level_records_nothing():
    risk = graded((INHERENT, LEC, {"L": 3, "E": 6, "C": 40}))  # 720: 重大
    risk.regrade(policy(ls=PROVINCIAL_LS), policy_version=1)  # LS bands: no LEC assessment moves
    risk.regrade(policy(lec=Bands(400, 160, 70)), policy_version=2)
    assert risk.pending() == []


def test_each_stage_that_moves_is_regraded_with_its_value_its_old_and_new_level_and_the_policy_version():
    risk = graded((INHERENT, LS, {"L": 3, "S": 5}), (RESIDUAL, LS, {"L": 2, "S": 5}))  # 15 较大, 10 一般
    risk.regrade(policy(ls=PROVINCIAL_LS), policy_version=4)  # 15 → 重大, 10 → 较大
    moved = {e.stage: e for e in risk.pending()}
    assert all(isinstance(e, ev.RiskRegraded) and e.policy_version == 4 for e in moved.values())
    assert (moved[INHERENT].value, moved[INHERENT].from_level, moved[INHERENT].level) == (
        15, RiskLevel.LARGE, RiskLevel.MAJOR)
    assert (moved[RESIDUAL].value, moved[RESIDUAL].from_level, moved[RESIDUAL].level) == (
        10, RiskLevel.GENERAL, RiskLevel.LARGE)
    assert moved[RESIDUAL].control_level is ControlLevel.DEPARTMENT
    assert risk.current[RESIDUAL].level is RiskLevel.LARGE


def test_only_the_stage_that_moves_is_regraded():
    risk = graded((INHERENT, LS, {"L": 4, "S": 5}), (RESIDUAL, LS, {"L": 2, "S": 5}))  # 20 重大, 10 一般
    risk.regrade(policy(ls=PROVINCIAL_LS), policy_version=1)
    assert [e.stage for e in risk.pending()] == [RESIDUAL]


def test_a_moved_control_level_alone_is_a_regrade_too():
    risk = graded((INHERENT, LEC, {"L": 3, "E": 6, "C": 7}))  # 126: 一般 → 班组级
    risk.regrade(policy(levels=control_levels(GENERAL=ControlLevel.DEPARTMENT)), policy_version=1)
    [moved] = risk.pending()
    assert (moved.from_level, moved.level, moved.control_level) == (
        RiskLevel.GENERAL, RiskLevel.GENERAL, ControlLevel.DEPARTMENT)
    assert risk.current[INHERENT].control_level is ControlLevel.DEPARTMENT


def test_regrading_twice_under_one_policy_records_once():
    risk = graded((INHERENT, LS, {"L": 3, "S": 5}))
    risk.regrade(policy(ls=PROVINCIAL_LS), policy_version=1)
    risk.regrade(policy(ls=PROVINCIAL_LS), policy_version=1)
    assert len(risk.pending()) == 1


def test_a_regraded_risk_rebuilt_from_its_events_stands_where_it_was_left():
    risk = risk_event()
    history_start = risk.pending()
    assess(risk, INHERENT, LS, {"L": 3, "S": 5}, ON)
    risk.regrade(policy(ls=PROVINCIAL_LS), policy_version=1)
    rebuilt = RiskEvent.rehydrate("re-1", [*history_start, *risk.pending()])
    assert rebuilt.current == risk.current and rebuilt.current[INHERENT].level is RiskLevel.MAJOR


def test_an_assessment_after_a_change_is_graded_and_controlled_by_the_new_policy():
    new = policy(ls=PROVINCIAL_LS, levels=control_levels(LARGE=ControlLevel.COMPANY))
    risk = assess(risk_event(), INHERENT, LS, {"L": 3, "S": 3}, ON, new)  # 9: 较大 under 15/9/4
    [assessed] = risk.pending()[-1:]
    assert (assessed.level, assessed.control_level) == (RiskLevel.LARGE, ControlLevel.COMPANY)


def test_a_regrade_never_leaves_the_residual_risk_above_the_inherent_one():
    """The rule of decision 11 (the residual at most the inherent, across methods by their levels
    under the policy in force) is checked when assessing but not when re-grading: an inherent LEC
    270 (较大) and a residual LS 10 (一般) are accepted; LS bands of 9/5/2 then make the residual
    重大 beside a 较大 inherent — a state the same assessment entered again is refused for. Either
    the change is refused or the result keeps the rule. FAILS today."""
    risk = graded((INHERENT, LEC, {"L": 3, "E": 6, "C": 15}), (RESIDUAL, LS, {"L": 2, "S": 5}))
    try:
        risk.regrade(policy(ls=Bands(9, 5, 2)), policy_version=1)
    except DomainError:
        return  # refusing the policy change keeps the rule too
    inherent, residual = risk.current[INHERENT].level, risk.current[RESIDUAL].level
    assert int(residual) >= int(inherent), f"residual {residual.label} above inherent {inherent.label}"
