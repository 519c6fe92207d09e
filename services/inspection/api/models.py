"""What the inspection routes answer, as models (the OpenAPI document states them; FastAPI checks
every answer against them): read-model rows as the queries return them."""

from __future__ import annotations

from pydantic import Field

from libs.openapi import Record, Timestamp
from libs.pagination import Page
from services.inspection.domain.codes import CheckCycleUnit, RetiredBecause, TaskState, WorkDayType, WorkType
from services.inspection.domain.wire import WorkTime


class CheckTask(Record):
    """隐患排查任务, with every field the platforms ask of one (null until known)."""

    id: str
    enterprise_id: str
    measure_id: str | None = Field(description="管控措施 riskMeasureId; 计划任务为空")
    origin: str = Field(description="来源: measure 管控措施 / plan 排查计划 / guardian 包保任务")
    plan_id: str | None = Field(description="排查计划 (计划任务)")
    risk_event_id: str | None = Field(description="安全风险事件")
    troubleshoot_content: str = Field(description="排查内容 troubleshootContent")
    post_id: str = Field(description="负责排查的岗位; 包保任务为空 (下发给包保责任人本人)")
    post_name: str | None = Field(None, description="岗位名称; 尚未收到该岗位信息时为空")
    work_type: WorkType = Field(description="任务类型 workType: 0 日常, 1–3 包保责任人")
    task_num: int | None = Field(description="包保任务序号 taskNum")
    check_cycle: float | None = Field(description="排查周期 checkCycle; 未设置周期时为空")
    check_cycle_unit: CheckCycleUnit | None
    task_start_time: Timestamp | None
    work_start_time: WorkTime | None = Field(description="工作开始时间 workStartTime (H:mm:ss)")
    work_end_time: WorkTime | None = Field(description="工作结束时间 workEndTime (H:mm:ss)")
    work_day_type: WorkDayType | None
    state: TaskState = Field(description="unscheduled 未设置周期 / scheduled 执行中 / retired 已停用")
    retired_because: RetiredBecause | None
    created_at: Timestamp
    updated_at: Timestamp
    object_id: str | None = Field(None, description="重大危险源 (包保任务)")
    guardian_id: str | None = Field(None, description="负责该包保任务的包保责任人 (包保任务)")
    guardian_name: str | None = Field(None, description="包保责任人姓名; 尚未收到该人员信息时为空")
    version: int = Field(description="版本号: 设置周期时作为 expected_version")


CheckTaskPage = Page[CheckTask]
