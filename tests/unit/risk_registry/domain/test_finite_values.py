"""Every value a grading rule computes from finite inputs is finite, or the input is refused with
its field named: no infinity or NaN ever reaches an event (it would be stored as null)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from libs.aggregate import DomainError
from services.risk_registry.risk_chain.domain.codes import AssessmentMethod
from services.risk_registry.risk_chain.domain.grading import (
    ALPHA_VALUES,
    LEC_C,
    LEC_E,
    LEC_L,
    Bands,
    GradingPolicy,
    Substance,
    grade,
    rate_major_hazard,
)
from services.risk_registry.risk_chain.domain.model import check_outline
from tests.unit.risk_registry.builders import risk_object

finite_floats = st.floats(allow_nan=False, allow_infinity=False)


def test_the_reported_overflow_names_the_quantity():
    with pytest.raises(DomainError) as refused:
        rate_major_hazard(1.0, [Substance("过氧化氢", 1e308, 1e-308, 1.0)])
    # Out of GB 18218's range before it can overflow.
    assert refused.value.field == "substances.0.q" and refused.value.code == "out_of_range"


def test_a_sum_that_overflows_names_the_substances():
    with pytest.raises(DomainError) as refused:
        rate_major_hazard(2.0, [Substance("a", 1e308, 1.0, 1.0), Substance("b", 1e308, 1.0, 1.0)])
    assert refused.value.field.startswith("substances")


@given(st.sampled_from(ALPHA_VALUES),
       st.lists(st.tuples(finite_floats, finite_floats, st.floats(min_value=1e-3, max_value=10)), min_size=1,
                max_size=4))
def test_a_rating_is_finite_or_refused_naming_a_substance(alpha, quantities):
    substances = [Substance(f"s{i}", q, big_q, beta) for i, (q, big_q, beta) in enumerate(quantities)]
    try:
        rating = rate_major_hazard(alpha, substances)
    except DomainError as refused:
        assert refused.field is not None and refused.field.startswith("substances")
        return
    assert math.isfinite(rating.r_value) and math.isfinite(rating.ratio_sum)


@given(st.sampled_from(LEC_L), st.sampled_from(LEC_E), st.sampled_from(LEC_C))
def test_every_lec_product_is_finite(l_, e, c):
    assert math.isfinite(grade(AssessmentMethod.LEC, {"L": l_, "E": e, "C": c}, GradingPolicy()).value)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_non_finite_inputs_of_an_assessment_are_refused_naming_the_input(value):
    with pytest.raises(DomainError) as refused:
        grade(AssessmentMethod.LEC, {"L": value, "E": 6, "C": 40}, GradingPolicy())
    assert refused.value.field == "inputs.L"


@pytest.mark.parametrize("bands", [Bands(math.inf, 160, 70), Bands(320, 160, math.nan)])
def test_non_finite_bands_are_refused_naming_the_band(bands):
    with pytest.raises(DomainError) as refused:
        bands.check("lec")
    assert refused.value.field in ("lec.major", "lec.general")


@pytest.mark.parametrize(("outline", "field"), [
    ([[0, 0], [1e9, 0], [1e9, 10]], "outline.1"),
    ([[0, 0], [10, 0], [10, math.nan]], "outline.2"),
    ([[math.inf, 0], [10, 0], [10, 10]], "outline.0"),
    ([[0, 0], [10, 0], [10, -10_001]], "outline.2"),
])
def test_outlines_stay_within_the_plant_extent(outline, field):
    with pytest.raises(DomainError) as refused:
        check_outline(outline)
    assert refused.value.field == field


def test_the_extent_is_the_callers_setting():
    check_outline([[0, 0], [50_000, 0], [50_000, 50_000]], extent=60_000)
    with pytest.raises(DomainError):
        check_outline([[0, 0], [500, 0], [500, 500]], extent=100)
    with pytest.raises(DomainError):
        risk_object().revise("双氧水罐区", None, "dept-1", [[0, 0], [500, 0], [500, 500]], extent=100)
