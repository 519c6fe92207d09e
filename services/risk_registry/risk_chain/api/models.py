"""What the risk chain's routes answer, as models: the OpenAPI document states it and FastAPI
checks every answer against it.

Each model is a read-model row as the queries return it (projections/queries.py). They derive
from `Record`: a field a query adds later passes through untouched; declare it here (optional,
with a default) so the document names it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from libs.openapi import Record, Timestamp
from libs.pagination import Page
from services.risk_registry.directory.lookups import DutyKind
from services.risk_registry.directory.lookups import OrgUnitRow as OrgUnit
from services.risk_registry.directory.lookups import PersonRow as Person
from services.risk_registry.history import HistoryItem as HistoryItem  # the routes name it m.HistoryItem
from services.risk_registry.risk_chain.domain.codes import (
    AccidentType,
    AssessmentMethod,
    Classify1,
    Classify2,
    ControlLevel,
    DataSource,
    MajorHazardGrade,
    RiskLevel,
    RiskObjectKind,
    RiskStage,
)

# ---- the risk chain --------------------------------------------------------------------------


class Substance(Record):
    # As stored: null where a rating stored before decision 19 held an infinity.
    name: str
    q: float | None
    critical_q: float | None
    beta: float | None


class RiskObject(Record):
    id: str
    enterprise_id: str
    kind: RiskObjectKind
    name: str
    code: str | None
    department_id: str
    # As stored: an outline from before decision 19 may have null corners (shown, not drawn).
    outline: list[tuple[float | None, float | None]] | None
    alpha: float | None
    substances: list[Substance] | None
    r_value: float | None
    hazard_grade: MajorHazardGrade | None
    principal_id: str | None
    technical_id: str | None
    operations_id: str | None
    retired: bool
    updated_at: Timestamp
    version: int


class RiskUnit(Record):
    id: str
    enterprise_id: str
    object_id: str
    name: str
    department_id: str
    liable_person_id: str
    retired: bool
    updated_at: Timestamp
    version: int


class MeasureRef(Record):
    """A control measure as the risk list names it."""

    id: str
    description: str
    responsible_post_id: str
    responsible_post_name: str


class RiskEventRow(Record):
    """A risk event with where it sits in the chain: a row of the risk list (风险清单)."""

    id: str
    name: str
    accident_types: list[AccidentType]
    consequence: str
    inherent_method: AssessmentMethod | None
    inherent_value: float | None
    inherent_level: RiskLevel | None
    residual_method: AssessmentMethod | None
    residual_value: float | None
    residual_level: RiskLevel | None
    level: RiskLevel | None = Field(description="当前风险等级: 有剩余风险时取剩余风险, 否则取固有风险")
    control_level: ControlLevel | None
    reassess_on: date | None
    retired: bool
    version: int
    updated_at: Timestamp
    unit_id: str
    unit_name: str
    object_id: str
    object_name: str
    object_kind: RiskObjectKind
    department_id: str
    department_name: str
    liable_person_id: str
    liable_person_name: str
    control_measures: list[MeasureRef] = Field([], description="管控措施")
    reassessment_overdue: bool = Field(False, description="复评日期已过 (按服务时钟, 北京时间)")


class Assessment(Record):
    id: str
    risk_event_id: str
    enterprise_id: str
    stage: RiskStage
    method: AssessmentMethod
    inputs: dict[str, float]
    value: float
    level: RiskLevel
    control_level: ControlLevel
    assessor_id: str
    assessed_on: date
    reassess_on: date
    recorded_at: Timestamp


class RiskEvent(RiskEventRow):
    """A risk event with every assessment recorded for it."""

    assessments: list[Assessment]


class ControlMeasureRow(Record):
    """A control measure with its risk event and where it sits: a row of the control-measure list."""

    id: str
    description: str
    classify1: Classify1
    classify2: Classify2
    classify3: str | None
    data_source: DataSource
    inspection_content: str
    responsible_post_id: str
    responsible_post_name: str
    retired: bool
    version: int
    updated_at: Timestamp
    risk_event_id: str
    risk_event_name: str
    level: RiskLevel | None
    control_level: ControlLevel | None
    unit_id: str
    unit_name: str
    object_id: str
    object_name: str
    department_id: str
    department_name: str
    responsible_people: list[str] = Field([], description="责任人: 责任岗位上的在岗人员")
    accident_types: list[AccidentType] = Field([], description="事故类别 (风险事件的)")
    consequence: str | None = Field(None, description="可能后果 (风险事件的)")
    liable_person_id: str | None = Field(None, description="风险分析单元的责任人")
    liable_person_name: str | None = None


class PostDuties(Record):
    post_id: str
    post_name: str
    duties: list[str] = Field(description="岗位职责: 本岗位负责落实的管控措施")


class ResponsibilityRow(Record):
    """A risk unit with who answers for it: a row of the responsibility list (责任清单)."""

    unit_id: str
    unit_name: str
    object_id: str
    object_name: str
    object_kind: RiskObjectKind
    department_id: str
    department_name: str
    liable_person_id: str
    liable_person_name: str
    liable_person_mobile: str | None = None
    level: RiskLevel | None = Field(description="单元内最高的当前风险等级")
    risk_events: int
    control_measures: int
    posts: list[str]
    control_level: ControlLevel | None = Field(None, description="最高等级风险的管控层级")
    principal_id: str | None = Field(None, description="包保责任人: 主要负责人 (重大危险源)")
    principal_name: str | None = None
    technical_id: str | None = Field(None, description="包保责任人: 技术负责人")
    technical_name: str | None = None
    operations_id: str | None = Field(None, description="包保责任人: 操作负责人")
    operations_name: str | None = None
    post_duties: list[PostDuties] = Field([], description="各责任岗位及其职责")
    liable_person_left: bool = Field(False, description="单元责任人已离职而职责未移交 (早于离职须移交的规则的数据)")
    principal_left: bool = Field(False, description="包保责任人 (主要负责人) 已离职而职责未移交")
    technical_left: bool = Field(False, description="包保责任人 (技术负责人) 已离职而职责未移交")
    operations_left: bool = Field(False, description="包保责任人 (操作负责人) 已离职而职责未移交")
    departed_holders: list[str] = Field([], description="已离职而职责未移交的责任人姓名")


class DepartmentOverdue(Record):
    department_id: str
    department_name: str
    overdue: int = Field(description="复评逾期的风险事件数")
    earliest_reassess_on: date


class OverdueReassessments(Record):
    """Risk events whose 复评日期 has passed, counted per responsible department."""

    as_of: date = Field(description="按此日期 (北京时间, 服务时钟) 判断逾期")
    total: int
    departments: list[DepartmentOverdue]


def _duty_kinds() -> Any:
    return Field(description="因何属于本人 (代码表 duty_kind): measure 本岗位的管控措施, unit_liable 单元责任人, "
                             "guardian_principal/technical/operations 重大危险源包保责任人")


class MyRisk(RiskEventRow):
    duty_kinds: list[DutyKind] = _duty_kinds()


class MyControlMeasure(ControlMeasureRow):
    duty_kinds: list[DutyKind] = _duty_kinds()


class MyRiskUnit(RiskUnit):
    object_name: str
    object_kind: RiskObjectKind
    department_name: str
    duty_kinds: list[DutyKind] = _duty_kinds()


class GuardedSource(RiskObject):
    department_name: str
    duty_kinds: list[DutyKind] = _duty_kinds()


class MyPost(Record):
    """Everything a person answers for: their post's risks and control measures, the risk units
    they are 责任人 of, the 重大危险源 they guard (and the risks and measures under those)."""

    person: Person
    post: OrgUnit | None
    risks: list[MyRisk]
    control_measures: list[MyControlMeasure]
    risk_units: list[MyRiskUnit]
    major_hazard_sources: list[GuardedSource]


# ---- the grading policy ----------------------------------------------------------------------


class Bands(Record):
    # As stored: null (+∞) only in a policy stored before bands had to be finite.
    major: float | None
    large: float | None
    general: float | None


class GradingPolicy(Record):
    lec: Bands
    ls: Bands
    control_levels: dict[str, ControlLevel] = Field(description="风险等级 (1 … 4) → 管控层级")
    version: int
    default: bool = Field(description="true: 企业尚未修改, 使用默认标准")


class GradingPolicyChanged(GradingPolicy):
    regraded: int = Field(description="随之重新分级的风险事件数")


# ---- pages -----------------------------------------------------------------------------------

RiskObjectPage = Page[RiskObject]
RiskUnitPage = Page[RiskUnit]
RiskEventPage = Page[RiskEventRow]
ControlMeasurePage = Page[ControlMeasureRow]
ResponsibilityPage = Page[ResponsibilityRow]
# `/lists/{name}` as JSON: a page of the list named in the path.
ListPage = RiskEventPage | ControlMeasurePage | ResponsibilityPage


# ---- duties and hand-over ----------------------------------------------------------------------

class Duty(Record):
    kind: str = Field(description="guardian_principal/technical/operations 包保责任人, unit_liable 单元责任人, "
                                  "child_unit, member, measure, risk_object, risk_unit")
    thing_id: str
    thing_name: str
    context: str | None = Field(None, description="管控措施所属的风险事件名称")
    description: str = Field(description="中文说明, 如 重大危险源「双氧水罐区」的包保责任人（主要负责人）")


class DutyList(Record):
    items: list[Duty]
    total: int


class DepartedHolder(Record):
    """A person who left while still holding duties (stored before a departure had to wait for
    the hand-over): `POST …/people/{id}/hand-over` moves them to a successor."""

    id: str = Field(description="人员 id")
    name: str
    left_at: Timestamp = Field(description="离职时间")
    duties: list[Duty] = Field(description="尚未移交的职责")


class DepartedHolderList(Record):
    items: list[DepartedHolder]
    total: int


class HandOverResult(Record):
    person_id: str
    successor_id: str
    moved: list[Duty] = Field(description="已移交给接任人的职责")
