"""What the reminder-statistics and self-check routes answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from libs.openapi import Record
from libs.pagination import Page
from services.alerting.domain.reminder_stats import ReminderStats


class ReminderStatsAnswer(ReminderStats):
    enterprise_id: str
    first_day: date = Field(description="统计时段起始日 (北京时间, 含)")
    last_day: date = Field(description="统计时段截止日 (含)")


class SelfCheckRecord(Record):
    id: str
    enterprise_id: str
    first_day: date
    last_day: date
    reminder_stats: ReminderStats = Field(description="记录时的提醒统计")
    effectiveness: list[dict[str, Any]] = Field(description="记录时的运行效果评分, 逐周")
    conclusions: str = Field(description="自查结论")
    coverage_report_at: datetime | None = Field(description="所依据的排查覆盖情况报告的生成时间 (inspection)")
    recorded_by: str
    recorded_at: datetime


SelfCheckPage = Page[SelfCheckRecord]
