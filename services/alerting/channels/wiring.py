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
from .port import Channel, Channels
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
    if settings.smtp is not None:
        smtp = settings.smtp
        built.append(Email(SmtpOptions(smtp.host, smtp.port, smtp.sender, smtp.sender_name, smtp.security,
                                       smtp.username, smtp.password, settings.timeout_s, settings.ca_file),
                           lambda: clock.now().astimezone(UTC)))
    return Channels(built)
