"""Recording a quarterly self-check: the reminder statistics and the effectiveness weeks of the
period read now, kept in the event beside the officer's conclusions (the record shows what the
officer saw when concluding, however the facts are recomputed later)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from pydantic import Field

from libs.clock import Clock
from libs.commands import EnterpriseCommand
from libs.periods import Period
from libs.repository import CommandContext, Repository
from services.alerting.domain.reminder_stats import ReminderStats
from services.alerting.domain.self_check import MAX_CONCLUSIONS, SelfCheck


class RecordSelfCheck(EnterpriseCommand):
    """季度自查记录: the period (default the last complete quarter), the conclusions, and when the
    inspection coverage report it was read with was produced."""

    first_day: date | None = Field(None, description="自查时段起始日 (北京时间, 含); 默认上一个完整的季度")
    last_day: date | None = Field(None, description="自查时段截止日 (含)")
    conclusions: str = Field(..., min_length=1, max_length=MAX_CONCLUSIONS, description="自查结论")
    coverage_report_at: datetime | None = Field(
        None, description="所依据的排查覆盖情况报告 (inspection) 的生成时间, 由客户端填写")


class Reports(Protocol):
    async def reminder_stats(self, enterprise_id: str, period: Period) -> ReminderStats: ...

    async def effectiveness_weeks(self, enterprise_id: str, period: Period) -> list[dict[str, Any]]: ...


@dataclass
class SelfChecks:
    repository: Repository[SelfCheck]
    reports: Reports
    clock: Clock


async def record(cmd: RecordSelfCheck, period: Period, deps: SelfChecks, ctx: CommandContext) -> str:
    check = SelfCheck(uuid.uuid4().hex)
    stats = await deps.reports.reminder_stats(cmd.enterprise_id, period)
    weeks = await deps.reports.effectiveness_weeks(cmd.enterprise_id, period)
    check.record(cmd.enterprise_id, period.first, period.last, stats, weeks, cmd.conclusions,
                 cmd.coverage_report_at, ctx.actor, deps.clock.now())
    await deps.repository.save(check, ctx)
    return check.id
