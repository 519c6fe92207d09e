"""What the risk registry's routes answer, as models: the OpenAPI document states it and FastAPI
checks every answer against it.

Each model is a read-model row as the queries return it (projections/queries.py,
projections/risk_queries.py). They derive from `Record`: a field a query adds later passes
through untouched; declare it here (optional, with a default) so the document names it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from libs.openapi import Record, Timestamp
from libs.pagination import Page
from services.risk_registry.domain.codes import Industry, OrgUnitKind, PersonRole
from services.risk_registry.domain.risk_codes import (
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

# ---- the directory ---------------------------------------------------------------------------


class Enterprise(Record):
    id: str
    name: str
    credit_code: str
    hazchem_code: str | None
    industry: Industry
    registered_at: Timestamp
    updated_at: Timestamp
    version: int


class OrgUnit(Record):
    id: str
    enterprise_id: str
    kind: OrgUnitKind
    name: str
    parent_id: str | None
    retired: bool
    created_at: Timestamp
    updated_at: Timestamp
    version: int


class OrgTreeNode(OrgUnit):
    children: list[OrgTreeNode]


class Person(Record):
    id: str
    enterprise_id: str
    name: str
    # Shown only to those who may see it (officers, admins, the person and their line).
    mobile: str | None = None
    post_id: str | None
    roles: list[PersonRole]
    left_at: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp
    version: int


class HistoryItem(Record):
    """One event of an aggregate's stream, oldest first."""

    version: int
    type: str = Field(description="事件类型 (如 RiskAssessed)")
    data: dict[str, Any]
    actor: str | None
    recorded_at: Timestamp


# ---- the risk chain --------------------------------------------------------------------------


class Substance(Record):
    name: str
    q: float
    critical_q: float
    beta: float


class RiskObject(Record):
    id: str
    enterprise_id: str
    kind: RiskObjectKind
    name: str
    code: str | None
    department_id: str
    outline: list[tuple[float, float]] | None
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


class MyPost(Record):
    """The risks and control measures a person answers for."""

    person: Person
    post: OrgUnit | None
    risks: list[RiskEvent]
    control_measures: list[ControlMeasureRow]


# ---- the grading policy ----------------------------------------------------------------------


class Bands(Record):
    major: float
    large: float
    general: float


class GradingPolicy(Record):
    lec: Bands
    ls: Bands
    control_levels: dict[str, ControlLevel] = Field(description="风险等级 (1 … 4) → 管控层级")
    version: int
    default: bool = Field(description="true: 企业尚未修改, 使用默认标准")


class GradingPolicyChanged(GradingPolicy):
    regraded: int = Field(description="随之重新分级的风险事件数")


# ---- pages -----------------------------------------------------------------------------------

EnterprisePage = Page[Enterprise]
OrgUnitPage = Page[OrgUnit]
PersonPage = Page[Person]
RiskObjectPage = Page[RiskObject]
RiskUnitPage = Page[RiskUnit]
RiskEventPage = Page[RiskEventRow]
ControlMeasurePage = Page[ControlMeasureRow]
ResponsibilityPage = Page[ResponsibilityRow]
# `/lists/{name}` as JSON: a page of the list named in the path.
ListPage = RiskEventPage | ControlMeasurePage | ResponsibilityPage
