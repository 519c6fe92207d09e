"""The weekly effectiveness score on plain facts: a week computed by hand, each deduction, the veto,
the run-level boundaries, per role and per department, rounding half-up, clamping at 0, and the
weights taken from configuration."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from pydantic import ValidationError

from libs.aggregate import DomainError
from services.alerting.domain.effectiveness import effectiveness
from services.alerting.domain.effectiveness_facts import (
    DepartmentWeek,
    GuardianRole,
    HazardCounts,
    NaturalWeek,
    TaskCounts,
    WeekFacts,
)
from services.alerting.domain.effectiveness_weights import EffectivenessWeights, RunLevelBand, VetoItem

WEEK = NaturalWeek(date(2026, 11, 30))
PRINCIPAL, TECHNICAL, OPERATIONAL = GuardianRole.PRINCIPAL, GuardianRole.TECHNICAL, GuardianRole.OPERATIONAL


def week(*departments: DepartmentWeek) -> WeekFacts:
    return WeekFacts("ent-1", WEEK, departments)


def one(tasks=TaskCounts(), hazards=HazardCounts(found=5), guardian=None) -> WeekFacts:
    return week(DepartmentWeek("d-1", tasks, guardian or {}, hazards))


ALL_DONE = TaskCounts(planned=10, completed=10)
TANKS = DepartmentWeek("d-tanks", TaskCounts(planned=40, completed=36, missed=3),
                       {PRINCIPAL: TaskCounts(1, 0, 1), TECHNICAL: TaskCounts(2, 2), OPERATIONAL: TaskCounts(7, 6, 1)},
                       HazardCounts(found=3, due=4, accepted=3, overdue_open=1))
WAREHOUSE = DepartmentWeek("d-store", TaskCounts(planned=20, completed=20), {OPERATIONAL: TaskCounts(7, 7)},
                           HazardCounts(found=1, due=2, accepted=2))


def test_a_week_computed_by_hand():
    e = effectiveness(week(TANKS, WAREHOUSE))
    # tasks 56 / 60: 93.33 %, 46.67 of 50; 包保 not done: 1 主要 × 5 + 1 操作 × 2 = 7; A = 39.67
    # hazards 5 / 6: 83.33 %, 41.67 of 50; one overdue × 2; 4 found ≥ 1; B = 39.67
    assert e.regulator_fields() == {
        "score": D("79.34"), "rateCheck": D("93.33"), "rateDanger": D("83.33"), "screeTaskScore": D("46.67"),
        "coverageScore": D("7.00"), "hiddenGovernScore": D("2.00"), "hiddenFewScore": D(0), "vetoItem": None,
        "runLevel": 3}
    assert (e.task_part, e.hazard_part, e.run_level.label) == (D("39.67"), D("39.67"), "一般")


def test_包保_tasks_per_role_with_their_completion_and_deduction():
    roles = {r.role: r for r in effectiveness(week(TANKS, WAREHOUSE)).parts.roles}
    assert [(r.role.label, r.counts.planned, r.counts.completed, r.rate, r.deduction) for r in roles.values()] == [
        ("主要负责人", 1, 0, D("0.00"), D("5.00")), ("技术负责人", 2, 2, D("100.00"), D("0.00")),
        ("操作负责人", 14, 13, D("92.86"), D("2.00"))]


def test_per_department_the_same_arithmetic_without_the_enterprise_wide_items():
    tanks, store = effectiveness(week(TANKS, WAREHOUSE)).departments
    assert (tanks.department_id, tanks.parts.rate_check, tanks.parts.scree_task_score, tanks.parts.coverage_score,
            tanks.parts.rate_danger, tanks.hazard_part, tanks.subtotal) == (
        "d-tanks", D("90.00"), D("45.00"), D("7.00"), D("75.00"), D("35.50"), D("73.50"))
    assert (store.parts.rate_check, store.parts.rate_danger, store.subtotal) == (D("100.00"), D("100.00"), D("100.00"))


def test_rounding_is_half_up_to_two_decimals():
    e = effectiveness(one(TaskCounts(planned=10_000, completed=1)))  # 0.005 of 50 points, 0.01 %
    assert (e.parts.scree_task_score, e.parts.rate_check) == (D("0.01"), D("0.01"))


def test_nothing_planned_earns_nothing_and_no_hazard_due_is_a_clean_week():
    e = effectiveness(one())
    assert (e.parts.rate_check, e.parts.scree_task_score, e.parts.rate_danger, e.parts.danger_score) == (
        None, D("0.00"), None, D("50.00"))
    assert e.veto_items == ()  # nothing owed is not "nothing checked"
    kind = EffectivenessWeights(rate_when_none_planned=D(1), rate_when_none_due=D("0.5"))
    assert (effectiveness(one(), kind).parts.scree_task_score, effectiveness(one(), kind).parts.danger_score) == (
        D("50.00"), D("25.00"))


def test_the_包保_deduction_clamps_the_task_part_at_zero_and_still_says_what_it_cost():
    e = effectiveness(one(TaskCounts(planned=20, completed=2, missed=18), guardian={PRINCIPAL: TaskCounts(12, 0, 12)}))
    assert (e.parts.scree_task_score, e.parts.coverage_score, e.task_part) == (D("5.00"), D("60.00"), D(0))


def test_the_governance_deduction_counts_overdue_hazards_and_majors_without_their_five():
    hazards = HazardCounts(found=5, due=4, accepted=4, overdue_open=2, major_without_five=1)
    e = effectiveness(one(ALL_DONE, hazards))
    assert (e.parts.hidden_govern_score, e.hazard_part, e.score) == (D("14.00"), D("36.00"), D("86.00"))
    e = effectiveness(one(ALL_DONE, HazardCounts(found=5, due=1, overdue_open=30)))
    assert (e.parts.hidden_govern_score, e.hazard_part) == (D("60.00"), D(0))  # clamped


def test_too_few_hazards_found_costs_in_proportion_to_the_shortfall():
    assert effectiveness(one(ALL_DONE, HazardCounts(found=0))).hidden_few_score == D("10.00")
    assert effectiveness(one(ALL_DONE, HazardCounts(found=1))).hidden_few_score == D(0)
    four = EffectivenessWeights(few_hazards_min=4)
    e = effectiveness(one(ALL_DONE, HazardCounts(found=1)), four)
    assert (e.hidden_few_score, e.hazard_part, e.score) == (D("7.50"), D("42.50"), D("92.50"))
    assert effectiveness(one(ALL_DONE, HazardCounts()), EffectivenessWeights(few_hazards_min=0)).hidden_few_score == 0


def test_a_major_hazard_overdue_vetoes_the_week():
    e = effectiveness(one(ALL_DONE, HazardCounts(found=2, due=1, overdue_open=1, major_overdue_open=1)))
    assert (e.veto_items, e.alpha, e.score, e.run_level.code) == ((VetoItem.MAJOR_HAZARD_OVERDUE,), 0, 0, 4)
    assert e.regulator_fields()["vetoItem"] == "重大隐患超期未整改"
    assert e.parts.scree_task_score == D("50.00")  # the parts are still told


def test_no_check_at_all_vetoes_and_veto_items_are_configured():
    nothing_checked = one(TaskCounts(planned=5, missed=5))
    assert effectiveness(nothing_checked).veto_items == (VetoItem.NO_CHECKS,)
    assert effectiveness(nothing_checked, EffectivenessWeights(veto_items=frozenset())).veto_items == ()
    no_five = one(ALL_DONE, HazardCounts(found=3, major_without_five=1))
    assert effectiveness(no_five).veto_items == ()  # by default a deduction, not a veto
    strict = EffectivenessWeights(veto_items=frozenset(VetoItem))
    e = effectiveness(no_five, strict)
    assert (e.veto_items, e.score, e.regulator_fields()["vetoItem"]) == (
        (VetoItem.MAJOR_PLAN_OVERDUE,), 0, "重大隐患未按期五落实")


@pytest.mark.parametrize("score, code", [("100", 1), ("90", 1), ("89.99", 2), ("80", 2), ("79.99", 3),
                                         ("60", 3), ("59.99", 4), ("0", 4)])
def test_run_level_boundaries(score, code):
    assert EffectivenessWeights().run_level(D(score)).code == code


def test_a_score_of_exactly_90_is_the_top_level():
    e = effectiveness(one(TaskCounts(planned=10, completed=8, missed=2)))  # 40 + 50
    assert (e.score, e.run_level.label) == (D("90.00"), "好")


def test_weights_come_from_configuration():
    w = EffectivenessWeights.model_validate({
        "task_weight": 60, "hazard_weight": 40, "guardian_points": {"1": 10}, "overdue_points": 1,
        "run_levels": [{"min_score": 75, "code": 1, "label": "达标"}, {"min_score": 0, "code": 2, "label": "不达标"}]})
    e = effectiveness(week(TANKS, WAREHOUSE), w)
    # 56/60 × 60 = 56.00 − 主要 1 × 10 (操作 costs nothing now) = 46.00; 5/6 × 40 = 33.33 − 1 = 32.33
    assert (e.parts.scree_task_score, e.parts.coverage_score, e.parts.danger_score, e.score, e.run_level.label) == (
        D("56.00"), D("10.00"), D("33.33"), D("78.33"), "达标")


@pytest.mark.parametrize("bad", [
    {"run_levels": [{"min_score": 60, "code": 1, "label": "x"}]},  # nothing from 0
    {"run_levels": [{"min_score": 0, "code": 2, "label": "y"}, {"min_score": 60, "code": 1, "label": "x"}]},
    {"rate_when_none_planned": 2}, {"task_weight": -1}, {"guardian_points": {"1": -1}}, {"unknown": 1},
])
def test_bad_weights_are_refused(bad):
    with pytest.raises(ValidationError):
        EffectivenessWeights.model_validate(bad)


def test_the_default_bands_are_the_decided_ones():
    assert EffectivenessWeights().run_levels[0] == RunLevelBand(min_score=D(90), code=1, label="好")


def test_facts_that_cannot_be_are_refused_naming_what():
    with pytest.raises(DomainError) as bad:
        TaskCounts(planned=3, completed=2, missed=2)
    assert bad.value.field == "tasks"
    with pytest.raises(DomainError) as bad:
        HazardCounts(due=1, accepted=2)
    assert bad.value.field == "hazards"
    with pytest.raises(DomainError) as bad:
        DepartmentWeek("d", TaskCounts(planned=1), {OPERATIONAL: TaskCounts(planned=2)})
    assert bad.value.field == "guardian"
    with pytest.raises(DomainError) as bad:
        week(DepartmentWeek("d"), DepartmentWeek("d"))
    assert bad.value.field == "departments"


def test_the_week_is_a_natural_week_in_beijing():
    with pytest.raises(DomainError):
        NaturalWeek(date(2026, 12, 1))
    assert NaturalWeek.containing(datetime(2026, 12, 6, 15, 30, tzinfo=UTC)) == WEEK  # Sunday 23:30 in Beijing
    monday = NaturalWeek.containing(datetime(2026, 12, 6, 16, 10, tzinfo=UTC))  # Monday 00:10 in Beijing
    assert monday == NaturalWeek(date(2026, 12, 7)) and monday.previous == WEEK
    assert (WEEK.period.start.isoformat(), WEEK.period.end.isoformat()) == (
        "2026-11-30T00:00:00+08:00", "2026-12-07T00:00:00+08:00")
