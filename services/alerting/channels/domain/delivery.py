"""What is handed to a channel (a delivery) and what comes back (an outcome).

The alert's notification-attempt event carries the delivery's channel and recipient, the
outcome's digest, kind and code, and the attempt number: enough to prove who was told what and
when, without the secret or the address book (a robot is named by its target, never its URL)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum


class ChannelKind(StrEnum):
    DINGTALK = "dingtalk"
    WECOM = "wecom"
    EMAIL = "email"
    WEBHOOK = "webhook"


CHANNEL_LABELS = {ChannelKind.DINGTALK: "钉钉群机器人", ChannelKind.WECOM: "企业微信群机器人",
                  ChannelKind.EMAIL: "电子邮件", ChannelKind.WEBHOOK: "Webhook 订阅"}


class Urgency(StrEnum):
    """URGENT goes out at once whatever the hour (超期 of a 重大 hazard is always URGENT);
    NORMAL waits out the person's quiet hours and may go into the daily digest."""

    NORMAL = "normal"
    URGENT = "urgent"


@dataclass(frozen=True)
class Delivery:
    """One message to one recipient on one channel.

    `target` is the address the adapter resolves: an e-mail address, or the configured name of a
    robot or webhook subscription (its URL and secret live in the adapter's configuration).
    `recipient` is who is being told (a person id, or the group's name for a robot): what the
    audit trail records. `delivery_id` is stable across attempts, so a receiver can de-duplicate."""

    delivery_id: str
    channel: ChannelKind
    recipient: str
    target: str
    subject: str
    text: str
    urgency: Urgency = Urgency.NORMAL
    link: str | None = None
    # Markdown for the robots that render it; plain `text` when absent.
    markdown: str | None = None
    alert_id: str = ""
    level: int = 0
    attempt: int = 1  # 1 for the first; a retry or a manual replay carries the next number


class OutcomeKind(StrEnum):
    OK = "ok"
    TRANSIENT = "transient"  # worth another attempt later: network, 5xx, 429, rate-limit codes
    PERMANENT = "permanent"  # another attempt would fail the same way: bad token or sign, 4xx


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    code: str  # the platform's own: errcode, "http_503", an SMTP reply code, "timeout"
    message: str
    digest: str  # SHA-256 (hex) of the bytes that were sent; "" when nothing left
    retry_after_seconds: float | None = None  # what the platform asked for, when it did

    @property
    def ok(self) -> bool:
        return self.kind is OutcomeKind.OK


def digest_of(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()
