"""The channels' settings from the environment: robots and subscriptions as JSON, secrets kept
out of the repr, the retry policy built from them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pydantic import ValidationError

from libs.clock import FixedClock
from services.alerting.channels.domain.delivery import ChannelKind
from services.alerting.channels.settings import ChannelSettings
from services.alerting.channels.wiring import channels


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("SK_ALERTING_CHANNELS_DINGTALK_ROBOTS", json.dumps(
        {"一车间群": {"url": "https://oapi.dingtalk.com/robot/send?access_token=tok-123", "secret": "SEC-hidden"}}))
    monkeypatch.setenv("SK_ALERTING_CHANNELS_WEBHOOKS", json.dumps(
        {"ehs": {"url": "https://ehs.plant.cn/hook", "secrets": ["whsec-hidden"]}}))
    monkeypatch.setenv("SK_ALERTING_CHANNELS_MAX_ATTEMPTS", "4")
    monkeypatch.setenv("SK_ALERTING_CHANNELS_FIRST_DELAY_S", "10")
    settings = ChannelSettings(_env_file=None)
    assert settings.dingtalk_robots["一车间群"].secret == "SEC-hidden"
    shown = repr(settings)
    assert "tok-123" not in shown and "SEC-hidden" not in shown and "whsec-hidden" not in shown
    policy = settings.retry_policy()
    assert (policy.max_attempts, policy.first_delay) == (4, timedelta(seconds=10))


async def test_email_is_wired_only_when_configured():
    clock = FixedClock(datetime(2026, 12, 3, tzinfo=UTC))
    async with httpx.AsyncClient() as http:  # never used: nothing is sent here
        without = channels(ChannelSettings(_env_file=None), clock, http)
        smtp = {"host": "smtp.plant.cn", "sender": "a@plant.cn"}
        with_smtp = channels(ChannelSettings(_env_file=None, smtp=smtp), clock, http)
    assert ChannelKind.EMAIL not in without.kinds
    assert with_smtp.kinds == set(ChannelKind)


@pytest.mark.parametrize("bad", [{"webhooks": {"ehs": {"url": "https://x", "secrets": []}}},
                                 {"timeout_s": 0}, {"max_attempts": 0},
                                 {"smtp": {"host": "h", "sender": "a@b.cn", "security": "plain"}}])
def test_bad_settings_are_refused(bad):
    with pytest.raises(ValidationError):
        ChannelSettings(_env_file=None, **bad)
