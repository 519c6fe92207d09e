"""The platforms' message formats, built without a network."""

from __future__ import annotations

from dataclasses import replace

import orjson

from services.alerting.channels.adapters.robots import Robot, dingtalk_body, wecom_body
from services.alerting.channels.adapters.webhook import Subscription, signed_headers, webhook_body
from services.alerting.channels.domain.delivery import ChannelKind, Delivery
from services.alerting.channels.domain.signing import webhook_verify

TEXT = Delivery("d-1", ChannelKind.DINGTALK, "group:一车间", "一车间群", "【双控提醒】主题", "【双控提醒】正文")
ROBOT = Robot("https://oapi.dingtalk.com/robot/send?access_token=t", "SEC", ("13800000000",))


def test_dingtalk_text_and_markdown():
    assert dingtalk_body(TEXT, ROBOT) == {"msgtype": "text", "text": {"content": "【双控提醒】正文"},
                                          "at": {"atMobiles": ["13800000000"], "isAtAll": False}}
    markdown = dingtalk_body(replace(TEXT, markdown="### 标题"), ROBOT)
    assert markdown["markdown"] == {"title": "【双控提醒】主题", "text": "### 标题 @13800000000"}


def test_wecom_text_mentions_and_markdown_without():
    assert wecom_body(TEXT, ROBOT) == {"msgtype": "text", "text": {"content": "【双控提醒】正文",
                                                                   "mentioned_mobile_list": ["13800000000"]}}
    markdown = wecom_body(replace(TEXT, markdown="**粗**"), ROBOT)
    assert markdown == {"msgtype": "markdown", "markdown": {"content": "**粗**"}}


def test_a_webhook_body_is_the_same_on_every_attempt_and_its_headers_verify():
    first = replace(TEXT, channel=ChannelKind.WEBHOOK, attempt=1)
    third = replace(first, attempt=3)
    assert webhook_body(first) == webhook_body(third)
    body = webhook_body(third)
    headers = signed_headers(third, body, Subscription("https://x", ("s",)), 1764756000)
    assert headers["X-Shuangkong-Attempt"] == "3" and headers["X-Shuangkong-Delivery"] == "d-1"
    assert webhook_verify(1764756000, body, headers["X-Shuangkong-Signature"], ["s"], now_s=1764756000)
    assert orjson.loads(body)["text"] == "【双控提醒】正文"
