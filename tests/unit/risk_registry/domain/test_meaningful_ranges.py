"""Numbers of the rules are refused where they mean nothing (GB 18218-2018, the methods' own
scales), with the range and its source in the message: a subnormal β made R = 0 (四级), a band
of 1e308 made a level no assessment can reach."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from libs.aggregate import DomainError
from services.risk_registry.risk_chain.domain.codes import ControlLevel, RiskLevel
from services.risk_registry.risk_chain.domain.grading import (
    BETA_RANGE,
    CRITICAL_Q_RANGE,
    LEC_C,
    LEC_E,
    LEC_L,
    LEC_VALUES,
    LS_RANGE,
    LS_VALUES,
    Q_RANGE,
    Bands,
    Substance,
    rate_major_hazard,
)
from services.risk_registry.risk_chain.domain.model import EnterpriseGradingPolicy

LEVELS = {RiskLevel.MAJOR: ControlLevel.COMPANY, RiskLevel.LARGE: ControlLevel.DEPARTMENT,
          RiskLevel.GENERAL: ControlLevel.TEAM, RiskLevel.LOW: ControlLevel.POST}


def test_the_method_ranges_are_what_the_scales_produce():
    assert (LEC_VALUES.low, LEC_VALUES.high) == (min(LEC_L) * min(LEC_E) * min(LEC_C), 10 * 10 * 100)
    assert (LS_VALUES.low, LS_VALUES.high) == (1, 25) and LS_RANGE == range(1, 6)


@pytest.mark.parametrize(("substance", "field", "words"), [
    (Substance("x", 1, 1, 1e-320), "substances.0.beta", "1～20"),  # the trial's R = 0
    (Substance("x", 1, 1, 0.5), "substances.0.beta", "GB 18218-2018"),
    (Substance("x", 1, 1, 21), "substances.0.beta", "1～20"),
    (Substance("x", 1, 1e-320, 1), "substances.0.critical_q", "0.1～5,000"),
    (Substance("x", 1, 50_000, 1), "substances.0.critical_q", "吨"),
    (Substance("x", 1e-320, 1, 1), "substances.0.q", "0 或 0.001～"),
    (Substance("x", -1, 1, 1), "substances.0.q", "实际存在量"),
    (Substance("x", 1e308, 1, 1), "substances.0.q", "10,000,000"),
])
def test_a_substance_outside_its_meaningful_range_is_refused_with_the_range(substance, field, words):
    with pytest.raises(DomainError) as refused:
        rate_major_hazard(1.0, [substance])
    assert (refused.value.field, refused.value.code) == (field, "out_of_range")
    assert words in refused.value.message, refused.value.message


@given(st.floats(allow_nan=False, allow_infinity=False), st.floats(allow_nan=False, allow_infinity=False),
       st.floats(allow_nan=False, allow_infinity=False))
def test_any_substance_is_rated_finitely_or_refused_naming_its_quantity(q, big_q, beta):
    within = all(r.problem(v) is None for r, v in ((Q_RANGE, q), (CRITICAL_Q_RANGE, big_q), (BETA_RANGE, beta)))
    try:
        rating = rate_major_hazard(1.0, [Substance("x", q, big_q, beta)])
    except DomainError as refused:
        assert not within and refused.field.startswith("substances.0.")
        return
    assert within and math.isfinite(rating.r_value)


@pytest.mark.parametrize(("lec", "ls", "field"), [
    (Bands(1e308, 160, 70), Bands(17, 11, 5), "lec.major"),  # the trial's band
    (Bands(10_001, 160, 70), Bands(17, 11, 5), "lec.major"),
    (Bands(320, 160, 0.01), Bands(17, 11, 5), "lec.general"),
    (Bands(320, 160, 70), Bands(26, 11, 5), "ls.major"),
    (Bands(320, 160, 70), Bands(17, 11, 0.5), "ls.general"),
])
def test_a_band_outside_what_its_method_can_produce_is_refused(lec, ls, field):
    with pytest.raises(DomainError) as refused:
        EnterpriseGradingPolicy("ent-1").change(lec, ls, LEVELS)
    assert refused.value.field == field and "取值范围" in refused.value.message, refused.value.message


def test_bands_at_the_edges_of_what_the_methods_produce_are_kept():
    assert EnterpriseGradingPolicy("ent-1").change(Bands(10_000, 160, 0.05), Bands(25, 11, 1), LEVELS)
