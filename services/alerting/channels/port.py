"""The one port every outbound channel implements, and the router the alerting service calls.

The router never lets one channel's failure reach the caller as an exception: whatever an
adapter raises becomes a transient outcome, so a failing channel never blocks escalation or the
other channels (issue 14)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .domain.delivery import CHANNEL_LABELS, ChannelKind, Delivery, Outcome, OutcomeKind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenTarget:
    """An enterprise's configured target with its credentials opened, for the one send that needs
    them (held sealed at rest; never stored opened)."""

    name: str
    channel: ChannelKind
    url: str | None
    secret: str | None
    mentions: tuple[str, ...]


class Channel(Protocol):
    kind: ChannelKind

    async def send(self, delivery: Delivery) -> Outcome: ...


class Channels:
    def __init__(self, channels: Iterable[Channel]) -> None:
        self._by_kind = {channel.kind: channel for channel in channels}

    @property
    def kinds(self) -> frozenset[ChannelKind]:
        return frozenset(self._by_kind)

    async def send(self, delivery: Delivery) -> Outcome:
        channel = self._by_kind.get(delivery.channel)
        if channel is None:
            return Outcome(OutcomeKind.PERMANENT, "channel_not_configured",
                           f"未配置{CHANNEL_LABELS[delivery.channel]}渠道", "")
        try:
            return await channel.send(delivery)
        except Exception as exc:  # an adapter's bug must not stop the ladder
            log.exception("channel %s failed on delivery %s", delivery.channel, delivery.delivery_id)
            return Outcome(OutcomeKind.TRANSIENT, "adapter_error", type(exc).__name__, "")
