"""Grading math at the exact band edges, the major-hazard R value, and the level mappings."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainError
from services.risk_registry.risk_chain.domain.codes import AssessmentMethod, ControlLevel, MajorHazardGrade, RiskLevel
from services.risk_registry.risk_chain.domain.grading import Bands, GradingPolicy, Substance, grade, rate_major_hazard

DEFAULT = GradingPolicy()
LEC, LS = AssessmentMethod.LEC, AssessmentMethod.LS


@pytest.mark.parametrize("inputs, value, level", [
    ({"L": 10, "E": 2, "C": 15}, 300, RiskLevel.LARGE),
    ({"L": 1, "E": 10, "C": 40}, 400, RiskLevel.MAJOR),
    ({"L": 6, "E": 6, "C": 7}, 252, RiskLevel.LARGE),
])
def test_lec_value_is_l_times_e_times_c(inputs, value, level):
    g = grade(LEC, inputs, DEFAULT)
    assert (g.value, g.level) == (value, level)


@pytest.mark.parametrize("value, level", [
    (320, RiskLevel.MAJOR), (319.99, RiskLevel.LARGE),
    (160, RiskLevel.LARGE), (159.99, RiskLevel.GENERAL),
    (70, RiskLevel.GENERAL), (69.99, RiskLevel.LOW), (0.001, RiskLevel.LOW),
])
def test_lec_band_edges(value, level):
    assert DEFAULT.lec.level(value) is level


def test_lec_edges_reachable_with_official_scales():
    assert grade(LEC, {"L": 0.5, "E": 6, "C": 100}, DEFAULT).level is RiskLevel.LARGE  # 300
    assert grade(LEC, {"L": 1, "E": 2, "C": 40}, DEFAULT).level is RiskLevel.GENERAL  # 80
    assert grade(LEC, {"L": 10, "E": 3, "C": 7}, DEFAULT).level is RiskLevel.LARGE  # 210
    assert grade(LEC, {"L": 3, "E": 3, "C": 7}, DEFAULT).level is RiskLevel.LOW  # 63


@pytest.mark.parametrize("l_, s, level", [
    (5, 4, RiskLevel.MAJOR),  # 20
    (1, 5, RiskLevel.GENERAL),  # 5: lower edge of 一般
    (2, 2, RiskLevel.LOW),  # 4
    (3, 4, RiskLevel.LARGE),  # 12
])
def test_ls_levels(l_, s, level):
    assert grade(LS, {"L": l_, "S": s}, DEFAULT).level is level


@pytest.mark.parametrize("value, level", [
    (17, RiskLevel.MAJOR), (16, RiskLevel.LARGE), (11, RiskLevel.LARGE), (10, RiskLevel.GENERAL),
    (5, RiskLevel.GENERAL), (4, RiskLevel.LOW), (1, RiskLevel.LOW),
])
def test_ls_band_edges(value, level):
    assert DEFAULT.ls.level(value) is level


def test_other_provinces_cut_ls_at_15_9_4():
    policy = GradingPolicy(ls=Bands(15, 9, 4))
    assert [policy.ls.level(v) for v in (15, 14, 9, 8, 4, 3)] == [
        RiskLevel.MAJOR, RiskLevel.LARGE, RiskLevel.LARGE, RiskLevel.GENERAL, RiskLevel.GENERAL, RiskLevel.LOW]


@pytest.mark.parametrize("inputs, field", [
    ({"L": 4, "E": 6, "C": 40}, "inputs.L"), ({"L": 3, "E": 5, "C": 40}, "inputs.E"),
    ({"L": 3, "E": 6, "C": 50}, "inputs.C"), ({"L": 3, "E": 6}, "inputs.C"),
    ({"L": 3, "E": 6, "C": 40, "S": 2}, "inputs"),
])
def test_lec_values_outside_the_official_sets_are_refused(inputs, field):
    with pytest.raises(DomainError) as err:
        grade(LEC, inputs, DEFAULT)
    assert err.value.field == field


@pytest.mark.parametrize("inputs, field", [({"L": 0, "S": 3}, "inputs.L"), ({"L": 2, "S": 6}, "inputs.S"),
                                           ({"L": 2.5, "S": 3}, "inputs.L")])
def test_ls_values_outside_one_to_five_are_refused(inputs, field):
    with pytest.raises(DomainError) as err:
        grade(LS, inputs, DEFAULT)
    assert err.value.field == field


def test_default_level_to_control_level_and_colours():
    assert [DEFAULT.control_level(lvl) for lvl in RiskLevel] == [
        ControlLevel.COMPANY, ControlLevel.DEPARTMENT, ControlLevel.TEAM, ControlLevel.POST]
    assert [lvl.colour for lvl in RiskLevel] == ["红", "橙", "黄", "蓝"]


def test_bands_must_descend():
    with pytest.raises(DomainError):
        Bands(100, 160, 70).check("lec")


def r_of(alpha, *substances):
    return rate_major_hazard(alpha, [Substance(f"s{i}", q, big_q, beta)
                                     for i, (q, big_q, beta) in enumerate(substances)])


@pytest.mark.parametrize("alpha, substances, r, grade_", [
    (1.0, [(100, 1, 1.0)], 100, MajorHazardGrade.FIRST),  # R = 100: lower edge of 一级
    (1.0, [(99.9, 1, 1.0)], 99.9, MajorHazardGrade.SECOND),
    (2.0, [(25, 1, 1.0)], 50, MajorHazardGrade.SECOND),  # R = 50: lower edge of 二级
    (1.0, [(10, 1, 1.0)], 10, MajorHazardGrade.THIRD),  # R = 10: lower edge of 三级
    (0.5, [(19.98, 1, 1.0)], 9.99, MajorHazardGrade.FOURTH),
    (1.5, [(150, 50, 1.0), (1.5, 5, 1.5)], 5.175, MajorHazardGrade.FOURTH),
])
def test_major_hazard_r_value_and_grade(alpha, substances, r, grade_):
    rating = r_of(alpha, *substances)
    assert rating.r_value == pytest.approx(r) and rating.grade is grade_


def test_alpha_must_be_a_table_value():
    with pytest.raises(DomainError) as err:
        r_of(1.3, (10, 1, 1.0))
    assert err.value.field == "alpha"


def test_a_substance_named_twice_is_refused_naming_the_repeat():
    """Counting one substance twice doubles its q/Q: 液氯 10 t against 5 t would become Σq/Q = 4."""
    with pytest.raises(DomainError) as refused:
        rate_major_hazard(1.0, [Substance("液氯", 10, 5, 1.0), Substance("氨", 1, 10, 1.0),
                                Substance("液氯\u200b", 10, 5, 1.0)])
    assert refused.value.field == "substances.2.name" and "液氯" in str(refused.value) and "重复" in str(refused.value)
    with pytest.raises(DomainError) as refused:
        rate_major_hazard(1.0, [Substance("Chlorine", 10, 5, 1.0), Substance("ｃｈｌｏｒｉｎｅ", 10, 5, 1.0)])
    assert refused.value.field == "substances.1.name"
