"""Commands of the risk chain (also the HTTP bodies), each carrying its address (enterprise,
aggregate: libs/commands.py), filled in from the path."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from libs.commands import Command, EnterpriseCommand, Guarded
from libs.names import Name
from services.risk_registry.risk_chain.domain.codes import (
    AccidentType,
    AssessmentMethod,
    Classify1,
    Classify2,
    ControlLevel,
    DataSource,
    RiskLevel,
    RiskObjectKind,
    RiskStage,
)
from services.risk_registry.risk_chain.domain.grading import BETA_RANGE, CRITICAL_Q_RANGE, Q_RANGE, Range

Id = Field(..., min_length=1, max_length=64)
Outline = list[tuple[float, float]] | None


class RegisterRiskObject(EnterpriseCommand):
    kind: RiskObjectKind = Field(..., description="对象类型: 重大危险源/装置/设施/区域/作业")
    name: Name = Field(..., min_length=1, max_length=200)
    code: str | None = Field(None, max_length=36, description="风险分析对象编码 (hazardCode)")
    department_id: str = Id
    outline: Outline = Field(None, max_length=200, description="厂区平面图上的轮廓 [[x, y], …]")


class ReviseRiskObject(Guarded):
    name: Name = Field(..., min_length=1, max_length=200)
    code: str | None = Field(None, max_length=36)
    department_id: str = Id
    outline: Outline = Field(None, max_length=200)


def within(bounds: Range, description: str) -> Any:
    """A float field refused outside `bounds` with the domain's message (the range and its
    source), documented with the range."""

    def check(value: float) -> float:
        problem = bounds.problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    return Annotated[float, AfterValidator(check), Field(
        description=f"{description} ({bounds.low:,.10g}–{bounds.high:,.10g}{bounds.unit.strip()}"
                    f"{', 或 0' if bounds.zero else ''})",
        json_schema_extra={"minimum": 0 if bounds.zero else bounds.low, "maximum": bounds.high})]


class SubstanceInput(Command):
    name: Name = Field(..., min_length=1, max_length=100, description="危险化学品名称")
    q: within(Q_RANGE, "实际存在量")
    critical_q: within(CRITICAL_Q_RANGE, "临界量, GB 18218-2018 表1/表2")
    beta: within(BETA_RANGE, "校正系数 β, GB 18218-2018 表3/表4 (代码表 major_hazard_beta)") = 1.0


class RateMajorHazard(Guarded):
    alpha: float = Field(..., description="暴露人员校正系数 α: 0.5/1.0/1.2/1.5/2.0")
    substances: list[SubstanceInput] = Field(..., min_length=1, max_length=50)


class AssignGuardians(Guarded):
    principal_id: str = Id
    technical_id: str = Id
    operations_id: str = Id


class Retire(Guarded):
    reason: str = Field(..., min_length=1, max_length=500)


class CreateRiskUnit(EnterpriseCommand):
    object_id: str = Id
    name: Name = Field(..., min_length=1, max_length=200)
    department_id: str = Id
    liable_person_id: str = Id


class ReviseRiskUnit(Guarded):
    name: Name = Field(..., min_length=1, max_length=200)
    department_id: str = Id
    liable_person_id: str = Id


class IdentifyRiskEvent(EnterpriseCommand):
    unit_id: str = Id
    name: Name = Field(..., min_length=1, max_length=500)
    accident_types: list[AccidentType] = Field(..., min_length=1, max_length=20, description="GB 6441 事故类别代码")
    consequence: str = Field(..., min_length=1, max_length=1000, description="可能后果")


class ReviseRiskEvent(Guarded):
    name: Name = Field(..., min_length=1, max_length=500)
    accident_types: list[AccidentType] = Field(..., min_length=1, max_length=20)
    consequence: str = Field(..., min_length=1, max_length=1000)


class AssessRisk(Guarded):
    stage: RiskStage = Field(..., description="inherent 固有风险 / residual 剩余风险")
    method: AssessmentMethod
    inputs: dict[str, float] = Field(..., description='LEC: {"L","E","C"}; LS: {"L","S"}', max_length=3)
    assessed_on: date
    reassess_on: date = Field(..., description="复评日期")


class DefineControlMeasure(EnterpriseCommand):
    risk_event_id: str = Id
    description: str = Field(..., min_length=1, max_length=4000, description="管控措施 (riskMeasureDesc)")
    classify1: Classify1
    classify2: Classify2 = Field(..., description="1-1 … 4-5, within classify1")
    classify3: str | None = Field(None, max_length=100, description="企业自定义分类")
    data_source: DataSource = Field(DataSource.INSPECTION, description="1 自动化监控 / 2 隐患排查")
    inspection_content: str = Field(..., min_length=1, max_length=1000, description="排查内容")
    responsible_post_id: str = Id


class ReviseControlMeasure(Guarded):
    description: str = Field(..., min_length=1, max_length=4000)
    classify1: Classify1
    classify2: Classify2
    classify3: str | None = Field(None, max_length=100)
    data_source: DataSource
    inspection_content: str = Field(..., min_length=1, max_length=1000)
    responsible_post_id: str = Id


class BandsInput(Command):
    major: float = Field(..., gt=0)
    large: float = Field(..., gt=0)
    general: float = Field(..., gt=0)


class ChangeGradingPolicy(EnterpriseCommand):
    lec: BandsInput = Field(..., description="LEC 分级界限 (默认 320/160/70)")
    ls: BandsInput = Field(..., description="LS 分级界限 (默认 17/11/5)")
    control_levels: dict[RiskLevel, ControlLevel] = Field(..., description="风险等级 → 管控层级")
