"""Every number an assessment or a major-hazard rating takes from an official scale has a code
table, and the table is that scale: each of its codes is accepted, a value next to them is not."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainError
from services.risk_registry.code_tables import ALPHA, ASSESSMENT_SCALES, BETA, TABLES
from services.risk_registry.risk_chain.application.commands import SubstanceInput
from services.risk_registry.risk_chain.domain.codes import AssessmentMethod
from services.risk_registry.risk_chain.domain.grading import GradingPolicy, Substance, grade, rate_major_hazard

POLICY = GradingPolicy()


def _inputs(method: AssessmentMethod) -> dict[str, float]:
    return {key: table.codes[0].code for key, table in ASSESSMENT_SCALES[method].items()}


@pytest.mark.parametrize("method", list(AssessmentMethod))
def test_each_input_of_each_method_has_its_scale_as_a_code_table(method):
    # Exactly the inputs the method takes: grading refuses one missing and one too many.
    grade(method, _inputs(method), POLICY)
    for key, table in ASSESSMENT_SCALES[method].items():
        assert table in TABLES
        for code in table.codes:
            grade(method, {**_inputs(method), key: code.code}, POLICY)
        with pytest.raises(DomainError):
            grade(method, {**_inputs(method), key: max(c.code for c in table.codes) + 1}, POLICY)
        with pytest.raises(DomainError):
            grade(method, {k: v for k, v in _inputs(method).items() if k != key}, POLICY)


def test_the_rating_factors_have_their_tables():
    assert ALPHA in TABLES and BETA in TABLES
    for code in ALPHA.codes:
        rate_major_hazard(code.code, [Substance("s", 1, 10, 1)])
    with pytest.raises(DomainError):
        rate_major_hazard(1.1, [Substance("s", 1, 10, 1)])
    for code in BETA.codes:  # up to 20 (碳酰氯, 磷化氢, 异氰酸甲酯)
        s = SubstanceInput(name="s", q=1, critical_q=10, beta=code.code)
        rate_major_hazard(1.0, [Substance(s.name, s.q, s.critical_q, s.beta)])
    assert BETA.source == "GB 18218-2018 表3、表4" and "氯" in BETA.label(4)
