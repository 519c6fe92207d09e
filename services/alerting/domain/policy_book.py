"""An enterprise's escalation policy as a stream of its own (`alertpolicy-<eid>`): read by loading it,
set by replacing it. Alerts raised before a change keep the ladder they were raised with."""

from __future__ import annotations

from libs.aggregate import Aggregate
from services.alerting.domain.events import EscalationPolicySet
from services.alerting.domain.policy import DEFAULT_POLICY, EscalationPolicy


class PolicyBook(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.policy: EscalationPolicy = DEFAULT_POLICY
        self.set_by: str | None = None

    @property
    def enterprise_id(self) -> str:
        return self.id

    def set(self, policy: EscalationPolicy, by: str) -> None:
        self._record(EscalationPolicySet(enterprise_id=self.id, policy=policy, set_by=by))

    def when_EscalationPolicySet(self, ev: EscalationPolicySet) -> None:  # noqa: N802
        self.policy, self.set_by = ev.policy, ev.set_by
