"""Builds the channels from their settings: the one place the alerting service's bootstrap asks
for them (a unit test hands it FakeChannels instead)."""

from __future__ import annotations

from datetime import UTC

import httpx

from libs.clock import Clock

from .adapters.email import Email, SmtpOptions
from .adapters.http import HttpOptions, client
from .adapters.robots import DingTalkRobot, Robot, WeComRobot
from .adapters.webhook import Subscription, Webhooks
from .domain.delivery import ChannelKind
from .port import Channel, Channels, OpenTarget
from .settings import ChannelSettings


def http_client(settings: ChannelSettings) -> httpx.AsyncClient:
    return client(HttpOptions(settings.timeout_s, settings.connect_timeout_s, settings.ca_file))


def channels(settings: ChannelSettings, clock: Clock, http: httpx.AsyncClient) -> Channels:
    """The caller owns `http` (closes it at shutdown). Signing timestamps read the same clock as
    the rules, so a test's clock drives them too."""

    def now_ms() -> int:
        return int(clock.now().timestamp() * 1000)

    def now_s() -> int:
        return int(clock.now().timestamp())

    built: list[Channel] = [
        DingTalkRobot(http, {name: Robot(c.url, c.secret, c.mentions) for name, c in settings.dingtalk_robots.items()},
                      now_ms),
        WeComRobot(http, {name: Robot(c.url, None, c.mentions) for name, c in settings.wecom_robots.items()}),
        Webhooks(http, {name: Subscription(c.url, c.secrets) for name, c in settings.webhooks.items()}, now_s),
    ]
    if (mail := email(settings, clock)) is not None:
        built.append(mail)
    return Channels(built)


def email(settings: ChannelSettings, clock: Clock) -> Email | None:
    if settings.smtp is None:
        return None
    smtp = settings.smtp
    return Email(SmtpOptions(smtp.host, smtp.port, smtp.sender, smtp.sender_name, smtp.security,
                             smtp.username, smtp.password, settings.timeout_s, settings.ca_file),
                 lambda: clock.now().astimezone(UTC))


class EnterpriseChannels:
    """The channel for one enterprise's configured target, built per send from its opened
    credentials (they live sealed in the enterprise's channel book, not in the settings); e-mail
    goes through the one relay of the settings, when there is one."""

    def __init__(self, settings: ChannelSettings, clock: Clock, http: httpx.AsyncClient) -> None:
        self._http, self._clock = http, clock
        self._mail = email(settings, clock)

    def __call__(self, target: OpenTarget) -> Channel | None:
        clock, name, url = self._clock, target.name, target.url or ""
        if target.channel is ChannelKind.DINGTALK:
            return DingTalkRobot(self._http, {name: Robot(url, target.secret, target.mentions)},
                                 lambda: int(clock.now().timestamp() * 1000))
        if target.channel is ChannelKind.WECOM:
            return WeComRobot(self._http, {name: Robot(url, None, target.mentions)})
        if target.channel is ChannelKind.WEBHOOK:
            return Webhooks(self._http, {name: Subscription(url, (target.secret or "",))},
                            lambda: int(clock.now().timestamp()))
        return self._mail
