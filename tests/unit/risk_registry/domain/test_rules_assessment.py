"""An assessment (评价) of a risk event, as implemented: LEC D = L×E×C and the LS matrix R = L×S,
each value banded by the enterprise's policy into a level and that level's control level, all
recorded on the assessment's own event; inherent (固有) and residual (剩余) risks graded apart.
(Dates, the current grade and the residual-within-inherent rule: test_current_grade.py.)"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from tests.unit.risk_registry.chain import (
    INHERENT,
    LEC,
    LEC_C,
    LEC_E,
    LEC_L,
    LS,
    RESIDUAL,
    Bands,
    ControlLevel,
    DomainError,
    GradingPolicy,
    RiskLevel,
    assess,
    control_levels,
    ev,
    grade,
    policy,
    risk_event,
)

ON = date(2026, 11, 1)
MAJOR, LARGE, GENERAL, LOW = RiskLevel.MAJOR, RiskLevel.LARGE, RiskLevel.GENERAL, RiskLevel.LOW

# The LS matrix under the default bands (≥ 17 重大, 11–16 较大, 5–10 一般, 1–4 低): row L, column S.
LS_MATRIX = {
    1: [LOW, LOW, LOW, LOW, GENERAL],
    2: [LOW, LOW, GENERAL, GENERAL, GENERAL],
    3: [LOW, GENERAL, GENERAL, LARGE, LARGE],
    4: [LOW, GENERAL, LARGE, LARGE, MAJOR],
    5: [GENERAL, GENERAL, LARGE, MAJOR, MAJOR],
}


@pytest.mark.parametrize("likelihood", LS_MATRIX)
def test_the_ls_matrix_under_the_default_bands(likelihood):
    graded = [grade(LS, {"L": likelihood, "S": s}, GradingPolicy()) for s in range(1, 6)]
    assert [g.value for g in graded] == [likelihood * s for s in range(1, 6)]
    assert [g.level for g in graded] == LS_MATRIX[likelihood]


def test_every_official_lec_triple_is_banded_by_its_product():
    default = GradingPolicy()
    for l_, e, c in itertools.product(LEC_L, LEC_E, LEC_C):
        d = l_ * e * c
        expected = MAJOR if d >= 320 else LARGE if d >= 160 else GENERAL if d >= 70 else LOW
        graded = grade(LEC, {"L": l_, "E": e, "C": c}, default)
        assert graded.value == pytest.approx(d) and graded.level is expected, (l_, e, c)


def test_a_lec_value_is_kept_to_four_decimals():
    """0.1 × 0.5 × 1 is 0.05000000000000001 in binary floating point."""
    assert grade(LEC, {"L": 0.1, "E": 0.5, "C": 1}, GradingPolicy()).value == 0.05


@pytest.mark.parametrize(("method", "inputs", "field"), [
    (LS, {"L": 3}, "inputs.S"),
    (LS, {"L": 3, "S": 3, "E": 6}, "inputs"),
    (LEC, {"E": 6, "C": 40}, "inputs.L"),
])
def test_an_assessment_takes_exactly_the_inputs_of_its_method(method, inputs, field):
    with pytest.raises(DomainError) as refused:
        grade(method, inputs, GradingPolicy())
    assert refused.value.field == field


def test_the_assessment_records_method_inputs_value_level_control_level_assessor_and_dates():
    risk = risk_event()
    risk.assess("a-1", INHERENT, LEC, {"L": 3, "E": 6, "C": 40}, GradingPolicy(), "officer-1", ON,
                ON + timedelta(days=365), today=ON)
    [assessed] = risk.pending()[-1:]
    assert isinstance(assessed, ev.RiskAssessed)
    assert (assessed.assessment_id, assessed.stage, assessed.method, assessed.inputs) == (
        "a-1", INHERENT, LEC, {"L": 3, "E": 6, "C": 40})
    assert (assessed.value, assessed.level, assessed.control_level) == (720, MAJOR, ControlLevel.COMPANY)
    assert (assessed.assessor_id, assessed.assessed_on, assessed.reassess_on) == (
        "officer-1", ON, date(2027, 11, 1))


def test_the_level_and_control_level_are_the_enterprises_own():
    provincial = policy(ls=Bands(15, 9, 4), levels=control_levels(GENERAL=ControlLevel.DEPARTMENT))
    risk = assess(risk_event(), INHERENT, LS, {"L": 2, "S": 4}, ON, provincial)  # 8: 一般 under 15/9/4
    [assessed] = risk.pending()[-1:]
    assert (assessed.value, assessed.level, assessed.control_level) == (8, GENERAL, ControlLevel.DEPARTMENT)
    assert risk.current[INHERENT].control_level is ControlLevel.DEPARTMENT


def test_a_refused_assessment_records_nothing():
    risk = risk_event()
    with pytest.raises(DomainError):
        assess(risk, INHERENT, LEC, {"L": 4, "E": 6, "C": 40}, ON)
    assert len(risk.pending()) == 0 and risk.current == {} and risk.assessed == {}


def test_inherent_and_residual_risks_are_graded_apart():
    risk = assess(risk_event(), INHERENT, LEC, {"L": 3, "E": 6, "C": 40}, ON)  # 720 重大
    assess(risk, RESIDUAL, LS, {"L": 1, "S": 4}, ON + timedelta(days=1))  # 4 低
    assert (risk.current[INHERENT].level, risk.current[RESIDUAL].level) == (MAJOR, LOW)
    assert (risk.current[INHERENT].method, risk.current[RESIDUAL].method) == (LEC, LS)


def test_every_assessment_is_kept_not_only_the_current_one():
    risk = risk_event()
    for days, c in enumerate((40, 15, 7)):
        assess(risk, INHERENT, LEC, {"L": 3, "E": 6, "C": c}, ON + timedelta(days=days))
    assert [a.value for a in risk.assessed[INHERENT]] == [720, 270, 126]
    assert risk.current[INHERENT].value == 126


def test_across_methods_a_residual_is_judged_by_its_level_under_the_policy_in_force():
    """LEC 126 is 一般 and LS 12 较大 by default; under LS bands of 20/13/5, 12 is 一般 too."""
    lenient = policy(ls=Bands(20, 13, 5))
    risk = assess(risk_event(), INHERENT, LEC, {"L": 3, "E": 6, "C": 7}, ON, lenient)
    assess(risk, RESIDUAL, LS, {"L": 3, "S": 4}, ON, lenient)
    strict = assess(risk_event(), INHERENT, LEC, {"L": 3, "E": 6, "C": 7}, ON)
    with pytest.raises(DomainError) as refused:
        assess(strict, RESIDUAL, LS, {"L": 3, "S": 4}, ON)
    assert "较大风险高于一般风险" in refused.value.message
