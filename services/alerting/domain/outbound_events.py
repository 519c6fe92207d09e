"""Events of the outbound channels: an enterprise's channel book (robots, webhook subscriptions,
e-mail lists, quiet hours) and each delivery's life (due, every attempt, dead letter, replay).

A target's URL and secret are credentials: an event carries them only sealed (Fernet, the key from
configuration), with a fingerprint and a hint; a delivery's events name the target, never its URL."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from libs.events import DomainEvent
from services.alerting.domain.codes import Level, Stage

P = "shuangkong.alerting."


class Target(BaseModel):
    """One configured outbound target of an enterprise: a DingTalk or WeCom group robot, a webhook
    subscription, or an e-mail list."""

    model_config = ConfigDict(frozen=True)
    name: str
    channel: str  # dingtalk, wecom, webhook, email
    levels: list[Level] = []  # which rungs go here; empty: every rung
    stages: list[Stage] = []  # which alerts (临期/超期); empty: both
    cause_types: list[str] = []  # about what (occurrence, hazard, a configured source's); empty: all
    sealed_url: str | None = None  # Fernet token of the URL (it carries access_token/key)
    sealed_secret: str | None = None  # Fernet token of the 加签 or webhook secret
    secret_fingerprint: str | None = None  # sha256 of the secret, first 12 hex: "which one", never "what"
    secret_hint: str | None = None  # its last 4 characters, to recognise it
    url_hint: str | None = None  # scheme and host only
    addresses: list[str] = []  # e-mail recipients (not credentials)
    mentions: list[str] = []  # robots: mobiles to @


class QuietWindow(BaseModel):
    model_config = ConfigDict(frozen=True)
    start: str  # HH:MM Beijing time
    end: str


class ChannelsConfigured(DomainEvent):
    """The enterprise's outbound channels, replaced as a whole (secrets kept sealed)."""

    TYPE = P + "ChannelsConfigured"
    enterprise_id: str
    targets: list[Target]
    quiet_hours: QuietWindow | None = None
    set_by: str


class DeliveryFact(DomainEvent):
    delivery_id: str
    alert_id: str
    enterprise_id: str


class DeliveryDue(DeliveryFact):
    """One message of an alert at a level to one target is due (its send is a deadline)."""

    TYPE = P + "DeliveryDue"
    level: Level
    channel: str
    via: str  # the configured target's name
    target: str  # what the adapter resolves: that name, or an e-mail address
    recipient: str  # who is told: group:<name>, webhook:<name>, the address
    urgent: bool
    send_at: datetime  # after quiet hours, when they hold it back
    at: datetime


class DeliveryAttempted(DeliveryFact):
    """One attempt to send it, whatever came of it: the audit trail of who was told what."""

    TYPE = P + "DeliveryAttempted"
    channel: str
    target: str
    recipient: str
    attempt: int
    digest: str  # sha256 of the bytes sent; "" when nothing left
    outcome: str  # ok, transient, permanent
    code: str  # the platform's own
    message: str
    retry_at: datetime | None = None
    at: datetime


class DeliveryDeadLettered(DeliveryFact):
    """Given up: a permanent refusal or the last attempt failed; only a replay sends it again."""

    TYPE = P + "DeliveryDeadLettered"
    reason: str
    attempts: int
    at: datetime


class DeliveryReplayed(DeliveryFact):
    """An officer asked for a dead (or any) delivery to be sent again: a new attempt of it."""

    TYPE = P + "DeliveryReplayed"
    by: str
    at: datetime


class DeliveryWithdrawn(DeliveryFact):
    """Held back by quiet hours, and the alert was handled or resolved meanwhile: not sent."""

    TYPE = P + "DeliveryWithdrawn"
    reason: str
    at: datetime


OUTBOUND_EVENTS: list[type[DomainEvent]] = [ChannelsConfigured, DeliveryDue, DeliveryAttempted, DeliveryDeadLettered,
                                            DeliveryReplayed, DeliveryWithdrawn]
