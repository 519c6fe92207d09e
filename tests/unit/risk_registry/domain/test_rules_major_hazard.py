"""重大危险源 (GB 18218-2018) on the risk object: only a major hazard source is rated and guarded;
a rating needs Σq/Q ≥ 1 and records R = α·Σβ·q/Q with its grade; the three 包保责任人 are one
assignment, moved whole by a hand-over."""

from __future__ import annotations

import pytest

from tests.unit.risk_registry.chain import (
    DomainError,
    MajorHazardGrade,
    RiskObjectKind,
    Substance,
    ev,
    guarded,
    rate_major_hazard,
    risk_object,
    saved,
)

PEROXIDE = Substance("过氧化氢 (≥60%)", 150, 50, 1.0)  # q/Q = 3
HYDROGEN = Substance("氢气", 1.5, 5, 1.5)  # q/Q = 0.3, β·q/Q = 0.45


def test_a_rating_records_alpha_the_substances_the_sum_r_and_its_grade():
    tank = risk_object()
    tank.rate(2.0, [PEROXIDE, HYDROGEN])
    [rated] = tank.pending()
    assert isinstance(rated, ev.MajorHazardRated)
    assert (rated.alpha, rated.ratio_sum, rated.r_value, rated.grade) == (2.0, 3.3, 6.9, MajorHazardGrade.FOURTH)
    assert [(s.name, s.q, s.critical_q, s.beta) for s in rated.substances] == [
        ("过氧化氢 (≥60%)", 150, 50, 1.0), ("氢气", 1.5, 5, 1.5)]
    assert tank.rating == rated


def test_a_new_rating_replaces_the_last_one():
    tank = saved(risk_object())
    tank.rate(1.0, [PEROXIDE])
    tank.rate(1.0, [Substance("过氧化氢 (≥60%)", 5000, 50, 1.0)])  # R = 100
    assert len(tank.pending()) == 2 and tank.rating.grade is MajorHazardGrade.FIRST


@pytest.mark.parametrize("kind", [k for k in RiskObjectKind if k is not RiskObjectKind.MAJOR_HAZARD_SOURCE])
def test_only_a_major_hazard_source_is_rated_or_guarded(kind):
    unit = risk_object(kind=kind, name="氢化装置")
    for command in (lambda: unit.rate(1.0, [PEROXIDE]), lambda: unit.assign_guardians("p-1", "p-2", "p-3")):
        with pytest.raises(DomainError) as refused:
            command()
        assert refused.value.field == "kind" and "重大危险源" in refused.value.message
    assert unit.pending() == [] and unit.rating is None and unit.guardians is None


def test_a_store_below_its_critical_quantity_is_no_major_hazard_source():
    tank = risk_object()
    with pytest.raises(DomainError) as refused:
        tank.rate(1.0, [Substance("过氧化氢 (≥60%)", 40, 50, 1.0)])
    assert refused.value.field == "substances" and "未构成重大危险源" in refused.value.message
    assert tank.pending() == [] and tank.rating is None


def test_several_substances_each_below_its_critical_quantity_count_together():
    """GB 18218-2018 4.2.2: with several substances, Σ qᵢ/Qᵢ ≥ 1 makes a major hazard source."""
    tank = risk_object()
    tank.rate(1.0, [Substance("甲醇", 300, 500, 1.0), Substance("乙醇", 300, 500, 1.0)])  # 0.6 + 0.6
    assert tank.rating.ratio_sum == 1.2


def test_a_sum_of_exactly_one_is_a_major_hazard_source_whatever_the_float_noise():
    """7/10 + 2/10 + 1/10 is 0.9999999999999999 in binary floating point: still exactly 1."""
    rating = rate_major_hazard(1.0, [Substance("甲苯", 7, 10, 1.0), Substance("二甲苯", 2, 10, 1.0),
                                      Substance("苯", 1, 10, 1.0)])
    assert rating.ratio_sum == 1


@pytest.mark.parametrize("q", [49.999, 49.998], ids=["1kg-short", "2kg-short"])
def test_a_store_a_kilogram_below_its_critical_quantity_is_no_major_hazard_source(q):
    """q is taken to the kilogram (Q_RANGE: 0.001 t) and the criterion is Σq/Q ≥ 1, so 49.999 t
    against a critical 50 t is no major hazard source. Σq/Q is rounded to 4 decimals before the
    comparison (grading.rate_major_hazard), which turns 0.99998 into 1.0: FAILS today."""
    with pytest.raises(DomainError) as refused:
        risk_object().rate(1.0, [Substance("过氧化氢 (≥60%)", q, 50, 1.0)])  # Σq/Q = 0.99998, 0.99996
    assert refused.value.field == "substances"


@pytest.mark.parametrize(("q", "grade"), [
    (5000, MajorHazardGrade.FIRST),  # R = 100
    (4999.999, MajorHazardGrade.SECOND),  # R = 99.99998: a kilogram short of 一级
    (2500, MajorHazardGrade.SECOND),  # R = 50
    (2499.999, MajorHazardGrade.THIRD),
    (500, MajorHazardGrade.THIRD),  # R = 10
    (499.999, MajorHazardGrade.FOURTH),
], ids=["R=100", "R=99.99998", "R=50", "R=49.99998", "R=10", "R=9.99998"])
def test_each_grade_starts_at_its_r_value_to_the_kilogram(q, grade):
    """一级 R ≥ 100, 二级 50 ≤ R < 100, 三级 10 ≤ R < 50, 四级 R < 10, judged on R itself. R is
    rounded to 4 decimals before it is banded, so 99.99998 counts as 100 (一级): the three
    kilogram-short cases FAIL today (the edges themselves pass)."""
    assert rate_major_hazard(1.0, [Substance("过氧化氢 (≥60%)", q, 50, 1.0)]).grade is grade


def test_the_three_guardians_are_recorded_in_one_assignment():
    tank = risk_object()
    tank.assign_guardians("p-principal", "p-technical", "p-operations")
    [assigned] = tank.pending()
    assert isinstance(assigned, ev.MajorHazardGuardiansAssigned)
    assert (assigned.principal_id, assigned.technical_id, assigned.operations_id) == (
        "p-principal", "p-technical", "p-operations")
    assert (assigned.handed_over_from_id, assigned.handed_over_to_id) == (None, None)
    assert tank.guardians == ("p-principal", "p-technical", "p-operations")


def test_assigning_the_same_guardians_again_records_nothing():
    tank = guarded(risk_object())
    tank.assign_guardians("p-principal", "p-technical", "p-operations")
    assert tank.pending() == []


def test_a_hand_over_says_from_whom_to_whom():
    tank = guarded(risk_object(), technical="p-1")
    tank.hand_over_guardian("p-1", "p-9")
    [moved] = tank.pending()
    assert (moved.handed_over_from_id, moved.handed_over_to_id) == ("p-1", "p-9")
    assert tank.guardians == ("p-principal", "p-9", "p-operations")


def test_a_hand_over_by_someone_who_guards_nothing_here_records_nothing():
    tank = guarded(risk_object())
    tank.hand_over_guardian("p-stranger", "p-9")
    unguarded = risk_object()
    unguarded.hand_over_guardian("p-stranger", "p-9")
    assert tank.pending() == [] and unguarded.pending() == []
