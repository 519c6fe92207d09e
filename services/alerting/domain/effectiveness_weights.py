"""The configuration of the effectiveness score (运行效果评分规则): every weight, deduction, threshold,
veto item and run-level band, with the defaults of decision 55. No national text fixes them
(DOMAIN.md §7): an enterprise or a region replaces any of them, the arithmetic stays
(effectiveness.py)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from libs.labelled_enum import Labelled
from services.alerting.domain.effectiveness_facts import GuardianRole


class VetoItem(Labelled, StrEnum):
    """否决项: any that applies makes α = 0 (the week scores 0)."""

    MAJOR_HAZARD_OVERDUE = "major_hazard_overdue"  # a 重大 hazard overdue and still open at the week's end
    MAJOR_PLAN_OVERDUE = "major_plan_overdue"  # a 重大 hazard past its plan date without its five
    NO_CHECKS = "no_checks"  # tasks were owed and not one was checked in its window

    @property
    def label(self) -> str:
        return VETO_LABELS[self]


VETO_LABELS = {VetoItem.MAJOR_HAZARD_OVERDUE: "重大隐患超期未整改", VetoItem.MAJOR_PLAN_OVERDUE: "重大隐患未按期五落实",
               VetoItem.NO_CHECKS: "应排查任务全部未排查"}


class RunLevelBand(BaseModel):
    """运行等级: a score of at least `min_score` is this level (bands from the highest down)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    min_score: Decimal = Field(ge=0, le=100)
    code: int
    label: str


DEFAULT_RUN_LEVELS = (RunLevelBand(min_score=Decimal(90), code=1, label="好"),
                      RunLevelBand(min_score=Decimal(80), code=2, label="较好"),
                      RunLevelBand(min_score=Decimal(60), code=3, label="一般"),
                      RunLevelBand(min_score=Decimal(0), code=4, label="差"))


class EffectivenessWeights(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    task_weight: Decimal = Field(default=Decimal(50), ge=0, description="A 的满分: 任务完成率 × 此值")
    hazard_weight: Decimal = Field(default=Decimal(50), ge=0, description="B 的满分: 隐患整改率 × 此值")
    rate_when_none_planned: Decimal = Field(default=Decimal(0), ge=0, le=1,
                                            description="本周无应排查任务时按此完成率计分")
    rate_when_none_due: Decimal = Field(default=Decimal(1), ge=0, le=1, description="本周无应整改隐患时按此整改率计分")
    guardian_points: dict[GuardianRole, Decimal] = Field(
        default_factory=lambda: {GuardianRole.PRINCIPAL: Decimal(5), GuardianRole.TECHNICAL: Decimal(3),
                                 GuardianRole.OPERATIONAL: Decimal(2)},
        description="包保任务每未完成一次扣分, 按角色")
    overdue_points: Decimal = Field(default=Decimal(2), ge=0, description="每项超期未整改隐患扣分 (治理扣分)")
    major_without_five_points: Decimal = Field(default=Decimal(10), ge=0, description="每项未按期五落实的重大隐患扣分")
    few_hazards_min: int = Field(default=1, ge=0, description="每周至少应排查发现的隐患数")
    few_hazards_points: Decimal = Field(default=Decimal(10), ge=0, description="发现隐患少于最低数时扣分 (按差额比例)")
    veto_items: frozenset[VetoItem] = Field(default=frozenset({VetoItem.MAJOR_HAZARD_OVERDUE, VetoItem.NO_CHECKS}),
                                            description="启用的否决项")
    run_levels: tuple[RunLevelBand, ...] = DEFAULT_RUN_LEVELS

    @model_validator(mode="after")
    def _bands(self) -> EffectivenessWeights:
        floors = [b.min_score for b in self.run_levels]
        if not floors or floors != sorted(set(floors), reverse=True) or floors[-1] != 0:
            raise ValueError("run_levels: 运行等级须按最低分从高到低排列、互不相同, 且最后一级从 0 分起")
        if any(p < 0 for p in self.guardian_points.values()):
            raise ValueError("guardian_points: 包保扣分不能为负")
        return self

    def run_level(self, score: Decimal) -> RunLevelBand:
        return next(b for b in self.run_levels if score >= b.min_score)
