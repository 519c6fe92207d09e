"""What the alerting routes answer, as models: the alert ledger's rows as the queries return them,
a person's inbox with its unread count, the escalation policy."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, model_validator

from libs.openapi import Record
from libs.pagination import Page
from services.alerting.domain.codes import Level, Stage, State, kind_label


class Step(Record):
    level: Level
    due_at: datetime


class Alert(Record):
    id: str
    enterprise_id: str
    cause_type: str = Field(description="提醒对象类型: occurrence 排查任务, hazard 隐患, 或配置的其他来源")
    cause_id: str
    title: str | None
    stage: Stage
    kind: str = Field("", description="提醒类别 (中文)")
    source_type: str = Field(description="产生提醒的事件类型")
    deadline: datetime = Field(description="原截止时间 (逐级提醒以此计时, 不因修改而重置)")
    urgent: bool = Field(description="紧急 (重大隐患超期): 不受免打扰时段限制")
    ladder: list[Step]
    state: State
    level: Level | None = Field(description="最近一次通知的级别")
    reached: Level | None = Field(description="实际通知到的级别 (该级无人时上推)")
    steps_told: int
    assignee_ids: list[str]
    recipient_ids: list[str]
    raised_at: datetime
    escalated_at: datetime | None
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    note: str | None
    cleared_by: str | None
    cleared_at: datetime | None
    clear_reason: str | None
    resolved_by: str | None
    resolved_at: datetime | None
    updated_at: datetime
    version: int

    @model_validator(mode="after")
    def _kind(self) -> Alert:
        self.kind = kind_label(self.cause_type, self.stage)
        return self


class InboxItem(Alert):
    told_step: int
    channel: str
    digest: str = Field(description="所发内容的 SHA-256")
    told_at: datetime
    read_at: datetime | None


class Inbox(Page[InboxItem]):
    unread: int = Field(description="未读条数 (全部, 不受筛选影响)")


class AlertPage(Page[Alert]):
    pass


class Rung(Record):
    level: Level
    grace_h: int = Field(description="本级处置宽限 (小时): 过后通知上一级")


class Ladder(Record):
    start_h: int = Field(description="第一级在起算时间后多少小时通知 (超期: 原截止时间; 临期: 转为临期时)")
    rungs: list[Rung]


class Policy(Record):
    """The answer's own models (labels pass through), not the request's strict ones."""

    imminent: Ladder
    overdue: Ladder
    set_by: str | None = Field(None, description="设置人; 空: 系统默认")


class ReadMark(Record):
    alert_id: str
    read: bool
