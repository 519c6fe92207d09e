"""Inspection's commands; each is also its HTTP body (libs/commands.py). The domain checks the
values (services/inspection/domain/rules.py, with Chinese messages naming the field); the types
here say what the document promises."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import Field

from libs.commands import Guarded
from services.inspection.domain.codes import CheckCycleUnit, WorkDayType

_WORK_TIME = r"^\d{1,2}:\d{2}(:\d{2})?$"


class ScheduleCheckTask(Guarded):
    """设置排查周期 (GOV-INTERFACE.md entity 4)."""

    check_cycle: Decimal = Field(..., description="排查周期 checkCycle: 大于 0, 最多两位小数; 按月/年须为整月",
                                 json_schema_extra={"exclusiveMinimum": 0, "maximum": 99.99})
    check_cycle_unit: CheckCycleUnit = Field(..., description="排查周期单位 checkCycleUnit: 小时/天/月/年")
    task_start_time: datetime = Field(..., description="任务开始时间 taskStartTime; 不带时区即北京时间")
    work_start_time: str | None = Field(None, max_length=8, json_schema_extra={"pattern": _WORK_TIME},
                                        description="工作开始时间 workStartTime (H:mm:ss), 按小时必填")
    work_end_time: str | None = Field(None, max_length=8, description="工作结束时间 workEndTime (H:mm:ss), 按小时必填; "
                                      "不晚于开始时间即跨过午夜", json_schema_extra={"pattern": _WORK_TIME})
    work_day_type: WorkDayType = Field(WorkDayType.EVERY_DAY, description="工作日类型 workDayType: 0 每天 "
                                       "1 法定工作日 2 非工作日")
