"""What the plan routes answer: a plan with its cycle, the posts it sends and its checklist, as the
read model keeps them (the checklist in its order, each item under its number)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from libs.openapi import Record, Timestamp
from libs.pagination import Page
from services.inspection.api.checklist_models import SafeRange
from services.inspection.domain.codes import CheckCycleUnit, PlanKind, WorkDayType
from services.inspection.domain.plan_state import PlanState
from services.inspection.domain.wire import WorkTime


class PlanCycle(Record):
    check_cycle: float = Field(description="排查周期 checkCycle")
    check_cycle_unit: CheckCycleUnit
    task_start_time: Timestamp = Field(description="首次排查时间 taskStartTime")
    work_day_type: WorkDayType
    work_start_time: WorkTime | None = Field(description="工作开始时间 (H:mm:ss)")
    work_end_time: WorkTime | None = Field(description="工作结束时间 (H:mm:ss)")


class PlanAssignment(Record):
    post_id: str = Field(description="派出的岗位")
    person_ids: list[str] = Field(description="指派的人员 (空: 在岗者)")


class ChecklistItem(Record):
    no: int = Field(description="检查项编号 (排查记录的 item_id 即此编号), 删除后不再使用")
    check_type: str = Field(description="检查类型")
    item: str = Field(description="检查项目")
    content: str = Field(description="检查内容")
    method: str | None = Field(description="检查方式")
    basis: str | None = Field(description="检查依据")
    safe_range: SafeRange | None = Field(description="关键参数的安全范围; 非关键参数为空")
    measure_id: str | None = Field(description="本项核查的管控措施")


class Plan(Record):
    """排查计划."""

    id: str
    enterprise_id: str
    kind: PlanKind = Field(description="计划类型 1–8 (隐患来源 dangerSrc)")
    title: str
    period_start: date
    period_end: date | None = Field(description="计划结束日期; 空即长期有效")
    cycle: PlanCycle
    assignments: list[PlanAssignment]
    items: list[ChecklistItem] = Field(description="检查表")
    state: PlanState = Field(description="draft 草稿 / published 已发布 / retired 已废止")
    state_label: str
    published_at: Timestamp | None
    first_window_start: Timestamp | None = Field(description="首个须排查的时段的开始")
    task_ids: list[str] = Field(description="发布后每个岗位一项排查任务")
    retired_reason: str | None
    created_at: Timestamp
    updated_at: Timestamp
    version: int = Field(description="版本号: 修改时作为 expected_version")


PlanPage = Page[Plan]
