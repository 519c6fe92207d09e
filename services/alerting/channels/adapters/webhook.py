"""Generic webhooks: an enterprise subscribes a URL and gets every notification as signed JSON
(docs/webhooks.md is the integrators' side of this).

The body is the same bytes on every attempt of a delivery (no send time inside it), so its
digest proves the same content was retried; the timestamp travels in a header and is signed
with the body."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from ..domain.classify import http_status_kind
from ..domain.delivery import ChannelKind, Delivery, Outcome, OutcomeKind, digest_of
from ..domain.signing import webhook_signature
from .http import Answer, json_bytes, post

EVENT_TYPE = "shuangkong.alert.notification"
TIMESTAMP_HEADER = "X-Shuangkong-Timestamp"
SIGNATURE_HEADER = "X-Shuangkong-Signature"
DELIVERY_HEADER = "X-Shuangkong-Delivery"
ATTEMPT_HEADER = "X-Shuangkong-Attempt"


@dataclass(frozen=True)
class Subscription:
    url: str
    # The first signs; while a secret is rotated the old one is listed second, and both signatures
    # are sent, so a receiver holding either one verifies.
    secrets: tuple[str, ...] = field(repr=False)

    def __post_init__(self) -> None:
        if not self.secrets or not all(self.secrets):
            raise ValueError("a webhook subscription needs a non-empty secret")


def webhook_body(delivery: Delivery) -> bytes:
    return json_bytes({
        "id": delivery.delivery_id,
        "type": EVENT_TYPE,
        "alert_id": delivery.alert_id,
        "level": delivery.level,
        "recipient": delivery.recipient,
        "urgency": delivery.urgency.value,
        "subject": delivery.subject,
        "text": delivery.text,
        "link": delivery.link,
    })


def signed_headers(delivery: Delivery, body: bytes, subscription: Subscription, timestamp_s: int) -> dict[str, str]:
    signatures = ",".join(webhook_signature(timestamp_s, body, secret) for secret in subscription.secrets)
    return {TIMESTAMP_HEADER: str(timestamp_s), SIGNATURE_HEADER: signatures,
            DELIVERY_HEADER: delivery.delivery_id, ATTEMPT_HEADER: str(delivery.attempt),
            "User-Agent": "Shuangkong-Webhook/1"}


class Webhooks:
    kind = ChannelKind.WEBHOOK

    def __init__(self, http: httpx.AsyncClient, subscriptions: Mapping[str, Subscription],
                 now_s: Callable[[], int]) -> None:
        self._http = http
        self._subscriptions = subscriptions
        self._now_s = now_s

    async def send(self, delivery: Delivery) -> Outcome:
        subscription = self._subscriptions.get(delivery.target)
        if subscription is None:
            return Outcome(OutcomeKind.PERMANENT, "unknown_target", f"未配置名为“{delivery.target}”的 Webhook 订阅", "")
        body = webhook_body(delivery)
        digest = digest_of(body)
        headers = signed_headers(delivery, body, subscription, self._now_s())
        answer = await post(self._http, subscription.url, body, digest, headers)
        if not isinstance(answer, Answer):
            return answer
        kind = http_status_kind(answer.status)
        message = "已送达" if kind is OutcomeKind.OK else f"HTTP {answer.status}"
        return Outcome(kind, f"http_{answer.status}", message, digest, answer.retry_after)
