"""An enterprise's outbound channels as a stream of its own (`alertchannels-<eid>`): which group
robots, webhook subscriptions and e-mail lists exist, which rungs and stages each gets, and the
quiet hours. Replaced as a whole; its secrets arrive sealed (application/sealing.py)."""

from __future__ import annotations

from datetime import time

from libs.aggregate import Aggregate, DomainError
from services.alerting.channels.domain.quiet_hours import QuietHours
from services.alerting.domain.codes import Level, Stage
from services.alerting.domain.outbound_events import ChannelsConfigured, QuietWindow, Target

CHANNELS = ("dingtalk", "wecom", "webhook", "email")


class ChannelBook(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.targets: list[Target] = []
        self.quiet: QuietWindow | None = None
        self.set_by: str | None = None

    @property
    def enterprise_id(self) -> str:
        return self.id

    def configure(self, targets: list[Target], quiet: QuietWindow | None, by: str) -> None:
        names = [t.name for t in targets]
        if len(set(names)) != len(names):
            raise DomainError("渠道名称不能重复", field="targets.name")
        for i, target in enumerate(targets):
            _check(target, f"targets[{i}]")
        if quiet is not None:
            quiet_hours(quiet)
        self._record(ChannelsConfigured(enterprise_id=self.id, targets=targets, quiet_hours=quiet, set_by=by))

    def target(self, name: str) -> Target | None:
        return next((t for t in self.targets if t.name == name), None)

    def targets_for(self, level: Level, stage: Stage, cause_type: str) -> list[Target]:
        return [t for t in self.targets
                if (not t.levels or level in t.levels) and (not t.stages or stage in t.stages)
                and (not t.cause_types or cause_type in t.cause_types)]

    def quiet_hours(self) -> QuietHours | None:
        return quiet_hours(self.quiet) if self.quiet else None

    def when_ChannelsConfigured(self, ev: ChannelsConfigured) -> None:  # noqa: N802
        self.targets, self.quiet, self.set_by = list(ev.targets), ev.quiet_hours, ev.set_by


def _check(target: Target, where: str) -> None:
    if target.channel not in CHANNELS:
        raise DomainError(f"未知的渠道类型: {target.channel}（可选 {'、'.join(CHANNELS)}）", field=f"{where}.channel")
    if target.channel == "email":
        if not target.addresses:
            raise DomainError("电子邮件渠道须填写收件地址", field=f"{where}.addresses")
        return
    if target.sealed_url is None:
        raise DomainError("须填写机器人或订阅的地址 (url)", field=f"{where}.url")
    if target.channel == "webhook" and target.sealed_secret is None:
        raise DomainError("Webhook 订阅须设置签名密钥 (secret)", field=f"{where}.secret")


def quiet_hours(window: QuietWindow) -> QuietHours:
    try:
        start, end = time.fromisoformat(window.start), time.fromisoformat(window.end)
        return QuietHours(start, end)
    except ValueError as exc:
        raise DomainError("免打扰时段须为 HH:MM，且开始与结束不同", field="quiet_hours") from exc
