"""What the hazard routes answer, as models: the ledger's rows as the queries return them, with
the platforms' dangerState beside our step and the five of a 重大 hazard's plan each in place or not."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field, model_validator

from libs.openapi import Record, Timestamp
from libs.pagination import Page
from services.hazard.domain import events as ev
from services.hazard.domain import governance
from services.hazard.domain.codes import (
    DangerSource,
    DangerState,
    HazardCategory,
    HazardLevel,
    HazardType,
    ManagementClass,
    ManageType,
    OccurrenceLink,
)
from services.hazard.domain.origins import Origin
from services.hazard.domain.steps import Step


class Location(Record):
    lat: float
    lng: float


class Plan(Record):
    """重大隐患治理方案 and whether each of the five is in place (五落实)."""

    responsibility: str | None
    measures: str | None
    funds: float | None = Field(description="资金落实 (元)")
    completion_date: date | None
    emergency_plan: str | None
    in_place: dict[str, bool] = Field(description="五落实: responsibility 责任, measures 措施, funds 资金, "
                                                  "completion_date 时限, emergency_plan 应急预案")
    missing: list[str] = Field(description="尚未落实的项 (中文)")


class Rectification(Record):
    after_photo_ids: list[str] = Field(description="整改后照片 dangerAcceptImg")
    cause: str | None = Field(description="隐患原因 dangerReason")
    measures_taken: str = Field(description="整改措施 controlMeasures")
    cost: float | None = Field(description="整改资金 (元)")


class PendingExtension(Record):
    extension_id: str
    requested_by: str
    old_deadline: date
    new_deadline: date
    reason: str


class Hazard(Record):
    """隐患, with every field the platforms' hazard record has (null until known)."""

    id: str
    enterprise_id: str
    origin: Origin = Field(description="登记方式: check_record 排查记录 / snapshot 随手拍 / government 政府检查 / "
                                       "expert 专家服务 / manual 人工登记")
    source: DangerSource = Field(description="隐患来源 dangerSrc 1–10")
    name: str = Field(description="隐患名称 dangerName")
    description: str = Field(description="隐患描述 dangerDesc")
    photo_ids: list[str] = Field(description="隐患照片 dangerImg")
    reporter_id: str = Field(description="登记人 registrant")
    reporter_name: str | None = Field(None, description="登记人姓名; 尚未收到该人员信息时为空")
    found_at: Timestamp
    reported_at: Timestamp = Field(description="登记时间 registTime")
    location: Location | None
    category: HazardCategory = Field(description="隐患类别 hazardCategory")
    enforcement_id: str | None = Field(description="执法编号 enforcementId")
    entered_late: bool = Field(description="政府检查/专家服务发现的隐患超过 7 天才登记")
    measure_id: str | None = Field(description="管控措施 riskMeasureId")
    task_id: str | None
    occurrence_id: str | None
    record_id: str | None = Field(description="排查记录 checkRecordId")
    item_id: str | None
    step: Step = Field(description="办理环节")
    danger_state: DangerState | None = Field(description="治理状态 dangerState (已作废的为空)")
    level: HazardLevel | None = Field(description="隐患等级 dangerLevel; 评估前为空")
    hazard_type: HazardType | None
    manage_type: ManageType | None
    management_class: ManagementClass | None
    occurrence_link: OccurrenceLink | None = Field(description="发生环节 occurrenceLink")
    liable_person_id: str | None = Field(description="整改责任人 liablePerson")
    liable_person_name: str | None = Field(None, description="整改责任人姓名")
    department_id: str | None = Field(description="整改责任部门")
    department_name: str | None = Field(None, description="整改责任部门名称")
    deadline: date | None = Field(description="整改期限 dangerManageDeadline (批准延期后为新期限)")
    first_deadline: date | None = Field(description="评估时定的整改期限")
    plan: Plan | None
    plan_due: date | None = Field(description="重大隐患治理方案五落实期限; 一般隐患为空")
    plan_overdue: bool = Field(description="五落实期限已过而未全部落实 (之后补齐也保留)")
    rectification: Rectification | None
    accepted_by: str | None = Field(description="验收人 checkAcceptPerson")
    accepted_by_name: str | None = Field(None, description="验收人姓名")
    accepted_at: Timestamp | None = Field(description="验收时间 checkAcceptTime")
    accept_comment: str | None = Field(description="验收意见 checkAcceptComment")
    void_reason: str | None
    imminent: bool = Field(description="整改临期")
    overdue: bool = Field(description="超期未整改 (超过当时的整改期限)")
    extension: PendingExtension | None = Field(description="待审批的延期申请")
    copied_to: list[str] = Field(description="抄送人")
    closed_at: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp
    version: int

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, row: Any) -> Any:
        if not isinstance(row, dict) or "danger_state" in row:
            return row
        step = Step(row["step"])
        plan = row.get("plan")
        if plan is not None:
            model = ev.GovernancePlan(**plan)
            plan = {**plan, "in_place": governance.in_place(model), "missing": governance.missing(model)}
        return {**row, "danger_state": step.danger_state, "plan": plan, "rectification": row.get("rectified")}


class Created(BaseModel):
    id: str


HazardPage = Page[Hazard]
