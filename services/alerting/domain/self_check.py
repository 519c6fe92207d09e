"""The quarterly self-check record (季度自查, seed 004): the officer's conclusions on a period, kept
with the reminder statistics and the effectiveness weeks of that period as they were when recorded —
a snapshot in the event, so the record says what the officer saw, whatever is recomputed later.
The inspection coverage report is inspection's; the record names it by the time it was produced
(`coverage_report_at`, filled by the client), it does not copy it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from libs.aggregate import Aggregate, DomainError
from libs.auth import Role
from libs.events import DomainEvent
from services.alerting.domain.reminder_stats import ReminderStats

P = "shuangkong.alerting."
MAX_CONCLUSIONS = 2000


class SelfCheckRecorded(DomainEvent):
    """自查记录: the period, what the numbers were, and what the officer concluded."""

    TYPE = P + "SelfCheckRecorded"
    self_check_id: str
    enterprise_id: str
    first_day: date
    last_day: date
    reminder_stats: ReminderStats
    effectiveness: list[dict[str, Any]] = Field(description="运行效果评分逐周 (记录时的结果)")
    conclusions: str
    coverage_report_at: datetime | None = None
    recorded_by: str
    at: datetime


SELF_CHECK_EVENTS: list[type[DomainEvent]] = [SelfCheckRecorded]


class SelfCheck(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.recorded: SelfCheckRecorded | None = None

    def record(self, enterprise_id: str, first_day: date, last_day: date, stats: ReminderStats,
               effectiveness: list[dict[str, Any]], conclusions: str, coverage_report_at: datetime | None,
               by: str, now: datetime) -> None:
        if self.recorded is not None:
            raise DomainError("自查记录已存在", field="self_check_id", code="exists")
        if not conclusions.strip():
            raise DomainError("自查结论不能为空", field="conclusions")
        if len(conclusions) > MAX_CONCLUSIONS:
            raise DomainError(f"自查结论不能超过 {MAX_CONCLUSIONS} 字", field="conclusions")
        if last_day < first_day:
            raise DomainError("截止日期不能早于起始日期", field="last_day")
        self._record(SelfCheckRecorded(self_check_id=self.id, enterprise_id=enterprise_id, first_day=first_day,
                                       last_day=last_day, reminder_stats=stats, effectiveness=effectiveness,
                                       conclusions=conclusions, coverage_report_at=coverage_report_at,
                                       recorded_by=by, at=now))

    def when_SelfCheckRecorded(self, ev: SelfCheckRecorded) -> None:  # noqa: N802
        self.recorded = ev


# Who records a self-check: the enterprise's safety management and its heads (who answer for it).
SELF_CHECK_WRITERS = (Role.SAFETY_OFFICER, Role.PRINCIPAL, Role.TECHNICAL_HEAD)
