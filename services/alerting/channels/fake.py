"""A channel for unit tests of whoever calls the port: it records each delivery and answers the
outcomes it was told to, in order (then OK), so a test drives retries and dead letters without a
network."""

from __future__ import annotations

from collections import deque

from .domain.delivery import ChannelKind, Delivery, Outcome, OutcomeKind, digest_of


class FakeChannel:
    def __init__(self, kind: ChannelKind, *outcomes: OutcomeKind) -> None:
        self.kind = kind
        self.sent: list[Delivery] = []
        self._next = deque(outcomes)

    async def send(self, delivery: Delivery) -> Outcome:
        self.sent.append(delivery)
        kind = self._next.popleft() if self._next else OutcomeKind.OK
        code = {OutcomeKind.OK: "0", OutcomeKind.TRANSIENT: "fake_busy", OutcomeKind.PERMANENT: "fake_refused"}[kind]
        return Outcome(kind, code, "fake", digest_of(delivery.text.encode()))
