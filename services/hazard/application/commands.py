"""The commands of hazard governance, also their HTTP bodies. The types say what the document
promises and bound the sizes (dangerName ≤ 300, controlMeasures ≤ 1000, checkAcceptComment ≤ 1000,
GOV-INTERFACE.md entity 6); the domain checks the rest with Chinese messages naming the field."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import Field

from libs.blobs import PhotoId
from libs.commands import AggregateCommand, Command, EnterpriseCommand
from services.hazard.domain.codes import (
    DangerSource,
    HazardLevel,
    HazardType,
    ManagementClass,
    ManageType,
    OccurrenceLink,
)

PHOTOS = 20
ID = Field(..., min_length=1, max_length=64)


class Place(Command):
    """Where the phone was (WGS-84 degrees)."""

    lat: float = Field(..., ge=-90, le=90, description="纬度")
    lng: float = Field(..., ge=-180, le=180, description="经度")


class Finding(EnterpriseCommand):
    """What every report says: what the hazard is, with its photos."""

    name: str = Field(..., min_length=1, max_length=300, description="隐患名称 dangerName")
    description: str = Field(..., min_length=1, max_length=2000, description="隐患描述 dangerDesc")
    photo_ids: list[PhotoId] = Field([], max_length=PHOTOS, description="隐患照片 (先上传)")
    department_id: str | None = Field(None, max_length=64, description="发现隐患的部门或区域 (可选)")
    measure_id: str | None = Field(None, max_length=64, description="相关管控措施 riskMeasureId (可选)")


class ReportSnapshot(Finding):
    """随手拍: any employee, from a phone, maybe offline; one hazard per client_id."""

    client_id: uuid.UUID = Field(..., description="手机端生成的编号 (UUID); 重复提交得到同一条隐患")
    made_at: datetime = Field(..., description="拍摄时间 (手机时间); 不带时区即北京时间")
    reporter_mobile: str | None = Field(None, min_length=11, max_length=11, description="上报人手机号")
    location: Place | None = Field(None, description="位置 (可选)")


class ReportOutside(Finding):
    """A hazard found by a government inspection or an expert service, entered by the enterprise."""

    by_expert: bool = Field(False, description="true: 专家指导服务发现; false: 政府部门检查发现")
    enforcement_id: str = Field(..., min_length=1, max_length=64, description="执法编号或服务报告编号 enforcementId")
    found_on: date = Field(..., description="检查发现日期 (超过 7 天登记的标记为逾期登记)")
    source: DangerSource | None = Field(None, description="隐患来源 dangerSrc; 不填: 专家服务 8, 政府检查 10")


class ReportManual(Finding):
    """A hazard a safety officer enters by hand."""

    source: DangerSource = Field(..., description="隐患来源 dangerSrc 1–10")
    found_at: datetime = Field(..., description="发现时间; 不带时区即北京时间")


class GradingBody(Command):
    level: HazardLevel = Field(..., description="隐患等级 dangerLevel: 0 一般隐患 1 重大隐患")
    hazard_type: HazardType = Field(..., description="隐患类型 hazardDangerType 1–8")
    manage_type: ManageType = Field(..., description="治理类型 dangerManageType: 0 即查即改 1 限期整改")
    management_class: ManagementClass | None = Field(None, description="管理分类 managementClassification 1–3")
    occurrence_link: OccurrenceLink | None = Field(None, description="发生环节 occurrenceLink 1–10")
    liable_person_id: str = Field(..., min_length=1, max_length=64, description="整改责任人 liablePerson")
    department_id: str | None = Field(None, max_length=64, description="整改责任部门 (公示按此统计)")


class Grade(AggregateCommand, GradingBody):
    """评估定级, with the rectification deadline (set once; only an approved extension moves it)."""

    deadline: date = Field(..., description="整改期限 dangerManageDeadline")
    plan_due: date | None = Field(None, description="重大隐患治理方案五落实的期限 (不填则按企业默认: 评估后 7 天, "
                                                    "且不晚于整改期限); 一般隐患不填")


class ReviseGrading(AggregateCommand, GradingBody):
    """修改评估信息 before rectification starts; the deadline is not part of it."""


class SetPlan(AggregateCommand):
    """重大隐患治理方案: the five (五落实) as they now stand."""

    responsibility: str | None = Field(None, max_length=500, description="责任落实: 责任单位和责任人")
    measures: str | None = Field(None, max_length=2000, description="措施落实: 治理措施")
    funds: Decimal | None = Field(None, ge=0, le=Decimal("1e12"), description="资金落实: 治理资金 (元)")
    completion_date: date | None = Field(None, description="时限落实: 完成时限 (不晚于整改期限)")
    emergency_plan: str | None = Field(None, max_length=1000, description="应急预案落实: 预案名称或编号")


class Evidence(Command):
    after_photo_ids: list[PhotoId] = Field(..., max_length=PHOTOS, description="整改后照片 dangerAcceptImg (先上传)")
    cause: str | None = Field(None, max_length=1000, description="隐患原因 dangerReason")
    measures_taken: str = Field(..., max_length=1000, description="整改措施 controlMeasures")
    cost: Decimal | None = Field(None, ge=0, le=Decimal("1e12"), description="整改资金 cost (元)")


class StartRectification(AggregateCommand):
    """开始整改."""


class SubmitRectification(AggregateCommand, Evidence):
    """整改完成, 提交验收."""


class FixOnTheSpot(AggregateCommand, Evidence):
    """即查即改: closes on the spot with its evidence; a hazard not yet graded is graded with it."""

    grading: GradingBody | None = Field(None, description="未评估的隐患须同时填写评估信息 (治理类型须为 0)")


class Accept(AggregateCommand):
    comment: str | None = Field(None, max_length=1000, description="验收意见 checkAcceptComment")


class Reject(AggregateCommand):
    reason: str = Field(..., min_length=1, max_length=1000, description="驳回原因")


class Void(AggregateCommand):
    reason: str = Field(..., min_length=1, max_length=1000, description="作废原因 (如: 误报、重复上报)")


class CopyTo(AggregateCommand):
    person_ids: list[str] = Field(..., min_length=1, max_length=50, description="抄送人")
    note: str | None = Field(None, max_length=500, description="附言")


class RequestExtension(AggregateCommand):
    new_deadline: date = Field(..., description="申请延期至 (晚于当前整改期限)")
    reason: str = Field(..., min_length=1, max_length=1000, description="延期原因")


class DecideExtension(AggregateCommand):
    extension_id: str = ID
    approve: bool = Field(..., description="true 同意, false 不同意")
    comment: str | None = Field(None, max_length=1000, description="审批意见; 不同意时必填")
