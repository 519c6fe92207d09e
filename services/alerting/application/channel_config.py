"""Setting an enterprise's outbound channels: the body's URLs and secrets are sealed here, before
anything is recorded; one left out of a PUT keeps the sealed one of the same target (so an admin
changes levels without typing a token again); a GET shows only that one is set, and its hint."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from libs.commands import EnterpriseCommand
from libs.repository import CommandContext
from services.alerting.application.outbound import Outbound
from services.alerting.application.sealing import fingerprint, hint, url_hint
from services.alerting.domain.channel_book import ChannelBook
from services.alerting.domain.codes import Level, Stage
from services.alerting.domain.outbound_events import QuietWindow, Target

_HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


class TargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(..., min_length=1, max_length=64, description="渠道名称 (企业内唯一), 如“一车间群”")
    channel: Literal["dingtalk", "wecom", "webhook", "email"] = Field(
        ..., description="dingtalk 钉钉群机器人, wecom 企业微信群机器人, webhook 订阅, email 电子邮件")
    levels: list[Level] = Field([], max_length=4, description="推送哪几级提醒; 空: 全部")
    stages: list[Stage] = Field([], max_length=2, description="推送临期还是超期; 空: 两者")
    cause_types: list[str] = Field([], max_length=10, description="推送哪类提醒对象: occurrence 排查任务, hazard 隐患, "
                                                                   "或配置的其他来源; 空: 全部")
    url: str | None = Field(None, max_length=2000, description="机器人或订阅地址 (只写; 不填则保留原值)")
    secret: str | None = Field(None, min_length=1, max_length=500,
                               description="钉钉加签密钥或 Webhook 签名密钥 (只写; 不填则保留原值)")
    addresses: list[str] = Field([], max_length=50, description="电子邮件收件地址")
    mentions: list[str] = Field([], max_length=20, description="机器人消息中 @ 的手机号")

    @field_validator("url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("地址须以 https:// 或 http:// 开头")
        return value

    @field_validator("addresses")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        for address in value:
            local, at, domain = address.partition("@")
            if not (local and at and "." in domain) or any(c.isspace() for c in address):
                raise ValueError(f"不是有效的电子邮件地址: {address}")
        return value


class QuietIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: str = Field(..., pattern=_HHMM, description="开始 (北京时间 HH:MM)")
    end: str = Field(..., pattern=_HHMM, description="结束 (北京时间 HH:MM), 可跨零点")


class ConfigureChannels(EnterpriseCommand):
    """The enterprise's outbound channels, as a whole."""

    targets: list[TargetIn] = Field(..., max_length=50, description="全部推送渠道")
    quiet_hours: QuietIn | None = Field(None, description="免打扰时段: 非紧急的群机器人与邮件推送延后到结束时; "
                                                           "重大隐患超期与 Webhook 不受限")


def _sealed(deps: Outbound, given: str | None, kept: str | None, field: str) -> str | None:
    return deps.sealer.seal(given, field) if given is not None else kept


async def configure(cmd: ConfigureChannels, deps: Outbound, ctx: CommandContext) -> ChannelBook:
    book = await deps.books.find(cmd.enterprise_id) or ChannelBook(cmd.enterprise_id)
    targets = []
    for i, t in enumerate(cmd.targets):
        before = book.target(t.name)
        kept = before if before is not None and before.channel == t.channel else None
        secret_hint = hint(t.secret) if t.secret else (kept.secret_hint if kept else None)
        targets.append(Target(
            name=t.name, channel=t.channel, levels=t.levels, stages=t.stages, cause_types=t.cause_types,
            sealed_url=_sealed(deps, t.url, kept.sealed_url if kept else None, f"targets[{i}].url"),
            sealed_secret=_sealed(deps, t.secret, kept.sealed_secret if kept else None, f"targets[{i}].secret"),
            secret_fingerprint=fingerprint(t.secret) if t.secret else (kept.secret_fingerprint if kept else None),
            secret_hint=secret_hint, url_hint=url_hint(t.url) if t.url else (kept.url_hint if kept else None),
            addresses=t.addresses, mentions=t.mentions))
    quiet = QuietWindow(start=cmd.quiet_hours.start, end=cmd.quiet_hours.end) if cmd.quiet_hours else None
    book.configure(targets, quiet, ctx.actor)
    await deps.books.save(book, ctx)
    return book


def shown(book: ChannelBook) -> dict:
    """The book as a GET shows it: whether each URL and secret is set, their hints, never them."""
    return {"targets": [{"name": t.name, "channel": t.channel, "levels": t.levels, "stages": t.stages,
                         "cause_types": t.cause_types,
                         "url_set": t.sealed_url is not None, "url_hint": t.url_hint,
                         "secret_set": t.sealed_secret is not None, "secret_hint": t.secret_hint,
                         "secret_fingerprint": t.secret_fingerprint, "addresses": t.addresses,
                         "mentions": t.mentions} for t in book.targets],
            "quiet_hours": book.quiet.model_dump() if book.quiet else None, "set_by": book.set_by}
