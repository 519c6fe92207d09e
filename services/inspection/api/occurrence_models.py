"""What the occurrence routes answer (read-model rows as the queries return them)."""

from __future__ import annotations

from pydantic import Field

from libs.openapi import Record, Timestamp
from libs.pagination import Page
from services.inspection.domain.codes import OccurrenceState


class Occurrence(Record):
    """一次排查: one window of a check task, from issued to completed or 超期未排查."""

    id: str
    enterprise_id: str
    task_id: str = Field(description="排查任务")
    post_ids: list[str] = Field(description="下发到的岗位")
    post_names: list[str | None] | None = Field(None, description="岗位名称, 与 post_ids 一一对应; 未知为空")
    person_ids: list[str] = Field(description="下发到的人员")
    window_start: Timestamp = Field(description="本次排查开始时间")
    window_end: Timestamp = Field(description="本次排查截止时间 (不含)")
    state: OccurrenceState = Field(description="issued 待排查 / imminent 临期 / completed 已排查 / missed 超期未排查")
    imminent_at: Timestamp | None = Field(description="临期时间; 停机期间已过的时段为空")
    planned_on_assumed_calendar: bool = Field(description="按假定的工作日历安排 (该年日历未知)")
    never_issued: bool = Field(description="服务停机期间开始并结束的时段: 未下发即超期")
    record_id: str | None = Field(description="完成本次排查的排查记录")
    records_after_miss: list[str] = Field(description="超期后收到的排查记录")
    records_beside: list[str] = Field([], description="本次排查已完成后收到的其他排查记录 (照收, 不改变状态与统计)")
    created_at: Timestamp
    updated_at: Timestamp
    version: int


OccurrencePage = Page[Occurrence]
