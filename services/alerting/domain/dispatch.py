"""One delivery (`dispatch-<delivery id>`): one message of an alert at a level to one target. Its
id is the channels' DeliveryKey of (alert, level, channel, recipient), so a stream that exists is
the rule "one message per alert and level". Every attempt is an event; the retry policy decides
what follows a failure (a retry at its time, or the dead letter); a replay is a new attempt."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from libs.aggregate import Aggregate, DomainConflict
from services.alerting.channels.domain.delivery import Outcome
from services.alerting.channels.domain.retry import DeadLetter, Decision, RetryAt
from services.alerting.domain import outbound_events as o


class DispatchState(StrEnum):
    PENDING = "pending"  # due, or a retry is scheduled
    DELIVERED = "delivered"
    DEAD = "dead"
    WITHDRAWN = "withdrawn"


class Dispatch(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.due: o.DeliveryDue | None = None
        self.state = DispatchState.PENDING
        self.attempts = 0

    def plan(self, due: o.DeliveryDue) -> None:
        self._record(due)

    def attempted(self, outcome: Outcome, decision: Decision, now: datetime) -> None:
        d = self._due
        retry_at = decision.at if isinstance(decision, RetryAt) else None
        self._record(o.DeliveryAttempted(delivery_id=self.id, alert_id=d.alert_id, enterprise_id=d.enterprise_id,
                                         channel=d.channel, target=d.target, recipient=d.recipient,
                                         attempt=self.attempts + 1, digest=outcome.digest, outcome=outcome.kind.value,
                                         code=outcome.code, message=outcome.message[:500], retry_at=retry_at, at=now))
        if isinstance(decision, DeadLetter):
            self._record(o.DeliveryDeadLettered(delivery_id=self.id, alert_id=d.alert_id,
                                                enterprise_id=d.enterprise_id, reason=decision.reason,
                                                attempts=self.attempts, at=now))

    def withdraw(self, reason: str, now: datetime) -> None:
        d = self._due
        self._record(o.DeliveryWithdrawn(delivery_id=self.id, alert_id=d.alert_id, enterprise_id=d.enterprise_id,
                                         reason=reason, at=now))

    def replay(self, by: str, now: datetime) -> None:
        if self.state is DispatchState.PENDING:
            raise DomainConflict("该消息正在发送或等待重试，无需重发", field="state", code="illegal_transition")
        d = self._due
        self._record(o.DeliveryReplayed(delivery_id=self.id, alert_id=d.alert_id, enterprise_id=d.enterprise_id,
                                        by=by, at=now))

    @property
    def open(self) -> bool:
        return self.state is DispatchState.PENDING

    @property
    def enterprise_id(self) -> str | None:
        return self.due.enterprise_id if self.due else None

    @property
    def _due(self) -> o.DeliveryDue:
        assert self.due is not None
        return self.due

    def when_DeliveryDue(self, ev: o.DeliveryDue) -> None:  # noqa: N802
        self.due = ev

    def when_DeliveryAttempted(self, ev: o.DeliveryAttempted) -> None:  # noqa: N802
        self.attempts = ev.attempt
        if ev.outcome == "ok":
            self.state = DispatchState.DELIVERED

    def when_DeliveryDeadLettered(self, ev: o.DeliveryDeadLettered) -> None:  # noqa: N802
        self.state = DispatchState.DEAD

    def when_DeliveryReplayed(self, ev: o.DeliveryReplayed) -> None:  # noqa: N802
        self.state = DispatchState.PENDING

    def when_DeliveryWithdrawn(self, ev: o.DeliveryWithdrawn) -> None:  # noqa: N802
        self.state = DispatchState.WITHDRAWN
