"""The group robots Chinese plants use: DingTalk's custom robot (signed) and WeCom's group robot.

Both take a JSON body of `msgtype` text or markdown and answer `{errcode, errmsg}` behind an HTTP
200. A robot is configured under a name (the delivery's target) with its webhook URL, which
carries the credential (`access_token`, `key`), and for DingTalk the 加签 secret (`SEC…`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from ..domain.classify import (
    DINGTALK_PERMANENT,
    DINGTALK_TRANSIENT,
    WECOM_PERMANENT,
    WECOM_TRANSIENT,
    robot_outcome,
)
from ..domain.delivery import ChannelKind, Delivery, Outcome, OutcomeKind, digest_of
from ..domain.rendering import truncate_utf8
from ..domain.signing import dingtalk_sign
from .http import Answer, json_bytes, post

# Both platforms allow 20 messages a minute per robot: a rate-limit answer means wait a minute.
RATE_LIMIT_WAIT_S = 60.0
DINGTALK_MAX_BYTES = 18000  # the platform cuts near 20000 bytes; keep a margin for the JSON
WECOM_TEXT_MAX_BYTES = 2048
WECOM_MARKDOWN_MAX_BYTES = 4096


@dataclass(frozen=True)
class Robot:
    url: str = field(repr=False)  # the credential is in the URL: never in a log line
    secret: str | None = field(default=None, repr=False)  # DingTalk 加签; None for a keyword/IP robot
    mentions: tuple[str, ...] = ()  # mobile numbers to @ (DingTalk atMobiles, WeCom mentioned_mobile_list)


def _unknown(delivery: Delivery) -> Outcome:
    return Outcome(OutcomeKind.PERMANENT, "unknown_target", f"未配置名为“{delivery.target}”的机器人", "")


def _with_rate_limit(outcome: Outcome, rate_limit_code: int) -> Outcome:
    if outcome.code == str(rate_limit_code) and outcome.retry_after_seconds is None:
        return Outcome(outcome.kind, outcome.code, outcome.message, outcome.digest, RATE_LIMIT_WAIT_S)
    return outcome


def dingtalk_body(delivery: Delivery, robot: Robot) -> dict:
    at = {"atMobiles": list(robot.mentions), "isAtAll": False}
    if delivery.markdown is not None:
        # DingTalk shows @ only when the number also appears in the markdown text.
        mentions = "".join(f" @{mobile}" for mobile in robot.mentions)
        text = truncate_utf8(delivery.markdown + mentions, DINGTALK_MAX_BYTES)
        return {"msgtype": "markdown", "markdown": {"title": delivery.subject, "text": text}, "at": at}
    return {"msgtype": "text", "text": {"content": truncate_utf8(delivery.text, DINGTALK_MAX_BYTES)}, "at": at}


def wecom_body(delivery: Delivery, robot: Robot) -> dict:
    if delivery.markdown is not None:
        # WeCom markdown cannot @ by mobile number; mentions go with text messages only.
        content = truncate_utf8(delivery.markdown, WECOM_MARKDOWN_MAX_BYTES)
        return {"msgtype": "markdown", "markdown": {"content": content}}
    return {"msgtype": "text", "text": {"content": truncate_utf8(delivery.text, WECOM_TEXT_MAX_BYTES),
                                        "mentioned_mobile_list": list(robot.mentions)}}


class DingTalkRobot:
    kind = ChannelKind.DINGTALK

    def __init__(self, http: httpx.AsyncClient, robots: Mapping[str, Robot], now_ms: Callable[[], int]) -> None:
        self._http = http
        self._robots = robots
        self._now_ms = now_ms  # the signing clock: DingTalk refuses a timestamp an hour off

    async def send(self, delivery: Delivery) -> Outcome:
        robot = self._robots.get(delivery.target)
        if robot is None:
            return _unknown(delivery)
        body = json_bytes(dingtalk_body(delivery, robot))
        digest = digest_of(body)
        url = httpx.URL(robot.url)
        if robot.secret:
            timestamp = self._now_ms()
            # The raw base64; httpx URL-encodes it (+ / =) as the platform asks.
            url = url.copy_merge_params({"timestamp": str(timestamp), "sign": dingtalk_sign(timestamp, robot.secret)})
        answer = await post(self._http, url, body, digest)
        if not isinstance(answer, Answer):
            return answer
        outcome = robot_outcome(answer.status, answer.json, digest, DINGTALK_TRANSIENT, DINGTALK_PERMANENT,
                                answer.retry_after)
        return _with_rate_limit(outcome, 130101)


class WeComRobot:
    kind = ChannelKind.WECOM

    def __init__(self, http: httpx.AsyncClient, robots: Mapping[str, Robot]) -> None:
        self._http = http
        self._robots = robots

    async def send(self, delivery: Delivery) -> Outcome:
        robot = self._robots.get(delivery.target)
        if robot is None:
            return _unknown(delivery)
        body = json_bytes(wecom_body(delivery, robot))
        digest = digest_of(body)
        answer = await post(self._http, robot.url, body, digest)
        if not isinstance(answer, Answer):
            return answer
        outcome = robot_outcome(answer.status, answer.json, digest, WECOM_TRANSIENT, WECOM_PERMANENT,
                                answer.retry_after)
        return _with_rate_limit(outcome, 45009)
