"""The HTTP channels against real receiving servers that check signatures as the platforms do."""

from __future__ import annotations

import hashlib
import json
import ssl
from datetime import timedelta

import pytest

from libs.runtime.process import free_port
from services.alerting.channels.adapters.http import HttpOptions, client
from services.alerting.channels.adapters.robots import Robot, WeComRobot
from services.alerting.channels.adapters.webhook import Subscription, Webhooks
from services.alerting.channels.domain.compose import compose
from services.alerting.channels.domain.delivery import ChannelKind, OutcomeKind
from services.alerting.channels.domain.rendering import AlertKind, AlertNotice, Level
from services.alerting.channels.domain.retry import DeadLetter, RetryAt, RetryPolicy, after_attempt
from services.alerting.channels.settings import ChannelSettings
from services.alerting.channels.wiring import channels, http_client
from tests.integration.alerting.channels.receivers import (
    DINGTALK_SECRET,
    DINGTALK_TOKEN,
    WEBHOOK_SECRET,
    WECOM_KEY,
    Receivers,
    serving,
)
from tests.integration.alerting.channels.tls import make_pki


def _notice(clock, **overrides) -> AlertNotice:
    values = dict(alert_id="alert-42", kind=AlertKind.HAZARD_OVERDUE, level=Level.DEPARTMENT, cause="罐区围堰破损",
                  deadline=clock.now() - timedelta(hours=26), link_path="/alerts/alert-42", major_hazard=True)
    return AlertNotice(**{**values, **overrides})


def _settings(url: str, **overrides) -> ChannelSettings:
    robot = f"{url}/robot/send?access_token={DINGTALK_TOKEN}"
    values = dict(
        dingtalk_robots={"一车间群": {"url": robot, "secret": DINGTALK_SECRET, "mentions": ["13800000000"]},
                         "错密钥群": {"url": robot, "secret": "SECwrong"}},
        wecom_robots={"安全部群": {"url": f"{url}/cgi-bin/webhook/send?key={WECOM_KEY}"},
                      "旧群": {"url": f"{url}/cgi-bin/webhook/send?key=not-a-key"}},
        webhooks={"ehs": {"url": f"{url}/hooks/shuangkong", "secrets": [WEBHOOK_SECRET]}},
        timeout_s=2.0)
    return ChannelSettings(_env_file=None, **{**values, **overrides})


@pytest.fixture
async def wired(receivers, clock):
    settings = _settings(receivers.url)
    async with http_client(settings) as http:
        yield channels(settings, clock, http)


async def test_dingtalk_signed_markdown_is_verified_by_the_robot(wired, receivers: Receivers, clock):
    delivery = compose(_notice(clock), ChannelKind.DINGTALK, "group:一车间", "一车间群", clock.now(), "https://sk.plant.cn")
    outcome = await wired.send(delivery)
    assert (outcome.kind, outcome.code, outcome.message) == (OutcomeKind.OK, "0", "ok")
    [got] = receivers.of("dingtalk")
    assert got.verified
    assert got.query["timestamp"] == str(int(clock.now().timestamp() * 1000))
    assert got.digest == outcome.digest
    message = got.json
    assert message["msgtype"] == "markdown"
    assert message["markdown"]["title"] == "【双控提醒】【重大】隐患超期未整改（第3级提醒·部门负责人）：罐区围堰破损"
    assert "已超期 1天2小时" in message["markdown"]["text"]
    assert "[进入系统处置](https://sk.plant.cn/alerts/alert-42)" in message["markdown"]["text"]
    assert message["markdown"]["text"].endswith(" @13800000000")
    assert message["at"] == {"atMobiles": ["13800000000"], "isAtAll": False}
    assert got.headers["content-type"].startswith("application/json")


async def test_dingtalk_refusals_and_rate_limit_are_classified(wired, receivers: Receivers, clock):
    delivery = compose(_notice(clock), ChannelKind.DINGTALK, "group:一车间", "错密钥群", clock.now())
    wrong = await wired.send(delivery)
    assert (wrong.kind, wrong.code) == (OutcomeKind.PERMANENT, "310000")
    assert not receivers.received[-1].verified
    good = compose(_notice(clock), ChannelKind.DINGTALK, "group:一车间", "一车间群", clock.now())
    receivers.fail_next("rate_limit", "http_503", "bad_sign")
    limited = await wired.send(good)
    assert (limited.kind, limited.code, limited.retry_after_seconds) == (OutcomeKind.TRANSIENT, "130101", 60.0)
    busy = await wired.send(good)
    assert (busy.kind, busy.code, busy.retry_after_seconds) == (OutcomeKind.TRANSIENT, "http_503", 12.0)
    refused = await wired.send(good)
    assert (refused.kind, refused.code) == (OutcomeKind.PERMANENT, "310000")
    # A timestamp the robot finds more than an hour off is refused as a bad sign would be.
    receivers.now_ms = lambda: int((clock.now() + timedelta(hours=2)).timestamp() * 1000)
    stale = await wired.send(good)
    assert (stale.kind, stale.code) == (OutcomeKind.PERMANENT, "310000")
    # Every attempt sent the same bytes: the digest proves it.
    assert len({one.digest for one in receivers.of("dingtalk")[1:]}) == 1


async def test_the_retry_schedule_after_a_rate_limit_waits_the_platforms_minute(wired, receivers: Receivers, clock):
    delivery = compose(_notice(clock), ChannelKind.DINGTALK, "group:一车间", "一车间群", clock.now())
    receivers.fail_next("rate_limit")
    first = await wired.send(delivery)
    decision = after_attempt(RetryPolicy(first_delay=timedelta(seconds=5)), delivery.delivery_id, 1, first, clock.now())
    assert decision == RetryAt(clock.now() + timedelta(seconds=60), 2)
    clock.advance(timedelta(seconds=60))
    second = await wired.send(compose(_notice(clock), ChannelKind.DINGTALK, "group:一车间", "一车间群",
                                      clock.now(), attempt=2))
    assert second.ok


async def test_wecom_text_and_markdown_in_its_format(receivers: Receivers, clock):
    robots = {"安全部群": Robot(f"{receivers.url}/cgi-bin/webhook/send?key={WECOM_KEY}", mentions=("13900000000",)),
              "旧群": Robot(f"{receivers.url}/cgi-bin/webhook/send?key=not-a-key")}
    async with client(HttpOptions(timeout_s=2)) as http:
        wecom = WeComRobot(http, robots)
        markdown = compose(_notice(clock), ChannelKind.WECOM, "group:安全部", "安全部群", clock.now())
        assert (await wecom.send(markdown)).ok
        text = markdown.__class__(**{**markdown.__dict__, "markdown": None, "text": "隐患" * 2000})
        outcome = await wecom.send(text)
        assert outcome.ok, outcome  # cut to WeCom's 2048 bytes, at a character
        bad = await wecom.send(markdown.__class__(**{**markdown.__dict__, "target": "旧群"}))
        assert (bad.kind, bad.code) == (OutcomeKind.PERMANENT, "93000")
        receivers.fail_next("rate_limit")
        limited = await wecom.send(markdown)
        assert (limited.kind, limited.code, limited.retry_after_seconds) == (OutcomeKind.TRANSIENT, "45009", 60.0)
        unknown = await wecom.send(markdown.__class__(**{**markdown.__dict__, "target": "没有的群"}))
        assert (unknown.kind, unknown.code) == (OutcomeKind.PERMANENT, "unknown_target")
    first, second = receivers.of("wecom")[:2]
    assert first.json == {"msgtype": "markdown", "markdown": {"content": markdown.markdown}}
    assert second.json["msgtype"] == "text"
    assert second.json["text"]["mentioned_mobile_list"] == ["13900000000"]
    assert len(second.json["text"]["content"].encode()) <= 2048


async def test_a_webhook_is_signed_over_timestamp_and_body_as_docs_say(wired, receivers: Receivers, clock):
    delivery = compose(_notice(clock), ChannelKind.WEBHOOK, "subscription:ehs", "ehs", clock.now(), attempt=3)
    outcome = await wired.send(delivery)
    assert (outcome.kind, outcome.code) == (OutcomeKind.OK, "http_204")
    [got] = receivers.of("webhook")
    assert got.verified
    assert got.headers["x-shuangkong-timestamp"] == str(int(clock.now().timestamp()))
    assert got.headers["x-shuangkong-delivery"] == delivery.delivery_id
    assert got.headers["x-shuangkong-attempt"] == "3"
    assert got.digest == outcome.digest == hashlib.sha256(got.body).hexdigest()
    body = json.loads(got.body)
    assert body == {"id": delivery.delivery_id, "type": "shuangkong.alert.notification", "alert_id": "alert-42",
                    "level": 3, "recipient": "subscription:ehs", "urgency": "urgent", "subject": delivery.subject,
                    "text": delivery.text, "link": "/alerts/alert-42"}


async def test_a_rotated_webhook_secret_sends_both_signatures(receivers: Receivers, clock):
    subscriptions = {"ehs": Subscription(f"{receivers.url}/hooks/shuangkong", ("whsec-next", WEBHOOK_SECRET))}
    async with client(HttpOptions(timeout_s=2)) as http:
        hooks = Webhooks(http, subscriptions, lambda: int(clock.now().timestamp()))
        outcome = await hooks.send(compose(_notice(clock), ChannelKind.WEBHOOK, "s", "ehs", clock.now()))
    assert outcome.ok
    [got] = receivers.of("webhook")
    assert got.verified and got.headers["x-shuangkong-signature"].count("v1=") == 2


async def test_webhook_failures_are_classified(wired, receivers: Receivers, clock):
    delivery = compose(_notice(clock), ChannelKind.WEBHOOK, "subscription:ehs", "ehs", clock.now())
    receivers.fail_next("http_503", "too_many", "gone")
    busy, many, gone = [await wired.send(delivery) for _ in range(3)]
    assert (busy.kind, busy.code, busy.retry_after_seconds) == (OutcomeKind.TRANSIENT, "http_503", 12.0)
    assert (many.kind, many.code, many.retry_after_seconds) == (OutcomeKind.TRANSIENT, "http_429", 30.0)
    assert (gone.kind, gone.code) == (OutcomeKind.PERMANENT, "http_410")
    assert isinstance(after_attempt(RetryPolicy(), delivery.delivery_id, 1, gone, clock.now()), DeadLetter)
    # A receiver whose clock is 10 minutes off refuses the signature: a permanent 401.
    receivers.now_ms = lambda: int((clock.now() + timedelta(minutes=10)).timestamp() * 1000)
    late = await wired.send(delivery)
    assert (late.kind, late.code) == (OutcomeKind.PERMANENT, "http_401")


async def test_a_hung_receiver_times_out_and_a_closed_port_is_a_network_error(receivers: Receivers, clock):
    delivery = compose(_notice(clock), ChannelKind.WEBHOOK, "s", "ehs", clock.now())
    receivers.fail_next("hang")
    async with client(HttpOptions(timeout_s=0.3, connect_timeout_s=0.3)) as http:
        hung = await Webhooks(http, {"ehs": Subscription(f"{receivers.url}/hooks/shuangkong", (WEBHOOK_SECRET,))},
                              lambda: int(clock.now().timestamp())).send(delivery)
        closed = await Webhooks(http, {"ehs": Subscription(f"http://127.0.0.1:{free_port()}/h", (WEBHOOK_SECRET,))},
                                lambda: int(clock.now().timestamp())).send(delivery)
    assert (hung.kind, hung.code) == (OutcomeKind.TRANSIENT, "timeout")
    assert hung.digest  # the bytes left, so the attempt records what was sent
    assert (closed.kind, closed.code) == (OutcomeKind.TRANSIENT, "network")
    receivers.released.set()


async def test_tls_is_verified_refused_without_the_ca_accepted_with_it(receivers: Receivers, clock, tmp_path):
    pki = make_pki(tmp_path)
    delivery = compose(_notice(clock), ChannelKind.WEBHOOK, "s", "ehs", clock.now())
    async with serving(receivers.app(), pki.cert_file, pki.key_file) as url:
        hooks = {"ehs": Subscription(f"{url}/hooks/shuangkong", (WEBHOOK_SECRET,))}
        async with client(HttpOptions(timeout_s=2)) as http:
            refused = await Webhooks(http, hooks, lambda: int(clock.now().timestamp())).send(delivery)
        async with client(HttpOptions(timeout_s=2, ca_file=pki.ca_file)) as http:
            accepted = await Webhooks(http, hooks, lambda: int(clock.now().timestamp())).send(delivery)
    assert (refused.kind, refused.code) == (OutcomeKind.PERMANENT, "tls_verify_failed")
    assert accepted.ok
    assert ssl.create_default_context().verify_mode is ssl.CERT_REQUIRED


async def test_one_failing_channel_does_not_hold_back_the_others(receivers: Receivers, clock):
    settings = _settings(receivers.url, webhooks={"ehs": {"url": f"http://127.0.0.1:{free_port()}/h",
                                                          "secrets": [WEBHOOK_SECRET]}})
    async with http_client(settings) as http:
        wired = channels(settings, clock, http)
        hook = await wired.send(compose(_notice(clock), ChannelKind.WEBHOOK, "s", "ehs", clock.now()))
        robot = await wired.send(compose(_notice(clock), ChannelKind.DINGTALK, "g", "一车间群", clock.now()))
        mail = await wired.send(compose(_notice(clock), ChannelKind.EMAIL, "p", "a@b.cn", clock.now()))
    assert hook.kind is OutcomeKind.TRANSIENT
    assert robot.ok
    assert (mail.kind, mail.code) == (OutcomeKind.PERMANENT, "channel_not_configured")
