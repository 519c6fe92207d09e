"""The answer of the 包保 coverage (application/guardian_coverage.py) as the coverage report will
state it (wired into its route at merge): per 重大危险源, each role's guardian, the taskNums covered by
a live 包保 task and those missing from the national list, and the share covered."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from libs.openapi import Record
from services.inspection.domain.codes import WorkType


class GuardianPerson(Record):
    model_config = ConfigDict(extra="allow", from_attributes=True)
    person_id: str | None = Field(description="包保责任人; 登记尚未指定时为空")
    name: str | None = Field(description="姓名; 尚未收到该人员信息时为空")


class RoleCoverage(Record):
    model_config = ConfigDict(extra="allow", from_attributes=True)
    work_type: WorkType = Field(description="任务类型 workType: 1 主要负责人 2 技术负责人 3 操作负责人")
    guardian: GuardianPerson
    covered: list[int] = Field(description="已有包保任务的序号 taskNum")
    missing: list[int] = Field(description="全国包保任务清单中尚无任务的序号")
    ratio: float = Field(ge=0, le=1, description="覆盖率 (0–1, 四位小数)")


class GuardianCoverage(Record):
    """一处重大危险源三位包保责任人对全国包保任务清单的覆盖."""

    model_config = ConfigDict(extra="allow", from_attributes=True)
    object_id: str = Field(description="重大危险源")
    roles: list[RoleCoverage] = Field(description="主要负责人、技术负责人、操作负责人, 依次")
