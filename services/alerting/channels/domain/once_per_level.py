"""One message per alert and level, never one per tick.

A delivery's key is (alert, level, channel, recipient); its id is derived from the key, so every
instance and every attempt of it carries the same id and a receiver can de-duplicate. Whether a
first attempt is due is read from the attempts already recorded: none → due; anything recorded
(sent, a retry pending, dead-lettered) → not due. A dead letter goes out again only by a manual
replay, which is a new attempt of the same delivery, never a new delivery."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from .delivery import ChannelKind, OutcomeKind


@dataclass(frozen=True)
class DeliveryKey:
    alert_id: str
    level: int
    channel: ChannelKind
    recipient: str

    @property
    def delivery_id(self) -> str:
        raw = f"{self.alert_id}|{self.level}|{self.channel.value}|{self.recipient}"
        return hashlib.sha256(raw.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Attempt:
    """A notification attempt as the alert's event records it."""

    key: DeliveryKey
    attempt: int
    outcome: OutcomeKind


def first_send_due(key: DeliveryKey, attempts: Iterable[Attempt]) -> bool:
    return not any(one.key == key for one in attempts)


def next_attempt_number(key: DeliveryKey, attempts: Iterable[Attempt]) -> int:
    return max((one.attempt for one in attempts if one.key == key), default=0) + 1


def delivered(key: DeliveryKey, attempts: Iterable[Attempt]) -> bool:
    return any(one.key == key and one.outcome is OutcomeKind.OK for one in attempts)
