"""What GET …/my-tasks answers: the person, a note when the list is empty for a reason, and the due
occurrences, each with what to check."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from services.inspection.api.checklist_models import SafeRange, safe_range_row
from services.inspection.api.occurrence_models import Occurrence
from services.inspection.domain.record_items import ChecklistItem as RecordItem


class ChecklistItem(BaseModel):
    item_id: str = Field(description="检查项编号, 提交排查记录时按此填写")
    content: str = Field(description="检查内容")
    safe_range: SafeRange | None = Field(description="安全范围; 无读数的检查项为空")


class MyTask(Occurrence):
    """一次待我排查的排查: 本岗位的, 或指派给本人的 (包保)."""

    post_names: list[str | None] = Field(description="下发到的岗位名称, 与 post_ids 一一对应; 未知为空")
    troubleshoot_content: str = Field(description="排查内容 (troubleshootContent)")
    checklist: list[ChecklistItem] = Field(description="检查表")


class MyTasks(BaseModel):
    person_id: str = Field(description="登录人员")
    name: str | None = Field(description="姓名; 尚未收到该人员信息时为空")
    post_id: str | None = Field(description="所在岗位")
    post_name: str | None = Field(description="岗位名称")
    note: str | None = Field(description="列表为空或不全的原因")
    items: list[MyTask] = Field(description="今日及今日超期的排查, 按截止时间排序")


def checklist_row(item: RecordItem) -> dict[str, Any]:
    """A checklist item as my tasks answer it (the one a record is held to)."""
    return {"item_id": item.item_id, "content": item.content, "safe_range": safe_range_row(item.safe_range)}
