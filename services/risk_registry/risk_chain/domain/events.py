"""Events of the risk chain (风险分级管控): objects → units → risk events → control measures,
assessments, and the enterprise's grading policy."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from libs.events import DomainEvent
from services.risk_registry.risk_chain.domain.codes import (
    AccidentType,
    AssessmentMethod,
    Classify1,
    ControlLevel,
    DataSource,
    MajorHazardGrade,
    RiskLevel,
    RiskObjectKind,
    RiskStage,
)

P = "shuangkong.risk_registry."

# A corner of an outline. New outlines are checked finite and inside the plant (decision 19); one
# stored before that rule may hold null where a non-finite number was written (JSON has no NaN),
# and must still load: the map leaves such an area off, a revise replaces the outline.
Point = tuple[float | None, float | None]


# Numbers a rule now keeps finite (decision 19) were not always: an infinity written before reads
# back as null (JSON has none). Such a field admits null, so the stored event still loads.
Stored = float | None


class SubstanceQuantity(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str
    q: Stored  # 实际存在量 (t)
    critical_q: Stored  # 临界量 (t)
    beta: Stored  # 校正系数 β


class RiskObjectRegistered(DomainEvent):
    """风险分析对象登记 (重大危险源、装置、设施、区域、作业)."""

    TYPE = P + "RiskObjectRegistered"
    object_id: str
    enterprise_id: str
    kind: RiskObjectKind
    name: str
    code: str | None  # hazardCode: 风险分析对象编码
    department_id: str
    outline: list[Point] | None  # polygon on the plant plan, for the four-colour map


class RiskObjectRevised(DomainEvent):
    TYPE = P + "RiskObjectRevised"
    object_id: str
    enterprise_id: str
    name: str
    code: str | None
    department_id: str
    outline: list[Point] | None


class MajorHazardRated(DomainEvent):
    """重大危险源辨识与分级 (GB 18218-2018)."""

    TYPE = P + "MajorHazardRated"
    object_id: str
    enterprise_id: str
    alpha: float
    substances: list[SubstanceQuantity]
    ratio_sum: Stored  # null: overflowed, in a rating stored before decision 19
    r_value: Stored
    grade: MajorHazardGrade


class MajorHazardGuardiansAssigned(DomainEvent):
    """重大危险源包保责任人: 主要负责人, 技术负责人, 操作负责人."""

    TYPE = P + "MajorHazardGuardiansAssigned"
    object_id: str
    enterprise_id: str
    principal_id: str
    technical_id: str
    operations_id: str
    # Set when a hand-over (职责移交) made this assignment: whose 包保 moved, and to whom.
    handed_over_from_id: str | None = None
    handed_over_to_id: str | None = None


class RiskObjectRetired(DomainEvent):
    TYPE = P + "RiskObjectRetired"
    object_id: str
    enterprise_id: str
    reason: str


class RiskUnitCreated(DomainEvent):
    """安全风险分析单元."""

    TYPE = P + "RiskUnitCreated"
    unit_id: str
    enterprise_id: str
    object_id: str
    name: str
    department_id: str  # hazardDep
    liable_person_id: str  # hazardLiablePerson


class RiskUnitRevised(DomainEvent):
    TYPE = P + "RiskUnitRevised"
    unit_id: str
    enterprise_id: str
    name: str
    department_id: str
    liable_person_id: str
    # Set when a hand-over (职责移交) made this revision: the 责任人 it moved from and to.
    handed_over_from_id: str | None = None
    handed_over_to_id: str | None = None


class RiskUnitRetired(DomainEvent):
    TYPE = P + "RiskUnitRetired"
    unit_id: str
    enterprise_id: str
    reason: str


class RiskEventIdentified(DomainEvent):
    """安全风险事件: what can go wrong."""

    TYPE = P + "RiskEventIdentified"
    risk_event_id: str
    enterprise_id: str
    unit_id: str
    name: str
    accident_types: list[AccidentType]
    consequence: str


class RiskEventRevised(DomainEvent):
    TYPE = P + "RiskEventRevised"
    risk_event_id: str
    enterprise_id: str
    name: str
    accident_types: list[AccidentType]
    consequence: str


class RiskAssessed(DomainEvent):
    """One assessment (评价) of a risk event: its own record, kept for ever."""

    TYPE = P + "RiskAssessed"
    risk_event_id: str
    enterprise_id: str
    assessment_id: str
    stage: RiskStage
    method: AssessmentMethod
    inputs: dict[str, float]
    value: float
    level: RiskLevel
    control_level: ControlLevel
    assessor_id: str
    assessed_on: date
    reassess_on: date  # 复评日期


class RiskRegraded(DomainEvent):
    """The enterprise changed its grading policy and this risk's level or control level moved."""

    TYPE = P + "RiskRegraded"
    risk_event_id: str
    enterprise_id: str
    stage: RiskStage
    value: float
    from_level: RiskLevel
    level: RiskLevel
    control_level: ControlLevel
    policy_version: int


class RiskEventRetired(DomainEvent):
    TYPE = P + "RiskEventRetired"
    risk_event_id: str
    enterprise_id: str
    reason: str


class ControlMeasureDefined(DomainEvent):
    """管控措施."""

    TYPE = P + "ControlMeasureDefined"
    measure_id: str
    enterprise_id: str
    risk_event_id: str
    description: str  # riskMeasureDesc
    classify1: Classify1
    classify2: str
    classify3: str | None
    data_source: DataSource  # dataSrc
    inspection_content: str  # troubleshootContent: 排查内容
    responsible_post_id: str


class ControlMeasureRevised(DomainEvent):
    TYPE = P + "ControlMeasureRevised"
    measure_id: str
    enterprise_id: str
    description: str
    classify1: Classify1
    classify2: str
    classify3: str | None
    data_source: DataSource
    inspection_content: str
    responsible_post_id: str


class ControlMeasureRetired(DomainEvent):
    TYPE = P + "ControlMeasureRetired"
    measure_id: str
    enterprise_id: str
    reason: str


class BandsData(BaseModel):
    """Lower bounds of a policy's levels. Null only in a policy stored before bands had to be
    finite: the old check (重大 > 较大 > 一般 > 0) let only +∞ through, so null reads as +∞."""

    model_config = ConfigDict(frozen=True)
    major: Stored
    large: Stored
    general: Stored

    def bounds(self) -> dict[str, float]:
        return {k: float("inf") if v is None else v for k, v in self.model_dump().items()}


class GradingPolicyChanged(DomainEvent):
    """The enterprise's bands and level → control-level mapping (*configurable*)."""

    TYPE = P + "GradingPolicyChanged"
    enterprise_id: str
    lec: BandsData
    ls: BandsData
    control_levels: dict[RiskLevel, ControlLevel]


RISK_EVENTS = [
    RiskObjectRegistered, RiskObjectRevised, MajorHazardRated, MajorHazardGuardiansAssigned, RiskObjectRetired,
    RiskUnitCreated, RiskUnitRevised, RiskUnitRetired,
    RiskEventIdentified, RiskEventRevised, RiskAssessed, RiskRegraded, RiskEventRetired,
    ControlMeasureDefined, ControlMeasureRevised, ControlMeasureRetired,
    GradingPolicyChanged,
]
