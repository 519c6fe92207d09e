"""The weekly effectiveness score (运行效果评分), a pure function of a week's facts
(effectiveness_facts.py) and the weights in force (effectiveness_weights.py):

    E = (A + B) × α
    A = max(0, screeTaskScore − coverageScore)      screeTaskScore = 完成率 × task_weight
    B = max(0, 整改率 × hazard_weight − hiddenGovernScore − hiddenFewScore)
    α = 0 if any enabled veto item applies, else 1

Rounding: each published quantity is rounded once, to two decimals half-up, from exact fractions;
A, B and the score are then the arithmetic of the rounded quantities, so what a regulator stores
adds up. Rates are percentages (rateCheck 95.24 = 95.24 %); a rate with nothing to divide by is
None and is scored at the configured stand-in (decision 55: nothing planned earns nothing, no
hazard due is a clean week). The per-department breakdown applies the same arithmetic to each
department's counts, without the too-few-hazards deduction and the veto, which judge the whole
enterprise."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from services.alerting.domain.effectiveness_facts import (
    DepartmentWeek,
    GuardianRole,
    HazardCounts,
    NaturalWeek,
    TaskCounts,
    WeekFacts,
)
from services.alerting.domain.effectiveness_weights import EffectivenessWeights, RunLevelBand, VetoItem

CENT = Decimal("0.01")
ZERO = Decimal(0)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fraction(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else Decimal(part) / Decimal(whole)


def percent(rate: Decimal | None) -> Decimal | None:
    return None if rate is None else rounded(rate * 100)


@dataclass(frozen=True)
class RoleCompletion:
    """包保 tasks of one role in the week: counts, completion rate (%) and the deduction they cost."""

    role: GuardianRole
    counts: TaskCounts
    rate: Decimal | None
    deduction: Decimal


@dataclass(frozen=True)
class Parts:
    """What a department and the enterprise are both scored on."""

    tasks: TaskCounts
    hazards: HazardCounts
    rate_check: Decimal | None  # 任务完成率 %
    rate_danger: Decimal | None  # 隐患整改率 %
    scree_task_score: Decimal  # 完成率 × task_weight
    coverage_score: Decimal  # 包保 deduction
    danger_score: Decimal  # 整改率 × hazard_weight
    hidden_govern_score: Decimal  # governance deduction
    roles: tuple[RoleCompletion, ...]

    @property
    def task_part(self) -> Decimal:  # A
        return max(ZERO, self.scree_task_score - self.coverage_score)


def parts(tasks: TaskCounts, hazards: HazardCounts, guardian: dict[GuardianRole, TaskCounts],
          w: EffectivenessWeights) -> Parts:
    check, danger = fraction(tasks.completed, tasks.planned), fraction(hazards.accepted, hazards.due)
    roles = tuple(RoleCompletion(role, counts, percent(fraction(counts.completed, counts.planned)),
                                 rounded(w.guardian_points.get(role, ZERO) * counts.not_done))
                  for role, counts in ((r, guardian.get(r, TaskCounts())) for r in GuardianRole))
    govern = hazards.overdue_open * w.overdue_points + hazards.major_without_five * w.major_without_five_points
    return Parts(
        tasks=tasks, hazards=hazards, rate_check=percent(check), rate_danger=percent(danger),
        scree_task_score=rounded((check if check is not None else w.rate_when_none_planned) * w.task_weight),
        coverage_score=sum((r.deduction for r in roles), ZERO),
        danger_score=rounded((danger if danger is not None else w.rate_when_none_due) * w.hazard_weight),
        hidden_govern_score=rounded(govern), roles=roles)


@dataclass(frozen=True)
class DepartmentScore:
    department_id: str | None
    parts: Parts

    @property
    def hazard_part(self) -> Decimal:
        return max(ZERO, self.parts.danger_score - self.parts.hidden_govern_score)

    @property
    def subtotal(self) -> Decimal:
        """A + B of the department (no too-few-hazards deduction, no veto: the enterprise's)."""
        return self.parts.task_part + self.hazard_part


@dataclass(frozen=True)
class EffectivenessScore:
    enterprise_id: str
    week: NaturalWeek
    parts: Parts
    hidden_few_score: Decimal  # too-few-hazards deduction
    veto_items: tuple[VetoItem, ...]  # those that applied, in VetoItem order
    departments: tuple[DepartmentScore, ...]
    weights: EffectivenessWeights

    @property
    def task_part(self) -> Decimal:  # A
        return self.parts.task_part

    @property
    def hazard_part(self) -> Decimal:  # B
        return max(ZERO, self.parts.danger_score - self.parts.hidden_govern_score - self.hidden_few_score)

    @property
    def alpha(self) -> int:
        return 0 if self.veto_items else 1

    @property
    def score(self) -> Decimal:
        return (self.task_part + self.hazard_part) * self.alpha

    @property
    def run_level(self) -> RunLevelBand:
        return self.weights.run_level(self.score)

    def regulator_fields(self) -> dict[str, Any]:
        """The quantities a regional regulator stores per enterprise and week, by its names."""
        return {"score": self.score, "rateCheck": self.parts.rate_check, "rateDanger": self.parts.rate_danger,
                "screeTaskScore": self.parts.scree_task_score, "coverageScore": self.parts.coverage_score,
                "hiddenGovernScore": self.parts.hidden_govern_score, "hiddenFewScore": self.hidden_few_score,
                "vetoItem": "、".join(v.label for v in self.veto_items) or None, "runLevel": self.run_level.code}


def too_few_hazards(found: int, w: EffectivenessWeights) -> Decimal:
    """In proportion to how far short of the weekly minimum the hazards found fell."""
    if w.few_hazards_min == 0 or found >= w.few_hazards_min:
        return rounded(ZERO)  # 0.00, as every published quantity
    return rounded(w.few_hazards_points * (w.few_hazards_min - found) / w.few_hazards_min)


def vetoes(facts: WeekFacts, w: EffectivenessWeights) -> tuple[VetoItem, ...]:
    tasks, hazards = facts.tasks, facts.hazards
    applies = {VetoItem.MAJOR_HAZARD_OVERDUE: hazards.major_overdue_open > 0,
               VetoItem.MAJOR_PLAN_OVERDUE: hazards.major_without_five > 0,
               VetoItem.NO_CHECKS: tasks.planned > 0 and tasks.completed == 0}
    return tuple(v for v in VetoItem if v in w.veto_items and applies[v])


def _department(d: DepartmentWeek, w: EffectivenessWeights) -> DepartmentScore:
    return DepartmentScore(d.department_id, parts(d.tasks, d.hazards, d.guardian, w))


def effectiveness(facts: WeekFacts, w: EffectivenessWeights | None = None) -> EffectivenessScore:
    w = w or EffectivenessWeights()
    guardian = {role: facts.guardian(role) for role in GuardianRole}
    return EffectivenessScore(
        enterprise_id=facts.enterprise_id, week=facts.week, parts=parts(facts.tasks, facts.hazards, guardian, w),
        hidden_few_score=too_few_hazards(facts.hazards.found, w), veto_items=vetoes(facts, w),
        departments=tuple(_department(d, w) for d in facts.departments), weights=w)
