"""What the outbound-channel routes answer: the channel book as shown (secrets only as set/hint),
the deliveries' rows."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from libs.openapi import Record
from libs.pagination import Page
from services.alerting.domain.codes import Level, Stage


class TargetShown(Record):
    name: str
    channel: str = Field(description="dingtalk, wecom, webhook, email")
    levels: list[Level]
    stages: list[Stage]
    cause_types: list[str] = Field(description="提醒对象类型; 空: 全部")
    url_set: bool = Field(description="已设置地址 (地址本身不返回)")
    url_hint: str | None = Field(description="地址的协议与主机")
    secret_set: bool = Field(description="已设置密钥 (密钥本身不返回)")
    secret_hint: str | None = Field(description="密钥末 4 位")
    secret_fingerprint: str | None = Field(description="密钥 SHA-256 前 12 位, 用于核对是哪一个")
    addresses: list[str]
    mentions: list[str]


class QuietShown(Record):
    start: str
    end: str


class ChannelBook(Record):
    targets: list[TargetShown]
    quiet_hours: QuietShown | None
    set_by: str | None = Field(description="设置人; 空: 尚未设置")


class Delivery(Record):
    id: str
    enterprise_id: str
    alert_id: str
    level: Level
    channel: str
    via: str = Field(description="配置的渠道名称")
    target: str
    recipient: str
    urgent: bool
    state: str = Field(description="pending 发送中或等待重试, delivered 已送达, dead 已放弃 (死信), withdrawn 已撤回")
    attempts: int
    last_outcome: str | None
    last_code: str | None = Field(description="平台返回的代码")
    last_message: str | None
    digest: str | None = Field(description="所发内容的 SHA-256")
    send_at: datetime = Field(description="计划发送时间 (免打扰时段后)")
    retry_at: datetime | None
    dead_reason: str | None
    due_at: datetime
    updated_at: datetime
    version: int


class DeliveryPage(Page[Delivery]):
    pass


class Replayed(Record):
    id: str
    state: str
    attempts: int
