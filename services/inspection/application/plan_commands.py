"""The commands of inspection plans (排查计划), each also its HTTP body. The domain checks the values
(domain/plan*.py, checklist*.py: Chinese messages naming the field, `items[0].low`); the types here
say what the document promises and bound the sizes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import Field

from libs.commands import Command, EnterpriseCommand, Guarded
from services.inspection.domain import plan_limits as limits
from services.inspection.domain.codes import CheckCycleUnit, WorkDayType

_WORK_TIME = r"^\d{1,2}:\d{2}(:\d{2})?$"


class PlanCycleBody(Command):
    """计划的排查周期: its tasks' checkCycle … (GOV-INTERFACE.md entity 4)."""

    check_cycle: Decimal = Field(..., description="排查周期 checkCycle: 大于 0, 最多两位小数; 按月/年须为整月",
                                 json_schema_extra={"exclusiveMinimum": 0, "maximum": 99.99})
    check_cycle_unit: CheckCycleUnit = Field(..., description="排查周期单位 checkCycleUnit: 小时/天/月/年")
    task_start_time: datetime = Field(..., description="首次排查时间 taskStartTime, 须在计划期间内; 不带时区即北京时间")
    work_start_time: str | None = Field(None, max_length=8, json_schema_extra={"pattern": _WORK_TIME},
                                        description="工作开始时间 workStartTime (H:mm:ss), 按小时必填")
    work_end_time: str | None = Field(None, max_length=8, json_schema_extra={"pattern": _WORK_TIME},
                                      description="工作结束时间 workEndTime (H:mm:ss), 按小时必填")
    work_day_type: WorkDayType = Field(WorkDayType.EVERY_DAY, description="工作日类型 workDayType")


class AssignmentBody(Command):
    post_id: str = Field(..., max_length=limits.ID, description="派出的岗位")
    person_ids: list[str] = Field([], max_length=limits.PEOPLE_PER_POST, description="指派的人员 (不填: 在岗者)")


class ItemBody(Command):
    """检查项; 填计量单位与上限/下限即为关键参数 (安全范围含边界)."""

    check_type: str = Field(..., max_length=limits.CHECK_TYPE, description="检查类型")
    item: str = Field(..., max_length=limits.ITEM, description="检查项目")
    content: str = Field(..., max_length=limits.CONTENT, description="检查内容")
    method: str | None = Field(None, max_length=limits.METHOD, description="检查方式")
    basis: str | None = Field(None, max_length=limits.BASIS, description="检查依据")
    unit: str | None = Field(None, max_length=limits.UNIT, description="关键参数的计量单位")
    low: float | None = Field(None, description="安全范围下限 (含)")
    high: float | None = Field(None, description="安全范围上限 (含)")
    measure_id: str | None = Field(None, max_length=limits.ID, description="本项核查的管控措施")

    def fields(self) -> dict[str, Any]:
        """The item's own fields (not the address or the version a subclass adds)."""
        return self.model_dump(include=set(ItemBody.model_fields))


class PlanHeader(Command):
    kind: int = Field(..., description="计划类型 1–8 (即隐患来源 dangerSrc)")
    title: str = Field(..., max_length=limits.TITLE, description="计划名称")
    period_start: date = Field(..., description="计划开始日期")
    period_end: date | None = Field(None, description="计划结束日期; 不填即长期有效")
    cycle: PlanCycleBody
    assignments: list[AssignmentBody] = Field(..., max_length=limits.ASSIGNMENTS, description="派出的岗位")


class DrawUpPlan(PlanHeader, EnterpriseCommand):
    """制定排查计划 (草稿)."""

    items: list[ItemBody] = Field([], max_length=limits.ITEMS, description="检查表")


class RevisePlan(PlanHeader, Guarded):
    """修改草稿计划的类型、名称、期间、周期或岗位."""


class AddChecklistItem(ItemBody, Guarded):
    """添加检查项 (排在最后)."""


class ReviseChecklistItem(ItemBody, Guarded):
    """改写检查项 (整项改写, 编号即路径中的编号, 不变)."""


class PlanVersion(Guarded):
    """发布计划 / 删除检查项: only the version the client read."""


class RetirePlan(Guarded):
    """废止计划 (已发布计划的任务随之停用)."""

    reason: str = Field(..., max_length=limits.REASON, description="废止原因")
